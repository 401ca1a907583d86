//! The dry run of an import and the write it becomes: which contacts are new, which are
//! probably a client already in the book or a contact earlier in the same file, what to do with
//! each of those, and the one all-or-nothing commit, with the undo step that takes it back.
//!
//! A contact's client id comes from its [`ImportedContact::contact_key`]
//! ([`client_id_for_key`]), so reading the same contact again (the same file twice, or an
//! updated export) lands on the same id: it is found as "imported before" and skipped by
//! default. A client a merge absorbed keeps that id among the merged client's `merged_from`, so
//! a later import of the same contact finds the merged client.

use std::collections::HashMap;

use chrono::{DateTime, Utc};
use sha2::{Digest, Sha256};

use crate::book::{Book, Changes, UndoKind, UndoStep, WrittenClient};
use crate::model::Client;
use crate::search::fold;
use crate::vault::state::hex;

use super::contact::{ImportedRecord, NoteLabels, RowProblem};
use super::ImportBatch;

/// The client id an imported contact gets: the first 16 bytes, in hex, of the SHA-256 of
/// `"clientele-import"`, U+001F, the book's import salt (`Settings::import_salt`, a secret kept
/// in the sealed settings), U+001F, and the contact key. The same length and alphabet as a
/// random record id, and as unlinkable to the contact without the salt.
pub fn client_id_for_key(salt: &str, key: &str) -> String {
    let mut hasher = Sha256::new();
    hasher.update(b"clientele-import\x1f");
    hasher.update(salt.as_bytes());
    hasher.update(b"\x1f");
    hasher.update(key.as_bytes());
    hex(&hasher.finalize()[..16])
}

/// Why a contact is probably someone already known.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum MatchReason {
    /// The same contact was imported before (same key, so the same client id).
    ImportedBefore,
    SamePhone,
    SameEmail,
    SameName,
    /// A similar name, in any script ("Ivan Petrov" and "Иван Петров"), by `cleanup`.
    SimilarName,
}

/// Who a contact probably duplicates.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum DuplicateOf {
    /// A client in the book, by id.
    Client(String),
    /// An earlier contact of the same file, by its index in [`ImportReview::contacts`].
    Contact(usize),
}

#[derive(Clone, Debug, PartialEq)]
pub struct Duplicate {
    pub of: DuplicateOf,
    pub reason: MatchReason,
    /// How sure the match is, from 0 to 1.
    pub score: f64,
}

/// What to do with a probable duplicate.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum Choice {
    /// Leave the contact out.
    #[default]
    Skip,
    /// Add what the contact has and the client lacks to the client.
    Merge,
    /// Make a new client anyway.
    CreateAnyway,
}

/// Why the write could not be planned. Nothing was written.
#[derive(Clone, Copy, Debug, PartialEq, Eq, thiserror::Error)]
pub enum ReviewError {
    /// A client to merge into is known by their summary only; the caller loads them first.
    #[error("Some clients to merge into are still loading. Try again in a moment.")]
    NotLoaded,
    #[error("The browser could not make a random id. Reload the page and try again.")]
    NoRandomness,
}

/// An import before anything is written: every contact of the file, its probable duplicate
/// and the choice for it, and the problems found while reading.
#[derive(Clone, Debug, Default)]
pub struct ImportReview {
    pub contacts: Vec<ImportedRecord>,
    pub problems: Vec<RowProblem>,
    pub photos_skipped: usize,
    /// Per contact, whom they probably duplicate.
    pub duplicates: Vec<Option<Duplicate>>,
    /// Per contact, what to do if they are a duplicate (ignored otherwise).
    pub choices: Vec<Choice>,
    /// The import salt the ids were made with: the book's, or a new one this import stores.
    salt: String,
}

/// The counts a dry run shows.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct ReviewCounts {
    pub new: usize,
    pub duplicates: usize,
    /// Rows or cards with a problem (some were still imported in part).
    pub problems: usize,
}

impl ImportReview {
    /// Finds the probable duplicates of every contact of `batch` in `book` and earlier in the
    /// file, by the same contact key, then the same phone digits, the same email, or the same
    /// name (folded as search folds it), and last a similar name in any script
    /// ([`crate::cleanup::match_incoming`]). Every duplicate starts as [`Choice::Skip`].
    /// `new_salt` is used when the book has no import salt yet (its first import).
    pub fn new(batch: ImportBatch, book: &Book, new_salt: impl FnOnce() -> String) -> Self {
        let salt = if book.settings.import_salt.is_empty() { new_salt() } else { book.settings.import_salt.clone() };
        let mut known = Known::default();
        for entry in book.entries() {
            known.add(&entry.client, DuplicateOf::Client(entry.client.id.clone()));
            for absorbed in &entry.client.merged_from {
                known.ids.entry(absorbed.clone()).or_insert_with(|| DuplicateOf::Client(entry.client.id.clone()));
            }
        }
        let probes: Vec<Client> = batch
            .contacts
            .iter()
            .map(|record| Client {
                id: client_id_for_key(&salt, &record.contact.contact_key()),
                name: record.contact.name.clone(),
                phones: record.contact.phones.clone(),
                emails: record.contact.emails.clone(),
                ..Client::default()
            })
            .collect();
        let mut duplicates = Vec::with_capacity(batch.contacts.len());
        for (at, probe) in probes.iter().enumerate() {
            let found = known.find(probe);
            if found.is_none() {
                known.add(probe, DuplicateOf::Contact(at));
            }
            duplicates.push(found);
        }
        // Names alike across scripts and spellings, for the contacts nothing exact matched.
        let similar = crate::cleanup::match_incoming_in_book(book, &probes);
        for (duplicate, similar) in duplicates.iter_mut().zip(similar) {
            if duplicate.is_some() {
                continue;
            }
            let Some(similar) = similar.filter(|m| m.reasons.contains(&crate::cleanup::Reason::SimilarName)) else {
                continue;
            };
            let of = match similar.target {
                crate::cleanup::MatchTarget::Existing(id) => DuplicateOf::Client(id),
                crate::cleanup::MatchTarget::Incoming(earlier) => DuplicateOf::Contact(earlier),
            };
            *duplicate = Some(Duplicate { of, reason: MatchReason::SimilarName, score: f64::from(similar.score) });
        }
        let choices = vec![Choice::Skip; batch.contacts.len()];
        Self {
            contacts: batch.contacts,
            problems: batch.problems,
            photos_skipped: batch.photos_skipped,
            duplicates,
            choices,
            salt,
        }
    }

    pub fn counts(&self) -> ReviewCounts {
        let duplicates = self.duplicates.iter().filter(|d| d.is_some()).count();
        let mut rows: Vec<_> = self.problems.iter().map(|p| p.place).collect();
        rows.dedup();
        ReviewCounts { new: self.contacts.len() - duplicates, duplicates, problems: rows.len() }
    }

    /// Sets the choice for every duplicate.
    pub fn choose_all(&mut self, choice: Choice) {
        self.choices.iter_mut().for_each(|c| *c = choice);
    }

    /// The clients to merge into, so the caller can load their whole history first.
    pub fn merge_targets(&self) -> Vec<String> {
        let mut ids: Vec<String> = (0..self.contacts.len()).filter_map(|at| self.merge_target(at)).collect();
        ids.sort();
        ids.dedup();
        ids
    }

    /// The book client that contact `at` is merged into, following a chain of in-file
    /// duplicates to the client they end at.
    fn merge_target(&self, at: usize) -> Option<String> {
        let mut at = at;
        // A chain never points forward, so it ends within as many steps as there are contacts.
        for _ in 0..=self.contacts.len() {
            match (&self.duplicates[at], self.choices[at]) {
                (Some(Duplicate { of: DuplicateOf::Client(id), .. }), Choice::Merge) => return Some(id.clone()),
                (Some(Duplicate { of: DuplicateOf::Contact(earlier), .. }), Choice::Merge) => at = *earlier,
                _ => return None,
            }
        }
        None
    }

    /// The write: new clients, clients merged into, and the undo step that takes it back
    /// (replacing the previous import's). `fresh_id` gives a random id to a duplicate created
    /// anyway, whose own id may be taken.
    pub fn changes(
        &self,
        book: &Book,
        labels: &NoteLabels,
        now: DateTime<Utc>,
        mut fresh_id: impl FnMut() -> Option<String>,
    ) -> Result<Changes, ReviewError> {
        // Every contact's client, made once; a merge folds a contact into the one it points at.
        let mut made: Vec<Option<Client>> = Vec::with_capacity(self.contacts.len());
        let mut merged: HashMap<String, Client> = HashMap::new();
        for (at, record) in self.contacts.iter().enumerate() {
            let id = client_id_for_key(&self.salt, &record.contact.contact_key());
            let mut incoming = record.contact.clone().into_client(id, now, labels);
            crate::cleanup::normalize::tidy_names(&mut incoming);
            let outcome = match (&self.duplicates[at], self.choices[at]) {
                (None, _) => Some(incoming),
                (Some(_), Choice::Skip) => None,
                (Some(_), Choice::CreateAnyway) => {
                    let taken = book.get(&incoming.id).is_some()
                        || book.entries().any(|e| e.client.merged_from.contains(&incoming.id))
                        || made.iter().flatten().any(|c| c.id == incoming.id);
                    if taken {
                        let id = fresh_id().ok_or(ReviewError::NoRandomness)?;
                        Some(Client { id, ..incoming })
                    } else {
                        Some(incoming)
                    }
                }
                (Some(Duplicate { of: DuplicateOf::Contact(earlier), .. }), Choice::Merge) => {
                    // Follow the chain of merges to the client it ends at: one made by this
                    // import, or one of the book. Only a skipped contact ends it empty (then
                    // this one is skipped too). Earlier contacts come first, so it ends.
                    let mut at = *earlier;
                    loop {
                        if let Some(target) = made.get_mut(at).and_then(Option::as_mut) {
                            absorb(target, incoming, now);
                            break;
                        }
                        match (self.duplicates.get(at).cloned().flatten(), self.choices.get(at)) {
                            (Some(Duplicate { of: DuplicateOf::Contact(next), .. }), Some(Choice::Merge))
                                if next < at =>
                            {
                                at = next
                            }
                            (Some(Duplicate { of: DuplicateOf::Client(id), .. }), Some(Choice::Merge)) => {
                                merge_into_book(book, &mut merged, &id, incoming, now)?;
                                break;
                            }
                            _ => break,
                        }
                    }
                    None
                }
                (Some(Duplicate { of: DuplicateOf::Client(id), .. }), Choice::Merge) => {
                    merge_into_book(book, &mut merged, id, incoming, now)?;
                    None
                }
            };
            made.push(outcome);
        }
        let created: Vec<Client> = made.into_iter().flatten().collect();
        let mut restore: Vec<Client> = Vec::new();
        for id in merged.keys() {
            restore.push(book.get_full(id).cloned().ok_or(ReviewError::NotLoaded)?);
        }
        restore.sort_by(|a, b| a.id.cmp(&b.id));
        // A contact imported before and since moved to Trash comes back as itself: undo puts
        // the trashed client back too.
        let mut remove = Vec::new();
        for client in &created {
            match book.get_full(&client.id) {
                Some(previous) => restore.push(previous.clone()),
                None if book.get(&client.id).is_some() => return Err(ReviewError::NotLoaded),
                None => remove.push(client.id.clone()),
            }
        }
        let mut clients = created;
        clients.extend(merged.into_values());
        let written = clients.iter().map(WrittenClient::of).collect();
        let step = UndoStep { created: now, restore, remove, written };
        // The first import stores the salt its ids were made with, in the same write.
        let settings = (book.settings.import_salt != self.salt)
            .then(|| crate::model::Settings { import_salt: self.salt.clone(), ..book.settings.clone() });
        Ok(Changes { clients, settings, undo: vec![(UndoKind::Import, Some(step))], ..Changes::default() })
    }
}

fn merge_into_book(
    book: &Book,
    merged: &mut HashMap<String, Client>,
    id: &str,
    incoming: Client,
    now: DateTime<Utc>,
) -> Result<(), ReviewError> {
    let target = match merged.get_mut(id) {
        Some(target) => target,
        None => {
            let client = book.get_full(id).cloned().ok_or(ReviewError::NotLoaded)?;
            merged.entry(id.to_owned()).or_insert(client)
        }
    };
    absorb(target, incoming, now);
    Ok(())
}

/// Adds to `client` what `incoming` has and `client` lacks: phones (by their digits), emails
/// (case-insensitively), messengers and tags not there yet, single fields that are empty,
/// custom fields not set, and notes not already contained. Nothing of `client` is overwritten.
/// `incoming`'s id is remembered among `merged_from`, so the same contact is found again.
pub fn absorb(client: &mut Client, incoming: Client, now: DateTime<Utc>) {
    let digits = |n: &str| n.chars().filter(char::is_ascii_digit).collect::<String>();
    for phone in incoming.phones {
        if !client.phones.iter().any(|p| digits(&p.number) == digits(&phone.number)) {
            client.phones.push(phone);
        }
    }
    for email in incoming.emails {
        if !client.emails.iter().any(|e| crate::cleanup::normalize::same_email(e, &email)) {
            client.emails.push(email);
        }
    }
    for messenger in incoming.messengers {
        if !client.messengers.contains(&messenger) {
            client.messengers.push(messenger);
        }
    }
    for tag in incoming.tags {
        if !client.tags.iter().any(|t| fold(t) == fold(&tag)) {
            client.tags.push(tag);
        }
    }
    for (mine, theirs) in [
        (&mut client.legal_name, incoming.legal_name),
        (&mut client.alias, incoming.alias),
        (&mut client.gender, incoming.gender),
        (&mut client.language, incoming.language),
        (&mut client.preferences, incoming.preferences),
        (&mut client.boundaries, incoming.boundaries),
        (&mut client.alert, incoming.alert),
    ] {
        if mine.is_empty() {
            *mine = theirs;
        }
    }
    if client.birthday.is_none() {
        client.birthday = incoming.birthday;
    }
    if client.address.is_empty() {
        client.address = incoming.address;
    }
    if client.source.is_unknown() {
        client.source = incoming.source;
    }
    for (field, value) in incoming.custom {
        client.custom.entry(field).or_insert(value);
    }
    if !incoming.notes.is_empty() && !client.notes.contains(&incoming.notes) {
        client.notes =
            if client.notes.is_empty() { incoming.notes } else { format!("{}\n\n{}", client.notes, incoming.notes) };
    }
    if incoming.id != client.id && !client.merged_from.contains(&incoming.id) {
        client.merged_from.push(incoming.id);
    }
    client.updated = now;
}

/// Clients (and contacts) seen so far, by id, phone digits, email and folded name.
#[derive(Default)]
struct Known {
    ids: HashMap<String, DuplicateOf>,
    phones: HashMap<String, DuplicateOf>,
    emails: HashMap<String, DuplicateOf>,
    names: HashMap<String, DuplicateOf>,
}

/// Phone numbers shorter than this are too short to identify anyone (extensions, typos).
const MIN_PHONE_DIGITS: usize = 6;

impl Known {
    fn phone_keys(client: &Client) -> impl Iterator<Item = String> + '_ {
        client.phones.iter().map(|p| p.number.chars().filter(char::is_ascii_digit).collect::<String>()).filter_map(
            |digits| {
                // The last 9 digits: the same number with or without its country code or trunk
                // prefix ("+7 916 123-45-67", "8 916 123 45 67").
                (digits.len() >= MIN_PHONE_DIGITS).then(|| digits[digits.len().saturating_sub(9)..].to_owned())
            },
        )
    }

    fn email_keys(client: &Client) -> impl Iterator<Item = String> + '_ {
        client.emails.iter().map(|e| e.trim().to_lowercase()).filter(|e| e.contains('@'))
    }

    fn name_key(client: &Client) -> Option<String> {
        let words: Vec<String> = fold(&client.name).split_whitespace().map(str::to_owned).collect();
        (!words.is_empty()).then(|| {
            let mut sorted = words;
            sorted.sort();
            sorted.join(" ")
        })
    }

    fn add(&mut self, client: &Client, who: DuplicateOf) {
        self.ids.entry(client.id.clone()).or_insert_with(|| who.clone());
        for key in Self::phone_keys(client) {
            self.phones.entry(key).or_insert_with(|| who.clone());
        }
        for key in Self::email_keys(client) {
            self.emails.entry(key).or_insert_with(|| who.clone());
        }
        if let Some(key) = Self::name_key(client) {
            self.names.entry(key).or_insert(who);
        }
    }

    fn find(&self, client: &Client) -> Option<Duplicate> {
        let hit = |of: &DuplicateOf, reason, score| Some(Duplicate { of: of.clone(), reason, score });
        if let Some(of) = self.ids.get(&client.id) {
            return hit(of, MatchReason::ImportedBefore, 1.0);
        }
        if let Some(of) = Self::phone_keys(client).find_map(|k| self.phones.get(&k)) {
            return hit(of, MatchReason::SamePhone, 0.95);
        }
        if let Some(of) = Self::email_keys(client).find_map(|k| self.emails.get(&k)) {
            return hit(of, MatchReason::SameEmail, 0.95);
        }
        Self::name_key(client).and_then(|k| self.names.get(&k)).and_then(|of| hit(of, MatchReason::SameName, 0.8))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::import::contact::{ImportedContact, Place};
    use crate::model::{Phone, Settings};

    fn now() -> DateTime<Utc> {
        "2026-11-23T10:00:00Z".parse().unwrap()
    }

    fn contact(name: &str, phone: &str, email: &str) -> ImportedRecord {
        ImportedRecord {
            place: Place::Row { row: 2, line: 2 },
            contact: ImportedContact {
                name: name.into(),
                phones: (!phone.is_empty())
                    .then(|| Phone { label: String::new(), number: phone.into() })
                    .into_iter()
                    .collect(),
                emails: (!email.is_empty()).then(|| email.to_owned()).into_iter().collect(),
                ..ImportedContact::default()
            },
        }
    }

    fn salt() -> String {
        "0123456789abcdef0123456789abcdef".into()
    }

    fn batch(contacts: Vec<ImportedRecord>) -> ImportBatch {
        ImportBatch { contacts, ..ImportBatch::default() }
    }

    fn sample() -> Vec<ImportedRecord> {
        vec![
            contact("Анна Петрова", "+7 916 123-45-67", "anna@example.com"),
            contact("Wang Fang", "", "wang@example.cn"),
            contact("Олена Коваленко", "+380 67 123 4567", ""),
        ]
    }

    fn import(book: &mut Book, review: &ImportReview) -> Changes {
        let mut n = 0;
        let changes = review
            .changes(book, &NoteLabels::default(), now(), || {
                n += 1;
                Some(format!("fresh{n:027}"))
            })
            .unwrap();
        book.apply(changes.clone(), now());
        changes
    }

    #[test]
    fn importing_the_same_contacts_twice_adds_nobody_the_second_time() {
        let mut book = Book::new(Vec::new(), Settings::default(), now());
        let first = ImportReview::new(batch(sample()), &book, salt);
        assert_eq!(first.counts(), ReviewCounts { new: 3, duplicates: 0, problems: 0 });
        import(&mut book, &first);
        assert_eq!(book.len(), 3);

        let second = ImportReview::new(batch(sample()), &book, salt);
        assert_eq!(second.counts(), ReviewCounts { new: 0, duplicates: 3, problems: 0 });
        assert!(second.duplicates.iter().flatten().all(|d| d.reason == MatchReason::ImportedBefore));
        let changes = import(&mut book, &second);
        assert!(changes.clients.is_empty());
        assert_eq!(book.len(), 3);
    }

    #[test]
    fn a_phone_written_differently_or_an_email_in_capitals_is_a_duplicate_of_the_client() {
        let mut existing = Client::new("a".repeat(32), now());
        existing.name = "Anna P.".into();
        existing.phones = vec![Phone { label: "mobile".into(), number: "8 (916) 123-45-67".into() }];
        existing.emails = vec!["Wang@Example.cn".into()];
        let book = Book::new(vec![existing], Settings::default(), now());
        let review = ImportReview::new(batch(sample()), &book, salt);
        let reasons: Vec<_> = review.duplicates.iter().map(|d| d.as_ref().map(|d| d.reason)).collect();
        assert_eq!(reasons, [Some(MatchReason::SamePhone), Some(MatchReason::SameEmail), None]);
    }

    #[test]
    fn a_merge_adds_what_is_missing_and_the_undo_step_gives_the_client_back_exactly() {
        let mut existing = Client::new("a".repeat(32), now());
        existing.name = "Anna Petrova".into();
        existing.emails = vec!["anna@example.com".into()];
        existing.notes = "prefers mornings".into();
        let mut book = Book::new(vec![existing.clone()], Settings::default(), now());

        let mut incoming = contact("Anna Petrova", "+7 916 123-45-67", "ANNA@example.com");
        incoming.contact.tags = vec!["VIP".into()];
        incoming.contact.notes = "from the phone".into();
        let mut review = ImportReview::new(batch(vec![incoming, contact("Boris", "", "")]), &book, salt);
        review.choose_all(Choice::Merge);
        assert_eq!(review.merge_targets(), [existing.id.clone()]);
        let changes = import(&mut book, &review);

        let merged = book.get_full(&existing.id).unwrap();
        assert_eq!(merged.emails, ["anna@example.com"], "the same email in capitals is not added twice");
        assert_eq!(merged.phones.len(), 1);
        assert_eq!(merged.tags, ["VIP"]);
        assert_eq!(merged.notes, "prefers mornings\n\nfrom the phone");
        assert_eq!(merged.merged_from.len(), 1);
        assert_eq!(book.len(), 2);

        let (_, step) = &changes.undo[0];
        let undo = step.as_ref().unwrap().changes(UndoKind::Import);
        book.apply(undo, now());
        assert_eq!(book.len(), 1);
        assert!(book.get_full(&existing.id) == Some(&existing));
    }

    #[test]
    fn a_name_in_another_script_is_a_probable_duplicate() {
        let mut existing = Client::new("a".repeat(32), now());
        existing.name = "Иван Петров".into();
        let book = Book::new(vec![existing.clone()], Settings::default(), now());
        let review =
            ImportReview::new(batch(vec![contact("Ivan Petrov", "", ""), contact("Maria Lopez", "", "")]), &book, salt);
        let first = review.duplicates[0].as_ref().unwrap();
        assert_eq!((first.of.clone(), first.reason), (DuplicateOf::Client(existing.id), MatchReason::SimilarName));
        assert!(review.duplicates[1].is_none());
    }

    #[test]
    fn a_chain_of_merged_rows_ends_in_the_first_one_and_loses_nothing() {
        let book = Book::new(Vec::new(), Settings::default(), now());
        let mut rows =
            vec![contact("Ivan Petrov", "+7 999 000 11 22", ""), contact("Petrov Ivan", "", "ivan@example.com")];
        rows.push(ImportedRecord {
            place: Place::Row { row: 4, line: 4 },
            contact: ImportedContact {
                name: "Ivan Petrov".into(),
                notes: "third row".into(),
                ..ImportedContact::default()
            },
        });
        let mut review = ImportReview::new(batch(rows), &book, salt);
        review.duplicates[2] =
            Some(Duplicate { of: DuplicateOf::Contact(1), reason: MatchReason::SameName, score: 0.8 });
        review.choose_all(Choice::Merge);
        let changes = review.changes(&book, &NoteLabels::default(), now(), || None).unwrap();
        assert_eq!(changes.clients.len(), 1);
        let only = &changes.clients[0];
        assert_eq!(only.emails, ["ivan@example.com"]);
        assert_eq!(only.notes, "third row");
    }

    #[test]
    fn an_import_is_not_undone_over_a_later_edit() {
        let mut book = Book::new(Vec::new(), Settings::default(), now());
        let review = ImportReview::new(batch(sample()), &book, salt);
        let changes = import(&mut book, &review);
        let step = changes.undo[0].1.clone().unwrap();
        assert!(step.changes_in(&book, UndoKind::Import).is_ok(), "untouched since");

        let mut edited = changes.clients[0].clone();
        edited.notes = "a later note".into();
        book.apply(Changes::client(edited), now());
        assert_eq!(step.changes_in(&book, UndoKind::Import).err(), Some(crate::book::UndoError::ChangedSince));
    }

    #[test]
    fn duplicates_within_one_file_point_at_the_earlier_contact() {
        let book = Book::new(Vec::new(), Settings::default(), now());
        let rows = vec![contact("Ivan Petrov", "+7 999 000 11 22", ""), contact("Petrov Ivan", "", "")];
        let mut review = ImportReview::new(batch(rows), &book, salt);
        assert_eq!(
            review.duplicates[1],
            Some(Duplicate { of: DuplicateOf::Contact(0), reason: MatchReason::SameName, score: 0.8 })
        );
        review.choose_all(Choice::Merge);
        let changes = review.changes(&book, &NoteLabels::default(), now(), || None).unwrap();
        assert_eq!(changes.clients.len(), 1, "the second row folds into the first");
        review.choose_all(Choice::CreateAnyway);
        let changes = review.changes(&book, &NoteLabels::default(), now(), || None).unwrap();
        assert_eq!(changes.clients.len(), 2);
    }

    #[test]
    fn a_duplicate_created_anyway_gets_a_fresh_id_when_its_own_is_taken() {
        let mut book = Book::new(Vec::new(), Settings::default(), now());
        let first = ImportReview::new(batch(sample()), &book, salt);
        import(&mut book, &first);
        let mut again = ImportReview::new(batch(sample()), &book, salt);
        again.choose_all(Choice::CreateAnyway);
        let changes = import(&mut book, &again);
        assert_eq!(changes.clients.len(), 3);
        assert!(changes.clients.iter().all(|c| c.id.starts_with("fresh")));
        assert_eq!(book.len(), 6);
        assert!(again.changes(&book, &NoteLabels::default(), now(), || None).is_err());
    }
}
