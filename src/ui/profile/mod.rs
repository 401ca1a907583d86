//! A client's profile: who they are, what to remember, their history as one timeline, and the
//! forms to add a visit, an interaction or a follow-up. This file lays the profile out; each
//! part lives in its own module:
//! - `details`: the counts of their history and every detail of the profile;
//! - `insight`: what the client is worth, their stage and why, RFM and loyalty points;
//! - `timeline`: visits and interactions, newest first, a page at a time;
//! - `follow_ups`: the follow-ups, and the form that adds one;
//! - `visit_form`, `interaction_form`: the forms that add or edit those;
//! - `privacy`: their data as a file or on paper, and erasure;
//! - `resolve`: the dialog that resolves a low rating or a complaint (also used by Today);
//! - `typed_time`: the dates and times the forms take.

mod details;
mod follow_ups;
mod insight;
mod interaction_form;
mod privacy;
mod resolve;
mod timeline;
pub(super) mod typed_time;
mod visit_form;

use leptos::prelude::*;

use crate::book::DraftForm;
use crate::i18n::{t, tf};
use crate::model::Status;

use super::actions::{change_client, confirm_discard, now, open_detail, show_detail};
use super::widgets::TagChip;
use super::{use_app, AppContext, Detail};
use details::{ClientDetails, HistoryStats};
use follow_ups::{FollowUpForm, FollowUpList};
use interaction_form::InteractionForm;
use privacy::PrivacyTools;
use timeline::Timeline;
use visit_form::VisitForm;

pub use resolve::{ResolveDialog, ResolveTarget};

/// Opens the client's profile with the form for a new interaction open: Today's "Log contact".
/// The form is opened the way a continued draft reopens its own (`drafts`), with nothing typed.
pub fn log_contact(ctx: AppContext, client_id: String) {
    if !confirm_discard(ctx) {
        return;
    }
    ctx.resumed.set_value(Some(DraftForm::Interaction {
        client_id: client_id.clone(),
        interaction_id: None,
        typed: serde_json::Value::Null,
    }));
    show_detail(ctx, Detail::Profile(client_id));
}

/// Opens an inline form in place of the one open, asking first if that one has unsaved input.
fn open_form(ctx: AppContext, form: RwSignal<Form>, next: Form) {
    if confirm_discard(ctx) {
        form.set(next);
    }
}

/// Which inline form is open under the profile header.
#[derive(Clone, PartialEq)]
enum Form {
    None,
    /// Adds a visit, or edits the one named.
    Visit(Option<String>),
    /// Logs an interaction, or edits the one named.
    Interaction(Option<String>),
    FollowUp,
}

#[component]
pub fn ProfileView(
    /// The client's id.
    id: String,
) -> impl IntoView {
    let ctx = use_app();
    // The form a continued draft came from opens again, and takes the draft's values.
    let form = RwSignal::new(ctx.resumed.with_value(|r| match r {
        Some(DraftForm::Visit { client_id, visit_id, .. }) if *client_id == id => Form::Visit(visit_id.clone()),
        Some(DraftForm::Interaction { client_id, interaction_id, .. }) if *client_id == id => {
            Form::Interaction(interaction_id.clone())
        }
        Some(DraftForm::FollowUp { client_id, .. }) if *client_id == id => Form::FollowUp,
        _ => Form::None,
    }));
    let client = {
        let id = id.clone();
        Memo::new(move |_| ctx.book.with(|b| b.get(&id).cloned()))
    };
    let stats = {
        let id = id.clone();
        Memo::new(move |_| ctx.book.with(|b| b.entry(&id).map(|e| e.stats.clone())))
    };
    // Whether the timeline below is the whole history: right after unlock a client is known by
    // their summary (recent and upcoming visits) until the full record arrives.
    let history = {
        let id = id.clone();
        Memo::new(move |_| ctx.book.with(|b| b.entry(&id).map(|e| (e.full, e.unavailable))))
    };
    let id = StoredValue::new(id);
    // Outside the view below, which redraws after every save: the timeline keeps its length.
    let timeline_shown = RwSignal::new(timeline::PAGE);

    move || {
        let Some(c) = client.get() else {
            return view! { <p class="placeholder">{t("This client is no longer in the book.")}</p> }.into_any();
        };
        let s = stats.get().unwrap_or_default();
        let settings = ctx.book.with_untracked(|b| b.settings.clone());
        let blocked = match &c.status {
            Status::Blocked { reason, since } => Some(tf(
                "Blocked since {date}: {reason}",
                &[("date", crate::i18n::format_date(crate::i18n::lang(), *since)), ("reason", reason.clone())],
            )),
            _ => None,
        };
        view! {
            <article class="profile" aria-labelledby="profile-name">
                <div class="editor-head">
                    <button type="button" class="back" on:click=move |_| open_detail(ctx, Detail::Nothing)>{t("Back to list")}</button>
                </div>
                <header class="profile-head">
                    <h2 id="profile-name">{c.name.clone()}</h2>
                    {(!c.alias.is_empty()).then(|| view! { <p class="alias">{format!("“{}”", c.alias)}</p> })}
                    <p class="status">{c.status.kind().label()}</p>
                    <p class="tags">
                        {c.tags.iter().map(|t| view! { <TagChip name=t.clone() color=settings.tag_color(t).to_owned() /> }).collect_view()}
                    </p>
                </header>
                {blocked.map(|text| view! { <p class="banner danger" role="alert">{format!("⛔ {text}")}</p> })}
                {(!c.alert.is_empty()).then(|| view! { <p class="banner warning pinned-alert">{format!("⚑ {}", c.alert)}</p> })}

                <div class="actions">
                    <button type="button" class="primary" on:click=move |_| open_form(ctx, form, Form::Visit(None))>{t("Add visit")}</button>
                    <button type="button" on:click=move |_| open_form(ctx, form, Form::Interaction(None))>{t("Log interaction")}</button>
                    <button type="button" on:click=move |_| open_form(ctx, form, Form::FollowUp)>{t("Add follow-up")}</button>
                    <button type="button" on:click=move |_| open_detail(ctx, Detail::Edit(Some(id.get_value())))>{t("Edit profile")}</button>
                    <button type="button" class="danger" on:click=move |_| {
                        if !confirm_discard(ctx) {
                            return;
                        }
                        change_client(ctx, &id.get_value(), t("Moved to Trash."), true, |c| c.trashed = Some(now()));
                        ctx.detail.set(Detail::Nothing);
                    }>{t("Move to Trash")}</button>
                </div>

                {move || match form.get() {
                    Form::None => ().into_any(),
                    Form::Visit(visit_id) => view! { <VisitForm client_id=id.get_value() visit_id=visit_id form=form /> }.into_any(),
                    Form::Interaction(interaction_id) => view! { <InteractionForm client_id=id.get_value() interaction_id=interaction_id form=form /> }.into_any(),
                    Form::FollowUp => view! { <FollowUpForm client_id=id.get_value() form=form /> }.into_any(),
                }}

                {move || match history.get() {
                    Some((_, true)) => view! {
                        <p class="banner warning" role="alert">{t("This client's full record could not be read: only their recent and upcoming visits are shown. Restore a backup to get the rest of their history back.")}</p>
                    }.into_any(),
                    Some((false, false)) => view! { <p class="banner" role="status">{t("Loading the full history…")}</p> }.into_any(),
                    _ => ().into_any(),
                }}
                <HistoryStats stats=s />
                <insight::ClientValuePanel id=id.get_value() />
                <ClientDetails client=c.clone() />
                <PrivacyTools id=id.get_value() name=c.name.clone() />
                <FollowUpList client_id=id.get_value() follow_ups=c.follow_ups.clone() />
                <Timeline client=c shown=timeline_shown form=form />
            </article>
        }
        .into_any()
    }
}
