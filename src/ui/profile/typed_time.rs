//! Dates and times as the forms take them: typed in the person's own time zone, stored in UTC.

use chrono::{DateTime, Local, NaiveDate, NaiveTime, TimeZone, Timelike, Utc};

/// Local date and time typed into a form, as a UTC instant.
pub fn local_instant(date: &str, time: &str) -> Option<DateTime<Utc>> {
    let date = NaiveDate::parse_from_str(date.trim(), "%Y-%m-%d").ok()?;
    let time = NaiveTime::parse_from_str(time.trim(), "%H:%M").ok()?;
    Local.from_local_datetime(&date.and_time(time)).earliest().map(|t| t.with_timezone(&Utc))
}

/// The start of the next full hour, as the date and time a new visit proposes.
pub fn next_full_hour() -> (String, String) {
    let next = Local::now() + chrono::Duration::hours(1);
    let next = next.with_minute(0).unwrap_or(next);
    (next.format("%Y-%m-%d").to_string(), next.format("%H:00").to_string())
}
