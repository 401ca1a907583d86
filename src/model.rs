//! The client record as the user sees it, and the rules a draft must meet before it is saved.
//! Stored as JSON inside a sealed envelope; `schema` says which shape a stored record has, so
//! later versions can migrate old records.
//!
//! Client content must never reach a log: `Client` has a `Debug` that prints only the id.

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};

use crate::vault::{random_bytes, VaultError};

/// The record shape this version writes.
pub const CLIENT_SCHEMA: u32 = 1;

pub const MAX_NAME_CHARS: usize = 200;
pub const MAX_PHONE_CHARS: usize = 40;
pub const MAX_EMAIL_CHARS: usize = 254;
pub const MAX_NOTES_CHARS: usize = 20_000;

#[derive(Clone, PartialEq, Serialize, Deserialize)]
pub struct Client {
    pub schema: u32,
    pub id: String,
    pub name: String,
    #[serde(default)]
    pub phone: String,
    #[serde(default)]
    pub email: String,
    #[serde(default)]
    pub notes: String,
    pub created: DateTime<Utc>,
    pub updated: DateTime<Utc>,
}

impl std::fmt::Debug for Client {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Client").field("id", &self.id).finish_non_exhaustive()
    }
}

/// A new random record id: 16 random bytes as 32 lowercase hex digits.
pub fn new_record_id() -> Result<String, VaultError> {
    let bytes: [u8; 16] = random_bytes()?;
    Ok(bytes.iter().map(|b| format!("{b:02x}")).collect())
}

/// What the form holds, exactly as typed.
#[derive(Clone, Default, PartialEq)]
pub struct ClientDraft {
    pub name: String,
    pub phone: String,
    pub email: String,
    pub notes: String,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Field {
    Name,
    Phone,
    Email,
    Notes,
}

/// One problem with one field, phrased for the person typing.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
#[error("{message}")]
pub struct FieldError {
    pub field: Field,
    pub message: String,
}

impl FieldError {
    fn new(field: Field, message: impl Into<String>) -> Self {
        Self {
            field,
            message: message.into(),
        }
    }
}

impl ClientDraft {
    pub fn from_client(client: &Client) -> Self {
        Self {
            name: client.name.clone(),
            phone: client.phone.clone(),
            email: client.email.clone(),
            notes: client.notes.clone(),
        }
    }

    /// Checks every field and returns all problems at once, so the form can mark each.
    pub fn validate(&self) -> Result<(), Vec<FieldError>> {
        let mut errors = Vec::new();
        let name = self.name.trim();
        if name.is_empty() {
            errors.push(FieldError::new(Field::Name, "Enter a name or an alias."));
        } else if name.chars().count() > MAX_NAME_CHARS {
            errors.push(FieldError::new(
                Field::Name,
                format!("Keep the name under {MAX_NAME_CHARS} characters."),
            ));
        }
        let phone = self.phone.trim();
        if phone.chars().count() > MAX_PHONE_CHARS {
            errors.push(FieldError::new(
                Field::Phone,
                format!("A phone number has at most {MAX_PHONE_CHARS} characters."),
            ));
        } else if !phone.chars().all(|c| c.is_ascii_digit() || " +-().".contains(c)) {
            errors.push(FieldError::new(
                Field::Phone,
                "Use only digits, spaces and + - ( ) in a phone number.",
            ));
        } else if !phone.is_empty() && phone.chars().filter(char::is_ascii_digit).count() < 3 {
            errors.push(FieldError::new(Field::Phone, "A phone number needs at least 3 digits."));
        }
        let email = self.email.trim();
        if email.chars().count() > MAX_EMAIL_CHARS {
            errors.push(FieldError::new(Field::Email, "This email address is too long."));
        } else if !email.is_empty() && !is_plausible_email(email) {
            errors.push(FieldError::new(
                Field::Email,
                "An email address looks like name@example.com.",
            ));
        }
        if self.notes.chars().count() > MAX_NOTES_CHARS {
            errors.push(FieldError::new(
                Field::Notes,
                format!("Notes are limited to {MAX_NOTES_CHARS} characters."),
            ));
        }
        if errors.is_empty() {
            Ok(())
        } else {
            Err(errors)
        }
    }

    /// A new client from a valid draft.
    pub fn to_new_client(&self, id: String, now: DateTime<Utc>) -> Result<Client, Vec<FieldError>> {
        self.validate()?;
        Ok(Client {
            schema: CLIENT_SCHEMA,
            id,
            name: self.name.trim().to_owned(),
            phone: self.phone.trim().to_owned(),
            email: self.email.trim().to_owned(),
            notes: self.notes.clone(),
            created: now,
            updated: now,
        })
    }

    /// `existing` with this draft's values; `created` and `id` are kept.
    pub fn apply_to(&self, existing: &Client, now: DateTime<Utc>) -> Result<Client, Vec<FieldError>> {
        let mut client = self.to_new_client(existing.id.clone(), now)?;
        client.created = existing.created;
        Ok(client)
    }
}

/// One `@`, something before it, and a dotted domain after it with no spaces. Deliverability
/// is not ours to judge; typos like a missing `@` or domain are.
fn is_plausible_email(email: &str) -> bool {
    let Some((local, domain)) = email.split_once('@') else {
        return false;
    };
    !local.is_empty()
        && !domain.contains('@')
        && !email.chars().any(char::is_whitespace)
        && domain.split('.').count() >= 2
        && domain.split('.').all(|part| !part.is_empty())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn draft(name: &str, phone: &str, email: &str) -> ClientDraft {
        ClientDraft {
            name: name.into(),
            phone: phone.into(),
            email: email.into(),
            notes: String::new(),
        }
    }

    fn fields(result: Result<(), Vec<FieldError>>) -> Vec<Field> {
        result.err().unwrap_or_default().into_iter().map(|e| e.field).collect()
    }

    #[test]
    fn a_name_is_required() {
        assert_eq!(fields(draft("   ", "", "").validate()), vec![Field::Name]);
        assert!(draft("Аня", "", "").validate().is_ok());
        assert!(draft("王芳", "", "").validate().is_ok());
    }

    #[test]
    fn phones_allow_usual_formatting_only() {
        assert!(draft("A", "+7 (916) 123-45-67", "").validate().is_ok());
        assert_eq!(fields(draft("A", "call me", "").validate()), vec![Field::Phone]);
        assert_eq!(fields(draft("A", "12", "").validate()), vec![Field::Phone]);
    }

    #[test]
    fn emails_must_have_a_plausible_shape() {
        assert!(draft("A", "", "ann@example.com").validate().is_ok());
        assert!(draft("A", "", "олена@приклад.укр").validate().is_ok());
        for bad in [
            "ann",
            "ann@",
            "@example.com",
            "ann@example",
            "a b@example.com",
            "a@@example.com",
            "a@example..com",
        ] {
            assert_eq!(fields(draft("A", "", bad).validate()), vec![Field::Email], "{bad}");
        }
    }

    #[test]
    fn all_problems_are_reported_together() {
        assert_eq!(
            fields(draft("", "abc", "nope").validate()),
            vec![Field::Name, Field::Phone, Field::Email]
        );
    }

    #[test]
    fn huge_fields_are_refused() {
        let mut d = draft("A", "", "");
        d.notes = "x".repeat(MAX_NOTES_CHARS + 1);
        assert_eq!(fields(d.validate()), vec![Field::Notes]);
        assert_eq!(
            fields(draft(&"n".repeat(MAX_NAME_CHARS + 1), "", "").validate()),
            vec![Field::Name]
        );
    }

    #[test]
    fn editing_keeps_id_and_created() {
        let t0 = DateTime::from_timestamp(1_700_000_000, 0).unwrap();
        let t1 = DateTime::from_timestamp(1_700_000_500, 0).unwrap();
        let original = draft("Ann", "", "").to_new_client("id1".into(), t0).unwrap();
        let edited = draft(" Anna ", "", "").apply_to(&original, t1).unwrap();
        assert_eq!(
            (edited.id.as_str(), edited.name.as_str(), edited.created, edited.updated),
            ("id1", "Anna", t0, t1)
        );
    }

    #[test]
    fn debug_output_never_shows_client_content() {
        let t0 = DateTime::from_timestamp(1_700_000_000, 0).unwrap();
        let client = draft("SecretName", "+1 555 0100", "secret@example.com")
            .to_new_client("id1".into(), t0)
            .unwrap();
        let shown = format!("{client:?}");
        assert!(shown.contains("id1") && !shown.contains("Secret") && !shown.contains("555"));
    }

    #[test]
    fn record_ids_are_32_hex_digits_and_differ() {
        let a = new_record_id().unwrap();
        assert_eq!(a.len(), 32);
        assert!(a.chars().all(|c| c.is_ascii_hexdigit()));
        assert_ne!(a, new_record_id().unwrap());
    }
}
