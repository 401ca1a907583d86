//! Shards: where format 2 keeps what unlock needs about each client, apart from their full
//! history. A client's summary (the profile, recent and upcoming visits, open follow-ups and
//! the history's statistics) lives in one of 256 shards, picked by the id; a save rewrites the
//! client's full record and one small shard. Each summary also names the exact copy of the
//! client's full record (a [`RecordRef`]), and deleted clients leave a [`Tombstone`], so the
//! shards bind the client records as the header's state binds the shards.

use chrono::{DateTime, Duration, Utc};
use serde::{Deserialize, Serialize};
use sha2::{Digest, Sha256};

use crate::model::{Client, ClientStats};
use crate::vault::state::RecordRef;

pub const SHARD_SCHEMA: u32 = 1;

/// A summary holds the visits starting at most this many days before it was written, and
/// every later one: enough for Today's week, today, tomorrow and every upcoming appointment.
pub const RECENT_DAYS: i64 = 8;

/// The shard a client belongs to: the first byte of the SHA-256 of their id.
pub fn shard_of(client_id: &str) -> u8 {
    Sha256::digest(client_id.as_bytes())[0]
}

/// The index record id of a shard: "shard-" and two lowercase hex digits.
pub fn shard_record_id(shard: u8) -> String {
    format!("shard-{shard:02x}")
}

/// Reads a shard's number back from its record id.
pub fn shard_from_record_id(id: &str) -> Option<u8> {
    let digits = id.strip_prefix("shard-")?;
    (digits.len() == 2).then(|| u8::from_str_radix(digits, 16).ok()).flatten()
}

/// What unlock knows about one client without their history.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct ClientSummary {
    /// The client's full record that this summary describes.
    pub record: RecordRef,
    /// Every visit starting at or after this instant is in `client.visits`.
    #[serde(with = "crate::model::instant")]
    pub window_from: DateTime<Utc>,
    /// Statistics over the whole history.
    pub stats: ClientStats,
    /// The client as in their full record, except: `visits` holds only those starting at or
    /// after `window_from`, `follow_ups` only the open ones, and `interactions` is empty.
    pub client: Client,
}

impl ClientSummary {
    /// The summary of a full client, written at `now`.
    pub fn of_full(client: &Client, stats: &ClientStats, record: RecordRef, now: DateTime<Utc>) -> Self {
        let window_from = now - Duration::days(RECENT_DAYS);
        Self {
            record,
            window_from,
            stats: stats.clone(),
            client: Client {
                visits: client.visits.iter().filter(|v| v.start >= window_from).cloned().collect(),
                interactions: Vec::new(),
                follow_ups: client.follow_ups.iter().filter(|f| !f.done).cloned().collect(),
                ..client.profile_clone()
            },
        }
    }
}

/// A deleted client: enough to tell a deletion from "never had it", and to notice a client
/// record that should no longer exist.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Tombstone {
    pub id: String,
    /// The generation of the commit that deleted it.
    pub revision: u64,
    #[serde(with = "crate::model::instant")]
    pub at: DateTime<Utc>,
}

/// A shard record's plaintext (JSON).
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct ShardDoc {
    pub schema: u32,
    pub shard: u8,
    /// In client id order.
    pub clients: Vec<ClientSummary>,
    /// In client id order.
    #[serde(default)]
    pub deleted: Vec<Tombstone>,
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{FollowUp, Outcome, Visit};
    use crate::vault::format::RecordKind;

    #[test]
    fn shard_ids_round_trip_and_ids_spread_over_shards() {
        assert_eq!(shard_record_id(0x0a), "shard-0a");
        assert_eq!(shard_from_record_id("shard-0a"), Some(0x0a));
        assert_eq!(shard_from_record_id("shard-0"), None);
        assert_eq!(shard_from_record_id("settings"), None);
        // SHA-256("a") starts with 0xca.
        assert_eq!(shard_of("a"), 0xca);
        let used: std::collections::BTreeSet<u8> = (0..2000).map(|i| shard_of(&format!("client-{i}"))).collect();
        assert!(used.len() > 240, "2000 ids use {} of 256 shards", used.len());
    }

    #[test]
    fn a_summary_keeps_the_profile_recent_visits_and_open_follow_ups() {
        let now: DateTime<Utc> = "2026-11-22T12:00:00Z".parse().unwrap();
        let visit = |days: i64| Visit {
            id: format!("v{days}"),
            start: now + Duration::days(days),
            duration_min: 30,
            outcome: if days < 0 { Outcome::Completed } else { Outcome::Booked },
            currency: "EUR".into(),
            ..Visit::default()
        };
        let due = now.date_naive();
        let client = Client {
            id: "c".into(),
            name: "Ann".into(),
            notes: "kept".into(),
            visits: vec![visit(-30), visit(-9), visit(-8), visit(-1), visit(3)],
            follow_ups: vec![
                FollowUp { id: "open".into(), due, text: "x".into(), done: false },
                FollowUp { id: "done".into(), due, text: "y".into(), done: true },
            ],
            interactions: vec![crate::model::Interaction::default()],
            ..Client::default()
        };
        let stats = ClientStats::of(&client, now);
        let summary = ClientSummary::of_full(&client, &stats, RecordRef::of(RecordKind::Client, 1, b"x"), now);
        let ids: Vec<_> = summary.client.visits.iter().map(|v| v.id.as_str()).collect();
        assert_eq!(ids, ["v-8", "v-1", "v3"]);
        assert_eq!(summary.client.follow_ups.len(), 1);
        assert!(summary.client.interactions.is_empty());
        assert_eq!((summary.client.name.as_str(), summary.client.notes.as_str()), ("Ann", "kept"));
        assert_eq!(summary.stats.completed, 4, "every completed visit, not only the recent ones");
        let json = serde_json::to_string(&summary).unwrap();
        let back: ClientSummary = serde_json::from_str(&json).unwrap();
        assert_eq!(back.stats.next_appointment, None, "depends on the moment, never stored");
        assert_eq!(back.client, summary.client);
    }
}
