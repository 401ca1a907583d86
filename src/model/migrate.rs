//! Reading stored client records of every schema this or an earlier version wrote.
//!
//! Schema 1 (the first release): `name`, `phone`, `email` and `notes` as single strings.
//! Schema 2: lists of phones and emails, and the full profile. Migration happens on read; the
//! record is written in the new shape the next time it is saved.

use crate::i18n::t;
use serde_json::{json, Value};

use super::client::{Client, CLIENT_SCHEMA};

#[derive(Clone, Copy, Debug, PartialEq, Eq, thiserror::Error)]
pub enum MigrationError {
    #[error("{}", t("not a client record"))]
    NotAClient,
    #[error("{}", t("written by a newer version of Clientele"))]
    NewerSchema,
}

/// Decodes a client record's JSON, migrating older schemas.
pub fn decode_client(plain: &[u8]) -> Result<Client, MigrationError> {
    // The common case, on every unlock for every client: the current shape, parsed directly.
    if let Ok(client) = serde_json::from_slice::<Client>(plain) {
        if client.schema == CLIENT_SCHEMA {
            return Ok(client);
        }
    }
    let mut value: Value = serde_json::from_slice(plain).map_err(|_| MigrationError::NotAClient)?;
    let schema = value.get("schema").and_then(Value::as_u64).ok_or(MigrationError::NotAClient)?;
    if schema > u64::from(CLIENT_SCHEMA) {
        return Err(MigrationError::NewerSchema);
    }
    if schema == 1 {
        value = from_schema_1(value)?;
    }
    let client: Client = serde_json::from_value(value).map_err(|_| MigrationError::NotAClient)?;
    Ok(client)
}

fn from_schema_1(mut v1: Value) -> Result<Value, MigrationError> {
    let object = v1.as_object_mut().ok_or(MigrationError::NotAClient)?;
    let mut take = |key: &str| object.remove(key).and_then(|v| v.as_str().map(str::to_owned)).unwrap_or_default();
    let phone = take("phone");
    let email = take("email");
    let phones = if phone.is_empty() { json!([]) } else { json!([{ "label": "", "number": phone }]) };
    let emails = if email.is_empty() { json!([]) } else { json!([email]) };
    object.insert("phones".into(), phones);
    object.insert("emails".into(), emails);
    object.insert("schema".into(), json!(CLIENT_SCHEMA));
    Ok(v1)
}

#[cfg(test)]
mod tests {
    use super::*;

    const V1: &str = r#"{"schema":1,"id":"0123456789abcdef0123456789abcdef","name":"Frozen Vector","phone":"+1 555 0100","email":"frozen@example.com","notes":"v1","created":"2026-11-22T10:00:00Z","updated":"2026-11-22T10:00:00Z"}"#;

    #[test]
    fn a_schema_1_record_upgrades_to_the_full_profile() {
        let client = decode_client(V1.as_bytes()).unwrap();
        assert_eq!(client.schema, CLIENT_SCHEMA);
        assert_eq!(client.name, "Frozen Vector");
        assert_eq!(client.phones.len(), 1);
        assert_eq!(client.phones[0].number, "+1 555 0100");
        assert_eq!(client.emails, ["frozen@example.com"]);
        assert_eq!(client.notes, "v1");
        assert!(client.visits.is_empty() && client.trashed.is_none());
        assert_eq!(client.created.to_rfc3339(), "2026-11-22T10:00:00+00:00");
    }

    #[test]
    fn a_schema_1_record_without_phone_or_email_gets_empty_lists() {
        let v1 = r#"{"schema":1,"id":"a","name":"N","phone":"","email":"","notes":"","created":"2026-11-22T10:00:00Z","updated":"2026-11-22T10:00:00Z"}"#;
        let client = decode_client(v1.as_bytes()).unwrap();
        assert!(client.phones.is_empty() && client.emails.is_empty());
    }

    #[test]
    fn the_current_schema_round_trips() {
        let client = decode_client(V1.as_bytes()).unwrap();
        let again = decode_client(&serde_json::to_vec(&client).unwrap()).unwrap();
        assert!(again == client);
    }

    #[test]
    fn newer_and_foreign_records_are_refused() {
        assert_eq!(decode_client(br#"{"schema":99,"id":"a"}"#).err(), Some(MigrationError::NewerSchema));
        assert_eq!(decode_client(b"[1,2,3]").err(), Some(MigrationError::NotAClient));
        assert_eq!(decode_client(b"not json").err(), Some(MigrationError::NotAClient));
    }
}
