//! The form that logs an interaction: a call, a message or a meeting, which way it went, and
//! what it was about.

use chrono::Local;
use leptos::ev::SubmitEvent;
use leptos::prelude::*;

use crate::i18n::t;
use crate::model::{new_record_id, Channel, Direction, FieldError, Interaction};

use super::super::actions::update_client;
use super::super::use_app;
use super::super::widgets::{error_for, SelectInput, TextInput};
use super::typed_time::local_instant;
use super::Form;

/// Logs a new interaction with the client.
#[component]
pub fn InteractionForm(client_id: String, form: RwSignal<Form>) -> impl IntoView {
    let ctx = use_app();
    let local = Local::now();
    let date = RwSignal::new(local.format("%Y-%m-%d").to_string());
    let time = RwSignal::new(local.format("%H:%M").to_string());
    let channel = RwSignal::new(Channel::Call);
    let direction = RwSignal::new(Direction::Outgoing);
    let topic = RwSignal::new(String::new());
    let notes = RwSignal::new(String::new());
    let errors = RwSignal::new(Vec::<FieldError>::new());
    let failure = RwSignal::new(None::<String>);
    let client_id = StoredValue::new(client_id);

    let save = move |ev: SubmitEvent| {
        ev.prevent_default();
        let Some(at) = local_instant(&date.get_untracked(), &time.get_untracked()) else {
            return errors.set(vec![FieldError::new("interaction_date", t("Enter the date and time."))]);
        };
        let id = match new_record_id() {
            Ok(id) => id,
            Err(e) => return failure.set(Some(e.to_string())),
        };
        let interaction = Interaction {
            id,
            at,
            channel: channel.get_untracked(),
            direction: direction.get_untracked(),
            topic: topic.get_untracked().trim().to_owned(),
            notes: notes.get_untracked().trim().to_owned(),
        };
        leptos::task::spawn_local(async move {
            match update_client(ctx, &client_id.get_value(), move |c| c.interactions.push(interaction)).await {
                Ok(()) => {
                    super::super::actions::show(ctx, t("Interaction logged."));
                    form.set(Form::None);
                }
                Err(message) => failure.set(Some(message)),
            }
        });
    };
    view! {
        <form class="subform" on:submit=save novalidate aria-labelledby="interaction-form-title">
            <h3 id="interaction-form-title">{t("Log interaction")}</h3>
            <div class="row">
                <TextInput id="interaction-date" label=t("Date") input_type="date" value=date on_input=Callback::new(move |v| date.set(v))
                    error=error_for(errors, "interaction_date") />
                <TextInput id="interaction-time" label=t("Time") input_type="time" value=time on_input=Callback::new(move |v| time.set(v)) />
            </div>
            <div class="row">
                <SelectInput id="interaction-channel" label=t("Channel")
                    options=Channel::ALL.iter().map(|c| (format!("{c:?}"), c.label().to_owned())).collect()
                    value=Signal::derive(move || format!("{:?}", channel.get()))
                    on_change=Callback::new(move |v: String| channel.set(Channel::ALL.into_iter().find(|c| format!("{c:?}") == v).unwrap_or_default())) />
                <SelectInput id="interaction-direction" label=t("Direction")
                    options=vec![("Outgoing".into(), t("Outgoing").into()), ("Incoming".into(), t("Incoming").into())]
                    value=Signal::derive(move || format!("{:?}", direction.get()))
                    on_change=Callback::new(move |v: String| direction.set(if v == "Incoming" { Direction::Incoming } else { Direction::Outgoing })) />
            </div>
            <TextInput id="interaction-topic" label=t("Topic") value=topic on_input=Callback::new(move |v| topic.set(v)) />
            <TextInput id="interaction-notes" label=t("Interaction notes") multiline=true value=notes on_input=Callback::new(move |v| notes.set(v)) />
            <Show when=move || failure.get().is_some()>
                <p class="error" role="alert">{move || failure.get()}</p>
            </Show>
            <div class="actions">
                <button type="submit" class="primary">{t("Save interaction")}</button>
                <button type="button" on:click=move |_| form.set(Form::None)>{t("Cancel")}</button>
            </div>
        </form>
    }
}
