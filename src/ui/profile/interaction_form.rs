//! The form that logs an interaction (a call, a message or a meeting, which way it went, and
//! what it was about) or edits one.

use chrono::Local;
use leptos::ev::SubmitEvent;
use leptos::prelude::*;

use crate::book::DraftForm;
use crate::i18n::t;
use crate::model::{new_record_id, Channel, Direction, FieldError, Interaction};

use super::super::actions::update_client;
use super::super::drafts::{keep_while_open, resume};
use super::super::use_app;
use super::super::widgets::{error_for, focus_first_invalid, SelectInput, TextInput};
use super::typed_time::local_instant;
use super::Form;

/// The interaction form's fields as typed; what a draft keeps.
#[derive(Clone, Default, serde::Serialize, serde::Deserialize)]
#[serde(default)]
struct InteractionText {
    date: String,
    time: String,
    channel: Channel,
    direction: Direction,
    topic: String,
    notes: String,
}

impl InteractionText {
    fn now() -> Self {
        let local = Local::now();
        Self { date: local.format("%Y-%m-%d").to_string(), time: local.format("%H:%M").to_string(), ..Self::default() }
    }

    fn of(interaction: &Interaction) -> Self {
        let local = interaction.at.with_timezone(&Local);
        Self {
            date: local.format("%Y-%m-%d").to_string(),
            time: local.format("%H:%M").to_string(),
            channel: interaction.channel,
            direction: interaction.direction,
            topic: interaction.topic.clone(),
            notes: interaction.notes.clone(),
        }
    }
}

/// Logs a new interaction with the client, or edits the one `interaction_id` names.
#[component]
pub fn InteractionForm(client_id: String, interaction_id: Option<String>, form: RwSignal<Form>) -> impl IntoView {
    let ctx = use_app();
    let existing = interaction_id.as_ref().and_then(|iid| {
        ctx.book
            .with_untracked(|b| b.get(&client_id).and_then(|c| c.interactions.iter().find(|i| &i.id == iid).cloned()))
    });
    let mut start = existing.as_ref().map_or_else(InteractionText::now, InteractionText::of);
    let resumed = resume(ctx, |form| {
        matches!(form, DraftForm::Interaction { client_id: c, interaction_id: i, .. }
            if *c == client_id && *i == interaction_id)
    });
    match resumed {
        // Opened by "Log contact" (`super::log_contact`): nothing typed yet, nothing to lose.
        Some(DraftForm::Interaction { typed: serde_json::Value::Null, .. }) => ctx.dirty.set(false),
        Some(DraftForm::Interaction { typed, .. }) => start = serde_json::from_value(typed).unwrap_or(start),
        _ => {}
    }
    let text = RwSignal::new(start);
    let errors = RwSignal::new(Vec::<FieldError>::new());
    let failure = RwSignal::new(None::<String>);
    let client_id = StoredValue::new(client_id);
    let interaction_id = StoredValue::new(interaction_id);
    keep_while_open(ctx, move || DraftForm::Interaction {
        client_id: client_id.get_value(),
        interaction_id: interaction_id.get_value(),
        typed: serde_json::to_value(text.get_untracked()).unwrap_or_default(),
    });
    let edit = move |change: &dyn Fn(&mut InteractionText)| {
        text.update(|t| change(t));
        ctx.dirty.set(true);
    };

    let save = move |ev: SubmitEvent| {
        ev.prevent_default();
        let typed = text.get_untracked();
        let Some(at) = local_instant(&typed.date, &typed.time) else {
            errors.set(vec![FieldError::new("interaction_date", t("Enter the date and time."))]);
            failure.set(Some(t("Some fields need attention; they are marked above.").into()));
            return focus_first_invalid("interaction-form");
        };
        let id = match interaction_id.get_value() {
            Some(id) => id,
            None => match new_record_id() {
                Ok(id) => id,
                Err(e) => return failure.set(Some(e.to_string())),
            },
        };
        errors.set(Vec::new());
        failure.set(None);
        let is_edit = interaction_id.with_value(Option::is_some);
        let interaction = Interaction {
            id,
            at,
            channel: typed.channel,
            direction: typed.direction,
            topic: typed.topic.trim().to_owned(),
            notes: typed.notes.trim().to_owned(),
        };
        leptos::task::spawn_local(async move {
            let result = update_client(ctx, &client_id.get_value(), move |c| {
                match c.interactions.iter_mut().find(|i| i.id == interaction.id) {
                    Some(kept) => *kept = interaction,
                    None => c.interactions.push(interaction),
                }
            })
            .await;
            match result {
                Ok(()) => {
                    ctx.dirty.set(false);
                    super::super::actions::show(
                        ctx,
                        if is_edit { t("Interaction saved.") } else { t("Interaction logged.") },
                    );
                    form.set(Form::None);
                }
                Err(message) => failure.set(Some(message)),
            }
        });
    };
    view! {
        <form id="interaction-form" class="subform" on:submit=save novalidate aria-labelledby="interaction-form-title">
            <h3 id="interaction-form-title">
                {if interaction_id.with_value(Option::is_some) { t("Edit interaction") } else { t("Log interaction") }}
            </h3>
            <div class="row">
                <TextInput id="interaction-date" label=t("Date") input_type="date" value=Signal::derive(move || text.with(|t| t.date.clone()))
                    on_input=Callback::new(move |v: String| edit(&|t| t.date = v.clone()))
                    error=error_for(errors, "interaction_date") />
                <TextInput id="interaction-time" label=t("Time") input_type="time" value=Signal::derive(move || text.with(|t| t.time.clone()))
                    on_input=Callback::new(move |v: String| edit(&|t| t.time = v.clone())) />
            </div>
            <div class="row">
                <SelectInput id="interaction-channel" label=t("Channel")
                    options=Channel::ALL.iter().map(|c| (format!("{c:?}"), c.label().to_owned())).collect()
                    value=Signal::derive(move || text.with(|t| format!("{:?}", t.channel)))
                    on_change=Callback::new(move |v: String| edit(&|t| t.channel = Channel::ALL.into_iter().find(|c| format!("{c:?}") == v).unwrap_or_default())) />
                <SelectInput id="interaction-direction" label=t("Direction")
                    options=vec![("Outgoing".into(), t("Outgoing").into()), ("Incoming".into(), t("Incoming").into())]
                    value=Signal::derive(move || text.with(|t| format!("{:?}", t.direction)))
                    on_change=Callback::new(move |v: String| edit(&|t| t.direction = if v == "Incoming" { Direction::Incoming } else { Direction::Outgoing })) />
            </div>
            <TextInput id="interaction-topic" label=t("Topic") value=Signal::derive(move || text.with(|t| t.topic.clone()))
                on_input=Callback::new(move |v: String| edit(&|t| t.topic = v.clone())) />
            <TextInput id="interaction-notes" label=t("Interaction notes") multiline=true value=Signal::derive(move || text.with(|t| t.notes.clone()))
                on_input=Callback::new(move |v: String| edit(&|t| t.notes = v.clone())) />
            <Show when=move || failure.get().is_some()>
                <p class="error" role="alert">{move || failure.get()}</p>
            </Show>
            <div class="actions">
                <button type="submit" class="primary">{t("Save interaction")}</button>
                <button type="button" on:click=move |_| { ctx.dirty.set(false); form.set(Form::None) }>{t("Cancel")}</button>
            </div>
        </form>
    }
}
