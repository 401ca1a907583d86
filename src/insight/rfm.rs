//! RFM: recency, frequency and monetary scores from 1 to 5 by quintile, and the named segments
//! they make (docs/ANALYTICS.md, "RFM").

use chrono::NaiveDate;

use crate::i18n::t;

/// What RFM measures of a client with a held visit in the window.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct RfmInput {
    /// Days from the last held visit to today.
    pub recency_days: u32,
    /// Held visits in the window.
    pub frequency: u32,
    /// Paid in the book's currency over the window's visits, in minor units.
    pub monetary: i64,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct RfmScores {
    pub r: u8,
    pub f: u8,
    pub m: u8,
}

impl RfmScores {
    /// Frequency and monetary together: their mean, halves rounded up.
    pub fn fm(self) -> u8 {
        (self.f + self.m).div_ceil(2)
    }
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum RfmSegment {
    Champions,
    Loyal,
    PotentialLoyalist,
    New,
    Promising,
    NeedsAttention,
    AtRisk,
    CantLose,
    Hibernating,
    Lost,
}

impl RfmSegment {
    pub const ALL: [Self; 10] = [
        Self::Champions,
        Self::Loyal,
        Self::PotentialLoyalist,
        Self::New,
        Self::Promising,
        Self::NeedsAttention,
        Self::AtRisk,
        Self::CantLose,
        Self::Hibernating,
        Self::Lost,
    ];

    pub fn label(self) -> &'static str {
        match self {
            Self::Champions => t("Champions"),
            Self::Loyal => t("Loyal"),
            Self::PotentialLoyalist => t("Potential loyalist"),
            Self::New => t("New customers"),
            Self::Promising => t("Promising"),
            Self::NeedsAttention => t("Needs attention"),
            Self::AtRisk => t("At risk"),
            Self::CantLose => t("Can't lose"),
            Self::Hibernating => t("Hibernating"),
            Self::Lost => t("Lost"),
        }
    }

    /// Its name in addresses and saved rules; never changes.
    pub fn key(self) -> &'static str {
        match self {
            Self::Champions => "champions",
            Self::Loyal => "loyal",
            Self::PotentialLoyalist => "potential-loyalist",
            Self::New => "new",
            Self::Promising => "promising",
            Self::NeedsAttention => "needs-attention",
            Self::AtRisk => "at-risk",
            Self::CantLose => "cant-lose",
            Self::Hibernating => "hibernating",
            Self::Lost => "lost",
        }
    }

    pub fn from_key(key: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|s| s.key() == key)
    }

    /// The segment of a scored client: the grid in docs/ANALYTICS.md, by R and FM.
    pub fn of(scores: RfmScores) -> Self {
        use RfmSegment::*;
        const GRID: [[RfmSegment; 5]; 5] = [
            // FM:  1            2                  3               4          5
            [Lost, Lost, AtRisk, CantLose, CantLose],                  // R 1
            [Hibernating, Hibernating, AtRisk, AtRisk, CantLose],      // R 2
            [Promising, NeedsAttention, NeedsAttention, Loyal, Loyal], // R 3
            [Promising, PotentialLoyalist, Loyal, Loyal, Champions],   // R 4
            [New, PotentialLoyalist, Loyal, Champions, Champions],     // R 5
        ];
        let row = usize::from(scores.r.clamp(1, 5) - 1);
        let column = usize::from(scores.fm().clamp(1, 5) - 1);
        GRID[row][column]
    }
}

/// The window's input of a client, from their held visit dates in order and what they paid in
/// the window; `None` without a held visit in the window (the last `window_days` days up to and
/// including today).
pub fn input(held_dates: &[NaiveDate], paid_in_window: i64, window_days: u32, today: NaiveDate) -> Option<RfmInput> {
    let in_window = |d: &&NaiveDate| **d <= today && (today - **d).num_days() < i64::from(window_days);
    let frequency = held_dates.iter().filter(in_window).count() as u32;
    let last = held_dates.iter().filter(in_window).max()?;
    Some(RfmInput { recency_days: (today - *last).num_days() as u32, frequency, monetary: paid_in_window })
}

/// Scores every input by quintile: a value's score is 1 + ⌊5 × (2 × below + equal) / (2 × n)⌋,
/// where `below` counts the clients with a worse value and `equal` those with the same one
/// (itself included), so tied clients share a score (their mid-rank's). Fewer days of recency
/// is better.
pub fn score(inputs: &[RfmInput]) -> Vec<RfmScores> {
    let recency = quintiles(inputs.iter().map(|i| -i64::from(i.recency_days)));
    let frequency = quintiles(inputs.iter().map(|i| i64::from(i.frequency)));
    let monetary = quintiles(inputs.iter().map(|i| i.monetary));
    (0..inputs.len()).map(|k| RfmScores { r: recency[k], f: frequency[k], m: monetary[k] }).collect()
}

/// Higher values score higher; see `score`.
fn quintiles(values: impl Iterator<Item = i64>) -> Vec<u8> {
    let values: Vec<i64> = values.collect();
    let n = values.len() as u64;
    let mut sorted = values.clone();
    sorted.sort_unstable();
    values
        .iter()
        .map(|v| {
            let below = sorted.partition_point(|x| x < v) as u64;
            let equal = sorted.partition_point(|x| x <= v) as u64 - below;
            (1 + 5 * (2 * below + equal) / (2 * n)) as u8
        })
        .collect()
}
