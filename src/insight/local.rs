//! Instants to local dates and times, for every visit of a large book.
//!
//! In the browser the time zone is `chrono::Local`, which asks JavaScript's `Date` for each
//! instant: a hundred thousand visits would take longer than the dashboard's budget. A UTC
//! day's offset is asked at its first and last second; when both agree, every instant of that
//! day has it. Only a day with a daylight-saving change asks for each instant.

use std::cell::RefCell;

use chrono::{DateTime, Duration, NaiveDate, NaiveDateTime, Offset, TimeZone, Utc};
use rustc_hash::FxHashMap as HashMap;

const DAY_SECONDS: i64 = 86_400;

pub struct LocalDays<'a, Tz: TimeZone> {
    tz: &'a Tz,
    /// UTC day number -> the offset (seconds east of UTC) for the whole day, or `None` when
    /// it changes during the day.
    days: RefCell<HashMap<i64, Option<i32>>>,
}

impl<'a, Tz: TimeZone> LocalDays<'a, Tz> {
    pub fn new(tz: &'a Tz) -> Self {
        Self { tz, days: RefCell::new(HashMap::default()) }
    }

    fn offset_at(&self, seconds: i64) -> i32 {
        DateTime::from_timestamp(seconds, 0)
            .map_or(0, |t| self.tz.offset_from_utc_datetime(&t.naive_utc()).fix().local_minus_utc())
    }

    /// The local date and time of an instant.
    pub fn local(&self, at: DateTime<Utc>) -> NaiveDateTime {
        let day = at.timestamp().div_euclid(DAY_SECONDS);
        let whole_day = *self.days.borrow_mut().entry(day).or_insert_with(|| {
            let first = self.offset_at(day * DAY_SECONDS);
            (first == self.offset_at(day * DAY_SECONDS + DAY_SECONDS - 1)).then_some(first)
        });
        let offset = whole_day.unwrap_or_else(|| self.offset_at(at.timestamp()));
        at.naive_utc() + Duration::seconds(i64::from(offset))
    }

    /// The local date of an instant.
    pub fn date(&self, at: DateTime<Utc>) -> NaiveDate {
        self.local(at).date()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::FixedOffset;
    use chrono_tz::Europe::Kyiv;

    #[test]
    fn matches_the_time_zone_on_every_hour_of_a_year_with_two_clock_changes() {
        let local = LocalDays::new(&Kyiv);
        let mut at: DateTime<Utc> = "2026-01-01T00:30:00Z".parse().unwrap();
        while at.year_ce().1 == 2026 {
            assert_eq!(local.local(at), at.with_timezone(&Kyiv).naive_local(), "{at}");
            at += Duration::minutes(59);
        }
    }

    #[test]
    fn a_visit_at_half_past_eleven_is_on_its_local_day() {
        let plus_two = FixedOffset::east_opt(2 * 3600).unwrap();
        let local = LocalDays::new(&plus_two);
        let at: DateTime<Utc> = "2026-03-31T21:30:00Z".parse().unwrap();
        assert_eq!(local.date(at), NaiveDate::from_ymd_opt(2026, 3, 31).unwrap());
        assert_eq!(local.date(at + Duration::minutes(30)), NaiveDate::from_ymd_opt(2026, 4, 1).unwrap());
    }

    use chrono::Datelike;
}
