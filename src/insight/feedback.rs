//! Feedback to handle: a held visit rated low or marked a complaint stays open until it is
//! resolved with a note (docs/ANALYTICS.md, "Feedback").

use chrono::{NaiveDate, TimeZone};

use crate::model::{InsightSettings, Outcome, Visit};

use super::local::LocalDays;

/// The visit opens a to-handle item: held, and rated at or below the low rating or marked a
/// complaint.
pub fn needs_handling(visit: &Visit, s: &InsightSettings) -> bool {
    visit.outcome == Outcome::Completed && (visit.complaint || visit.satisfaction.is_some_and(|r| r <= s.low_rating))
}

/// Its item is still open.
pub fn is_open(visit: &Visit, s: &InsightSettings) -> bool {
    needs_handling(visit, s) && visit.resolution.is_none()
}

/// Days from the visit's local date to the resolution's; `None` while open.
pub fn days_to_resolve<Tz: TimeZone>(visit: &Visit, local: &LocalDays<Tz>) -> Option<(NaiveDate, u32)> {
    let resolved = local.date(visit.resolution.as_ref()?.at);
    Some((resolved, (resolved - local.date(visit.start)).num_days().max(0) as u32))
}
