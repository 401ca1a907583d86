//! The book's entries beside their insight, by position: what the list's filters and sorts read
//! for each client. `BookInsight::clients` lists the clients not in Trash in the book's order,
//! so one walk pairs them up, without looking a client up by id (a hash of a string per client
//! on every keystroke of a search).

use crate::insight::{BookInsight, ClientInsight};

use super::Entry;

/// Each entry's insight, by the entry's position in the book; `None` for clients in Trash, and
/// for everyone while the insight is incomplete (histories still loading) or was computed from
/// another state of the book.
pub struct InsightRows<'a> {
    rows: Vec<Option<&'a ClientInsight>>,
    complete: bool,
}

impl<'a> InsightRows<'a> {
    /// No insight for anyone.
    pub fn none() -> Self {
        Self { rows: Vec::new(), complete: false }
    }

    pub fn new(entries: &[Entry], insight: Option<&'a BookInsight>) -> Self {
        let Some(insight) = insight.filter(|i| i.complete) else { return Self::none() };
        let mut clients = insight.clients.iter();
        let rows: Vec<Option<&ClientInsight>> =
            entries.iter().map(|entry| if entry.client.trashed.is_none() { clients.next() } else { None }).collect();
        // The same clients in the same order, or the insight belongs to another state of the
        // book (a memo not yet recomputed): then it is used for no one.
        let aligned = clients.next().is_none()
            && rows.iter().zip(entries).all(|(row, entry)| match row {
                Some(i) => i.id == entry.client.id,
                None => entry.client.trashed.is_some(),
            });
        if aligned {
            Self { rows, complete: true }
        } else {
            Self::none()
        }
    }

    /// The insight of the entry at `position`.
    pub fn at(&self, position: usize) -> Option<&'a ClientInsight> {
        self.rows.get(position).copied().flatten()
    }

    /// Every client not in Trash has their insight.
    pub fn is_complete(&self) -> bool {
        self.complete
    }
}
