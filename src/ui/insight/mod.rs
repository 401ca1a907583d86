//! The book's insight on screen: the one computation every screen shares
//! (`background_insight`), and the dashboard.

use std::sync::Arc;
use std::time::Duration;

use chrono::Local;
use leptos::prelude::*;

use crate::book::{Book, HistoryProgress};
use crate::insight::BookInsight;

use super::actions::now;

mod charts;
pub mod dashboard;

/// Every client's insight, computed in the background after the book changed or its whole
/// history finished loading: a save, a keystroke or the first paint after unlock never waits
/// for it. It is computed after the browser has painted the change, once for a burst of
/// changes; until then screens show the insight from before the change (a moment behind), and
/// until the whole history has loaded an empty one whose `complete` is false.
pub fn background_insight(book: RwSignal<Book>, history: RwSignal<HistoryProgress>) -> ReadSignal<Arc<BookInsight>> {
    let insight = RwSignal::new(Arc::new(BookInsight::default()));
    // Only the end of loading matters, not the progress of each chunk.
    let loaded = Memo::new(move |_| history.with(HistoryProgress::is_complete));
    let generation = StoredValue::new(0u64);
    Effect::new(move |_| {
        book.track();
        generation.update_value(|g| *g += 1);
        if !loaded.get() {
            insight.set(Arc::new(BookInsight::default()));
            return;
        }
        let this = generation.get_value();
        request_animation_frame(move || {
            set_timeout(
                move || {
                    // A later change has its own computation coming.
                    if generation.get_value() != this {
                        return;
                    }
                    super::mark("clientele:insight-start");
                    let computed = book.with_untracked(|book| BookInsight::compute(book, now(), &Local));
                    // Read by the benchmark: the "insight" measure is this computation's time.
                    if let Some(performance) = web_sys::window().and_then(|w| w.performance()) {
                        let _ = performance.measure_with_start_mark("insight", "clientele:insight-start");
                    }
                    insight.set(Arc::new(computed));
                },
                Duration::ZERO,
            )
        });
    });
    insight.read_only()
}
