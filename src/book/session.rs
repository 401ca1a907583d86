//! An open format-2 vault: what it takes to read the book and to write it.
//!
//! - **Open:** the header's sealed state names every index record (shards, settings, the
//!   safety copy) by revision and hash; the shards name every client record the same way. Unlock
//!   reads only the index, checks it, and builds the book from the summaries.
//! - **History:** the full client records follow in chunks ([`VaultSession::load_history_chunk`]),
//!   each checked against its summary's reference before it is decrypted.
//! - **Commit:** one write seals the changed client records, the shards they fall in, the other
//!   records that changed and a new state, and stores them with the header in one atomic
//!   [`Commit`], compared against the header it started from.
//!
//! Anything that does not match is reported by id ([`DamagedRecord`]) and left in storage as
//! it is; the rest of the book opens.

use std::collections::{BTreeMap, BTreeSet};

use rustc_hash::{FxHashMap as HashMap, FxHashSet as HashSet};

use chrono::{DateTime, Utc};
use futures::future::join_all;

use super::shard::{shard_from_record_id, shard_of, shard_record_id, ClientSummary, ShardDoc, Tombstone, SHARD_SCHEMA};
use super::{Book, Changes, DamagedRecord, Draft, SafetyCopy, UndoKind, UndoStep, DRAFT_ID, SAFETY_COPY_ID};
use crate::model::{decode_client, Client, ClientStats, Settings, SETTINGS_ID};
use crate::vault::cipher::RecordCipher;
use crate::vault::format::{RecordDamage, RecordEnvelope, RecordKind, VaultHeader, FORMAT_V1, FORMAT_V2};
use crate::vault::state::{open_state, seal_state, BookState, RecordRef};
use crate::vault::store::{Area, Commit, VaultStore};
use crate::vault::{open_envelope, open_record, random_bytes, seal_record, VaultError};

/// Lets the page breathe during long work. The browser yields to its event loop when the
/// current task has run long enough; native code does nothing.
#[allow(async_fn_in_trait)]
pub trait Pause {
    async fn pause(&self);
}

/// For native code and tests: never yields.
pub struct NoPause;

impl Pause for NoPause {
    async fn pause(&self) {}
}

/// Full client records read by one step of the background load.
#[derive(Debug, Default)]
pub struct HistoryChunk {
    pub clients: Vec<Client>,
    pub damaged: Vec<DamagedRecord>,
    /// Clients whose full record could not be used: they stay known by their summary.
    pub unavailable: Vec<String>,
}

/// A write, prepared from the book as it stands: the changes, and the summaries of the other
/// clients in every shard the changes touch (a shard is always rewritten whole).
pub struct CommitPlan {
    pub changes: Changes,
    others: BTreeMap<u8, Vec<ClientSummary>>,
    /// Format-1 records this write retires (the end of a migration).
    legacy_deletes: Vec<String>,
}

impl CommitPlan {
    /// Fails with `NotLoaded` when a changed client is known only by their summary: writing it
    /// would drop their history.
    pub fn new(book: &Book, changes: Changes, now: DateTime<Utc>) -> Result<Self, VaultError> {
        if changes.clients.iter().any(|c| book.entry(&c.id).is_some_and(|e| !e.full && !e.unavailable)) {
            return Err(VaultError::NotLoaded);
        }
        let touched: BTreeSet<&str> =
            changes.clients.iter().map(|c| c.id.as_str()).chain(changes.deleted.iter().map(String::as_str)).collect();
        let mut others: BTreeMap<u8, Vec<ClientSummary>> =
            touched.iter().map(|id| (shard_of(id), Vec::new())).collect();
        let placeholder = RecordRef { kind: RecordKind::Client as u8, revision: 0, sha256: String::new() };
        for entry in book.entries() {
            if let Some(members) = others.get_mut(&entry.shard()) {
                if !touched.contains(entry.client.id.as_str()) {
                    members.push(entry.to_summary(placeholder.clone(), now));
                }
            }
        }
        for members in others.values_mut() {
            members.sort_by(|a, b| a.client.id.cmp(&b.client.id));
        }
        Ok(Self { changes, others, legacy_deletes: Vec::new() })
    }
}

/// The open vault's bookkeeping beside the book: the store, the data key's cipher, the header
/// and state as last committed, and which copy of every client record the book expects.
pub struct VaultSession<S: VaultStore, C: RecordCipher> {
    pub store: S,
    cipher: C,
    header: VaultHeader,
    header_bytes: Vec<u8>,
    state: BookState,
    /// The copy of each live client's full record that the book expects.
    records: HashMap<String, RecordRef>,
    tombstones: BTreeMap<u8, Vec<Tombstone>>,
    /// Shards that failed their check; their clients are read from their own records, and
    /// the shards are written afresh once all of them are in.
    damaged_shards: BTreeSet<u8>,
    /// Full client records still to read; `None` where no shard says which copy to expect.
    pending: BTreeMap<String, Option<RecordRef>>,
    /// The last client id the background load read up to.
    cursor: Option<String>,
    /// Client records already reported as unknown, so the background load does not repeat them.
    reported: HashSet<String>,
}

/// What one stored record turned into.
enum Decoded {
    Client(Box<Client>),
    Settings(Settings),
    SafetyCopy(SafetyCopy),
    Shard(ShardDoc),
    Undo(UndoKind, UndoStep),
    Draft(Box<Draft>),
}

fn decode(id: &str, kind: RecordKind, plain: &[u8]) -> Result<Decoded, RecordDamage> {
    let unreadable = |_| RecordDamage::Unreadable;
    match kind {
        RecordKind::Client => {
            let client = decode_client(plain).map_err(unreadable)?;
            if client.id == id {
                Ok(Decoded::Client(Box::new(client)))
            } else {
                Err(RecordDamage::Unreadable)
            }
        }
        RecordKind::Settings if id == SETTINGS_ID => {
            Ok(Decoded::Settings(serde_json::from_slice(plain).map_err(|_| RecordDamage::Unreadable)?))
        }
        RecordKind::SafetyCopy if id == SAFETY_COPY_ID => {
            Ok(Decoded::SafetyCopy(serde_json::from_slice(plain).map_err(|_| RecordDamage::Unreadable)?))
        }
        RecordKind::Draft if id == DRAFT_ID => {
            Ok(Decoded::Draft(serde_json::from_slice(plain).map_err(|_| RecordDamage::Unreadable)?))
        }
        RecordKind::Undo => match UndoKind::from_record_id(id) {
            Some(undo) => Ok(Decoded::Undo(undo, serde_json::from_slice(plain).map_err(|_| RecordDamage::Unreadable)?)),
            None => Err(RecordDamage::Unreadable),
        },
        RecordKind::Shard => {
            let doc: ShardDoc = serde_json::from_slice(plain).map_err(|_| RecordDamage::Unreadable)?;
            if doc.schema > SHARD_SCHEMA {
                return Err(RecordDamage::NewerEnvelope);
            }
            if shard_from_record_id(id) != Some(doc.shard)
                || doc.clients.iter().any(|s| shard_of(&s.client.id) != doc.shard)
            {
                return Err(RecordDamage::Unreadable);
            }
            Ok(Decoded::Shard(doc))
        }
        RecordKind::Settings | RecordKind::SafetyCopy | RecordKind::Draft => Err(RecordDamage::Unreadable),
    }
}

/// Refines a failed check: a copy that is not the expected one but opens under this id is a
/// genuine other copy (put back, or a mismatch); one that does not open was forged, corrupted
/// or moved from another id.
async fn classify<C: RecordCipher>(cipher: &C, id: &str, stored: &[u8], damage: RecordDamage) -> RecordDamage {
    match damage {
        RecordDamage::RolledBack | RecordDamage::Mismatch => match open_record(cipher, id, stored).await {
            Ok(_) => damage,
            Err(opened) => opened,
        },
        other => other,
    }
}

fn damaged(id: &str, damage: RecordDamage) -> DamagedRecord {
    DamagedRecord { id: id.to_owned(), damage }
}

impl<S: VaultStore, C: RecordCipher> VaultSession<S, C> {
    /// Opens a format-2 vault whose data key `cipher` holds: checks the index against the
    /// header's state, and builds the book from the summaries. The histories load afterwards.
    pub async fn open(
        store: S,
        cipher: C,
        header_bytes: Vec<u8>,
        pause: &impl Pause,
        now: DateTime<Utc>,
    ) -> Result<(Self, Book), VaultError> {
        let header = VaultHeader::parse(&header_bytes)?;
        if header.format != FORMAT_V2 {
            return Err(VaultError::DamagedHeader);
        }
        let state = open_state(&header, &cipher).await?;
        let mut stored: BTreeMap<String, Vec<u8>> = store.read_area(Area::Index).await?.into_iter().collect();
        let legacy = store.read_area(Area::Legacy).await?;
        let mut report = Vec::new();

        let mut named = Vec::new();
        for id in state.records.keys() {
            match stored.remove(id) {
                None => report.push(damaged(id, RecordDamage::Missing)),
                Some(bytes) => named.push((id.clone(), bytes)),
            }
        }
        let digests = join_all(named.iter().map(|(_, bytes)| cipher.sha256(bytes))).await;
        let mut checked = Vec::new();
        for ((id, bytes), digest) in named.iter().zip(digests) {
            match state.records[id].check(bytes, &digest) {
                Ok(envelope) => checked.push((id.clone(), envelope)),
                Err(damage) => report.push(damaged(id, classify(&cipher, id, bytes, damage).await)),
            }
        }
        report.extend(stored.keys().map(|id| damaged(id, RecordDamage::Unknown)));
        let mut damaged_shards: BTreeSet<u8> = report
            .iter()
            .filter_map(|d| shard_from_record_id(&d.id))
            .filter(|s| state.records.contains_key(&shard_record_id(*s)))
            .collect();

        // Every decryption starts before any is awaited: WebCrypto then runs them in parallel.
        let opened = join_all(checked.into_iter().map(|(id, envelope)| async {
            let result = open_envelope(&cipher, &id, envelope).await;
            (id, result)
        }))
        .await;
        let mut settings = Settings::default();
        let mut safety_copy = None;
        let mut undo = BTreeMap::new();
        let mut draft = None;
        let mut summaries = Vec::new();
        let mut tombstones = BTreeMap::new();
        for (id, result) in opened {
            match result.and_then(|(envelope, plain)| decode(&id, envelope.kind, &plain)) {
                Ok(Decoded::Settings(s)) => settings = s,
                Ok(Decoded::SafetyCopy(copy)) => safety_copy = Some(copy),
                Ok(Decoded::Undo(kind, step)) => {
                    undo.insert(kind, step);
                }
                Ok(Decoded::Draft(kept)) => draft = Some(*kept),
                Ok(Decoded::Shard(doc)) => {
                    tombstones.insert(doc.shard, doc.deleted);
                    summaries.extend(doc.clients);
                }
                Ok(Decoded::Client(_)) => report.push(damaged(&id, RecordDamage::Unknown)),
                Err(damage) => {
                    damaged_shards.extend(shard_from_record_id(&id));
                    report.push(damaged(&id, damage));
                }
            }
            pause.pause().await;
        }

        let records: HashMap<String, RecordRef> =
            summaries.iter().map(|s| (s.client.id.clone(), s.record.clone())).collect();
        // Every summarized client's record is read in the background, which also finds records
        // that are missing, and records no shard names. Only a damaged shard needs the ids now:
        // its clients are known by nothing but their own records.
        let mut pending: BTreeMap<String, Option<RecordRef>> =
            records.iter().map(|(id, expected)| (id.clone(), Some(expected.clone()))).collect();
        let mut reported = HashSet::default();
        if !damaged_shards.is_empty() {
            let deleted: BTreeSet<&str> = tombstones.values().flatten().map(|t: &Tombstone| t.id.as_str()).collect();
            for id in store.read_ids(Area::Clients).await? {
                if records.contains_key(&id) {
                    continue;
                }
                if !deleted.contains(id.as_str()) && damaged_shards.contains(&shard_of(&id)) {
                    pending.insert(id, None);
                } else {
                    report.push(damaged(&id, RecordDamage::Unknown));
                    reported.insert(id);
                }
            }
        }
        for (id, bytes) in &legacy {
            // Left over from format 1 because it could not be read when the book was migrated.
            let damage = open_record(&cipher, id, bytes).await.err().unwrap_or(RecordDamage::Unknown);
            report.push(damaged(id, damage));
        }

        let mut book = Book::from_summaries(summaries, settings, now);
        book.damaged = report;
        book.safety_copy = safety_copy;
        book.undo = undo;
        book.draft = draft;
        let session = Self {
            store,
            cipher,
            header,
            header_bytes,
            state,
            records,
            tombstones,
            damaged_shards,
            pending,
            cursor: None,
            reported,
        };
        Ok((session, book))
    }

    /// Migrates a format-1 vault: reads and opens every format-1 record, and writes the book
    /// as format 2 in one commit that also replaces the header (the same data key, re-wrapped
    /// with a fresh nonce under `kek`) and retires the format-1 records. An interruption leaves
    /// the format-1 vault exactly as it was. Records that cannot be read stay where they are.
    pub async fn migrate_v1(
        store: S,
        cipher: C,
        kek: &impl RecordCipher,
        data_key: &crate::vault::keys::DataKey,
        header_bytes: Vec<u8>,
        pause: &impl Pause,
        now: DateTime<Utc>,
    ) -> Result<(Self, Book), VaultError> {
        let old = VaultHeader::parse(&header_bytes)?;
        if old.format != FORMAT_V1 {
            return Err(VaultError::DamagedHeader);
        }
        let legacy = store.read_area(Area::Legacy).await?;
        let opened = join_all(legacy.iter().map(|(id, bytes)| open_record(&cipher, id, bytes))).await;
        let (mut clients, mut settings, mut safety_copy, mut report, mut migrated) =
            (Vec::new(), Settings::default(), None, Vec::new(), Vec::new());
        for ((id, _), result) in legacy.iter().zip(opened) {
            match result.and_then(|(envelope, plain)| decode(id, envelope.kind, &plain)) {
                Ok(Decoded::Client(client)) => clients.push(*client),
                Ok(Decoded::Settings(s)) => settings = s,
                Ok(Decoded::SafetyCopy(copy)) => safety_copy = Some(copy),
                // Format 1 had neither.
                Ok(Decoded::Shard(_) | Decoded::Undo(..) | Decoded::Draft(_)) => {
                    report.push(damaged(id, RecordDamage::Unknown));
                    continue;
                }
                Err(damage) => {
                    report.push(damaged(id, damage));
                    continue;
                }
            }
            migrated.push(id.clone());
            pause.pause().await;
        }
        let header =
            crate::vault::keys::wrap_data_key(kek, data_key, FORMAT_V2, old.kdf, old.salt, random_bytes()?).await?;
        let mut session = Self {
            store,
            cipher,
            header,
            header_bytes,
            state: BookState::new()?,
            records: HashMap::default(),
            tombstones: BTreeMap::new(),
            damaged_shards: BTreeSet::new(),
            pending: BTreeMap::new(),
            cursor: None,
            reported: HashSet::default(),
        };
        let changes = Changes {
            clients,
            deleted: Vec::new(),
            settings: Some(settings),
            safety_copy: safety_copy.clone().map(Some),
            undo: Vec::new(),
            draft: None,
        };
        let mut plan = CommitPlan::new(&Book::default(), changes, now)?;
        plan.legacy_deletes = migrated;
        session.commit(&plan, pause, now).await?;
        let Changes { clients, settings, .. } = plan.changes;
        let mut book = Book::new(clients, settings.unwrap_or_default(), now);
        book.damaged = report;
        book.safety_copy = safety_copy;
        Ok((session, book))
    }

    /// Whether full client records are still to be read.
    pub fn history_pending(&self) -> usize {
        self.pending.len()
    }

    /// Reads, checks and opens the next `limit` full client records in id order (one range
    /// read), keeping those still pending. `None` once every pending record has been read.
    pub async fn load_history_chunk(&mut self, limit: usize) -> Result<Option<HistoryChunk>, VaultError> {
        if self.pending.is_empty() {
            return Ok(None);
        }
        let batch = self.store.read_range(Area::Clients, self.cursor.as_deref(), limit).await?;
        let Some((last, _)) = batch.last() else {
            // Nothing stored after the cursor, yet some are pending: they are missing.
            let rest: Vec<String> = self.pending.keys().cloned().collect();
            return self.load_clients(&rest).await.map(Some);
        };
        self.cursor = Some(last.clone());
        let mut records = Vec::with_capacity(batch.len());
        let mut unknown = Vec::new();
        for (id, bytes) in batch {
            if self.pending.contains_key(&id) {
                records.push((id, Some(bytes)));
            } else if !self.records.contains_key(&id) && self.reported.insert(id.clone()) {
                // Stored, yet no shard names it (or a tombstone does).
                unknown.push(damaged(&id, RecordDamage::Unknown));
            }
        }
        let mut chunk = self.check_and_open(records).await?;
        chunk.damaged.extend(unknown);
        Ok(Some(chunk))
    }

    /// Reads the full records of these clients now (a profile being opened, an edit), if they
    /// are still pending. Ids already loaded are skipped.
    pub async fn load_clients(&mut self, ids: &[String]) -> Result<HistoryChunk, VaultError> {
        let ids: Vec<String> = ids.iter().filter(|id| self.pending.contains_key(*id)).cloned().collect();
        if ids.is_empty() {
            return Ok(HistoryChunk::default());
        }
        let stored = self.store.read_records(Area::Clients, &ids).await?;
        self.check_and_open(ids.into_iter().zip(stored).collect()).await
    }

    /// Checks pending client records against their references, then opens and reads them.
    async fn check_and_open(&mut self, records: Vec<(String, Option<Vec<u8>>)>) -> Result<HistoryChunk, VaultError> {
        let mut chunk = HistoryChunk::default();
        let digests = join_all(records.iter().map(|(_, bytes)| async {
            match bytes {
                Some(bytes) => Some(self.cipher.sha256(bytes).await),
                None => None,
            }
        }))
        .await;
        let mut checked = Vec::new();
        for ((id, bytes), digest) in records.into_iter().zip(digests) {
            let expected = self.pending.remove(&id).flatten();
            let envelope = match (bytes, &expected, digest) {
                (Some(bytes), Some(expected), Some(digest)) => match expected.check(&bytes, &digest) {
                    Ok(envelope) => Ok(envelope),
                    Err(damage) => Err(classify(&self.cipher, &id, &bytes, damage).await),
                },
                (Some(bytes), None, Some(digest)) => RecordEnvelope::parse(&bytes).inspect(|envelope| {
                    // Its shard was damaged: take the record as its own reference.
                    let sha256 = crate::vault::state::hex(&digest);
                    self.records.insert(
                        id.clone(),
                        RecordRef { kind: RecordKind::Client as u8, revision: envelope.revision, sha256 },
                    );
                }),
                _ => Err(RecordDamage::Missing),
            };
            match envelope {
                Ok(envelope) => checked.push((id, envelope)),
                Err(damage) => {
                    chunk.damaged.push(damaged(&id, damage));
                    chunk.unavailable.push(id);
                }
            }
        }
        let cipher = &self.cipher;
        let opened = join_all(checked.into_iter().map(|(id, envelope)| async move {
            let result = open_envelope(cipher, &id, envelope).await;
            (id, result)
        }))
        .await;
        for (id, result) in opened {
            match result.and_then(|(envelope, plain)| decode(&id, envelope.kind, &plain)) {
                Ok(Decoded::Client(client)) => chunk.clients.push(*client),
                Ok(_) => {
                    chunk.damaged.push(damaged(&id, RecordDamage::Unreadable));
                    chunk.unavailable.push(id);
                }
                Err(damage) => {
                    chunk.damaged.push(damaged(&id, damage));
                    chunk.unavailable.push(id);
                }
            }
        }
        if self.pending.is_empty() {
            // Every client of a damaged shard is now in memory; its next write rebuilds it.
            self.damaged_shards.clear();
        }
        Ok(chunk)
    }

    /// Seals and stores one write. On success the caller applies `plan.changes` to the book;
    /// on failure nothing was stored and nothing here changed.
    pub async fn commit(
        &mut self,
        plan: &CommitPlan,
        pause: &impl Pause,
        now: DateTime<Utc>,
    ) -> Result<(), VaultError> {
        if plan.others.keys().any(|s| self.damaged_shards.contains(s)) {
            return Err(VaultError::NotLoaded);
        }
        let generation = self.state.generation + 1;
        let sealed = seal_clients(&self.cipher, &plan.changes.clients, generation, pause).await?;
        let mut records = self.records.clone();
        for (id, bytes) in &sealed {
            records.insert(id.clone(), RecordRef::of(RecordKind::Client, generation, bytes));
        }
        for id in &plan.changes.deleted {
            records.remove(id);
        }
        let mut tombstones = self.tombstones.clone();
        let mut state = self.state.clone();
        state.generation = generation;
        let mut commit = Commit { expected_header: Some(self.header_bytes.clone()), ..Commit::default() };

        let reput: BTreeSet<&str> = plan.changes.clients.iter().map(|c| c.id.as_str()).collect();
        let mut changed_by_shard: BTreeMap<u8, Vec<&Client>> = BTreeMap::new();
        for client in &plan.changes.clients {
            changed_by_shard.entry(shard_of(&client.id)).or_default().push(client);
        }
        let mut deleted_by_shard: BTreeMap<u8, Vec<&String>> = BTreeMap::new();
        for id in &plan.changes.deleted {
            deleted_by_shard.entry(shard_of(id)).or_default().push(id);
        }
        for (&shard, others) in &plan.others {
            let mut clients = others
                .iter()
                .map(|s| {
                    // A client of a damaged shard has no reference until its own record is read.
                    let record = records.get(&s.client.id).ok_or(VaultError::NotLoaded)?;
                    Ok(ClientSummary { record: record.clone(), ..s.clone() })
                })
                .collect::<Result<Vec<_>, VaultError>>()?;
            for client in changed_by_shard.get(&shard).into_iter().flatten() {
                let record = records.get(&client.id).cloned().ok_or(VaultError::SealFailed)?;
                clients.push(ClientSummary::of_full(client, &ClientStats::of(client, now), record, now));
            }
            clients.sort_by(|a, b| a.client.id.cmp(&b.client.id));
            let deleted = tombstones.entry(shard).or_default();
            deleted.retain(|t| !reput.contains(t.id.as_str()));
            for id in deleted_by_shard.get(&shard).into_iter().flatten().copied() {
                deleted.retain(|t| t.id != *id);
                deleted.push(Tombstone { id: id.clone(), revision: generation, at: now });
            }
            deleted.sort_by(|a, b| a.id.cmp(&b.id));
            let doc = ShardDoc { schema: SHARD_SCHEMA, shard, clients, deleted: deleted.clone() };
            let id = shard_record_id(shard);
            if doc.clients.is_empty() && doc.deleted.is_empty() {
                state.records.remove(&id);
                commit.deletes.push((Area::Index, id));
            } else {
                let bytes = seal_json(&self.cipher, &id, RecordKind::Shard, generation, &doc).await?;
                state.records.insert(id.clone(), RecordRef::of(RecordKind::Shard, generation, &bytes));
                commit.puts.push((Area::Index, id, bytes));
            }
            pause.pause().await;
        }
        if let Some(settings) = &plan.changes.settings {
            let bytes = seal_json(&self.cipher, SETTINGS_ID, RecordKind::Settings, generation, settings).await?;
            state.records.insert(SETTINGS_ID.into(), RecordRef::of(RecordKind::Settings, generation, &bytes));
            commit.puts.push((Area::Index, SETTINGS_ID.into(), bytes));
        }
        match &plan.changes.safety_copy {
            Some(Some(copy)) => {
                let bytes = seal_json(&self.cipher, SAFETY_COPY_ID, RecordKind::SafetyCopy, generation, copy).await?;
                state.records.insert(SAFETY_COPY_ID.into(), RecordRef::of(RecordKind::SafetyCopy, generation, &bytes));
                commit.puts.push((Area::Index, SAFETY_COPY_ID.into(), bytes));
            }
            Some(None) => {
                state.records.remove(SAFETY_COPY_ID);
                commit.deletes.push((Area::Index, SAFETY_COPY_ID.into()));
            }
            None => {}
        }
        for (kind, step) in &plan.changes.undo {
            let id = kind.record_id();
            match step {
                Some(step) => {
                    let bytes = seal_json(&self.cipher, id, RecordKind::Undo, generation, step).await?;
                    state.records.insert(id.into(), RecordRef::of(RecordKind::Undo, generation, &bytes));
                    commit.puts.push((Area::Index, id.into(), bytes));
                }
                None => {
                    state.records.remove(id);
                    commit.deletes.push((Area::Index, id.into()));
                }
            }
        }
        match &plan.changes.draft {
            Some(Some(draft)) => {
                let bytes = seal_json(&self.cipher, DRAFT_ID, RecordKind::Draft, generation, draft).await?;
                state.records.insert(DRAFT_ID.into(), RecordRef::of(RecordKind::Draft, generation, &bytes));
                commit.puts.push((Area::Index, DRAFT_ID.into(), bytes));
            }
            Some(None) => {
                state.records.remove(DRAFT_ID);
                commit.deletes.push((Area::Index, DRAFT_ID.into()));
            }
            None => {}
        }
        let mut header = self.header.clone();
        seal_state(&mut header, &state, &self.cipher).await?;
        commit.header = header.to_bytes();
        commit.puts.extend(sealed.into_iter().map(|(id, bytes)| (Area::Clients, id, bytes)));
        commit.deletes.extend(plan.changes.deleted.iter().map(|id| (Area::Clients, id.clone())));
        commit.deletes.extend(plan.legacy_deletes.iter().map(|id| (Area::Legacy, id.clone())));
        self.store.commit(&commit).await?;

        self.header_bytes = commit.header;
        self.header = header;
        self.state = state;
        self.records = records;
        self.tombstones = tombstones;
        for id in reput.iter().copied().chain(plan.changes.deleted.iter().map(String::as_str)) {
            self.pending.remove(id);
        }
        Ok(())
    }

    /// Replaces the header's key part (a passphrase change, a KDF upgrade, the NFC re-wrap):
    /// `next` must wrap the same data key and carry the same state, as
    /// `vault::rewrap_header` makes it. Compared against the header this session last wrote.
    pub async fn replace_header(&mut self, next: VaultHeader) -> Result<(), VaultError> {
        let bytes = next.to_bytes();
        self.store
            .commit(&Commit {
                expected_header: Some(self.header_bytes.clone()),
                header: bytes.clone(),
                ..Commit::default()
            })
            .await?;
        self.header = next;
        self.header_bytes = bytes;
        Ok(())
    }

    /// Re-seals every record under a new data key (`cipher`), with `key_part` wrapping it, in
    /// one commit: afterwards an old header opens nothing that is stored. `everything` is the
    /// whole book (`Book::all_changes`). Records the book could not read are left as they are.
    pub async fn replace_data_key(
        &mut self,
        everything: Changes,
        cipher: C,
        key_part: VaultHeader,
        pause: &impl Pause,
        now: DateTime<Utc>,
    ) -> Result<(), VaultError> {
        if !self.pending.is_empty() {
            return Err(VaultError::NotLoaded);
        }
        let changes = everything;
        let mut plan = CommitPlan::new(&Book::default(), changes, now)?;
        // Shards that only hold tombstones are rewritten too.
        for shard in self.tombstones.keys() {
            plan.others.entry(*shard).or_default();
        }
        let previous = (
            std::mem::replace(&mut self.cipher, cipher),
            std::mem::replace(&mut self.header, key_part),
            std::mem::take(&mut self.state.records),
            std::mem::take(&mut self.records),
        );
        if let Err(error) = self.commit(&plan, pause, now).await {
            (self.cipher, self.header, self.state.records, self.records) = previous;
            return Err(error);
        }
        Ok(())
    }

    /// The header as last committed.
    pub fn header(&self) -> &VaultHeader {
        &self.header
    }

    /// The data key's cipher.
    pub fn cipher(&self) -> &C {
        &self.cipher
    }

    /// How many commits this book has seen.
    pub fn generation(&self) -> u64 {
        self.state.generation
    }
}

async fn seal_json<C: RecordCipher, T: serde::Serialize>(
    cipher: &C,
    id: &str,
    kind: RecordKind,
    revision: u64,
    value: &T,
) -> Result<Vec<u8>, VaultError> {
    let plain = serde_json::to_vec(value).map_err(|_| VaultError::SealFailed)?;
    seal_record(cipher, id, kind, revision, &plain).await
}

/// Serializes and seals whole clients, pausing between batches so a large import does not
/// freeze the page; the encryptions of a batch run together.
async fn seal_clients<C: RecordCipher>(
    cipher: &C,
    clients: &[Client],
    revision: u64,
    pause: &impl Pause,
) -> Result<Vec<(String, Vec<u8>)>, VaultError> {
    let mut sealed = Vec::with_capacity(clients.len());
    for batch in clients.chunks(200) {
        let plains = batch
            .iter()
            .map(|c| serde_json::to_vec(c).map(|plain| (c.id.as_str(), plain)))
            .collect::<Result<Vec<_>, _>>()
            .map_err(|_| VaultError::SealFailed)?;
        pause.pause().await;
        let results =
            join_all(plains.iter().map(|(id, plain)| seal_record(cipher, id, RecordKind::Client, revision, plain)))
                .await;
        for ((id, _), result) in plains.iter().zip(results) {
            sealed.push(((*id).to_owned(), result?));
        }
        pause.pause().await;
    }
    Ok(sealed)
}
