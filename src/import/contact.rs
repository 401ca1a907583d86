//! What every import format reads into: a neutral contact, where it came from in the file,
//! the problems met on the way, and the step from a contact to a new [`Client`].

use std::collections::BTreeMap;

use chrono::{DateTime, Utc};
use sha2::{Digest, Sha256};

use crate::model::{Address, Birthday, Client, Messenger, Phone, Source, SourceKind};
use crate::vault::state::hex;

use super::dates::DateForm;

/// One contact as a file described it, before it becomes a client. Every text is trimmed and
/// has `\n` line breaks. `Debug` shows no content.
#[derive(Clone, Default, PartialEq, Eq)]
pub struct ImportedContact {
    /// The file's own identifier for the contact (a vCard `UID`), if any.
    pub uid: String,
    /// How the client is referred to; never empty in a contact an import returns.
    pub name: String,
    pub legal_name: String,
    pub alias: String,
    pub phones: Vec<Phone>,
    pub emails: Vec<String>,
    pub messengers: Vec<Messenger>,
    pub address: Address,
    /// Addresses after the first; the client has one, so these go into the notes.
    pub other_addresses: Vec<Address>,
    pub birthday: Option<Birthday>,
    pub gender: String,
    pub language: String,
    /// How the client found you, as free text (becomes a source of kind "Other").
    pub source: String,
    pub tags: Vec<String>,
    /// The contact's company; the client has no such field, so it goes into the notes.
    pub organization: String,
    /// The contact's job title; into the notes too.
    pub job_title: String,
    pub notes: String,
    pub preferences: String,
    pub boundaries: String,
    pub alert: String,
    /// Custom field id -> value in canonical text, as `Client::custom`.
    pub custom: BTreeMap<String, String>,
}

impl std::fmt::Debug for ImportedContact {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("ImportedContact")
            .field("phones", &self.phones.len())
            .field("emails", &self.emails.len())
            .field("has_birthday", &self.birthday.is_some())
            .finish_non_exhaustive()
    }
}

/// The words put before organisation, job title and extra addresses in a client's notes. The
/// UI passes them in the person's language; `Default` is English.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct NoteLabels {
    pub organization: String,
    pub job_title: String,
    pub address: String,
}

impl Default for NoteLabels {
    fn default() -> Self {
        Self { organization: "Organization".into(), job_title: "Job title".into(), address: "Address".into() }
    }
}

impl ImportedContact {
    /// A key that is the same each time the same contact is read, so that importing a file
    /// twice can be recognised:
    /// - `uid:` and the trimmed `UID` when the file gives one (vCards; Clientele's own CSV
    ///   export gives its client id as `urn:clientele:<id>`, the `UID` its vCard export writes);
    /// - otherwise `h1:` and the first 16 bytes, in hex, of the SHA-256 of
    ///   `name ␟ phones ␟ emails` (␟ = U+001F), where the name is lowercased with runs of
    ///   white space made one space, the phones are their digits only, sorted, without
    ///   repeats, joined by `,`, and the emails are trimmed, lowercased, sorted, without
    ///   repeats, joined by `,`.
    ///
    /// Labels, order and formatting do not change the key; a changed name, phone or email does.
    pub fn contact_key(&self) -> String {
        let uid = self.uid.trim();
        if !uid.is_empty() {
            return format!("uid:{uid}");
        }
        let name = self.name.split_whitespace().collect::<Vec<_>>().join(" ").to_lowercase();
        let mut phones: Vec<String> = self
            .phones
            .iter()
            .map(|p| p.number.chars().filter(char::is_ascii_digit).collect::<String>())
            .filter(|digits| !digits.is_empty())
            .collect();
        phones.sort();
        phones.dedup();
        let mut emails: Vec<String> =
            self.emails.iter().map(|e| e.trim().to_lowercase()).filter(|e| !e.is_empty()).collect();
        emails.sort();
        emails.dedup();
        let material = format!("{name}\u{1f}{}\u{1f}{}", phones.join(","), emails.join(","));
        format!("h1:{}", hex(&Sha256::digest(material.as_bytes())[..16]))
    }

    /// A new client holding the contact, with the id and time the caller gives (so the same
    /// contact and arguments always give the same client). Organisation, job title and extra
    /// addresses become lines at the top of the notes, each after its label.
    pub fn into_client(self, id: String, now: DateTime<Utc>, labels: &NoteLabels) -> Client {
        let mut lines = Vec::new();
        if !self.organization.is_empty() {
            lines.push(format!("{}: {}", labels.organization, self.organization));
        }
        if !self.job_title.is_empty() {
            lines.push(format!("{}: {}", labels.job_title, self.job_title));
        }
        for address in &self.other_addresses {
            lines.push(format!("{}: {}", labels.address, address_line(address)));
        }
        if !self.notes.is_empty() {
            lines.push(self.notes);
        }
        let mut client = Client::new(id, now);
        client.name = self.name;
        client.legal_name = self.legal_name;
        client.alias = self.alias;
        client.phones = self.phones;
        client.emails = self.emails;
        client.messengers = self.messengers;
        client.address = self.address;
        client.birthday = self.birthday;
        client.gender = self.gender;
        client.language = self.language;
        if !self.source.is_empty() {
            client.source = Source { kind: SourceKind::Other, referred_by: None, detail: self.source };
        }
        client.tags = self.tags;
        client.notes = lines.join("\n");
        client.preferences = self.preferences;
        client.boundaries = self.boundaries;
        client.alert = self.alert;
        client.custom = self.custom;
        client.tidy();
        client
    }
}

/// A name from its parts: given, middle and family with spaces between, prefix and suffix
/// around them; but family then given without a space when either is in Chinese or Japanese
/// script, as those names are written.
pub(super) fn compose_name(prefix: &str, given: &str, middle: &str, family: &str, suffix: &str) -> String {
    if given.chars().chain(family.chars()).any(is_cjk) {
        return format!("{family}{given}");
    }
    [prefix, given, middle, family, suffix].into_iter().filter(|p| !p.is_empty()).collect::<Vec<_>>().join(" ")
}

/// Han ideographs and Japanese kana.
fn is_cjk(c: char) -> bool {
    matches!(c, '\u{4E00}'..='\u{9FFF}' | '\u{3400}'..='\u{4DBF}' | '\u{3040}'..='\u{30FF}')
}

/// An address on one line, its parts in the order of a postal label.
fn address_line(address: &Address) -> String {
    [&address.street, &address.city, &address.region, &address.postcode, &address.country]
        .iter()
        .filter(|part| !part.is_empty())
        .map(|part| part.replace('\n', ", "))
        .collect::<Vec<_>>()
        .join(", ")
}

/// Where a contact or a problem is in the file.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Place {
    /// A CSV row: its number as a spreadsheet shows it, and the line it starts on.
    Row { row: usize, line: usize },
    /// The n-th vCard of a file (1-based), and the line of its `BEGIN:VCARD`.
    Card { number: usize, line: usize },
}

impl std::fmt::Display for Place {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Place::Row { row, .. } => write!(f, "Row {row}"),
            Place::Card { number, line } => write!(f, "Contact {number} (line {line})"),
        }
    }
}

/// A contact read from a file, and where.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ImportedRecord {
    pub place: Place,
    pub contact: ImportedContact,
}

/// What went wrong with one row or card. Names columns and properties, never values.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum ProblemReason {
    #[error(
        "has no name, nickname or company, so it was skipped. Add a name in the file, or choose which \
         column holds the name."
    )]
    MissingName,
    #[error(
        "has {found} cells but the header has {expected} columns; the cells after column {expected} were \
         ignored. Check this row for a stray delimiter or an unclosed quote."
    )]
    TooManyFields { expected: usize, found: usize },
    #[error("has {found} cells but the header has {expected} columns; the missing cells were read as empty.")]
    TooFewFields { expected: usize, found: usize },
    #[error(
        "the date in \"{column}\" is not a date in the form {}, or no such day exists, so it was left out. \
         Choose another date form, or add the date after the import.", .form.pattern()
    )]
    BadDate { column: String, form: DateForm },
    #[error(
        "the value in \"{column}\" does not fit the custom field \"{field}\", so it was left out. Add it \
         after the import."
    )]
    BadCustomValue { column: String, field: String },
    #[error("is cut off: it has no END:VCARD, so it was skipped. Export the contacts again.")]
    Truncated,
}

impl ProblemReason {
    /// Whether the row or card was left out of the import (otherwise only a part of it was).
    pub fn skips_contact(&self) -> bool {
        matches!(self, ProblemReason::MissingName | ProblemReason::Truncated)
    }
}

/// A problem with one row of a CSV file or one contact of a vCard file.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
#[error("{place}: {reason}")]
pub struct RowProblem {
    pub place: Place,
    pub reason: ProblemReason,
}

/// Everything one file gave: its contacts, in file order, and the problems, in file order.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct ImportBatch {
    pub contacts: Vec<ImportedRecord>,
    pub problems: Vec<RowProblem>,
    /// vCard photos left out (Clientele keeps no pictures).
    pub photos_skipped: usize,
}

#[cfg(test)]
mod tests {
    use super::*;

    fn contact() -> ImportedContact {
        ImportedContact {
            name: "Anna  Petrova".into(),
            phones: vec![
                Phone { label: "mobile".into(), number: "+7 (916) 123-45-67".into() },
                Phone { label: "".into(), number: "8 495 000".into() },
            ],
            emails: vec!["Anna@Example.com".into()],
            ..ImportedContact::default()
        }
    }

    #[test]
    fn the_key_ignores_order_case_labels_and_formatting() {
        let a = contact();
        let mut b = contact();
        b.name = " anna petrova ".into();
        b.phones.reverse();
        b.phones[0].label = "home".into();
        b.phones[1].number = "+79161234567".into();
        b.emails = vec![" anna@example.COM".into(), "anna@example.com".into()];
        assert_eq!(a.contact_key(), b.contact_key());
        assert!(a.contact_key().starts_with("h1:") && a.contact_key().len() == 35);
        let mut c = contact();
        c.emails.push("other@example.com".into());
        assert_ne!(a.contact_key(), c.contact_key());
    }

    #[test]
    fn the_key_is_frozen() {
        // Keys may be stored to recognise later imports, so their recipe must never drift.
        let expected = {
            let material = "anna petrova\u{1f}79161234567,8495000\u{1f}anna@example.com";
            format!("h1:{}", hex(&Sha256::digest(material.as_bytes())[..16]))
        };
        assert_eq!(contact().contact_key(), expected);
        assert_eq!(contact().contact_key(), "h1:f801f86279600e1fc82eaf515781b15d");
    }

    #[test]
    fn a_uid_is_the_key() {
        let mut a = contact();
        a.uid = " urn:uuid:1234 ".into();
        assert_eq!(a.contact_key(), "uid:urn:uuid:1234");
    }

    #[test]
    fn a_contact_becomes_a_client_with_extra_facts_in_the_notes() {
        let mut a = contact();
        a.organization = "Acme".into();
        a.job_title = "Buyer".into();
        a.other_addresses =
            vec![Address { street: "1 Main St".into(), city: "Springfield".into(), ..Address::default() }];
        a.notes = "Prefers mornings".into();
        a.source = "Instagram".into();
        a.tags = vec!["vip".into(), "vip".into()];
        let now = DateTime::from_timestamp(1_800_000_000, 0).unwrap();
        let client = a.clone().into_client("id1".into(), now, &NoteLabels::default());
        assert_eq!(client.id, "id1");
        assert_eq!((client.created, client.updated), (now, now));
        assert_eq!(
            client.notes,
            "Organization: Acme\nJob title: Buyer\nAddress: 1 Main St, Springfield\nPrefers mornings"
        );
        assert_eq!(client.source, Source { kind: SourceKind::Other, referred_by: None, detail: "Instagram".into() });
        assert_eq!(client.tags, ["vip"]);
        assert_eq!(client.phones.len(), 2);
        assert_eq!(a.into_client("id1".into(), now, &NoteLabels::default()), client, "deterministic");
    }

    #[test]
    fn problems_name_the_place_and_never_a_value() {
        let problem = RowProblem { place: Place::Row { row: 7, line: 9 }, reason: ProblemReason::MissingName };
        assert!(problem.to_string().starts_with("Row 7: has no name"));
        let problem = RowProblem {
            place: Place::Card { number: 3, line: 40 },
            reason: ProblemReason::BadDate { column: "BDAY".into(), form: DateForm::Iso },
        };
        assert!(problem
            .to_string()
            .starts_with("Contact 3 (line 40): the date in \"BDAY\" is not a date in the form YYYY-MM-DD"));
    }
}
