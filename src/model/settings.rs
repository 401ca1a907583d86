//! The settings record: one per book. Service catalogue, custom field definitions, tag
//! colours, saved segments and the default currency.

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
        }
    }
}

impl Settings {
    /// The colour of a tag, or a neutral one for tags without a definition.
    pub fn tag_color(&self, name: &str) -> &str {
        self.tags.iter().find(|t| t.name == name).map_or("#6b7280", |t| t.color.as_str())
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
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct TagDef {
    pub name: String,
    /// A CSS colour, "#rrggbb".
    pub color: String,
}
