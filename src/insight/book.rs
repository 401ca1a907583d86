//! Every client's insight at once, and the table of visits the dashboard reads: computed from
//! the book in memory, never from storage (docs/ANALYTICS.md).

use chrono::{DateTime, Datelike, NaiveDate, NaiveDateTime, TimeZone, Timelike, Utc};
use rustc_hash::FxHashMap as HashMap;

use crate::book::Book;
use crate::model::{Client, Outcome, Settings, SourceKind};

use super::lifecycle::{self, Drift, Stage};
use super::local::LocalDays;
use super::loyalty::{self, Points};
use super::rfm::{self, RfmInput, RfmScores, RfmSegment};
use super::value::{self, ClientValue, HeldVisit};
use super::{feedback, stay_in_touch};

/// One visit of a client in the book (not in Trash), as the dashboard counts it.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct VisitFact {
    /// The client's position in `BookInsight::clients`.
    pub client: u32,
    /// The local date of the start: what a range counts it by.
    pub date: NaiveDate,
    /// 0 is Monday.
    pub weekday: u8,
    /// The local hour of the start, 0 to 23.
    pub hour: u8,
    pub outcome: Outcome,
    /// Minor units of `currency`.
    pub paid: i64,
    /// The currency's position in `BookInsight::currencies`.
    pub currency: u16,
    pub rating: Option<u8>,
}

/// A low rating or a complaint, open or resolved.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct FeedbackFact {
    pub client: u32,
    pub visit_id: String,
    /// The local date of the visit.
    pub date: NaiveDate,
    pub rating: Option<u8>,
    pub complaint: bool,
    /// The local date it was resolved, and the days it took.
    pub resolved: Option<(NaiveDate, u32)>,
}

#[derive(Clone, Debug, PartialEq)]
pub struct ClientInsight {
    pub id: String,
    pub source: SourceKind,
    pub value: ClientValue,
    pub stage: Stage,
    pub drift: Option<Drift>,
    /// An interaction was logged on or after the day the drift's later rule began: the warning
    /// is answered.
    pub contacted_since_drift: bool,
    /// `None` without a held visit in the RFM window.
    pub rfm: Option<RfmScores>,
    /// `Lost` for clients whose held visits all lie before the window; `None` for leads.
    pub segment: Option<RfmSegment>,
    /// With the loyalty programme on.
    pub points: Option<Points>,
    /// The tier's name.
    pub tier: Option<String>,
    /// The stay-in-touch follow-up's due date.
    pub stay_in_touch: Option<NaiveDate>,
}

impl ClientInsight {
    /// One client's insight on its own, without RFM, which compares them with the whole book
    /// (`rfm` and `segment` are `None`): what a profile can show at once, for the cost of one
    /// client.
    pub fn of<Tz: TimeZone>(client: &Client, settings: &Settings, now: DateTime<Utc>, tz: &Tz) -> Self {
        let local = LocalDays::new(tz);
        let dates: Vec<NaiveDate> = client.visits.iter().map(|v| local.date(v.start)).collect();
        Self::dated(client, &dates, settings, now, local.date(now), &local).0
    }

    /// The same with each visit's local date known (`dates[i]` is that of `client.visits[i]`);
    /// also gives the held visits, which RFM reads.
    fn dated<Tz: TimeZone>(
        client: &Client,
        dates: &[NaiveDate],
        settings: &Settings,
        now: DateTime<Utc>,
        today: NaiveDate,
        local: &LocalDays<Tz>,
    ) -> (Self, Vec<HeldVisit>) {
        let s = &settings.insight;
        let held = value::held_visits_dated(client, dates);
        let value = ClientValue::of(client, &held, today);
        let drift = lifecycle::drift(&held, &value, s, today);
        let stage = lifecycle::stage(&held, &value, drift.as_ref(), s, today);
        let contacted_since_drift = drift
            .is_some_and(|d| client.interactions.iter().any(|i| i.at <= now && local.date(i.at) >= d.answered_from));
        let points =
            settings.loyalty.enabled.then(|| loyalty::points(client, &settings.loyalty, &settings.currency, None));
        let tier = points.and_then(|p| loyalty::tier(p.earned, &settings.loyalty)).map(|t| t.name.clone());
        let insight = Self {
            id: client.id.clone(),
            source: client.source.kind,
            value,
            stage,
            drift,
            contacted_since_drift,
            rfm: None,
            segment: None,
            points,
            tier,
            stay_in_touch: stay_in_touch::due(client, now, local),
        };
        (insight, held)
    }

    /// Drifting and not yet contacted about it: listed in Today.
    pub fn drift_warning(&self) -> bool {
        self.drift.is_some() && !self.contacted_since_drift
    }
}

/// How many clients each RFM segment and each lifecycle stage holds.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct GroupCounts {
    /// In the order of `RfmSegment::ALL`.
    pub segments: Vec<(RfmSegment, usize)>,
    /// In the order of `Stage::ALL`.
    pub stages: Vec<(Stage, usize)>,
}

#[derive(Clone, Debug, Default, PartialEq)]
pub struct BookInsight {
    pub today: NaiveDate,
    /// Every client not in Trash, in the book's order.
    pub clients: Vec<ClientInsight>,
    by_id: HashMap<String, usize>,
    /// Every visit of those clients, by local date.
    pub facts: Vec<VisitFact>,
    /// The currencies `VisitFact::currency` points into, the book's own first.
    pub currencies: Vec<String>,
    /// Low ratings and complaints, by visit date.
    pub feedback: Vec<FeedbackFact>,
    /// Computed from whole histories; false while some are still loading.
    pub complete: bool,
}

impl BookInsight {
    pub fn compute<Tz: TimeZone>(book: &Book, now: DateTime<Utc>, tz: &Tz) -> Self {
        let settings: &Settings = &book.settings;
        let s = &settings.insight;
        let local = LocalDays::new(tz);
        let today = local.date(now);
        let mut insight = Self {
            today,
            currencies: vec![settings.currency.clone()],
            complete: book.history_complete(),
            ..Self::default()
        };
        let mut rfm_inputs: Vec<(usize, RfmInput)> = Vec::new();
        // Each client's visits' local times and dates; reused from client to client.
        let mut locals: Vec<NaiveDateTime> = Vec::new();
        let mut dates: Vec<NaiveDate> = Vec::new();
        for entry in book.entries() {
            let client = &entry.client;
            if client.trashed.is_some() {
                continue;
            }
            let index = insight.clients.len();
            locals.clear();
            locals.extend(client.visits.iter().map(|v| local.local(v.start)));
            dates.clear();
            dates.extend(locals.iter().map(|at| at.date()));
            let (mut client_insight, held) = ClientInsight::dated(client, &dates, settings, now, today, &local);
            let window_start = today - chrono::Duration::days(i64::from(s.rfm_window_days) - 1);
            let mut paid_in_window = 0;
            for (visit, at) in client.visits.iter().zip(&locals) {
                let currency = insight.currency_position(&visit.currency);
                if currency == 0 && at.date() >= window_start && at.date() <= today {
                    paid_in_window += visit.paid;
                }
                insight.facts.push(VisitFact {
                    client: index as u32,
                    date: at.date(),
                    weekday: at.weekday().num_days_from_monday() as u8,
                    hour: at.hour() as u8,
                    outcome: visit.outcome,
                    paid: visit.paid,
                    currency: currency as u16,
                    rating: visit.satisfaction,
                });
                if feedback::needs_handling(visit, s) {
                    insight.feedback.push(FeedbackFact {
                        client: index as u32,
                        visit_id: visit.id.clone(),
                        date: at.date(),
                        rating: visit.satisfaction,
                        complaint: visit.complaint,
                        resolved: feedback::days_to_resolve(visit, &local),
                    });
                }
            }
            let held_dates: Vec<NaiveDate> = held.iter().map(|h| h.date).collect();
            if let Some(input) = rfm::input(&held_dates, paid_in_window, s.rfm_window_days, today) {
                rfm_inputs.push((index, input));
            }
            client_insight.segment = client_insight.value.last_visit.map(|_| RfmSegment::Lost);
            insight.by_id.insert(client.id.clone(), index);
            insight.clients.push(client_insight);
        }
        let scores = rfm::score(&rfm_inputs.iter().map(|(_, input)| *input).collect::<Vec<_>>());
        for ((index, _), scores) in rfm_inputs.iter().zip(scores) {
            let client = &mut insight.clients[*index];
            client.rfm = Some(scores);
            client.segment = Some(RfmSegment::of(scores));
        }
        insight.facts.sort_unstable_by_key(|f| f.date);
        insight.feedback.sort_by_key(|f| f.date);
        insight
    }

    /// The position of a currency in `currencies`, adding it when new. A book holds a few.
    fn currency_position(&mut self, currency: &str) -> usize {
        match self.currencies.iter().position(|c| c == currency) {
            Some(position) => position,
            None => {
                self.currencies.push(currency.to_owned());
                self.currencies.len() - 1
            }
        }
    }

    /// How many clients each RFM segment and each lifecycle stage holds, in one pass.
    pub fn group_counts(&self) -> GroupCounts {
        let mut segments = RfmSegment::ALL.map(|s| (s, 0));
        let mut stages = Stage::ALL.map(|s| (s, 0));
        for client in &self.clients {
            if let Some(segment) = client.segment {
                segments[segment as usize].1 += 1;
            }
            stages[client.stage as usize].1 += 1;
        }
        GroupCounts { segments: segments.to_vec(), stages: stages.to_vec() }
    }

    pub fn client(&self, id: &str) -> Option<&ClientInsight> {
        self.by_id.get(id).map(|&i| &self.clients[i])
    }

    /// The position of a client in `clients`.
    pub fn position(&self, id: &str) -> Option<usize> {
        self.by_id.get(id).copied()
    }
}
