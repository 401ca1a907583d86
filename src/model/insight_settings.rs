//! The settings of the book's insight: the thresholds of the lifecycle stages, the churn
//! warnings and RFM (docs/ANALYTICS.md), and the optional loyalty programme.

use serde::{Deserialize, Serialize};

use crate::i18n::{t, tf};
use crate::search::fold;

use super::client::FieldError;

/// Thresholds in days unless named otherwise. Defaults are the ones docs/ANALYTICS.md gives.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct InsightSettings {
    /// RFM scores clients with a held visit within this many days.
    pub rfm_window_days: u32,
    /// A client is New while their first held visit is at most this many days old.
    pub new_days: u32,
    /// Active without a typical interval: the last held visit at most this many days ago.
    pub active_days: u32,
    /// Lapsed: no held visit for more than this many days.
    pub lapsed_days: u32,
    /// Drifting when the days since the last held visit exceed this many times the median
    /// interval...
    pub drifting_factor: u32,
    /// ...for clients with at least this many held visits.
    pub drifting_min_visits: u32,
    /// A rating at or below this is low: two low ones in a row mean drifting, and one opens a
    /// to-handle item.
    pub low_rating: u8,
}

impl Default for InsightSettings {
    fn default() -> Self {
        Self {
            rfm_window_days: 365,
            new_days: 90,
            active_days: 60,
            lapsed_days: 180,
            drifting_factor: 2,
            drifting_min_visits: 3,
            low_rating: 2,
        }
    }
}

/// The longest threshold in days: ten years.
const MAX_THRESHOLD_DAYS: u32 = 3650;

impl InsightSettings {
    pub fn is_default(&self) -> bool {
        *self == Self::default()
    }

    pub fn validate(&self) -> Result<(), Vec<FieldError>> {
        let mut errors = Vec::new();
        let days = [
            ("rfm_window_days", self.rfm_window_days),
            ("new_days", self.new_days),
            ("active_days", self.active_days),
            ("lapsed_days", self.lapsed_days),
        ];
        for (field, value) in days {
            if !(1..=MAX_THRESHOLD_DAYS).contains(&value) {
                errors.push(FieldError::new(
                    field,
                    tf("Enter a number of days from 1 to {max}.", &[("max", MAX_THRESHOLD_DAYS.to_string())]),
                ));
            }
        }
        if !(1..=10).contains(&self.drifting_factor) {
            errors.push(FieldError::new("drifting_factor", t("Enter a factor from 1 to 10.")));
        }
        if !(2..=100).contains(&self.drifting_min_visits) {
            errors.push(FieldError::new("drifting_min_visits", t("Enter a number of visits from 2 to 100.")));
        }
        if !(1..=4).contains(&self.low_rating) {
            errors.push(FieldError::new("low_rating", t("A low rating is from 1 to 4.")));
        }
        if errors.is_empty() {
            Ok(())
        } else {
            Err(errors)
        }
    }
}

/// The loyalty programme: off unless the user turns it on.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct LoyaltySettings {
    pub enabled: bool,
    /// Points earned per whole unit of the book's currency paid for held visits.
    pub points_per_unit: u32,
    /// Highest threshold last is not required: tiers are read by their thresholds.
    pub tiers: Vec<LoyaltyTier>,
    /// What a client gets in their birthday month, e.g. "10% off"; empty for no reminder.
    #[serde(skip_serializing_if = "String::is_empty")]
    pub birthday_perk: String,
}

/// A named tier, reached with this many points earned in all (spending points keeps the tier).
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct LoyaltyTier {
    pub name: String,
    pub min_points: u64,
}

pub const MAX_LOYALTY_TIERS: usize = 10;

impl LoyaltySettings {
    pub fn is_default(&self) -> bool {
        *self == Self::default()
    }

    pub fn validate(&self) -> Result<(), Vec<FieldError>> {
        let mut errors = Vec::new();
        if self.enabled && !(1..=10_000).contains(&self.points_per_unit) {
            errors.push(FieldError::new("points_per_unit", t("Enter points per unit from 1 to 10000.")));
        }
        if self.tiers.len() > MAX_LOYALTY_TIERS {
            errors.push(FieldError::new(
                "tiers",
                tf("Keep at most {max} tiers.", &[("max", MAX_LOYALTY_TIERS.to_string())]),
            ));
        }
        for (i, tier) in self.tiers.iter().enumerate() {
            let name = tier.name.trim();
            if name.is_empty() || name.chars().count() > 40 {
                errors.push(FieldError::new(
                    format!("tiers.{i}.name"),
                    t("Give the tier a name of up to 40 characters."),
                ));
            } else if self.tiers[..i].iter().any(|other| fold(other.name.trim()) == fold(name)) {
                // Compared as segment rules match a tier: "Золото" and "золото" are one tier.
                errors.push(FieldError::new(format!("tiers.{i}.name"), t("Two tiers cannot have the same name.")));
            }
            if self.tiers[..i].iter().any(|other| other.min_points == tier.min_points) {
                errors.push(FieldError::new(
                    format!("tiers.{i}.min_points"),
                    t("Two tiers cannot start at the same number of points."),
                ));
            }
        }
        if self.birthday_perk.chars().count() > 200 {
            errors.push(FieldError::new("birthday_perk", t("Keep the perk under 200 characters.")));
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
    fn defaults_are_the_documented_thresholds_and_valid() {
        let s = InsightSettings::default();
        assert_eq!((s.rfm_window_days, s.new_days, s.active_days, s.lapsed_days), (365, 90, 60, 180));
        assert_eq!((s.drifting_factor, s.drifting_min_visits, s.low_rating), (2, 3, 2));
        assert!(s.validate().is_ok());
        assert!(LoyaltySettings::default().validate().is_ok());
    }

    #[test]
    fn out_of_range_thresholds_are_refused_by_field() {
        let s = InsightSettings { lapsed_days: 0, drifting_factor: 11, low_rating: 5, ..InsightSettings::default() };
        let fields: Vec<_> = s.validate().unwrap_err().into_iter().map(|e| e.field).collect();
        assert_eq!(fields, ["lapsed_days", "drifting_factor", "low_rating"]);
    }

    #[test]
    fn tiers_need_distinct_names_and_thresholds() {
        let tier = |name: &str, min_points| LoyaltyTier { name: name.into(), min_points };
        let loyalty = LoyaltySettings {
            enabled: true,
            points_per_unit: 0,
            tiers: vec![tier("Золото", 100), tier("золото", 200), tier("", 100)],
            birthday_perk: String::new(),
        };
        let fields: Vec<_> = loyalty.validate().unwrap_err().into_iter().map(|e| e.field).collect();
        assert_eq!(fields, ["points_per_unit", "tiers.1.name", "tiers.2.name", "tiers.2.min_points"]);
    }
}
