//! The unlocked client book in memory, and how it is loaded from and saved to the vault.
//! Each client is kept with its folded search entry and its statistics, computed once per
//! save, so listing, sorting and searching never re-derive them on a keystroke.

use chrono::{DateTime, NaiveDate, Utc};
use futures::future::join_all;
use serde::{Deserialize, Serialize};

use crate::backup::{BackupPayload, ImportPlan};

use crate::model::{decode_client, Client, ClientStats, Settings, StatusKind, SETTINGS_ID};
use crate::search::{fold, SearchEntry, SearchQuery};
use crate::segment::{Facts, Segment};
use crate::vault::cipher::RecordCipher;
use crate::vault::format::{RecordDamage, RecordKind};
use crate::vault::store::VaultStore;
use crate::vault::{open_record, seal_record, VaultError};

/// A stored record that could not be opened. The book opens without it; the user is told.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct DamagedRecord {
    pub id: String,
    pub damage: RecordDamage,
}

pub struct Entry {
    pub client: Client,
    pub stats: ClientStats,
    sort_key: String,
    search: SearchEntry,
}

impl Entry {
    fn new(client: Client, now: DateTime<Utc>) -> Self {
        Self {
            sort_key: fold(&client.name),
            search: SearchEntry::for_client(&client),
            stats: ClientStats::of(&client, now),
            client,
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
    /// Show Trash instead of the book.
    pub in_trash: bool,
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

#[derive(Default)]
pub struct Book {
    /// In name order.
    entries: Vec<Entry>,
    pub settings: Settings,
    pub damaged: Vec<DamagedRecord>,
    pub safety_copy: Option<SafetyCopy>,
}

impl Book {
    pub fn new(clients: Vec<Client>, settings: Settings, now: DateTime<Utc>) -> Self {
        let mut entries: Vec<Entry> = clients.into_iter().map(|c| Entry::new(c, now)).collect();
        entries.sort_by(|a, b| a.sort_key.cmp(&b.sort_key).then_with(|| a.client.id.cmp(&b.client.id)));
        Self { entries, settings, damaged: Vec::new(), safety_copy: None }
    }

    /// Everything a backup holds: every client, Trash included, and the settings.
    pub fn payload(&self) -> BackupPayload {
        BackupPayload {
            clients: self.entries.iter().map(|e| e.client.clone()).collect(),
            settings: self.settings.clone(),
        }
    }

    /// Applies an import's writes to the book in memory, after the store committed them.
    pub fn apply_import(&mut self, plan: ImportPlan, now: DateTime<Utc>) {
        for id in &plan.deletes {
            self.remove(id);
        }
        for client in plan.puts {
            self.upsert(client, now);
        }
        self.settings = plan.settings;
    }

    /// Clients in the book, Trash excluded.
    pub fn len(&self) -> usize {
        self.entries.iter().filter(|e| e.client.trashed.is_none()).count()
    }

    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }

    pub fn get(&self, id: &str) -> Option<&Client> {
        self.entry(id).map(|e| &e.client)
    }

    pub fn entry(&self, id: &str) -> Option<&Entry> {
        self.entries.iter().find(|e| e.client.id == id)
    }

    /// Every client, Trash included, in name order.
    pub fn entries(&self) -> impl Iterator<Item = &Entry> {
        self.entries.iter()
    }

    /// Inserts or replaces a client, keeping name order.
    pub fn upsert(&mut self, client: Client, now: DateTime<Utc>) {
        self.remove(&client.id);
        let entry = Entry::new(client, now);
        let key = (entry.sort_key.as_str(), entry.client.id.as_str());
        let at = self.entries.partition_point(|e| (e.sort_key.as_str(), e.client.id.as_str()) < key);
        self.entries.insert(at, entry);
    }

    pub fn remove(&mut self, id: &str) -> Option<Client> {
        let at = self.entries.iter().position(|e| e.client.id == id)?;
        Some(self.entries.remove(at).client)
    }

    /// Clients matching `query`, sorted as it asks.
    pub fn list(&self, query: &ListQuery, today: NaiveDate, now: DateTime<Utc>) -> Vec<&Entry> {
        self.matching(query, today, now).into_iter().filter_map(|at| self.entry_at(at)).collect()
    }

    /// Where the clients matching `query` sit in the book, sorted as the query asks: the same
    /// clients as `list`, as positions for `entry_at`. A short query matches most of the book,
    /// and the list shows only the few rows in view, so it keeps positions (no entry is
    /// touched twice, no string is cloned) and looks up only the rows it draws. Positions hold
    /// until the book changes.
    pub fn matching(&self, query: &ListQuery, today: NaiveDate, now: DateTime<Utc>) -> Vec<usize> {
        let text = SearchQuery::parse(&query.text);
        let tag = query.tag.as_deref().map(fold);
        let wanted = |e: &Entry| {
            e.client.trashed.is_some() == query.in_trash
                && query.status.is_none_or(|s| e.client.status.kind() == s)
                && tag.as_ref().is_none_or(|t| e.client.tags.iter().any(|x| fold(x) == *t))
                && (!query.has_appointment || e.client.visits.iter().any(|v| v.is_appointment(now)))
                && text.matches(&e.search)
                && query
                    .segment
                    .as_ref()
                    .is_none_or(|segment| segment.matches(&Facts { client: &e.client, stats: &e.stats, today, now }))
        };
        let mut found: Vec<usize> =
            self.entries.iter().enumerate().filter(|(_, e)| wanted(e)).map(|(at, _)| at).collect();
        // Name order is the book's own order: only the other orders need a sort. Stable, so
        // ties stay in name order.
        let entries = &self.entries;
        match query.sort {
            SortBy::Name => {}
            SortBy::LastVisit => found.sort_by_key(|&at| std::cmp::Reverse(entries[at].stats.last_visit)),
            SortBy::TotalPaid => found.sort_by_key(|&at| std::cmp::Reverse(entries[at].stats.total_paid_minor())),
            SortBy::Created => found.sort_by_key(|&at| std::cmp::Reverse(entries[at].client.created)),
        }
        found
    }

    /// The entry at a position `matching` returned.
    pub fn entry_at(&self, position: usize) -> Option<&Entry> {
        self.entries.get(position)
    }

    /// How many clients in the book (not Trash) a segment holds.
    pub fn segment_count(&self, segment: &Segment, today: NaiveDate, now: DateTime<Utc>) -> usize {
        self.entries
            .iter()
            .filter(|e| e.client.trashed.is_none())
            .filter(|e| segment.matches(&Facts { client: &e.client, stats: &e.stats, today, now }))
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

/// Opens every stored record. Damaged records are listed, never fatal; only a store that
/// cannot be read at all fails the load.
pub async fn load_book<S: VaultStore, C: RecordCipher>(
    store: &S,
    cipher: &C,
    now: DateTime<Utc>,
) -> Result<Book, VaultError> {
    let stored = store.read_all_records().await?;
    // All decryptions start before any is awaited: WebCrypto then runs them in parallel.
    let opened = join_all(stored.iter().map(|(id, envelope)| open_record(cipher, id, envelope))).await;
    let mut clients = Vec::with_capacity(stored.len());
    let mut settings = Settings::default();
    let mut safety_copy = None;
    let mut damaged = Vec::new();
    for ((id, _), result) in stored.iter().zip(opened) {
        let decoded = result.and_then(|(kind, plain)| match kind {
            RecordKind::Client => decode_client(&plain).map_err(|_| RecordDamage::Unreadable).and_then(|c| {
                if c.id == *id {
                    Ok(Some(c))
                } else {
                    Err(RecordDamage::Unreadable)
                }
            }),
            RecordKind::Settings if id == SETTINGS_ID => {
                settings = serde_json::from_slice(&plain).map_err(|_| RecordDamage::Unreadable)?;
                Ok(None)
            }
            RecordKind::SafetyCopy if id == SAFETY_COPY_ID => {
                safety_copy = Some(serde_json::from_slice::<SafetyCopy>(&plain).map_err(|_| RecordDamage::Unreadable)?);
                Ok(None)
            }
            RecordKind::Settings | RecordKind::SafetyCopy => Err(RecordDamage::Unreadable),
        });
        match decoded {
            Ok(Some(client)) => clients.push(client),
            Ok(None) => {}
            Err(damage) => damaged.push(DamagedRecord { id: id.clone(), damage }),
        }
    }
    let mut book = Book::new(clients, settings, now);
    book.damaged = damaged;
    book.safety_copy = safety_copy;
    Ok(book)
}

async fn seal_json<C: RecordCipher, T: Serialize>(
    cipher: &C,
    id: &str,
    kind: RecordKind,
    value: &T,
) -> Result<(String, Vec<u8>), VaultError> {
    let plain = serde_json::to_vec(value).map_err(|_| VaultError::SealFailed)?;
    Ok((id.to_owned(), seal_record(cipher, id, kind, &plain).await?))
}

/// Writes an import in one transaction: its clients, deletions and settings, and for a
/// replace the safety copy of what is being replaced. Everything is sealed before the
/// transaction opens; a failure leaves the store exactly as it was.
pub async fn apply_import<S: VaultStore, C: RecordCipher>(
    store: &S,
    cipher: &C,
    plan: &ImportPlan,
    safety_copy: Option<&SafetyCopy>,
) -> Result<(), VaultError> {
    let sealed = join_all(plan.puts.iter().map(|c| seal_json(cipher, &c.id, RecordKind::Client, c))).await;
    let mut puts = sealed.into_iter().collect::<Result<Vec<_>, _>>()?;
    puts.push(seal_json(cipher, SETTINGS_ID, RecordKind::Settings, &plan.settings).await?);
    if let Some(copy) = safety_copy {
        puts.push(seal_json(cipher, SAFETY_COPY_ID, RecordKind::SafetyCopy, copy).await?);
    }
    store.write_batch(&puts, &plan.deletes).await?;
    Ok(())
}

/// What erasing a client rewrites besides deleting their record.
pub struct ErasePlan {
    pub id: String,
    /// Other clients that named this one as their referrer, with the link removed.
    pub unlinked: Vec<Client>,
    /// The safety copy without this client, when it held them.
    pub safety_copy: Option<SafetyCopy>,
}

impl ErasePlan {
    /// Erasing removes every trace: the record with its visits, interactions and follow-ups
    /// (in Trash or not), every other client's link to them as referrer, and their copy in the
    /// safety copy.
    pub fn new(book: &Book, id: &str) -> Self {
        let unlink = |client: &Client| {
            let mut client = client.clone();
            if client.source.referred_by.as_deref() == Some(id) {
                client.source.referred_by = None;
            }
            client
        };
        let unlinked = book
            .entries
            .iter()
            .filter(|e| e.client.source.referred_by.as_deref() == Some(id))
            .map(|e| unlink(&e.client))
            .collect();
        let safety_copy =
            book.safety_copy.as_ref().filter(|c| c.payload.clients.iter().any(|x| x.id == id)).map(|copy| {
                let mut copy = copy.clone();
                copy.payload.clients = copy.payload.clients.iter().filter(|c| c.id != id).map(unlink).collect();
                copy
            });
        Self { id: id.to_owned(), unlinked, safety_copy }
    }
}

/// Writes an erasure in one transaction.
pub async fn erase_client<S: VaultStore, C: RecordCipher>(
    store: &S,
    cipher: &C,
    plan: &ErasePlan,
) -> Result<(), VaultError> {
    let sealed = join_all(plan.unlinked.iter().map(|c| seal_json(cipher, &c.id, RecordKind::Client, c))).await;
    let mut puts = sealed.into_iter().collect::<Result<Vec<_>, _>>()?;
    if let Some(copy) = &plan.safety_copy {
        puts.push(seal_json(cipher, SAFETY_COPY_ID, RecordKind::SafetyCopy, copy).await?);
    }
    store.write_batch(&puts, std::slice::from_ref(&plan.id)).await?;
    Ok(())
}

/// Removes an expired safety copy from the store.
pub async fn discard_safety_copy<S: VaultStore>(store: &S) -> Result<(), VaultError> {
    store.delete_record(SAFETY_COPY_ID).await?;
    Ok(())
}

/// Seals and stores one client. Returns only after the store reports the write durable.
pub async fn save_client<S: VaultStore, C: RecordCipher>(
    store: &S,
    cipher: &C,
    client: &Client,
) -> Result<(), VaultError> {
    let plain = serde_json::to_vec(client).map_err(|_| VaultError::SealFailed)?;
    let sealed = seal_record(cipher, &client.id, RecordKind::Client, &plain).await?;
    store.put_record(&client.id, &sealed).await?;
    Ok(())
}

pub async fn save_settings<S: VaultStore, C: RecordCipher>(
    store: &S,
    cipher: &C,
    settings: &Settings,
) -> Result<(), VaultError> {
    let plain = serde_json::to_vec(settings).map_err(|_| VaultError::SealFailed)?;
    let sealed = seal_record(cipher, SETTINGS_ID, RecordKind::Settings, &plain).await?;
    store.put_record(SETTINGS_ID, &sealed).await?;
    Ok(())
}

/// Deletes a client for good (from Trash). Moving to Trash is a save with `trashed` set.
pub async fn delete_client<S: VaultStore>(store: &S, id: &str) -> Result<(), VaultError> {
    store.delete_record(id).await?;
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{Outcome, Status, Visit};
    use crate::segment::Rule;
    use crate::vault::cipher::RustCipher;
    use crate::vault::keys::DataKey;
    use crate::vault::store::{MemoryStore, StoreError};
    use pollster::block_on;

    fn now() -> DateTime<Utc> {
        DateTime::from_timestamp(1_790_000_000, 0).unwrap()
    }

    fn client(id: &str, name: &str) -> Client {
        let mut c = Client::new(id.into(), DateTime::from_timestamp(1_700_000_000, 0).unwrap());
        c.name = name.into();
        c
    }

    fn cipher() -> RustCipher {
        RustCipher::new(&DataKey::from_bytes([1; 32]))
    }

    fn names(entries: Vec<&Entry>) -> Vec<&str> {
        entries.into_iter().map(|e| e.client.name.as_str()).collect()
    }

    fn everything(book: &Book) -> Vec<&str> {
        names(book.list(&ListQuery::default(), now().date_naive(), now()))
    }

    #[test]
    fn saved_clients_and_settings_load_back() {
        let (store, c) = (MemoryStore::default(), cipher());
        for (id, name) in [("1", "Zoë"), ("2", "anna"), ("3", "Борис")] {
            block_on(save_client(&store, &c, &client(id, name))).unwrap();
        }
        let settings = Settings { currency: "UAH".into(), ..Settings::default() };
        block_on(save_settings(&store, &c, &settings)).unwrap();
        let book = block_on(load_book(&store, &c, now())).unwrap();
        assert_eq!(everything(&book), ["anna", "Zoë", "Борис"]);
        assert_eq!(book.settings.currency, "UAH");
        assert!(book.damaged.is_empty());
    }

    #[test]
    fn a_schema_1_record_in_storage_opens_as_the_full_profile() {
        let (store, c) = (MemoryStore::default(), cipher());
        let v1 = br#"{"schema":1,"id":"old","name":"Old Shape","phone":"+1 555 0100","email":"a@b.co","notes":"n","created":"2026-11-22T10:00:00Z","updated":"2026-11-22T10:00:00Z"}"#;
        let sealed = block_on(seal_record(&c, "old", RecordKind::Client, v1)).unwrap();
        block_on(store.put_record("old", &sealed)).unwrap();
        let book = block_on(load_book(&store, &c, now())).unwrap();
        let client = book.get("old").expect("migrated");
        assert_eq!((client.phones[0].number.as_str(), client.emails[0].as_str()), ("+1 555 0100", "a@b.co"));
        block_on(save_client(&store, &c, client)).unwrap();
        let again = block_on(load_book(&store, &c, now())).unwrap();
        assert_eq!(again.get("old").unwrap().schema, crate::model::CLIENT_SCHEMA);
    }

    #[test]
    fn nothing_in_the_store_is_plaintext() {
        let (store, c) = (MemoryStore::default(), cipher());
        block_on(save_client(&store, &c, &client("1", "UniqueMarkerName"))).unwrap();
        for bytes in store.records.borrow().values() {
            assert!(!bytes.windows(16).any(|w| w == b"UniqueMarkerName"));
        }
    }

    #[test]
    fn a_damaged_record_is_reported_and_the_rest_loads() {
        let (store, c) = (MemoryStore::default(), cipher());
        block_on(save_client(&store, &c, &client("1", "Ann"))).unwrap();
        block_on(save_client(&store, &c, &client("2", "Bob"))).unwrap();
        store.records.borrow_mut().get_mut("2").unwrap()[20] ^= 0xff;
        store.records.borrow_mut().insert("3".into(), vec![1, 2, 3]);
        let book = block_on(load_book(&store, &c, now())).unwrap();
        assert_eq!(book.len(), 1);
        assert_eq!(
            book.damaged,
            vec![
                DamagedRecord { id: "2".into(), damage: RecordDamage::FailedAuthentication },
                DamagedRecord { id: "3".into(), damage: RecordDamage::Truncated },
            ]
        );
    }

    #[test]
    fn a_record_copied_under_another_id_is_damaged_not_duplicated() {
        let (store, c) = (MemoryStore::default(), cipher());
        block_on(save_client(&store, &c, &client("1", "Ann"))).unwrap();
        let copy = store.records.borrow()["1"].clone();
        store.records.borrow_mut().insert("2".into(), copy);
        let book = block_on(load_book(&store, &c, now())).unwrap();
        assert_eq!(book.len(), 1);
        assert_eq!(book.damaged[0].id, "2");
    }

    #[test]
    fn a_failed_write_is_reported_and_stored_data_is_unchanged() {
        let (store, c) = (MemoryStore::default(), cipher());
        block_on(save_client(&store, &c, &client("1", "Ann"))).unwrap();
        let before = store.records.borrow().clone();
        *store.fail_writes.borrow_mut() = Some(StoreError::QuotaExceeded);
        let result = block_on(save_client(&store, &c, &client("1", "Ann edited")));
        assert_eq!(result, Err(VaultError::Store(StoreError::QuotaExceeded)));
        assert_eq!(*store.records.borrow(), before);
    }

    #[test]
    fn an_import_lands_whole_or_not_at_all() {
        let (store, c) = (MemoryStore::default(), cipher());
        block_on(save_client(&store, &c, &client("1", "Ann"))).unwrap();
        let book = block_on(load_book(&store, &c, now())).unwrap();
        let payload =
            BackupPayload { clients: vec![client("2", "Bea"), client("3", "Cid")], settings: Settings::default() };
        let plan = ImportPlan::replace(&book, &payload);
        let copy = SafetyCopy { created: now(), payload: book.payload() };

        let before = store.records.borrow().clone();
        *store.fail_writes.borrow_mut() = Some(StoreError::QuotaExceeded);
        assert!(block_on(apply_import(&store, &c, &plan, Some(&copy))).is_err());
        assert_eq!(*store.records.borrow(), before);

        *store.fail_writes.borrow_mut() = None;
        block_on(apply_import(&store, &c, &plan, Some(&copy))).unwrap();
        let after = block_on(load_book(&store, &c, now())).unwrap();
        assert_eq!(everything(&after), ["Bea", "Cid"]);
        assert_eq!(after.safety_copy.as_ref().map(|s| s.payload.clients[0].name.as_str()), Some("Ann"));
    }

    #[test]
    fn erasing_a_client_removes_every_trace_from_storage() {
        let (store, c) = (MemoryStore::default(), cipher());
        let mut gone = client("gone", "Gone Person");
        gone.trashed = Some(now());
        gone.visits.push(Visit {
            id: "v".into(),
            start: now(),
            duration_min: 30,
            currency: "EUR".into(),
            ..Visit::default()
        });
        let mut friend = client("friend", "Friend");
        friend.source.referred_by = Some("gone".into());
        for x in [&gone, &friend] {
            block_on(save_client(&store, &c, x)).unwrap();
        }
        let copy = SafetyCopy {
            created: now(),
            payload: BackupPayload { clients: vec![gone.clone(), friend.clone()], settings: Settings::default() },
        };
        block_on(apply_import(
            &store,
            &c,
            &ImportPlan { settings: Settings::default(), ..ImportPlan::default() },
            Some(&copy),
        ))
        .unwrap();
        let book = block_on(load_book(&store, &c, now())).unwrap();

        let plan = ErasePlan::new(&book, "gone");
        assert_eq!(plan.unlinked.len(), 1);
        block_on(erase_client(&store, &c, &plan)).unwrap();
        assert!(!store.records.borrow().contains_key("gone"));
        let after = block_on(load_book(&store, &c, now())).unwrap();
        assert!(after.get("gone").is_none());
        assert_eq!(after.get("friend").unwrap().source.referred_by, None);
        let copy = after.safety_copy.unwrap();
        assert!(copy.payload.clients.iter().all(|x| x.id != "gone" && x.source.referred_by.is_none()));
        // No stored plaintext mentions the id either: every record decrypts without it.
        for (id, bytes) in store.records.borrow().iter() {
            let (_, plain) = block_on(open_record(&c, id, bytes)).unwrap();
            assert!(!String::from_utf8_lossy(&plain).contains("\"gone\""), "{id}");
        }
    }

    #[test]
    fn upsert_and_remove_keep_order() {
        let mut book = Book::new(vec![client("1", "Carl"), client("2", "Ann")], Settings::default(), now());
        book.upsert(client("3", "Bea"), now());
        book.upsert(client("1", "Aaron"), now());
        assert_eq!(everything(&book), ["Aaron", "Ann", "Bea"]);
        assert_eq!(book.remove("2").map(|c| c.name), Some("Ann".into()));
        assert_eq!(book.len(), 2);
    }

    #[test]
    fn list_filters_sorts_and_separates_trash() {
        let visit = |days_ago: i64, paid: i64, outcome: Outcome| Visit {
            start: now() - chrono::Duration::days(days_ago),
            duration_min: 60,
            paid,
            currency: "EUR".into(),
            outcome,
            ..Visit::default()
        };
        let mut ann = client("1", "Ann");
        ann.visits = vec![visit(30, 5000, Outcome::Completed)];
        ann.tags = vec!["VIP".into()];
        let mut bob = client("2", "Bob");
        bob.visits = vec![visit(3, 1000, Outcome::Completed), visit(-2, 0, Outcome::Booked)];
        bob.created = now();
        let mut cat = client("3", "Cat");
        cat.status = Status::Lead;
        let mut dan = client("4", "Dan");
        dan.trashed = Some(now());
        let book = Book::new(vec![dan, cat, bob, ann], Settings::default(), now());
        let list = |q: ListQuery| names(book.list(&q, now().date_naive(), now()));

        assert_eq!(list(ListQuery::default()), ["Ann", "Bob", "Cat"]);
        assert_eq!(list(ListQuery { in_trash: true, ..Default::default() }), ["Dan"]);
        assert_eq!(list(ListQuery { sort: SortBy::LastVisit, ..Default::default() }), ["Bob", "Ann", "Cat"]);
        assert_eq!(list(ListQuery { sort: SortBy::TotalPaid, ..Default::default() }), ["Ann", "Bob", "Cat"]);
        assert_eq!(list(ListQuery { sort: SortBy::Created, ..Default::default() }), ["Bob", "Ann", "Cat"]);
        assert_eq!(list(ListQuery { status: Some(StatusKind::Lead), ..Default::default() }), ["Cat"]);
        assert_eq!(list(ListQuery { tag: Some("vip".into()), ..Default::default() }), ["Ann"]);
        assert_eq!(list(ListQuery { has_appointment: true, ..Default::default() }), ["Bob"]);
        let segment = Segment { id: "s".into(), name: "big".into(), rules: vec![Rule::TotalPaidAbove(2000)] };
        assert_eq!(list(ListQuery { segment: Some(segment.clone()), ..Default::default() }), ["Ann"]);
        assert_eq!(book.segment_count(&segment, now().date_naive(), now()), 1);
        assert_eq!(book.len(), 3);
        assert_eq!(book.tags_in_use(), ["VIP"]);
    }

    #[test]
    fn matching_positions_name_the_same_clients_as_list_in_the_same_order() {
        let mut book = Book::new(Vec::new(), Settings::default(), now());
        for (i, name) in ["Zoë", "anna", "Борис", "王芳", "Anton", "Ann-Marie"].into_iter().enumerate() {
            let mut c = client(&i.to_string(), name);
            c.created = now() - chrono::Duration::days(i as i64 % 3);
            c.trashed = (i == 4).then(now);
            book.upsert(c, now());
        }
        for query in [
            ListQuery::default(),
            ListQuery { text: "an".into(), ..Default::default() },
            ListQuery { text: "an".into(), sort: SortBy::Created, ..Default::default() },
            ListQuery { in_trash: true, ..Default::default() },
            ListQuery { text: "nobody".into(), ..Default::default() },
        ] {
            let positions = book.matching(&query, now().date_naive(), now());
            let by_position: Vec<&str> =
                positions.iter().map(|&at| book.entry_at(at).unwrap().client.name.as_str()).collect();
            assert_eq!(by_position, names(book.list(&query, now().date_naive(), now())), "{query:?}");
        }
        assert!(book.entry_at(book.entries().count()).is_none());
    }
}
