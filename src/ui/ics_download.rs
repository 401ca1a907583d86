//! Appointments as .ics files for the user's own calendar app. The file leaves the vault
//! unencrypted, so it comes only after the warning the other plain exports give, with the
//! privacy options beside it; by default an event names only the service and the client's
//! initials or alias. `AddToCalendar` offers one appointment (on the profile's timeline, in the
//! calendar); the Backup screen shows `IcsOptionsFields` in its own warning before it writes
//! every upcoming appointment.

use chrono::Local;
use leptos::prelude::*;

use crate::export::ics::{appointment_file_name, appointment_ics, IcsError, IcsOptions, ICS_MIME_TYPE};
use crate::i18n::t;
use crate::web::files::download;

use super::actions::{now, show, show_error, today};
use super::widgets::{CheckInput, UnencryptedExportDialog};
use super::{use_app, AppContext};

/// Downloads one appointment of a client as an .ics file, once the user has seen the warning,
/// and says how it went. A client's summary holds every appointment ahead, so this needs no
/// wait for their history.
pub fn download_appointment(ctx: AppContext, client_id: &str, visit_id: &str, options: IcsOptions) {
    let written = ctx.book.with_untracked(|b| {
        let client = b.get(client_id).ok_or(IcsError::AppointmentGone)?;
        let text = appointment_ics(client, visit_id, options, now())?;
        let day = client
            .visits
            .iter()
            .find(|v| v.id == visit_id)
            .map_or_else(today, |v| v.start.with_timezone(&Local).date_naive());
        Ok::<_, IcsError>((text, appointment_file_name(day)))
    });
    let downloaded =
        written.map_err(|e| e.to_string()).and_then(|(text, name)| download(text.as_bytes(), &name, ICS_MIME_TYPE));
    match downloaded {
        Ok(()) => show(ctx, t("Unencrypted file downloaded. Delete it when you no longer need it.")),
        Err(message) => show_error(ctx, message),
    }
}

/// The privacy options of an .ics export, as ticks, all off to begin with.
#[component]
pub fn IcsOptionsFields(options: RwSignal<IcsOptions>) -> impl IntoView {
    let tick =
        move |id: &'static str, label: &'static str, get: fn(&IcsOptions) -> bool, set: fn(&mut IcsOptions, bool)| {
            view! {
                <CheckInput id=id label=label checked=Signal::derive(move || options.with(get))
                    on_change=Callback::new(move |on| options.update(|o| set(o, on))) />
            }
        };
    view! {
        <fieldset class="ics-options">
            <legend>{t("In the calendar event")}</legend>
            <p class="hint">{t("The title is the service and the client's initials, or their alias. Tick what else may go in:")}</p>
            {tick("ics-full-name", t("Full name instead of initials"), |o| o.full_name, |o, on| o.full_name = on)}
            {tick("ics-phones", t("The client's phone numbers"), |o| o.phones, |o, on| o.phones = on)}
            {tick("ics-location", t("The visit's location"), |o| o.location, |o, on| o.location = on)}
            {tick("ics-note", t("The visit's private note"), |o| o.note, |o, on| o.note = on)}
        </fieldset>
    }
}

/// "Add to calendar (.ics)" for one appointment, and the warning it opens first.
#[component]
pub fn AddToCalendar(
    /// The client whose appointment it is.
    client_id: String,
    /// The appointment (a booked visit) among their visits.
    visit_id: String,
) -> impl IntoView {
    let ctx = use_app();
    let asking = RwSignal::new(false);
    let options = RwSignal::new(IcsOptions::default());
    let ids = StoredValue::new((client_id, visit_id));
    let write = move |()| {
        asking.set(false);
        ids.with_value(|(client_id, visit_id)| download_appointment(ctx, client_id, visit_id, options.get_untracked()));
    };
    view! {
        <button type="button" on:click=move |_| {
            options.set(IcsOptions::default());
            asking.set(true);
        }>{t("Add to calendar (.ics)")}</button>
        <Show when=move || asking.get()>
            <UnencryptedExportDialog message=t("This file is not encrypted: anyone who gets it can read it.")
                on_download=Callback::new(write) on_cancel=Callback::new(move |()| asking.set(false))>
                <IcsOptionsFields options />
            </UnencryptedExportDialog>
        </Show>
    }
}
