//! Stay in touch: a client with a contact frequency gets a follow-up due that many days after
//! the last contact, computed and never stored, so logging a visit or an interaction moves it
//! at once (docs/ANALYTICS.md, "Stay in touch").

use chrono::{DateTime, Days, NaiveDate, TimeZone, Utc};

use crate::model::{Client, Outcome};

use super::local::LocalDays;

/// When the client should next be contacted: the last contact's local date (the latest held
/// visit or logged interaction up to now, or the day the client was added when there is none)
/// plus the frequency. `None` without a frequency, or while an appointment is booked ahead.
pub fn due<Tz: TimeZone>(client: &Client, now: DateTime<Utc>, local: &LocalDays<Tz>) -> Option<NaiveDate> {
    let every = client.contact_every_days?;
    if client.visits.iter().any(|v| v.is_appointment(now)) {
        return None;
    }
    let last_visit =
        client.visits.iter().filter(|v| v.outcome == Outcome::Completed && v.start <= now).map(|v| v.start);
    let last_interaction = client.interactions.iter().filter(|i| i.at <= now).map(|i| i.at);
    let last = last_visit.chain(last_interaction).max().unwrap_or(client.created);
    local.date(last).checked_add_days(Days::new(u64::from(every)))
}
