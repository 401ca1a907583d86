//! What importing a backup would do, computed before anything is written: the preview counts,
//! and the exact set of writes for a merge or a replace.

use crate::i18n::{fill, t, tp};
use std::collections::HashMap;

use chrono::{DateTime, TimeZone, Utc};

use super::{BackupInfo, BackupPayload};
use crate::book::Book;
use crate::model::{Client, Settings};

/// Shown before the user chooses Merge or Replace.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct ImportPreview {
    pub created: Option<DateTime<Utc>>,
    pub app_version: String,
    pub clients: usize,
    pub in_trash: usize,
    pub visits: usize,
    pub interactions: usize,
    pub follow_ups: usize,
    pub services: usize,
    pub custom_fields: usize,
    pub segments: usize,
    /// Compared with the vault by record id.
    pub new: usize,
    pub newer: usize,
    pub older: usize,
    pub identical: usize,
}

impl ImportPreview {
    pub fn of(info: &BackupInfo, payload: &BackupPayload, book: &Book) -> Self {
        let mut preview = Self {
            created: Some(info.created),
            app_version: info.app_version.clone(),
            clients: payload.clients.len(),
            services: payload.settings.services.len(),
            custom_fields: payload.settings.custom_fields.len(),
            segments: payload.settings.segments.len(),
            ..Self::default()
        };
        for client in &payload.clients {
            preview.in_trash += usize::from(client.trashed.is_some());
            preview.visits += client.visits.len();
            preview.interactions += client.interactions.len();
            preview.follow_ups += client.follow_ups.len();
            match book.get(&client.id) {
                None => preview.new += 1,
                Some(current) if current == client => preview.identical += 1,
                Some(current) if client.updated > current.updated => preview.newer += 1,
                Some(_) => preview.older += 1,
            }
        }
        preview
    }
}

/// Which version a merge kept for a client both sides have.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Kept {
    Backup,
    ThisDevice,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Conflict {
    pub id: String,
    pub name: String,
    pub kept: Kept,
}

/// The writes an import makes, all in one transaction.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct ImportPlan {
    pub puts: Vec<Client>,
    pub deletes: Vec<String>,
    pub settings: Settings,
    pub conflicts: Vec<Conflict>,
}

impl ImportPlan {
    /// Merge by record id: the newer `updated` wins; identical records are left alone.
    /// Importing the same backup twice changes nothing the second time.
    pub fn merge(book: &Book, payload: &BackupPayload) -> Self {
        let mut plan = Self { settings: merge_settings(&book.settings, &payload.settings), ..Self::default() };
        for client in &payload.clients {
            match book.get(&client.id) {
                None => plan.puts.push(client.clone()),
                Some(current) if current == client => {}
                Some(current) if client.updated > current.updated => {
                    plan.conflicts.push(Conflict {
                        id: client.id.clone(),
                        name: client.name.clone(),
                        kept: Kept::Backup,
                    });
                    plan.puts.push(client.clone());
                }
                Some(current) => plan.conflicts.push(Conflict {
                    id: current.id.clone(),
                    name: current.name.clone(),
                    kept: Kept::ThisDevice,
                }),
            }
        }
        plan
    }

    /// Replace everything: afterwards the book holds exactly the backup.
    pub fn replace(book: &Book, payload: &BackupPayload) -> Self {
        let keep: std::collections::HashSet<&str> = payload.clients.iter().map(|c| c.id.as_str()).collect();
        Self {
            puts: payload.clients.clone(),
            deletes: book.entries().map(|e| e.client.id.clone()).filter(|id| !keep.contains(id.as_str())).collect(),
            settings: payload.settings.clone(),
            conflicts: Vec::new(),
        }
    }
}

/// Lists are joined by id (this device's entry wins on a clash); tags by name; the calendar,
/// the insight thresholds and the loyalty programme come from the backup while this device
/// never set its own (a new device takes the book's programme; a device's own one is kept);
/// the device keeps its own currency and backup bookkeeping.
fn merge_settings(current: &Settings, incoming: &Settings) -> Settings {
    fn unless_set<T: Clone + Default + PartialEq>(mine: &T, theirs: &T) -> T {
        if *mine == T::default() { theirs } else { mine }.clone()
    }
    fn join<T: Clone>(mine: &[T], theirs: &[T], key: impl Fn(&T) -> String) -> Vec<T> {
        let seen: HashMap<String, ()> = mine.iter().map(|x| (key(x), ())).collect();
        mine.iter().cloned().chain(theirs.iter().filter(|x| !seen.contains_key(&key(x))).cloned()).collect()
    }
    Settings {
        services: join(&current.services, &incoming.services, |s| s.id.clone()),
        custom_fields: join(&current.custom_fields, &incoming.custom_fields, |f| f.id.clone()),
        tags: join(&current.tags, &incoming.tags, |t| t.name.clone()),
        segments: join(&current.segments, &incoming.segments, |s| s.id.clone()),
        calendar: unless_set(&current.calendar, &incoming.calendar),
        insight: unless_set(&current.insight, &incoming.insight),
        loyalty: unless_set(&current.loyalty, &incoming.loyalty),
        ..current.clone()
    }
}

/// "Last backup: N days ago, M changes since", and whether to remind.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct BackupHealth {
    /// Calendar days since the last backup in the user's time zone: 0 on the same day.
    pub days_since: Option<i64>,
    /// Clients created or changed since the last backup.
    pub changes_since: usize,
    pub reminder_due: bool,
}

impl BackupHealth {
    /// The line shown on Today, Backup and Settings.
    pub fn summary(&self) -> String {
        match self.days_since {
            None => t("No backup yet.").to_owned(),
            Some(days) => fill(
                t("Last backup: {days}, {changes} since."),
                &[
                    ("days", days_ago(days.max(0) as u64)),
                    ("changes", tp("{n} change", "{n} changes", self.changes_since as u64)),
                ],
            ),
        }
    }
}

/// How long ago something happened, in whole days: "today", "yesterday", "3 days ago".
pub fn days_ago(days: u64) -> String {
    match days {
        0 => t("today").to_owned(),
        1 => t("yesterday").to_owned(),
        n => tp("{n} day ago", "{n} days ago", n),
    }
}

pub fn backup_health<Tz: TimeZone>(book: &Book, now: DateTime<Utc>, tz: &Tz) -> BackupHealth {
    let last = book.settings.last_backup;
    let changes_since = book.entries().filter(|e| last.is_none_or(|t| e.client.updated > t)).count();
    let local_day = |t: DateTime<Utc>| t.with_timezone(tz).date_naive();
    let days_since = last.map(|t| (local_day(now) - local_day(t)).num_days());
    let reminder_due = book.entries().next().is_some()
        && (days_since.is_none_or(|d| d >= i64::from(book.settings.backup_reminder_days))
            || changes_since >= book.settings.backup_reminder_changes as usize);
    BackupHealth { days_since, changes_since, reminder_due }
}
