//! The dialog that resolves a low rating or a complaint with a note of what was done, from
//! Today or from the client's timeline. The resolution closes the to-handle item and becomes a
//! timeline entry of its own (`insight::feedback`).

use leptos::prelude::*;

use crate::i18n::t;
use crate::model::Resolution;

use super::super::actions::{now, show, try_update_client};
use super::super::use_app;
use super::super::widgets::{ModalDialog, TextInput};

/// The longest note a resolution keeps.
const MAX_NOTE_CHARS: usize = 2000;

/// Which visit's feedback the dialog resolves.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ResolveTarget {
    pub client_id: String,
    pub visit_id: String,
}

/// Asks what was done and saves it as the visit's resolution. A resolution already there is
/// edited: its note changes, its time stays.
#[component]
pub fn ResolveDialog(target: ResolveTarget, on_close: Callback<()>) -> impl IntoView {
    let ctx = use_app();
    // What the feedback was about, to resolve it knowingly: the client, the visit and what they said.
    let (summary, feedback, existing) = ctx
        .book
        .with_untracked(|b| {
            let client = b.get(&target.client_id)?;
            let visit = client.visits.iter().find(|v| v.id == target.visit_id)?;
            let what = if visit.service.is_empty() { t("Visit").to_owned() } else { visit.service.clone() };
            let summary = format!("{} — {what}, {}", client.name, super::super::actions::local_date(visit.start));
            Some((Some(summary), visit.feedback.clone(), visit.resolution.clone()))
        })
        .unwrap_or_default();
    let note = RwSignal::new(existing.as_ref().map(|r| r.note.clone()).unwrap_or_default());
    let error = RwSignal::new(None::<String>);
    let failure = RwSignal::new(None::<String>);
    let saving = RwSignal::new(false);
    let target = StoredValue::new(target);

    let save = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        if saving.get_untracked() {
            return;
        }
        let text = note.get_untracked().trim().to_owned();
        if text.is_empty() {
            error.set(Some(t("Say what was done about it.").to_owned()));
            return super::super::widgets::focus_first_invalid("resolve-form");
        }
        if text.chars().count() > MAX_NOTE_CHARS {
            error.set(Some(t("Keep the note under 2000 characters.").to_owned()));
            return super::super::widgets::focus_first_invalid("resolve-form");
        }
        error.set(None);
        failure.set(None);
        saving.set(true);
        let ResolveTarget { client_id, visit_id } = target.get_value();
        leptos::task::spawn_local(async move {
            let result = try_update_client(ctx, &client_id, move |client| {
                let visit = client
                    .visits
                    .iter_mut()
                    .find(|v| v.id == visit_id)
                    .ok_or_else(|| t("This visit is no longer in the book.").to_owned())?;
                let at = visit.resolution.as_ref().map_or_else(now, |r| r.at);
                visit.resolution = Some(Resolution { at, note: text });
                Ok(())
            })
            .await;
            // The save may have redrawn the screen that opened the dialog, and dropped it.
            saving.try_set(false);
            match result {
                Ok(()) => {
                    show(ctx, t("Feedback resolved."));
                    on_close.try_run(());
                }
                Err(message) => {
                    failure.try_set(Some(message));
                }
            }
        });
    };

    view! {
        <ModalDialog label=t("Resolve feedback") on_close=on_close>
            <form id="resolve-form" class="resolve" on:submit=save novalidate>
                <h2>{t("Resolve feedback")}</h2>
                {summary.map(|s| view! { <p>{s}</p> })}
                {(!feedback.is_empty()).then(|| view! { <blockquote class="feedback">{feedback}</blockquote> })}
                <TextInput id="resolve-note" label=t("What was done") multiline=true value=note
                    on_input=Callback::new(move |v| note.set(v)) error=error />
                <Show when=move || failure.get().is_some()>
                    <p class="error" role="alert">{move || failure.get()}</p>
                </Show>
                <div class="actions">
                    <button type="submit" class="primary" disabled=move || saving.get()>{t("Save resolution")}</button>
                    <button type="button" on:click=move |_| on_close.run(())>{t("Cancel")}</button>
                </div>
            </form>
        </ModalDialog>
    }
}
