//! Browser adapters for the core's traits: IndexedDB and localStorage as [`VaultStore`]s,
//! Browser adapters for the core's traits: IndexedDB and localStorage as [`VaultStore`]s,
//! WebCrypto as the cipher backend, a Web Worker as the [`Kdf`](crate::vault::kdf::Kdf), the
//! page's event loop as [`Pause`]. Nothing here decides anything about clients.

pub mod files;
mod idb;
pub mod kdf;
mod local;
pub mod pwa;
mod text_decoder;
mod webcrypto;

pub use idb::IdbStore;
pub use kdf::WorkerKdf;
pub use local::LocalStore;
pub use text_decoder::BrowserTextDecoder;
pub use webcrypto::{WebCrypto, WebCryptoCipher};

use std::cell::Cell;

use crate::book::Pause;
use crate::vault::store::{Area, Commit, StoreError, VaultStore};

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

macro_rules! forward {
    ($self:ident, $s:ident => $call:expr) => {
        match $self {
            Self::IndexedDb($s) => $call.await,
            Self::LocalStorage($s) => $call.await,
        }
    };
}

impl VaultStore for BrowserStore {
    async fn read_header(&self) -> Result<Option<Vec<u8>>, StoreError> {
        forward!(self, s => s.read_header())
    }

    async fn read_area(&self, area: Area) -> Result<Vec<(String, Vec<u8>)>, StoreError> {
        forward!(self, s => s.read_area(area))
    }

    async fn read_ids(&self, area: Area) -> Result<Vec<String>, StoreError> {
        forward!(self, s => s.read_ids(area))
    }

    async fn read_range(
        &self,
        area: Area,
        after: Option<&str>,
        limit: usize,
    ) -> Result<Vec<(String, Vec<u8>)>, StoreError> {
        forward!(self, s => s.read_range(area, after, limit))
    }

    async fn read_records(&self, area: Area, ids: &[String]) -> Result<Vec<Option<Vec<u8>>>, StoreError> {
        forward!(self, s => s.read_records(area, ids))
    }

    async fn commit(&self, commit: &Commit) -> Result<(), StoreError> {
        forward!(self, s => s.commit(commit))
    }
}

/// How long the page may work before it lets input and painting through.
const TASK_BUDGET_MS: f64 = 40.0;

thread_local! {
    static LAST_YIELD: Cell<f64> = const { Cell::new(0.0) };
}

fn now_ms() -> f64 {
    web_sys::window().and_then(|w| w.performance()).map_or(0.0, |p| p.now())
}

/// Yields to the browser's event loop once the current task has run for 40 ms, so that long
/// work (unlock, the history load, a large import) is cut into tasks under 50 ms.
pub struct BrowserPause;

impl Pause for BrowserPause {
    async fn pause(&self) {
        let now = now_ms();
        if now - LAST_YIELD.with(Cell::get) < TASK_BUDGET_MS {
            return;
        }
        yield_to_browser().await;
        LAST_YIELD.with(|t| t.set(now_ms()));
    }
}

impl BrowserPause {
    /// Starts a new time slice: the next pause yields only after a full budget.
    pub fn start_slice() {
        LAST_YIELD.with(|t| t.set(now_ms()));
    }
}

/// A new task via a message to ourselves: unlike `setTimeout(0)` it is never clamped to 4 ms,
/// and input that arrived meanwhile runs first.
pub async fn yield_to_browser() {
    let promise = js_sys::Promise::new(&mut |resolve, _| {
        let Ok(channel) = web_sys::MessageChannel::new() else {
            let _ = resolve.call0(&wasm_bindgen::JsValue::NULL);
            return;
        };
        channel.port1().set_onmessage(Some(&resolve));
        let _ = channel.port2().post_message(&wasm_bindgen::JsValue::NULL);
    });
    let _ = wasm_bindgen_futures::JsFuture::from(promise).await;
}
