//! Clientele: a private client book that never leaves the device.
//!
//! The core (`vault`, `model`, `book`, `search`, `segment`, `today`, `passphrase`, `cleanup`,
//! `import`, `outreach`, `navigation`, and `book::visible_rows`, the arithmetic of the client list) is plain
//! Rust and tests natively. `web` adapts browser APIs (IndexedDB, localStorage, WebCrypto) to the
//! core's traits, and `ui` is the Leptos app; both exist only in the wasm build.
#![forbid(unsafe_code)]

pub mod backup;
pub mod book;
pub mod calendar;
pub mod cleanup;
pub mod export;
pub mod i18n;
pub mod import;
pub mod insight;
pub mod model;
pub mod navigation;
pub mod outreach;
pub mod passphrase;
pub mod search;
pub mod segment;
pub mod today;
pub mod vault;

#[cfg(target_arch = "wasm32")]
pub mod web;

#[cfg(target_arch = "wasm32")]
mod ui;

/// Entry point of the browser app.
#[cfg(target_arch = "wasm32")]
#[wasm_bindgen::prelude::wasm_bindgen(start)]
pub fn start() {
    console_error_panic_hook::set_once();
    leptos::mount::mount_to_body(ui::App);
}
