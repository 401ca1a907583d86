//! Dates and times as the forms take them: typed in the person's own time zone, stored in UTC.

use chrono::{DateTime, Local, NaiveDate, NaiveTime, Timelike, Utc};

/// Local date and time typed into a form, as a UTC instant.
pub fn local_instant(date: &str, time: &str) -> Option<DateTime<Utc>> {
    let date = NaiveDate::parse_from_str(date.trim(), "%Y-%m-%d").ok()?;
    let time = NaiveTime::parse_from_str(time.trim(), "%H:%M").ok()?;
    // A time the clocks skip that night moves forward by the gap, as the calendar reads it.
    Some(crate::calendar::local_instant(&Local, date.and_time(time)))
}

/// The start of the next full hour, as the date and time a new visit proposes.
pub fn next_full_hour() -> (String, String) {
    let next = Local::now() + chrono::Duration::hours(1);
    let next = next.with_minute(0).unwrap_or(next);
    (next.format("%Y-%m-%d").to_string(), next.format("%H:00").to_string())
}
