//! Plain words for a client's lifecycle stage: which rule of docs/ANALYTICS.md put them there,
//! with the thresholds of the book's settings, so the profile can say why and not only what.

use crate::i18n::{t, tf, tp};
use crate::model::InsightSettings;

use super::book::ClientInsight;
use super::lifecycle::Stage;

/// One or two sentences on why the client is in their stage, in the interface language.
pub fn stage_explanation(client: &ClientInsight, s: &InsightSettings) -> String {
    let days = |n: u32| tp("{n} day", "{n} days", u64::from(n));
    let interval = client.value.typical_interval_days;
    match client.stage {
        Stage::Lead => t("No held visit yet.").to_owned(),
        Stage::New => tf("Their first held visit was within the last {days}.", &[("days", days(s.new_days))]),
        Stage::Active => match interval {
            Some(n) => tf("Back within their typical interval of {days}.", &[("days", days(n))]),
            None => tf("Their last held visit was within the last {days}.", &[("days", days(s.active_days))]),
        },
        Stage::DueBack => match interval {
            Some(n) => tf("Past their typical interval of {days}, but not yet drifting.", &[("days", days(n))]),
            None => tf("No held visit in the last {days}, but not yet lapsed.", &[("days", days(s.active_days))]),
        },
        Stage::Drifting => {
            let mut reasons = Vec::new();
            let (overdue, low_ratings) = client.drift.map_or((false, false), |d| (d.overdue, d.low_ratings));
            if overdue {
                let limit = interval.unwrap_or(0).saturating_mul(s.drifting_factor);
                reasons.push(tf(
                    "Away longer than {factor} × their typical interval ({days}).",
                    &[("factor", s.drifting_factor.to_string()), ("days", days(limit))],
                ));
            }
            if low_ratings {
                reasons.push(tf("Their last two ratings were {n} of 5 or lower.", &[("n", s.low_rating.to_string())]));
            }
            reasons.join(" ")
        }
        Stage::WonBack => tf(
            "Came back within the last {recent} after more than {lapsed} away.",
            &[("recent", days(s.new_days)), ("lapsed", days(s.lapsed_days))],
        ),
        Stage::Lapsed => tf("No held visit for more than {days}.", &[("days", days(s.lapsed_days))]),
    }
}

#[cfg(test)]
mod tests {
    use chrono::NaiveDate;

    use super::*;
    use crate::i18n::{set_lang, Lang};
    use crate::insight::{ClientValue, Drift};
    use crate::model::SourceKind;

    fn client(stage: Stage, typical_interval_days: Option<u32>, drift: Option<Drift>) -> ClientInsight {
        ClientInsight {
            id: "c".into(),
            source: SourceKind::Unknown,
            value: ClientValue { typical_interval_days, ..ClientValue::default() },
            stage,
            drift,
            contacted_since_drift: false,
            rfm: None,
            segment: None,
            points: None,
            tier: None,
            stay_in_touch: None,
        }
    }

    fn drift(overdue: bool, low_ratings: bool) -> Option<Drift> {
        {
            let since = NaiveDate::from_ymd_opt(2025, 3, 1).unwrap();
            Some(Drift { overdue, low_ratings, since, answered_from: since })
        }
    }

    #[test]
    fn each_stage_names_the_threshold_that_placed_it() {
        set_lang(Lang::En);
        let s = InsightSettings::default();
        let says = |c: ClientInsight| stage_explanation(&c, &s);
        assert_eq!(says(client(Stage::Lead, None, None)), "No held visit yet.");
        assert_eq!(says(client(Stage::New, None, None)), "Their first held visit was within the last 90 days.");
        assert_eq!(says(client(Stage::Active, Some(1), None)), "Back within their typical interval of 1 day.");
        assert_eq!(says(client(Stage::Active, None, None)), "Their last held visit was within the last 60 days.");
        assert_eq!(
            says(client(Stage::DueBack, Some(30), None)),
            "Past their typical interval of 30 days, but not yet drifting."
        );
        assert_eq!(says(client(Stage::DueBack, None, None)), "No held visit in the last 60 days, but not yet lapsed.");
        assert_eq!(
            says(client(Stage::WonBack, Some(200), None)),
            "Came back within the last 90 days after more than 180 days away."
        );
        assert_eq!(says(client(Stage::Lapsed, Some(20), None)), "No held visit for more than 180 days.");
    }

    #[test]
    fn drifting_gives_each_rule_that_holds() {
        set_lang(Lang::En);
        let s = InsightSettings { drifting_factor: 3, low_rating: 1, ..InsightSettings::default() };
        // 3 × a 14-day interval: away longer than 42 days.
        let overdue = "Away longer than 3 × their typical interval (42 days).";
        let low = "Their last two ratings were 1 of 5 or lower.";
        assert_eq!(stage_explanation(&client(Stage::Drifting, Some(14), drift(true, false)), &s), overdue);
        assert_eq!(stage_explanation(&client(Stage::Drifting, None, drift(false, true)), &s), low);
        assert_eq!(
            stage_explanation(&client(Stage::Drifting, Some(14), drift(true, true)), &s),
            format!("{overdue} {low}")
        );
    }

    #[test]
    fn explanations_follow_the_interface_language() {
        set_lang(Lang::Ru);
        let text = stage_explanation(&client(Stage::Lapsed, None, None), &InsightSettings::default());
        set_lang(Lang::En);
        assert!(text.contains("180 дней"), "{text}");
    }
}
