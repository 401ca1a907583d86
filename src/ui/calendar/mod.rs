//! The calendar section: a day, a week or, on a wide screen, a month of appointments, read
//! from the book's index of visits by date. Tapping a free slot books; tapping an appointment
//! shows it with its one-tap states and Move.

mod appointment;
mod booking;
mod month;
mod time_grid;

use chrono::{Datelike, Local, NaiveDate, NaiveDateTime};
use leptos::prelude::*;

use crate::calendar::grid::{items_between, Span};
use crate::i18n::{first_day_of_week, format_date, format_date_range, format_month_year, lang, t};

use super::actions::today;
use super::use_app;

/// Where the calendar is: the date it is about and how much it shows around it.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Place {
    pub date: NaiveDate,
    pub span: Span,
}

/// Below this width (the phone layout's) the calendar opens on a day, and has no month view.
const PHONE_WIDTH: f64 = 720.0;

fn is_phone() -> bool {
    window().inner_width().ok().and_then(|w| w.as_f64()).is_some_and(|w| w <= PHONE_WIDTH)
}

impl Place {
    /// Today, as a day on a phone and a week elsewhere.
    pub fn default_for_screen() -> Self {
        Self { date: today(), span: if is_phone() { Span::Day } else { Span::Week } }
    }
}

/// What the booking dialog starts from: a slot's start, or nothing chosen yet.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct SlotStart(pub NaiveDateTime);

fn span_label(span: Span) -> &'static str {
    match span {
        Span::Day => t("Day"),
        Span::Week => t("Week"),
        Span::Month => t("Month"),
    }
}

/// The heading of a view: the day, the week's first and last day, or the month.
fn heading(place: Place) -> String {
    let lang = lang();
    let dates = place.span.dates(place.date, first_day_of_week(lang));
    match place.span {
        Span::Day => format_date(lang, place.date),
        Span::Week => format_date_range(lang, dates.start, dates.end.pred_opt().unwrap_or(dates.end)),
        Span::Month => format_month_year(lang, place.date.year(), place.date.month()),
    }
}

fn step_labels(span: Span) -> (&'static str, &'static str) {
    match span {
        Span::Day => (t("Previous day"), t("Next day")),
        Span::Week => (t("Previous week"), t("Next week")),
        Span::Month => (t("Previous month"), t("Next month")),
    }
}

#[component]
pub fn CalendarView() -> impl IntoView {
    let ctx = use_app();
    if ctx.calendar.get_untracked().is_none() {
        ctx.calendar.set(Some(Place::default_for_screen()));
    }
    let place = Memo::new(move |_| ctx.calendar.get().unwrap_or_else(Place::default_for_screen));
    let set_place = move |next: Place| ctx.calendar.set(Some(next));
    let step = move |forward: bool| {
        let now = place.get_untracked();
        set_place(Place { date: now.span.step(now.date, forward), ..now });
    };
    let items = Memo::new(move |_| {
        let place = place.get();
        let dates = place.span.dates(place.date, first_day_of_week(lang()));
        ctx.book.with(|book| items_between(book, dates, &Local, book.settings.calendar.discreet))
    });
    // Booking: the dialog is open with this start; `None` when closed.
    let booking = RwSignal::new(None::<SlotStart>);
    // The appointment shown in its dialog: (client id, visit id), and the slot picked for its
    // move.
    let shown = RwSignal::new(None::<(String, String, Option<NaiveDateTime>)>);
    // Move by picking a slot: the appointment whose new time the next slot tapped is.
    let picking = RwSignal::new(None::<(String, String)>);
    let on_slot = move |start: NaiveDateTime| match picking.get_untracked() {
        Some((client_id, visit_id)) => {
            picking.set(None);
            shown.set(Some((client_id, visit_id, Some(start))));
        }
        None => booking.set(Some(SlotStart(start))),
    };
    let phone = is_phone();
    // The month view does not fit a phone: a phone that comes to it (a link, a turned screen)
    // shows the week.
    Effect::new(move |_| {
        if phone && place.get().span == Span::Month {
            set_place(Place { span: Span::Week, ..place.get_untracked() });
        }
    });

    view! {
        <div class="calendar">
            <div class="cal-toolbar">
                <h1 id="calendar-title">{move || heading(place.get())}</h1>
                <div class="cal-steps" role="group" aria-label=t("Calendar")>
                    <button type="button" class="icon-button" aria-label=move || step_labels(place.get().span).0
                        on:click=move |_| step(false)>"‹"</button>
                    <button type="button" on:click=move |_| set_place(Place { date: today(), ..place.get_untracked() })>{t("Today")}</button>
                    <button type="button" class="icon-button" aria-label=move || step_labels(place.get().span).1
                        on:click=move |_| step(true)>"›"</button>
                </div>
                <div class="cal-spans" role="group" aria-label=t("Show")>
                    {Span::ALL.into_iter().filter(|span| !(phone && *span == Span::Month)).map(|span| view! {
                        <button type="button" aria-pressed=move || if place.get().span == span { "true" } else { "false" }
                            on:click=move |_| set_place(Place { span, ..place.get_untracked() })>{span_label(span)}</button>
                    }).collect_view()}
                </div>
                <button type="button" class="primary" on:click=move |_| booking.set(Some(SlotStart(booking::next_slot(place.get_untracked().date))))>
                    {t("Book appointment")}
                </button>
            </div>
            <Show when=move || picking.with(Option::is_some)>
                <div class="banner warning cal-picking" role="status">
                    <span>{t("Tap the new time for the appointment.")}</span>
                    <button type="button" on:click=move |_| picking.set(None)>{t("Cancel")}</button>
                </div>
            </Show>
            {move || {
                let place = place.get();
                // The grid's hours widen to hold what it shows, so a change redraws it whole.
                items.track();
                if place.span == Span::Month {
                    view! { <month::MonthGrid place items on_day=Callback::new(move |date| set_place(Place { date, span: Span::Day })) /> }.into_any()
                } else {
                    view! {
                        <time_grid::TimeGrid place items
                            on_slot=Callback::new(on_slot)
                            on_item=Callback::new(move |(client_id, visit_id)| shown.set(Some((client_id, visit_id, None))))
                            on_swipe=Callback::new(step) />
                    }.into_any()
                }
            }}
            {move || booking.get().map(|SlotStart(start)| view! {
                <booking::BookingDialog start on_close=Callback::new(move |_| booking.set(None)) />
            })}
            {move || shown.get().map(|(client_id, visit_id, move_to)| {
                let picked = (client_id.clone(), visit_id.clone());
                view! {
                    <appointment::AppointmentDialog client_id visit_id move_to
                        on_pick_slot=Callback::new(move |_| { shown.set(None); picking.set(Some(picked.clone())); })
                        on_close=Callback::new(move |_| shown.set(None)) />
                }
            })}
        </div>
    }
}
