//! One local day of the calendar: when the user works and what is blocked, as local times, to
//! shade the day and week views; whether a slot is free of both; the next free slot.
//!
//! Working hours and blocked time are wall-clock times (`model::CalendarSettings`), so this
//! module needs no time zone until appointments, stored in UTC, come in.

use chrono::{DateTime, Datelike, Days, NaiveDate, NaiveDateTime, NaiveTime, TimeZone, Timelike, Utc};

use crate::model::{BlockedTime, CalendarSettings, Repeat, Visit};

/// How far `next_free_slot` looks ahead at most.
pub const MAX_SEARCH_DAYS: u32 = 366;

/// Free slots start on the local clock's five-minute marks: 10:05, not 10:03.
pub const SLOT_STEP_MIN: u32 = 5;

/// One day's share of a blocked time, clipped to that day.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct BlockedSpan<'a> {
    pub block: &'a BlockedTime,
    pub from: NaiveDateTime,
    pub to: NaiveDateTime,
}

impl BlockedSpan<'_> {
    /// It covers its whole day: the calendar says "all day" rather than times.
    pub fn is_all_day(&self) -> bool {
        self.from.time() == NaiveTime::MIN && self.to == self.from + Days::new(1)
    }
}

/// What the calendar shades on one local day.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct DaySchedule<'a> {
    pub date: NaiveDate,
    /// The working time, `None` on a closed day.
    pub working: Option<(NaiveDateTime, NaiveDateTime)>,
    /// Blocked time on this day, by start.
    pub blocked: Vec<BlockedSpan<'a>>,
}

/// Working and blocked time on `date`, repeating blocked time included.
pub fn day_schedule(calendar: &CalendarSettings, date: NaiveDate) -> DaySchedule<'_> {
    let mut blocked: Vec<BlockedSpan> = calendar.blocked.iter().filter_map(|b| span_on(calendar, b, date)).collect();
    blocked.sort_by_key(|s| (s.from, s.to));
    DaySchedule { date, working: calendar.day(date.weekday()).on(date), blocked }
}

fn midnight(date: NaiveDate) -> NaiveDateTime {
    date.and_time(NaiveTime::MIN)
}

/// The part of `block` that falls on `date`, if any.
fn span_on<'a>(calendar: &CalendarSettings, block: &'a BlockedTime, date: NaiveDate) -> Option<BlockedSpan<'a>> {
    let (day_start, day_end) = (midnight(date), midnight(date + Days::new(1)));
    let (from, to) = match block.repeat {
        Repeat::Once => (block.start, block.end),
        _ if date < block.start.date() => return None,
        Repeat::Weekly if date.weekday() != block.start.weekday() => return None,
        Repeat::WorkingDays if !calendar.day(date.weekday()).open => return None,
        Repeat::Weekly | Repeat::WorkingDays => {
            let from = date.and_time(block.start.time());
            (from, from + (block.end - block.start))
        }
    };
    let (from, to) = (from.max(day_start), to.min(day_end));
    (from < to).then_some(BlockedSpan { block, from, to })
}

/// The blocked time that overlaps the local interval `from`..`to` (which may run past
/// midnight), each block once, by start.
pub fn blocked_between(calendar: &CalendarSettings, from: NaiveDateTime, to: NaiveDateTime) -> Vec<BlockedSpan<'_>> {
    let mut found: Vec<BlockedSpan> = Vec::new();
    let mut date = from.date();
    while midnight(date) < to {
        for span in day_schedule(calendar, date).blocked {
            let overlaps = span.from < to && from < span.to;
            if overlaps && !found.iter().any(|f| std::ptr::eq(f.block, span.block)) {
                found.push(span);
            }
        }
        date = date + Days::new(1);
    }
    found
}

/// Why a local interval is outside working hours; `None` when it lies within them.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum OffHours {
    /// The day it starts on is not a working day.
    ClosedDay(NaiveDate),
    /// It starts before the day's hours or ends after them; these are the hours.
    Outside { date: NaiveDate, open: NaiveDateTime, close: NaiveDateTime },
}

/// Whether `from`..`to` lies within the working hours of the day it starts on.
pub fn off_hours(calendar: &CalendarSettings, from: NaiveDateTime, to: NaiveDateTime) -> Option<OffHours> {
    let date = from.date();
    match calendar.day(date.weekday()).on(date) {
        None => Some(OffHours::ClosedDay(date)),
        Some((open, close)) if from < open || to > close => Some(OffHours::Outside { date, open, close }),
        Some(_) => None,
    }
}

/// Within working hours and clear of blocked time. Appointments are `conflict`'s business.
pub fn is_free(calendar: &CalendarSettings, from: NaiveDateTime, to: NaiveDateTime) -> bool {
    off_hours(calendar, from, to).is_none() && blocked_between(calendar, from, to).is_empty()
}

/// The first start at or after `after` (on a five-minute mark) of `minutes` free minutes:
/// within one day's working hours, clear of blocked time, and at least the buffer away from
/// every appointment in `booked` that still holds its time (`conflict::holds_time`). Looks
/// `days` days ahead, at most `MAX_SEARCH_DAYS`.
pub fn next_free_slot<'a, Tz: TimeZone>(
    calendar: &CalendarSettings,
    tz: &Tz,
    after: DateTime<Utc>,
    minutes: u32,
    booked: impl IntoIterator<Item = &'a Visit>,
    days: u32,
) -> Option<DateTime<Utc>> {
    let buffer = chrono::Duration::minutes(i64::from(calendar.buffer_min));
    // Each appointment as the local stretch it keeps others out of, buffer included.
    let busy: Vec<(NaiveDateTime, NaiveDateTime)> = booked
        .into_iter()
        .filter(|v| super::conflict::holds_time(v))
        .map(|v| (v.start.with_timezone(tz).naive_local() - buffer, v.end().with_timezone(tz).naive_local() + buffer))
        .collect();
    let length = chrono::Duration::minutes(i64::from(minutes));
    let after_local = after.with_timezone(tz).naive_local();
    let first = after_local.date();
    for offset in 0..days.min(MAX_SEARCH_DAYS) {
        let date = first + Days::new(u64::from(offset));
        let Some((open, close)) = calendar.day(date.weekday()).on(date) else { continue };
        let mut start = round_up(open.max(after_local));
        while start + length <= close {
            let end = start + length;
            // The latest end among what is in the way; the next try starts there.
            let blocked = blocked_between(calendar, start, end).into_iter().map(|s| s.to);
            let appointments = busy.iter().filter(|(from, to)| *from < end && start < *to).map(|(_, to)| *to);
            match blocked.chain(appointments).max() {
                None => return Some(super::local_instant(tz, start)),
                Some(clear) => start = round_up(clear),
            }
        }
    }
    None
}

/// The same time or the next five-minute mark, seconds dropped.
fn round_up(at: NaiveDateTime) -> NaiveDateTime {
    let whole = at.with_second(0).and_then(|t| t.with_nanosecond(0)).unwrap_or(at);
    let whole = if whole < at { whole + chrono::Duration::minutes(1) } else { whole };
    let past = whole.minute() % SLOT_STEP_MIN;
    if past == 0 {
        whole
    } else {
        whole + chrono::Duration::minutes(i64::from(SLOT_STEP_MIN - past))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{BlockKind, ClockTime, Outcome, WorkingDay};

    fn day(m: u32, d: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(2026, m, d).unwrap()
    }

    fn at(m: u32, d: u32, h: u32, min: u32) -> NaiveDateTime {
        day(m, d).and_hms_opt(h, min, 0).unwrap()
    }

    fn block(id: &str, kind: BlockKind, start: NaiveDateTime, end: NaiveDateTime, repeat: Repeat) -> BlockedTime {
        BlockedTime { id: id.into(), kind, start, end, note: String::new(), repeat }
    }

    /// Mon–Fri 09:00–18:00; lunch 13:00–14:00 every working day from Tue 1 Dec 2026; a
    /// dentist on Thursday 3 Dec 10:00–11:30; Friday 11 Dec off; yoga Wednesdays 08:00–09:30.
    fn calendar() -> CalendarSettings {
        CalendarSettings {
            blocked: vec![
                block("lunch", BlockKind::Break, at(12, 1, 13, 0), at(12, 1, 14, 0), Repeat::WorkingDays),
                block("dentist", BlockKind::Other, at(12, 3, 10, 0), at(12, 3, 11, 30), Repeat::Once),
                BlockedTime::whole_days("off".into(), BlockKind::DayOff, day(12, 11), day(12, 11)),
                block("yoga", BlockKind::Other, at(12, 2, 8, 0), at(12, 2, 9, 30), Repeat::Weekly),
            ],
            ..CalendarSettings::default()
        }
    }

    fn ids(spans: &[BlockedSpan]) -> Vec<String> {
        spans.iter().map(|s| s.block.id.clone()).collect()
    }

    #[test]
    fn a_day_shows_its_hours_and_every_blocked_time_on_it() {
        let calendar = calendar();
        // Thursday 3 Dec: working 09:00–18:00, the dentist, then lunch.
        let thursday = day_schedule(&calendar, day(12, 3));
        assert_eq!(thursday.working, Some((at(12, 3, 9, 0), at(12, 3, 18, 0))));
        assert_eq!(ids(&thursday.blocked), ["dentist", "lunch"]);
        assert_eq!((thursday.blocked[1].from, thursday.blocked[1].to), (at(12, 3, 13, 0), at(12, 3, 14, 0)));
        // Wednesday 9 Dec, a week after the first: yoga again, before work, and lunch.
        assert_eq!(ids(&day_schedule(&calendar, day(12, 9)).blocked), ["yoga", "lunch"]);
        // Monday 30 Nov is before the lunch break was set up: nothing.
        assert!(day_schedule(&calendar, day(11, 30)).blocked.is_empty());
        // Saturday 5 Dec is closed, so lunch "every working day" skips it.
        let saturday = day_schedule(&calendar, day(12, 5));
        assert_eq!((saturday.working, saturday.blocked.len()), (None, 0));
        // Friday 11 Dec is off all day; lunch is listed too, inside it.
        let off = day_schedule(&calendar, day(12, 11));
        assert_eq!(ids(&off.blocked), ["off", "lunch"]);
        assert!(off.blocked[0].is_all_day() && !off.blocked[1].is_all_day());
    }

    #[test]
    fn a_holiday_over_several_days_is_clipped_to_each() {
        // From New Year's Eve 15:00 to 3 January 00:00.
        let ny = block("ny", BlockKind::Holiday, at(12, 31, 15, 0), at(12, 31, 0, 0) + Days::new(3), Repeat::Once);
        let calendar = CalendarSettings { blocked: vec![ny], ..CalendarSettings::default() };
        let first = day_schedule(&calendar, day(12, 31));
        assert_eq!((first.blocked[0].from, first.blocked[0].to), (at(12, 31, 15, 0), at(12, 31, 0, 0) + Days::new(1)));
        let jan_1 = NaiveDate::from_ymd_opt(2027, 1, 1).unwrap();
        assert!(day_schedule(&calendar, jan_1).blocked[0].is_all_day());
        assert!(day_schedule(&calendar, jan_1 + Days::new(2)).blocked.is_empty(), "the end is not included");
    }

    #[test]
    fn a_slot_is_free_inside_hours_and_clear_of_blocked_time() {
        let calendar = calendar();
        assert!(
            is_free(&calendar, at(12, 3, 11, 30), at(12, 3, 13, 0)),
            "between the dentist and lunch, touching both"
        );
        assert!(!is_free(&calendar, at(12, 3, 12, 30), at(12, 3, 13, 30)), "into lunch");
        assert!(!is_free(&calendar, at(12, 3, 8, 30), at(12, 3, 9, 30)), "before opening");
        assert!(!is_free(&calendar, at(12, 5, 10, 0), at(12, 5, 11, 0)), "Saturday");
        assert_eq!(off_hours(&calendar, at(12, 5, 10, 0), at(12, 5, 11, 0)), Some(OffHours::ClosedDay(day(12, 5))));
        assert_eq!(
            off_hours(&calendar, at(12, 4, 17, 30), at(12, 4, 18, 30)),
            Some(OffHours::Outside { date: day(12, 4), open: at(12, 4, 9, 0), close: at(12, 4, 18, 0) })
        );
        assert_eq!(off_hours(&calendar, at(12, 4, 17, 0), at(12, 4, 18, 0)), None, "ending at closing time is inside");
    }

    #[test]
    fn an_appointment_across_midnight_meets_both_days() {
        // Open every day until 24:00; a holiday on Saturday 5 Dec. Friday 23:30 to Saturday
        // 00:30 ends past Friday's hours and runs into the holiday.
        let calendar = CalendarSettings {
            hours: [WorkingDay { open: true, from: ClockTime::hm(9, 0), to: ClockTime::END_OF_DAY }; 7],
            blocked: vec![BlockedTime::whole_days("sat".into(), BlockKind::Holiday, day(12, 5), day(12, 5))],
            ..CalendarSettings::default()
        };
        let (from, to) = (at(12, 4, 23, 30), at(12, 5, 0, 30));
        assert_eq!(ids(&blocked_between(&calendar, from, to)), ["sat"]);
        assert!(matches!(off_hours(&calendar, from, to), Some(OffHours::Outside { .. })));
        assert!(is_free(&calendar, at(12, 4, 23, 0), at(12, 5, 0, 0)), "until midnight is inside Friday");
    }

    #[test]
    fn the_next_free_slot_skips_blocked_time_appointments_and_the_buffer() {
        let mut calendar = calendar();
        calendar.buffer_min = 10;
        let booked = |start: NaiveDateTime, minutes: u32, outcome: Outcome| Visit {
            start: start.and_utc(),
            duration_min: minutes,
            outcome,
            ..Visit::default()
        };
        // Thursday 3 Dec from 09:02: 09:05 would leave 55 minutes before the dentist, too
        // short for an hour; after the dentist (11:30) there is an appointment 11:30–12:00,
        // so with the 10-minute buffer the slot starts at 12:10, and ends at 13:10, into
        // lunch. After lunch: 14:00, which is free.
        let visits = [
            booked(at(12, 3, 11, 30), 30, Outcome::Booked),
            booked(at(12, 3, 14, 0), 60, Outcome::Cancelled), // a cancelled one frees its time
        ];
        let next = next_free_slot(&calendar, &Utc, at(12, 3, 9, 2).and_utc(), 60, &visits, 7);
        assert_eq!(next, Some(at(12, 3, 14, 0).and_utc()));
        // Thirty minutes fit before the dentist at 09:05 (free 09:05–09:35).
        assert_eq!(
            next_free_slot(&calendar, &Utc, at(12, 3, 9, 2).and_utc(), 30, &visits, 7),
            Some(at(12, 3, 9, 5).and_utc())
        );
        // From Friday 17:30, two hours do not fit before closing; the weekend is closed, so
        // Monday 7 Dec at 09:00.
        assert_eq!(
            next_free_slot(&calendar, &Utc, at(12, 4, 17, 30).and_utc(), 120, &visits, 7),
            Some(at(12, 7, 9, 0).and_utc())
        );
        // Ten hours never fit in a nine-hour day.
        assert_eq!(next_free_slot(&calendar, &Utc, at(12, 4, 9, 0).and_utc(), 600, &visits, 30), None);
    }
}
