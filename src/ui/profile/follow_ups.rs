//! A client's follow-ups: the list, where each is ticked off when done, and the form that adds
//! one.

use chrono::NaiveDate;
use leptos::ev::SubmitEvent;
use leptos::prelude::*;

use crate::book::DraftForm;
use crate::i18n::t;
use crate::model::{new_record_id, FieldError, FollowUp};

use super::super::actions::{change_client, today, update_client};
use super::super::drafts::{keep_while_open, resume};
use super::super::use_app;
use super::super::widgets::{error_for, focus_first_invalid, TextInput};
use super::Form;

/// The follow-ups of client `client_id`, each with a checkbox that marks it done or open again.
#[component]
pub fn FollowUpList(client_id: String, follow_ups: Vec<FollowUp>) -> impl IntoView {
    let ctx = use_app();
    let id = StoredValue::new(client_id);
    view! {
        <section aria-labelledby="followups-title">
            <h3 id="followups-title">{t("Follow-ups")}</h3>
            {if follow_ups.is_empty() { Some(view! { <p class="empty">{t("No follow-ups.")}</p> }) } else { None }}
            <ul class="followups">
                {follow_ups.into_iter().map(|f| {
                    let fid = f.id.clone();
                    let label = format!("{} — {}", crate::i18n::format_date(crate::i18n::lang(), f.due), f.text);
                    view! {
                        <li class:done=f.done>
                            <label>
                                <input type="checkbox" prop:checked=f.done on:change=move |ev| {
                                    let done = event_target_checked(&ev);
                                    let fid = fid.clone();
                                    change_client(ctx, &id.get_value(), if done { t("Follow-up done.") } else { t("Follow-up reopened.") }, false,
                                        move |c| if let Some(f) = c.follow_ups.iter_mut().find(|f| f.id == fid) { f.done = done });
                                } />
                                {label}
                            </label>
                        </li>
                    }
                }).collect_view()}
            </ul>
        </section>
    }
}

/// The follow-up form's fields as typed; what a draft keeps.
#[derive(Default, serde::Serialize, serde::Deserialize)]
#[serde(default)]
struct FollowUpText {
    due: String,
    text: String,
}

/// Adds a follow-up: what to do, and by when.
#[component]
pub fn FollowUpForm(client_id: String, form: RwSignal<Form>) -> impl IntoView {
    let ctx = use_app();
    let mut start = FollowUpText { due: today().to_string(), text: String::new() };
    if let Some(DraftForm::FollowUp { typed, .. }) =
        resume(ctx, |form| matches!(form, DraftForm::FollowUp { client_id: c, .. } if *c == client_id))
    {
        start = serde_json::from_value(typed).unwrap_or(start);
    }
    let due = RwSignal::new(start.due);
    let text = RwSignal::new(start.text);
    let errors = RwSignal::new(Vec::<FieldError>::new());
    let failure = RwSignal::new(None::<String>);
    let client_id = StoredValue::new(client_id);
    keep_while_open(ctx, move || DraftForm::FollowUp {
        client_id: client_id.get_value(),
        typed: serde_json::to_value(FollowUpText { due: due.get_untracked(), text: text.get_untracked() })
            .unwrap_or_default(),
    });

    let save = move |ev: SubmitEvent| {
        ev.prevent_default();
        let mut problems = Vec::new();
        let due_date = NaiveDate::parse_from_str(due.get_untracked().trim(), "%Y-%m-%d").ok();
        if due_date.is_none() {
            problems.push(FieldError::new("due", t("Enter the due date.")));
        }
        if text.with_untracked(|t| t.trim().is_empty()) {
            problems.push(FieldError::new("followup_text", t("Say what to follow up on.")));
        }
        let (Some(due_date), true) = (due_date, problems.is_empty()) else {
            errors.set(problems);
            failure.set(Some(t("Some fields need attention; they are marked above.").into()));
            return focus_first_invalid("followup-form");
        };
        errors.set(Vec::new());
        failure.set(None);
        let id = match new_record_id() {
            Ok(id) => id,
            Err(e) => return failure.set(Some(e.to_string())),
        };
        let follow_up = FollowUp { id, due: due_date, text: text.get_untracked().trim().to_owned(), done: false };
        leptos::task::spawn_local(async move {
            match update_client(ctx, &client_id.get_value(), move |c| c.follow_ups.push(follow_up)).await {
                Ok(()) => {
                    ctx.dirty.set(false);
                    super::super::actions::show(ctx, t("Follow-up added."));
                    form.set(Form::None);
                }
                Err(message) => failure.set(Some(message)),
            }
        });
    };
    view! {
        <form id="followup-form" class="subform" on:submit=save novalidate aria-labelledby="followup-form-title">
            <h3 id="followup-form-title">{t("New follow-up")}</h3>
            <TextInput id="followup-due" label=t("Due date") input_type="date" value=due on_input=Callback::new(move |v| { due.set(v); ctx.dirty.set(true); })
                error=error_for(errors, "due") />
            <TextInput id="followup-text" label=t("What to do") value=text on_input=Callback::new(move |v| { text.set(v); ctx.dirty.set(true); })
                error=error_for(errors, "followup_text") />
            <Show when=move || failure.get().is_some()>
                <p class="error" role="alert">{move || failure.get()}</p>
            </Show>
            <div class="actions">
                <button type="submit" class="primary">{t("Save follow-up")}</button>
                <button type="button" on:click=move |_| { ctx.dirty.set(false); form.set(Form::None) }>{t("Cancel")}</button>
            </div>
        </form>
    }
}
