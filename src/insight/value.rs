//! One client's value: money, held visits, and the rhythm of their visits (docs/ANALYTICS.md,
//! "Client value").

use std::collections::BTreeMap;

use chrono::{DateTime, Days, NaiveDate, TimeZone, Utc};

use crate::model::{Client, Outcome};

use super::local::LocalDays;

/// A held visit as the rules see it: its local date and its rating.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct HeldVisit {
    pub start: DateTime<Utc>,
    pub date: NaiveDate,
    pub rating: Option<u8>,
}

/// The held visits of a client, in the order of their start.
pub fn held_visits<Tz: TimeZone>(client: &Client, local: &LocalDays<Tz>) -> Vec<HeldVisit> {
    let dates: Vec<NaiveDate> = client.visits.iter().map(|v| local.date(v.start)).collect();
    held_visits_dated(client, &dates)
}

/// The same, with the local date of each of the client's visits already known (`dates[i]` is
/// the date of `client.visits[i]`), so a pass over the whole book converts each visit once.
pub fn held_visits_dated(client: &Client, dates: &[NaiveDate]) -> Vec<HeldVisit> {
    let mut held: Vec<HeldVisit> = client
        .visits
        .iter()
        .zip(dates)
        .filter(|(v, _)| v.outcome == Outcome::Completed)
        .map(|(v, &date)| HeldVisit { start: v.start, date, rating: v.satisfaction })
        .collect();
    held.sort_unstable_by_key(|h| h.start);
    held
}

#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct ClientValue {
    /// Lifetime value: paid over every visit, whatever its outcome, per currency (minor units).
    pub paid: BTreeMap<String, i64>,
    /// Held visits.
    pub visits: u32,
    /// Per currency: what held visits in it paid, and how many held visits were in it.
    pub held_paid: BTreeMap<String, (i64, u32)>,
    pub first_visit: Option<NaiveDate>,
    pub last_visit: Option<NaiveDate>,
    /// The median of the days between consecutive held visit dates (same-day visits count as
    /// one date); `None` with fewer than two dates.
    pub typical_interval_days: Option<u32>,
    pub days_since_last: Option<u32>,
    /// The last visit plus the typical interval.
    pub next_expected: Option<NaiveDate>,
}

impl ClientValue {
    /// `held` is the client's held visits in start order (`held_visits`).
    pub fn of(client: &Client, held: &[HeldVisit], today: NaiveDate) -> Self {
        let mut value = Self { visits: held.len() as u32, ..Self::default() };
        // A client pays in one currency or two: a short list is quicker than a map per visit.
        let mut paid: Vec<(&str, i64)> = Vec::new();
        let mut held_paid: Vec<(&str, (i64, u32))> = Vec::new();
        for visit in &client.visits {
            if visit.paid != 0 {
                *entry(&mut paid, &visit.currency) += visit.paid;
            }
            if visit.outcome == Outcome::Completed {
                let (sum, count) = entry(&mut held_paid, &visit.currency);
                *sum += visit.paid;
                *count += 1;
            }
        }
        value.paid = paid.into_iter().map(|(c, v)| (c.to_owned(), v)).collect();
        value.held_paid = held_paid.into_iter().map(|(c, v)| (c.to_owned(), v)).collect();
        let mut dates: Vec<NaiveDate> = held.iter().map(|h| h.date).collect();
        dates.sort_unstable();
        dates.dedup();
        value.first_visit = dates.first().copied();
        value.last_visit = dates.last().copied();
        value.typical_interval_days = median_interval(&dates);
        value.days_since_last = value.last_visit.map(|last| (today - last).num_days().max(0) as u32);
        value.next_expected = match (value.last_visit, value.typical_interval_days) {
            (Some(last), Some(days)) => last.checked_add_days(Days::new(u64::from(days))),
            _ => None,
        };
        value
    }

    /// Per currency: the paid amounts of held visits divided by their number, rounded to the
    /// nearest minor unit (halves away from zero).
    pub fn average_ticket(&self) -> BTreeMap<String, i64> {
        self.held_paid.iter().map(|(currency, &(sum, count))| (currency.clone(), average(sum, count))).collect()
    }
}

/// The amount kept for a currency in a short list, added when new.
fn entry<'a, 'c, V: Default>(list: &'a mut Vec<(&'c str, V)>, currency: &'c str) -> &'a mut V {
    let position = match list.iter().position(|(c, _)| *c == currency) {
        Some(position) => position,
        None => {
            list.push((currency, V::default()));
            list.len() - 1
        }
    };
    &mut list[position].1
}

/// `sum / count` rounded to the nearest whole number, halves away from zero; 0 for no count.
pub fn average(sum: i64, count: u32) -> i64 {
    if count == 0 {
        return 0;
    }
    let count = i64::from(count);
    let rounded = (sum.abs() * 2 + count) / (2 * count);
    rounded * sum.signum()
}

/// The median of the gaps between sorted, distinct dates, in days; for an even number of gaps,
/// the mean of the middle two rounded down.
pub fn median_interval(dates: &[NaiveDate]) -> Option<u32> {
    let mut gaps: Vec<i64> = dates.windows(2).map(|w| (w[1] - w[0]).num_days()).collect();
    if gaps.is_empty() {
        return None;
    }
    gaps.sort_unstable();
    let mid = gaps.len() / 2;
    let median = if gaps.len() % 2 == 1 { gaps[mid] } else { (gaps[mid - 1] + gaps[mid]) / 2 };
    Some(median as u32)
}
