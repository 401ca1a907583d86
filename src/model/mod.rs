//! The client book's records: clients (with their visits, interactions and follow-ups inside),
//! and the settings record (service catalogue, custom fields, tags, saved segments, the calendar).
//! Stored as JSON inside sealed envelopes; `schema` numbers let later versions migrate.
//!
//! Client content must never reach a log: `Client` has a `Debug` that prints only the id.

mod activity;
mod client;
mod insight_settings;
pub mod instant;
mod migrate;
mod money;
mod settings;

pub use activity::{
    Channel, ClientStats, Direction, FollowUp, Interaction, Outcome, PaymentStatus, Reschedule, Resolution,
    TimelineItem, Visit,
};
pub use client::{
    is_plausible_email, Address, Birthday, Client, Consent, DataConsent, FieldError, Marketing, Messenger,
    MessengerKind, Phone, Source, SourceKind, Status, StatusKind, CLIENT_SCHEMA, MAX_CONTACT_EVERY_DAYS,
    MAX_NAME_CHARS, MAX_NOTES_CHARS,
};
pub use insight_settings::{InsightSettings, LoyaltySettings, LoyaltyTier, MAX_LOYALTY_TIERS};
pub use migrate::{decode_client, MigrationError};
pub use money::{format_minor, minor_digits, parse_minor};
pub use settings::{
    weekday_name, BlockKind, BlockedTime, CalendarSettings, ClockTime, CustomFieldDef, CustomFieldKind, NotDuplicates,
    Repeat, Service, Settings, TagDef, WorkingDay, MAX_BLOCKED_DAYS, MAX_BUFFER_MIN, SETTINGS_ID, SETTINGS_SCHEMA,
};

use crate::vault::{random_bytes, VaultError};

/// A new random record id: 16 random bytes as 32 lowercase hex digits.
pub fn new_record_id() -> Result<String, VaultError> {
    let bytes: [u8; 16] = random_bytes()?;
    Ok(bytes.iter().map(|b| format!("{b:02x}")).collect())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn record_ids_are_32_hex_digits_and_differ() {
        let a = new_record_id().unwrap();
        assert_eq!(a.len(), 32);
        assert!(a.chars().all(|c| c.is_ascii_hexdigit()));
        assert_ne!(a, new_record_id().unwrap());
    }
}
