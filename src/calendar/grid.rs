//! What the day, week and month views show: which dates a view spans, the appointments in
//! them as the calendar names them, and where each one sits in a day's column.

use std::ops::Range;

use chrono::{DateTime, Datelike, Days, Months, NaiveDate, NaiveDateTime, TimeZone, Utc, Weekday};

use crate::book::Book;
use crate::model::{CalendarSettings, Outcome, Visit};
use crate::today::start_of_week;

use super::calendar_name;
use super::index::LONGEST_VISIT;

/// How much a view shows at once.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash)]
pub enum Span {
    #[default]
    Day,
    Week,
    /// The weeks that hold the month, whole.
    Month,
}

impl Span {
    pub const ALL: [Self; 3] = [Self::Day, Self::Week, Self::Month];

    /// The dates the view around `date` shows, the first included and the last not.
    pub fn dates(self, date: NaiveDate, first: Weekday) -> Range<NaiveDate> {
        // Near the ends of the dates chrono can count, a view shrinks rather than overflows.
        let after = |start: NaiveDate, days: u64| start..start.checked_add_days(Days::new(days)).unwrap_or(start);
        match self {
            Self::Day => after(date, 1),
            Self::Week => after(start_of_week(date, first), 7),
            Self::Month => {
                let first_of_month = date.with_day(1).unwrap_or(date);
                let next_month = first_of_month.checked_add_months(Months::new(1)).unwrap_or(first_of_month);
                let start = start_of_week(first_of_month, first);
                let days = (next_month - start).num_days().max(0) as u64;
                after(start, days.div_ceil(7) * 7)
            }
        }
    }

    /// The date the next (`forward`) or previous view is about: a day, a week or a month on.
    pub fn step(self, date: NaiveDate, forward: bool) -> NaiveDate {
        let moved = match (self, forward) {
            (Self::Day, true) => date.checked_add_days(Days::new(1)),
            (Self::Day, false) => date.checked_sub_days(Days::new(1)),
            (Self::Week, true) => date.checked_add_days(Days::new(7)),
            (Self::Week, false) => date.checked_sub_days(Days::new(7)),
            (Self::Month, true) => date.checked_add_months(Months::new(1)),
            (Self::Month, false) => date.checked_sub_months(Months::new(1)),
        };
        moved.unwrap_or(date)
    }
}

/// The instant a local date begins. Where midnight does not exist (a daylight-saving change at
/// midnight), the first instant after the gap.
pub fn start_of_day<Tz: TimeZone>(date: NaiveDate, tz: &Tz) -> DateTime<Utc> {
    let midnight = date.and_time(chrono::NaiveTime::MIN);
    (0..=3)
        .find_map(|hours| tz.from_local_datetime(&(midnight + chrono::Duration::hours(hours))).earliest())
        .map_or_else(|| midnight.and_utc(), |at| at.with_timezone(&Utc))
}

/// One appointment (or past visit) as the calendar shows it.
#[derive(Clone, Debug, PartialEq)]
pub struct CalendarItem {
    pub client_id: String,
    pub visit_id: String,
    /// The client's name, or with the discreet calendar their alias or initials.
    pub title: String,
    pub service: String,
    pub duration_min: u32,
    /// Local wall-clock start and end.
    pub start: NaiveDateTime,
    pub end: NaiveDateTime,
    pub outcome: Outcome,
    /// The client owes money for held visits.
    pub owes: bool,
    /// The client's pinned alert, if any.
    pub alert: String,
    /// The client is blocked: they should not have been booked.
    pub blocked: bool,
    /// The visit belongs to a recurring series.
    pub in_series: bool,
}

/// The visits that overlap the local dates `dates`, from the book's index, by start. Clients in
/// Trash are left out.
pub fn items_between<Tz: TimeZone>(book: &Book, dates: Range<NaiveDate>, tz: &Tz, discreet: bool) -> Vec<CalendarItem> {
    let from = start_of_day(dates.start, tz);
    let to = start_of_day(dates.end, tz);
    let mut items = Vec::new();
    let earliest = from.checked_sub_signed(LONGEST_VISIT).unwrap_or(from);
    for found in book.visit_index().starting_between(earliest, to) {
        let Some(entry) = book.entry(found.client_id) else { continue };
        let client = &entry.client;
        if client.trashed.is_some() {
            continue;
        }
        let Some(visit) = client.visits.iter().find(|v| v.id == found.visit_id) else { continue };
        let end = visit.start + chrono::Duration::minutes(i64::from(visit.duration_min));
        if end <= from {
            continue;
        }
        items.push(CalendarItem {
            client_id: client.id.clone(),
            visit_id: visit.id.clone(),
            title: calendar_name(client, discreet),
            service: visit.service.clone(),
            duration_min: visit.duration_min,
            start: visit.start.with_timezone(tz).naive_local(),
            end: end.with_timezone(tz).naive_local(),
            outcome: visit.outcome,
            owes: entry.stats.owed.values().any(|&owed| owed > 0),
            alert: client.alert.trim().to_owned(),
            blocked: client.is_blocked(),
            in_series: !visit.series.is_empty(),
        });
    }
    items
}

/// The visits, of any client out of Trash, that run at some time between `from` and `to`:
/// what a new or moved appointment there is checked against (`conflict::conflicts`).
pub fn visits_near(book: &Book, from: DateTime<Utc>, to: DateTime<Utc>) -> Vec<(&str, &Visit)> {
    book.visit_index()
        .starting_between(from.checked_sub_signed(LONGEST_VISIT).unwrap_or(from), to)
        .filter_map(|found| {
            let client = book.get(found.client_id).filter(|c| c.trashed.is_none())?;
            let visit = client.visits.iter().find(|v| v.id == found.visit_id)?;
            (visit.end() > from).then_some((client.id.as_str(), visit))
        })
        .collect()
}

/// The hours a day or week grid shows, `first..last`: the working hours of its days (8 to 20
/// when none is open), widened to hold the part of every item that falls on them, such as
/// the hour after midnight of an appointment that began the evening before.
pub fn shown_hours(items: &[CalendarItem], days: &[NaiveDate], calendar: &CalendarSettings) -> (u32, u32) {
    let hour_up = |minutes: i64| ((minutes + 59) / 60) as u32;
    let mut first = u32::MAX;
    let mut last = 0;
    for &day in days {
        if let Some((open, close)) = calendar.day(day.weekday()).on(day) {
            let midnight = day.and_time(chrono::NaiveTime::MIN);
            first = first.min(((open - midnight).num_minutes() / 60) as u32);
            last = last.max(hour_up((close - midnight).num_minutes()));
        }
    }
    if first == u32::MAX {
        (first, last) = (8, 20);
    }
    for item in items {
        for &day in days {
            let midnight = day.and_time(chrono::NaiveTime::MIN);
            let top = (item.start - midnight).num_minutes().clamp(0, DAY_MIN);
            let bottom = (item.end - midnight).num_minutes().clamp(0, DAY_MIN);
            if bottom > top {
                first = first.min((top / 60) as u32);
                last = last.max(hour_up(bottom));
            }
        }
    }
    let first = first.min(23);
    (first, last.clamp(first + 1, 24))
}

/// Where an item sits in one day's column: minutes from the day's start, and which of the
/// side-by-side lanes it takes when appointments overlap.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Placed {
    /// Index into the items given to [`lay_out_day`].
    pub item: usize,
    pub top_min: u32,
    pub height_min: u32,
    pub lane: u32,
    /// Lanes in this item's group of overlapping items: its width is 1 / `lanes`.
    pub lanes: u32,
}

const DAY_MIN: i64 = 24 * 60;

/// Lays out the part of each item that falls on `day`: items that overlap share the width in
/// lanes, each taking the first lane free at its start; a group of items that overlap one
/// another, directly or through others, shares one lane count.
pub fn lay_out_day(items: &[CalendarItem], day: NaiveDate) -> Vec<Placed> {
    let day_start = day.and_time(chrono::NaiveTime::MIN);
    let minutes = |at: NaiveDateTime| (at - day_start).num_minutes().clamp(0, DAY_MIN);
    let mut spans: Vec<(usize, i64, i64)> = items
        .iter()
        .enumerate()
        .map(|(i, item)| (i, minutes(item.start), minutes(item.end)))
        // The item touches this day; a zero-length clip is another day's.
        .filter(|&(i, top, bottom)| bottom > top || (items[i].start == items[i].end && items[i].start.date() == day))
        .collect();
    spans.sort_by_key(|&(i, top, bottom)| (top, std::cmp::Reverse(bottom), i));

    let mut placed: Vec<Placed> = Vec::with_capacity(spans.len());
    let mut group_start = 0;
    let mut group_end = i64::MIN;
    // The minute each lane of the current group is free again.
    let mut lane_free: Vec<i64> = Vec::new();
    for (item, top, bottom) in spans {
        if top >= group_end {
            close_group(&mut placed[group_start..], lane_free.len());
            group_start = placed.len();
            lane_free.clear();
        }
        let lane = match lane_free.iter().position(|&free| free <= top) {
            Some(lane) => lane,
            None => {
                lane_free.push(0);
                lane_free.len() - 1
            }
        };
        // A visit shorter than the smallest drawn height still takes that much room.
        let shown_bottom = bottom.max(top + MIN_HEIGHT_MIN);
        lane_free[lane] = shown_bottom;
        group_end = group_end.max(shown_bottom);
        placed.push(Placed {
            item,
            top_min: top as u32,
            height_min: (bottom - top).max(0) as u32,
            lane: lane as u32,
            lanes: 0,
        });
    }
    close_group(&mut placed[group_start..], lane_free.len());
    placed
}

/// The least height, in minutes, an item is drawn with, so its name stays readable.
pub const MIN_HEIGHT_MIN: i64 = 20;

fn close_group(group: &mut [Placed], lanes: usize) {
    for placed in group {
        placed.lanes = lanes.max(1) as u32;
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::Client;
    use chrono::FixedOffset;

    fn date(y: i32, m: u32, d: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, d).unwrap()
    }

    fn item(start: &str, minutes: i64) -> CalendarItem {
        let start = NaiveDateTime::parse_from_str(start, "%Y-%m-%d %H:%M").unwrap();
        CalendarItem {
            client_id: String::new(),
            visit_id: String::new(),
            title: String::new(),
            service: String::new(),
            duration_min: minutes as u32,
            start,
            end: start + chrono::Duration::minutes(minutes),
            outcome: Outcome::Booked,
            owes: false,
            alert: String::new(),
            blocked: false,
            in_series: false,
        }
    }

    #[test]
    fn a_week_starts_on_the_given_weekday_and_a_month_shows_whole_weeks() {
        // Tuesday Nov 24, 2026.
        let tuesday = date(2026, 11, 24);
        assert_eq!(Span::Day.dates(tuesday, Weekday::Mon), tuesday..date(2026, 11, 25));
        assert_eq!(Span::Week.dates(tuesday, Weekday::Mon), date(2026, 11, 23)..date(2026, 11, 30));
        assert_eq!(Span::Week.dates(tuesday, Weekday::Sun), date(2026, 11, 22)..date(2026, 11, 29));
        // November 2026 starts on a Sunday and ends on a Monday: from Monday Oct 26 to Sunday
        // Dec 6, six whole weeks.
        assert_eq!(Span::Month.dates(tuesday, Weekday::Mon), date(2026, 10, 26)..date(2026, 12, 7));
        // February 2027 starts on a Monday and has 28 days: exactly four weeks.
        assert_eq!(Span::Month.dates(date(2027, 2, 10), Weekday::Mon), date(2027, 2, 1)..date(2027, 3, 1));
    }

    #[test]
    fn the_grid_shows_the_working_hours_and_every_appointment_part() {
        let calendar = CalendarSettings::default();
        // Mon–Fri 09:00–18:00 by default; Tuesday Nov 24, 2026.
        let tuesday = date(2026, 11, 24);
        let week: Vec<NaiveDate> = Span::Week.dates(tuesday, Weekday::Mon).start.iter_days().take(7).collect();
        assert_eq!(shown_hours(&[], &week, &calendar), (9, 18));
        // A weekend day alone: nobody works, 8 to 20.
        assert_eq!(shown_hours(&[], &[date(2026, 11, 28)], &calendar), (8, 20));
        // Tuesday 23:00 to Wednesday 01:00: the grid runs from midnight (Wednesday's part) to
        // midnight (Tuesday's).
        assert_eq!(shown_hours(&[item("2026-11-24 23:00", 120)], &week, &calendar), (0, 24));
        // In Wednesday's day view only its part counts: 00:00–01:00.
        assert_eq!(shown_hours(&[item("2026-11-24 23:00", 120)], &[date(2026, 11, 25)], &calendar), (0, 18));
        // 18:10–18:40 widens the end to 19.
        assert_eq!(shown_hours(&[item("2026-11-24 18:10", 30)], &week, &calendar), (9, 19));
    }

    #[test]
    fn views_near_the_ends_of_the_calendar_do_not_overflow() {
        for span in Span::ALL {
            let dates = span.dates(NaiveDate::MAX, Weekday::Mon);
            assert!(dates.start <= dates.end, "{span:?}");
        }
        assert_eq!(Span::Week.dates(NaiveDate::MIN, Weekday::Sun).start, NaiveDate::MIN);
        assert_eq!(Span::Day.step(NaiveDate::MIN, false), NaiveDate::MIN);
    }

    #[test]
    fn stepping_moves_a_day_a_week_or_a_month() {
        assert_eq!(Span::Day.step(date(2026, 12, 31), true), date(2027, 1, 1));
        assert_eq!(Span::Week.step(date(2026, 11, 24), false), date(2026, 11, 17));
        // Jan 31 plus a month is the last day of February.
        assert_eq!(Span::Month.step(date(2027, 1, 31), true), date(2027, 2, 28));
    }

    #[test]
    fn a_day_starts_at_local_midnight() {
        let kyiv = FixedOffset::east_opt(2 * 3600).unwrap();
        // Midnight in Kyiv (UTC+2) is 22:00 UTC the day before.
        assert_eq!(start_of_day(date(2026, 11, 24), &kyiv), Utc.with_ymd_and_hms(2026, 11, 23, 22, 0, 0).unwrap());
    }

    #[test]
    fn overlapping_items_share_the_width_and_separate_ones_take_it_all() {
        let items = [
            item("2026-11-24 09:00", 60),
            item("2026-11-24 09:30", 60),
            item("2026-11-24 10:00", 30), // a's lane is free again at 10:00
            item("2026-11-24 12:00", 30), // alone
        ];
        let placed = lay_out_day(&items, date(2026, 11, 24));
        let lanes: Vec<(usize, u32, u32)> = placed.iter().map(|p| (p.item, p.lane, p.lanes)).collect();
        assert_eq!(lanes, [(0, 0, 2), (1, 1, 2), (2, 0, 2), (3, 0, 1)]);
        assert_eq!((placed[0].top_min, placed[0].height_min), (9 * 60, 60));
    }

    #[test]
    fn an_item_across_midnight_shows_its_part_on_each_day() {
        let items = [item("2026-11-24 23:00", 120)];
        let first = lay_out_day(&items, date(2026, 11, 24));
        assert_eq!((first[0].top_min, first[0].height_min), (23 * 60, 60));
        let second = lay_out_day(&items, date(2026, 11, 25));
        assert_eq!((second[0].top_min, second[0].height_min), (0, 60));
        assert!(lay_out_day(&items, date(2026, 11, 26)).is_empty());
    }

    #[test]
    fn the_book_gives_the_visits_of_a_range_including_one_begun_the_day_before() {
        let kyiv = FixedOffset::east_opt(2 * 3600).unwrap();
        let now = Utc.with_ymd_and_hms(2026, 11, 20, 12, 0, 0).unwrap();
        let mut anna = Client::new("anna".into(), now);
        anna.name = "Anna Karpenko".into();
        anna.alias = "A.".into();
        let visit = |id: &str, start: DateTime<Utc>, minutes| Visit {
            id: id.into(),
            start,
            duration_min: minutes,
            ..Visit::default()
        };
        anna.visits = vec![
            // 23:00 to 01:00 Kyiv time, Nov 23 into Nov 24.
            visit("late", Utc.with_ymd_and_hms(2026, 11, 23, 21, 0, 0).unwrap(), 120),
            // Nov 24 10:00 Kyiv.
            visit("day", Utc.with_ymd_and_hms(2026, 11, 24, 8, 0, 0).unwrap(), 60),
            // Nov 25 00:00 Kyiv: the next day.
            visit("next", Utc.with_ymd_and_hms(2026, 11, 24, 22, 0, 0).unwrap(), 60),
        ];
        let mut gone = Client::new("gone".into(), now);
        gone.visits = vec![visit("trashed", Utc.with_ymd_and_hms(2026, 11, 24, 9, 0, 0).unwrap(), 60)];
        gone.trashed = Some(now);
        let book = Book::new(vec![anna, gone], crate::model::Settings::default(), now);

        let day = date(2026, 11, 24)..date(2026, 11, 25);
        let items = items_between(&book, day.clone(), &kyiv, false);
        let ids: Vec<&str> = items.iter().map(|i| i.visit_id.as_str()).collect();
        assert_eq!(ids, ["late", "day"]);
        assert_eq!(items[1].title, "Anna Karpenko");
        assert_eq!(items[1].start, NaiveDateTime::parse_from_str("2026-11-24 10:00", "%Y-%m-%d %H:%M").unwrap());
        assert_eq!(items_between(&book, day, &kyiv, true)[0].title, "A.");

        // Around Nov 24 07:30–08:30 UTC: the 08:00 visit, not the one that ended at 23:00 UTC
        // the day before, nor the trashed client's.
        let near = visits_near(
            &book,
            Utc.with_ymd_and_hms(2026, 11, 24, 7, 30, 0).unwrap(),
            Utc.with_ymd_and_hms(2026, 11, 24, 8, 30, 0).unwrap(),
        );
        let near: Vec<&str> = near.iter().map(|(_, v)| v.id.as_str()).collect();
        assert_eq!(near, ["day"]);
    }
}
