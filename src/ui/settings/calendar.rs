//! Settings → Calendar: working hours per weekday, the buffer between appointments, the
//! discreet calendar and blocked time. What is typed is checked by the model's rules
//! (`CalendarSettings::validate`, `BlockedTime::validate`) and saved through the settings save
//! path; nothing is saved while a problem is shown.

use chrono::{NaiveDate, Weekday};
use leptos::ev::SubmitEvent;
use leptos::prelude::*;

use crate::i18n::{first_day_of_week, lang, t, tf};
use crate::model::{
    new_record_id, weekday_name, BlockKind, BlockedTime, CalendarSettings, ClockTime, FieldError, Repeat, WorkingDay,
    MAX_BUFFER_MIN,
};

use super::super::actions::today;
use super::super::use_app;
use super::super::widgets::{error_for, CheckInput, SelectInput, TextInput};
use super::edit;

/// One weekday's working hours as typed.
#[derive(Clone, Debug, PartialEq)]
struct DayText {
    open: bool,
    from: String,
    to: String,
}

impl DayText {
    fn of(day: &WorkingDay) -> Self {
        Self { open: day.open, from: day.from.to_string(), to: end_text(day.to) }
    }
}

/// A time input cannot show 24:00, so a day that ends at midnight ends at "00:00" there, and
/// "00:00" as an end is read back as midnight: an end is never at the start of the day.
fn end_text(to: ClockTime) -> String {
    if to == ClockTime::END_OF_DAY {
        ClockTime::MIDNIGHT.to_string()
    } else {
        to.to_string()
    }
}

fn read_end(text: &str) -> Option<ClockTime> {
    ClockTime::parse(text).map(|to| if to == ClockTime::MIDNIGHT { ClockTime::END_OF_DAY } else { to })
}

fn read_date(text: &str) -> Option<NaiveDate> {
    NaiveDate::parse_from_str(text.trim(), "%Y-%m-%d").ok()
}

/// The week as the interface language starts it: Sunday first in English.
fn week_in_order() -> Vec<Weekday> {
    std::iter::successors(Some(first_day_of_week(lang())), |day| Some(day.succ())).take(7).collect()
}

#[component]
pub fn CalendarSettingsView() -> impl IntoView {
    let ctx = use_app();
    let discreet = Memo::new(move |_| ctx.book.with(|b| b.settings.calendar.discreet));
    let toggle_discreet = Callback::new(move |on: bool| {
        edit(ctx, t("Calendar saved."), move |s| s.calendar.discreet = on);
    });
    view! {
        <section aria-labelledby="calendar-title" class="calendar-settings">
            <h2 id="calendar-title">{t("Calendar")}</h2>
            <WorkingHours />
            <CheckInput id="calendar-discreet" label=t("Discreet calendar: show the alias or initials instead of the name")
                checked=discreet on_change=toggle_discreet />
            <BlockedTimes />
        </section>
    }
}

/// The hours of each weekday and the buffer, saved together.
#[component]
fn WorkingHours() -> impl IntoView {
    let ctx = use_app();
    let stored = ctx.book.with_untracked(|b| b.settings.calendar.clone());
    let days = RwSignal::new(stored.hours.map(|d| DayText::of(&d)));
    let buffer = RwSignal::new(stored.buffer_min.to_string());
    let errors = RwSignal::new(Vec::<FieldError>::new());

    let save = move |ev: SubmitEvent| {
        ev.prevent_default();
        let current = ctx.book.with_untracked(|b| b.settings.calendar.clone());
        let mut problems = Vec::new();
        let mut hours = current.hours;
        days.with_untracked(|typed| {
            for (i, day) in typed.iter().enumerate() {
                match (ClockTime::parse(&day.from), read_end(&day.to)) {
                    (Some(from), Some(to)) => hours[i] = WorkingDay { open: day.open, from, to },
                    // A closed day keeps the times it had; what is half-typed there is dropped.
                    _ if !day.open => hours[i].open = false,
                    _ => problems
                        .push(FieldError::new(format!("hours.{i}"), t("Enter both times, like 09:00 and 18:00."))),
                }
            }
        });
        let buffer_min = buffer.get_untracked().trim().parse::<u32>().unwrap_or(u32::MAX);
        let changed = CalendarSettings { hours, buffer_min, ..current };
        if let Err(more) = changed.validate() {
            // A day whose times did not read already has its message.
            let more: Vec<_> = more.into_iter().filter(|e| !problems.iter().any(|p| p.field == e.field)).collect();
            problems.extend(more);
        }
        if !problems.is_empty() {
            return errors.set(problems);
        }
        errors.set(Vec::new());
        edit(ctx, t("Working hours saved."), move |s| {
            s.calendar.hours = changed.hours;
            s.calendar.buffer_min = changed.buffer_min;
        });
    };

    let row = move |day: Weekday| {
        let i = day.num_days_from_monday() as usize;
        let name = weekday_name(day);
        let open = Signal::derive(move || days.with(|d| d[i].open));
        let error = error_for(errors, format!("hours.{i}"));
        let (from_id, to_id, error_id) =
            (format!("hours-{i}-from"), format!("hours-{i}-to"), format!("hours-{i}-error"));
        let invalid = move || if error.with(Option::is_some) { "true" } else { "false" };
        let time_input = move |id: String,
                               label: String,
                               value: fn(&DayText) -> &String,
                               set: fn(&mut DayText, String)| {
            let described = format!("hours-{i}-error");
            view! {
                <label class="visually-hidden" for=id.clone()>{label}</label>
                <input id=id type="time" prop:value=move || days.with(|d| value(&d[i]).clone()) aria-invalid=invalid
                    aria-describedby=described on:input=move |ev| days.update(|d| set(&mut d[i], event_target_value(&ev))) />
            }
        };
        view! {
            <div class="day-hours">
                <CheckInput id=format!("hours-{i}-open") label=name checked=open
                    on_change=Callback::new(move |on| days.update(|d| d[i].open = on)) />
                <Show when=move || open.get() fallback=|| view! { <span class="closed">{t("Closed")}</span> }>
                    <div class="day-times">
                        {time_input(from_id.clone(), tf("{day}: from", &[("day", name.to_owned())]), |d| &d.from, |d, v| d.from = v)}
                        <span aria-hidden="true">"–"</span>
                        {time_input(to_id.clone(), tf("{day}: to", &[("day", name.to_owned())]), |d| &d.to, |d, v| d.to = v)}
                    </div>
                </Show>
                <p id=error_id class="field-error">{move || error.get()}</p>
            </div>
        }
    };

    view! {
        <form class="working-hours" on:submit=save novalidate aria-labelledby="hours-title">
            <h3 id="hours-title">{t("Working hours")}</h3>
            {week_in_order().into_iter().map(row).collect_view()}
            <TextInput id="calendar-buffer" label=t("Minutes to keep free between appointments") input_type="number"
                value=buffer on_input=Callback::new(move |v| buffer.set(v)) error=error_for(errors, "buffer") />
            <p class="hint">{tf("Appointments closer together than this, or overlapping, are warned about before saving (0 to {max}).", &[("max", MAX_BUFFER_MIN.to_string())])}</p>
            <button type="submit">{t("Save working hours")}</button>
        </form>
    }
}

/// The list of blocked time, each with Remove, and the form that adds one.
#[component]
fn BlockedTimes() -> impl IntoView {
    let ctx = use_app();
    let blocked = Memo::new(move |_| ctx.book.with(|b| b.settings.calendar.blocked.clone()));
    let day = today().to_string();
    let kind = RwSignal::new("0".to_owned());
    let whole_days = RwSignal::new(false);
    let date = RwSignal::new(day.clone());
    let from = RwSignal::new("13:00".to_owned());
    let to = RwSignal::new("14:00".to_owned());
    let first = RwSignal::new(day.clone());
    let last = RwSignal::new(day);
    let repeat = RwSignal::new("0".to_owned());
    let note = RwSignal::new(String::new());
    let errors = RwSignal::new(Vec::<FieldError>::new());

    let pick = |text: String| text.parse::<usize>().unwrap_or(0);
    // A holiday or a day off is usually whole days that do not repeat; a break is a few hours.
    let choose_kind = Callback::new(move |value: String| {
        match BlockKind::ALL.get(pick(value.clone())) {
            Some(BlockKind::Holiday | BlockKind::DayOff) => {
                whole_days.set(true);
                repeat.set("0".to_owned());
            }
            Some(BlockKind::Break) => whole_days.set(false),
            _ => {}
        }
        kind.set(value);
    });

    let add = move |ev: SubmitEvent| {
        ev.prevent_default();
        let mut problems = Vec::new();
        let times = if whole_days.get_untracked() {
            let first = read_date(&first.get_untracked());
            let last = read_date(&last.get_untracked());
            if first.is_none() {
                problems.push(FieldError::new("first", t("Enter a date.")));
            }
            if last.is_none() {
                problems.push(FieldError::new("last", t("Enter a date.")));
            }
            first.zip(last).map(|(first, last)| {
                let whole = BlockedTime::whole_days(String::new(), BlockKind::Break, first, last);
                (whole.start, whole.end)
            })
        } else {
            let on = read_date(&date.get_untracked());
            let start = ClockTime::parse(&from.get_untracked());
            let end = read_end(&to.get_untracked());
            if on.is_none() {
                problems.push(FieldError::new("date", t("Enter a date.")));
            }
            if start.is_none() {
                problems.push(FieldError::new("from", t("Enter a time.")));
            }
            if end.is_none() {
                problems.push(FieldError::new("to", t("Enter a time.")));
            }
            match (on, start, end) {
                (Some(on), Some(start), Some(end)) => Some((start.on(on), end.on(on))),
                _ => None,
            }
        };
        let Some((start, end)) = times else { return errors.set(problems) };
        let block = BlockedTime {
            id: String::new(),
            kind: BlockKind::ALL.get(pick(kind.get_untracked())).copied().unwrap_or_default(),
            start,
            end,
            note: note.get_untracked().trim().to_owned(),
            repeat: Repeat::ALL.get(pick(repeat.get_untracked())).copied().unwrap_or_default(),
        };
        if let Err(more) = block.validate() {
            let end_field = if whole_days.get_untracked() { "last" } else { "to" };
            problems.extend(more.into_iter().map(|e| {
                if e.field == "end" {
                    FieldError::new(end_field, e.message)
                } else {
                    e
                }
            }));
        }
        if !problems.is_empty() {
            return errors.set(problems);
        }
        let id = match new_record_id() {
            Ok(id) => id,
            Err(e) => return errors.set(vec![FieldError::new("note", e.to_string())]),
        };
        errors.set(Vec::new());
        note.set(String::new());
        repeat.set("0".to_owned());
        edit(ctx, t("Blocked time added."), move |s| s.calendar.blocked.push(BlockedTime { id, ..block }));
    };

    let options = |labels: Vec<&'static str>| -> Vec<(String, String)> {
        labels.into_iter().enumerate().map(|(i, label)| (i.to_string(), label.to_owned())).collect()
    };
    view! {
        <h3 id="blocked-title">{t("Blocked time")}</h3>
        <p class="hint">{t("Breaks, holidays and days off are shaded in the calendar and warned about when booking.")}</p>
        <ul class="items blocked-list" aria-labelledby="blocked-title">
            {move || blocked.get().into_iter().map(|block| {
                let id = block.id.clone();
                let text = block.describe();
                view! {
                    <li>
                        <span class="blocked-what">{text.clone()}</span>
                        <button type="button" class="danger" aria-label=tf("Remove blocked time: {what}", &[("what", text)])
                            on:click=move |_| {
                                let id = id.clone();
                                edit(ctx, t("Blocked time removed."), move |s| s.calendar.blocked.retain(|b| b.id != id));
                            }>{t("Remove")}</button>
                    </li>
                }
            }).collect_view()}
        </ul>
        <Show when=move || blocked.with(Vec::is_empty)>
            <p class="empty">{t("No blocked time yet.")}</p>
        </Show>
        <form class="subform blocked-form" on:submit=add novalidate aria-labelledby="blocked-form-title">
            <h4 id="blocked-form-title">{t("Add blocked time")}</h4>
            <SelectInput id="blocked-kind" label=t("Kind") value=kind
                options=options(BlockKind::ALL.iter().map(|k| k.label()).collect()) on_change=choose_kind />
            <CheckInput id="blocked-whole" label=t("Whole days") checked=whole_days on_change=Callback::new(move |on| whole_days.set(on)) />
            <Show when=move || whole_days.get() fallback=move || view! {
                <TextInput id="blocked-date" label=t("Date") input_type="date" value=date
                    on_input=Callback::new(move |v| date.set(v)) error=error_for(errors, "date") />
                <div class="row">
                    <TextInput id="blocked-from" label=t("From") input_type="time" value=from
                        on_input=Callback::new(move |v| from.set(v)) error=error_for(errors, "from") />
                    <TextInput id="blocked-to" label=t("To") input_type="time" value=to
                        on_input=Callback::new(move |v| to.set(v)) error=error_for(errors, "to") />
                </div>
            }>
                <div class="row">
                    <TextInput id="blocked-first" label=t("First day") input_type="date" value=first
                        on_input=Callback::new(move |v| first.set(v)) error=error_for(errors, "first") />
                    <TextInput id="blocked-last" label=t("Last day") input_type="date" value=last
                        on_input=Callback::new(move |v| last.set(v)) error=error_for(errors, "last") />
                </div>
            </Show>
            <SelectInput id="blocked-repeat" label=t("Repeats") value=repeat
                options=options(Repeat::ALL.iter().map(|r| r.label()).collect()) on_change=Callback::new(move |v| repeat.set(v)) />
            <TextInput id="blocked-note" label=t("Note (optional)") value=note
                on_input=Callback::new(move |v| note.set(v)) error=error_for(errors, "note") />
            <button type="submit">{t("Add blocked time")}</button>
        </form>
    }
}
