//! The month view, on a wide screen: whole weeks, each day with its first appointments; a day
//! opens in the day view.

use chrono::{Datelike, NaiveDate};
use leptos::prelude::*;

use crate::calendar::grid::CalendarItem;
use crate::i18n::{first_day_of_week, format_date, format_time, format_weekday, lang, tp};
use crate::model::Outcome;

use super::super::actions::today;
use super::Place;

/// Appointments a day's cell names before "+N more".
const NAMED: usize = 3;

#[component]
pub fn MonthGrid(place: Place, items: Memo<Vec<CalendarItem>>, on_day: Callback<NaiveDate>) -> impl IntoView {
    let lang = lang();
    let dates = place.span.dates(place.date, first_day_of_week(lang));
    let days: Vec<NaiveDate> = dates.start.iter_days().take_while(|d| *d < dates.end).collect();
    let weekdays = days
        .iter()
        .take(7)
        .map(|d| view! { <div class="cal-month-weekday" aria-hidden="true">{format_weekday(lang, d.weekday())}</div> })
        .collect_view();
    let cell = move |day: NaiveDate| {
        let on_day_items: Vec<CalendarItem> = items.with(|items| {
            items.iter().filter(|i| i.start.date() == day && i.outcome != Outcome::Cancelled).cloned().collect()
        });
        let count = on_day_items.len();
        let label = format!("{}, {}", format_date(lang, day), tp("{n} appointment", "{n} appointments", count as u64));
        view! {
            <button type="button" class="cal-month-day" aria-label=label
                class:other-month=day.month() != place.date.month() class:today=day == today()
                on:click=move |_| on_day.run(day)>
                <span class="day-number" aria-hidden="true">{day.day()}</span>
                <span class="cal-month-items" aria-hidden="true">
                    {on_day_items.iter().take(NAMED).map(|item| view! {
                        <span class="cal-month-item">{format_time(lang, item.start)}" "{item.title.clone()}</span>
                    }).collect_view()}
                    {(count > NAMED).then(|| view! { <span class="cal-month-more">{format!("+{}", count - NAMED)}</span> })}
                </span>
            </button>
        }
    };
    view! {
        <div class="cal-month">
            {weekdays}
            {days.into_iter().map(cell).collect_view()}
        </div>
    }
}
