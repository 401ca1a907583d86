//! Hand-computed fixtures for the insight rules. Each test says how its numbers were worked
//! out; the dates are chosen so the arithmetic can be checked with a calendar.

use chrono::{DateTime, NaiveDate, Utc};
use chrono_tz::Europe::Kyiv;

use super::book::BookInsight;
use super::feedback;
use super::lifecycle::{self, Stage};
use super::local::LocalDays;
use super::loyalty::{self, Points, RedeemError};
use super::rfm::{self, RfmInput, RfmScores, RfmSegment};
use super::stay_in_touch;
use super::value::{self, ClientValue, HeldVisit};
use crate::book::Book;
use crate::model::{
    Birthday, Client, InsightSettings, Interaction, LoyaltySettings, LoyaltyTier, Outcome, Resolution, Settings, Visit,
};

fn date(text: &str) -> NaiveDate {
    text.parse().unwrap()
}

/// Noon UTC on a date: the same date in UTC and in Kyiv (UTC+2 or +3).
fn noon(text: &str) -> DateTime<Utc> {
    date(text).and_hms_opt(12, 0, 0).unwrap().and_utc()
}

fn visit(id: &str, day: &str, outcome: Outcome, paid: i64, currency: &str) -> Visit {
    Visit {
        id: id.into(),
        start: noon(day),
        duration_min: 60,
        outcome,
        paid,
        currency: currency.into(),
        ..Visit::default()
    }
}

fn held(id: &str, day: &str, paid: i64) -> Visit {
    visit(id, day, Outcome::Completed, paid, "UAH")
}

fn rated(id: &str, day: &str, rating: u8) -> Visit {
    Visit { satisfaction: Some(rating), ..held(id, day, 0) }
}

fn client(id: &str, visits: Vec<Visit>) -> Client {
    Client { id: id.into(), name: id.into(), visits, created: noon("2020-01-01"), ..Client::default() }
}

/// The client's held visits and value on `today`, in UTC.
fn value_of(client: &Client, today: &str) -> (Vec<HeldVisit>, ClientValue) {
    let local = LocalDays::new(&Utc);
    let held = value::held_visits(client, &local);
    let value = ClientValue::of(client, &held, date(today));
    (held, value)
}

fn stage_of(client: &Client, today: &str, s: &InsightSettings) -> Stage {
    let (held, value) = value_of(client, today);
    let drift = lifecycle::drift(&held, &value, s, date(today));
    lifecycle::stage(&held, &value, drift.as_ref(), s, date(today))
}

// ---- client value ----

#[test]
fn a_client_with_one_visit_has_no_typical_interval() {
    // One held visit on 1 March, today 11 March: 10 days since, nothing expected.
    let c = client("a", vec![held("v1", "2026-03-01", 4500)]);
    let (_, v) = value_of(&c, "2026-03-11");
    assert_eq!(v.visits, 1);
    assert_eq!((v.first_visit, v.last_visit), (Some(date("2026-03-01")), Some(date("2026-03-01"))));
    assert_eq!((v.typical_interval_days, v.days_since_last, v.next_expected), (None, Some(10), None));
    assert_eq!(v.average_ticket().get("UAH"), Some(&4500));
}

#[test]
fn a_client_whose_visits_were_all_cancelled_is_a_lead_with_no_value() {
    let c = client(
        "a",
        vec![
            visit("v1", "2026-03-01", Outcome::Cancelled, 0, "UAH"),
            visit("v2", "2026-03-08", Outcome::Cancelled, 0, "UAH"),
        ],
    );
    let (_, v) = value_of(&c, "2026-03-11");
    assert_eq!((v.visits, v.first_visit, v.days_since_last), (0, None, None));
    assert!(v.paid.is_empty() && v.average_ticket().is_empty());
    assert_eq!(stage_of(&c, "2026-03-11", &InsightSettings::default()), Stage::Lead);
}

#[test]
fn money_is_kept_per_currency_and_a_no_show_fee_counts_as_paid_not_as_a_ticket() {
    // EUR: held 30.00 and 25.00 and a no-show fee of 10.00 → lifetime 65.00; the average ticket
    // is over the two held visits: (3000 + 2500) / 2 = 2750. UAH: one held visit of 500.00.
    // A held visit paid nothing (999 price, 0 paid) still counts in the EUR average:
    // (3000 + 2500 + 0) / 3 = 1833.33… → 1833.
    let mut c = client(
        "a",
        vec![
            visit("e1", "2026-01-05", Outcome::Completed, 3000, "EUR"),
            visit("e2", "2026-01-02", Outcome::Completed, 2500, "EUR"),
            visit("e3", "2026-01-09", Outcome::NoShow, 1000, "EUR"),
            visit("u1", "2026-01-07", Outcome::Completed, 50000, "UAH"),
        ],
    );
    let (_, v) = value_of(&c, "2026-02-01");
    assert_eq!(v.paid.get("EUR"), Some(&6500));
    assert_eq!(v.paid.get("UAH"), Some(&50000));
    assert_eq!(v.average_ticket().get("EUR"), Some(&2750));
    assert_eq!(v.average_ticket().get("UAH"), Some(&50000));
    assert_eq!(v.visits, 3);
    c.visits.push(visit("e4", "2026-01-20", Outcome::Completed, 0, "EUR"));
    assert_eq!(value_of(&c, "2026-02-01").1.average_ticket().get("EUR"), Some(&1833));
}

#[test]
fn the_typical_interval_is_the_median_gap_between_visit_dates() {
    // Dates 1, 11, 31 Jan: gaps 10 and 20, an even count → (10 + 20) / 2 = 15. A second visit
    // on 11 Jan is the same date and adds no gap. Next expected: 31 Jan + 15 = 15 Feb.
    let c = client(
        "a",
        vec![
            held("a", "2026-01-01", 0),
            held("b", "2026-01-11", 0),
            held("c", "2026-01-11", 0),
            held("d", "2026-01-31", 0),
        ],
    );
    let (_, v) = value_of(&c, "2026-02-05");
    assert_eq!(v.typical_interval_days, Some(15));
    assert_eq!(v.next_expected, Some(date("2026-02-15")));
    assert_eq!(v.days_since_last, Some(5));
    // Gaps 10 and 21 → 15.5, rounded down to 15; three gaps 3, 10, 21 → the middle one, 10.
    assert_eq!(value::median_interval(&[date("2026-01-01"), date("2026-01-11"), date("2026-02-01")]), Some(15));
    let four = [date("2026-01-01"), date("2026-01-04"), date("2026-01-14"), date("2026-02-04")];
    assert_eq!(value::median_interval(&four), Some(10));
}

#[test]
fn the_29th_of_february_counts_as_a_day() {
    // 2024 is a leap year: 1 Feb → 1 Mar is 29 days, 29 Feb → 1 Mar one day.
    // Gaps 28 (1 → 29 Feb) and 1 (29 Feb → 1 Mar): median (28 + 1) / 2 = 14.5 → 14.
    let c = client("a", vec![held("a", "2024-02-01", 0), held("b", "2024-02-29", 0), held("c", "2024-03-01", 0)]);
    let (_, v) = value_of(&c, "2024-03-02");
    assert_eq!(v.typical_interval_days, Some(14));
    assert_eq!(v.next_expected, Some(date("2024-03-15")));
    // A visit on 29 Feb, seen on 28 Feb 2025: 365 days later.
    assert_eq!(value_of(&c, "2025-03-01").1.days_since_last, Some(365));
}

#[test]
fn averages_round_halves_away_from_zero() {
    assert_eq!(
        (value::average(5, 2), value::average(7, 3), value::average(-5, 2), value::average(9, 0)),
        (3, 2, -3, 0)
    );
}

#[test]
fn a_visit_at_half_past_eleven_at_night_is_on_its_local_date() {
    // 23:30 in Kyiv on 31 March 2026 (UTC+3 since 29 March) is 20:30 UTC; 00:30 on 1 April is
    // 21:30 UTC on 31 March, but 1 April locally.
    let local = LocalDays::new(&Kyiv);
    let late: DateTime<Utc> = "2026-03-31T20:30:00Z".parse().unwrap();
    let after_midnight: DateTime<Utc> = "2026-03-31T21:30:00Z".parse().unwrap();
    assert_eq!((local.date(late), local.date(after_midnight)), (date("2026-03-31"), date("2026-04-01")));
}

// ---- lifecycle and drifting ----

/// Visits on 1, 11 and 21 January: median interval 10, so drifting after 2 × 10 = 20 days.
fn every_ten_days() -> Client {
    client("a", vec![held("a", "2026-01-01", 0), held("b", "2026-01-11", 0), held("c", "2026-01-21", 0)])
}

#[test]
fn drifting_when_the_days_since_exceed_twice_the_median_interval() {
    let s = InsightSettings::default();
    let c = every_ten_days();
    // 10 Feb: 20 days since 21 Jan, not more than 20.
    let (held, v) = value_of(&c, "2026-02-10");
    assert_eq!(lifecycle::drift(&held, &v, &s, date("2026-02-10")), None);
    // 11 Feb: 21 days; drifting since that day (21 Jan + 21).
    let (held, v) = value_of(&c, "2026-02-11");
    let drift = lifecycle::drift(&held, &v, &s, date("2026-02-11")).unwrap();
    assert!(drift.overdue && !drift.low_ratings);
    assert_eq!(drift.since, date("2026-02-11"));
    assert_eq!(stage_of(&c, "2026-02-11", &s), Stage::Drifting);
    // With two visits only, the same gap is not drifting: the rule needs three.
    let two = client("b", c.visits[1..].to_vec());
    let (held, v) = value_of(&two, "2026-03-01");
    assert_eq!(lifecycle::drift(&held, &v, &s, date("2026-03-01")), None);
    // The factor is a setting: 3 × 10 = 30 days → not yet on 11 Feb, and the first visit (1 Jan)
    // is 41 days old, within 90: New.
    let lenient = InsightSettings { drifting_factor: 3, ..s };
    assert_eq!(stage_of(&c, "2026-02-11", &lenient), Stage::New);
}

#[test]
fn two_low_ratings_in_a_row_mean_drifting_even_for_a_recent_client() {
    let s = InsightSettings::default();
    // Rated 2 on 1 Mar and 1 on 8 Mar, with an unrated visit between: the last two rated are
    // both at most 2 → drifting since 8 Mar.
    let mut c = client("a", vec![rated("a", "2026-03-01", 2), held("b", "2026-03-04", 0), rated("c", "2026-03-08", 1)]);
    let (held, v) = value_of(&c, "2026-03-09");
    let drift = lifecycle::drift(&held, &v, &s, date("2026-03-09")).unwrap();
    assert!(drift.low_ratings && !drift.overdue);
    assert_eq!(drift.since, date("2026-03-08"));
    // A later good rating answers it.
    c.visits.push(rated("d", "2026-03-09", 5));
    let (held, v) = value_of(&c, "2026-03-10");
    assert_eq!(lifecycle::drift(&held, &v, &s, date("2026-03-10")), None);
    // A held visit after the two low ratings, even unrated, is the client coming back: 2 and 1
    // on 1 and 8 Mar, then an unrated visit on 20 Mar → no longer drifting.
    let unrated = self::held("c", "2026-03-20", 0);
    let mut back = client("c", vec![rated("a", "2026-03-01", 2), rated("b", "2026-03-08", 1), unrated]);
    let (visits, v) = value_of(&back, "2026-03-21");
    assert_eq!(lifecycle::drift(&visits, &v, &s, date("2026-03-21")), None);
    back.visits.pop();
    let (visits, v) = value_of(&back, "2026-03-21");
    assert!(lifecycle::drift(&visits, &v, &s, date("2026-03-21")).is_some());
    // A no-show rated 1 is not a held visit and does not count.
    let mut no_show = client("b", vec![rated("a", "2026-03-01", 2)]);
    no_show.visits.push(Visit { satisfaction: Some(1), ..visit("b", "2026-03-05", Outcome::NoShow, 0, "UAH") });
    let (held, v) = value_of(&no_show, "2026-03-06");
    assert_eq!(lifecycle::drift(&held, &v, &s, date("2026-03-06")), None);
}

#[test]
fn stages_follow_their_order_of_rules() {
    let s = InsightSettings::default();
    // New: first held visit 1 Jan, today 1 Apr = 90 days → still New; 2 Apr = 91 → no longer.
    let one = client("a", vec![held("a", "2026-01-01", 0)]);
    assert_eq!(stage_of(&one, "2026-04-01", &s), Stage::New);
    // On 2 Apr: one visit, no typical interval; 91 days since > 60 → Due back.
    assert_eq!(stage_of(&one, "2026-04-02", &s), Stage::DueBack);
    // Lapsed: more than 180 days since: 1 Jan + 181 = 1 Jul 2026.
    assert_eq!(stage_of(&one, "2026-06-30", &s), Stage::DueBack);
    assert_eq!(stage_of(&one, "2026-07-01", &s), Stage::Lapsed);
    // Active: visits every 30 days since 2025, last on 26 Dec 2025 (2025-06-29 + 6 × 30),
    // today 20 Jan 2026: 25 days ≤ 30.
    let mut regular: Vec<Visit> = (0..7)
        .map(|k| held(&format!("r{k}"), &(date("2025-06-29") + chrono::Duration::days(30 * k)).to_string(), 0))
        .collect();
    let c = client("b", regular.clone());
    assert_eq!(stage_of(&c, "2026-01-20", &s), Stage::Active);
    // 31 days since → past the typical 30, not yet drifting (60) → Due back.
    assert_eq!(stage_of(&c, "2026-01-26", &s), Stage::DueBack);
    // Won back: a gap of 200 days (> 180), then a return on 1 Dec 2026, today 10 Dec.
    regular.push(held("back", "2026-12-01", 0));
    let won = client("c", regular);
    assert_eq!(stage_of(&won, "2026-12-10", &s), Stage::WonBack);
    // 91 days after the return, the label is spent; the last gap is then the long one, so the
    // median of 30s still holds: 91 > 2 × 30 → drifting.
    assert_eq!(stage_of(&won, "2027-03-02", &s), Stage::Drifting);
}

#[test]
fn stage_keys_read_back() {
    for stage in Stage::ALL {
        assert_eq!(Stage::from_key(stage.key()), Some(stage));
    }
    assert_eq!(Stage::from_key("nope"), None);
}

// ---- RFM ----

#[test]
fn ten_distinct_values_fall_two_to_each_quintile() {
    // 1 + ⌊5 × (2 × below + 1) / 20⌋ for below = 0..9: 1,1,2,2,3,3,4,4,5,5.
    let inputs: Vec<RfmInput> = (0..10)
        .map(|k| RfmInput { recency_days: 100 - k * 10, frequency: k + 1, monetary: i64::from(k) * 100 })
        .collect();
    let scores = rfm::score(&inputs);
    let f: Vec<u8> = scores.iter().map(|s| s.f).collect();
    assert_eq!(f, [1, 1, 2, 2, 3, 3, 4, 4, 5, 5]);
    // Fewer days is better: the client with 100 days scores 1, with 10 days 5.
    assert_eq!((scores[0].r, scores[9].r), (1, 5));
    assert_eq!(scores.iter().map(|s| s.m).collect::<Vec<_>>(), f);
}

#[test]
fn tied_values_share_their_mid_rank_score() {
    // Six clients with 1 visit and four with 5: ones have below 0, equal 6 → 1 + ⌊5 × 6 / 20⌋
    // = 2; fives have below 6, equal 4 → 1 + ⌊5 × 16 / 20⌋ = 5.
    let inputs: Vec<RfmInput> =
        (0..10).map(|k| RfmInput { recency_days: 5, frequency: if k < 6 { 1 } else { 5 }, monetary: 0 }).collect();
    let scores = rfm::score(&inputs);
    assert_eq!(scores.iter().map(|s| s.f).collect::<Vec<_>>(), [2, 2, 2, 2, 2, 2, 5, 5, 5, 5]);
    // Everyone equal (and a single client) scores the middle, 3.
    assert!(scores.iter().all(|s| s.r == 3 && s.m == 3));
    assert_eq!(rfm::score(&inputs[..1])[0], RfmScores { r: 3, f: 3, m: 3 });
    assert!(rfm::score(&[]).is_empty());
}

#[test]
fn the_named_segments_follow_the_grid() {
    let seg = |r, f, m| RfmSegment::of(RfmScores { r, f, m });
    // FM is the mean of F and M, halves up: (4 + 3) / 2 = 3.5 → 4.
    assert_eq!(RfmScores { r: 1, f: 4, m: 3 }.fm(), 4);
    assert_eq!(seg(5, 5, 5), RfmSegment::Champions);
    assert_eq!(seg(4, 5, 4), RfmSegment::Champions);
    assert_eq!(seg(4, 4, 3), RfmSegment::Loyal);
    assert_eq!(seg(5, 2, 2), RfmSegment::PotentialLoyalist);
    assert_eq!(seg(5, 1, 1), RfmSegment::New);
    assert_eq!(seg(3, 1, 1), RfmSegment::Promising);
    assert_eq!(seg(3, 2, 3), RfmSegment::NeedsAttention);
    assert_eq!(seg(2, 3, 3), RfmSegment::AtRisk);
    assert_eq!(seg(1, 5, 4), RfmSegment::CantLose);
    assert_eq!(seg(2, 1, 2), RfmSegment::Hibernating);
    assert_eq!(seg(1, 1, 2), RfmSegment::Lost);
    for segment in RfmSegment::ALL {
        assert_eq!(RfmSegment::from_key(segment.key()), Some(segment));
    }
}

#[test]
fn the_window_holds_the_last_365_days_including_today() {
    // Today 31 Dec 2026: 365 days back is 31 Dec 2025, outside; 1 Jan 2026 is inside.
    let today = date("2026-12-31");
    let dates = [date("2025-12-31"), date("2026-01-01"), date("2026-06-01")];
    assert_eq!(rfm::input(&dates, 900, 365, today), Some(RfmInput { recency_days: 213, frequency: 2, monetary: 900 }));
    assert_eq!(rfm::input(&dates[..1], 0, 365, today), None);
    // A held visit dated after today is not counted.
    assert_eq!(rfm::input(&[date("2027-01-05")], 0, 365, today), None);
}

// ---- feedback ----

#[test]
fn low_ratings_and_complaints_of_held_visits_need_handling_until_resolved() {
    let s = InsightSettings::default();
    assert!(feedback::needs_handling(&rated("a", "2026-03-01", 2), &s));
    assert!(!feedback::needs_handling(&rated("a", "2026-03-01", 3), &s));
    let complaint = Visit { complaint: true, ..rated("b", "2026-03-01", 5) };
    assert!(feedback::is_open(&complaint, &s));
    let no_show = Visit { satisfaction: Some(1), ..visit("c", "2026-03-01", Outcome::NoShow, 0, "UAH") };
    assert!(!feedback::needs_handling(&no_show, &s));
    let resolved =
        Visit { resolution: Some(Resolution { at: noon("2026-03-04"), note: "Called".into() }), ..complaint };
    assert!(feedback::needs_handling(&resolved, &s) && !feedback::is_open(&resolved, &s));
    // From 1 Mar to 4 Mar: 3 days.
    assert_eq!(feedback::days_to_resolve(&resolved, &LocalDays::new(&Utc)), Some((date("2026-03-04"), 3)));
}

// ---- stay in touch ----

#[test]
fn the_stay_in_touch_follow_up_falls_due_after_the_last_contact() {
    let now = noon("2026-03-20");
    let local = LocalDays::new(&Utc);
    let mut c = client("a", vec![held("a", "2026-03-01", 0)]);
    assert_eq!(stay_in_touch::due(&c, now, &local), None, "no frequency, no follow-up");
    c.contact_every_days = Some(14);
    // Last contact the visit on 1 Mar → due 15 Mar.
    assert_eq!(stay_in_touch::due(&c, now, &local), Some(date("2026-03-15")));
    // An interaction on 18 Mar resets it to 1 Apr.
    c.interactions.push(Interaction { id: "i".into(), at: noon("2026-03-18"), ..Interaction::default() });
    assert_eq!(stay_in_touch::due(&c, now, &local), Some(date("2026-04-01")));
    // An appointment booked ahead: nothing to do.
    c.visits.push(visit("next", "2026-04-10", Outcome::Booked, 0, "UAH"));
    assert_eq!(stay_in_touch::due(&c, now, &local), None);
    // Never contacted: from the day the client was added (1 Jan 2020 + 14).
    let new = Client { contact_every_days: Some(14), ..client("b", Vec::new()) };
    assert_eq!(stay_in_touch::due(&new, now, &local), Some(date("2020-01-15")));
}

// ---- loyalty ----

fn programme() -> LoyaltySettings {
    LoyaltySettings {
        enabled: true,
        points_per_unit: 2,
        tiers: vec![
            LoyaltyTier { name: "Gold".into(), min_points: 500 },
            LoyaltyTier { name: "Silver".into(), min_points: 100 },
        ],
        birthday_perk: "10% off".into(),
    }
}

#[test]
fn points_are_earned_per_whole_unit_paid_for_held_visits_in_the_books_currency() {
    // 455.50 UAH → ⌊455.50 × 2⌋ = 911; 50.99 → 101; a no-show fee and a EUR visit earn nothing.
    // 40 points spent on the second visit.
    let mut c = client(
        "a",
        vec![
            held("a", "2026-01-01", 45550),
            Visit { points_redeemed: 40, ..held("b", "2026-02-01", 5099) },
            visit("c", "2026-02-10", Outcome::NoShow, 10000, "UAH"),
            visit("d", "2026-02-11", Outcome::Completed, 10000, "EUR"),
        ],
    );
    let points = loyalty::points(&c, &programme(), "UAH", None);
    assert_eq!(points, Points { earned: 1012, redeemed: 40 });
    assert_eq!(points.balance(), 972);
    assert_eq!(loyalty::tier(points.earned, &programme()).map(|t| t.name.as_str()), Some("Gold"));
    assert_eq!(loyalty::tier(99, &programme()), None);
    assert_eq!(loyalty::tier(100, &programme()).map(|t| t.name.as_str()), Some("Silver"));
    // Spending on visit "b": its own 40 are left out, so up to 1012 can be spent there.
    assert_eq!(loyalty::check_redeem(&c, &programme(), "UAH", "b", 1012), Ok(()));
    assert_eq!(
        loyalty::check_redeem(&c, &programme(), "UAH", "a", 1000),
        Err(RedeemError::MoreThanBalance { balance: 972 })
    );
    c.birthday = Some(Birthday { month: 2, day: 29, year: None });
    assert!(loyalty::birthday_perk_due(&c, &programme(), date("2027-02-01")));
    assert!(!loyalty::birthday_perk_due(&c, &programme(), date("2027-03-01")));
    assert!(!loyalty::birthday_perk_due(&c, &LoyaltySettings::default(), date("2027-02-01")));
}

// ---- the whole book ----

#[test]
fn the_book_insight_leaves_trash_out_and_dates_visits_locally() {
    let now: DateTime<Utc> = "2026-04-01T09:00:00Z".parse().unwrap();
    let mut settings = Settings { currency: "UAH".into(), ..Settings::default() };
    settings.loyalty = programme();
    // "late": a visit at 23:30 in Kyiv on 31 Mar (20:30 UTC) → dated 31 Mar, hour 23.
    let late = Visit { start: "2026-03-31T20:30:00Z".parse().unwrap(), ..held("late", "2026-03-31", 10000) };
    let mut drifting = client("drifting", vec![rated("a", "2026-03-01", 1), rated("b", "2026-03-10", 2)]);
    drifting.interactions.push(Interaction { id: "i".into(), at: noon("2026-03-05"), ..Interaction::default() });
    let trashed = Client { trashed: Some(noon("2026-03-30")), ..client("trashed", vec![held("t", "2026-03-01", 100)]) };
    let old = client("old", vec![held("o", "2024-01-01", 100)]);
    let lead = client("lead", Vec::new());
    let book = Book::new(vec![client("late", vec![late]), drifting, trashed, old, lead], settings, now);
    let insight = BookInsight::compute(&book, now, &Kyiv);
    assert_eq!(insight.today, date("2026-04-01"));
    assert!(insight.client("trashed").is_none());
    assert_eq!(insight.clients.len(), 4);
    assert_eq!(insight.facts.len(), 4, "late, the two rated, old");
    let fact = insight.facts.iter().find(|f| f.paid == 10000).unwrap();
    assert_eq!((fact.date, fact.hour, fact.weekday), (date("2026-03-31"), 23, 1));
    // Drifting by low ratings since 10 Mar; the interaction on 5 Mar came before, so the
    // warning stands.
    let d = insight.client("drifting").unwrap();
    assert_eq!(d.stage, Stage::Drifting);
    assert!(d.drift_warning());
    // Both rated visits need handling; neither is resolved.
    assert_eq!(insight.feedback.iter().filter(|f| f.resolved.is_none()).count(), 2);
    // RFM: "late" and "drifting" are in the window; "old" is Lost without scores; the lead has
    // no segment.
    assert!(insight.client("late").unwrap().rfm.is_some());
    let old = insight.client("old").unwrap();
    assert_eq!((old.rfm, old.segment, old.stage), (None, Some(RfmSegment::Lost), Stage::Lapsed));
    assert_eq!(insight.client("lead").unwrap().segment, None);
    // 100.00 UAH at 2 points per unit → 200 points, Silver.
    let late = insight.client("late").unwrap();
    assert_eq!(late.points.map(|p| p.earned), Some(200));
    assert_eq!(late.tier.as_deref(), Some("Silver"));
}

#[test]
fn an_interaction_on_or_after_the_drift_answers_the_warning() {
    let now = noon("2026-03-12");
    let mut c = client("a", vec![rated("a", "2026-03-01", 1), rated("b", "2026-03-10", 2)]);
    c.interactions.push(Interaction { id: "i".into(), at: noon("2026-03-10"), ..Interaction::default() });
    let book = Book::new(vec![c], Settings::default(), now);
    let insight = BookInsight::compute(&book, now, &Utc);
    let a = insight.client("a").unwrap();
    assert_eq!(a.stage, Stage::Drifting, "the stage stays: it is about visits");
    assert!(!a.drift_warning());
}

#[test]
fn one_clients_insight_is_the_books_without_rfm() {
    let now = noon("2026-03-12");
    let c = client("a", vec![rated("a", "2026-03-01", 1), rated("b", "2026-03-10", 2), held("c", "2025-12-01", 5000)]);
    let settings = Settings { loyalty: programme(), ..Settings::default() };
    let book = Book::new(vec![c.clone()], settings.clone(), now);
    let whole = BookInsight::compute(&book, now, &Kyiv).client("a").cloned().unwrap();
    let alone = super::book::ClientInsight::of(&c, &settings, now, &Kyiv);
    assert!(whole.rfm.is_some() && alone.rfm.is_none() && alone.segment.is_none());
    assert_eq!(alone, super::book::ClientInsight { rfm: None, segment: None, ..whole });
}

#[test]
fn a_contact_about_old_low_ratings_does_not_answer_a_new_overdue_warning() {
    // Visits every 10 days: 1, 11, 21 Jan unrated, 31 Jan rated 2, 10 Feb rated 1. Low ratings
    // since 10 Feb; the median gap is 10, so overdue after 20 days: since 10 Feb + 21 = 3 Mar.
    let mut c = client(
        "a",
        vec![
            held("a", "2026-01-01", 0),
            held("b", "2026-01-11", 0),
            held("c", "2026-01-21", 0),
            rated("d", "2026-01-31", 2),
            rated("e", "2026-02-10", 1),
        ],
    );
    // A call on 12 Feb answered the low ratings.
    c.interactions.push(Interaction { id: "call".into(), at: noon("2026-02-12"), ..Interaction::default() });
    let before = noon("2026-02-20");
    let insight = BookInsight::compute(&Book::new(vec![c.clone()], Settings::default(), before), before, &Utc);
    let a = insight.client("a").unwrap();
    assert!(a.drift.is_some_and(|d| d.low_ratings && !d.overdue) && !a.drift_warning());
    // On 5 Mar the client is also overdue (since 3 Mar): the call of 12 Feb does not answer that.
    let later = noon("2026-03-05");
    let insight = BookInsight::compute(&Book::new(vec![c.clone()], Settings::default(), later), later, &Utc);
    let a = insight.client("a").unwrap();
    let drift = a.drift.unwrap();
    assert_eq!((drift.since, drift.answered_from), (date("2026-02-10"), date("2026-03-03")));
    assert!(a.drift_warning());
    // A call on 4 Mar does.
    c.interactions.push(Interaction { id: "call2".into(), at: noon("2026-03-04"), ..Interaction::default() });
    let insight = BookInsight::compute(&Book::new(vec![c], Settings::default(), later), later, &Utc);
    assert!(!insight.client("a").unwrap().drift_warning());
}
