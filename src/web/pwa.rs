//! The installable, offline app: service worker registration and its update handshake, and
//! the browser's persistent-storage grant. The worker itself is `assets/sw.js`.

use std::cell::Cell;
use std::rc::Rc;

use wasm_bindgen::closure::Closure;
use wasm_bindgen::{JsCast, JsValue};
use wasm_bindgen_futures::JsFuture;
use web_sys::{ServiceWorkerRegistration, ServiceWorkerState};

thread_local! {
    /// Set when the user asked for the update, so the first install's takeover does not reload.
    static RELOAD_ON_TAKEOVER: Cell<bool> = const { Cell::new(false) };
}

/// Registers `sw.js` (relative, so a sub-path works) and calls `update_ready` when a new build
/// has installed and waits. Does nothing where service workers are unavailable (plain http
/// on a LAN address, some private modes): the app then simply needs the network to load.
pub fn register_service_worker(update_ready: impl Fn() + 'static) {
    let Some(window) = web_sys::window() else { return };
    let container = window.navigator().service_worker();
    if js_sys::Reflect::get(&window.navigator(), &JsValue::from_str("serviceWorker")).map_or(true, |v| v.is_undefined())
    {
        return;
    }
    let on_takeover = Closure::<dyn FnMut()>::new(|| {
        if RELOAD_ON_TAKEOVER.with(Cell::get) {
            if let Some(window) = web_sys::window() {
                let _ = window.location().reload();
            }
        }
    });
    let _ = container.add_event_listener_with_callback("controllerchange", on_takeover.as_ref().unchecked_ref());
    on_takeover.forget();

    let update_ready = Rc::new(update_ready);
    leptos::task::spawn_local(async move {
        let Ok(registration) = JsFuture::from(container.register("./sw.js")).await else { return };
        let registration: ServiceWorkerRegistration = registration.unchecked_into();
        // A page that is already controlled and finds a worker waiting: an update from earlier.
        let controlled = container.controller().is_some();
        if controlled && registration.waiting().is_some() {
            update_ready();
        }
        let watched = registration.clone();
        let on_found = Closure::<dyn FnMut()>::new(move || {
            let Some(worker) = watched.installing() else { return };
            let ready = update_ready.clone();
            let installing = worker.clone();
            let on_state = Closure::<dyn FnMut()>::new(move || {
                let has_controller =
                    web_sys::window().is_some_and(|w| w.navigator().service_worker().controller().is_some());
                if installing.state() == ServiceWorkerState::Installed && has_controller {
                    ready();
                }
            });
            worker.set_onstatechange(Some(on_state.as_ref().unchecked_ref()));
            on_state.forget();
        });
        registration.set_onupdatefound(Some(on_found.as_ref().unchecked_ref()));
        on_found.forget();
        // Look for a new build whenever the user comes back to the tab.
        let checked = registration.clone();
        let on_visible = Closure::<dyn FnMut()>::new(move || {
            let visible = web_sys::window()
                .and_then(|w| w.document())
                .is_some_and(|d| d.visibility_state() == web_sys::VisibilityState::Visible);
            if visible {
                let _ = checked.update();
            }
        });
        if let Some(document) = web_sys::window().and_then(|w| w.document()) {
            let _ = document.add_event_listener_with_callback("visibilitychange", on_visible.as_ref().unchecked_ref());
        }
        on_visible.forget();
    });
}

/// Tells the waiting worker to take over; the page reloads when it has.
pub async fn apply_update() {
    let Some(window) = web_sys::window() else { return };
    let container = window.navigator().service_worker();
    let Ok(registration) = JsFuture::from(container.get_registration()).await else { return };
    let Ok(registration) = registration.dyn_into::<ServiceWorkerRegistration>() else {
        let _ = window.location().reload();
        return;
    };
    match registration.waiting() {
        Some(waiting) => {
            RELOAD_ON_TAKEOVER.with(|r| r.set(true));
            let _ = waiting.post_message(&JsValue::from_str("skip-waiting"));
        }
        None => {
            let _ = window.location().reload();
        }
    }
}

/// What the browser says about this app's storage.
#[derive(Clone, Debug, PartialEq)]
pub struct StorageStatus {
    /// The browser promised not to evict the data under storage pressure.
    pub persisted: bool,
    pub usage_bytes: f64,
    pub quota_bytes: f64,
}

fn storage_manager() -> Option<web_sys::StorageManager> {
    let navigator = web_sys::window()?.navigator();
    js_sys::Reflect::get(&navigator, &JsValue::from_str("storage")).ok().filter(|s| !s.is_undefined())?;
    Some(navigator.storage())
}

/// Asks the browser to keep this app's data even when the device runs low on space. Chromium
/// answers from its own heuristics without a prompt; Firefox may ask the user.
pub async fn request_persistence() -> bool {
    let Some(manager) = storage_manager() else { return false };
    let Ok(promise) = manager.persist() else { return false };
    JsFuture::from(promise).await.ok().and_then(|v| v.as_bool()).unwrap_or(false)
}

pub async fn storage_status() -> Option<StorageStatus> {
    let manager = storage_manager()?;
    let persisted = JsFuture::from(manager.persisted().ok()?).await.ok()?.as_bool().unwrap_or(false);
    let estimate = JsFuture::from(manager.estimate().ok()?).await.ok()?;
    let number = |name: &str| js_sys::Reflect::get(&estimate, &JsValue::from_str(name)).ok().and_then(|v| v.as_f64());
    Some(StorageStatus {
        persisted,
        usage_bytes: number("usage").unwrap_or(0.0),
        quota_bytes: number("quota").unwrap_or(0.0),
    })
}
