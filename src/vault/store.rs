//! Where sealed bytes live. The browser has IndexedDB and a localStorage fallback
//! (`crate::web`); native tests use [`MemoryStore`]. A store only ever sees the header and
//! sealed envelopes, never plaintext.

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
    #[error("{}", t("The client book's passphrase was changed in the meantime (in another tab). Nothing was changed; lock and unlock again."))]
    HeaderChanged,
    #[error("{}", tf("The browser refused to save ({0}). Your edit is kept on screen; try again.", &[("0", .0.to_string())]))]
    WriteFailed(String),
    #[error("{}", tf("The browser could not read the stored data ({0}). Reload to try again.", &[("0", .0.to_string())]))]
    ReadFailed(String),
}

// Single-threaded wasm: the futures need not be `Send`.
#[allow(async_fn_in_trait)]
pub trait VaultStore {
    async fn read_header(&self) -> Result<Option<Vec<u8>>, StoreError>;
    /// Writes the header of a new vault; fails with `AlreadyExists` rather than overwrite one.
    async fn create_header(&self, header: &[u8]) -> Result<(), StoreError>;
    /// Replaces the header in one atomic write, only if the stored one still equals `expected`;
    /// otherwise fails with `HeaderChanged` and writes nothing.
    async fn replace_header(&self, expected: &[u8], header: &[u8]) -> Result<(), StoreError>;
    /// Every stored record as (id, envelope), in id order.
    async fn read_all_records(&self) -> Result<Vec<(String, Vec<u8>)>, StoreError>;
    /// Resolves only once the write is durable (the IndexedDB transaction has completed).
    async fn put_record(&self, id: &str, envelope: &[u8]) -> Result<(), StoreError>;
    async fn delete_record(&self, id: &str) -> Result<(), StoreError>;
    /// Puts and deletes records atomically: all of them land, or none does.
    async fn write_batch(&self, puts: &[(String, Vec<u8>)], deletes: &[String]) -> Result<(), StoreError>;
}

/// An in-memory store for native tests. `fail_writes` simulates a full disk.
#[derive(Default)]
pub struct MemoryStore {
    pub header: RefCell<Option<Vec<u8>>>,
    pub records: RefCell<BTreeMap<String, Vec<u8>>>,
    pub fail_writes: RefCell<Option<StoreError>>,
}

impl MemoryStore {
    fn check_writable(&self) -> Result<(), StoreError> {
        match self.fail_writes.borrow().clone() {
            Some(error) => Err(error),
            None => Ok(()),
        }
    }
}

impl VaultStore for MemoryStore {
    async fn read_header(&self) -> Result<Option<Vec<u8>>, StoreError> {
        Ok(self.header.borrow().clone())
    }

    async fn create_header(&self, header: &[u8]) -> Result<(), StoreError> {
        self.check_writable()?;
        let mut slot = self.header.borrow_mut();
        if slot.is_some() {
            return Err(StoreError::AlreadyExists);
        }
        *slot = Some(header.to_vec());
        Ok(())
    }

    async fn replace_header(&self, expected: &[u8], header: &[u8]) -> Result<(), StoreError> {
        self.check_writable()?;
        let mut slot = self.header.borrow_mut();
        if slot.as_deref() != Some(expected) {
            return Err(StoreError::HeaderChanged);
        }
        *slot = Some(header.to_vec());
        Ok(())
    }

    async fn read_all_records(&self) -> Result<Vec<(String, Vec<u8>)>, StoreError> {
        Ok(self.records.borrow().iter().map(|(k, v)| (k.clone(), v.clone())).collect())
    }

    async fn put_record(&self, id: &str, envelope: &[u8]) -> Result<(), StoreError> {
        self.check_writable()?;
        self.records.borrow_mut().insert(id.to_owned(), envelope.to_vec());
        Ok(())
    }

    async fn delete_record(&self, id: &str) -> Result<(), StoreError> {
        self.check_writable()?;
        self.records.borrow_mut().remove(id);
        Ok(())
    }

    async fn write_batch(&self, puts: &[(String, Vec<u8>)], deletes: &[String]) -> Result<(), StoreError> {
        self.check_writable()?;
        let mut records = self.records.borrow_mut();
        for id in deletes {
            records.remove(id);
        }
        for (id, bytes) in puts {
            records.insert(id.clone(), bytes.clone());
        }
        Ok(())
    }
}
