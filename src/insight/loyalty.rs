//! Loyalty: points earned for what held visits paid in the book's currency, spent on visits,
//! and the tier the points earned reach (docs/ANALYTICS.md, "Loyalty").

use chrono::NaiveDate;

use crate::i18n::tf;
use crate::model::{minor_digits, Client, LoyaltySettings, LoyaltyTier, Outcome};

#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Points {
    /// Earned in all: each held visit in the book's currency earns ⌊paid × rate / one unit⌋.
    pub earned: u64,
    /// Spent on visits.
    pub redeemed: u64,
}

impl Points {
    /// What can still be spent; negative only if more was spent than earned.
    pub fn balance(self) -> i64 {
        self.earned as i64 - self.redeemed as i64
    }
}

/// The client's points; `except_visit` leaves one visit's redemption out (the form editing it).
pub fn points(client: &Client, loyalty: &LoyaltySettings, currency: &str, except_visit: Option<&str>) -> Points {
    let unit = 10i64.pow(minor_digits(currency));
    let mut points = Points::default();
    for visit in &client.visits {
        if visit.outcome == Outcome::Completed && visit.currency == currency && visit.paid > 0 {
            points.earned += (visit.paid * i64::from(loyalty.points_per_unit) / unit) as u64;
        }
        if except_visit != Some(visit.id.as_str()) {
            points.redeemed += u64::from(visit.points_redeemed);
        }
    }
    points
}

/// The highest tier whose threshold the points earned reach.
pub fn tier(earned: u64, loyalty: &LoyaltySettings) -> Option<&LoyaltyTier> {
    loyalty.tiers.iter().filter(|tier| tier.min_points <= earned).max_by_key(|tier| tier.min_points)
}

/// Why points cannot be spent on a visit.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum RedeemError {
    /// More than the client's balance without this visit.
    MoreThanBalance { balance: i64 },
}

impl RedeemError {
    pub fn message(self) -> String {
        match self {
            Self::MoreThanBalance { balance } => {
                tf("Only {n} points can be spent: that is the client's balance.", &[("n", balance.max(0).to_string())])
            }
        }
    }
}

/// Spending `amount` points on the visit `visit_id` leaves the balance at zero or above.
pub fn check_redeem(
    client: &Client,
    loyalty: &LoyaltySettings,
    currency: &str,
    visit_id: &str,
    amount: u32,
) -> Result<(), RedeemError> {
    let balance = points(client, loyalty, currency, Some(visit_id)).balance();
    if i64::from(amount) > balance {
        return Err(RedeemError::MoreThanBalance { balance });
    }
    Ok(())
}

/// The birthday perk is due this month: the programme is on with a perk, and the client's
/// birthday falls in today's month.
pub fn birthday_perk_due(client: &Client, loyalty: &LoyaltySettings, today: NaiveDate) -> bool {
    use chrono::Datelike;
    loyalty.enabled
        && !loyalty.birthday_perk.trim().is_empty()
        && !client.is_blocked()
        && client.birthday.is_some_and(|b| b.month == today.month())
}
