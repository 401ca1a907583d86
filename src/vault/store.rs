//! Where sealed bytes live. The browser has IndexedDB and a localStorage fallback
//! (`crate::web`); native tests use [`MemoryStore`]. A store only ever sees the header and
//! sealed envelopes, never plaintext.
//!
//! Format 2 keeps records in three areas: the small records unlock reads before the first
//! paint ([`Area::Index`]: shards of client summaries, settings, the safety copy), the full
//! client records read afterwards in the background ([`Area::Clients`]), and the records of a
//! format-1 vault still waiting to be migrated ([`Area::Legacy`]). Every change is one
//! [`Commit`]: the header and all records in one atomic write.

use crate::i18n::{t, tf};
use std::cell::RefCell;
use std::collections::BTreeMap;

/// Why the store could not do what was asked. Messages say what the user can do.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum StoreError {
    #[error("{}", t("This browser offers no storage to this page (private mode, or storage disabled). Allow site data and reload."))]
    Unavailable,
    #[error("{}", t("The device is out of space for this app. Free some space or delete old data, then retry; your edit is kept on screen."))]
    QuotaExceeded,
    #[error(
        "{}",
        t("Another tab holds the client book open in an older version. Close other Clientele tabs and reload.")
    )]
    Blocked,
    #[error("{}", t("A client book already exists here; it was not overwritten."))]
    AlreadyExists,
    #[error(
        "{}",
        t("The client book was changed in the meantime (in another tab). Nothing was changed; lock and unlock again.")
    )]
    HeaderChanged,
    #[error("{}", tf("The browser refused to save ({0}). Your edit is kept on screen; try again.", &[("0", .0.to_string())]))]
    WriteFailed(String),
    #[error("{}", tf("The browser could not read the stored data ({0}). Reload to try again.", &[("0", .0.to_string())]))]
    ReadFailed(String),
}

/// The three places records live.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Area {
    /// Read whole at unlock: shards, settings, the safety copy.
    Index,
    /// One full record per client, read in the background after the first paint.
    Clients,
    /// Format 1's records, until the migration to format 2 moves them.
    Legacy,
}

impl Area {
    pub const ALL: [Area; 3] = [Area::Index, Area::Clients, Area::Legacy];
}

/// One atomic change: the header is replaced (or created) together with every put and delete,
/// or nothing changes at all.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Commit {
    /// The header the change was computed from. `None` creates a new vault, and fails with
    /// `AlreadyExists` if any header is stored. Otherwise the commit fails with
    /// `HeaderChanged` unless the stored header still equals it (a compare-and-swap).
    pub expected_header: Option<Vec<u8>>,
    pub header: Vec<u8>,
    pub puts: Vec<(Area, String, Vec<u8>)>,
    pub deletes: Vec<(Area, String)>,
}

// Single-threaded wasm: the futures need not be `Send`.
#[allow(async_fn_in_trait)]
pub trait VaultStore {
    async fn read_header(&self) -> Result<Option<Vec<u8>>, StoreError>;
    /// Every record of an area as (id, envelope), in id order.
    async fn read_area(&self, area: Area) -> Result<Vec<(String, Vec<u8>)>, StoreError>;
    /// The ids stored in an area, in order.
    async fn read_ids(&self, area: Area) -> Result<Vec<String>, StoreError>;
    /// Up to `limit` records with ids after `after` (from the start when `None`), in id order:
    /// how the background load walks the client records in chunks.
    async fn read_range(
        &self,
        area: Area,
        after: Option<&str>,
        limit: usize,
    ) -> Result<Vec<(String, Vec<u8>)>, StoreError>;
    /// The records with these ids, `None` where one is not stored.
    async fn read_records(&self, area: Area, ids: &[String]) -> Result<Vec<Option<Vec<u8>>>, StoreError>;
    /// Applies a commit atomically. Resolves only once it is durable (the IndexedDB
    /// transaction has completed).
    async fn commit(&self, commit: &Commit) -> Result<(), StoreError>;
}

/// A shared store is a store: tests keep a handle to the store a session owns.
impl<T: VaultStore> VaultStore for std::rc::Rc<T> {
    async fn read_header(&self) -> Result<Option<Vec<u8>>, StoreError> {
        (**self).read_header().await
    }

    async fn read_area(&self, area: Area) -> Result<Vec<(String, Vec<u8>)>, StoreError> {
        (**self).read_area(area).await
    }

    async fn read_ids(&self, area: Area) -> Result<Vec<String>, StoreError> {
        (**self).read_ids(area).await
    }

    async fn read_range(
        &self,
        area: Area,
        after: Option<&str>,
        limit: usize,
    ) -> Result<Vec<(String, Vec<u8>)>, StoreError> {
        (**self).read_range(area, after, limit).await
    }

    async fn read_records(&self, area: Area, ids: &[String]) -> Result<Vec<Option<Vec<u8>>>, StoreError> {
        (**self).read_records(area, ids).await
    }

    async fn commit(&self, commit: &Commit) -> Result<(), StoreError> {
        (**self).commit(commit).await
    }
}

/// Everything a [`MemoryStore`] holds: the header and every area.
pub type Snapshot = (Option<Vec<u8>>, BTreeMap<Area, BTreeMap<String, Vec<u8>>>);

/// An in-memory store for native tests. `fail_writes` simulates a full disk or a crash
/// mid-write: the commit is refused and nothing changes, as a real transaction would.
#[derive(Default)]
pub struct MemoryStore {
    pub header: RefCell<Option<Vec<u8>>>,
    pub areas: RefCell<BTreeMap<Area, BTreeMap<String, Vec<u8>>>>,
    pub fail_writes: RefCell<Option<StoreError>>,
    /// How many commits succeeded, for tests that count writes.
    pub commits: RefCell<usize>,
}

impl MemoryStore {
    /// A copy of one area, for tests that tamper with or inspect storage.
    pub fn area(&self, area: Area) -> BTreeMap<String, Vec<u8>> {
        self.areas.borrow().get(&area).cloned().unwrap_or_default()
    }

    /// Edits one area in place, as someone with access to the storage could.
    pub fn edit(&self, area: Area, edit: impl FnOnce(&mut BTreeMap<String, Vec<u8>>)) {
        edit(self.areas.borrow_mut().entry(area).or_default());
    }

    /// Everything stored, header included, to compare before and after.
    pub fn snapshot(&self) -> Snapshot {
        (self.header.borrow().clone(), self.areas.borrow().clone())
    }
}

impl VaultStore for MemoryStore {
    async fn read_header(&self) -> Result<Option<Vec<u8>>, StoreError> {
        Ok(self.header.borrow().clone())
    }

    async fn read_area(&self, area: Area) -> Result<Vec<(String, Vec<u8>)>, StoreError> {
        Ok(self.area(area).into_iter().collect())
    }

    async fn read_ids(&self, area: Area) -> Result<Vec<String>, StoreError> {
        Ok(self.area(area).into_keys().collect())
    }

    async fn read_range(
        &self,
        area: Area,
        after: Option<&str>,
        limit: usize,
    ) -> Result<Vec<(String, Vec<u8>)>, StoreError> {
        Ok(self.area(area).into_iter().filter(|(id, _)| after.is_none_or(|a| id.as_str() > a)).take(limit).collect())
    }

    async fn read_records(&self, area: Area, ids: &[String]) -> Result<Vec<Option<Vec<u8>>>, StoreError> {
        let stored = self.area(area);
        Ok(ids.iter().map(|id| stored.get(id).cloned()).collect())
    }

    async fn commit(&self, commit: &Commit) -> Result<(), StoreError> {
        if let Some(error) = self.fail_writes.borrow().clone() {
            return Err(error);
        }
        let mut header = self.header.borrow_mut();
        match (&commit.expected_header, header.as_ref()) {
            (None, Some(_)) => return Err(StoreError::AlreadyExists),
            (Some(expected), current) if current != Some(expected) => return Err(StoreError::HeaderChanged),
            _ => {}
        }
        *header = Some(commit.header.clone());
        let mut areas = self.areas.borrow_mut();
        for (area, id) in &commit.deletes {
            areas.entry(*area).or_default().remove(id);
        }
        for (area, id, bytes) in &commit.puts {
            areas.entry(*area).or_default().insert(id.clone(), bytes.clone());
        }
        *self.commits.borrow_mut() += 1;
        Ok(())
    }
}
