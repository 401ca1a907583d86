//! localStorage as a vault store, for browsers that refuse IndexedDB. Keys are
//! `<prefix>/header`, and `<prefix>/i/<id>` (index), `<prefix>/c/<id>` (clients) and
//! `<prefix>/r/<id>` (format 1's records); values are base64 of the same bytes IndexedDB would
//! hold. It is small (about 5 MB) and synchronous, so it is only the fallback.

use base64::engine::general_purpose::STANDARD_NO_PAD as BASE64;
use base64::Engine;
use gloo_storage::errors::StorageError;
use gloo_storage::{LocalStorage, Storage};

use crate::vault::store::{Area, Commit, StoreError, VaultStore};

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

    fn area_prefix(&self, area: Area) -> String {
        let tag = match area {
            Area::Index => "i",
            Area::Clients => "c",
            Area::Legacy => "r",
        };
        format!("{}{tag}/", self.prefix)
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

    /// The ids stored in an area, sorted.
    fn ids(&self, area: Area) -> Vec<String> {
        let storage = LocalStorage::raw();
        let prefix = self.area_prefix(area);
        let mut ids: Vec<String> = (0..LocalStorage::length())
            .filter_map(|i| storage.key(i).ok().flatten())
            .filter_map(|key| key.strip_prefix(&prefix).map(str::to_owned))
            .collect();
        ids.sort();
        ids
    }

    fn read_all(
        &self,
        area: Area,
        ids: impl IntoIterator<Item = String>,
    ) -> Result<Vec<(String, Vec<u8>)>, StoreError> {
        let prefix = self.area_prefix(area);
        ids.into_iter()
            .filter_map(|id| match self.read(&format!("{prefix}{id}")) {
                Ok(Some(bytes)) => Some(Ok((id, bytes))),
                Ok(None) => None,
                Err(error) => Some(Err(error)),
            })
            .collect()
    }
}

impl VaultStore for LocalStore {
    async fn read_header(&self) -> Result<Option<Vec<u8>>, StoreError> {
        self.read(&self.header_key())
    }

    async fn read_area(&self, area: Area) -> Result<Vec<(String, Vec<u8>)>, StoreError> {
        self.read_all(area, self.ids(area))
    }

    async fn read_ids(&self, area: Area) -> Result<Vec<String>, StoreError> {
        Ok(self.ids(area))
    }

    async fn read_range(
        &self,
        area: Area,
        after: Option<&str>,
        limit: usize,
    ) -> Result<Vec<(String, Vec<u8>)>, StoreError> {
        let ids = self.ids(area).into_iter().filter(|id| after.is_none_or(|a| id.as_str() > a)).take(limit);
        self.read_all(area, ids)
    }

    async fn read_records(&self, area: Area, ids: &[String]) -> Result<Vec<Option<Vec<u8>>>, StoreError> {
        let prefix = self.area_prefix(area);
        ids.iter().map(|id| self.read(&format!("{prefix}{id}"))).collect()
    }

    /// localStorage has no transactions: the previous values are kept, and put back if any
    /// write fails, so a failed commit leaves the store as it was. The header goes last, in one
    /// `setItem`, after every record has been written.
    async fn commit(&self, commit: &Commit) -> Result<(), StoreError> {
        let current = self.read(&self.header_key())?;
        match (&commit.expected_header, &current) {
            (None, Some(_)) => return Err(StoreError::AlreadyExists),
            (Some(expected), current) if current.as_ref() != Some(expected) => return Err(StoreError::HeaderChanged),
            _ => {}
        }
        let storage = LocalStorage::raw();
        let delete_keys: Vec<String> =
            commit.deletes.iter().map(|(area, id)| format!("{}{id}", self.area_prefix(*area))).collect();
        let put_keys: Vec<String> =
            commit.puts.iter().map(|(area, id, _)| format!("{}{id}", self.area_prefix(*area))).collect();
        let header_key = self.header_key();
        let touched = delete_keys.iter().chain(&put_keys).chain(std::iter::once(&header_key)).cloned();
        let before: Vec<(String, Option<String>)> =
            touched.map(|k| (k.clone(), storage.get_item(&k).ok().flatten())).collect();
        let result = (|| {
            for key in &delete_keys {
                storage.remove_item(key).map_err(|_| StoreError::WriteFailed("localStorage".into()))?;
            }
            for (key, (_, _, bytes)) in put_keys.iter().zip(&commit.puts) {
                self.write(key, bytes)?;
            }
            self.write(&self.header_key(), &commit.header)
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
