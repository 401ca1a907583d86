//! The settings record: one per book. Service catalogue, custom field definitions, tag
//! colours, saved segments, the default currency and country, and the pairs of clients the
//! user said are not duplicates.

use std::collections::BTreeSet;

use crate::i18n::t;
use serde::{Deserialize, Serialize};

use crate::segment::Segment;

pub const SETTINGS_SCHEMA: u32 = 1;
/// The settings record's fixed id.
pub const SETTINGS_ID: &str = "settings";

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct Settings {
    pub schema: u32,
    pub currency: String,
    pub services: Vec<Service>,
    pub custom_fields: Vec<CustomFieldDef>,
    pub tags: Vec<TagDef>,
    pub segments: Vec<Segment>,
    /// When the last encrypted backup was exported.
    pub last_backup: Option<chrono::DateTime<chrono::Utc>>,
    /// Remind after this many days without a backup...
    pub backup_reminder_days: u32,
    /// ...or this many changed clients, whichever comes first.
    pub backup_reminder_changes: u32,
    /// Lock after this many minutes without use; 0 means never.
    pub auto_lock_minutes: u32,
    /// Lock as soon as the tab is hidden (another tab, another app, the screen off).
    pub lock_when_hidden: bool,
    /// The country calling code (digits, e.g. "7", "380", "86") assumed for phone numbers typed
    /// without one. Empty until the user chooses: such numbers are then compared by their digits
    /// as typed (see `cleanup::phone`).
    pub default_country_code: String,
    /// Pairs of clients the user said are not the same person; never proposed as duplicates
    /// again. Kept here because it is small and belongs to the whole book.
    pub not_duplicates: NotDuplicates,
    /// A random secret (32 hex digits) mixed into the ids of imported clients, made at the
    /// first import: ids are stored in the clear, and must not let anyone holding a contact's
    /// details confirm that this person is a client.
    #[serde(skip_serializing_if = "String::is_empty")]
    pub import_salt: String,
}

impl Default for Settings {
    fn default() -> Self {
        Self {
            schema: SETTINGS_SCHEMA,
            currency: "EUR".into(),
            services: Vec::new(),
            custom_fields: Vec::new(),
            tags: Vec::new(),
            segments: Vec::new(),
            last_backup: None,
            backup_reminder_days: 7,
            backup_reminder_changes: 50,
            auto_lock_minutes: 5,
            lock_when_hidden: false,
            default_country_code: String::new(),
            not_duplicates: NotDuplicates::default(),
            import_salt: String::new(),
        }
    }
}

impl Settings {
    /// The colour of a tag, or a neutral one for tags without a definition.
    pub fn tag_color(&self, name: &str) -> &str {
        self.tags.iter().find(|t| t.name == name).map_or("#6b7280", |t| t.color.as_str())
    }
}

/// Pairs of client ids, in either order: "these two are not duplicates". Stored as
/// `[["a", "b"], ...]` with the smaller id first.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(transparent)]
pub struct NotDuplicates(BTreeSet<(String, String)>);

impl NotDuplicates {
    fn key(a: &str, b: &str) -> (String, String) {
        if a <= b {
            (a.to_owned(), b.to_owned())
        } else {
            (b.to_owned(), a.to_owned())
        }
    }

    /// Remembers that `a` and `b` are different people. A client is never its own duplicate,
    /// so `a == b` is ignored.
    pub fn insert(&mut self, a: &str, b: &str) {
        if a != b {
            self.0.insert(Self::key(a, b));
        }
    }

    /// Forgets the answer for one pair (an undo of "Not a duplicate").
    pub fn remove(&mut self, a: &str, b: &str) {
        self.0.remove(&Self::key(a, b));
    }

    pub fn contains(&self, a: &str, b: &str) -> bool {
        self.0.contains(&Self::key(a, b))
    }

    /// Drops every pair naming this client, for when the client is erased.
    pub fn forget_client(&mut self, id: &str) {
        self.0.retain(|(a, b)| a != id && b != id);
    }

    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }

    pub fn len(&self) -> usize {
        self.0.len()
    }

    /// Every pair, smaller id first.
    pub fn pairs(&self) -> impl Iterator<Item = (&str, &str)> {
        self.0.iter().map(|(a, b)| (a.as_str(), b.as_str()))
    }
}

/// A catalogue entry. A visit copies its name, price and duration when created.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct Service {
    pub id: String,
    pub name: String,
    pub price: i64,
    pub currency: String,
    pub duration_min: u32,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct CustomFieldDef {
    pub id: String,
    pub label: String,
    pub kind: CustomFieldKind,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum CustomFieldKind {
    Text,
    Number,
    Date,
    YesNo,
    Choice(Vec<String>),
}

impl CustomFieldKind {
    pub fn label(&self) -> &'static str {
        match self {
            Self::Text => t("Text"),
            Self::Number => t("Number"),
            Self::Date => t("Date"),
            Self::YesNo => t("Yes/no"),
            Self::Choice(_) => t("Choice list"),
        }
    }

    /// A stored value as the profile shows it: a date in the interface language's format, yes
    /// and no in words, anything else as typed.
    pub fn display(&self, value: &str) -> String {
        match (self, value.trim()) {
            (Self::Date, text) => chrono::NaiveDate::parse_from_str(text, "%Y-%m-%d")
                .map_or_else(|_| value.to_owned(), |date| crate::i18n::format_date(crate::i18n::lang(), date)),
            (Self::YesNo, "yes") => t("Yes").to_owned(),
            (Self::YesNo, "no") => t("No").to_owned(),
            _ => value.to_owned(),
        }
    }
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct TagDef {
    pub name: String,
    /// A CSS colour, "#rrggbb".
    pub color: String,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn custom_values_show_dates_and_answers_in_the_interface_language() {
        crate::i18n::set_lang(crate::i18n::Lang::Ru);
        assert_eq!(CustomFieldKind::Date.display("2025-03-01"), "1\u{a0}мар.\u{a0}2025\u{a0}г.");
        assert_eq!(CustomFieldKind::YesNo.display("yes"), "Да");
        assert_eq!(CustomFieldKind::Text.display("yes"), "yes");
        assert_eq!(CustomFieldKind::Number.display("38.5"), "38.5");
        crate::i18n::set_lang(crate::i18n::Lang::En);
        assert_eq!(CustomFieldKind::Date.display("2025-03-01"), "Mar\u{a0}1,\u{a0}2025");
        assert_eq!(CustomFieldKind::YesNo.display("no"), "No");
        assert_eq!(CustomFieldKind::Date.display("not a date"), "not a date");
    }

    #[test]
    fn settings_written_before_the_country_and_duplicate_answers_still_decode() {
        // The settings record as the frozen format-2 vector holds it (tests/vectors/vault-v2.txt).
        let old = r##"{"schema":1,"currency":"UAH","services":[],"custom_fields":[],"tags":[],"segments":[],"last_backup":null,"backup_reminder_days":7,"backup_reminder_changes":50,"auto_lock_minutes":5,"lock_when_hidden":false}"##;
        let settings: Settings = serde_json::from_str(old).unwrap();
        assert_eq!(settings.currency, "UAH");
        assert_eq!(settings.default_country_code, "");
        assert!(settings.not_duplicates.is_empty());
    }

    #[test]
    fn not_duplicates_ignore_order_and_round_trip() {
        let mut settings = Settings { default_country_code: "380".into(), ..Settings::default() };
        settings.not_duplicates.insert("b", "a");
        settings.not_duplicates.insert("a", "b");
        settings.not_duplicates.insert("c", "c");
        assert!(settings.not_duplicates.contains("a", "b") && settings.not_duplicates.contains("b", "a"));
        assert_eq!(settings.not_duplicates.len(), 1);
        let json = serde_json::to_string(&settings).unwrap();
        assert!(json.contains(r#""not_duplicates":[["a","b"]]"#), "{json}");
        assert_eq!(serde_json::from_str::<Settings>(&json).unwrap(), settings);
        settings.not_duplicates.forget_client("a");
        assert!(settings.not_duplicates.is_empty());
    }
}
