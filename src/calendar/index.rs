//! Every visit in memory, ordered by start time, so that a day, a week or a month of the
//! calendar is a range read rather than a pass over every client. The book keeps it in step
//! with its clients: each change of a client takes out its old visits and puts in its new ones.

use std::collections::BTreeSet;
use std::ops::Bound;

use chrono::{DateTime, Duration, Utc};

use crate::model::Client;

/// The longest a visit lasts (see `Visit::validate`): a range read starts this much earlier, so
/// a visit begun the day before and still running is found.
pub const LONGEST_VISIT: Duration = Duration::hours(24);

/// A visit's place in the index: its start, its client and its own id.
type Key = (DateTime<Utc>, Box<str>, Box<str>);

#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct VisitIndex {
    keys: BTreeSet<Key>,
}

/// One visit found by a range read: whose and which.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct VisitAt<'a> {
    pub start: DateTime<Utc>,
    pub client_id: &'a str,
    pub visit_id: &'a str,
}

impl VisitIndex {
    pub fn add(&mut self, client: &Client) {
        for visit in &client.visits {
            self.keys.insert((visit.start, client.id.as_str().into(), visit.id.as_str().into()));
        }
    }

    /// Takes out the visits of `client` as the book holds it (before a change).
    pub fn remove(&mut self, client: &Client) {
        for visit in &client.visits {
            self.keys.remove(&(visit.start, client.id.as_str().into(), visit.id.as_str().into()));
        }
    }

    pub fn len(&self) -> usize {
        self.keys.len()
    }

    pub fn is_empty(&self) -> bool {
        self.keys.is_empty()
    }

    /// The visits that start in `from..to`, by start time.
    pub fn starting_between(&self, from: DateTime<Utc>, to: DateTime<Utc>) -> impl Iterator<Item = VisitAt<'_>> {
        let lower: Key = (from, "".into(), "".into());
        self.keys
            .range((Bound::Included(lower), Bound::Unbounded))
            .take_while(move |(start, _, _)| *start < to)
            .map(|(start, client_id, visit_id)| VisitAt { start: *start, client_id, visit_id })
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::Visit;
    use chrono::TimeZone;

    fn at(day: u32, hour: u32) -> DateTime<Utc> {
        Utc.with_ymd_and_hms(2026, 11, day, hour, 0, 0).unwrap()
    }

    fn client(id: &str, starts: &[DateTime<Utc>]) -> Client {
        let mut client = Client::new(id.into(), at(1, 0));
        client.visits = starts
            .iter()
            .enumerate()
            .map(|(i, &start)| Visit { id: format!("{id}-v{i}"), start, duration_min: 60, ..Visit::default() })
            .collect();
        client
    }

    fn ids(index: &VisitIndex, from: DateTime<Utc>, to: DateTime<Utc>) -> Vec<String> {
        index.starting_between(from, to).map(|v| v.visit_id.to_owned()).collect()
    }

    #[test]
    fn a_range_read_gives_the_visits_starting_in_it_by_start_time() {
        let mut index = VisitIndex::default();
        index.add(&client("a", &[at(2, 10), at(9, 10)]));
        index.add(&client("b", &[at(3, 9), at(2, 8)]));
        // From Nov 2 00:00 up to (not including) Nov 9 10:00: a's second visit starts at the end.
        assert_eq!(ids(&index, at(2, 0), at(9, 10)), ["b-v1", "a-v0", "b-v0"]);
        assert_eq!(ids(&index, at(9, 10), at(10, 0)), ["a-v1"]);
        assert!(ids(&index, at(20, 0), at(27, 0)).is_empty());
    }

    #[test]
    fn two_visits_at_the_same_instant_are_both_kept() {
        let mut index = VisitIndex::default();
        index.add(&client("a", &[at(2, 10)]));
        index.add(&client("b", &[at(2, 10)]));
        assert_eq!(ids(&index, at(2, 10), at(2, 11)), ["a-v0", "b-v0"]);
    }

    #[test]
    fn removing_a_client_takes_out_exactly_their_visits() {
        let mut index = VisitIndex::default();
        let a = client("a", &[at(2, 10), at(4, 10)]);
        index.add(&a);
        index.add(&client("b", &[at(2, 10)]));
        index.remove(&a);
        assert_eq!(index.len(), 1);
        assert_eq!(ids(&index, at(1, 0), at(30, 0)), ["b-v0"]);
    }
}
