//! The last import and the last merge, kept so that one step takes either back, even after a
//! reload. Each is a sealed index record ("undo-import", "undo-merge") that the next import or
//! merge replaces, and that taking it back removes.

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};

use super::{Book, Changes};
use crate::model::Client;
use crate::vault::state::sha256_hex;

/// Which step an undo record takes back; one of each is kept.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub enum UndoKind {
    Import,
    Merge,
}

impl UndoKind {
    pub const ALL: [UndoKind; 2] = [UndoKind::Import, UndoKind::Merge];

    /// The index record that holds this kind's step.
    pub fn record_id(self) -> &'static str {
        match self {
            UndoKind::Import => "undo-import",
            UndoKind::Merge => "undo-merge",
        }
    }

    pub fn from_record_id(id: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|kind| kind.record_id() == id)
    }
}

/// What taking a step back writes: the clients it changed or removed, as they were before, and
/// the ids of the clients it created.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct UndoStep {
    pub created: DateTime<Utc>,
    /// Clients as they were before the step, whole; written back by the undo (a client the step
    /// deleted comes back under their own id).
    #[serde(default)]
    pub restore: Vec<Client>,
    /// Clients the step created; deleted by the undo.
    #[serde(default)]
    pub remove: Vec<String>,
    /// Every client as the step wrote them, by id and the SHA-256 of their JSON: taking the
    /// step back is refused once any of them has changed since, so no later edit is lost.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub written: Vec<WrittenClient>,
}

/// A client as a step wrote them.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct WrittenClient {
    pub id: String,
    /// Lowercase hex SHA-256 of the client's JSON as stored.
    pub sha256: String,
}

impl WrittenClient {
    pub fn of(client: &Client) -> Self {
        Self { id: client.id.clone(), sha256: sha256_hex(&serde_json::to_vec(client).unwrap_or_default()) }
    }
}

/// Why a step cannot be taken back. Nothing was written.
#[derive(Clone, Copy, Debug, PartialEq, Eq, thiserror::Error)]
pub enum UndoError {
    #[error("Some of these clients were changed since; undoing now would lose those changes. Nothing was undone.")]
    ChangedSince,
    /// A client to check is known by their summary only; the caller loads them first.
    #[error("Waiting for the full history to load.")]
    NotLoaded,
}

impl UndoStep {
    /// The write that takes the step back, and forgets it; refused when a client the step
    /// wrote has changed since (or is gone).
    pub fn changes_in(&self, book: &Book, kind: UndoKind) -> Result<Changes, UndoError> {
        // A client the step removed that is back in the book (created since under that id)
        // would be overwritten.
        let written: std::collections::HashSet<&str> = self.written.iter().map(|w| w.id.as_str()).collect();
        if self.restore.iter().any(|c| !written.contains(c.id.as_str()) && book.get(&c.id).is_some()) {
            return Err(UndoError::ChangedSince);
        }
        for written in &self.written {
            match book.get_writable(&written.id) {
                Some(current) if WrittenClient::of(current) == *written => {}
                None if book.entry(&written.id).is_some_and(|e| !e.full && !e.unavailable) => {
                    return Err(UndoError::NotLoaded)
                }
                _ => return Err(UndoError::ChangedSince),
            }
        }
        Ok(self.changes(kind))
    }

    /// The write that takes the step back, and forgets it, unchecked.
    pub fn changes(&self, kind: UndoKind) -> Changes {
        Changes {
            clients: self.restore.clone(),
            deleted: self.remove.clone(),
            undo: vec![(kind, None)],
            ..Changes::default()
        }
    }

    /// Without one client (erased from the device): they are neither restored, named, nor
    /// restored as anyone's referrer.
    pub fn without(&self, id: &str) -> Self {
        let unlink = |client: &Client| {
            let mut client = client.clone();
            if client.source.referred_by.as_deref() == Some(id) {
                client.source.referred_by = None;
            }
            client
        };
        Self {
            created: self.created,
            restore: self.restore.iter().filter(|c| c.id != id).map(unlink).collect(),
            remove: self.remove.iter().filter(|x| *x != id).cloned().collect(),
            written: self.written.iter().filter(|w| w.id != id).cloned().collect(),
        }
    }

    /// Whether the step names this client at all.
    pub fn mentions(&self, id: &str) -> bool {
        self.remove.iter().any(|x| x == id)
            || self.written.iter().any(|w| w.id == id)
            || self.restore.iter().any(|c| c.id == id || c.source.referred_by.as_deref() == Some(id))
    }
}
