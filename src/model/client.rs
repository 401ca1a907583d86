//! The client profile (schema 2) and the rules a profile must meet before it is saved.

use crate::i18n::{t, tf};
use std::collections::BTreeMap;

use chrono::{DateTime, Datelike, NaiveDate, Utc};
use serde::{Deserialize, Serialize};

use super::activity::{FollowUp, Interaction, Visit};
use super::settings::{CustomFieldKind, Settings};

/// The client shape this version writes.
pub const CLIENT_SCHEMA: u32 = 2;

pub const MAX_NAME_CHARS: usize = 200;
pub const MAX_PHONE_CHARS: usize = 40;
pub const MAX_EMAIL_CHARS: usize = 254;
pub const MAX_SHORT_CHARS: usize = 500;
pub const MAX_NOTES_CHARS: usize = 20_000;
/// The longest stay-in-touch frequency: ten years.
pub const MAX_CONTACT_EVERY_DAYS: u32 = 3650;

#[derive(Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct Client {
    pub schema: u32,
    pub id: String,
    /// How the user refers to the client; required.
    pub name: String,
    #[serde(skip_serializing_if = "String::is_empty")]
    pub legal_name: String,
    #[serde(skip_serializing_if = "String::is_empty")]
    pub alias: String,
    pub phones: Vec<Phone>,
    pub emails: Vec<String>,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub messengers: Vec<Messenger>,
    #[serde(skip_serializing_if = "Address::is_empty")]
    pub address: Address,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub birthday: Option<Birthday>,
    #[serde(skip_serializing_if = "String::is_empty")]
    pub gender: String,
    #[serde(skip_serializing_if = "String::is_empty")]
    pub language: String,
    #[serde(skip_serializing_if = "Source::is_unknown")]
    pub source: Source,
    pub status: Status,
    /// Tag names; colours live in the settings.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub tags: Vec<String>,
    #[serde(skip_serializing_if = "String::is_empty")]
    pub preferences: String,
    #[serde(skip_serializing_if = "String::is_empty")]
    pub boundaries: String,
    /// Pinned alert, shown at the top of the profile and in the list.
    #[serde(skip_serializing_if = "String::is_empty")]
    pub alert: String,
    #[serde(skip_serializing_if = "String::is_empty")]
    pub notes: String,
    #[serde(skip_serializing_if = "Consent::is_empty")]
    pub consent: Consent,
    /// Custom field id -> value in canonical text (number "12.5", date "2026-01-31", "yes"/"no").
    #[serde(skip_serializing_if = "BTreeMap::is_empty")]
    pub custom: BTreeMap<String, String>,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub visits: Vec<Visit>,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub interactions: Vec<Interaction>,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub follow_ups: Vec<FollowUp>,
    /// Stay in touch every this many days: a follow-up falls due that long after the last
    /// visit or contact (`insight::stay_in_touch`).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub contact_every_days: Option<u32>,
    /// Ids of the clients merged into this one, so that a later import or backup naming one of
    /// them finds this client, and "not a duplicate" answers given for them still hold.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub merged_from: Vec<String>,
    /// When the client was moved to Trash; `None` while in the book.
    #[serde(skip_serializing_if = "Option::is_none", with = "super::instant::option")]
    pub trashed: Option<DateTime<Utc>>,
    #[serde(with = "super::instant")]
    pub created: DateTime<Utc>,
    #[serde(with = "super::instant")]
    pub updated: DateTime<Utc>,
}

impl std::fmt::Debug for Client {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Client").field("id", &self.id).finish_non_exhaustive()
    }
}

#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct Phone {
    pub label: String,
    pub number: String,
}

#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub enum MessengerKind {
    #[default]
    Telegram,
    WhatsApp,
    Signal,
    Viber,
    WeChat,
    Other,
}

impl MessengerKind {
    pub const ALL: [Self; 6] = [Self::Telegram, Self::WhatsApp, Self::Signal, Self::Viber, Self::WeChat, Self::Other];

    pub fn label(self) -> &'static str {
        match self {
            Self::Telegram => t("Telegram"),
            Self::WhatsApp => t("WhatsApp"),
            Self::Signal => t("Signal"),
            Self::Viber => t("Viber"),
            Self::WeChat => t("WeChat"),
            Self::Other => t("Other"),
        }
    }
}

#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct Messenger {
    pub kind: MessengerKind,
    pub handle: String,
}

/// Empty parts are left out of stored JSON (readers take them as empty), which keeps records
/// and summaries small; the same holds for the source and the consent below.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct Address {
    #[serde(skip_serializing_if = "String::is_empty")]
    pub street: String,
    #[serde(skip_serializing_if = "String::is_empty")]
    pub city: String,
    #[serde(skip_serializing_if = "String::is_empty")]
    pub postcode: String,
    #[serde(skip_serializing_if = "String::is_empty")]
    pub region: String,
    #[serde(skip_serializing_if = "String::is_empty")]
    pub country: String,
}

impl Address {
    pub fn is_empty(&self) -> bool {
        [&self.street, &self.city, &self.postcode, &self.region, &self.country].iter().all(|s| s.trim().is_empty())
    }
}

/// A birthday; many clients share the day but not the year.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Birthday {
    pub month: u32,
    pub day: u32,
    pub year: Option<i32>,
}

impl Birthday {
    pub fn is_valid(&self) -> bool {
        // 2000 is a leap year, so 29 February is accepted without a year.
        NaiveDate::from_ymd_opt(self.year.unwrap_or(2000), self.month, self.day).is_some()
            && self.year.is_none_or(|y| (1900..=2100).contains(&y))
    }

    /// The next date this birthday falls on, today included. 29 February falls on 28 February
    /// in other years.
    pub fn next_on_or_after(&self, today: NaiveDate) -> Option<NaiveDate> {
        [today.year(), today.year() + 1].into_iter().find_map(|year| {
            let date = NaiveDate::from_ymd_opt(year, self.month, self.day)
                .or_else(|| NaiveDate::from_ymd_opt(year, self.month, self.day - 1))?;
            (date >= today).then_some(date)
        })
    }

    pub fn age_on(&self, today: NaiveDate) -> Option<u32> {
        let year = self.year?;
        let had_birthday = (today.month(), today.day()) >= (self.month, self.day);
        let age = today.year() - year - if had_birthday { 0 } else { 1 };
        u32::try_from(age).ok()
    }
}

#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub enum SourceKind {
    #[default]
    Unknown,
    Referral,
    Ad,
    Social,
    Partner,
    Other,
}

impl SourceKind {
    pub const ALL: [Self; 6] = [Self::Unknown, Self::Referral, Self::Ad, Self::Social, Self::Partner, Self::Other];

    pub fn label(self) -> &'static str {
        match self {
            Self::Unknown => t("Not recorded"),
            Self::Referral => t("Referral by a client"),
            Self::Ad => t("Advertising"),
            Self::Social => t("Social media"),
            Self::Partner => t("Partner"),
            Self::Other => t("Other"),
        }
    }
}

/// How the client found you. A referral links to the referring client.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct Source {
    pub kind: SourceKind,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub referred_by: Option<String>,
    #[serde(skip_serializing_if = "String::is_empty")]
    pub detail: String,
}

impl Source {
    /// Nothing recorded: how the client found you is not known.
    pub fn is_unknown(&self) -> bool {
        *self == Self::default()
    }
}

#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub enum Status {
    Lead,
    #[default]
    Active,
    Inactive,
    /// Never to be booked again; the reason and date are shown wherever the client appears.
    Blocked {
        reason: String,
        since: NaiveDate,
    },
}

/// The status without its data, for filters and segments.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum StatusKind {
    Lead,
    Active,
    Inactive,
    Blocked,
}

impl StatusKind {
    pub const ALL: [Self; 4] = [Self::Lead, Self::Active, Self::Inactive, Self::Blocked];

    pub fn label(self) -> &'static str {
        match self {
            Self::Lead => t("Lead"),
            Self::Active => t("Active"),
            Self::Inactive => t("Inactive"),
            Self::Blocked => t("Blocked"),
        }
    }
}

impl Status {
    pub fn kind(&self) -> StatusKind {
        match self {
            Self::Lead => StatusKind::Lead,
            Self::Active => StatusKind::Active,
            Self::Inactive => StatusKind::Inactive,
            Self::Blocked { .. } => StatusKind::Blocked,
        }
    }
}

#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct Consent {
    /// Consent to keep the client's data: when and how it was given.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub data: Option<DataConsent>,
    pub marketing: Marketing,
}

impl Consent {
    pub fn is_empty(&self) -> bool {
        *self == Self::default()
    }
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct DataConsent {
    pub date: NaiveDate,
    /// "In writing", "verbally", "by message"...
    pub method: String,
}

/// Marketing consent per channel.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct Marketing {
    pub sms: bool,
    pub email: bool,
    pub messenger: bool,
    pub phone: bool,
}

/// One problem with one field, phrased for the person typing. `field` names the input, e.g.
/// `"name"`, `"phones.1"`, `"custom.<id>"`.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
#[error("{message}")]
pub struct FieldError {
    pub field: String,
    pub message: String,
}

impl FieldError {
    pub fn new(field: impl Into<String>, message: impl Into<String>) -> Self {
        Self { field: field.into(), message: message.into() }
    }
}

impl Client {
    /// A new, empty client with timestamps set.
    pub fn new(id: String, now: DateTime<Utc>) -> Self {
        Self { schema: CLIENT_SCHEMA, id, created: now, updated: now, ..Self::default() }
    }

    /// The profile without its history (visits, interactions, follow-ups).
    pub fn profile_clone(&self) -> Self {
        Self { visits: Vec::new(), interactions: Vec::new(), follow_ups: Vec::new(), ..self.clone() }
    }

    /// This profile with the history of `stored`: what a profile form saves, so that the
    /// history it was opened with (perhaps a summary, or older) never replaces the book's.
    pub fn with_history_of(self, stored: Client) -> Self {
        Self { visits: stored.visits, interactions: stored.interactions, follow_ups: stored.follow_ups, ..self }
    }

    pub fn is_blocked(&self) -> bool {
        matches!(self.status, Status::Blocked { .. })
    }

    /// The name cut to what a glance at a calendar needs. Names in letters give the first
    /// letter or digit of each word, capitalised, with a full stop ("Олена Петрівна Коваленко"
    /// gives "О. П. К."); a name in Chinese characters gives its first character, the family
    /// name (王芳 gives 王), since a Chinese name has no initials and is often written without
    /// spaces.
    pub fn initials(&self) -> String {
        let mut words = self.name.split_whitespace().filter_map(|word| word.chars().find(|c| c.is_alphanumeric()));
        match words.next() {
            None => String::new(),
            Some(first) if crate::cleanup::translit::has_hanzi(first.encode_utf8(&mut [0; 4])) => first.to_string(),
            Some(first) => std::iter::once(first)
                .chain(words)
                .map(|letter| format!("{}.", letter.to_uppercase()))
                .collect::<Vec<_>>()
                .join(" "),
        }
    }

    /// Trims what was typed and drops empty list entries, so that blank rows in a form do not
    /// become records.
    pub fn tidy(&mut self) {
        for text in [&mut self.name, &mut self.legal_name, &mut self.alias, &mut self.gender, &mut self.language] {
            *text = text.trim().to_owned();
        }
        self.phones.iter_mut().for_each(|p| {
            p.number = p.number.trim().to_owned();
            p.label = p.label.trim().to_owned();
        });
        self.phones.retain(|p| !p.number.is_empty());
        self.emails.iter_mut().for_each(|e| *e = e.trim().to_owned());
        self.emails.retain(|e| !e.is_empty());
        self.messengers.iter_mut().for_each(|m| m.handle = m.handle.trim().to_owned());
        self.messengers.retain(|m| !m.handle.is_empty());
        self.tags.iter_mut().for_each(|t| *t = t.trim().to_owned());
        self.tags.retain(|t| !t.is_empty());
        self.tags.dedup();
        self.custom.retain(|_, v| !v.trim().is_empty());
    }

    /// Checks every field and returns all problems at once, so the form can mark each.
    pub fn validate(&self, settings: &Settings) -> Result<(), Vec<FieldError>> {
        let mut errors = Vec::new();
        let too_long = |field: &str, text: &str, max: usize, errors: &mut Vec<FieldError>| {
            if text.chars().count() > max {
                errors
                    .push(FieldError::new(field, tf("Keep this under {max} characters.", &[("max", max.to_string())])));
            }
        };
        if self.name.trim().is_empty() {
            errors.push(FieldError::new("name", t("Enter a name or an alias.")));
        }
        too_long("name", &self.name, MAX_NAME_CHARS, &mut errors);
        too_long("legal_name", &self.legal_name, MAX_NAME_CHARS, &mut errors);
        too_long("alias", &self.alias, MAX_NAME_CHARS, &mut errors);
        for (i, phone) in self.phones.iter().enumerate() {
            if let Some(message) = phone_problem(&phone.number) {
                errors.push(FieldError::new(format!("phones.{i}"), message));
            }
        }
        for (i, email) in self.emails.iter().enumerate() {
            let email = email.trim();
            if email.chars().count() > MAX_EMAIL_CHARS || (!email.is_empty() && !is_plausible_email(email)) {
                errors.push(FieldError::new(format!("emails.{i}"), t("An email address looks like name@example.com.")));
            }
        }
        for (i, m) in self.messengers.iter().enumerate() {
            too_long(&format!("messengers.{i}"), &m.handle, MAX_SHORT_CHARS, &mut errors);
        }
        if let Some(birthday) = &self.birthday {
            if !birthday.is_valid() {
                errors.push(FieldError::new("birthday", t("This date does not exist. Check the day and month.")));
            }
        }
        if self.contact_every_days.is_some_and(|days| !(1..=MAX_CONTACT_EVERY_DAYS).contains(&days)) {
            errors.push(FieldError::new(
                "contact_every_days",
                tf("Stay in touch every 1 to {max} days.", &[("max", MAX_CONTACT_EVERY_DAYS.to_string())]),
            ));
        }
        if let Status::Blocked { reason, .. } = &self.status {
            if reason.trim().is_empty() {
                errors.push(FieldError::new(
                    "blocked_reason",
                    t("Say why this client is blocked, for your future self."),
                ));
            }
        }
        for (field, text) in [
            ("preferences", &self.preferences),
            ("boundaries", &self.boundaries),
            ("alert", &self.alert),
            ("notes", &self.notes),
        ] {
            too_long(field, text, MAX_NOTES_CHARS, &mut errors);
        }
        for (id, value) in &self.custom {
            let Some(def) = settings.custom_fields.iter().find(|d| &d.id == id) else {
                continue;
            };
            if let Err(message) = def.kind.check(value) {
                errors.push(FieldError::new(format!("custom.{id}"), message));
            }
        }
        if errors.is_empty() {
            Ok(())
        } else {
            Err(errors)
        }
    }
}

fn phone_problem(number: &str) -> Option<String> {
    let number = number.trim();
    if number.chars().count() > MAX_PHONE_CHARS {
        Some(tf("A phone number has at most {max} characters.", &[("max", MAX_PHONE_CHARS.to_string())]))
    } else if !number.chars().all(|c| c.is_ascii_digit() || " +-().".contains(c)) {
        Some(t("Use only digits, spaces and + - ( ) in a phone number.").into())
    } else if !number.is_empty() && number.chars().filter(char::is_ascii_digit).count() < 3 {
        Some(t("A phone number needs at least 3 digits.").into())
    } else {
        None
    }
}

/// One `@`, something before it, and a dotted domain after it with no spaces. Deliverability
/// is not ours to judge; typos like a missing `@` or domain are.
pub fn is_plausible_email(email: &str) -> bool {
    let Some((local, domain)) = email.split_once('@') else {
        return false;
    };
    !local.is_empty()
        && !domain.contains('@')
        && !email.chars().any(char::is_whitespace)
        && domain.split('.').count() >= 2
        && domain.split('.').all(|part| !part.is_empty())
}

impl CustomFieldKind {
    /// Whether `value` (canonical text) fits this kind.
    pub fn check(&self, value: &str) -> Result<(), String> {
        let value = value.trim();
        if value.is_empty() {
            return Ok(());
        }
        match self {
            Self::Text => (value.chars().count() <= MAX_SHORT_CHARS)
                .then_some(())
                .ok_or_else(|| tf("Keep this under {max} characters.", &[("max", MAX_SHORT_CHARS.to_string())])),
            Self::Number => value
                .replace(',', ".")
                .parse::<f64>()
                .map(|_| ())
                .map_err(|_| t("Enter a number, like 12 or 3.5.").into()),
            Self::Date => {
                NaiveDate::parse_from_str(value, "%Y-%m-%d").map(|_| ()).map_err(|_| t("Enter a date.").into())
            }
            Self::YesNo => matches!(value, "yes" | "no").then_some(()).ok_or_else(|| t("Choose yes or no.").into()),
            Self::Choice(options) => options
                .iter()
                .any(|o| o == value)
                .then_some(())
                .ok_or_else(|| t("Choose one of the listed options.").into()),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn client(name: &str) -> Client {
        let mut c = Client::new("id".into(), DateTime::from_timestamp(0, 0).unwrap());
        c.name = name.into();
        c
    }

    fn fields(client: &Client) -> Vec<String> {
        client.validate(&Settings::default()).err().unwrap_or_default().into_iter().map(|e| e.field).collect()
    }

    fn date(y: i32, m: u32, d: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, d).unwrap()
    }

    #[test]
    fn initials_keep_one_letter_of_each_name_in_every_script() {
        assert_eq!(client("Anna Karpenko").initials(), "A. K.");
        assert_eq!(client("анна  карпенко").initials(), "А. К.");
        assert_eq!(client("Олена").initials(), "О.");
        // The family name comes first in a Chinese name.
        assert_eq!(client("王小明").initials(), "王");
        assert_eq!(client("\"Bob\" Smith").initials(), "B. S.");
        assert_eq!(client("  Олена   Петрівна Коваленко ").initials(), "О. П. К.");
        assert_eq!(client("欧阳 娜娜").initials(), "欧");
        assert_eq!(client("\"Лена\" (сестра)").initials(), "Л. С.");
        assert_eq!(client("Émile d'Orsay").initials(), "É. D.");
        assert_eq!(client(" — ").initials(), "");
        assert_eq!(client("").initials(), "");
    }

    #[test]
    fn a_name_is_required_in_any_script() {
        assert_eq!(fields(&client("  ")), ["name"]);
        assert!(fields(&client("Аня")).is_empty());
        assert!(fields(&client("王芳")).is_empty());
    }

    #[test]
    fn phones_allow_usual_formatting_only() {
        let mut c = client("A");
        c.phones = vec![
            Phone { label: "mobile".into(), number: "+7 (916) 123-45-67".into() },
            Phone { label: "work".into(), number: "call me".into() },
            Phone { label: "".into(), number: "12".into() },
        ];
        assert_eq!(fields(&c), ["phones.1", "phones.2"]);
    }

    #[test]
    fn emails_must_have_a_plausible_shape() {
        let mut c = client("A");
        c.emails = vec!["ann@example.com".into(), "олена@приклад.укр".into()];
        assert!(fields(&c).is_empty());
        for bad in ["ann", "ann@", "@example.com", "ann@example", "a b@example.com", "a@@example.com", "a@example..com"]
        {
            c.emails = vec![bad.into()];
            assert_eq!(fields(&c), ["emails.0"], "{bad}");
        }
    }

    #[test]
    fn birthdays_must_exist_and_the_year_is_optional() {
        let mut c = client("A");
        c.birthday = Some(Birthday { month: 2, day: 29, year: None });
        assert!(fields(&c).is_empty());
        c.birthday = Some(Birthday { month: 2, day: 29, year: Some(2023) });
        assert_eq!(fields(&c), ["birthday"]);
        c.birthday = Some(Birthday { month: 13, day: 1, year: None });
        assert_eq!(fields(&c), ["birthday"]);
    }

    #[test]
    fn a_block_needs_a_reason() {
        let mut c = client("A");
        c.status = Status::Blocked { reason: " ".into(), since: date(2026, 1, 1) };
        assert_eq!(fields(&c), ["blocked_reason"]);
    }

    #[test]
    fn custom_fields_are_checked_against_their_definitions() {
        let settings = Settings {
            custom_fields: vec![
                super::super::CustomFieldDef {
                    id: "n".into(),
                    label: "Shoe size".into(),
                    kind: CustomFieldKind::Number,
                },
                super::super::CustomFieldDef {
                    id: "c".into(),
                    label: "Hair".into(),
                    kind: CustomFieldKind::Choice(vec!["short".into(), "long".into()]),
                },
            ],
            ..Settings::default()
        };
        let mut c = client("A");
        c.custom.insert("n".into(), "41.5".into());
        c.custom.insert("c".into(), "long".into());
        assert!(c.validate(&settings).is_ok());
        c.custom.insert("n".into(), "big".into());
        c.custom.insert("c".into(), "purple".into());
        let bad: Vec<_> = c.validate(&settings).unwrap_err().into_iter().map(|e| e.field).collect();
        assert_eq!(bad, ["custom.c", "custom.n"]);
    }

    #[test]
    fn huge_fields_are_refused() {
        let mut c = client("A");
        c.notes = "x".repeat(MAX_NOTES_CHARS + 1);
        assert_eq!(fields(&c), ["notes"]);
    }

    #[test]
    fn tidy_drops_blank_rows() {
        let mut c = client(" Ann ");
        c.phones = vec![Phone::default(), Phone { label: "m".into(), number: " 123 ".into() }];
        c.emails = vec!["".into(), " a@b.co ".into()];
        c.tags = vec!["vip".into(), " ".into()];
        c.tidy();
        assert_eq!((c.name.as_str(), c.phones.len(), c.phones[0].number.as_str()), ("Ann", 1, "123"));
        assert_eq!((c.emails, c.tags), (vec!["a@b.co".to_string()], vec!["vip".to_string()]));
    }

    #[test]
    fn next_birthday_and_age() {
        let b = Birthday { month: 3, day: 10, year: Some(1990) };
        assert_eq!(b.next_on_or_after(date(2026, 3, 10)), Some(date(2026, 3, 10)));
        assert_eq!(b.next_on_or_after(date(2026, 3, 11)), Some(date(2027, 3, 10)));
        assert_eq!(b.age_on(date(2026, 3, 9)), Some(35));
        assert_eq!(b.age_on(date(2026, 3, 10)), Some(36));
        let leap = Birthday { month: 2, day: 29, year: None };
        assert_eq!(leap.next_on_or_after(date(2026, 2, 1)), Some(date(2026, 2, 28)));
        assert_eq!(leap.next_on_or_after(date(2028, 2, 1)), Some(date(2028, 2, 29)));
        assert_eq!(leap.age_on(date(2026, 1, 1)), None);
    }

    #[test]
    fn debug_output_never_shows_client_content() {
        let mut c = client("SecretName");
        c.phones.push(Phone { label: "m".into(), number: "+1 555 0100".into() });
        let shown = format!("{c:?}");
        assert!(shown.contains("id") && !shown.contains("Secret") && !shown.contains("555"));
    }
}
