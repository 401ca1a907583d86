//! Booking from the calendar: a start time (from the slot tapped), a client found by search or
//! created on the spot with a name and a phone, and a service whose duration and price are
//! copied.

use chrono::{Local, NaiveDate, NaiveDateTime, NaiveTime, Timelike};
use leptos::ev::SubmitEvent;
use leptos::prelude::*;

use crate::book::{Changes, ListQuery};
use crate::calendar::booking::{appointment, client_on_the_spot};
use crate::calendar::calendar_name;
use crate::calendar::conflict::conflicts;
use crate::calendar::grid::visits_near;
use crate::calendar::series::{expand, Recurrence, SeriesEnd};
use crate::i18n::{format_date, format_datetime, lang, t, tf, tp};
use crate::model::{format_minor, new_record_id, parse_minor, FieldError, Service};

use super::super::actions::{commit, now, show, today, update_client};
use super::super::profile::typed_time::local_instant;
use super::super::use_app;
use super::super::widgets::{error_for, focus_first_invalid, ModalDialog, SelectInput, ServiceSelect, TextInput};

/// How many matching clients the search offers.
const MATCHES: usize = 6;

/// The start a "Book appointment" button proposes on `date`: the next full hour when it is
/// today, else 10:00.
pub fn next_slot(date: NaiveDate) -> NaiveDateTime {
    let now = Local::now().naive_local();
    if date == today() && now.hour() < 23 {
        now.date().and_time(NaiveTime::from_hms_opt(now.hour() + 1, 0, 0).unwrap_or_default())
    } else {
        date.and_time(NaiveTime::from_hms_opt(10, 0, 0).unwrap_or_default())
    }
}

#[derive(Clone, Default)]
struct BookingText {
    date: String,
    time: String,
    duration: String,
    service: String,
    price: String,
    currency: String,
    /// The chosen client's id; empty while searching or creating one.
    client_id: String,
    client_name: String,
    search: String,
    /// Creating a new client: their name and phone.
    new_client: bool,
    new_name: String,
    new_phone: String,
    /// Repeat every this many weeks; 0 for once.
    every_weeks: u32,
    /// The series ends after `times` visits, or on `until` when that is chosen.
    ends_on_date: bool,
    times: String,
    until: String,
}

#[component]
pub fn BookingDialog(start: NaiveDateTime, on_close: Callback<()>) -> impl IntoView {
    let ctx = use_app();
    let settings = ctx.book.with_untracked(|b| b.settings.clone());
    let text = RwSignal::new(BookingText {
        date: start.format("%Y-%m-%d").to_string(),
        time: start.format("%H:%M").to_string(),
        duration: "60".into(),
        currency: settings.currency.clone(),
        times: "4".into(),
        ..BookingText::default()
    });
    // The warnings shown for what is typed now; booking again with them shown books anyway.
    let warnings = RwSignal::new(Vec::<String>::new());
    let errors = RwSignal::new(Vec::<FieldError>::new());
    let failure = RwSignal::new(None::<String>);
    let saving = RwSignal::new(false);
    let edit = move |change: &dyn Fn(&mut BookingText)| {
        text.update(|t| change(t));
        warnings.set(Vec::new());
        ctx.dirty.set(true);
    };
    let close = move || {
        ctx.dirty.set(false);
        on_close.run(());
    };
    let matches = Memo::new(move |_| {
        let search = text.with(|t| t.search.trim().to_owned());
        if search.is_empty() {
            return Vec::new();
        }
        let query = ListQuery { text: search, ..ListQuery::default() };
        ctx.book.with(|b| {
            b.list(&query, None, today(), now())
                .into_iter()
                .take(MATCHES)
                .map(|e| (e.client.id.clone(), e.client.name.clone(), e.client.is_blocked()))
                .collect::<Vec<_>>()
        })
    });

    let field = move |key: &'static str,
                      label: &'static str,
                      input_type: &'static str,
                      get: fn(&BookingText) -> String,
                      set: fn(&mut BookingText, String)| {
        view! {
            <TextInput id=format!("booking-{key}") label=label input_type=input_type value=Signal::derive(move || text.with(get))
                on_input=Callback::new(move |v: String| edit(&|t| set(t, v.clone())))
                error=error_for(errors, key) />
        }
    };

    let save = move |ev: SubmitEvent| {
        ev.prevent_default();
        if saving.get_untracked() {
            return;
        }
        let typed = text.get_untracked();
        let mut problems = Vec::new();
        let start = local_instant(&typed.date, &typed.time);
        if start.is_none() {
            problems.push(FieldError::new("date", t("Enter the date and the start time.")));
        }
        let duration = typed.duration.trim().parse::<u32>().unwrap_or_else(|_| {
            problems.push(FieldError::new("duration", t("Enter the duration in minutes.")));
            0
        });
        let currency = typed.currency.trim().to_uppercase();
        let price = parse_minor(&typed.price, &currency).unwrap_or_else(|message| {
            problems.push(FieldError::new("price", message));
            0
        });
        if !typed.new_client && typed.client_id.is_empty() {
            problems.push(FieldError::new("client", t("Choose a client, or add a new one.")));
        }
        let (visit_id, client_id) = match (new_record_id(), new_record_id()) {
            (Ok(visit_id), Ok(client_id)) => (visit_id, client_id),
            (Err(e), _) | (_, Err(e)) => return failure.set(Some(e.to_string())),
        };
        let visit = start.and_then(|start| {
            appointment(visit_id, start, duration, &typed.service, price, &currency)
                .map_err(|mut more| problems.append(&mut more))
                .ok()
        });
        let new_client = if typed.new_client {
            client_on_the_spot(client_id, &typed.new_name, &typed.new_phone, &settings_of(ctx), now())
                .map_err(|mut more| problems.append(&mut more))
                .ok()
        } else {
            None
        };
        let recurrence = match repeat_of(&typed) {
            Ok(recurrence) => recurrence,
            Err(problem) => {
                problems.push(problem);
                None
            }
        };
        let Some(visit) = visit.filter(|_| problems.is_empty()) else {
            errors.set(problems);
            failure.set(Some(t("Some fields need attention; they are marked above.").into()));
            return focus_first_invalid("booking-form");
        };
        let visits = match recurrence {
            Some(recurrence) => match expand(&visit, &recurrence, &Local) {
                Ok(visits) => visits,
                Err(error) => {
                    errors.set(vec![FieldError::new("repeat", error.to_string())]);
                    return failure.set(Some(error.to_string()));
                }
            },
            None => vec![visit],
        };
        errors.set(Vec::new());
        failure.set(None);
        // Overlaps, the buffer, blocked time and working hours: said once, then booked anyway.
        if warnings.with_untracked(Vec::is_empty) {
            let found = ctx.book.with_untracked(|book| warnings_for(book, &visits));
            if !found.is_empty() {
                return warnings.set(found);
            }
        }
        warnings.set(Vec::new());
        saving.set(true);
        leptos::task::spawn_local(async move {
            let booked = visits.len();
            let result = match new_client {
                Some(mut client) => {
                    client.visits.extend(visits);
                    commit(ctx, Changes::client(client)).await
                }
                None => update_client(ctx, &typed.client_id, move |c| c.visits.extend(visits)).await,
            };
            saving.set(false);
            match result {
                Ok(()) => {
                    let message = if booked == 1 {
                        t("Appointment booked.").to_owned()
                    } else {
                        tp("{n} appointment booked.", "{n} appointments booked.", booked as u64)
                    };
                    show(ctx, message);
                    close();
                }
                Err(message) => failure.set(Some(message)),
            }
        });
    };

    let title = tf("Book an appointment, {when}", &[("when", format_datetime(lang(), start))]);
    view! {
        <ModalDialog label=t("Book an appointment") on_close=Callback::new(move |_| close())>
            <form id="booking-form" class="booking" on:submit=save novalidate>
                <h2>{title}</h2>
                <fieldset class="booking-client">
                    <legend>{t("Client")}</legend>
                    {move || {
                        let typed = text.get();
                        if !typed.client_id.is_empty() {
                            view! {
                                <p class="chosen">
                                    <span>{typed.client_name.clone()}</span>
                                    <button type="button" on:click=move |_| edit(&|t| { t.client_id.clear(); t.client_name.clear(); })>{t("Change client")}</button>
                                </p>
                            }.into_any()
                        } else if typed.new_client {
                            view! {
                                <div class="row">
                                    {field("new_name", t("Name"), "text", |t| t.new_name.clone(), |t, v| t.new_name = v)}
                                    {field("new_phone", t("Phone"), "tel", |t| t.new_phone.clone(), |t, v| t.new_phone = v)}
                                </div>
                                <button type="button" on:click=move |_| edit(&|t| t.new_client = false)>{t("Find a client instead")}</button>
                            }.into_any()
                        } else {
                            view! {
                                <div class="field">
                                    <label for="booking-search">{t("Find a client")}</label>
                                    <input id="booking-search" type="search" autocomplete="off" prop:value=move || text.with(|t| t.search.clone())
                                        aria-describedby="booking-client-error"
                                        on:input=move |ev| { let v = event_target_value(&ev); text.update(|t| t.search = v); } />
                                    <p id="booking-client-error" class="field-error">{move || error_for(errors, "client").get()}</p>
                                </div>
                                <ul class="matches" aria-label=t("Matching clients")>
                                    {move || matches.get().into_iter().map(|(id, name, blocked)| {
                                        let chosen = name.clone();
                                        view! {
                                            <li>
                                                <button type="button" on:click=move |_| {
                                                    let (id, name) = (id.clone(), chosen.clone());
                                                    edit(&|t| { t.client_id = id.clone(); t.client_name = name.clone(); t.search.clear(); });
                                                }>
                                                    {name}
                                                    {blocked.then(|| view! { " " <span class="badge blocked">{t("Blocked")}</span> })}
                                                </button>
                                            </li>
                                        }
                                    }).collect_view()}
                                </ul>
                                <button type="button" on:click=move |_| edit(&|t| {
                                    t.new_client = true;
                                    t.new_name = std::mem::take(&mut t.search);
                                })>{t("New client")}</button>
                            }.into_any()
                        }
                    }}
                </fieldset>
                <ServiceSelect id="booking-service" services=settings.services.clone()
                    chosen=Signal::derive(move || text.with(|t| t.service.clone()))
                    on_pick=Callback::new(move |(name, service): (String, Option<Service>)| edit(&|t| {
                        t.service = name.clone();
                        if let Some(service) = &service {
                            t.duration = service.duration_min.to_string();
                            t.price = format_minor(service.price, &service.currency);
                            t.currency = service.currency.clone();
                        }
                    })) />
                <div class="row">
                    {field("date", t("Date"), "date", |t| t.date.clone(), |t, v| t.date = v)}
                    {field("time", t("Start time"), "time", |t| t.time.clone(), |t, v| t.time = v)}
                    {field("duration", t("Duration (minutes)"), "number", |t| t.duration.clone(), |t, v| t.duration = v)}
                </div>
                <div class="row">
                    {field("price", t("Price"), "text", |t| t.price.clone(), |t, v| t.price = v)}
                    {field("currency", t("Currency"), "text", |t| t.currency.clone(), |t, v| t.currency = v)}
                </div>
                <SelectInput id="booking-repeat" label=t("Repeat")
                    options=REPEAT_WEEKS.iter().map(|&n| (n.to_string(), repeat_label(n))).collect()
                    value=Signal::derive(move || text.with(|t| t.every_weeks.to_string()))
                    on_change=Callback::new(move |v: String| edit(&|t| t.every_weeks = v.parse().unwrap_or(0))) />
                <Show when=move || text.with(|t| t.every_weeks > 0)>
                    <div class="row">
                        <SelectInput id="booking-ends" label=t("Ends")
                            options=vec![("count".to_owned(), t("After a number of times").to_owned()), ("date".to_owned(), t("On a date").to_owned())]
                            value=Signal::derive(move || if text.with(|t| t.ends_on_date) { "date".to_owned() } else { "count".to_owned() })
                            on_change=Callback::new(move |v: String| edit(&|t| t.ends_on_date = v == "date")) />
                        {move || if text.with(|t| t.ends_on_date) {
                            field("until", t("Last date"), "date", |t| t.until.clone(), |t, v| t.until = v).into_any()
                        } else {
                            field("times", t("Number of appointments"), "number", |t| t.times.clone(), |t, v| t.times = v).into_any()
                        }}
                    </div>
                    <p class="field-error">{move || error_for(errors, "repeat").get()}</p>
                </Show>
                <Show when=move || warnings.with(|w| !w.is_empty())>
                    <div class="banner warning" role="alert">
                        <p>{t("Before you book:")}</p>
                        <ul>{move || warnings.get().into_iter().map(|w| view! { <li>{w}</li> }).collect_view()}</ul>
                    </div>
                </Show>
                <Show when=move || failure.get().is_some()>
                    <p class="error" role="alert">{move || failure.get()}</p>
                </Show>
                <div class="actions">
                    <button type="submit" class="primary" disabled=saving>
                        {move || if warnings.with(Vec::is_empty) { t("Book") } else { t("Book anyway") }}
                    </button>
                    <button type="button" on:click=move |_| close()>{t("Cancel")}</button>
                </div>
            </form>
        </ModalDialog>
    }
}

/// The repeat choices, in weeks; 0 is once.
const REPEAT_WEEKS: [u32; 7] = [0, 1, 2, 3, 4, 6, 8];

fn repeat_label(weeks: u32) -> String {
    match weeks {
        0 => t("Does not repeat").to_owned(),
        1 => t("Every week").to_owned(),
        n => tp("Every {n} week", "Every {n} weeks", u64::from(n)),
    }
}

/// How the typed booking repeats; `None` for once.
fn repeat_of(typed: &BookingText) -> Result<Option<Recurrence>, FieldError> {
    if typed.every_weeks == 0 {
        return Ok(None);
    }
    let end = if typed.ends_on_date {
        let until = NaiveDate::parse_from_str(typed.until.trim(), "%Y-%m-%d")
            .map_err(|_| FieldError::new("until", t("Enter the date of the last appointment.")))?;
        SeriesEnd::Until(until)
    } else {
        let times = typed.times.trim().parse::<u32>().ok().filter(|n| *n >= 1);
        SeriesEnd::Count(times.ok_or_else(|| FieldError::new("times", t("Enter how many appointments to book.")))?)
    };
    Ok(Some(Recurrence { every_weeks: typed.every_weeks, end }))
}

/// What to say before booking `visits`: each one's conflicts, with its date when there are
/// several.
fn warnings_for(book: &crate::book::Book, visits: &[crate::model::Visit]) -> Vec<String> {
    let calendar = &book.settings.calendar;
    let buffer = chrono::Duration::minutes(i64::from(calendar.buffer_min));
    let name = |id: &str| book.get(id).map(|c| calendar_name(c, calendar.discreet)).unwrap_or_default();
    visits
        .iter()
        .flat_map(|visit| {
            let nearby = visits_near(book, visit.start - buffer, visit.end() + buffer);
            let when = format_date(lang(), visit.start.with_timezone(&Local).date_naive());
            conflicts(calendar, &Local, &visit.id, visit.start, visit.duration_min, nearby)
                .into_iter()
                .map(move |c| (when.clone(), c))
                .collect::<Vec<_>>()
        })
        .map(|(when, conflict)| {
            let message = conflict.message(name);
            if visits.len() > 1 {
                format!("{when}: {message}")
            } else {
                message
            }
        })
        .collect()
}

fn settings_of(ctx: super::super::AppContext) -> crate::model::Settings {
    ctx.book.with_untracked(|b| b.settings.clone())
}
