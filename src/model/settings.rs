//! The settings record: one per book. Service catalogue, custom field definitions, tag
//! colours, saved segments, the default currency and country, the pairs of clients the user
//! said are not duplicates, and the calendar's working hours, buffer and blocked time.

use std::collections::BTreeSet;

use crate::i18n::{format_date, format_datetime, format_time, lang, t, tf};
use chrono::{Datelike, Days, NaiveDate, NaiveDateTime, NaiveTime, Weekday};
use serde::{Deserialize, Deserializer, Serialize, Serializer};

use super::client::{FieldError, MAX_SHORT_CHARS};
use super::insight_settings::{InsightSettings, LoyaltySettings};

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
    /// Working hours, the buffer between appointments, the discreet calendar and blocked
    /// time. Left out while it is the default, so books that never changed it are written
    /// as before.
    #[serde(skip_serializing_if = "CalendarSettings::is_default")]
    pub calendar: CalendarSettings,
    /// The thresholds of lifecycle stages, churn warnings and RFM; left out while default.
    #[serde(skip_serializing_if = "InsightSettings::is_default")]
    pub insight: InsightSettings,
    /// The loyalty programme; left out while it was never set up.
    #[serde(skip_serializing_if = "LoyaltySettings::is_default")]
    pub loyalty: LoyaltySettings,
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
            calendar: CalendarSettings::default(),
            insight: InsightSettings::default(),
            loyalty: LoyaltySettings::default(),
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

/// The longest buffer between appointments: a four-hour gap is a closed afternoon, not a
/// buffer.
pub const MAX_BUFFER_MIN: u32 = 240;

/// The longest blocked time: a year of holidays. Keeps the calendar's look-ups short.
pub const MAX_BLOCKED_DAYS: u64 = 366;

/// How the calendar works: when the user works, what stays free, and how it shows names.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct CalendarSettings {
    /// Working hours, Monday first; outside them the calendar is shaded and a booking warned.
    pub hours: [WorkingDay; 7],
    /// Minutes to keep free between two appointments; closer ones are warned about.
    pub buffer_min: u32,
    /// Show the client's alias, or their initials, instead of their name in the calendar.
    pub discreet: bool,
    /// Breaks, holidays, days off: time not to book, in the order they were added.
    pub blocked: Vec<BlockedTime>,
}

impl Default for CalendarSettings {
    /// Monday to Friday, 09:00 to 18:00. No buffer: a warning then means a real overlap, as
    /// before the calendar existed; who needs time to clean up or travel sets one.
    fn default() -> Self {
        let weekday = WorkingDay { open: true, from: ClockTime::hm(9, 0), to: ClockTime::hm(18, 0) };
        let weekend = WorkingDay { open: false, ..weekday };
        Self {
            hours: [weekday, weekday, weekday, weekday, weekday, weekend, weekend],
            buffer_min: 0,
            discreet: false,
            blocked: Vec::new(),
        }
    }
}

impl CalendarSettings {
    pub fn is_default(&self) -> bool {
        *self == Self::default()
    }

    /// The working hours of that day of the week.
    pub fn day(&self, weekday: Weekday) -> &WorkingDay {
        &self.hours[weekday.num_days_from_monday() as usize]
    }

    /// Every problem, by field: `hours.0` (Monday) to `hours.6`, `buffer`, and
    /// `blocked.<i>.<field>` for the blocked time at index i.
    pub fn validate(&self) -> Result<(), Vec<FieldError>> {
        let mut errors = Vec::new();
        for (i, day) in self.hours.iter().enumerate() {
            if let Err(e) = day.validate() {
                errors.push(FieldError::new(format!("hours.{i}"), e.message));
            }
        }
        if self.buffer_min > MAX_BUFFER_MIN {
            errors.push(FieldError::new(
                "buffer",
                tf("The buffer is from 0 to {max} minutes.", &[("max", MAX_BUFFER_MIN.to_string())]),
            ));
        }
        for (i, block) in self.blocked.iter().enumerate() {
            if let Err(problems) = block.validate() {
                errors.extend(
                    problems.into_iter().map(|e| FieldError::new(format!("blocked.{i}.{}", e.field), e.message)),
                );
            }
        }
        if errors.is_empty() {
            Ok(())
        } else {
            Err(errors)
        }
    }
}

/// The name of a day of the week in the interface language.
pub fn weekday_name(day: Weekday) -> &'static str {
    match day {
        Weekday::Mon => t("Monday"),
        Weekday::Tue => t("Tuesday"),
        Weekday::Wed => t("Wednesday"),
        Weekday::Thu => t("Thursday"),
        Weekday::Fri => t("Friday"),
        Weekday::Sat => t("Saturday"),
        Weekday::Sun => t("Sunday"),
    }
}

/// One day's working hours. A closed day keeps its times, so opening it again brings them
/// back. Hours past midnight are not supported: a day ends at 24:00.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct WorkingDay {
    pub open: bool,
    pub from: ClockTime,
    pub to: ClockTime,
}

impl WorkingDay {
    pub fn validate(&self) -> Result<(), FieldError> {
        if self.open && self.from >= self.to {
            return Err(FieldError::new("hours", t("Working hours end after they start.")));
        }
        Ok(())
    }

    /// The working time on `date`, as local times; `None` on a closed day.
    pub fn on(&self, date: NaiveDate) -> Option<(NaiveDateTime, NaiveDateTime)> {
        self.open.then(|| (self.from.on(date), self.to.on(date)))
    }
}

/// A time of day on the local clock, in minutes from midnight: 00:00 to 24:00, the end of the
/// day. Written as `"HH:MM"`.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct ClockTime(u16);

impl ClockTime {
    pub const MIDNIGHT: Self = Self(0);
    pub const END_OF_DAY: Self = Self(24 * 60);

    /// Hours and minutes; values past 24:00 become 24:00.
    pub const fn hm(hours: u16, minutes: u16) -> Self {
        let total = hours * 60 + minutes;
        Self(if total > 24 * 60 { 24 * 60 } else { total })
    }

    pub fn minutes(self) -> u32 {
        u32::from(self.0)
    }

    /// Reads `"HH:MM"` (or `"H:MM"`), from 00:00 to 24:00, as a time input or the stored
    /// form gives it.
    pub fn parse(text: &str) -> Option<Self> {
        let (h, m) = text.trim().split_once(':')?;
        let number = |s: &str| -> Option<u16> {
            (!s.is_empty() && s.len() <= 2 && s.bytes().all(|b| b.is_ascii_digit())).then(|| s.parse().ok())?
        };
        let (hours, minutes) = (number(h)?, number(m)?);
        (m.len() == 2 && minutes < 60 && (hours < 24 || (hours == 24 && minutes == 0)))
            .then_some(Self(hours * 60 + minutes))
    }

    /// The local date and time this clock time names on `date`; 24:00 is the next midnight.
    pub fn on(self, date: NaiveDate) -> NaiveDateTime {
        date.and_time(NaiveTime::MIN) + chrono::Duration::minutes(i64::from(self.0))
    }

    /// The clock time of a local time of day.
    pub fn of(time: NaiveTime) -> Self {
        use chrono::Timelike;
        Self((time.hour() * 60 + time.minute()) as u16)
    }
}

impl std::fmt::Display for ClockTime {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{:02}:{:02}", self.0 / 60, self.0 % 60)
    }
}

impl Serialize for ClockTime {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.collect_str(self)
    }
}

impl<'de> Deserialize<'de> for ClockTime {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        let text = <std::borrow::Cow<'de, str>>::deserialize(deserializer)?;
        Self::parse(&text).ok_or_else(|| serde::de::Error::custom("a time of day is written HH:MM, 00:00 to 24:00"))
    }
}

/// What a blocked time is; it names the time in the calendar and changes nothing else.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub enum BlockKind {
    #[default]
    Break,
    Holiday,
    DayOff,
    Other,
}

impl BlockKind {
    pub const ALL: [Self; 4] = [Self::Break, Self::Holiday, Self::DayOff, Self::Other];

    pub fn label(self) -> &'static str {
        match self {
            Self::Break => t("Break"),
            Self::Holiday => t("Holiday"),
            Self::DayOff => t("Day off"),
            Self::Other => t("Other"),
        }
    }
}

/// Whether a blocked time comes back.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub enum Repeat {
    /// Only from `start` to `end`.
    #[default]
    Once,
    /// The same times on the same day of the week, every week from `start` on.
    Weekly,
    /// The same times on every working day (an open day in the working hours) from `start`
    /// on: a lunch break.
    WorkingDays,
}

impl Repeat {
    pub const ALL: [Self; 3] = [Self::Once, Self::Weekly, Self::WorkingDays];

    pub fn is_once(&self) -> bool {
        *self == Self::Once
    }

    pub fn label(self) -> &'static str {
        match self {
            Self::Once => t("Does not repeat"),
            Self::Weekly => t("Every week"),
            Self::WorkingDays => t("Every working day"),
        }
    }
}

/// Time not to book. Times are on the local clock, like working hours: a lunch break stays at
/// 13:00 when the clocks change, and a holiday is the same dates wherever the phone is.
/// Whole days run from midnight to midnight: a day off on 1 December is 1 December 00:00 to
/// 2 December 00:00, a holiday from 24 December to 2 January ends on 3 January 00:00.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct BlockedTime {
    pub id: String,
    pub kind: BlockKind,
    pub start: NaiveDateTime,
    /// The end, not included.
    pub end: NaiveDateTime,
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub note: String,
    #[serde(default, skip_serializing_if = "Repeat::is_once")]
    pub repeat: Repeat,
}

impl BlockedTime {
    /// Whole days, `first` to `last` included.
    pub fn whole_days(id: String, kind: BlockKind, first: NaiveDate, last: NaiveDate) -> Self {
        let midnight = |date: NaiveDate| date.and_time(NaiveTime::MIN);
        Self {
            id,
            kind,
            start: midnight(first),
            end: midnight(last + Days::new(1)),
            note: String::new(),
            repeat: Repeat::Once,
        }
    }

    /// Runs from midnight to midnight, so the calendar can say "1–3 Dec" instead of times.
    pub fn is_whole_days(&self) -> bool {
        self.start.time() == NaiveTime::MIN && self.end.time() == NaiveTime::MIN && self.end > self.start
    }

    /// The last day it touches (the day before `end` when it ends at midnight).
    pub fn last_day(&self) -> NaiveDate {
        let last = self.end - chrono::Duration::nanoseconds(1);
        if last < self.start {
            self.start.date()
        } else {
            last.date()
        }
    }

    /// Its weekday, for a weekly one.
    pub fn weekday(&self) -> Weekday {
        self.start.weekday()
    }

    /// One line for the list of blocked time, in the interface language: the kind, when, and
    /// the note. "Break · Every working day · 1:00 PM–2:00 PM · from Dec 1, 2026 · lunch".
    pub fn describe(&self) -> String {
        let lang = lang();
        let whole_day = self.is_whole_days() && self.last_day() == self.start.date();
        let mut parts = vec![self.kind.label().to_owned()];
        match self.repeat {
            Repeat::Once if self.is_whole_days() => {
                let (first, last) = (self.start.date(), self.last_day());
                parts.push(if whole_day {
                    format_date(lang, first)
                } else {
                    format!("{} – {}", format_date(lang, first), format_date(lang, last))
                });
            }
            Repeat::Once if self.last_day() == self.start.date() => {
                parts.push(format!("{}–{}", format_datetime(lang, self.start), format_time(lang, self.end)));
            }
            Repeat::Once => {
                parts.push(format!("{} – {}", format_datetime(lang, self.start), format_datetime(lang, self.end)))
            }
            Repeat::Weekly | Repeat::WorkingDays => {
                parts.push(self.repeat.label().to_owned());
                if self.repeat == Repeat::Weekly {
                    parts.push(weekday_name(self.weekday()).to_owned());
                }
                parts.push(if whole_day {
                    t("all day").to_owned()
                } else {
                    format!("{}–{}", format_time(lang, self.start), format_time(lang, self.end))
                });
                parts.push(tf("from {date}", &[("date", format_date(lang, self.start.date()))]));
            }
        }
        if !self.note.is_empty() {
            parts.push(self.note.clone());
        }
        parts.join(" · ")
    }

    pub fn validate(&self) -> Result<(), Vec<FieldError>> {
        let mut errors = Vec::new();
        if self.end <= self.start {
            errors.push(FieldError::new("end", t("The end must be after the start.")));
        } else if self.end - self.start > chrono::Duration::days(MAX_BLOCKED_DAYS as i64) {
            errors.push(FieldError::new(
                "end",
                tf(
                    "Blocked time lasts at most {n} days; add another for the rest.",
                    &[("n", MAX_BLOCKED_DAYS.to_string())],
                ),
            ));
        } else if !self.repeat.is_once() && self.end > self.start.date().and_time(NaiveTime::MIN) + Days::new(1) {
            errors.push(FieldError::new("end", t("Time that repeats starts and ends on the same day.")));
        }
        if self.note.chars().count() > MAX_SHORT_CHARS {
            errors.push(FieldError::new(
                "note",
                tf("Keep this under {max} characters.", &[("max", MAX_SHORT_CHARS.to_string())]),
            ));
        }
        if errors.is_empty() {
            Ok(())
        } else {
            Err(errors)
        }
    }
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

    fn day(y: i32, m: u32, d: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, d).unwrap()
    }

    #[test]
    fn settings_without_a_calendar_read_and_write_as_before() {
        // The frozen format-2 vector's settings, with the fields added since: no `calendar`
        // is read as the default calendar and written back without one.
        let old = r##"{"schema":1,"currency":"UAH","services":[],"custom_fields":[],"tags":[],"segments":[],"last_backup":null,"backup_reminder_days":7,"backup_reminder_changes":50,"auto_lock_minutes":5,"lock_when_hidden":false,"default_country_code":"","not_duplicates":[]}"##;
        let settings: Settings = serde_json::from_str(old).unwrap();
        assert!(settings.calendar.is_default());
        assert_eq!(serde_json::to_string(&settings).unwrap(), old);
    }

    #[test]
    fn the_default_calendar_is_monday_to_friday_nine_to_six_without_a_buffer() {
        let calendar = CalendarSettings::default();
        let open: Vec<_> = calendar.hours.iter().map(|d| d.open).collect();
        assert_eq!(open, [true, true, true, true, true, false, false]);
        assert_eq!(
            calendar.day(Weekday::Wed).on(day(2026, 12, 2)),
            Some((day(2026, 12, 2).and_hms_opt(9, 0, 0).unwrap(), day(2026, 12, 2).and_hms_opt(18, 0, 0).unwrap(),))
        );
        assert_eq!(calendar.day(Weekday::Sun).on(day(2026, 12, 6)), None);
        assert_eq!((calendar.buffer_min, calendar.discreet), (0, false));
        assert!(calendar.validate().is_ok());
    }

    #[test]
    fn a_changed_calendar_is_written_as_format_md_shows_it_and_reads_back() {
        let mut settings = Settings::default();
        settings.calendar.hours[5] = WorkingDay { open: true, from: ClockTime::hm(10, 0), to: ClockTime::END_OF_DAY };
        settings.calendar.buffer_min = 15;
        settings.calendar.discreet = true;
        settings.calendar.blocked = vec![
            BlockedTime {
                id: "lunch".into(),
                kind: BlockKind::Break,
                start: day(2026, 12, 1).and_hms_opt(13, 0, 0).unwrap(),
                end: day(2026, 12, 1).and_hms_opt(14, 0, 0).unwrap(),
                note: String::new(),
                repeat: Repeat::WorkingDays,
            },
            BlockedTime {
                note: "New Year".into(),
                ..BlockedTime::whole_days("ny".into(), BlockKind::Holiday, day(2026, 12, 31), day(2027, 1, 2))
            },
        ];
        let json = serde_json::to_string(&settings.calendar).unwrap();
        assert!(json.contains(r#"{"open":true,"from":"10:00","to":"24:00"}"#), "{json}");
        assert!(json.contains(r#""buffer_min":15,"discreet":true"#), "{json}");
        assert!(json.contains(r#"{"id":"lunch","kind":"Break","start":"2026-12-01T13:00:00","end":"2026-12-01T14:00:00","repeat":"WorkingDays"}"#), "{json}");
        assert!(json.contains(r#"{"id":"ny","kind":"Holiday","start":"2026-12-31T00:00:00","end":"2027-01-03T00:00:00","note":"New Year"}"#), "{json}");
        let whole = serde_json::to_string(&settings).unwrap();
        assert_eq!(serde_json::from_str::<Settings>(&whole).unwrap(), settings);
        // A calendar written with only some fields takes the defaults for the rest.
        let partial: CalendarSettings = serde_json::from_str(r#"{"buffer_min":10}"#).unwrap();
        assert_eq!(partial, CalendarSettings { buffer_min: 10, ..CalendarSettings::default() });
    }

    #[test]
    fn clock_times_read_from_midnight_to_the_end_of_the_day() {
        assert_eq!(ClockTime::parse("09:30"), Some(ClockTime::hm(9, 30)));
        assert_eq!(ClockTime::parse("9:05"), Some(ClockTime::hm(9, 5)));
        assert_eq!(ClockTime::parse("24:00"), Some(ClockTime::END_OF_DAY));
        for bad in ["24:01", "25:00", "12:60", "12:5", "12", "", "ab:cd", "-1:00", "123:00"] {
            assert_eq!(ClockTime::parse(bad), None, "{bad}");
        }
        assert_eq!(ClockTime::hm(7, 5).to_string(), "07:05");
        assert_eq!(ClockTime::END_OF_DAY.on(day(2026, 12, 31)), day(2027, 1, 1).and_hms_opt(0, 0, 0).unwrap());
        assert!(serde_json::from_str::<ClockTime>(r#""26:00""#).is_err());
    }

    #[test]
    fn calendar_settings_are_checked_field_by_field() {
        let mut calendar = CalendarSettings::default();
        calendar.hours[0].from = ClockTime::hm(18, 0);
        calendar.hours[6].to = ClockTime::hm(1, 0); // closed, so its times do not matter
        calendar.buffer_min = 241;
        let start = day(2026, 12, 1).and_hms_opt(13, 0, 0).unwrap();
        calendar.blocked = vec![
            BlockedTime {
                id: "a".into(),
                kind: BlockKind::Break,
                start,
                end: start,
                note: String::new(),
                repeat: Repeat::Once,
            },
            BlockedTime {
                id: "b".into(),
                kind: BlockKind::Other,
                start,
                end: start + chrono::Duration::hours(12),
                note: "x".repeat(501),
                repeat: Repeat::Weekly,
            },
        ];
        let fields: Vec<_> = calendar.validate().unwrap_err().into_iter().map(|e| e.field).collect();
        assert_eq!(fields, ["hours.0", "buffer", "blocked.0.end", "blocked.1.end", "blocked.1.note"]);
        let year = BlockedTime::whole_days("y".into(), BlockKind::Holiday, day(2026, 1, 1), day(2027, 1, 5));
        assert!(year.validate().is_err(), "over 366 days");
    }

    #[test]
    fn whole_days_run_midnight_to_midnight() {
        let off = BlockedTime::whole_days("d".into(), BlockKind::DayOff, day(2026, 12, 1), day(2026, 12, 1));
        assert!(off.is_whole_days());
        assert_eq!(
            (off.start.date(), off.last_day(), off.end.date()),
            (day(2026, 12, 1), day(2026, 12, 1), day(2026, 12, 2))
        );
        let lunch = BlockedTime {
            start: day(2026, 12, 1).and_hms_opt(13, 0, 0).unwrap(),
            end: day(2026, 12, 1).and_hms_opt(14, 0, 0).unwrap(),
            ..off
        };
        assert!(!lunch.is_whole_days());
        assert_eq!((lunch.last_day(), lunch.weekday()), (day(2026, 12, 1), Weekday::Tue));
    }

    #[test]
    fn blocked_time_reads_as_one_line_in_the_interface_language() {
        crate::i18n::set_lang(crate::i18n::Lang::En);
        let plain = |b: &BlockedTime| b.describe().replace('\u{a0}', " ");
        let off = BlockedTime::whole_days("d".into(), BlockKind::DayOff, day(2026, 12, 1), day(2026, 12, 1));
        assert_eq!(plain(&off), "Day off · Dec 1, 2026");
        let holiday = BlockedTime {
            note: "New Year".into(),
            ..BlockedTime::whole_days("h".into(), BlockKind::Holiday, day(2026, 12, 31), day(2027, 1, 2))
        };
        assert_eq!(plain(&holiday), "Holiday · Dec 31, 2026 – Jan 2, 2027 · New Year");
        let lunch = BlockedTime {
            start: day(2026, 12, 1).and_hms_opt(13, 0, 0).unwrap(),
            end: day(2026, 12, 1).and_hms_opt(14, 0, 0).unwrap(),
            kind: BlockKind::Break,
            ..off.clone()
        };
        assert_eq!(plain(&lunch), "Break · Dec 1, 2026, 1:00 PM–2:00 PM");
        let daily = BlockedTime { repeat: Repeat::WorkingDays, note: "lunch".into(), ..lunch.clone() };
        assert_eq!(plain(&daily), "Break · Every working day · 1:00 PM–2:00 PM · from Dec 1, 2026 · lunch");
        let weekly = BlockedTime { repeat: Repeat::Weekly, kind: BlockKind::DayOff, ..off };
        assert_eq!(plain(&weekly), "Day off · Every week · Tuesday · all day · from Dec 1, 2026");
        crate::i18n::set_lang(crate::i18n::Lang::Ru);
        assert_eq!(plain(&daily), "Перерыв · Каждый рабочий день · 13:00–14:00 · с 1 дек. 2026 г. · lunch");
        crate::i18n::set_lang(crate::i18n::Lang::En);
    }
}
