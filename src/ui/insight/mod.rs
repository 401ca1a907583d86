//! The book's insight on screen: the one computation every screen shares (`insight_memo`).

use std::sync::Arc;

use chrono::Local;
use leptos::prelude::*;

use crate::book::{Book, HistoryProgress};
use crate::insight::BookInsight;

use super::actions::now;

mod charts;
pub mod dashboard;

/// Every client's insight, recomputed when the book changes or the whole history has loaded,
/// and only when a screen reads it. A new `Arc` each time: comparing two insights would cost
/// as much as computing one.
pub fn insight_memo(book: RwSignal<Book>, history: RwSignal<HistoryProgress>) -> Memo<Arc<BookInsight>> {
    Memo::new_with_compare(
        move |_| {
            history.track();
            super::mark("clientele:insight-start");
            let insight = book.with(|book| BookInsight::compute(book, now(), &Local));
            // Read by the benchmark: the "insight" measure is this computation's time.
            if let Some(performance) = web_sys::window().and_then(|w| w.performance()) {
                let _ = performance.measure_with_start_mark("insight", "clientele:insight-start");
            }
            Arc::new(insight)
        },
        |_, _| true,
    )
}
