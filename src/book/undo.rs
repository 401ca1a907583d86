//! The last import and the last merge, kept so that one step takes either back, even after a
//! reload. Each is a sealed index record ("undo-import", "undo-merge") that the next import or
//! merge replaces, and that taking it back removes.

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};

use super::Changes;
use crate::model::Client;

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
}

impl UndoStep {
    /// The write that takes the step back, and forgets it.
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
        }
    }

    /// Whether the step names this client at all.
    pub fn mentions(&self, id: &str) -> bool {
        self.remove.iter().any(|x| x == id) || self.restore.iter().any(|c| c.id == id)
    }
}
