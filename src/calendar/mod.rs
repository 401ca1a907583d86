//! The calendar: appointments by date, the rules a booking meets (working hours, blocked
//! time, the buffer between appointments, recurring series) and how a client is named in it.
//! Plain Rust, tested natively; the calendar screens call it and hold no rules.
//!
//! Instants are stored in UTC (`Visit::start`); working hours and blocked time are local
//! wall-clock times (`model::CalendarSettings`). Everything that meets the two is generic over
//! `Tz: TimeZone`: the app passes `chrono::Local`, the browser's zone with its daylight-saving
//! changes, and the tests pass real zones.
//!
//! - `series`: recurring appointments, expanded into separate visits; "this and the following"
//!   edits and cancellations.
//! - `conflict`: what to warn about before an appointment is saved.
//! - `hours`: one local day's working and blocked time, free slots.
//! - `index`: every visit in memory by start time, kept in step with the book, so a day, a
//!   week or a month is a range read and never a pass over every client.
//! - `grid`: what the day, week and month views show, and where each appointment sits.
//! - `booking`: a new appointment, and a client created on the spot.

pub mod booking;
pub mod conflict;
pub mod grid;
pub mod hours;
pub mod index;
pub mod series;

use chrono::{DateTime, Days, NaiveDateTime, Offset, TimeZone, Utc};

use crate::model::Client;

/// The instant a local wall-clock time names in `tz`. A time the clocks skip (02:30 on the
/// night they go forward) moves forward by the gap (to 03:30), as a person whose clock
/// jumped would read it; a time that happens twice (02:30 on the night they go back) is the
/// first of the two.
pub fn local_instant<Tz: TimeZone>(tz: &Tz, local: NaiveDateTime) -> DateTime<Utc> {
    match tz.from_local_datetime(&local) {
        chrono::LocalResult::Single(at) => at.with_timezone(&Utc),
        chrono::LocalResult::Ambiguous(earlier, _) => earlier.with_timezone(&Utc),
        chrono::LocalResult::None => {
            // Read with the offset in force before the gap, the time lands after it by the
            // gap's length. A day earlier is before the gap: no zone changes twice in a day.
            let before = tz.offset_from_utc_datetime(&(local - Days::new(1))).fix();
            (local - before).and_utc()
        }
    }
}

/// How the calendar names a client: their name, or in the discreet calendar what
/// `discreet_name` gives.
pub fn calendar_name(client: &Client, discreet: bool) -> String {
    if discreet {
        discreet_name(client)
    } else {
        client.name.clone()
    }
}

/// A name that does not give the client away to someone looking over the shoulder: their
/// alias, or the initials of their name when they have none.
pub fn discreet_name(client: &Client) -> String {
    if client.alias.trim().is_empty() {
        client.initials()
    } else {
        client.alias.trim().to_owned()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::NaiveDate;
    use chrono_tz::Europe::Berlin;

    fn local(y: i32, m: u32, d: u32, h: u32, min: u32) -> NaiveDateTime {
        NaiveDate::from_ymd_opt(y, m, d).unwrap().and_hms_opt(h, min, 0).unwrap()
    }

    fn utc(text: &str) -> DateTime<Utc> {
        text.parse().unwrap()
    }

    #[test]
    fn local_times_become_instants_across_daylight_saving_changes() {
        // Winter in Berlin is UTC+1, summer UTC+2.
        assert_eq!(local_instant(&Berlin, local(2026, 3, 20, 10, 0)), utc("2026-03-20T09:00:00Z"));
        assert_eq!(local_instant(&Berlin, local(2026, 4, 3, 10, 0)), utc("2026-04-03T08:00:00Z"));
        // On 29 March 2026 the clocks go from 02:00 to 03:00: 02:30 does not exist and moves
        // forward by the hour to 03:30 summer time, 01:30 UTC.
        assert_eq!(local_instant(&Berlin, local(2026, 3, 29, 2, 30)), utc("2026-03-29T01:30:00Z"));
        // On 25 October 2026 they go from 03:00 back to 02:00: 02:30 happens twice, at 00:30
        // UTC (summer time) and 01:30 UTC (winter time). The earlier is taken.
        assert_eq!(local_instant(&Berlin, local(2026, 10, 25, 2, 30)), utc("2026-10-25T00:30:00Z"));
        assert_eq!(local_instant(&Utc, local(2026, 10, 25, 2, 30)), utc("2026-10-25T02:30:00Z"));
    }

    #[test]
    fn the_discreet_calendar_shows_the_alias_or_the_initials() {
        let client = |name: &str, alias: &str| Client { name: name.into(), alias: alias.into(), ..Client::default() };
        assert_eq!(discreet_name(&client("Anna Petrova", "Annie")), "Annie");
        assert_eq!(discreet_name(&client("anna petrova", " ")), "A. P.");
        assert_eq!(discreet_name(&client("Олена Коваль", "")), "О. К.");
        assert_eq!(discreet_name(&client("王芳", "")), "王");
        assert_eq!(discreet_name(&client("\"Bob\" Smith", "")), "B. S.");
        assert_eq!(calendar_name(&client("Anna Petrova", ""), false), "Anna Petrova");
        assert_eq!(calendar_name(&client("Anna Petrova", ""), true), "A. P.");
    }
}
