//! The unlocked client book in memory, and how it is loaded from and saved to the vault.
//!
//! Each client is kept with its folded search entry and its statistics, so listing, sorting
//! and searching never re-derive them on a keystroke. Right after unlock a client is known by
//! its summary only (profile, recent and upcoming visits, open follow-ups, statistics); the
//! full history arrives in the background (`session`), and anything that needs it (the
//! timeline, an edit, a backup) waits for it or asks for it first.

pub mod bulk;
pub mod draft;
mod insight_rows;
mod session;
mod shard;
pub mod undo;
pub mod visible_rows;

#[cfg(test)]
mod tests;

pub use draft::{Draft, DraftForm, DraftSubject, DRAFT_ID};
pub use session::{CommitPlan, HistoryChunk, NoPause, Pause, VaultSession};
pub use shard::{shard_of, shard_record_id, ClientSummary, ShardDoc, Tombstone, RECENT_DAYS};
pub use undo::{UndoError, UndoKind, UndoStep, WrittenClient};

use rustc_hash::{FxHashMap as HashMap, FxHashSet as HashSet};

use std::collections::BTreeMap;

use chrono::{DateTime, NaiveDate, Utc};
use serde::{Deserialize, Serialize};

use crate::backup::{BackupPayload, ImportPlan};
use crate::calendar::index::VisitIndex;
use crate::insight::{BookInsight, RfmSegment, Stage};
use crate::model::{Client, ClientStats, CustomFieldDef, Settings, StatusKind};
use crate::search::{fold, searched_custom_fields, SearchEntry, SearchQuery};
use crate::segment::{Facts, Segment};
use crate::vault::format::RecordDamage;
use insight_rows::InsightRows;

/// A stored record that could not be used. The book opens without it; the user is told.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct DamagedRecord {
    pub id: String,
    pub damage: RecordDamage,
}

pub struct Entry {
    /// The whole client when `full`; otherwise the summary's partial client (see
    /// [`ClientSummary::client`]).
    pub client: Client,
    pub stats: ClientStats,
    /// `client` holds the whole history.
    pub full: bool,
    /// The full record could not be read (missing or damaged): the summary is all there is,
    /// and an edit writes it as the client's record.
    pub unavailable: bool,
    /// For a summary: every visit from this instant on is in `client.visits`.
    window_from: Option<DateTime<Utc>>,
    shard: u8,
    sort_key: String,
    /// Folded search text; `None` until `Book::index_search` reaches it after unlock (a search
    /// before then folds the client on the spot).
    search: Option<SearchEntry>,
}

impl Entry {
    /// A whole client; `custom_fields` are the book's definitions, for the search text.
    fn full(client: Client, now: DateTime<Utc>, custom_fields: &[CustomFieldDef]) -> Self {
        let stats = ClientStats::of(&client, now);
        let mut entry = Self::with(client, stats, true, None);
        entry.search = Some(SearchEntry::for_client(&entry.client, custom_fields));
        entry
    }

    fn summary(summary: ClientSummary, now: DateTime<Utc>) -> Self {
        let mut stats = summary.stats;
        stats.next_appointment = ClientStats::next_appointment_in(&summary.client.visits, now);
        Self::with(summary.client, stats, false, Some(summary.window_from))
    }

    fn with(client: Client, stats: ClientStats, full: bool, window_from: Option<DateTime<Utc>>) -> Self {
        Self {
            sort_key: fold(&client.name),
            search: None,
            shard: shard_of(&client.id),
            stats,
            full,
            unavailable: false,
            window_from,
            client,
        }
    }

    /// The shard this client's summary lives in.
    pub fn shard(&self) -> u8 {
        self.shard
    }

    /// What this client's shard stores about them, with `record` naming their full record.
    pub fn to_summary(&self, record: crate::vault::state::RecordRef, now: DateTime<Utc>) -> ClientSummary {
        match self.window_from {
            Some(window_from) if !self.full => {
                ClientSummary { record, window_from, stats: self.stats.clone(), client: self.client.clone() }
            }
            _ => ClientSummary::of_full(&self.client, &self.stats, record, now),
        }
    }
}

#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum SortBy {
    #[default]
    Name,
    /// Most recent first; clients who never came last.
    LastVisit,
    /// Highest first.
    TotalPaid,
    /// Newest first.
    Created,
    /// What the client paid in the book's currency over all visits (`ClientValue::paid`),
    /// highest first. Amounts in other currencies cannot be compared with it, so they do not
    /// count: a client who paid only in them sorts with those who paid nothing.
    LifetimeValue,
    /// Held visits, most first.
    HeldVisits,
    /// The average ticket in the book's currency, highest first; clients without a held
    /// visit in it last.
    AverageTicket,
    /// Days since the last held visit, longest first; clients without one last.
    DaysSinceLastVisit,
    /// The next expected visit, soonest first; clients for whom it is unknown last.
    NextExpected,
}

impl SortBy {
    pub const ALL: [Self; 9] = [
        Self::Name,
        Self::LastVisit,
        Self::TotalPaid,
        Self::Created,
        Self::LifetimeValue,
        Self::HeldVisits,
        Self::AverageTicket,
        Self::DaysSinceLastVisit,
        Self::NextExpected,
    ];

    /// Its name in addresses and in the sort select; never changes.
    pub fn key(self) -> &'static str {
        match self {
            Self::Name => "name",
            Self::LastVisit => "last",
            Self::TotalPaid => "paid",
            Self::Created => "created",
            Self::LifetimeValue => "value",
            Self::HeldVisits => "visits",
            Self::AverageTicket => "ticket",
            Self::DaysSinceLastVisit => "since",
            Self::NextExpected => "next",
        }
    }

    pub fn from_key(key: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|s| s.key() == key)
    }

    /// Sorts by the clients' insight: by name until it is complete.
    pub fn needs_insight(self) -> bool {
        matches!(
            self,
            Self::LifetimeValue
                | Self::HeldVisits
                | Self::AverageTicket
                | Self::DaysSinceLastVisit
                | Self::NextExpected
        )
    }
}

/// What the list shows: the search text, a sort order and filters.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct ListQuery {
    pub text: String,
    pub sort: SortBy,
    pub status: Option<StatusKind>,
    pub tag: Option<String>,
    pub has_appointment: bool,
    pub segment: Option<Segment>,
    /// Clients in this lifecycle stage; no one until the insight is complete.
    pub stage: Option<Stage>,
    /// Clients in this RFM segment; no one until the insight is complete.
    pub rfm: Option<RfmSegment>,
    /// Show Trash instead of the book.
    pub in_trash: bool,
}

impl ListQuery {
    /// Reads the clients' insight: a stage or RFM filter, a value sort, or a segment (whose
    /// rules may).
    fn needs_insight(&self) -> bool {
        self.stage.is_some() || self.rfm.is_some() || self.segment.is_some() || self.sort.needs_insight()
    }
}

/// The record id of the safety copy, and how long it is kept.
pub const SAFETY_COPY_ID: &str = "safety-copy";
pub const SAFETY_COPY_DAYS: i64 = 7;

/// The book as it was before a "replace everything" import.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct SafetyCopy {
    pub created: DateTime<Utc>,
    pub payload: BackupPayload,
}

impl SafetyCopy {
    pub fn is_expired(&self, now: DateTime<Utc>) -> bool {
        now - self.created > chrono::Duration::days(SAFETY_COPY_DAYS)
    }
}

/// How far the background load of full client records has come.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct HistoryProgress {
    pub loaded: usize,
    pub total: usize,
}

impl HistoryProgress {
    pub fn is_complete(&self) -> bool {
        self.loaded >= self.total
    }
}

/// One write to the book: clients to store in full, clients to delete, and the records besides.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Changes {
    /// Whole clients (with their full history) to write.
    pub clients: Vec<Client>,
    /// Ids of clients to delete; each leaves a tombstone.
    pub deleted: Vec<String>,
    pub settings: Option<Settings>,
    /// `Some(None)` removes the safety copy.
    pub safety_copy: Option<Option<SafetyCopy>>,
    /// Undo steps to keep (`Some`) or forget (`None`).
    pub undo: Vec<(UndoKind, Option<UndoStep>)>,
    /// `Some(None)` removes the draft.
    pub draft: Option<Option<Draft>>,
}

impl Changes {
    pub fn client(client: Client) -> Self {
        Self { clients: vec![client], ..Self::default() }
    }

    pub fn settings(settings: Settings) -> Self {
        Self { settings: Some(settings), ..Self::default() }
    }
}

impl Changes {
    /// A "replace everything" restore: the plan, the book as it was kept as the safety copy,
    /// and no undo step left (they would bring back clients of the replaced book).
    pub fn replace_book(plan: ImportPlan, safety_copy: SafetyCopy) -> Self {
        Self {
            safety_copy: Some(Some(safety_copy)),
            undo: UndoKind::ALL.into_iter().map(|kind| (kind, None)).collect(),
            // A form of the replaced book would belong to clients who are gone.
            draft: Some(None),
            ..Self::from(plan)
        }
    }
}

impl From<ImportPlan> for Changes {
    fn from(plan: ImportPlan) -> Self {
        Self { clients: plan.puts, deleted: plan.deletes, settings: Some(plan.settings), ..Self::default() }
    }
}

#[derive(Default)]
pub struct Book {
    /// In name order.
    entries: Vec<Entry>,
    /// Client id to position in `entries`.
    positions: HashMap<String, usize>,
    pub settings: Settings,
    pub damaged: Vec<DamagedRecord>,
    pub safety_copy: Option<SafetyCopy>,
    /// The last import and the last merge, each until taken back or replaced.
    pub undo: BTreeMap<UndoKind, UndoStep>,
    /// A form that was being filled in when the book locked, until continued or discarded.
    pub draft: Option<Draft>,
    pub history: HistoryProgress,
    /// Every visit in memory by start time, for the calendar.
    visits: VisitIndex,
}

impl Book {
    /// A book of whole clients (tests, imports, a migrated vault).
    pub fn new(clients: Vec<Client>, settings: Settings, now: DateTime<Utc>) -> Self {
        let entries = clients.into_iter().map(|c| Entry::full(c, now, &settings.custom_fields)).collect();
        Self::of_entries(entries, settings)
    }

    /// A book of summaries, as unlock builds it before the histories load.
    pub fn from_summaries(summaries: Vec<ClientSummary>, settings: Settings, now: DateTime<Utc>) -> Self {
        let mut book = Self::of_entries(summaries.into_iter().map(|s| Entry::summary(s, now)).collect(), settings);
        book.count_loaded();
        book
    }

    fn of_entries(entries: Vec<Entry>, settings: Settings) -> Self {
        let entries = in_name_order(entries);
        let mut book = Self { entries, settings, ..Self::default() };
        for entry in &book.entries {
            book.visits.add(&entry.client);
        }
        book.reindex();
        book.count_loaded();
        book
    }

    fn reindex(&mut self) {
        self.positions = self.entries.iter().enumerate().map(|(i, e)| (e.client.id.clone(), i)).collect();
    }

    /// Every visit in memory by start time (Trash included).
    pub fn visit_index(&self) -> &VisitIndex {
        &self.visits
    }

    /// Folds the search text of up to `limit` clients that have none yet; `true` once every
    /// client has it. Unlock leaves this for after the first paint.
    pub fn index_search(&mut self, limit: usize) -> bool {
        let mut left = limit;
        for entry in self.entries.iter_mut().filter(|e| e.search.is_none()) {
            if left == 0 {
                return false;
            }
            entry.search = Some(SearchEntry::for_client(&entry.client, &self.settings.custom_fields));
            left -= 1;
        }
        true
    }

    /// Whether every client's full record is in memory (or known to be unreadable).
    pub fn history_complete(&self) -> bool {
        self.entries.iter().all(|e| e.full || e.unavailable)
    }

    /// Marks clients whose full record could not be read: they stay known by their summary.
    pub fn mark_unavailable(&mut self, ids: &[String]) {
        for id in ids {
            if let Some(&at) = self.positions.get(id) {
                self.entries[at].unavailable = true;
            }
        }
        self.count_loaded();
    }

    fn count_loaded(&mut self) {
        self.history.loaded = self.entries.iter().filter(|e| e.full || e.unavailable).count();
        self.history.total = self.entries.len();
    }

    /// Every client in name order, as the list shows them, and every visit in the calendar's
    /// index; for tests of the bookkeeping.
    #[cfg(test)]
    fn check_positions(&self) {
        assert_eq!(self.positions.len(), self.entries.len());
        for (i, e) in self.entries.iter().enumerate() {
            assert_eq!(self.positions[&e.client.id], i);
        }
        let mut rebuilt = VisitIndex::default();
        for entry in &self.entries {
            rebuilt.add(&entry.client);
        }
        assert_eq!(self.visits, rebuilt, "the visit index is out of step with the clients");
    }

    /// The client as it may be written: whole, or a summary whose record is lost.
    pub fn get_writable(&self, id: &str) -> Option<&Client> {
        self.entry(id).filter(|e| e.full || e.unavailable).map(|e| &e.client)
    }

    /// Everything a backup holds: every client, Trash included, and the settings. `None` while
    /// some history has not loaded: a backup must never hold a partial client.
    pub fn payload(&self) -> Option<BackupPayload> {
        self.history_complete().then(|| BackupPayload {
            clients: self.entries.iter().map(|e| e.client.clone()).collect(),
            settings: self.settings.clone(),
        })
    }

    /// Everything in the book as one write (every client whole, the settings, the safety
    /// copy), for re-sealing under a new key. `None` while some history has not loaded.
    pub fn all_changes(&self) -> Option<Changes> {
        self.history_complete().then(|| Changes {
            clients: self.entries.iter().map(|e| e.client.clone()).collect(),
            deleted: Vec::new(),
            settings: Some(self.settings.clone()),
            safety_copy: self.safety_copy.clone().map(Some),
            undo: self.undo.iter().map(|(kind, step)| (*kind, Some(step.clone()))).collect(),
            draft: self.draft.clone().map(Some),
        })
    }

    /// Applies a write to the book in memory, after the store committed it. One pass however
    /// many clients it holds (an import writes thousands).
    pub fn apply(&mut self, changes: Changes, now: DateTime<Utc>) {
        // Settings first: the clients below are folded for search by the new field definitions.
        if let Some(settings) = changes.settings {
            self.replace_settings(settings);
        }
        if changes.clients.len() + changes.deleted.len() <= 2 {
            for id in &changes.deleted {
                self.remove(id);
            }
            for client in changes.clients {
                self.upsert(client, now);
            }
        } else {
            let gone: HashSet<&str> = changes
                .deleted
                .iter()
                .map(String::as_str)
                .chain(changes.clients.iter().map(|c| c.id.as_str()))
                .collect();
            let mut entries: Vec<Entry> = Vec::with_capacity(self.entries.len() + changes.clients.len());
            for entry in std::mem::take(&mut self.entries) {
                if gone.contains(entry.client.id.as_str()) {
                    self.visits.remove(&entry.client);
                } else {
                    entries.push(entry);
                }
            }
            for client in changes.clients {
                self.visits.add(&client);
                entries.push(Entry::full(client, now, &self.settings.custom_fields));
            }
            self.entries = in_name_order(entries);
            self.reindex();
            self.count_loaded();
        }
        if let Some(copy) = changes.safety_copy {
            self.safety_copy = copy;
        }
        for (kind, step) in changes.undo {
            match step {
                Some(step) => self.undo.insert(kind, step),
                None => self.undo.remove(&kind),
            };
        }
        if let Some(draft) = changes.draft {
            self.draft = draft;
        }
    }

    /// Takes new settings. When they change which custom fields are searched (one added,
    /// removed or made a date), every client's search text is folded again: a rare edit in
    /// Settings pays once so that a keystroke never has to look the definitions up.
    fn replace_settings(&mut self, settings: Settings) {
        let refold =
            searched_custom_fields(&self.settings.custom_fields) != searched_custom_fields(&settings.custom_fields);
        self.settings = settings;
        if refold {
            for entry in self.entries.iter_mut().filter(|e| e.search.is_some()) {
                entry.search = Some(SearchEntry::for_client(&entry.client, &self.settings.custom_fields));
            }
        }
    }

    /// Replaces summaries by the full clients the background load (or a profile) read.
    pub fn attach_full(&mut self, clients: Vec<Client>, now: DateTime<Utc>) {
        let mut newcomers = Vec::new();
        for client in clients {
            match self.positions.get(&client.id).copied() {
                Some(at) if self.entries[at].client.name == client.name => {
                    // The summary came from the same record: its folded search text and sort key
                    // stand, only the history and the statistics change.
                    let entry = &mut self.entries[at];
                    self.visits.remove(&entry.client);
                    self.visits.add(&client);
                    entry.stats = ClientStats::of(&client, now);
                    entry.client = client;
                    entry.full = true;
                    entry.window_from = None;
                }
                // Unknown to the summaries (its shard was damaged), or named otherwise there.
                _ => newcomers.push(client),
            }
        }
        for client in newcomers {
            self.remove(&client.id);
            let entry = Entry::full(client, now, &self.settings.custom_fields);
            self.insert_sorted(entry);
        }
        self.count_loaded();
    }

    /// Clients in the book, Trash excluded.
    pub fn len(&self) -> usize {
        self.entries.iter().filter(|e| e.client.trashed.is_none()).count()
    }

    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }

    /// The client, whole or as a summary.
    pub fn get(&self, id: &str) -> Option<&Client> {
        self.entry(id).map(|e| &e.client)
    }

    /// The client with their whole history, once loaded.
    pub fn get_full(&self, id: &str) -> Option<&Client> {
        self.entry(id).filter(|e| e.full).map(|e| &e.client)
    }

    pub fn entry(&self, id: &str) -> Option<&Entry> {
        self.positions.get(id).map(|&at| &self.entries[at])
    }

    /// Every client, Trash included, in name order.
    pub fn entries(&self) -> impl Iterator<Item = &Entry> {
        self.entries.iter()
    }

    /// The clients of one shard, in id order.
    pub fn shard_members(&self, shard: u8) -> Vec<&Entry> {
        let mut members: Vec<&Entry> = self.entries.iter().filter(|e| e.shard == shard).collect();
        members.sort_by(|a, b| a.client.id.cmp(&b.client.id));
        members
    }

    /// Inserts or replaces a whole client, keeping name order.
    pub fn upsert(&mut self, client: Client, now: DateTime<Utc>) {
        self.remove(&client.id);
        let entry = Entry::full(client, now, &self.settings.custom_fields);
        self.insert_sorted(entry);
        self.count_loaded();
    }

    /// Inserts in name order and keeps `positions` right without rebuilding it.
    fn insert_sorted(&mut self, entry: Entry) {
        let key = (entry.sort_key.as_str(), entry.client.id.as_str());
        let at = self.entries.partition_point(|e| (e.sort_key.as_str(), e.client.id.as_str()) < key);
        for position in self.positions.values_mut().filter(|p| **p >= at) {
            *position += 1;
        }
        self.positions.insert(entry.client.id.clone(), at);
        self.visits.add(&entry.client);
        self.entries.insert(at, entry);
    }

    pub fn remove(&mut self, id: &str) -> Option<Client> {
        let at = self.positions.remove(id)?;
        let entry = self.entries.remove(at);
        self.visits.remove(&entry.client);
        for position in self.positions.values_mut().filter(|p| **p > at) {
            *position -= 1;
        }
        self.count_loaded();
        Some(entry.client)
    }

    /// Clients matching `query`, sorted as it asks. `insight` is the book's (see `matching`).
    pub fn list(
        &self,
        query: &ListQuery,
        insight: Option<&BookInsight>,
        today: NaiveDate,
        now: DateTime<Utc>,
    ) -> Vec<&Entry> {
        self.matching(query, insight, today, now).into_iter().filter_map(|at| self.entry_at(at)).collect()
    }

    /// Where the clients matching `query` sit in the book, sorted as the query asks: the same
    /// clients as `list`, as positions for `entry_at`. A short query matches most of the book,
    /// and the list shows only the few rows in view, so it keeps positions (no entry is
    /// touched twice, no string is cloned) and looks up only the rows it draws. Positions hold
    /// until the book changes.
    ///
    /// `insight` is the book's insight as computed from it now. Until it is complete (`None`,
    /// or histories still loading), a stage or RFM filter and insight rules match no one, and
    /// the value sorts leave the list in name order: never a wrong answer.
    pub fn matching(
        &self,
        query: &ListQuery,
        insight: Option<&BookInsight>,
        today: NaiveDate,
        now: DateTime<Utc>,
    ) -> Vec<usize> {
        let text = SearchQuery::parse(&query.text);
        let tag = query.tag.as_deref().map(fold);
        let rows = if query.needs_insight() { InsightRows::new(&self.entries, insight) } else { InsightRows::none() };
        let wanted = |at: usize, e: &Entry| {
            e.client.trashed.is_some() == query.in_trash
                && query.status.is_none_or(|s| e.client.status.kind() == s)
                && tag.as_ref().is_none_or(|t| e.client.tags.iter().any(|x| fold(x) == *t))
                && (!query.has_appointment || e.client.visits.iter().any(|v| v.is_appointment(now)))
                && query.stage.is_none_or(|stage| rows.at(at).is_some_and(|i| i.stage == stage))
                && query.rfm.is_none_or(|segment| rows.at(at).is_some_and(|i| i.segment == Some(segment)))
                && match &e.search {
                    Some(search) => text.matches(search),
                    // Folding is deferred after unlock; until it is done a query folds the
                    // client it asks about.
                    None => {
                        matches!(text, SearchQuery::Everything)
                            || text.matches(&SearchEntry::for_client(&e.client, &self.settings.custom_fields))
                    }
                }
                && query.segment.as_ref().is_none_or(|segment| {
                    segment.matches(&Facts { client: &e.client, stats: &e.stats, insight: rows.at(at), today, now })
                })
        };
        let mut found: Vec<usize> =
            self.entries.iter().enumerate().filter(|(at, e)| wanted(*at, e)).map(|(at, _)| at).collect();
        // Name order is the book's own order: only the other orders need a sort. Stable, so
        // ties stay in name order.
        let entries = &self.entries;
        let currency = self.settings.currency.as_str();
        match query.sort {
            SortBy::Name => {}
            SortBy::LastVisit => found.sort_by_key(|&at| std::cmp::Reverse(entries[at].stats.last_visit)),
            SortBy::TotalPaid => found.sort_by_key(|&at| std::cmp::Reverse(entries[at].stats.total_paid_minor())),
            SortBy::Created => found.sort_by_key(|&at| std::cmp::Reverse(entries[at].client.created)),
            // Without a complete insight, name order stands.
            _ if !rows.is_complete() => {}
            SortBy::LifetimeValue => found.sort_by_cached_key(|&at| {
                std::cmp::Reverse(rows.at(at).and_then(|i| i.value.paid.get(currency).copied()).unwrap_or(0))
            }),
            SortBy::HeldVisits => found.sort_by_key(|&at| std::cmp::Reverse(rows.at(at).map_or(0, |i| i.value.visits))),
            SortBy::AverageTicket => found.sort_by_cached_key(|&at| {
                let ticket = rows
                    .at(at)
                    .and_then(|i| i.value.held_paid.get(currency))
                    .map(|&(sum, count)| crate::insight::value::average(sum, count));
                (ticket.is_none(), std::cmp::Reverse(ticket))
            }),
            SortBy::DaysSinceLastVisit => found.sort_by_key(|&at| {
                let days = rows.at(at).and_then(|i| i.value.days_since_last);
                (days.is_none(), std::cmp::Reverse(days))
            }),
            SortBy::NextExpected => found.sort_by_key(|&at| {
                let next = rows.at(at).and_then(|i| i.value.next_expected);
                (next.is_none(), next)
            }),
        }
        found
    }

    /// The entry at a position `matching` returned.
    pub fn entry_at(&self, position: usize) -> Option<&Entry> {
        self.entries.get(position)
    }

    /// How many clients in the book (not Trash) a segment holds; `insight` as for `matching`.
    pub fn segment_count(
        &self,
        segment: &Segment,
        insight: Option<&BookInsight>,
        today: NaiveDate,
        now: DateTime<Utc>,
    ) -> usize {
        let rows = InsightRows::new(&self.entries, insight);
        self.entries
            .iter()
            .enumerate()
            .filter(|(_, e)| e.client.trashed.is_none())
            .filter(|(at, e)| {
                segment.matches(&Facts { client: &e.client, stats: &e.stats, insight: rows.at(*at), today, now })
            })
            .count()
    }

    /// Distinct tag names in use, sorted, for filters.
    pub fn tags_in_use(&self) -> Vec<String> {
        let mut tags: Vec<String> = self.entries.iter().flat_map(|e| e.client.tags.iter().cloned()).collect();
        tags.sort_by_key(|t| fold(t));
        tags.dedup_by_key(|t| fold(t));
        tags
    }
}

/// Sorts by folded name, then id. Entries are large, so the order is found on indices and the
/// entries are moved once.
fn in_name_order(entries: Vec<Entry>) -> Vec<Entry> {
    let mut order: Vec<usize> = (0..entries.len()).collect();
    order.sort_by(|&a, &b| {
        let (a, b) = (&entries[a], &entries[b]);
        a.sort_key.cmp(&b.sort_key).then_with(|| a.client.id.cmp(&b.client.id))
    });
    let mut slots: Vec<Option<Entry>> = entries.into_iter().map(Some).collect();
    order.into_iter().filter_map(|at| slots[at].take()).collect()
}

/// What erasing a client rewrites: their record goes (with a tombstone), every other client's
/// link to them as referrer is removed, and so is their copy in the safety copy and in the
/// undo steps.
pub struct ErasePlan {
    pub id: String,
    pub changes: Changes,
}

impl ErasePlan {
    /// `None` while a client that names this one as referrer is not loaded in full: erasing
    /// must rewrite them, and a summary is not enough to write.
    pub fn new(book: &Book, id: &str) -> Option<Self> {
        let unlink = |client: &Client| {
            let mut client = client.clone();
            if client.source.referred_by.as_deref() == Some(id) {
                client.source.referred_by = None;
            }
            client
        };
        let referring: Vec<&Entry> =
            book.entries.iter().filter(|e| e.client.source.referred_by.as_deref() == Some(id)).collect();
        if referring.iter().any(|e| !e.full && !e.unavailable) {
            return None;
        }
        let safety_copy =
            book.safety_copy.as_ref().filter(|c| c.payload.clients.iter().any(|x| x.id == id)).map(|copy| {
                let mut copy = copy.clone();
                copy.payload.clients = copy.payload.clients.iter().filter(|c| c.id != id).map(unlink).collect();
                Some(copy)
            });
        // An undo step that could bring the client back forgets them, and the clients merged
        // into them (the same person), too.
        let mut gone = vec![id.to_owned()];
        if let Some(entry) = book.entry(id) {
            gone.extend(entry.client.merged_from.iter().cloned());
        }
        let undo = book
            .undo
            .iter()
            .filter(|(_, step)| gone.iter().any(|g| step.mentions(g)))
            .map(|(kind, step)| (*kind, Some(gone.iter().fold(step.clone(), |step, g| step.without(g)))))
            .collect();
        Some(Self {
            id: id.to_owned(),
            changes: Changes {
                clients: referring.into_iter().map(|e| unlink(&e.client)).collect(),
                deleted: vec![id.to_owned()],
                settings: None,
                safety_copy,
                undo,
                // A form left open on them holds their data too.
                draft: book.draft.as_ref().filter(|d| d.form.client_id() == Some(id)).map(|_| None),
            },
        })
    }
}
