//! The day and week views: a column per day, an hour per row, the appointments placed by
//! their times, a button for every free half hour, and a line at the current time.

use chrono::{Datelike, Duration, Local, NaiveDate, NaiveDateTime, NaiveTime, Timelike};
use leptos::prelude::*;

use crate::calendar::grid::{lay_out_day, shown_hours, CalendarItem, Span};
use crate::calendar::hours::day_schedule;
use crate::i18n::{first_day_of_week, format_date, format_time, format_weekday, lang, t, tf};
use crate::model::Outcome;

use super::super::actions::today;
use super::super::use_app;
use super::Place;

/// The height of an hour, in pixels: a half-hour slot is a comfortable tap target.
const HOUR_PX: u32 = 64;
/// Minutes a free slot button covers.
const SLOT_MIN: u32 = 30;

/// What an appointment's button says to a screen reader: time, name, service, state.
fn item_label(item: &CalendarItem) -> String {
    let lang = lang();
    let mut parts =
        vec![format!("{}–{}", format_time(lang, item.start), format_time(lang, item.end)), item.title.clone()];
    if !item.service.is_empty() {
        parts.push(item.service.clone());
    }
    if item.outcome != Outcome::Booked {
        parts.push(item.outcome.label().to_owned());
    }
    if item.owes {
        parts.push(t("Unpaid balance").to_owned());
    }
    if item.blocked {
        parts.push(t("Blocked").to_owned());
    }
    if item.in_series {
        parts.push(t("Recurring").to_owned());
    }
    if !item.alert.is_empty() {
        parts.push(tf("Alert: {alert}", &[("alert", item.alert.clone())]));
    }
    parts.join(", ")
}

#[component]
pub fn TimeGrid(
    place: Place,
    items: Memo<Vec<CalendarItem>>,
    /// A free slot was chosen: book from its start.
    on_slot: Callback<NaiveDateTime>,
    /// An appointment was chosen: (client id, visit id).
    on_item: Callback<(String, String)>,
    /// A swipe: `true` to the next day or week.
    on_swipe: Callback<bool>,
) -> impl IntoView {
    let place_now = place;
    let dates = place_now.span.dates(place_now.date, first_day_of_week(lang()));
    let days: Vec<NaiveDate> = dates.clone().start.iter_days().take_while(|d| *d < dates.end).collect();
    let calendar = use_app().book.with_untracked(|b| b.settings.calendar.clone());
    let (first_hour, last_hour) = items.with_untracked(|items| shown_hours(items, &days, &calendar));
    let calendar = StoredValue::new(calendar);
    let height = (last_hour - first_hour) * HOUR_PX;
    let px = move |minutes: u32| (minutes.saturating_sub(first_hour * 60)) * HOUR_PX / 60;
    // The current time, moved on every minute.
    let clock = RwSignal::new(Local::now().naive_local());
    let ticking =
        set_interval_with_handle(move || clock.set(Local::now().naive_local()), std::time::Duration::from_secs(60));
    on_cleanup(move || {
        if let Ok(handle) = ticking {
            handle.clear();
        }
    });
    let touch_start = StoredValue::new(None::<(i32, i32)>);
    let week = place_now.span == Span::Week;
    let lang = lang();

    let hours = (first_hour..last_hour)
        .map(|hour| {
            let label =
                format_time(lang, NaiveDate::MIN.and_time(NaiveTime::from_hms_opt(hour, 0, 0).unwrap_or_default()));
            view! { <div class="cal-hour" style:height=format!("{HOUR_PX}px")>{label}</div> }
        })
        .collect_view();

    let minute_of = move |at: NaiveDateTime, day: NaiveDate| {
        let minutes = (at - day.and_time(NaiveTime::MIN)).num_minutes().clamp(0, 24 * 60) as u32;
        minutes.clamp(first_hour * 60, last_hour * 60)
    };
    let shade = move |class: &'static str, from: u32, to: u32, text: String| {
        (to > from).then(|| {
            view! {
                <div class=format!("cal-shade {class}") style:top=format!("{}px", px(from))
                    style:height=format!("{}px", (to - from) * HOUR_PX / 60)>
                    {(!text.is_empty()).then(|| view! { <span>{text}</span> })}
                </div>
            }
        })
    };
    let column = move |day: NaiveDate| {
        // Outside working hours, and blocked time with what it is for.
        let shading = calendar.with_value(|calendar| {
            let schedule = day_schedule(calendar, day);
            let (top, bottom) = (first_hour * 60, last_hour * 60);
            let mut shades = Vec::new();
            match schedule.working {
                None => shades.push(shade("off", top, bottom, String::new())),
                Some((open, close)) => {
                    shades.push(shade("off", top, minute_of(open, day), String::new()));
                    shades.push(shade("off", minute_of(close, day), bottom, String::new()));
                }
            }
            for span in &schedule.blocked {
                let what = if span.block.note.is_empty() {
                    span.block.kind.label().to_owned()
                } else {
                    format!("{} · {}", span.block.kind.label(), span.block.note)
                };
                shades.push(shade("blocked", minute_of(span.from, day), minute_of(span.to, day), what));
            }
            shades.into_iter().flatten().collect_view()
        });
        let slots = (first_hour * 60..last_hour * 60)
            .step_by(SLOT_MIN as usize)
            .map(|minute| {
                let start = day.and_time(NaiveTime::MIN) + Duration::minutes(i64::from(minute));
                let label = tf(
                    "Book {date} at {time}",
                    &[("date", format_date(lang, day)), ("time", format_time(lang, start))],
                );
                view! {
                    <button type="button" class="cal-slot" aria-label=label
                        style:top=format!("{}px", px(minute)) style:height=format!("{}px", SLOT_MIN * HOUR_PX / 60)
                        on:click=move |_| on_slot.run(start)></button>
                }
            })
            .collect_view();
        let placed = move || {
            items.with(|items| {
                lay_out_day(items, day)
                    .into_iter()
                    .map(|p| {
                        let item = &items[p.item];
                        let top = px(p.top_min);
                        let shown_min = p.height_min.max(crate::calendar::grid::MIN_HEIGHT_MIN as u32);
                        let height = (shown_min * HOUR_PX / 60).max(1);
                        let ids = (item.client_id.clone(), item.visit_id.clone());
                        let state = match item.outcome {
                            Outcome::Booked => "",
                            Outcome::Completed => "held",
                            Outcome::Cancelled => "cancelled",
                            Outcome::NoShow => "no-show",
                        };
                        view! {
                            <button type="button" class=format!("cal-item {state}") aria-label=item_label(item)
                                class:blocked=item.blocked
                                style:top=format!("{top}px") style:height=format!("{height}px")
                                style:left=format!("calc({} * 100% / {})", p.lane, p.lanes)
                                style:width=format!("calc(100% / {} - 2px)", p.lanes)
                                on:click=move |_| on_item.run(ids.clone())>
                                <span class="cal-item-name">
                                    {item.blocked.then(|| view! { <span class="mark blocked" aria-hidden="true">"⛔"</span> })}
                                    {(!item.alert.is_empty()).then(|| view! { <span class="mark alert" aria-hidden="true">"!"</span> })}
                                    {item.owes.then(|| view! { <span class="mark owes" aria-hidden="true">"¤"</span> })}
                                    {item.in_series.then(|| view! { <span class="mark series" aria-hidden="true">"↻"</span> })}
                                    {item.title.clone()}
                                </span>
                                <span class="cal-item-detail" aria-hidden="true">
                                    {format_time(lang, item.start)}" · "
                                    {if item.service.is_empty() { String::new() } else { format!("{} · ", item.service) }}
                                    {tf("{n} min", &[("n", item.duration_min.to_string())])}
                                </span>
                            </button>
                        }
                    })
                    .collect_view()
            })
        };
        let now_line = move || {
            let now = clock.get();
            let minute = now.hour() * 60 + now.minute();
            (now.date() == day && minute >= first_hour * 60 && minute < last_hour * 60).then(|| {
                view! { <div class="cal-now" style:top=format!("{}px", px(minute)) aria-hidden="true"></div> }
            })
        };
        view! {
            <div class="cal-day" class:today=day == today() style:height=format!("{height}px")>
                {shading}
                {slots}
                {placed}
                {now_line}
            </div>
        }
    };

    let header = days
        .iter()
        .map(|&day| {
            view! {
                <div class="cal-day-head" class:today=day == today()>
                    <span class="weekday">{format_weekday(lang, day.weekday())}</span>
                    <span class="day-number">{day.day()}</span>
                </div>
            }
        })
        .collect_view();
    let columns = days.iter().map(|&day| column(day)).collect_view();
    let day_count = days.len();

    view! {
        <div class="cal-grid" class:week=week style:--days=day_count.to_string()
            on:touchstart=move |ev: leptos::ev::TouchEvent| {
                if let Some(touch) = ev.changed_touches().get(0) {
                    touch_start.set_value(Some((touch.client_x(), touch.client_y())));
                }
            }
            on:touchend=move |ev: leptos::ev::TouchEvent| {
                let (Some((x, y)), Some(touch)) = (touch_start.get_value(), ev.changed_touches().get(0)) else { return };
                let (dx, dy) = (touch.client_x() - x, touch.client_y() - y);
                // A clear sideways swipe, not a scroll.
                if dx.abs() > 60 && dx.abs() > 2 * dy.abs() {
                    on_swipe.run(dx < 0);
                }
            }>
            <div class="cal-head-row">
                <div class="cal-corner"></div>
                {header}
            </div>
            <div class="cal-body">
                <div class="cal-hours">{hours}</div>
                {columns}
            </div>
        </div>
    }
}
