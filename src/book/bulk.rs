//! Edits to many clients at once, from a multi-selection of the list: add or remove a tag, set
//! the status, move to Trash. Each is one write of every client it changes.

use chrono::{DateTime, Utc};

use super::{Book, Changes};
use crate::model::{Client, Status};
use crate::search::fold;

/// One edit applied to every selected client.
#[derive(Clone, Debug, PartialEq)]
pub enum BulkEdit {
    AddTag(String),
    /// Removes the tag in any letter case, as the tag filter matches it.
    RemoveTag(String),
    /// Lead, Active or Inactive; blocking needs a reason per client, so it is not a bulk edit.
    SetStatus(Status),
    MoveToTrash,
}

/// The write for `edit` over the clients `ids`, with only the clients it changes. Clients known
/// by their summary only are skipped: the caller loads them first (`None` in `missing`).
pub fn bulk_changes(book: &Book, ids: &[String], edit: &BulkEdit, now: DateTime<Utc>) -> (Changes, Vec<String>) {
    let mut clients = Vec::new();
    let mut missing = Vec::new();
    for id in ids {
        let Some(client) = book.get_writable(id) else {
            if book.get(id).is_some() {
                missing.push(id.clone());
            }
            continue;
        };
        let mut edited = client.clone();
        if apply(&mut edited, edit, now) {
            edited.updated = now;
            clients.push(edited);
        }
    }
    (Changes { clients, ..Changes::default() }, missing)
}

/// Applies the edit; `true` when the client changed.
fn apply(client: &mut Client, edit: &BulkEdit, now: DateTime<Utc>) -> bool {
    match edit {
        BulkEdit::AddTag(tag) => {
            let tag = tag.trim();
            if tag.is_empty() || client.tags.iter().any(|t| fold(t) == fold(tag)) {
                return false;
            }
            client.tags.push(tag.to_owned());
            true
        }
        BulkEdit::RemoveTag(tag) => {
            let before = client.tags.len();
            client.tags.retain(|t| fold(t) != fold(tag.trim()));
            client.tags.len() != before
        }
        BulkEdit::SetStatus(status) => {
            if matches!(status, Status::Blocked { .. }) || client.status == *status {
                return false;
            }
            client.status = status.clone();
            true
        }
        BulkEdit::MoveToTrash => {
            if client.trashed.is_some() {
                return false;
            }
            client.trashed = Some(now);
            true
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::Settings;

    fn now() -> DateTime<Utc> {
        "2026-11-23T10:00:00Z".parse().unwrap()
    }

    fn client(id: &str, tags: &[&str]) -> Client {
        let mut c = Client::new(id.into(), now());
        c.name = id.to_uppercase();
        c.tags = tags.iter().map(|t| (*t).to_owned()).collect();
        c
    }

    #[test]
    fn a_bulk_edit_writes_only_the_selected_clients_it_changes() {
        let book =
            Book::new(vec![client("a", &["VIP"]), client("b", &[]), client("c", &[])], Settings::default(), now());
        let ids = vec!["a".to_owned(), "b".to_owned()];
        let (changes, missing) = bulk_changes(&book, &ids, &BulkEdit::AddTag(" vip ".into()), now());
        assert!(missing.is_empty());
        assert_eq!(changes.clients.iter().map(|c| c.id.as_str()).collect::<Vec<_>>(), ["b"], "a has it already");
        assert_eq!(changes.clients[0].tags, ["vip"]);

        let (changes, _) = bulk_changes(&book, &ids, &BulkEdit::RemoveTag("vip".into()), now());
        assert_eq!(changes.clients.len(), 1);
        assert!(changes.clients[0].tags.is_empty());

        let (changes, _) = bulk_changes(&book, &ids, &BulkEdit::SetStatus(Status::Inactive), now());
        assert!(changes.clients.iter().all(|c| c.status == Status::Inactive) && changes.clients.len() == 2);
        let blocked = Status::Blocked { reason: String::new(), since: now().date_naive() };
        assert!(bulk_changes(&book, &ids, &BulkEdit::SetStatus(blocked), now()).0.clients.is_empty());

        let (changes, _) = bulk_changes(&book, &ids, &BulkEdit::MoveToTrash, now());
        assert!(changes.clients.iter().all(|c| c.trashed == Some(now())) && changes.clients.len() == 2);
    }
}
