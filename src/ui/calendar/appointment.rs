//! One appointment from the calendar: who, what and when, the states a tap sets (held,
//! cancelled, no-show), Move to another time or length, and the way to the client's profile.

use chrono::{Duration, Local, NaiveDateTime};
use leptos::ev::SubmitEvent;
use leptos::prelude::*;

use crate::calendar::calendar_name;
use crate::calendar::series::{cancel, edit, Scope, SeriesError, VisitChange};
use crate::i18n::{format_datetime, format_time, lang, t, tf};
use crate::model::{FieldError, Outcome, Visit};

use super::super::actions::{now, open_detail, show, try_update_client};
use super::super::profile::typed_time::local_instant;
use super::super::widgets::{error_for, ModalDialog, TextInput};
use super::super::{use_app, Detail};

#[derive(Clone, Default)]
struct MoveText {
    date: String,
    time: String,
    duration: String,
}

#[component]
pub fn AppointmentDialog(
    client_id: String,
    visit_id: String,
    /// A slot picked in the calendar for Move: the dialog opens on Move with this start.
    move_to: Option<NaiveDateTime>,
    /// "Pick a slot": the calendar takes the next tap on a slot as the new time.
    on_pick_slot: Callback<()>,
    on_close: Callback<()>,
) -> impl IntoView {
    let ctx = use_app();
    let client_id = StoredValue::new(client_id);
    let visit_id = StoredValue::new(visit_id);
    // The appointment as the book has it now; `None` once it is gone (erased elsewhere).
    let found = Memo::new(move |_| {
        ctx.book.with(|b| {
            let client = b.get(&client_id.get_value())?;
            let visit = client.visits.iter().find(|v| v.id == visit_id.get_value())?.clone();
            Some((calendar_name(client, b.settings.calendar.discreet), client.alert.clone(), visit))
        })
    });
    let moving = RwSignal::new(move_to.and_then(|start| {
        let duration = found.with_untracked(|f| f.as_ref().map(|(_, _, visit)| visit.duration_min))?;
        Some(MoveText {
            date: start.format("%Y-%m-%d").to_string(),
            time: start.format("%H:%M").to_string(),
            duration: duration.to_string(),
        })
    }));
    // A slot picked for the move is a change not yet saved: leaving asks first.
    if move_to.is_some() {
        ctx.dirty.set(true);
    }
    // For a visit of a series: whether a move reaches the later visits too.
    let following = RwSignal::new(false);
    // The move's warnings, once shown; saving again with them shown moves anyway.
    let warnings = RwSignal::new(Vec::<String>::new());
    let errors = RwSignal::new(Vec::<FieldError>::new());
    let failure = RwSignal::new(None::<String>);
    let busy = RwSignal::new(false);

    let close = move || {
        ctx.dirty.set(false);
        on_close.run(());
    };
    // Applies a change to the client's visits and saves; a change the series rules refuse
    // saves nothing and says why.
    type VisitsEdit = Box<dyn FnOnce(&mut Vec<Visit>, &str) -> Result<(), SeriesError>>;
    let change_visits = move |message: &'static str, change: VisitsEdit| {
        if busy.get_untracked() {
            return;
        }
        busy.set(true);
        leptos::task::spawn_local(async move {
            let id = visit_id.get_value();
            // A change the series rules refuse writes nothing.
            let result = try_update_client(ctx, &client_id.get_value(), move |c| {
                change(&mut c.visits, &id).map_err(|error| error.to_string())
            })
            .await;
            busy.set(false);
            match result {
                Ok(()) => {
                    show(ctx, message);
                    moving.set(None);
                    close();
                }
                Err(error) => failure.set(Some(error)),
            }
        });
    };
    let set_outcome = move |outcome: Outcome| {
        let message = match outcome {
            Outcome::Completed => t("Marked as held."),
            Outcome::Cancelled => t("Marked as cancelled."),
            Outcome::NoShow => t("Marked as a no-show."),
            Outcome::Booked => t("Marked as booked."),
        };
        change_visits(
            message,
            Box::new(move |visits, id| {
                let visit = visits.iter_mut().find(|v| v.id == id).ok_or(SeriesError::NoSuchVisit)?;
                visit.outcome = outcome;
                Ok(())
            }),
        );
    };
    let cancel_following = move || {
        change_visits(
            t("This and the following appointments are cancelled."),
            Box::new(|visits, id| cancel(visits, id, Scope::ThisAndFollowing).map(|_| ())),
        );
    };
    let start_move = move |visit: &Visit| {
        let local = visit.start.with_timezone(&Local);
        moving.set(Some(MoveText {
            date: local.format("%Y-%m-%d").to_string(),
            time: local.format("%H:%M").to_string(),
            duration: visit.duration_min.to_string(),
        }));
    };
    let save_move = move |ev: SubmitEvent| {
        ev.prevent_default();
        let Some(typed) = moving.get_untracked() else { return };
        let mut problems = Vec::new();
        let start = local_instant(&typed.date, &typed.time);
        if start.is_none() {
            problems.push(FieldError::new("move_date", t("Enter the date and the start time.")));
        }
        let duration = typed.duration.trim().parse::<u32>().ok().filter(|d| (1..=24 * 60).contains(d));
        if duration.is_none() {
            problems.push(FieldError::new("move_duration", t("A visit lasts between 1 minute and 24 hours.")));
        }
        let (Some(start), Some(duration)) = (start, duration) else {
            return errors.set(problems);
        };
        errors.set(Vec::new());
        let scope = if following.get_untracked() { Scope::ThisAndFollowing } else { Scope::ThisOne };
        let Some(stored) = found.with_untracked(|f| f.as_ref().map(|(_, _, visit)| visit.clone())) else { return };
        // Only what the form changed: a new length alone leaves each following visit's start.
        let change = VisitChange::moving(&stored, start, duration, &Local);
        if warnings.with_untracked(Vec::is_empty) {
            let found = ctx.book.with_untracked(|book| {
                move_warnings(book, &client_id.get_value(), &visit_id.get_value(), scope, &change)
            });
            if !found.is_empty() {
                return warnings.set(found);
            }
        }
        warnings.set(Vec::new());
        change_visits(
            t("Appointment moved."),
            Box::new(move |visits, id| edit(visits, id, scope, &change, &Local, now()).map(|_| ())),
        );
    };

    view! {
        <ModalDialog label=t("Appointment") on_close=Callback::new(move |_| close())>
            {move || match found.get() {
                None => view! {
                    <p role="alert">{t("This appointment is no longer in the book.")}</p>
                    <div class="actions"><button type="button" on:click=move |_| close()>{t("Close")}</button></div>
                }.into_any(),
                Some((name, alert, visit)) => {
                    let lang = lang();
                    let start = visit.start.with_timezone(&Local).naive_local();
                    let end = start + Duration::minutes(i64::from(visit.duration_min));
                    let when = format!("{}–{}", format_datetime(lang, start), format_time(lang, end));
                    let for_move = visit.clone();
                    let in_series = !visit.series.is_empty();
                    let upcoming = visit.is_appointment(now());
                    let moves = visit.moves.last().map(|m| {
                        tf("Rescheduled from {when}", &[("when", format_datetime(lang, m.from_start.with_timezone(&Local).naive_local()))])
                    });
                    view! {
                        <h2>{name}</h2>
                        <p class="when">{when}</p>
                        {(!visit.service.is_empty()).then(|| view! { <p>{visit.service.clone()}</p> })}
                        {(!alert.trim().is_empty()).then(|| view! { <p class="pinned">{alert.clone()}</p> })}
                        <p>{tf("State: {state}", &[("state", visit.outcome.label().to_owned())])}</p>
                        {in_series.then(|| view! { <p>{t("Part of a recurring series.")}</p> })}
                        {moves.map(|m| view! { <p class="muted">{m}</p> })}
                        <div class="actions cal-states" role="group" aria-label=t("Mark as")>
                            <button type="button" disabled=busy on:click=move |_| set_outcome(Outcome::Completed)>{t("Held")}</button>
                            <button type="button" disabled=busy on:click=move |_| set_outcome(Outcome::Cancelled)>{t("Cancelled")}</button>
                            <button type="button" disabled=busy on:click=move |_| set_outcome(Outcome::NoShow)>{t("No-show")}</button>
                        </div>
                        {in_series.then(|| view! {
                            <div class="actions">
                                <button type="button" disabled=busy on:click=move |_| cancel_following()>{t("Cancel this and the following")}</button>
                            </div>
                        })}
                        <Show when=move || moving.get().is_none()>
                            {
                                let for_move = for_move.clone();
                                view! {
                                    <div class="actions">
                                        <button type="button" on:click=move |_| start_move(&for_move)>{t("Move")}</button>
                                        <button type="button" on:click=move |_| {
                                            let id = client_id.get_value();
                                            close();
                                            open_detail(ctx, Detail::Profile(id));
                                        }>{t("Open profile")}</button>
                                        {upcoming.then(|| view! {
                                            <super::super::ics_download::AddToCalendar client_id=client_id.get_value() visit_id=visit_id.get_value() />
                                        })}
                                        <button type="button" on:click=move |_| close()>{t("Close")}</button>
                                    </div>
                                }
                            }
                        </Show>
                        <Show when=move || moving.get().is_some()>
                            <form class="move" on:submit=save_move novalidate>
                                <h3>{t("Move to")}</h3>
                                <button type="button" on:click=move |_| { ctx.dirty.set(false); on_pick_slot.run(()) }>{t("Pick a slot in the calendar")}</button>
                                <div class="row">
                                    <TextInput id="move-date" label=t("Date") input_type="date"
                                        value=Signal::derive(move || moving.with(|m| m.as_ref().map(|m| m.date.clone()).unwrap_or_default()))
                                        on_input=Callback::new(move |v: String| { moving.update(|m| if let Some(m) = m { m.date = v }); ctx.dirty.set(true); warnings.set(Vec::new()); })
                                        error=error_for(errors, "move_date") />
                                    <TextInput id="move-time" label=t("Start time") input_type="time"
                                        value=Signal::derive(move || moving.with(|m| m.as_ref().map(|m| m.time.clone()).unwrap_or_default()))
                                        on_input=Callback::new(move |v: String| { moving.update(|m| if let Some(m) = m { m.time = v }); ctx.dirty.set(true); warnings.set(Vec::new()); }) />
                                    <TextInput id="move-duration" label=t("Duration (minutes)") input_type="number"
                                        value=Signal::derive(move || moving.with(|m| m.as_ref().map(|m| m.duration.clone()).unwrap_or_default()))
                                        on_input=Callback::new(move |v: String| { moving.update(|m| if let Some(m) = m { m.duration = v }); ctx.dirty.set(true); warnings.set(Vec::new()); })
                                        error=error_for(errors, "move_duration") />
                                </div>
                                {in_series.then(|| view! {
                                    <fieldset class="scope">
                                        <legend>{t("Which appointments")}</legend>
                                        <label><input type="radio" name="move-scope" prop:checked=move || !following.get()
                                            on:change=move |_| { following.set(false); warnings.set(Vec::new()); } />{t("This one")}</label>
                                        <label><input type="radio" name="move-scope" prop:checked=move || following.get()
                                            on:change=move |_| { following.set(true); warnings.set(Vec::new()); } />{t("This and the following")}</label>
                                    </fieldset>
                                })}
                                <Show when=move || warnings.with(|w| !w.is_empty())>
                                    <div class="banner warning" role="alert">
                                        <p>{t("Before you move it:")}</p>
                                        <ul>{move || warnings.get().into_iter().map(|w| view! { <li>{w}</li> }).collect_view()}</ul>
                                    </div>
                                </Show>
                                <div class="actions">
                                    <button type="submit" class="primary" disabled=busy>
                                        {move || if warnings.with(Vec::is_empty) { t("Save new time") } else { t("Move anyway") }}
                                    </button>
                                    <button type="button" on:click=move |_| { ctx.dirty.set(false); moving.set(None) }>{t("Cancel")}</button>
                                </div>
                            </form>
                        </Show>
                        <Show when=move || failure.get().is_some()>
                            <p class="error" role="alert">{move || failure.get()}</p>
                        </Show>
                    }.into_any()
                }
            }}
        </ModalDialog>
    }
}

/// What to say before a move: the conflicts of every visit it moves (the following ones of a
/// series too), each with its date when there are several. The client's visits that move are
/// left out of what each is checked against.
fn move_warnings(
    book: &crate::book::Book,
    client_id: &str,
    visit_id: &str,
    scope: Scope,
    change: &VisitChange,
) -> Vec<String> {
    let Some(client) = book.get(client_id) else { return Vec::new() };
    let mut visits = client.visits.clone();
    let Ok(moved) = edit(&mut visits, visit_id, scope, change, &Local, now()) else { return Vec::new() };
    let calendar = &book.settings.calendar;
    let buffer = Duration::minutes(i64::from(calendar.buffer_min));
    let name = |id: &str| book.get(id).map(|c| calendar_name(c, calendar.discreet)).unwrap_or_default();
    let several = moved.len() > 1;
    visits
        .iter()
        .filter(|v| moved.contains(&v.id))
        .flat_map(|visit| {
            let nearby = crate::calendar::grid::visits_near(book, visit.start - buffer, visit.end() + buffer)
                .into_iter()
                .filter(|(_, other)| !moved.contains(&other.id));
            let day = crate::i18n::format_date(lang(), visit.start.with_timezone(&Local).date_naive());
            crate::calendar::conflict::conflicts(calendar, &Local, &visit.id, visit.start, visit.duration_min, nearby)
                .into_iter()
                .map(|c| {
                    let message = c.message(name);
                    if several {
                        format!("{day}: {message}")
                    } else {
                        message
                    }
                })
                .collect::<Vec<_>>()
        })
        .collect()
}
