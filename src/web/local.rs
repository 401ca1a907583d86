//! localStorage as a vault store, for browsers that refuse IndexedDB. Keys are
//! `<prefix>/header` and `<prefix>/r/<id>`; values are base64 of the same bytes IndexedDB
//! would hold. It is small (about 5 MB) and synchronous, so it is only the fallback.

use base64::engine::general_purpose::STANDARD_NO_PAD as BASE64;
use base64::Engine;
use gloo_storage::errors::StorageError;
use gloo_storage::{LocalStorage, Storage};

use crate::vault::store::{StoreError, VaultStore};

#[derive(Clone)]
pub struct LocalStore {
    prefix: String,
}

impl LocalStore {
    /// Fails when the page has no localStorage at all (gloo-storage would panic then).
    pub fn open(name: &str) -> Result<Self, StoreError> {
        let available = web_sys::window().and_then(|w| w.local_storage().ok().flatten()).is_some();
        if !available {
            return Err(StoreError::Unavailable);
        }
        Ok(Self { prefix: format!("{name}/") })
    }

    fn header_key(&self) -> String {
        format!("{}header", self.prefix)
    }

    fn record_prefix(&self) -> String {
        format!("{}r/", self.prefix)
    }

    fn read(&self, key: &str) -> Result<Option<Vec<u8>>, StoreError> {
        match LocalStorage::get::<String>(key) {
            Ok(text) => Ok(Some(BASE64.decode(text).unwrap_or_default())),
            Err(StorageError::KeyNotFound(_)) => Ok(None),
            Err(_) => Err(StoreError::ReadFailed("localStorage".into())),
        }
    }

    fn write(&self, key: &str, bytes: &[u8]) -> Result<(), StoreError> {
        LocalStorage::set(key, BASE64.encode(bytes)).map_err(|error| match error {
            StorageError::JsError(js) if js.name == "QuotaExceededError" => StoreError::QuotaExceeded,
            StorageError::JsError(js) => StoreError::WriteFailed(js.name),
            _ => StoreError::WriteFailed("localStorage".into()),
        })
    }
}

impl VaultStore for LocalStore {
    async fn read_header(&self) -> Result<Option<Vec<u8>>, StoreError> {
        self.read(&self.header_key())
    }

    async fn create_header(&self, header: &[u8]) -> Result<(), StoreError> {
        if self.read(&self.header_key())?.is_some() {
            return Err(StoreError::AlreadyExists);
        }
        self.write(&self.header_key(), header)
    }

    /// One `setItem`, which either happens or not: the old header stays on any failure.
    async fn replace_header(&self, expected: &[u8], header: &[u8]) -> Result<(), StoreError> {
        if self.read(&self.header_key())?.as_deref() != Some(expected) {
            return Err(StoreError::HeaderChanged);
        }
        self.write(&self.header_key(), header)
    }

    async fn read_all_records(&self) -> Result<Vec<(String, Vec<u8>)>, StoreError> {
        let storage = LocalStorage::raw();
        let prefix = self.record_prefix();
        let mut records = Vec::new();
        for i in 0..LocalStorage::length() {
            let Ok(Some(key)) = storage.key(i) else { continue };
            let Some(id) = key.strip_prefix(&prefix) else { continue };
            if let Some(bytes) = self.read(&key)? {
                records.push((id.to_owned(), bytes));
            }
        }
        records.sort_by(|a, b| a.0.cmp(&b.0));
        Ok(records)
    }

    async fn put_record(&self, id: &str, envelope: &[u8]) -> Result<(), StoreError> {
        self.write(&format!("{}{id}", self.record_prefix()), envelope)
    }

    async fn delete_record(&self, id: &str) -> Result<(), StoreError> {
        LocalStorage::raw()
            .remove_item(&format!("{}{id}", self.record_prefix()))
            .map_err(|_| StoreError::WriteFailed("localStorage".into()))
    }

    /// localStorage has no transactions: the previous values are kept, and put back if any
    /// write fails, so a failed batch leaves the store as it was.
    async fn write_batch(&self, puts: &[(String, Vec<u8>)], deletes: &[String]) -> Result<(), StoreError> {
        let storage = LocalStorage::raw();
        let keys: Vec<String> = deletes
            .iter()
            .chain(puts.iter().map(|(id, _)| id))
            .map(|id| format!("{}{id}", self.record_prefix()))
            .collect();
        let before: Vec<(String, Option<String>)> =
            keys.iter().map(|k| (k.clone(), storage.get_item(k).ok().flatten())).collect();
        let result = (|| {
            for key in &keys[..deletes.len()] {
                storage.remove_item(key).map_err(|_| StoreError::WriteFailed("localStorage".into()))?;
            }
            for (key, (_, bytes)) in keys[deletes.len()..].iter().zip(puts) {
                self.write(key, bytes)?;
            }
            Ok(())
        })();
        if result.is_err() {
            for (key, value) in &before {
                let _ = match value {
                    Some(value) => storage.set_item(key, value),
                    None => storage.remove_item(key),
                };
            }
        }
        result
    }
}
