//! IndexedDB as a vault store, written directly on web-sys. Database version 2 has four object
//! stores: `meta` holds the header under the key "header"; `index`, `clients` and `records`
//! (format 1's records, until migrated) map record ids to sealed envelope bytes.
//!
//! A commit is one readwrite transaction over all four: it checks the stored header, writes
//! every record and the new header, and resolves only on the transaction's `complete` event,
//! so "saved" means durable. A failed write reports the transaction's own error
//! (`QuotaExceededError` among them) and leaves everything as it was.

use js_sys::{Array, Promise, Uint8Array};
use wasm_bindgen::closure::Closure;
use wasm_bindgen::{JsCast, JsValue};
use wasm_bindgen_futures::JsFuture;
use web_sys::{
    DomException, Event, IdbDatabase, IdbKeyRange, IdbObjectStore, IdbOpenDbRequest, IdbRequest, IdbTransaction,
    IdbTransactionMode,
};

use crate::vault::store::{Area, Commit, StoreError, VaultStore};

/// 1: `meta` and `records` (format 1). 2: adds `index` and `clients` (format 2).
const DB_VERSION: u32 = 2;
const META: &str = "meta";
const HEADER_KEY: &str = "header";

fn store_name(area: Area) -> &'static str {
    match area {
        Area::Index => "index",
        Area::Clients => "clients",
        Area::Legacy => "records",
    }
}

#[derive(Clone)]
pub struct IdbStore {
    db: IdbDatabase,
}

impl IdbStore {
    pub async fn open(name: &str) -> Result<Self, StoreError> {
        let factory = web_sys::window().and_then(|w| w.indexed_db().ok().flatten()).ok_or(StoreError::Unavailable)?;
        let request = factory.open_with_u32(name, DB_VERSION).map_err(|_| StoreError::Unavailable)?;
        let on_upgrade = Closure::<dyn FnMut(Event)>::new(|event: Event| {
            let Some(db) = event
                .target()
                .and_then(|t| t.dyn_into::<IdbOpenDbRequest>().ok())
                .and_then(|r| r.result().ok())
                .and_then(|r| r.dyn_into::<IdbDatabase>().ok())
            else {
                return;
            };
            for store in [META, store_name(Area::Legacy), store_name(Area::Index), store_name(Area::Clients)] {
                if !db.object_store_names().contains(store) {
                    // A failure here aborts the upgrade, which the open request then reports.
                    let _ = db.create_object_store(store);
                }
            }
        });
        request.set_onupgradeneeded(Some(on_upgrade.as_ref().unchecked_ref()));
        let on_blocked = Closure::<dyn FnMut(Event)>::new(|_| {});
        request.set_onblocked(Some(on_blocked.as_ref().unchecked_ref()));
        let result = settle(&request).await;
        request.set_onupgradeneeded(None);
        request.set_onblocked(None);
        let db = result
            .map_err(|_| StoreError::Unavailable)?
            .dyn_into::<IdbDatabase>()
            .map_err(|_| StoreError::Unavailable)?;
        // A newer version of the app opening a newer database version must not wait for this
        // page: close, and the next action here reports a clear error.
        let on_version_change = Closure::<dyn FnMut(Event)>::new({
            let db = db.clone();
            move |_| db.close()
        });
        db.set_onversionchange(Some(on_version_change.as_ref().unchecked_ref()));
        on_version_change.forget();
        Ok(Self { db })
    }

    fn read_store(&self, area: Area) -> Result<IdbObjectStore, JsValue> {
        let name = store_name(area);
        self.db.transaction_with_str_and_mode(name, IdbTransactionMode::Readonly)?.object_store(name)
    }
}

impl VaultStore for IdbStore {
    async fn read_header(&self) -> Result<Option<Vec<u8>>, StoreError> {
        let read = async {
            let tx = self.db.transaction_with_str_and_mode(META, IdbTransactionMode::Readonly)?;
            let value = settle(&tx.object_store(META)?.get(&JsValue::from_str(HEADER_KEY))?).await?;
            Ok::<_, JsValue>(bytes_of(&value))
        };
        read.await.map_err(|e| read_error(&e))
    }

    async fn read_area(&self, area: Area) -> Result<Vec<(String, Vec<u8>)>, StoreError> {
        let read = async {
            let store = self.read_store(area)?;
            // Both requests are issued before either is awaited: awaiting a non-IDB promise
            // in between would let the transaction finish. One transaction, one snapshot.
            let keys_request = store.get_all_keys()?;
            let values_request = store.get_all()?;
            let keys: Array = settle(&keys_request).await?.unchecked_into();
            let values: Array = settle(&values_request).await?.unchecked_into();
            Ok::<_, JsValue>(pairs(&keys, &values))
        };
        read.await.map_err(|e| read_error(&e))
    }

    async fn read_ids(&self, area: Area) -> Result<Vec<String>, StoreError> {
        let read = async {
            let keys: Array = settle(&self.read_store(area)?.get_all_keys()?).await?.unchecked_into();
            Ok::<_, JsValue>(keys.iter().filter_map(|k| k.as_string()).collect())
        };
        read.await.map_err(|e| read_error(&e))
    }

    async fn read_range(
        &self,
        area: Area,
        after: Option<&str>,
        limit: usize,
    ) -> Result<Vec<(String, Vec<u8>)>, StoreError> {
        let read = async {
            let store = self.read_store(area)?;
            let range = match after {
                Some(key) => IdbKeyRange::lower_bound_with_open(&JsValue::from_str(key), true)?.into(),
                None => JsValue::NULL,
            };
            let count = u32::try_from(limit).unwrap_or(u32::MAX);
            let keys_request = store.get_all_keys_with_key_and_limit(&range, count)?;
            let values_request = store.get_all_with_key_and_limit(&range, count)?;
            let keys: Array = settle(&keys_request).await?.unchecked_into();
            let values: Array = settle(&values_request).await?.unchecked_into();
            Ok::<_, JsValue>(pairs(&keys, &values))
        };
        read.await.map_err(|e| read_error(&e))
    }

    async fn read_records(&self, area: Area, ids: &[String]) -> Result<Vec<Option<Vec<u8>>>, StoreError> {
        let read = async {
            let store = self.read_store(area)?;
            let requests =
                ids.iter().map(|id| store.get(&JsValue::from_str(id))).collect::<Result<Vec<IdbRequest>, _>>()?;
            // All requests are issued in one transaction before any is awaited.
            let values = futures::future::join_all(requests.iter().map(settle)).await;
            values.into_iter().map(|v| v.map(|v| bytes_of(&v))).collect::<Result<Vec<_>, JsValue>>()
        };
        read.await.map_err(|e| read_error(&e))
    }

    /// Reads the header and writes everything in one readwrite transaction, so the compare and
    /// the writes cannot be split by another tab, and an interruption leaves all as it was.
    async fn commit(&self, commit: &Commit) -> Result<(), StoreError> {
        let names = Array::of4(
            &JsValue::from_str(META),
            &JsValue::from_str(store_name(Area::Index)),
            &JsValue::from_str(store_name(Area::Clients)),
            &JsValue::from_str(store_name(Area::Legacy)),
        );
        let tx = self
            .db
            .transaction_with_str_sequence_and_mode(&names, IdbTransactionMode::Readwrite)
            .map_err(|e| write_error(&e))?;
        let meta = tx.object_store(META).map_err(|e| write_error(&e))?;
        let key = JsValue::from_str(HEADER_KEY);
        let request = meta.get(&key).map_err(|e| write_error(&e))?;
        // Awaiting the request itself keeps the transaction active for the writes that follow.
        let current = settle(&request).await.map_err(|e| write_error(&e))?;
        let current = bytes_of(&current);
        let mismatch = match (&commit.expected_header, &current) {
            (None, Some(_)) => Some(StoreError::AlreadyExists),
            (Some(expected), current) if current.as_ref() != Some(expected) => Some(StoreError::HeaderChanged),
            _ => None,
        };
        if let Some(error) = mismatch {
            tx.abort().ok();
            return Err(error);
        }
        if let Err(error) = self.write_all(&tx, commit) {
            tx.abort().ok();
            return Err(write_error(&error));
        }
        meta.put_with_key(&Uint8Array::from(commit.header.as_slice()), &key).map_err(|e| write_error(&e))?;
        completed(&tx).await.map_err(|e| write_error(&e))
    }
}

impl IdbStore {
    fn write_all(&self, tx: &IdbTransaction, commit: &Commit) -> Result<(), JsValue> {
        for (area, id) in &commit.deletes {
            tx.object_store(store_name(*area))?.delete(&JsValue::from_str(id))?;
        }
        for (area, id, bytes) in &commit.puts {
            tx.object_store(store_name(*area))?
                .put_with_key(&Uint8Array::from(bytes.as_slice()), &JsValue::from_str(id))?;
        }
        Ok(())
    }
}

fn pairs(keys: &Array, values: &Array) -> Vec<(String, Vec<u8>)> {
    keys.iter()
        .zip(values.iter())
        .map(|(k, v)| (k.as_string().unwrap_or_default(), bytes_of(&v).unwrap_or_default()))
        .collect()
}

/// Resolves with the request's result, or rejects with its error.
async fn settle(request: &IdbRequest) -> Result<JsValue, JsValue> {
    let promise = Promise::new(&mut |resolve, reject| {
        let on_success = Closure::once_into_js(move |event: Event| {
            let result = event
                .target()
                .and_then(|t| t.dyn_into::<IdbRequest>().ok())
                .and_then(|r| r.result().ok())
                .unwrap_or(JsValue::UNDEFINED);
            let _ = resolve.call1(&JsValue::NULL, &result);
        });
        let on_error = Closure::once_into_js(move |event: Event| {
            let error = event
                .target()
                .and_then(|t| t.dyn_into::<IdbRequest>().ok())
                .and_then(|r| r.error().ok().flatten())
                .map(JsValue::from)
                .unwrap_or(JsValue::NULL);
            let _ = reject.call1(&JsValue::NULL, &error);
        });
        request.set_onsuccess(Some(on_success.unchecked_ref()));
        request.set_onerror(Some(on_error.unchecked_ref()));
    });
    JsFuture::from(promise).await
}

/// Resolves when the transaction commits; rejects with its error when it aborts.
async fn completed(tx: &IdbTransaction) -> Result<(), JsValue> {
    let promise = Promise::new(&mut |resolve, reject| {
        let on_complete = Closure::once_into_js(move |_: Event| {
            let _ = resolve.call0(&JsValue::NULL);
        });
        let aborted = tx.clone();
        let on_abort = Closure::once_into_js(move |_: Event| {
            let error = aborted.error().map(JsValue::from).unwrap_or(JsValue::NULL);
            let _ = reject.call1(&JsValue::NULL, &error);
        });
        tx.set_oncomplete(Some(on_complete.unchecked_ref()));
        tx.set_onabort(Some(on_abort.unchecked_ref()));
    });
    JsFuture::from(promise).await.map(|_| ())
}

fn bytes_of(value: &JsValue) -> Option<Vec<u8>> {
    value.dyn_ref::<Uint8Array>().map(Uint8Array::to_vec)
}

/// The DOMException's name only: messages are never shown, so nothing stored can leak.
fn error_name(error: &JsValue) -> String {
    error.dyn_ref::<DomException>().map(DomException::name).unwrap_or_else(|| "UnknownError".to_owned())
}

fn read_error(error: &JsValue) -> StoreError {
    StoreError::ReadFailed(error_name(error))
}

fn write_error(error: &JsValue) -> StoreError {
    match error_name(error).as_str() {
        "QuotaExceededError" => StoreError::QuotaExceeded,
        name => StoreError::WriteFailed(name.to_owned()),
    }
}
