//! Lifecycle stages and the churn warning (docs/ANALYTICS.md, "Lifecycle" and "Drifting").

use chrono::{Days, NaiveDate};

use crate::i18n::t;
use crate::model::InsightSettings;

use super::value::{ClientValue, HeldVisit};

/// A client's stage, derived from their held visits and the date.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Stage {
    /// No held visit yet.
    Lead,
    /// The first held visit is recent.
    New,
    /// Back within the typical interval.
    Active,
    /// Past the typical interval, not yet drifting.
    DueBack,
    Drifting,
    /// Back recently after a lapse.
    WonBack,
    /// No held visit for a long time.
    Lapsed,
}

impl Stage {
    pub const ALL: [Self; 7] =
        [Self::Lead, Self::New, Self::Active, Self::DueBack, Self::Drifting, Self::WonBack, Self::Lapsed];

    pub fn label(self) -> &'static str {
        match self {
            Self::Lead => t("Lead"),
            Self::New => t("New"),
            Self::Active => t("Active"),
            Self::DueBack => t("Due back"),
            Self::Drifting => t("Drifting"),
            Self::WonBack => t("Won back"),
            Self::Lapsed => t("Lapsed"),
        }
    }

    /// Its name in addresses and saved rules; never changes.
    pub fn key(self) -> &'static str {
        match self {
            Self::Lead => "lead",
            Self::New => "new",
            Self::Active => "active",
            Self::DueBack => "due-back",
            Self::Drifting => "drifting",
            Self::WonBack => "won-back",
            Self::Lapsed => "lapsed",
        }
    }

    pub fn from_key(key: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|s| s.key() == key)
    }
}

/// Why a client is drifting, and since when.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Drift {
    /// The days since the last held visit exceed the factor times the typical interval.
    pub overdue: bool,
    /// The last two rated held visits are both rated low.
    pub low_ratings: bool,
    /// The first day either rule held.
    pub since: NaiveDate,
    /// The day the later of the two rules began to hold (the same as `since` with one): a
    /// contact logged on or after it answers the warning, so an old contact about low ratings
    /// does not silence a new overdue warning.
    pub answered_from: NaiveDate,
}

/// The churn warning's rules. `held` is in start order.
pub fn drift(held: &[HeldVisit], value: &ClientValue, s: &InsightSettings, today: NaiveDate) -> Option<Drift> {
    let overdue_since = match (value.last_visit, value.typical_interval_days) {
        (Some(last), Some(interval)) if held.len() as u32 >= s.drifting_min_visits => {
            let limit = u64::from(interval) * u64::from(s.drifting_factor);
            last.checked_add_days(Days::new(limit + 1)).filter(|&since| since <= today)
        }
        _ => None,
    };
    // The last two rated held visits, the later one being the last held visit: a held visit
    // after it, rated or not, is the client coming back.
    let mut rated = held.iter().enumerate().rev().filter_map(|(i, h)| h.rating.map(|r| (i, h.date, r)));
    let low_since = match (rated.next(), rated.next()) {
        (Some((i, last, a)), Some((_, _, b))) if i + 1 == held.len() && a <= s.low_rating && b <= s.low_rating => {
            Some(last)
        }
        _ => None,
    };
    let (since, answered_from) = match (overdue_since, low_since) {
        (Some(a), Some(b)) => (a.min(b), a.max(b)),
        (a, b) => {
            let only = a.or(b)?;
            (only, only)
        }
    };
    Some(Drift { overdue: overdue_since.is_some(), low_ratings: low_since.is_some(), since, answered_from })
}

/// The stage, by the first rule that holds: Lead, Lapsed, Drifting, New, Won back, Active,
/// Due back.
pub fn stage(
    held: &[HeldVisit],
    value: &ClientValue,
    drift: Option<&Drift>,
    s: &InsightSettings,
    today: NaiveDate,
) -> Stage {
    let (Some(first), Some(days_since)) = (value.first_visit, value.days_since_last) else {
        return Stage::Lead;
    };
    let recent = |date: NaiveDate| (today - date).num_days() <= i64::from(s.new_days);
    if days_since > s.lapsed_days {
        Stage::Lapsed
    } else if drift.is_some() {
        Stage::Drifting
    } else if recent(first) {
        Stage::New
    } else if last_return(held, s).is_some_and(recent) {
        Stage::WonBack
    } else if days_since <= value.typical_interval_days.unwrap_or(s.active_days) {
        Stage::Active
    } else {
        Stage::DueBack
    }
}

/// The date of the latest held visit that came more than `lapsed_days` after the one before.
fn last_return(held: &[HeldVisit], s: &InsightSettings) -> Option<NaiveDate> {
    held.windows(2).rev().find(|w| (w[1].date - w[0].date).num_days() > i64::from(s.lapsed_days)).map(|w| w[1].date)
}
