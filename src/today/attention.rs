//! What Today asks the user to act on from the book's insight (`crate::insight`): feedback
//! still to handle, drifting clients not yet contacted about it, stay-in-touch follow-ups due,
//! and birthday perks this month. Blocked clients are left out of the drifting and
//! stay-in-touch lists: nobody means to win them back. Their open feedback stays listed, since
//! a complaint still wants an answer. The perks need no history and come from the book alone
//! (`birthday_perks`), so they are right before the full histories have loaded.

use chrono::{Datelike, NaiveDate};

use crate::book::Book;
use crate::i18n::{format_date, format_day_month, lang, t, tf, tp};
use crate::insight::{feedback, loyalty, BookInsight};
use crate::model::{Client, Outcome};

use super::When;

/// A held visit rated low or marked a complaint, not yet resolved.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct FeedbackItem {
    pub client_id: String,
    pub client_name: String,
    pub visit_id: String,
    /// The local date of the visit.
    pub date: NaiveDate,
    pub service: String,
    pub rating: Option<u8>,
    pub complaint: bool,
    /// The visit is not in this year: its date says the year.
    pub with_year: bool,
}

impl FeedbackItem {
    /// The visit's date, with the year only when it is not this year's.
    pub fn when(&self) -> String {
        date_text(self.date, self.with_year)
    }

    /// The service, the rating and the complaint mark, as far as there are.
    pub fn detail(&self) -> String {
        let mut parts = Vec::new();
        if !self.service.is_empty() {
            parts.push(self.service.clone());
        }
        if let Some(rating) = self.rating {
            parts.push(tf("Rated {n} of 5", &[("n", rating.to_string())]));
        }
        if self.complaint {
            parts.push(t("Complaint").to_owned());
        }
        parts.join(" · ")
    }
}

/// Why a client is drifting.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct DriftItem {
    pub client_id: String,
    pub client_name: String,
    /// The day the warning began: the longest-drifting client comes first.
    pub since: NaiveDate,
    /// Days since the last held visit and the typical interval, when that is overdue.
    pub overdue: Option<(u32, u32)>,
    /// The last two ratings, latest first, when both are low.
    pub low_ratings: Option<(u8, u8)>,
}

impl DriftItem {
    /// "Last visit 24 days ago, usually every 10 days · Last two ratings: 2 and 1 of 5".
    pub fn reason(&self) -> String {
        let mut parts = Vec::new();
        if let Some((days, interval)) = self.overdue {
            parts.push(tf(
                "Last visit {ago}, usually every {interval}",
                &[
                    ("ago", tp("{n} day ago", "{n} days ago", u64::from(days))),
                    ("interval", tp("{n} day", "{n} days", u64::from(interval))),
                ],
            ));
        }
        if let Some((last, before)) = self.low_ratings {
            parts.push(tf(
                "Last two ratings: {last} and {before} of 5",
                &[("last", last.to_string()), ("before", before.to_string())],
            ));
        }
        parts.join(" · ")
    }
}

/// A stay-in-touch follow-up due today or earlier.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct StayInTouchItem {
    pub client_id: String,
    pub client_name: String,
    pub due: NaiveDate,
    pub every_days: u32,
    pub overdue: bool,
    pub when: When,
}

impl StayInTouchItem {
    pub fn detail(&self) -> String {
        tf("Stay in touch every {days}", &[("days", tp("{n} day", "{n} days", u64::from(self.every_days)))])
    }
}

/// A client whose birthday falls in this month, with the loyalty programme's perk.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct PerkItem {
    pub client_id: String,
    pub client_name: String,
    pub month: u32,
    pub day: u32,
    pub perk: String,
}

impl PerkItem {
    pub fn when(&self) -> String {
        format_day_month(lang(), self.month, self.day)
    }
}

#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Attention {
    /// Open feedback, oldest visit first.
    pub feedback: Vec<FeedbackItem>,
    /// Drifting clients not contacted since, longest drifting first.
    pub drifting: Vec<DriftItem>,
    /// Stay-in-touch follow-ups due today or earlier, oldest first.
    pub stay_in_touch: Vec<StayInTouchItem>,
}

/// What needs the user's attention, from the book and its insight (computed from the same
/// book). Reads the insight's date as today.
pub fn attention(book: &Book, insight: &BookInsight) -> Attention {
    let today = insight.today;
    let settings = &book.settings;
    let mut view = Attention::default();
    let client_of = |index: u32| insight.clients.get(index as usize).and_then(|c| book.get(&c.id));

    for fact in insight.feedback.iter().filter(|f| f.resolved.is_none()) {
        let Some(client) = client_of(fact.client) else { continue };
        let Some(visit) = client.visits.iter().find(|v| v.id == fact.visit_id) else { continue };
        if !feedback::is_open(visit, &settings.insight) {
            continue;
        }
        view.feedback.push(FeedbackItem {
            client_id: client.id.clone(),
            client_name: client.name.clone(),
            visit_id: visit.id.clone(),
            date: fact.date,
            service: visit.service.clone(),
            rating: fact.rating,
            complaint: fact.complaint,
            with_year: fact.date.year() != today.year(),
        });
    }

    for summary in &insight.clients {
        let Some(client) = book.get(&summary.id).filter(|c| !c.is_blocked()) else { continue };
        if let Some(drift) = summary.drift.filter(|_| summary.drift_warning()) {
            let overdue =
                drift.overdue.then(|| summary.value.days_since_last.zip(summary.value.typical_interval_days)).flatten();
            view.drifting.push(DriftItem {
                client_id: client.id.clone(),
                client_name: client.name.clone(),
                since: drift.since,
                overdue,
                low_ratings: if drift.low_ratings { last_two_ratings(client) } else { None },
            });
        }
        if let (Some(due), Some(every_days)) = (summary.stay_in_touch, client.contact_every_days) {
            if due <= today {
                view.stay_in_touch.push(StayInTouchItem {
                    client_id: client.id.clone(),
                    client_name: client.name.clone(),
                    due,
                    every_days,
                    overdue: due < today,
                    when: When::follow_up(due, today),
                });
            }
        }
    }
    view.drifting.sort_by(|a, b| a.since.cmp(&b.since).then_with(|| a.client_name.cmp(&b.client_name)));
    view.stay_in_touch.sort_by(|a, b| a.due.cmp(&b.due).then_with(|| a.client_name.cmp(&b.client_name)));
    view
}

/// Birthday perks due in `today`'s month, by the day of the birthday. From the book alone: a
/// birthday is in a client's summary, so the list is whole while histories still load.
pub fn birthday_perks(book: &Book, today: NaiveDate) -> Vec<PerkItem> {
    let loyalty = &book.settings.loyalty;
    let mut perks: Vec<PerkItem> = book
        .entries()
        .map(|e| &e.client)
        .filter(|c| c.trashed.is_none() && loyalty::birthday_perk_due(c, loyalty, today))
        .filter_map(|client| {
            let birthday = client.birthday?;
            Some(PerkItem {
                client_id: client.id.clone(),
                client_name: client.name.clone(),
                month: birthday.month,
                day: birthday.day,
                perk: loyalty.birthday_perk.trim().to_owned(),
            })
        })
        .collect();
    perks.sort_by(|a, b| a.day.cmp(&b.day).then_with(|| a.client_name.cmp(&b.client_name)));
    perks
}

/// The ratings of the client's last two rated held visits, latest first.
fn last_two_ratings(client: &Client) -> Option<(u8, u8)> {
    let mut held: Vec<_> = client.visits.iter().filter(|v| v.outcome == Outcome::Completed).collect();
    held.sort_by_key(|v| std::cmp::Reverse(v.start));
    let mut ratings = held.iter().filter_map(|v| v.satisfaction);
    Some((ratings.next()?, ratings.next()?))
}

fn date_text(date: NaiveDate, with_year: bool) -> String {
    if with_year {
        format_date(lang(), date)
    } else {
        format_day_month(lang(), date.month(), date.day())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::i18n::{set_lang, Lang};
    use crate::model::{Birthday, Interaction, Resolution, Settings, Status, Visit};
    use chrono::{DateTime, FixedOffset, Utc};

    /// Now is 2026-11-22 12:00 in Kyiv (UTC+2).
    fn now() -> DateTime<Utc> {
        "2026-11-22T10:00:00Z".parse().unwrap()
    }

    fn kyiv() -> FixedOffset {
        FixedOffset::east_opt(2 * 3600).unwrap()
    }

    fn date(y: i32, m: u32, d: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, d).unwrap()
    }

    /// A held visit at 10:00 UTC on that day, rated or not.
    fn held(id: &str, day: &str, rating: Option<u8>) -> Visit {
        Visit {
            id: id.into(),
            start: format!("{day}T10:00:00Z").parse().unwrap(),
            duration_min: 60,
            outcome: Outcome::Completed,
            currency: "EUR".into(),
            service: "Cut".into(),
            satisfaction: rating,
            ..Visit::default()
        }
    }

    fn client(id: &str, visits: Vec<Visit>) -> Client {
        Client {
            id: id.into(),
            name: id.into(),
            created: "2026-01-01T00:00:00Z".parse().unwrap(),
            visits,
            ..Client::default()
        }
    }

    fn compute(clients: Vec<Client>, settings: Settings) -> Attention {
        let book = Book::new(clients, settings, now());
        let insight = BookInsight::compute(&book, now(), &kyiv());
        attention(&book, &insight)
    }

    #[test]
    fn open_feedback_is_listed_oldest_first_and_resolved_feedback_is_not() {
        let mut resolved = held("r", "2026-11-01", Some(1));
        resolved.resolution = Some(Resolution { at: now(), note: "called".into() });
        let mut complaint = held("c", "2026-11-10", Some(5));
        complaint.complaint = true;
        let mut cancelled = held("x", "2026-11-12", Some(1));
        cancelled.outcome = Outcome::Cancelled; // not held: never to handle
        let ann = client("Ann", vec![complaint, resolved, cancelled, held("ok", "2026-11-15", Some(3))]);
        let bob = client("Bob", vec![held("low", "2025-12-30", Some(2))]);
        let view = compute(vec![ann, bob], Settings::default());
        let items: Vec<_> =
            view.feedback.iter().map(|f| (f.client_name.as_str(), f.visit_id.as_str(), f.with_year)).collect();
        assert_eq!(items, [("Bob", "low", true), ("Ann", "c", false)]);
        set_lang(Lang::En);
        assert_eq!(view.feedback[0].detail(), "Cut · Rated 2 of 5");
        assert_eq!(view.feedback[0].when().replace('\u{a0}', " "), "Dec 30, 2025");
        assert_eq!(view.feedback[1].detail(), "Cut · Rated 5 of 5 · Complaint");
        assert_eq!(view.feedback[1].when().replace('\u{a0}', " "), "Nov 10");
    }

    #[test]
    fn drifting_clients_come_with_their_reason_longest_drifting_first() {
        // Ann: held on 1, 11 and 21 September: the median interval is 10 days, so from
        // 21 September + 2 × 10 + 1 = 12 October she is drifting; on 22 November her last
        // visit was 62 days ago.
        let ann = client(
            "Ann",
            vec![held("a1", "2026-09-01", None), held("a2", "2026-09-11", None), held("a3", "2026-09-21", None)],
        );
        // Bob: rated 2 on 1 November and 1 on 20 November: drifting since the 20th.
        let bob = client("Bob", vec![held("b1", "2026-11-01", Some(2)), held("b2", "2026-11-20", Some(1))]);
        // Cat drifts like Ann, but an interaction on 13 October answered it.
        let mut cat = client(
            "Cat",
            vec![held("c1", "2026-09-01", None), held("c2", "2026-09-11", None), held("c3", "2026-09-21", None)],
        );
        cat.interactions =
            vec![Interaction { id: "i".into(), at: "2026-10-13T09:00:00Z".parse().unwrap(), ..Interaction::default() }];
        // Dan drifts like Ann but is blocked.
        let mut dan = client(
            "Dan",
            vec![held("d1", "2026-09-01", None), held("d2", "2026-09-11", None), held("d3", "2026-09-21", None)],
        );
        dan.status = Status::Blocked { reason: "rude".into(), since: date(2026, 10, 1) };
        let view = compute(vec![bob, ann, cat, dan], Settings::default());
        let drifting: Vec<_> = view.drifting.iter().map(|d| (d.client_name.as_str(), d.since)).collect();
        assert_eq!(drifting, [("Ann", date(2026, 10, 12)), ("Bob", date(2026, 11, 20))]);
        assert_eq!(view.drifting[0].overdue, Some((62, 10)));
        assert_eq!(view.drifting[1].low_ratings, Some((1, 2)));
        set_lang(Lang::En);
        assert_eq!(view.drifting[0].reason(), "Last visit 62 days ago, usually every 10 days");
        assert_eq!(view.drifting[1].reason(), "Last two ratings: 1 and 2 of 5");
        set_lang(Lang::Ru);
        assert_eq!(view.drifting[0].reason(), "Последний визит 62 дня назад, обычно раз в 10 дней");
        set_lang(Lang::En);
    }

    #[test]
    fn stay_in_touch_lists_what_is_due_today_or_earlier() {
        // Added on 1 January; every 7 days from the last contact.
        let mut ann = client("Ann", vec![held("a", "2026-11-15", None)]); // due the 22nd: today
        ann.contact_every_days = Some(7);
        let mut bob = client("Bob", vec![]);
        bob.contact_every_days = Some(30);
        bob.interactions =
            vec![Interaction { id: "i".into(), at: "2026-10-01T09:00:00Z".parse().unwrap(), ..Interaction::default() }];
        let mut cat = client("Cat", vec![held("c", "2026-11-16", None)]); // due the 23rd
        cat.contact_every_days = Some(7);
        let mut dan = client("Dan", vec![]); // blocked: left out
        dan.contact_every_days = Some(7);
        dan.status = Status::Blocked { reason: "rude".into(), since: date(2026, 10, 1) };
        let eve = client("Eve", vec![]); // no frequency
        let view = compute(vec![ann, bob, cat, dan, eve], Settings::default());
        let due: Vec<_> = view.stay_in_touch.iter().map(|s| (s.client_name.as_str(), s.due, s.overdue)).collect();
        assert_eq!(due, [("Bob", date(2026, 10, 31), true), ("Ann", date(2026, 11, 22), false)]);
        set_lang(Lang::En);
        assert_eq!(view.stay_in_touch[1].detail(), "Stay in touch every 7 days");
    }

    #[test]
    fn birthday_perks_need_the_programme_and_a_perk() {
        let born =
            |id: &str, month, day| Client { birthday: Some(Birthday { month, day, year: None }), ..client(id, vec![]) };
        let mut trashed = born("Trashed", 11, 5);
        trashed.trashed = Some(now());
        let clients = || vec![born("Late", 11, 30), born("Early", 11, 2), born("December", 12, 1), trashed.clone()];
        let perks = |settings: Settings| birthday_perks(&Book::new(clients(), settings, now()), date(2026, 11, 22));
        assert!(perks(Settings::default()).is_empty(), "the programme is off");
        let mut settings = Settings::default();
        settings.loyalty.enabled = true;
        settings.loyalty.points_per_unit = 1;
        assert!(perks(settings.clone()).is_empty(), "no perk to offer");
        settings.loyalty.birthday_perk = " 10% off ".into();
        let listed = perks(settings);
        let names: Vec<_> = listed.iter().map(|p| (p.client_name.as_str(), p.perk.as_str())).collect();
        assert_eq!(names, [("Early", "10% off"), ("Late", "10% off")]);
        set_lang(Lang::En);
        assert_eq!(listed[0].when().replace('\u{a0}', " "), "Nov 2");
    }
}
