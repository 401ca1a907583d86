//! IndexedDB as a vault store, written directly on web-sys. Two object stores: `meta` holds
//! the header under the key "header"; `records` maps record id to sealed envelope bytes.
//!
//! A write resolves only on the transaction's `complete` event, so "saved" means durable, and
//! a failed write reports the transaction's own error (`QuotaExceededError` among them).

use js_sys::{Array, Promise, Uint8Array};
use wasm_bindgen::closure::Closure;
use wasm_bindgen::{JsCast, JsValue};
use wasm_bindgen_futures::JsFuture;
use web_sys::{DomException, Event, IdbDatabase, IdbOpenDbRequest, IdbRequest, IdbTransaction, IdbTransactionMode};

use crate::vault::store::{StoreError, VaultStore};

const DB_VERSION: u32 = 1;
const META: &str = "meta";
const RECORDS: &str = "records";
const HEADER_KEY: &str = "header";

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
            for store in [META, RECORDS] {
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
        Ok(Self { db })
    }

    fn transaction(&self, store: &str, mode: IdbTransactionMode) -> Result<IdbTransaction, JsValue> {
        self.db.transaction_with_str_and_mode(store, mode)
    }
}

impl VaultStore for IdbStore {
    async fn read_header(&self) -> Result<Option<Vec<u8>>, StoreError> {
        let read = async {
            let tx = self.transaction(META, IdbTransactionMode::Readonly)?;
            let value = settle(&tx.object_store(META)?.get(&JsValue::from_str(HEADER_KEY))?).await?;
            Ok::<_, JsValue>(bytes_of(&value))
        };
        read.await.map_err(|e| StoreError::ReadFailed(error_name(&e)))
    }

    async fn create_header(&self, header: &[u8]) -> Result<(), StoreError> {
        let tx = self
            .transaction(META, IdbTransactionMode::Readwrite)
            .map_err(|e| StoreError::WriteFailed(error_name(&e)))?;
        let store = tx.object_store(META).map_err(|e| StoreError::WriteFailed(error_name(&e)))?;
        // `add`, not `put`: an existing header makes the transaction fail instead of being replaced.
        store
            .add_with_key(&Uint8Array::from(header), &JsValue::from_str(HEADER_KEY))
            .map_err(|e| StoreError::WriteFailed(error_name(&e)))?;
        completed(&tx).await.map_err(|e| match error_name(&e).as_str() {
            "ConstraintError" => StoreError::AlreadyExists,
            _ => write_error(&e),
        })
    }

    /// Reads and writes in one readwrite transaction, so the compare and the swap cannot be
    /// split by another tab, and an interrupted transaction leaves the old header in place.
    async fn replace_header(&self, expected: &[u8], header: &[u8]) -> Result<(), StoreError> {
        let tx = self.transaction(META, IdbTransactionMode::Readwrite).map_err(|e| write_error(&e))?;
        let store = tx.object_store(META).map_err(|e| write_error(&e))?;
        let key = JsValue::from_str(HEADER_KEY);
        let request = store.get(&key).map_err(|e| write_error(&e))?;
        // Awaiting the request itself keeps the transaction active for the put that follows.
        let current = settle(&request).await.map_err(|e| write_error(&e))?;
        if bytes_of(&current).as_deref() != Some(expected) {
            tx.abort().ok();
            return Err(StoreError::HeaderChanged);
        }
        store.put_with_key(&Uint8Array::from(header), &key).map_err(|e| write_error(&e))?;
        completed(&tx).await.map_err(|e| write_error(&e))
    }

    async fn read_all_records(&self) -> Result<Vec<(String, Vec<u8>)>, StoreError> {
        let read = async {
            let tx = self.transaction(RECORDS, IdbTransactionMode::Readonly)?;
            let store = tx.object_store(RECORDS)?;
            // Both requests are issued before either is awaited: awaiting a non-IDB promise
            // in between would let the transaction finish. One transaction, one snapshot.
            let keys_request = store.get_all_keys()?;
            let values_request = store.get_all()?;
            let keys: Array = settle(&keys_request).await?.unchecked_into();
            let values: Array = settle(&values_request).await?.unchecked_into();
            Ok::<_, JsValue>(
                keys.iter()
                    .zip(values.iter())
                    .map(|(k, v)| (k.as_string().unwrap_or_default(), bytes_of(&v).unwrap_or_default()))
                    .collect(),
            )
        };
        read.await.map_err(|e| StoreError::ReadFailed(error_name(&e)))
    }

    async fn put_record(&self, id: &str, envelope: &[u8]) -> Result<(), StoreError> {
        let tx = self.transaction(RECORDS, IdbTransactionMode::Readwrite).map_err(|e| write_error(&e))?;
        let store = tx.object_store(RECORDS).map_err(|e| write_error(&e))?;
        store.put_with_key(&Uint8Array::from(envelope), &JsValue::from_str(id)).map_err(|e| write_error(&e))?;
        completed(&tx).await.map_err(|e| write_error(&e))
    }

    async fn delete_record(&self, id: &str) -> Result<(), StoreError> {
        let tx = self.transaction(RECORDS, IdbTransactionMode::Readwrite).map_err(|e| write_error(&e))?;
        let store = tx.object_store(RECORDS).map_err(|e| write_error(&e))?;
        store.delete(&JsValue::from_str(id)).map_err(|e| write_error(&e))?;
        completed(&tx).await.map_err(|e| write_error(&e))
    }

    /// One transaction: IndexedDB commits all of it or, on any failure, none of it.
    async fn write_batch(&self, puts: &[(String, Vec<u8>)], deletes: &[String]) -> Result<(), StoreError> {
        let tx = match self.batch(puts, deletes) {
            Ok(tx) => tx,
            Err(error) => return Err(write_error(&error)),
        };
        completed(&tx).await.map_err(|e| write_error(&e))
    }
}

impl IdbStore {
    fn batch(&self, puts: &[(String, Vec<u8>)], deletes: &[String]) -> Result<IdbTransaction, JsValue> {
        let tx = self.transaction(RECORDS, IdbTransactionMode::Readwrite)?;
        let store = tx.object_store(RECORDS)?;
        for id in deletes {
            store.delete(&JsValue::from_str(id))?;
        }
        for (id, bytes) in puts {
            store.put_with_key(&Uint8Array::from(bytes.as_slice()), &JsValue::from_str(id))?;
        }
        Ok(tx)
    }
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

fn write_error(error: &JsValue) -> StoreError {
    match error_name(error).as_str() {
        "QuotaExceededError" => StoreError::QuotaExceeded,
        name => StoreError::WriteFailed(name.to_owned()),
    }
}
