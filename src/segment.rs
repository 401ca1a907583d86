//! Segments: saved filters over the profile, the computed history and the book's insight
//! (lifecycle stage, RFM segment, loyalty tier). A client belongs to a segment when every rule
//! matches.
//!
//! Saved segments are stored in the settings as JSON: a rule is `{"Variant": value}`, so rules
//! are only ever added, never renamed. Stages and RFM segments are stored by their stable keys
//! (`Stage::key`, `RfmSegment::key`), not by their Rust names.

use crate::i18n::{fill, tf, tp};
use chrono::{DateTime, NaiveDate, Utc};
use serde::{Deserialize, Serialize};

use crate::insight::{ClientInsight, RfmSegment, Stage};
use crate::model::{Client, ClientStats, Settings, SourceKind, StatusKind};
use crate::search::fold;

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Segment {
    pub id: String,
    pub name: String,
    pub rules: Vec<Rule>,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub enum Rule {
    /// Age in whole years, inclusive; clients without a birth year never match.
    AgeBetween {
        min: u32,
        max: u32,
    },
    /// Case-insensitive equality.
    Gender(String),
    /// Case-insensitive equality with the address's city.
    City(String),
    HasTag(String),
    Status(StatusKind),
    Source(SourceKind),
    /// Everything paid, in minor units, strictly above the amount.
    TotalPaidAbove(i64),
    /// At least `at_least` completed visits in the last `days` days.
    VisitsInLastDays {
        days: u32,
        at_least: u32,
    },
    /// The last completed visit was before the date; clients who never came do not match.
    LastVisitBefore(NaiveDate),
    /// A custom field's canonical value equals this one (case-insensitive).
    CustomEquals {
        field: String,
        value: String,
    },
    /// A numeric custom field is at least this value.
    CustomAtLeast {
        field: String,
        value: f64,
    },
    /// The client's lifecycle stage.
    Stage(#[serde(with = "stage_key")] Stage),
    /// The client's RFM segment.
    RfmSegment(#[serde(with = "rfm_key")] RfmSegment),
    /// The client's loyalty tier, by its name (case-insensitive); no one while the programme
    /// is off.
    LoyaltyTier(String),
}

/// A stage as its key: `"due-back"`.
mod stage_key {
    use super::Stage;
    use serde::{de::Error, Deserialize, Deserializer, Serializer};

    pub fn serialize<S: Serializer>(stage: &Stage, out: S) -> Result<S::Ok, S::Error> {
        out.serialize_str(stage.key())
    }

    pub fn deserialize<'de, D: Deserializer<'de>>(input: D) -> Result<Stage, D::Error> {
        let key = String::deserialize(input)?;
        Stage::from_key(&key).ok_or_else(|| D::Error::custom(format!("unknown lifecycle stage {key:?}")))
    }
}

/// An RFM segment as its key: `"cant-lose"`.
mod rfm_key {
    use super::RfmSegment;
    use serde::{de::Error, Deserialize, Deserializer, Serializer};

    pub fn serialize<S: Serializer>(segment: &RfmSegment, out: S) -> Result<S::Ok, S::Error> {
        out.serialize_str(segment.key())
    }

    pub fn deserialize<'de, D: Deserializer<'de>>(input: D) -> Result<RfmSegment, D::Error> {
        let key = String::deserialize(input)?;
        RfmSegment::from_key(&key).ok_or_else(|| D::Error::custom(format!("unknown RFM segment {key:?}")))
    }
}

/// What rules look at besides the client: its statistics, its insight and the current date
/// and time.
pub struct Facts<'a> {
    pub client: &'a Client,
    pub stats: &'a ClientStats,
    /// `None` until the book's insight is complete: the insight rules match no one until then.
    pub insight: Option<&'a ClientInsight>,
    pub today: NaiveDate,
    pub now: DateTime<Utc>,
}

impl Rule {
    pub fn matches(&self, facts: &Facts) -> bool {
        let client = facts.client;
        match self {
            Self::AgeBetween { min, max } => {
                client.birthday.and_then(|b| b.age_on(facts.today)).is_some_and(|age| (*min..=*max).contains(&age))
            }
            Self::Gender(gender) => fold(&client.gender) == fold(gender),
            Self::City(city) => fold(&client.address.city) == fold(city),
            Self::HasTag(tag) => client.tags.iter().any(|t| fold(t) == fold(tag)),
            Self::Status(kind) => client.status.kind() == *kind,
            Self::Source(kind) => client.source.kind == *kind,
            Self::TotalPaidAbove(minor) => facts.stats.total_paid_minor() > *minor,
            Self::VisitsInLastDays { days, at_least } => {
                let since = facts.now - chrono::Duration::days(i64::from(*days));
                ClientStats::visits_since(client, since) >= *at_least
            }
            Self::LastVisitBefore(date) => facts.stats.last_visit.is_some_and(|t| t.date_naive() < *date),
            Self::CustomEquals { field, value } => client.custom.get(field).is_some_and(|v| fold(v) == fold(value)),
            Self::CustomAtLeast { field, value } => client
                .custom
                .get(field)
                .and_then(|v| v.replace(',', ".").parse::<f64>().ok())
                .is_some_and(|v| v >= *value),
            Self::Stage(stage) => facts.insight.is_some_and(|i| i.stage == *stage),
            Self::RfmSegment(segment) => facts.insight.is_some_and(|i| i.segment == Some(*segment)),
            Self::LoyaltyTier(tier) => {
                facts.insight.and_then(|i| i.tier.as_deref()).is_some_and(|t| fold(t) == fold(tier))
            }
        }
    }

    /// Reads the book's insight.
    pub fn needs_insight(&self) -> bool {
        matches!(self, Self::Stage(_) | Self::RfmSegment(_) | Self::LoyaltyTier(_))
    }

    /// A sentence for the segment builder's list of rules.
    pub fn describe(&self, settings: &Settings) -> String {
        let field_label = |id: &str| {
            settings.custom_fields.iter().find(|f| f.id == id).map_or_else(|| id.to_owned(), |f| f.label.clone())
        };
        match self {
            Self::AgeBetween { min, max } => {
                tf("Age {min}–{max}", &[("min", min.to_string()), ("max", max.to_string())])
            }
            Self::Gender(g) => tf("Gender is {value}", &[("value", g.clone())]),
            Self::City(c) => tf("City is {value}", &[("value", c.clone())]),
            Self::HasTag(tag) => tf("Tagged {value}", &[("value", tag.clone())]),
            Self::Status(s) => tf("Status is {value}", &[("value", s.label().to_owned())]),
            Self::Source(s) => tf("Source is {value}", &[("value", s.label().to_owned())]),
            Self::TotalPaidAbove(minor) => tf(
                "Paid more than {amount}",
                &[("amount", crate::i18n::format_money(crate::i18n::lang(), *minor, &settings.currency))],
            ),
            Self::VisitsInLastDays { days, at_least } => fill(
                &tp("At least {n} visit in {days}", "At least {n} visits in {days}", u64::from(*at_least)),
                &[("days", tp("{n} day", "{n} days", u64::from(*days)))],
            ),
            Self::LastVisitBefore(d) => {
                tf("Last visit before {date}", &[("date", crate::i18n::format_date(crate::i18n::lang(), *d))])
            }
            Self::CustomEquals { field, value } => {
                let shown = settings.custom_fields.iter().find(|f| &f.id == field).map(|f| f.kind.display(value));
                tf(
                    "{field} is {value}",
                    &[("field", field_label(field)), ("value", shown.unwrap_or_else(|| value.clone()))],
                )
            }
            Self::CustomAtLeast { field, value } => {
                tf("{field} at least {value}", &[("field", field_label(field)), ("value", value.to_string())])
            }
            Self::Stage(stage) => tf("Lifecycle stage is {value}", &[("value", stage.label().to_owned())]),
            Self::RfmSegment(segment) => tf("RFM segment is {value}", &[("value", segment.label().to_owned())]),
            Self::LoyaltyTier(tier) => tf("Loyalty tier is {value}", &[("value", tier.clone())]),
        }
    }
}

impl Segment {
    pub fn matches(&self, facts: &Facts) -> bool {
        self.rules.iter().all(|rule| rule.matches(facts))
    }

    /// Some rule reads the book's insight: its members are known once the insight is complete.
    pub fn needs_insight(&self) -> bool {
        self.rules.iter().any(Rule::needs_insight)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{Address, Birthday, Outcome, Status, Visit};

    fn date(y: i32, m: u32, d: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, d).unwrap()
    }

    fn at(y: i32, m: u32, d: u32) -> DateTime<Utc> {
        date(y, m, d).and_hms_opt(12, 0, 0).unwrap().and_utc()
    }

    fn completed(when: DateTime<Utc>, paid: i64) -> Visit {
        Visit {
            start: when,
            duration_min: 60,
            outcome: Outcome::Completed,
            paid,
            currency: "EUR".into(),
            ..Visit::default()
        }
    }

    /// Three hand-built clients with known facts.
    fn fixtures() -> Vec<Client> {
        let mut anna = Client { id: "anna".into(), name: "Anna".into(), gender: "Female".into(), ..Client::default() };
        anna.birthday = Some(Birthday { month: 6, day: 1, year: Some(1990) });
        anna.address = Address { city: "Kyiv".into(), ..Address::default() };
        anna.tags = vec!["VIP".into()];
        anna.custom.insert("size".into(), "38".into());
        anna.custom.insert("hair".into(), "long".into());
        anna.visits =
            vec![completed(at(2026, 11, 1), 5000), completed(at(2026, 10, 1), 5000), completed(at(2025, 1, 1), 5000)];

        let mut boris =
            Client { id: "boris".into(), name: "Борис".into(), gender: "male".into(), ..Client::default() };
        boris.birthday = Some(Birthday { month: 12, day: 31, year: Some(2000) });
        boris.address = Address { city: "Київ".into(), ..Address::default() };
        boris.status = Status::Inactive;
        boris.source.kind = SourceKind::Referral;
        boris.custom.insert("size".into(), "44".into());
        boris.visits = vec![completed(at(2025, 3, 1), 2000)];

        let mut wang =
            Client { id: "wang".into(), name: "王芳".into(), gender: "female".into(), ..Client::default() };
        wang.birthday = Some(Birthday { month: 2, day: 3, year: None });
        wang.tags = vec!["vip".into(), "new".into()];
        wang.status = Status::Lead;
        vec![anna, boris, wang]
    }

    fn members(rules: Vec<Rule>) -> Vec<String> {
        let segment = Segment { id: "s".into(), name: "test".into(), rules };
        let now = at(2026, 11, 22);
        fixtures()
            .iter()
            .filter(|client| {
                let stats = ClientStats::of(client, now);
                segment.matches(&Facts { client, stats: &stats, insight: None, today: now.date_naive(), now })
            })
            .map(|c| c.id.clone())
            .collect()
    }

    #[test]
    fn profile_rules() {
        assert_eq!(members(vec![Rule::AgeBetween { min: 30, max: 40 }]), ["anna"]);
        assert_eq!(members(vec![Rule::AgeBetween { min: 0, max: 200 }]), ["anna", "boris"]);
        assert_eq!(members(vec![Rule::Gender("FEMALE".into())]), ["anna", "wang"]);
        assert_eq!(members(vec![Rule::City("київ".into())]), ["boris"]);
        assert_eq!(members(vec![Rule::HasTag("vip".into())]), ["anna", "wang"]);
        assert_eq!(members(vec![Rule::Status(StatusKind::Lead)]), ["wang"]);
        assert_eq!(members(vec![Rule::Source(SourceKind::Referral)]), ["boris"]);
    }

    #[test]
    fn history_rules() {
        assert_eq!(members(vec![Rule::TotalPaidAbove(10000)]), ["anna"]);
        assert_eq!(members(vec![Rule::TotalPaidAbove(0)]), ["anna", "boris"]);
        assert_eq!(members(vec![Rule::VisitsInLastDays { days: 60, at_least: 2 }]), ["anna"]);
        assert_eq!(members(vec![Rule::VisitsInLastDays { days: 30, at_least: 2 }]), Vec::<String>::new());
        assert_eq!(members(vec![Rule::LastVisitBefore(date(2026, 1, 1))]), ["boris"]);
    }

    #[test]
    fn custom_field_rules() {
        assert_eq!(members(vec![Rule::CustomEquals { field: "hair".into(), value: "LONG".into() }]), ["anna"]);
        assert_eq!(members(vec![Rule::CustomAtLeast { field: "size".into(), value: 40.0 }]), ["boris"]);
    }

    #[test]
    fn rules_combine_with_and() {
        assert_eq!(members(vec![Rule::HasTag("vip".into()), Rule::Status(StatusKind::Active)]), ["anna"]);
        assert_eq!(members(vec![]), ["anna", "boris", "wang"]);
    }

    #[test]
    fn segments_saved_before_the_insight_rules_read_back_unchanged() {
        // As an earlier version stored them in the settings.
        let stored = r#"{"id":"s1","name":"Regulars","rules":[{"AgeBetween":{"min":30,"max":40}},{"Gender":"female"},{"City":"Kyiv"},{"HasTag":"vip"},{"Status":"Lead"},{"Source":"Referral"},{"TotalPaidAbove":10000},{"VisitsInLastDays":{"days":60,"at_least":2}},{"LastVisitBefore":"2026-01-01"},{"CustomEquals":{"field":"hair","value":"long"}},{"CustomAtLeast":{"field":"size","value":40.5}}]}"#;
        let segment: Segment = serde_json::from_str(stored).unwrap();
        assert_eq!(
            segment.rules,
            vec![
                Rule::AgeBetween { min: 30, max: 40 },
                Rule::Gender("female".into()),
                Rule::City("Kyiv".into()),
                Rule::HasTag("vip".into()),
                Rule::Status(StatusKind::Lead),
                Rule::Source(SourceKind::Referral),
                Rule::TotalPaidAbove(10000),
                Rule::VisitsInLastDays { days: 60, at_least: 2 },
                Rule::LastVisitBefore(date(2026, 1, 1)),
                Rule::CustomEquals { field: "hair".into(), value: "long".into() },
                Rule::CustomAtLeast { field: "size".into(), value: 40.5 },
            ]
        );
        assert_eq!(serde_json::to_string(&segment).unwrap(), stored);
    }

    #[test]
    fn insight_rules_are_stored_by_their_stable_keys() {
        let rules =
            vec![Rule::Stage(Stage::DueBack), Rule::RfmSegment(RfmSegment::CantLose), Rule::LoyaltyTier("Gold".into())];
        let stored = serde_json::to_string(&rules).unwrap();
        assert_eq!(stored, r#"[{"Stage":"due-back"},{"RfmSegment":"cant-lose"},{"LoyaltyTier":"Gold"}]"#);
        assert_eq!(serde_json::from_str::<Vec<Rule>>(&stored).unwrap(), rules);
        for stage in Stage::ALL {
            let rule = Rule::Stage(stage);
            assert_eq!(serde_json::from_str::<Rule>(&serde_json::to_string(&rule).unwrap()).unwrap(), rule);
        }
        for segment in RfmSegment::ALL {
            let rule = Rule::RfmSegment(segment);
            assert_eq!(serde_json::from_str::<Rule>(&serde_json::to_string(&rule).unwrap()).unwrap(), rule);
        }
        // A key this version does not know is an error to report, not a panic.
        assert!(serde_json::from_str::<Rule>(r#"{"Stage":"Lead"}"#).is_err());
        assert!(serde_json::from_str::<Rule>(r#"{"RfmSegment":"vip"}"#).is_err());
    }

    #[test]
    fn insight_rules_match_no_one_without_the_insight() {
        assert_eq!(members(vec![Rule::Stage(Stage::Lead)]), Vec::<String>::new());
        assert_eq!(members(vec![Rule::RfmSegment(RfmSegment::Lost)]), Vec::<String>::new());
        assert_eq!(members(vec![Rule::LoyaltyTier("Gold".into())]), Vec::<String>::new());
    }

    #[test]
    fn insight_rules_describe_themselves() {
        let settings = Settings::default();
        assert_eq!(Rule::Stage(Stage::WonBack).describe(&settings), "Lifecycle stage is Won back");
        assert_eq!(Rule::RfmSegment(RfmSegment::CantLose).describe(&settings), "RFM segment is Can't lose");
        assert_eq!(Rule::LoyaltyTier("Gold".into()).describe(&settings), "Loyalty tier is Gold");
    }
}
