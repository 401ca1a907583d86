//! The book's insight on screen: the one computation every screen shares (`insight_memo`).

use std::sync::Arc;

use chrono::Local;
use leptos::prelude::*;

use crate::book::{Book, HistoryProgress};
use crate::insight::BookInsight;

use super::actions::now;

/// Every client's insight, recomputed when the book changes or the whole history has loaded,
/// and only when a screen reads it. A new `Arc` each time: comparing two insights would cost
/// as much as computing one.
pub fn insight_memo(book: RwSignal<Book>, history: RwSignal<HistoryProgress>) -> Memo<Arc<BookInsight>> {
    Memo::new_with_compare(
        move |_| {
            history.track();
            Arc::new(book.with(|book| BookInsight::compute(book, now(), &Local)))
        },
        |_, _| true,
    )
}
