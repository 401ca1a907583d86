//! What happens with a client over time: visits (future ones are appointments), the
//! interaction log, follow-ups, and the statistics a profile shows.

use crate::i18n::t;
use std::collections::BTreeMap;

use chrono::{DateTime, NaiveDate, Utc};
use serde::{Deserialize, Serialize};

use super::client::{Client, FieldError};

#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub enum Outcome {
    #[default]
    Booked,
    Completed,
    Cancelled,
    NoShow,
}

impl Outcome {
    pub const ALL: [Self; 4] = [Self::Booked, Self::Completed, Self::Cancelled, Self::NoShow];

    pub fn label(self) -> &'static str {
        match self {
            Self::Booked => t("Booked"),
            Self::Completed => t("Completed"),
            Self::Cancelled => t("Cancelled"),
            Self::NoShow => t("No-show"),
        }
    }
}

#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub enum PaymentStatus {
    #[default]
    Unpaid,
    Partial,
    Paid,
    Waived,
}

impl PaymentStatus {
    pub const ALL: [Self; 4] = [Self::Unpaid, Self::Partial, Self::Paid, Self::Waived];

    pub fn label(self) -> &'static str {
        match self {
            Self::Unpaid => t("Unpaid"),
            Self::Partial => t("Partly paid"),
            Self::Paid => t("Paid"),
            Self::Waived => t("Waived"),
        }
    }
}

/// One visit. A visit whose start is in the future is an appointment.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct Visit {
    pub id: String,
    #[serde(with = "super::instant")]
    pub start: DateTime<Utc>,
    pub duration_min: u32,
    /// The service's name, copied from the catalogue so renaming a service keeps history.
    pub service: String,
    /// Price and amount paid, in minor units of `currency`.
    pub price: i64,
    pub paid: i64,
    pub currency: String,
    pub payment: PaymentStatus,
    #[serde(skip_serializing_if = "String::is_empty")]
    pub location: String,
    pub outcome: Outcome,
    /// 1 to 5.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub satisfaction: Option<u8>,
    #[serde(skip_serializing_if = "String::is_empty")]
    pub feedback: String,
    #[serde(skip_serializing_if = "String::is_empty")]
    pub private_note: String,
    /// The random id of the recurring series this visit was booked in; empty for a visit on
    /// its own. Visits of a series are separate visits that share it (`calendar::series`).
    #[serde(skip_serializing_if = "String::is_empty")]
    pub series: String,
    /// Every earlier time of this visit, oldest first: "rescheduled from …" in its history.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub moves: Vec<Reschedule>,
    /// The feedback is a complaint: the visit needs handling even with a good rating
    /// (`insight::feedback`).
    #[serde(skip_serializing_if = "std::ops::Not::not")]
    pub complaint: bool,
    /// How a low rating or a complaint was handled; the to-handle item is open until this is set.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub resolution: Option<Resolution>,
    /// Loyalty points spent on this visit (`insight::loyalty`).
    #[serde(skip_serializing_if = "is_zero")]
    pub points_redeemed: u32,
}

fn is_zero(n: &u32) -> bool {
    *n == 0
}

/// A low rating or a complaint handled: when, and what was done.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Resolution {
    #[serde(with = "super::instant")]
    pub at: DateTime<Utc>,
    pub note: String,
}

/// One move or resize of a visit: when it happened and where the visit was before.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Reschedule {
    /// When the visit was moved.
    #[serde(with = "super::instant")]
    pub at: DateTime<Utc>,
    #[serde(with = "super::instant")]
    pub from_start: DateTime<Utc>,
    pub from_duration_min: u32,
}

impl Visit {
    /// Moves or resizes the visit, keeping where it was in `moves`. Returns false, and records
    /// nothing, when neither the start nor the duration changes.
    pub fn reschedule(&mut self, start: DateTime<Utc>, duration_min: u32, now: DateTime<Utc>) -> bool {
        if start == self.start && duration_min == self.duration_min {
            return false;
        }
        self.moves.push(Reschedule { at: now, from_start: self.start, from_duration_min: self.duration_min });
        self.start = start;
        self.duration_min = duration_min;
        true
    }

    /// When the visit ends.
    pub fn end(&self) -> DateTime<Utc> {
        self.start + chrono::Duration::minutes(i64::from(self.duration_min))
    }

    /// This visit as a form typed it, with the series, the moves and the feedback's resolution
    /// of the stored visit it edits: a form knows none of them, and saving it must not drop them.
    pub fn with_history_of(self, stored: &Visit) -> Self {
        Self {
            series: stored.series.clone(),
            moves: stored.moves.clone(),
            resolution: stored.resolution.clone(),
            ..self
        }
    }

    pub fn is_appointment(&self, now: DateTime<Utc>) -> bool {
        self.start > now && self.outcome == Outcome::Booked
    }

    pub fn validate(&self) -> Result<(), Vec<FieldError>> {
        let mut errors = Vec::new();
        if !(1..=24 * 60).contains(&self.duration_min) {
            errors.push(FieldError::new("duration", t("A visit lasts between 1 minute and 24 hours.")));
        }
        if self.price < 0 || self.paid < 0 {
            errors.push(FieldError::new("price", t("Amounts cannot be negative.")));
        }
        if self.currency.len() != 3 || !self.currency.chars().all(|c| c.is_ascii_uppercase()) {
            errors.push(FieldError::new("currency", t("Use a three-letter currency code, like EUR or UAH.")));
        }
        if self.satisfaction.is_some_and(|s| !(1..=5).contains(&s)) {
            errors.push(FieldError::new("satisfaction", t("Satisfaction is from 1 to 5.")));
        }
        if errors.is_empty() {
            Ok(())
        } else {
            Err(errors)
        }
    }
}

#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub enum Channel {
    #[default]
    Call,
    Sms,
    Messenger,
    Email,
    InPerson,
    Social,
}

impl Channel {
    pub const ALL: [Self; 6] = [Self::Call, Self::Sms, Self::Messenger, Self::Email, Self::InPerson, Self::Social];

    pub fn label(self) -> &'static str {
        match self {
            Self::Call => t("Call"),
            Self::Sms => t("SMS"),
            Self::Messenger => t("Messenger"),
            Self::Email => t("Email"),
            Self::InPerson => t("In person"),
            Self::Social => t("Social"),
        }
    }
}

#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub enum Direction {
    #[default]
    Outgoing,
    Incoming,
}

impl Direction {
    pub fn label(self) -> &'static str {
        match self {
            Self::Outgoing => t("Outgoing"),
            Self::Incoming => t("Incoming"),
        }
    }
}

#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct Interaction {
    pub id: String,
    #[serde(with = "super::instant")]
    pub at: DateTime<Utc>,
    pub channel: Channel,
    pub direction: Direction,
    #[serde(skip_serializing_if = "String::is_empty")]
    pub topic: String,
    #[serde(skip_serializing_if = "String::is_empty")]
    pub notes: String,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct FollowUp {
    pub id: String,
    pub due: NaiveDate,
    pub text: String,
    #[serde(default)]
    pub done: bool,
}

/// One entry of a profile's timeline: visits and interactions merged.
#[derive(Clone, Copy, Debug, PartialEq)]
pub enum TimelineItem<'a> {
    Visit(&'a Visit),
    Interaction(&'a Interaction),
}

impl TimelineItem<'_> {
    pub fn at(&self) -> DateTime<Utc> {
        match self {
            Self::Visit(v) => v.start,
            Self::Interaction(i) => i.at,
        }
    }
}

impl Client {
    /// Visits and interactions, newest first.
    pub fn timeline(&self) -> Vec<TimelineItem<'_>> {
        let mut items: Vec<TimelineItem> = self
            .visits
            .iter()
            .map(TimelineItem::Visit)
            .chain(self.interactions.iter().map(TimelineItem::Interaction))
            .collect();
        items.sort_by_key(|item| std::cmp::Reverse(item.at()));
        items
    }
}

/// What the profile shows about a client's history, computed from the visits. Stored in the
/// client's summary (format 2), so the list can sort and the profile can show totals before
/// the history has loaded; `next_appointment` depends on the moment and is never stored.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct ClientStats {
    pub completed: u32,
    pub no_shows: u32,
    pub cancellations: u32,
    /// Paid per currency, in minor units.
    #[serde(skip_serializing_if = "BTreeMap::is_empty")]
    pub paid: BTreeMap<String, i64>,
    #[serde(skip_serializing_if = "Option::is_none", with = "super::instant::option")]
    pub first_visit: Option<DateTime<Utc>>,
    #[serde(skip_serializing_if = "Option::is_none", with = "super::instant::option")]
    pub last_visit: Option<DateTime<Utc>>,
    #[serde(skip)]
    pub next_appointment: Option<DateTime<Utc>>,
    /// Still owed for held visits, per currency, in minor units: the price less what was paid,
    /// for visits neither paid nor waived. The calendar marks such a client's appointments.
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    pub owed: BTreeMap<String, i64>,
}

impl ClientStats {
    /// `first_visit` and `last_visit` count completed visits only; paid amounts count every
    /// visit, since a no-show fee is money received too.
    pub fn of(client: &Client, now: DateTime<Utc>) -> Self {
        let mut stats = Self::default();
        for visit in &client.visits {
            match visit.outcome {
                Outcome::Completed => {
                    stats.completed += 1;
                    let owed = visit.price - visit.paid;
                    if owed > 0 && !matches!(visit.payment, PaymentStatus::Paid | PaymentStatus::Waived) {
                        *stats.owed.entry(visit.currency.clone()).or_default() += owed;
                    }
                    stats.first_visit = Some(stats.first_visit.map_or(visit.start, |t| t.min(visit.start)));
                    stats.last_visit = Some(stats.last_visit.map_or(visit.start, |t| t.max(visit.start)));
                }
                Outcome::NoShow => stats.no_shows += 1,
                Outcome::Cancelled => stats.cancellations += 1,
                Outcome::Booked => {
                    if visit.is_appointment(now) {
                        stats.next_appointment =
                            Some(stats.next_appointment.map_or(visit.start, |t| t.min(visit.start)));
                    }
                }
            }
            if visit.paid != 0 {
                *stats.paid.entry(visit.currency.clone()).or_default() += visit.paid;
            }
        }
        stats
    }

    /// The earliest booked appointment after `now` among `visits`.
    pub fn next_appointment_in(visits: &[Visit], now: DateTime<Utc>) -> Option<DateTime<Utc>> {
        visits.iter().filter(|v| v.is_appointment(now)).map(|v| v.start).min()
    }

    /// All payments added up, for sorting. Mixed currencies are summed as they are; a book
    /// normally keeps one currency.
    pub fn total_paid_minor(&self) -> i64 {
        self.paid.values().sum()
    }

    /// Completed visits that started on or after `since`.
    pub fn visits_since(client: &Client, since: DateTime<Utc>) -> u32 {
        client.visits.iter().filter(|v| v.outcome == Outcome::Completed && v.start >= since).count() as u32
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn at(day: u32) -> DateTime<Utc> {
        NaiveDate::from_ymd_opt(2026, 1, day).unwrap().and_hms_opt(10, 0, 0).unwrap().and_utc()
    }

    fn visit(day: u32, outcome: Outcome, paid: i64, currency: &str) -> Visit {
        Visit { start: at(day), duration_min: 60, outcome, paid, currency: currency.into(), ..Visit::default() }
    }

    #[test]
    fn stats_count_outcomes_money_and_dates() {
        let client = Client {
            visits: vec![
                visit(5, Outcome::Completed, 3000, "EUR"),
                visit(2, Outcome::Completed, 2500, "EUR"),
                visit(9, Outcome::NoShow, 1000, "EUR"),
                visit(12, Outcome::Cancelled, 0, "EUR"),
                visit(20, Outcome::Booked, 0, "EUR"),
                visit(25, Outcome::Booked, 0, "EUR"),
                visit(7, Outcome::Completed, 50000, "UAH"),
            ],
            ..Client::default()
        };
        let stats = ClientStats::of(&client, at(15));
        assert_eq!((stats.completed, stats.no_shows, stats.cancellations), (3, 1, 1));
        assert_eq!(stats.paid.get("EUR"), Some(&6500));
        assert_eq!(stats.paid.get("UAH"), Some(&50000));
        assert_eq!(stats.first_visit, Some(at(2)));
        assert_eq!(stats.last_visit, Some(at(7)));
        assert_eq!(stats.next_appointment, Some(at(20)));
        assert_eq!(ClientStats::visits_since(&client, at(5)), 2);
    }

    #[test]
    fn a_client_without_visits_has_empty_stats() {
        assert_eq!(ClientStats::of(&Client::default(), at(1)), ClientStats::default());
    }

    #[test]
    fn the_timeline_merges_visits_and_interactions_newest_first() {
        let client = Client {
            visits: vec![visit(5, Outcome::Completed, 0, "EUR"), visit(9, Outcome::Booked, 0, "EUR")],
            interactions: vec![Interaction { id: "call".into(), at: at(7), ..Interaction::default() }],
            ..Client::default()
        };
        let order: Vec<_> = client.timeline().iter().map(|i| i.at()).collect();
        assert_eq!(order, [at(9), at(7), at(5)]);
        assert!(matches!(client.timeline()[1], TimelineItem::Interaction(i) if i.id == "call"));
    }

    #[test]
    fn visits_are_validated() {
        let mut v = visit(1, Outcome::Completed, 100, "EUR");
        assert!(v.validate().is_ok());
        v.duration_min = 0;
        v.currency = "euro".into();
        v.satisfaction = Some(6);
        let fields: Vec<_> = v.validate().unwrap_err().into_iter().map(|e| e.field).collect();
        assert_eq!(fields, ["duration", "currency", "satisfaction"]);
    }

    #[test]
    fn a_move_keeps_where_the_visit_was() {
        let mut v = visit(10, Outcome::Booked, 0, "EUR");
        assert!(!v.reschedule(at(10), 60, at(1)), "the same time is no move");
        assert!(v.moves.is_empty());
        assert!(v.reschedule(at(11), 90, at(2)));
        assert!(v.reschedule(at(12), 90, at(3)));
        assert_eq!((v.start, v.duration_min, v.end()), (at(12), 90, at(12) + chrono::Duration::minutes(90)));
        assert_eq!(
            v.moves,
            [
                Reschedule { at: at(2), from_start: at(10), from_duration_min: 60 },
                Reschedule { at: at(3), from_start: at(11), from_duration_min: 90 },
            ]
        );
        let json = serde_json::to_string(&v).unwrap();
        assert!(
            json.contains(
                r#""moves":[{"at":"2026-01-02T10:00:00Z","from_start":"2026-01-10T10:00:00Z","from_duration_min":60}"#
            ),
            "{json}"
        );
        assert_eq!(serde_json::from_str::<Visit>(&json).unwrap(), v);
    }

    #[test]
    fn a_visit_without_series_or_moves_is_written_as_before() {
        // What the frozen vectors hold: no `series`, no `moves`, and it reads back the same.
        let v = visit(5, Outcome::Completed, 100, "EUR");
        let json = serde_json::to_string(&v).unwrap();
        assert!(!json.contains("series") && !json.contains("moves"), "{json}");
        let read: Visit = serde_json::from_str(&json).unwrap();
        assert_eq!(serde_json::to_string(&read).unwrap(), json);
    }

    #[test]
    fn a_form_edit_keeps_the_series_the_moves_and_the_resolution() {
        let mut stored = visit(10, Outcome::Booked, 0, "EUR");
        stored.series = "s1".into();
        stored.reschedule(at(11), 60, at(1));
        stored.resolution = Some(Resolution { at: at(12), note: "Called back".into() });
        let typed = Visit { service: "Colour".into(), ..visit(11, Outcome::Booked, 0, "EUR") };
        let saved = typed.with_history_of(&stored);
        assert_eq!((saved.series.as_str(), saved.moves.len(), saved.service.as_str()), ("s1", 1, "Colour"));
        assert_eq!(saved.resolution, stored.resolution);
    }
}
