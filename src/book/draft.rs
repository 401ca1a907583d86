//! A form that was being filled in when the book locked, kept so that nothing typed is lost.
//! It is one sealed index record ("draft"), written at lock time under the data key like any
//! record, offered back after the next unlock, and removed once the user continues or discards.

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};

use super::Book;
use crate::model::Client;

/// The record id of the draft.
pub const DRAFT_ID: &str = "draft";

/// An unsaved form, as it was when the book locked.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Draft {
    pub saved: DateTime<Utc>,
    pub form: DraftForm,
}

/// Which form was open, for which client, and what it held. `typed` is the form's fields as
/// typed, before any check (a JSON object; its members are the form's own, see docs/FORMAT.md).
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(tag = "form", rename_all = "snake_case")]
pub enum DraftForm {
    /// The profile editor. `client.id` is empty for a new client.
    Client {
        client: Box<Client>,
        typed: serde_json::Value,
    },
    /// The visit form; `visit_id` when an existing visit was being edited.
    Visit {
        client_id: String,
        visit_id: Option<String>,
        typed: serde_json::Value,
    },
    /// The interaction form; `interaction_id` when an existing one was being edited.
    Interaction {
        client_id: String,
        interaction_id: Option<String>,
        typed: serde_json::Value,
    },
    FollowUp {
        client_id: String,
        typed: serde_json::Value,
    },
}

/// What the offer after unlocking says the draft was.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum DraftSubject {
    NewClient,
    EditedClient {
        name: String,
    },
    Visit {
        name: String,
    },
    Interaction {
        name: String,
    },
    FollowUp {
        name: String,
    },
    /// The client the form belonged to is no longer in the book (deleted for good, merged into
    /// another), or is in Trash: the draft can only be discarded.
    ClientGone,
}

impl DraftForm {
    /// The client the form belongs to; `None` for a new client.
    pub fn client_id(&self) -> Option<&str> {
        match self {
            DraftForm::Client { client, .. } => (!client.id.is_empty()).then_some(client.id.as_str()),
            DraftForm::Visit { client_id, .. }
            | DraftForm::Interaction { client_id, .. }
            | DraftForm::FollowUp { client_id, .. } => Some(client_id),
        }
    }
}

impl Draft {
    /// What the draft was, with the name of the client it belongs to as the book knows them.
    pub fn subject(&self, book: &Book) -> DraftSubject {
        let Some(id) = self.form.client_id() else { return DraftSubject::NewClient };
        let Some(name) = book.get(id).filter(|c| c.trashed.is_none()).map(|c| c.name.clone()) else {
            return DraftSubject::ClientGone;
        };
        match &self.form {
            DraftForm::Client { .. } => DraftSubject::EditedClient { name },
            DraftForm::Visit { .. } => DraftSubject::Visit { name },
            DraftForm::Interaction { .. } => DraftSubject::Interaction { name },
            DraftForm::FollowUp { .. } => DraftSubject::FollowUp { name },
        }
    }
}
