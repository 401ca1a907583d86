//! Recurring appointments: every N weeks, until a date or a number of times. A series is
//! booked as separate visits that share a random series id (`Visit::series`), each at the same
//! local wall-clock time: across a daylight-saving change 10:00 stays 10:00 and the UTC instant
//! shifts (`calendar::local_instant` says what happens to a time the clocks skip or repeat).
//!
//! Editing one visit of a series offers "this one" or "this and the following": the chosen
//! visit and the later ones of its series that are still booked. Earlier visits, and later ones
//! already held, cancelled or missed, keep what they were.

use chrono::{DateTime, Days, NaiveDate, NaiveDateTime, TimeZone, Utc};

use crate::i18n::{t, tf};
use crate::model::{new_record_id, FieldError, Outcome, PaymentStatus, Visit};
use crate::vault::VaultError;

/// The most visits one series books: two years of weekly appointments.
pub const MAX_SERIES_VISITS: u32 = 104;

/// The longest step between two visits of a series, in weeks.
pub const MAX_EVERY_WEEKS: u32 = 52;

/// How a series repeats.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Recurrence {
    /// Every this many weeks, 1 to 52.
    pub every_weeks: u32,
    pub end: SeriesEnd,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum SeriesEnd {
    /// The last visit is on this local date or before it.
    Until(NaiveDate),
    /// This many visits, the first included.
    Count(u32),
}

/// Why a series could not be booked or changed. Nothing was changed.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
pub enum SeriesError {
    #[error("{}", tf("Repeat every 1 to {max} weeks.", &[("max", MAX_EVERY_WEEKS.to_string())]))]
    EveryWeeks,
    #[error("{}", t("The series must end on or after the day of its first visit."))]
    EndsBeforeStart,
    #[error("{}", tf("A series books at most {max} visits; choose an earlier end or fewer times.", &[("max", MAX_SERIES_VISITS.to_string())]))]
    TooMany,
    #[error("{}", t("This visit is no longer in the client's history."))]
    NoSuchVisit,
    /// The change would leave a visit invalid; the problems are those of the first one.
    #[error("{}", .0.iter().map(|e| e.message.as_str()).collect::<Vec<_>>().join(" "))]
    Invalid(Vec<FieldError>),
    /// No random id could be drawn for a new visit.
    #[error(transparent)]
    Random(#[from] VaultError),
}

impl Recurrence {
    /// How many visits the series has when its first is on the local date `first`.
    pub fn count_from(&self, first: NaiveDate) -> Result<u32, SeriesError> {
        if !(1..=MAX_EVERY_WEEKS).contains(&self.every_weeks) {
            return Err(SeriesError::EveryWeeks);
        }
        let count = match self.end {
            SeriesEnd::Count(0) => return Err(SeriesError::EndsBeforeStart),
            SeriesEnd::Count(n) => u64::from(n),
            SeriesEnd::Until(last) if last < first => return Err(SeriesError::EndsBeforeStart),
            SeriesEnd::Until(last) => (last - first).num_days().unsigned_abs() / (7 * u64::from(self.every_weeks)) + 1,
        };
        match u32::try_from(count) {
            Ok(count) if count <= MAX_SERIES_VISITS => Ok(count),
            _ => Err(SeriesError::TooMany),
        }
    }
}

/// The visits of a new series that starts with `first`: `first` itself, with the new series
/// id, then one visit every `every_weeks` weeks at the same local time of day in `tz`, each
/// with its own id. The later visits copy the booking (duration, service, price, currency,
/// place) but nothing that belongs to one visit (payment, notes, feedback, moves), and are
/// booked.
pub fn expand<Tz: TimeZone>(first: &Visit, recurrence: &Recurrence, tz: &Tz) -> Result<Vec<Visit>, SeriesError> {
    let local = first.start.with_timezone(tz).naive_local();
    let count = recurrence.count_from(local.date())?;
    let series = new_record_id()?;
    let step = 7 * u64::from(recurrence.every_weeks);
    let mut visits = vec![Visit { series: series.clone(), ..first.clone() }];
    for k in 1..u64::from(count) {
        visits.push(Visit {
            id: new_record_id()?,
            start: super::local_instant(tz, local + Days::new(step * k)),
            duration_min: first.duration_min,
            service: first.service.clone(),
            price: first.price,
            currency: first.currency.clone(),
            location: first.location.clone(),
            outcome: Outcome::Booked,
            payment: PaymentStatus::Unpaid,
            series: series.clone(),
            ..Visit::default()
        });
    }
    Ok(visits)
}

/// Which visits an edit or a cancellation of one visit of a series reaches.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Scope {
    ThisOne,
    /// The visit and the later visits of its series that are still booked.
    ThisAndFollowing,
}

/// A change to a visit; `None` leaves that part as it is.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct VisitChange {
    /// The chosen visit's new local start. The following visits move by as many days and to
    /// the same time of day: Tuesday 10:00 to Wednesday 11:00 moves each of them to the
    /// Wednesday after its Tuesday, at 11:00.
    pub start: Option<NaiveDateTime>,
    pub duration_min: Option<u32>,
    pub service: Option<String>,
    /// In minor units of the visit's currency (or of `currency`, when it changes too).
    pub price: Option<i64>,
    pub currency: Option<String>,
    pub location: Option<String>,
}

impl VisitChange {
    /// A move of `stored` to `start` for `duration_min` minutes, holding only what differs
    /// from it: a new length alone leaves every following visit's own start where it is, and a
    /// new start alone leaves their lengths.
    pub fn moving<Tz: TimeZone>(stored: &Visit, start: DateTime<Utc>, duration_min: u32, tz: &Tz) -> Self {
        Self {
            start: (start != stored.start).then(|| start.with_timezone(tz).naive_local()),
            duration_min: (duration_min != stored.duration_min).then_some(duration_min),
            ..Self::default()
        }
    }
}

/// The positions in `visits` of the visit `visit_id` and, for "this and the following", the
/// later booked visits of its series, by start.
fn reach(visits: &[Visit], visit_id: &str, scope: Scope) -> Result<Vec<usize>, SeriesError> {
    let chosen = visits.iter().position(|v| v.id == visit_id).ok_or(SeriesError::NoSuchVisit)?;
    let this = &visits[chosen];
    let mut following: Vec<usize> = match scope {
        Scope::ThisAndFollowing if !this.series.is_empty() => (0..visits.len())
            .filter(|&i| {
                let v = &visits[i];
                i != chosen && v.series == this.series && v.start > this.start && v.outcome == Outcome::Booked
            })
            .collect(),
        _ => Vec::new(),
    };
    following.sort_by_key(|&i| visits[i].start);
    Ok(std::iter::once(chosen).chain(following).collect())
}

/// Applies `change` to the visit `visit_id` of a client's `visits`, and with "this and the
/// following" to the later booked visits of its series. A new start or duration is recorded
/// as a move of each visit (`Visit::reschedule`). Returns the ids of the changed visits; on
/// an error nothing is changed.
pub fn edit<Tz: TimeZone>(
    visits: &mut [Visit],
    visit_id: &str,
    scope: Scope,
    change: &VisitChange,
    tz: &Tz,
    now: DateTime<Utc>,
) -> Result<Vec<String>, SeriesError> {
    let targets = reach(visits, visit_id, scope)?;
    let local = |at: DateTime<Utc>| at.with_timezone(tz).naive_local();
    let chosen_day = local(visits[targets[0]].start).date();
    let mut edited = Vec::with_capacity(targets.len());
    for &i in &targets {
        let mut visit = visits[i].clone();
        let start = match change.start {
            Some(new) => {
                let day = local(visit.start).date() + (new.date() - chosen_day);
                super::local_instant(tz, day.and_time(new.time()))
            }
            None => visit.start,
        };
        visit.reschedule(start, change.duration_min.unwrap_or(visit.duration_min), now);
        if let Some(service) = &change.service {
            visit.service = service.trim().to_owned();
        }
        if let Some(price) = change.price {
            visit.price = price;
        }
        if let Some(currency) = &change.currency {
            visit.currency = currency.trim().to_uppercase();
        }
        if let Some(location) = &change.location {
            visit.location = location.trim().to_owned();
        }
        visit.validate().map_err(SeriesError::Invalid)?;
        edited.push((i, visit));
    }
    Ok(edited
        .into_iter()
        .map(|(i, visit)| {
            visits[i] = visit;
            visits[i].id.clone()
        })
        .collect())
}

/// Cancels the visit `visit_id`, and with "this and the following" the later booked visits of
/// its series. Returns the ids of the cancelled visits.
pub fn cancel(visits: &mut [Visit], visit_id: &str, scope: Scope) -> Result<Vec<String>, SeriesError> {
    let targets = reach(visits, visit_id, scope)?;
    Ok(targets
        .into_iter()
        .map(|i| {
            visits[i].outcome = Outcome::Cancelled;
            visits[i].id.clone()
        })
        .collect())
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono_tz::Europe::{Berlin, Kyiv};

    fn date(y: i32, m: u32, d: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, d).unwrap()
    }

    fn utc(text: &str) -> DateTime<Utc> {
        text.parse().unwrap()
    }

    fn first(start: &str) -> Visit {
        Visit {
            id: "first".into(),
            start: utc(start),
            duration_min: 60,
            service: "Massage".into(),
            price: 80000,
            paid: 80000,
            currency: "UAH".into(),
            payment: PaymentStatus::Paid,
            location: "Studio".into(),
            private_note: "prefers the window room".into(),
            ..Visit::default()
        }
    }

    fn starts(visits: &[Visit]) -> Vec<String> {
        visits.iter().map(|v| v.start.format("%Y-%m-%d %H:%M").to_string()).collect()
    }

    fn weekly(end: SeriesEnd) -> Recurrence {
        Recurrence { every_weeks: 1, end }
    }

    #[test]
    fn a_weekly_series_of_four_is_four_visits_a_week_apart() {
        // Tuesday 1 Dec 2026, 10:00 in Kyiv (UTC+2 all December): 08:00 UTC each week.
        let series = expand(&first("2026-12-01T08:00:00Z"), &weekly(SeriesEnd::Count(4)), &Kyiv).unwrap();
        assert_eq!(starts(&series), ["2026-12-01 08:00", "2026-12-08 08:00", "2026-12-15 08:00", "2026-12-22 08:00"]);
        // One series id for all, 32 hex digits; the first keeps its id, the rest get new ones.
        let id = &series[0].series;
        assert_eq!(id.len(), 32);
        assert!(series.iter().all(|v| &v.series == id));
        assert_eq!(series[0].id, "first");
        let ids: std::collections::BTreeSet<_> = series.iter().map(|v| v.id.clone()).collect();
        assert_eq!(ids.len(), 4);
        // The first stays as it was; the others copy the booking, not its payment or notes.
        assert_eq!(Visit { series: String::new(), ..series[0].clone() }, first("2026-12-01T08:00:00Z"));
        let later = &series[3];
        assert_eq!(
            (later.duration_min, later.service.as_str(), later.price, later.location.as_str()),
            (60, "Massage", 80000, "Studio")
        );
        assert_eq!((later.paid, later.payment, later.outcome), (0, PaymentStatus::Unpaid, Outcome::Booked));
        assert!(later.private_note.is_empty() && later.moves.is_empty());
    }

    #[test]
    fn every_two_weeks_until_a_date_includes_that_date() {
        // Monday 2 Nov 2026 10:00 Kyiv; every 2 weeks until Monday 14 Dec: 2 Nov, 16 Nov,
        // 30 Nov and 14 Dec. Until Sunday 13 Dec the last one falls away.
        let recurrence = |until| Recurrence { every_weeks: 2, end: SeriesEnd::Until(until) };
        let series = expand(&first("2026-11-02T08:00:00Z"), &recurrence(date(2026, 12, 14)), &Kyiv).unwrap();
        assert_eq!(starts(&series), ["2026-11-02 08:00", "2026-11-16 08:00", "2026-11-30 08:00", "2026-12-14 08:00"]);
        assert_eq!(expand(&first("2026-11-02T08:00:00Z"), &recurrence(date(2026, 12, 13)), &Kyiv).unwrap().len(), 3);
        // Until the day of the first visit: the first alone.
        assert_eq!(expand(&first("2026-11-02T08:00:00Z"), &recurrence(date(2026, 11, 2)), &Kyiv).unwrap().len(), 1);
    }

    #[test]
    fn across_the_spring_change_the_local_time_stays_and_utc_shifts() {
        // Berlin: Tuesdays 10:00. On 29 March 2026 the clocks go forward, from UTC+1 to
        // UTC+2, so 10:00 is 09:00 UTC before and 08:00 UTC after.
        let series = expand(&first("2026-03-17T09:00:00Z"), &weekly(SeriesEnd::Count(3)), &Berlin).unwrap();
        assert_eq!(starts(&series), ["2026-03-17 09:00", "2026-03-24 09:00", "2026-03-31 08:00"]);
        let local: Vec<_> = series.iter().map(|v| v.start.with_timezone(&Berlin).format("%H:%M").to_string()).collect();
        assert_eq!(local, ["10:00", "10:00", "10:00"]);
    }

    #[test]
    fn across_the_autumn_change_the_local_time_stays_and_utc_shifts() {
        // Berlin: Tuesdays 10:00. On 25 October 2026 the clocks go back to UTC+1: 08:00 UTC
        // before, 09:00 UTC after.
        let series = expand(&first("2026-10-20T08:00:00Z"), &weekly(SeriesEnd::Count(2)), &Berlin).unwrap();
        assert_eq!(starts(&series), ["2026-10-20 08:00", "2026-10-27 09:00"]);
    }

    #[test]
    fn a_time_the_clocks_skip_moves_forward_and_one_they_repeat_takes_the_first() {
        // Sundays 02:30 in Berlin. On 29 March 02:30 does not exist (02:00 jumps to 03:00):
        // that visit is at 03:30 summer time, 01:30 UTC; the next Sunday is 02:30 again.
        let spring = expand(&first("2026-03-22T01:30:00Z"), &weekly(SeriesEnd::Count(3)), &Berlin).unwrap();
        assert_eq!(starts(&spring), ["2026-03-22 01:30", "2026-03-29 01:30", "2026-04-05 00:30"]);
        let local: Vec<_> = spring.iter().map(|v| v.start.with_timezone(&Berlin).format("%H:%M").to_string()).collect();
        assert_eq!(local, ["02:30", "03:30", "02:30"]);
        // On 25 October 02:30 happens twice (summer time, then winter time): the first,
        // 00:30 UTC. A week later it is 02:30 winter time, 01:30 UTC.
        let autumn = expand(&first("2026-10-18T00:30:00Z"), &weekly(SeriesEnd::Count(3)), &Berlin).unwrap();
        assert_eq!(starts(&autumn), ["2026-10-18 00:30", "2026-10-25 00:30", "2026-11-01 01:30"]);
    }

    #[test]
    fn a_series_is_refused_when_it_is_too_long_or_ends_before_it_starts() {
        let visit = first("2026-12-01T08:00:00Z");
        let try_with = |every_weeks, end| expand(&visit, &Recurrence { every_weeks, end }, &Kyiv).map(|v| v.len());
        assert_eq!(try_with(1, SeriesEnd::Count(104)), Ok(104));
        assert_eq!(try_with(1, SeriesEnd::Count(105)), Err(SeriesError::TooMany));
        // Weekly for three years is 157 visits.
        assert_eq!(try_with(1, SeriesEnd::Until(date(2029, 12, 1))), Err(SeriesError::TooMany));
        assert_eq!(try_with(4, SeriesEnd::Until(date(2029, 12, 1))), Ok(40));
        assert_eq!(try_with(0, SeriesEnd::Count(4)), Err(SeriesError::EveryWeeks));
        assert_eq!(try_with(53, SeriesEnd::Count(4)), Err(SeriesError::EveryWeeks));
        assert_eq!(try_with(1, SeriesEnd::Count(0)), Err(SeriesError::EndsBeforeStart));
        assert_eq!(try_with(1, SeriesEnd::Until(date(2026, 11, 30))), Err(SeriesError::EndsBeforeStart));
        crate::i18n::set_lang(crate::i18n::Lang::En);
        assert_eq!(
            SeriesError::TooMany.to_string(),
            "A series books at most 104 visits; choose an earlier end or fewer times."
        );
    }

    /// A weekly series on Tuesdays at 10:00 in Kyiv, 1 to 29 Dec 2026: the first was held,
    /// the third cancelled, the rest booked.
    fn history() -> Vec<Visit> {
        let mut visits = expand(&first("2026-12-01T08:00:00Z"), &weekly(SeriesEnd::Count(5)), &Kyiv).unwrap();
        for (i, v) in visits.iter_mut().enumerate() {
            v.id = format!("v{}", i + 1);
        }
        visits[0].outcome = Outcome::Completed;
        visits[2].outcome = Outcome::Cancelled;
        // A visit outside the series, on the same client.
        visits.push(Visit { id: "other".into(), series: String::new(), ..first("2026-12-16T08:00:00Z") });
        // Stored order is not start order.
        visits.reverse();
        visits
    }

    fn by_id<'a>(visits: &'a [Visit], id: &str) -> &'a Visit {
        visits.iter().find(|v| v.id == id).unwrap()
    }

    #[test]
    fn this_and_the_following_changes_later_booked_visits_only() {
        let mut visits = history();
        let before = visits.clone();
        let now = utc("2026-12-05T12:00:00Z");
        // From the second (8 Dec): 11:30 instead of 10:00, 90 minutes, another service.
        let change = VisitChange {
            start: Some(date(2026, 12, 8).and_hms_opt(11, 30, 0).unwrap()),
            duration_min: Some(90),
            service: Some("Long massage".into()),
            ..VisitChange::default()
        };
        let changed = edit(&mut visits, "v2", Scope::ThisAndFollowing, &change, &Kyiv, now).unwrap();
        // v1 is earlier (and was held), v3 was cancelled, "other" is not in the series.
        assert_eq!(changed, ["v2", "v4", "v5"]);
        for id in ["v1", "v3", "other"] {
            assert_eq!(by_id(&visits, id), by_id(&before, id), "{id} untouched");
        }
        for (id, start) in
            [("v2", "2026-12-08T09:30:00Z"), ("v4", "2026-12-22T09:30:00Z"), ("v5", "2026-12-29T09:30:00Z")]
        {
            let v = by_id(&visits, id);
            assert_eq!((v.start, v.duration_min, v.service.as_str()), (utc(start), 90, "Long massage"), "{id}");
            // Each keeps where it was: 10:00 Kyiv, 60 minutes.
            assert_eq!(v.moves.len(), 1);
            assert_eq!(
                (v.moves[0].from_start, v.moves[0].from_duration_min, v.moves[0].at),
                (by_id(&before, id).start, 60, now)
            );
        }
    }

    #[test]
    fn a_new_length_alone_keeps_each_following_visits_own_start() {
        let mut visits = history();
        let now = utc("2026-12-05T12:00:00Z");
        // v4 was moved on its own to 14:00 Kyiv (12:00 UTC) for 45 minutes.
        let v4 = visits.iter_mut().find(|v| v.id == "v4").unwrap();
        v4.reschedule(utc("2026-12-22T12:00:00Z"), 45, now);
        let before = visits.clone();
        // From v2: only the length changes, to 90 minutes.
        let v2 = by_id(&visits, "v2").clone();
        let change = VisitChange::moving(&v2, v2.start, 90, &Kyiv);
        assert_eq!(change, VisitChange { duration_min: Some(90), ..VisitChange::default() });
        edit(&mut visits, "v2", Scope::ThisAndFollowing, &change, &Kyiv, now).unwrap();
        for id in ["v2", "v4", "v5"] {
            let (after, was) = (by_id(&visits, id), by_id(&before, id));
            assert_eq!((after.start, after.duration_min), (was.start, 90), "{id} keeps its start");
        }
        // A new start alone keeps each length: v4 stays 45 minutes.
        let v2 = by_id(&visits, "v2").clone();
        let change = VisitChange::moving(&v2, v2.start + chrono::Duration::hours(1), 90, &Kyiv);
        assert_eq!(change.duration_min, None);
        edit(&mut visits, "v2", Scope::ThisAndFollowing, &change, &Kyiv, now).unwrap();
        assert_eq!(by_id(&visits, "v4").duration_min, 90);
        assert_eq!(by_id(&visits, "v4").start, utc("2026-12-22T09:00:00Z"));
    }

    #[test]
    fn moving_to_another_weekday_moves_the_following_by_as_many_days() {
        let mut visits = history();
        // The fourth (Tue 22 Dec) to Wednesday 23 Dec at 09:00: the fifth goes to Wed 30 Dec.
        let change =
            VisitChange { start: Some(date(2026, 12, 23).and_hms_opt(9, 0, 0).unwrap()), ..VisitChange::default() };
        edit(&mut visits, "v4", Scope::ThisAndFollowing, &change, &Kyiv, utc("2026-12-05T12:00:00Z")).unwrap();
        assert_eq!(by_id(&visits, "v4").start, utc("2026-12-23T07:00:00Z"));
        assert_eq!(by_id(&visits, "v5").start, utc("2026-12-30T07:00:00Z"));
        assert_eq!(by_id(&visits, "v2").start, utc("2026-12-08T08:00:00Z"), "earlier, untouched");
    }

    #[test]
    fn this_one_changes_only_the_chosen_visit_and_keeps_it_in_the_series() {
        let mut visits = history();
        let change = VisitChange { price: Some(90000), ..VisitChange::default() };
        let changed = edit(&mut visits, "v4", Scope::ThisOne, &change, &Kyiv, utc("2026-12-05T12:00:00Z")).unwrap();
        assert_eq!(changed, ["v4"]);
        assert_eq!((by_id(&visits, "v4").price, by_id(&visits, "v5").price), (90000, 80000));
        assert!(by_id(&visits, "v4").moves.is_empty(), "no new time, no move");
        assert_eq!(by_id(&visits, "v4").series, by_id(&visits, "v5").series);
    }

    #[test]
    fn the_following_keep_their_local_time_across_a_daylight_saving_change() {
        // Berlin, Tuesdays 10:00 from 17 March 2026; from the first, everything to 09:00.
        let mut visits = expand(&first("2026-03-17T09:00:00Z"), &weekly(SeriesEnd::Count(3)), &Berlin).unwrap();
        let change =
            VisitChange { start: Some(date(2026, 3, 17).and_hms_opt(9, 0, 0).unwrap()), ..VisitChange::default() };
        edit(&mut visits, "first", Scope::ThisAndFollowing, &change, &Berlin, utc("2026-03-01T00:00:00Z")).unwrap();
        // 09:00 CET is 08:00 UTC; after the change on 29 March, 09:00 CEST is 07:00 UTC.
        assert_eq!(starts(&visits), ["2026-03-17 08:00", "2026-03-24 08:00", "2026-03-31 07:00"]);
    }

    #[test]
    fn a_change_that_breaks_a_visit_changes_nothing() {
        let mut visits = history();
        let before = visits.clone();
        let change = VisitChange { duration_min: Some(0), ..VisitChange::default() };
        let result = edit(&mut visits, "v2", Scope::ThisAndFollowing, &change, &Kyiv, utc("2026-12-05T12:00:00Z"));
        assert!(matches!(result, Err(SeriesError::Invalid(ref e)) if e[0].field == "duration"));
        assert_eq!(visits, before);
        let bad_currency = VisitChange { currency: Some("euro".into()), ..VisitChange::default() };
        assert!(edit(&mut visits, "v2", Scope::ThisOne, &bad_currency, &Kyiv, utc("2026-12-05T12:00:00Z")).is_err());
        assert_eq!(visits, before);
        assert_eq!(
            edit(&mut visits, "gone", Scope::ThisOne, &VisitChange::default(), &Kyiv, utc("2026-12-05T12:00:00Z")),
            Err(SeriesError::NoSuchVisit)
        );
    }

    #[test]
    fn cancelling_this_and_the_following_leaves_earlier_and_finished_visits() {
        let mut visits = history();
        assert_eq!(cancel(&mut visits, "v2", Scope::ThisAndFollowing).unwrap(), ["v2", "v4", "v5"]);
        let outcomes: Vec<_> =
            ["v1", "v2", "v3", "v4", "v5", "other"].iter().map(|id| by_id(&visits, id).outcome).collect();
        use Outcome::*;
        assert_eq!(outcomes, [Completed, Cancelled, Cancelled, Cancelled, Cancelled, Booked]);
        let mut visits = history();
        assert_eq!(cancel(&mut visits, "v4", Scope::ThisOne).unwrap(), ["v4"]);
        assert_eq!(by_id(&visits, "v5").outcome, Booked);
        // A visit on its own has no following ones.
        assert_eq!(cancel(&mut visits, "other", Scope::ThisAndFollowing).unwrap(), ["other"]);
        assert_eq!(cancel(&mut visits, "gone", Scope::ThisOne), Err(SeriesError::NoSuchVisit));
    }
}
