//! Merging two or more clients into one, and undoing it.
//!
//! The first source keeps its id; the others are absorbed: deleted, their ids remembered in
//! `merged_from`. For each single-valued field the user picks a source (by default the first
//! one that has a value); everything else is united: phones and emails without repeats (by
//! their normalized form), messengers, tags, visits, interactions, follow-ups, custom fields
//! (the user picks where two sources disagree), and the notes, one after another. Clients who
//! named an absorbed client as their referrer now name the merged one.
//!
//! A merge yields the write and a [`MergeUndo`] holding every client it changed as it was
//! before, so that undo writes them back exactly (serde-equal) and deletes nothing.

use std::collections::BTreeMap;

use chrono::{DateTime, Utc};
use rustc_hash::FxHashSet as HashSet;
use serde::{Deserialize, Serialize};

use super::normalize::normalize_email;
use super::phone::phone_key;
use crate::book::{Book, Changes};
use crate::model::{Client, CLIENT_SCHEMA};
use crate::search::fold;

/// What can stop a merge or its undo. Names no client and no field content.
#[derive(Clone, Copy, Debug, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum MergeError {
    #[error("Choose at least two clients to merge.")]
    TooFewClients,
    #[error("The same client was chosen twice.")]
    SameClientTwice,
    #[error("A client to merge is no longer in the book.")]
    UnknownClient,
    #[error("The choice names a client that is not part of this merge.")]
    NoSuchSource,
    /// A client to merge or to relink is known only by its summary so far.
    #[error("Waiting for the full history to load.")]
    NotLoaded,
    /// Undo would overwrite edits made after the merge.
    #[error("The merged clients were changed after the merge.")]
    ChangedSince,
}

/// A single-valued field of the profile, picked from one source.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Field {
    Name,
    LegalName,
    Alias,
    Birthday,
    Gender,
    Language,
    Status,
    Address,
    Source,
    Consent,
    Alert,
    Preferences,
    Boundaries,
}

impl Field {
    pub const ALL: [Self; 13] = [
        Self::Name,
        Self::LegalName,
        Self::Alias,
        Self::Birthday,
        Self::Gender,
        Self::Language,
        Self::Status,
        Self::Address,
        Self::Source,
        Self::Consent,
        Self::Alert,
        Self::Preferences,
        Self::Boundaries,
    ];

    fn position(self) -> usize {
        Self::ALL.iter().position(|f| *f == self).unwrap_or(0)
    }

    /// Whether the client has nothing in this field.
    fn is_empty(self, c: &Client) -> bool {
        match self {
            Self::Name => c.name.trim().is_empty(),
            Self::LegalName => c.legal_name.trim().is_empty(),
            Self::Alias => c.alias.trim().is_empty(),
            Self::Birthday => c.birthday.is_none(),
            Self::Gender => c.gender.trim().is_empty(),
            Self::Language => c.language.trim().is_empty(),
            // Every client has a status: none is empty (`MergePlan::new` picks it otherwise).
            Self::Status => false,
            Self::Address => c.address.is_empty(),
            Self::Source => c.source.is_unknown(),
            Self::Consent => c.consent.is_empty(),
            Self::Alert => c.alert.trim().is_empty(),
            Self::Preferences => c.preferences.trim().is_empty(),
            Self::Boundaries => c.boundaries.trim().is_empty(),
        }
    }

    fn same(self, a: &Client, b: &Client) -> bool {
        match self {
            Self::Name => a.name == b.name,
            Self::LegalName => a.legal_name == b.legal_name,
            Self::Alias => a.alias == b.alias,
            Self::Birthday => a.birthday == b.birthday,
            Self::Gender => a.gender == b.gender,
            Self::Language => a.language == b.language,
            Self::Status => a.status == b.status,
            Self::Address => a.address == b.address,
            Self::Source => a.source == b.source,
            Self::Consent => a.consent == b.consent,
            Self::Alert => a.alert == b.alert,
            Self::Preferences => a.preferences == b.preferences,
            Self::Boundaries => a.boundaries == b.boundaries,
        }
    }

    fn copy(self, from: &Client, to: &mut Client) {
        match self {
            Self::Name => to.name.clone_from(&from.name),
            Self::LegalName => to.legal_name.clone_from(&from.legal_name),
            Self::Alias => to.alias.clone_from(&from.alias),
            Self::Birthday => to.birthday = from.birthday,
            Self::Gender => to.gender.clone_from(&from.gender),
            Self::Language => to.language.clone_from(&from.language),
            Self::Status => to.status.clone_from(&from.status),
            Self::Address => to.address.clone_from(&from.address),
            Self::Source => to.source.clone_from(&from.source),
            Self::Consent => to.consent.clone_from(&from.consent),
            Self::Alert => to.alert.clone_from(&from.alert),
            Self::Preferences => to.preferences.clone_from(&from.preferences),
            Self::Boundaries => to.boundaries.clone_from(&from.boundaries),
        }
    }
}

/// Two or more clients to merge, and the user's picks.
#[derive(Clone, Debug, PartialEq)]
pub struct MergePlan {
    /// Whole clients; the first keeps its id.
    sources: Vec<Client>,
    /// Per `Field::ALL`, the source it is taken from.
    picks: [usize; Field::ALL.len()],
    /// Custom fields the sources disagree on: field id to the source it is taken from.
    custom_picks: BTreeMap<String, usize>,
}

/// What a merge writes, and how to take it back.
#[derive(Clone, Debug, PartialEq)]
pub struct Merge {
    pub changes: Changes,
    pub undo: MergeUndo,
}

/// Everything needed to undo one merge, even after a reload: stored as a record of its own
/// until the next merge replaces it.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct MergeUndo {
    #[serde(with = "crate::model::instant")]
    pub at: DateTime<Utc>,
    /// The sources as they were, the kept one first.
    pub sources: Vec<Client>,
    /// The clients whose referrer was relinked, as they were.
    pub referrers: Vec<Client>,
    /// What the merge wrote: the merged client, then the relinked referrers.
    pub written: Vec<Client>,
}

impl MergePlan {
    /// A plan over whole clients (with their full history), the one to keep first. Each field
    /// starts picked from the first source that has a value for it.
    pub fn new(sources: Vec<Client>) -> Result<Self, MergeError> {
        if sources.len() < 2 {
            return Err(MergeError::TooFewClients);
        }
        let ids: HashSet<&str> = sources.iter().map(|c| c.id.as_str()).collect();
        if ids.len() != sources.len() {
            return Err(MergeError::SameClientTwice);
        }
        let mut picks = [0; Field::ALL.len()];
        for (pick, field) in picks.iter_mut().zip(Field::ALL) {
            *pick = sources.iter().position(|c| !field.is_empty(c)).unwrap_or(0);
        }
        // A block stays unless the user lifts it: it was put there for a reason.
        picks[Field::Status.position()] = sources.iter().position(Client::is_blocked).unwrap_or(0);
        let mut custom_picks = BTreeMap::new();
        for (i, source) in sources.iter().enumerate() {
            for (id, value) in &source.custom {
                let disagree = sources.iter().any(|other| other.custom.get(id).is_some_and(|v| v != value));
                if disagree {
                    custom_picks.entry(id.clone()).or_insert(i);
                }
            }
        }
        Ok(Self { sources, picks, custom_picks })
    }

    /// A plan over clients of the book, by id. They must be loaded in full.
    pub fn from_book(book: &Book, ids: &[&str]) -> Result<Self, MergeError> {
        let sources = ids
            .iter()
            .map(|id| match book.entry(id) {
                None => Err(MergeError::UnknownClient),
                Some(_) => book.get_writable(id).cloned().ok_or(MergeError::NotLoaded),
            })
            .collect::<Result<Vec<_>, _>>()?;
        Self::new(sources)
    }

    pub fn sources(&self) -> &[Client] {
        &self.sources
    }

    /// Takes `field` from source number `source`.
    pub fn pick(&mut self, field: Field, source: usize) -> Result<(), MergeError> {
        if source >= self.sources.len() {
            return Err(MergeError::NoSuchSource);
        }
        self.picks[field.position()] = source;
        Ok(())
    }

    pub fn picked(&self, field: Field) -> usize {
        self.picks[field.position()]
    }

    /// Whether the sources hold different values for `field`: only then is there a choice
    /// to show.
    pub fn differs(&self, field: Field) -> bool {
        self.sources.windows(2).any(|w| !field.same(&w[0], &w[1]))
    }

    /// The custom fields the sources disagree on, with the source each is taken from.
    pub fn custom_conflicts(&self) -> &BTreeMap<String, usize> {
        &self.custom_picks
    }

    /// Takes custom field `field_id` from source number `source`, which must have it.
    pub fn pick_custom(&mut self, field_id: &str, source: usize) -> Result<(), MergeError> {
        let has = self.sources.get(source).is_some_and(|c| c.custom.contains_key(field_id));
        match self.custom_picks.get_mut(field_id) {
            Some(pick) if has => {
                *pick = source;
                Ok(())
            }
            _ => Err(MergeError::NoSuchSource),
        }
    }

    /// The merged client as it would be written at `now`; `default_code` is the default
    /// country, for telling that two phone numbers are the same.
    pub fn merged(&self, default_code: &str, now: DateTime<Utc>) -> Client {
        let kept = &self.sources[0];
        let mut merged = Client {
            schema: CLIENT_SCHEMA,
            id: kept.id.clone(),
            created: self.sources.iter().map(|c| c.created).min().unwrap_or(kept.created),
            updated: now,
            trashed: kept.trashed,
            ..Client::default()
        };
        for field in Field::ALL {
            field.copy(&self.sources[self.picked(field)], &mut merged);
        }
        let mut phones = Seen::default();
        let mut emails = Seen::default();
        let mut messengers = Seen::default();
        let mut tags = Seen::default();
        for source in &self.sources {
            for phone in &source.phones {
                let key = phone_key(&phone.number, default_code).unwrap_or_else(|| phone.number.trim().to_owned());
                match phones.position(key) {
                    // The same number twice: keep the first, but not without a label.
                    Some(at) if merged.phones[at].label.trim().is_empty() => {
                        merged.phones[at].label.clone_from(&phone.label);
                    }
                    Some(_) => {}
                    None => merged.phones.push(phone.clone()),
                }
            }
            for email in &source.emails {
                if is_new(&mut emails, normalize_email(email)) {
                    merged.emails.push(email.clone());
                }
            }
            for messenger in &source.messengers {
                let handle = fold(messenger.handle.trim().trim_start_matches('@'));
                if is_new(&mut messengers, format!("{:?}:{handle}", messenger.kind)) {
                    merged.messengers.push(messenger.clone());
                }
            }
            for tag in &source.tags {
                if is_new(&mut tags, fold(tag)) {
                    merged.tags.push(tag.clone());
                }
            }
            for (id, value) in &source.custom {
                merged.custom.entry(id.clone()).or_insert_with(|| value.clone());
            }
        }
        for (id, &source) in &self.custom_picks {
            if let Some(value) = self.sources.get(source).and_then(|c| c.custom.get(id)) {
                merged.custom.insert(id.clone(), value.clone());
            }
        }
        let mut notes: Vec<&str> = Vec::new();
        for note in self.sources.iter().map(|c| c.notes.trim()).filter(|n| !n.is_empty()) {
            if !notes.contains(&note) {
                notes.push(note);
            }
        }
        merged.notes = notes.join("\n\n");
        merged.visits = united(self.sources.iter().map(|c| c.visits.as_slice()), |v| &v.id, |v, id| v.id = id);
        merged.visits.sort_by_key(|v| v.start);
        merged.interactions =
            united(self.sources.iter().map(|c| c.interactions.as_slice()), |i| &i.id, |i, id| i.id = id);
        merged.interactions.sort_by_key(|i| i.at);
        merged.follow_ups = united(self.sources.iter().map(|c| c.follow_ups.as_slice()), |f| &f.id, |f, id| f.id = id);
        merged.follow_ups.sort_by_key(|f| f.due);
        // Staying in touch as often as the most attentive of the merged asked.
        merged.contact_every_days = self.sources.iter().filter_map(|c| c.contact_every_days).min();
        let mut absorbed: Vec<String> = kept.merged_from.clone();
        for source in &self.sources[1..] {
            for id in std::iter::once(&source.id).chain(&source.merged_from) {
                if *id != kept.id && !absorbed.contains(id) {
                    absorbed.push(id.clone());
                }
            }
        }
        merged.merged_from = absorbed;
        // A client cannot have referred themselves: a referrer among the merged is dropped.
        let ids: Vec<&str> = self.sources.iter().map(|c| c.id.as_str()).collect();
        if merged.source.referred_by.as_deref().is_some_and(|r| ids.contains(&r)) {
            merged.source.referred_by = None;
        }
        merged
    }

    /// The write and its undo. `others` are the book's other clients (whole, for those that
    /// must be relinked: their referrer is one of the absorbed clients).
    pub fn build<'a>(
        &self,
        others: impl IntoIterator<Item = &'a Client>,
        default_code: &str,
        now: DateTime<Utc>,
    ) -> Merge {
        let merged = self.merged(default_code, now);
        let absorbed: Vec<&str> = self.sources[1..].iter().map(|c| c.id.as_str()).collect();
        let source_ids: Vec<&str> = self.sources.iter().map(|c| c.id.as_str()).collect();
        let referrers: Vec<Client> = others
            .into_iter()
            .filter(|c| !source_ids.contains(&c.id.as_str()))
            .filter(|c| c.source.referred_by.as_deref().is_some_and(|r| absorbed.contains(&r)))
            .cloned()
            .collect();
        let relinked: Vec<Client> = referrers
            .iter()
            .map(|c| {
                let mut c = c.clone();
                c.source.referred_by = Some(merged.id.clone());
                c
            })
            .collect();
        let written: Vec<Client> = std::iter::once(merged).chain(relinked).collect();
        Merge {
            changes: Changes {
                clients: written.clone(),
                deleted: absorbed.iter().map(|id| (*id).to_owned()).collect(),
                ..Changes::default()
            },
            undo: MergeUndo { at: now, sources: self.sources.clone(), referrers, written },
        }
    }

    /// `build` over the book: refused while a client to relink is known only by its summary.
    pub fn build_in_book(&self, book: &Book, now: DateTime<Utc>) -> Result<Merge, MergeError> {
        let absorbed: Vec<&str> = self.sources[1..].iter().map(|c| c.id.as_str()).collect();
        let mut others = Vec::new();
        for entry in book.entries() {
            if entry.client.source.referred_by.as_deref().is_some_and(|r| absorbed.contains(&r)) {
                others.push(book.get_writable(&entry.client.id).ok_or(MergeError::NotLoaded)?);
            }
        }
        Ok(self.build(others, &book.settings.default_country_code, now))
    }
}

impl MergeUndo {
    /// The undo step the vault keeps for this merge ("undo-merge"): the sources and the
    /// referrers as they were, and the clients as the merge wrote them, so that taking it back
    /// is refused once one of them has changed.
    pub fn step(&self) -> crate::book::UndoStep {
        crate::book::UndoStep {
            created: self.at,
            restore: self.sources.iter().chain(&self.referrers).cloned().collect(),
            remove: Vec::new(),
            written: self.written.iter().map(crate::book::WrittenClient::of).collect(),
        }
    }

    /// The write that undoes the merge: every source and referrer back as it was. Nothing is
    /// deleted, since the merged client keeps the first source's id.
    pub fn changes(&self) -> Changes {
        Changes { clients: self.sources.iter().chain(&self.referrers).cloned().collect(), ..Changes::default() }
    }

    /// `changes`, unless a client the merge wrote was edited since (undo would lose that
    /// edit) or is not loaded in full yet.
    pub fn changes_in(&self, book: &Book) -> Result<Changes, MergeError> {
        for written in &self.written {
            match book.get_writable(&written.id) {
                Some(current) if current == written => {}
                Some(_) => return Err(MergeError::ChangedSince),
                None if book.entry(&written.id).is_some() => return Err(MergeError::NotLoaded),
                None => return Err(MergeError::ChangedSince),
            }
        }
        Ok(self.changes())
    }
}

/// Keys met so far, with the position each was first met at.
#[derive(Default)]
struct Seen {
    keys: Vec<String>,
}

impl Seen {
    /// The position of `key` if it was met before; otherwise remembers it at the end.
    fn position(&mut self, key: String) -> Option<usize> {
        let at = self.keys.iter().position(|k| *k == key);
        if at.is_none() {
            self.keys.push(key);
        }
        at
    }
}

/// Remembers `key`; `true` if it is new.
fn is_new(seen: &mut Seen, key: String) -> bool {
    seen.position(key).is_none()
}

/// Entries of every list, each once: an entry equal to one already taken is left out, and one
/// whose id is taken by a different entry gets a new id, so nothing is lost and ids stay unique
/// within the client.
fn united<'a, T: Clone + PartialEq + 'a>(
    lists: impl Iterator<Item = &'a [T]>,
    id: impl Fn(&T) -> &String,
    set_id: impl Fn(&mut T, String),
) -> Vec<T> {
    let mut out: Vec<T> = Vec::new();
    let mut ids: HashSet<String> = HashSet::default();
    for (n, list) in lists.enumerate() {
        for item in list {
            if out.contains(item) {
                continue;
            }
            let mut item = item.clone();
            if ids.contains(id(&item)) {
                let base = id(&item).clone();
                let mut fresh = format!("{base}-{n}");
                let mut k = 1;
                while ids.contains(&fresh) {
                    k += 1;
                    fresh = format!("{base}-{n}-{k}");
                }
                set_id(&mut item, fresh);
            }
            ids.insert(id(&item).clone());
            out.push(item);
        }
    }
    out
}

#[cfg(test)]
mod tests;
