//! Where the user is in the open book, as an address: every screen has a hash route
//! (`#/clients/<id>`, `#/settings`…), so the browser's Back and Forward, the back gesture of
//! an installed app, reloads and bookmarks work as in any app. Plain Rust, tested natively;
//! `ui::router` keeps the page's address and the app's state in step.
//!
//! An address carries only random record ids and view state (a sort, a status filter, a
//! segment's id), never a name, a phone, a tag or the search text: addresses end up in the
//! browser's history, its session restore and bookmarks, all of them outside the encrypted
//! vault. Routes live in the hash, so they work from any sub-path of any static host, with no
//! server configuration.

pub mod route;

pub use route::{ClientPane, HistoryStep, ListView, Route};
