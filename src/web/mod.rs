//! Browser adapters for the core's traits: IndexedDB and localStorage as [`VaultStore`]s,
//! WebCrypto as a [`RecordCipher`], a Web Worker as the [`Kdf`](crate::vault::kdf::Kdf).
//! Nothing here decides anything about clients.

pub mod files;
mod idb;
pub mod kdf;
mod local;
pub mod pwa;
mod webcrypto;

pub use idb::IdbStore;
pub use kdf::WorkerKdf;
pub use local::LocalStore;
pub use webcrypto::WebCryptoCipher;

use crate::vault::store::{StoreError, VaultStore};

/// The database (IndexedDB) or key prefix (localStorage) the app uses.
pub const APP_STORE_NAME: &str = "clientele";

/// The store the app runs on: IndexedDB where the browser offers it, else localStorage.
#[derive(Clone)]
pub enum BrowserStore {
    IndexedDb(IdbStore),
    LocalStorage(LocalStore),
}

impl BrowserStore {
    pub async fn open(name: &str) -> Result<Self, StoreError> {
        match IdbStore::open(name).await {
            Ok(store) => Ok(Self::IndexedDb(store)),
            Err(StoreError::Blocked) => Err(StoreError::Blocked),
            Err(_) => LocalStore::open(name).map(Self::LocalStorage),
        }
    }
}

impl VaultStore for BrowserStore {
    async fn read_header(&self) -> Result<Option<Vec<u8>>, StoreError> {
        match self {
            Self::IndexedDb(s) => s.read_header().await,
            Self::LocalStorage(s) => s.read_header().await,
        }
    }

    async fn create_header(&self, header: &[u8]) -> Result<(), StoreError> {
        match self {
            Self::IndexedDb(s) => s.create_header(header).await,
            Self::LocalStorage(s) => s.create_header(header).await,
        }
    }

    async fn replace_header(&self, expected: &[u8], header: &[u8]) -> Result<(), StoreError> {
        match self {
            Self::IndexedDb(s) => s.replace_header(expected, header).await,
            Self::LocalStorage(s) => s.replace_header(expected, header).await,
        }
    }

    async fn read_all_records(&self) -> Result<Vec<(String, Vec<u8>)>, StoreError> {
        match self {
            Self::IndexedDb(s) => s.read_all_records().await,
            Self::LocalStorage(s) => s.read_all_records().await,
        }
    }

    async fn put_record(&self, id: &str, envelope: &[u8]) -> Result<(), StoreError> {
        match self {
            Self::IndexedDb(s) => s.put_record(id, envelope).await,
            Self::LocalStorage(s) => s.put_record(id, envelope).await,
        }
    }

    async fn delete_record(&self, id: &str) -> Result<(), StoreError> {
        match self {
            Self::IndexedDb(s) => s.delete_record(id).await,
            Self::LocalStorage(s) => s.delete_record(id).await,
        }
    }

    async fn write_batch(&self, puts: &[(String, Vec<u8>)], deletes: &[String]) -> Result<(), StoreError> {
        match self {
            Self::IndexedDb(s) => s.write_batch(puts, deletes).await,
            Self::LocalStorage(s) => s.write_batch(puts, deletes).await,
        }
    }
}
