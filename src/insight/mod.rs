//! What the book means: the numbers and labels computed from the clients' histories, on the
//! device, for the dashboard, Today, the profile, the client list and segments. Every rule is
//! defined exactly in docs/ANALYTICS.md; each is a pure function of the book, the settings,
//! the date and the time zone, tested natively on hand-computed fixtures.
//!
//! - `local.rs`: instants to local dates, fast enough for every visit of a large book;
//! - `value.rs`: one client's value (money, visits, the typical interval);
//! - `lifecycle.rs`: lifecycle stages and the churn warning (drifting);
//! - `rfm.rs`: recency, frequency and monetary scores by quintile, and their named segments;
//! - `feedback.rs`: low ratings and complaints to handle;
//! - `stay_in_touch.rs`: the follow-up a contact frequency makes due;
//! - `loyalty.rs`: points, tiers and the birthday perk;
//! - `explain.rs`: why a client is in their stage, in words;
//! - `book.rs`: all of the above for every client at once (`BookInsight`), and the table of
//!   visits the dashboard reads;
//! - `dashboard.rs`: date ranges, KPIs against the previous period, chart series, CSV.

pub mod book;
pub mod dashboard;
pub mod explain;
pub mod feedback;
pub mod lifecycle;
pub mod local;
pub mod loyalty;
pub mod rfm;
pub mod stay_in_touch;
pub mod value;

pub use book::{BookInsight, ClientInsight, FeedbackFact, GroupCounts, VisitFact};
pub use lifecycle::{Drift, Stage};
pub use local::LocalDays;
pub use rfm::{RfmScores, RfmSegment};
pub use value::ClientValue;

#[cfg(test)]
mod tests;
