//! What to warn about before an appointment is saved: other appointments it overlaps or comes
//! closer to than the buffer, blocked time it runs into, and working hours it leaves. These are
//! warnings: the user can still save.
//!
//! The caller gives the appointments near that time (from the calendar's index by date); this
//! module never scans the book.

use chrono::{DateTime, NaiveDate, NaiveDateTime, TimeZone, Utc};

use crate::i18n::{format_time, lang, tf};
use crate::model::{weekday_name, BlockKind, CalendarSettings, Outcome, Visit};

use super::hours::{blocked_between, off_hours, OffHours};

/// One reason to think twice before saving an appointment. Times are local.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Conflict {
    /// Another appointment overlaps this one.
    Overlap { client_id: String, visit_id: String, from: NaiveDateTime, to: NaiveDateTime },
    /// Another appointment does not overlap, but leaves less than the buffer between them.
    TooClose { client_id: String, visit_id: String, from: NaiveDateTime, to: NaiveDateTime, buffer_min: u32 },
    /// It runs into blocked time; `from`..`to` is the blocked time on that day.
    Blocked { block_id: String, kind: BlockKind, note: String, from: NaiveDateTime, to: NaiveDateTime, all_day: bool },
    /// It is on a day the user does not work.
    ClosedDay { date: NaiveDate },
    /// It starts before the day's working hours or ends after them.
    OutsideHours { date: NaiveDate, open: NaiveDateTime, close: NaiveDateTime },
}

impl Conflict {
    /// The warning in the interface language. `client_name` gives the name to show for the
    /// other appointment's client id (the caller knows the discreet calendar setting).
    pub fn message(&self, client_name: impl FnOnce(&str) -> String) -> String {
        let time = |at: &NaiveDateTime| format_time(lang(), *at);
        match self {
            Self::Overlap { client_id, from, to, .. } => tf(
                "Overlaps the appointment with {name}, {from}–{to}.",
                &[("name", client_name(client_id)), ("from", time(from)), ("to", time(to))],
            ),
            Self::TooClose { client_id, from, to, buffer_min, .. } => tf(
                "Less than {n} min from the appointment with {name}, {from}–{to}.",
                &[
                    ("n", buffer_min.to_string()),
                    ("name", client_name(client_id)),
                    ("from", time(from)),
                    ("to", time(to)),
                ],
            ),
            Self::Blocked { kind, note, from, to, all_day, .. } => {
                let what = if note.is_empty() { kind.label().to_owned() } else { format!("{} ({note})", kind.label()) };
                if *all_day {
                    tf("On blocked time: {what}, all day.", &[("what", what)])
                } else {
                    tf(
                        "On blocked time: {what}, {from}–{to}.",
                        &[("what", what), ("from", time(from)), ("to", time(to))],
                    )
                }
            }
            Self::ClosedDay { date } => {
                use chrono::Datelike;
                tf("Not a working day ({day}).", &[("day", weekday_name(date.weekday()).to_owned())])
            }
            Self::OutsideHours { open, close, .. } => {
                tf("Outside working hours, {from}–{to}.", &[("from", time(open)), ("to", time(close))])
            }
        }
    }
}

/// Whether a visit keeps its time from others: booked and held ones do; a cancelled one or a
/// no-show freed it.
pub fn holds_time(visit: &Visit) -> bool {
    matches!(visit.outcome, Outcome::Booked | Outcome::Completed)
}

/// Every warning for an appointment `visit_id` from `start` for `duration_min` minutes.
/// `nearby` holds (client id, visit) for the appointments around that time, of any client;
/// the visit itself, if among them, is skipped by its id. Appointments come first by their
/// start, then blocked time, then working hours.
///
/// Two appointments conflict when they overlap, or when the gap between them is shorter than
/// the buffer. One that ends when the other starts does not overlap.
pub fn conflicts<'a, Tz: TimeZone>(
    calendar: &CalendarSettings,
    tz: &Tz,
    visit_id: &str,
    start: DateTime<Utc>,
    duration_min: u32,
    nearby: impl IntoIterator<Item = (&'a str, &'a Visit)>,
) -> Vec<Conflict> {
    let end = start + chrono::Duration::minutes(i64::from(duration_min));
    let buffer = chrono::Duration::minutes(i64::from(calendar.buffer_min));
    let local = |at: DateTime<Utc>| at.with_timezone(tz).naive_local();

    let mut appointments: Vec<(DateTime<Utc>, Conflict)> = nearby
        .into_iter()
        .filter(|(_, other)| other.id != visit_id && holds_time(other))
        .filter_map(|(client_id, other)| {
            let (other_start, other_end) = (other.start, other.end());
            let (client_id, visit_id) = (client_id.to_owned(), other.id.clone());
            let (from, to) = (local(other_start), local(other_end));
            let conflict = if other_start < end && start < other_end {
                Conflict::Overlap { client_id, visit_id, from, to }
            } else if other_start < end + buffer && start < other_end + buffer {
                Conflict::TooClose { client_id, visit_id, from, to, buffer_min: calendar.buffer_min }
            } else {
                return None;
            };
            Some((other_start, conflict))
        })
        .collect();
    appointments.sort_by_key(|(at, _)| *at);
    let mut found: Vec<Conflict> = appointments.into_iter().map(|(_, c)| c).collect();

    let (from, to) = (local(start), local(end));
    found.extend(blocked_between(calendar, from, to).into_iter().map(|span| Conflict::Blocked {
        block_id: span.block.id.clone(),
        kind: span.block.kind,
        note: span.block.note.clone(),
        from: span.from,
        to: span.to,
        all_day: span.is_all_day(),
    }));
    found.extend(off_hours(calendar, from, to).map(|off| match off {
        OffHours::ClosedDay(date) => Conflict::ClosedDay { date },
        OffHours::Outside { date, open, close } => Conflict::OutsideHours { date, open, close },
    }));
    found
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{BlockedTime, Repeat};
    use chrono_tz::Europe::Kyiv;

    fn local(d: u32, h: u32, min: u32) -> NaiveDateTime {
        NaiveDate::from_ymd_opt(2026, 12, d).unwrap().and_hms_opt(h, min, 0).unwrap()
    }

    /// An appointment on Utc, where local and UTC times are the same, to keep the numbers
    /// readable; the time zone tests are below and in `series`.
    fn visit(id: &str, d: u32, h: u32, min: u32, minutes: u32, outcome: Outcome) -> Visit {
        Visit { id: id.into(), start: local(d, h, min).and_utc(), duration_min: minutes, outcome, ..Visit::default() }
    }

    /// The book around Thursday 3 Dec 2026: Ann 10:00–11:00, Bob 12:00–12:30, Cat's
    /// cancelled 14:00–15:00 and Dan's no-show 15:00–16:00.
    fn nearby() -> Vec<(&'static str, Visit)> {
        vec![
            ("ann", visit("a1", 3, 10, 0, 60, Outcome::Booked)),
            ("bob", visit("b1", 3, 12, 0, 30, Outcome::Booked)),
            ("cat", visit("c1", 3, 14, 0, 60, Outcome::Cancelled)),
            ("dan", visit("d1", 3, 15, 0, 60, Outcome::NoShow)),
        ]
    }

    fn check(calendar: &CalendarSettings, id: &str, d: u32, h: u32, min: u32, minutes: u32) -> Vec<Conflict> {
        let book = nearby();
        conflicts(calendar, &Utc, id, local(d, h, min).and_utc(), minutes, book.iter().map(|(c, v)| (*c, v)))
    }

    #[test]
    fn overlapping_appointments_conflict_and_touching_ones_do_not() {
        let calendar = CalendarSettings::default();
        // 10:30–11:30 overlaps Ann's 10:00–11:00 by half an hour.
        assert_eq!(
            check(&calendar, "new", 3, 10, 30, 60),
            [Conflict::Overlap {
                client_id: "ann".into(),
                visit_id: "a1".into(),
                from: local(3, 10, 0),
                to: local(3, 11, 0)
            }]
        );
        // 11:00–12:00 ends as Bob starts and starts as Ann ends: without a buffer, no conflict.
        assert_eq!(check(&calendar, "new", 3, 11, 0, 60), []);
        // 09:00–13:00 covers both, listed by their start.
        let both: Vec<_> = check(&calendar, "new", 3, 9, 0, 240)
            .into_iter()
            .map(|c| match c {
                Conflict::Overlap { client_id, .. } => client_id,
                other => panic!("{other:?}"),
            })
            .collect();
        assert_eq!(both, ["ann", "bob"]);
    }

    #[test]
    fn the_buffer_warns_about_appointments_too_close() {
        let calendar = CalendarSettings { buffer_min: 15, ..CalendarSettings::default() };
        // 11:00–11:50: no overlap, but 0 minutes after Ann (< 15) and 10 before Bob (< 15).
        let found = check(&calendar, "new", 3, 11, 0, 50);
        assert_eq!(found.len(), 2);
        assert!(matches!(&found[0], Conflict::TooClose { client_id, buffer_min: 15, .. } if client_id == "ann"));
        assert!(matches!(&found[1], Conflict::TooClose { client_id, .. } if client_id == "bob"));
        // 11:15–11:45: exactly 15 minutes from both, which is enough.
        assert_eq!(check(&calendar, "new", 3, 11, 15, 30), []);
        // An overlap stays an overlap with a buffer.
        assert!(matches!(check(&calendar, "new", 3, 10, 30, 20)[0], Conflict::Overlap { .. }));
    }

    #[test]
    fn cancelled_and_no_show_appointments_leave_their_time_free() {
        let calendar = CalendarSettings { buffer_min: 30, ..CalendarSettings::default() };
        // 14:00–16:00 covers Cat's cancelled and Dan's no-show visits: no conflict.
        assert_eq!(check(&calendar, "new", 3, 14, 0, 120), []);
    }

    #[test]
    fn an_appointment_does_not_conflict_with_itself() {
        // Moving Ann's visit half an hour later overlaps where it was, which does not count.
        assert_eq!(check(&CalendarSettings::default(), "a1", 3, 10, 30, 60), []);
    }

    #[test]
    fn blocked_time_and_working_hours_are_separate_warnings() {
        let mut calendar = CalendarSettings::default();
        let lunch = BlockedTime {
            id: "lunch".into(),
            kind: BlockKind::Break,
            start: local(1, 13, 0),
            end: local(1, 14, 0),
            note: "lunch".into(),
            repeat: Repeat::WorkingDays,
        };
        calendar.blocked = vec![
            lunch,
            BlockedTime::whole_days("off".into(), BlockKind::DayOff, local(4, 0, 0).date(), local(4, 0, 0).date()),
        ];
        // Thursday 13:30–14:30: into lunch.
        assert_eq!(
            check(&calendar, "new", 3, 13, 30, 60),
            [Conflict::Blocked {
                block_id: "lunch".into(),
                kind: BlockKind::Break,
                note: "lunch".into(),
                from: local(3, 13, 0),
                to: local(3, 14, 0),
                all_day: false,
            }]
        );
        // Thursday 17:30–18:30 ends after 18:00.
        assert_eq!(
            check(&calendar, "new", 3, 17, 30, 60),
            [Conflict::OutsideHours { date: local(3, 0, 0).date(), open: local(3, 9, 0), close: local(3, 18, 0) }]
        );
        // Friday 4 Dec is a day off (and lunch is inside it too); Saturday is not a working day.
        let friday = check(&calendar, "new", 4, 12, 30, 60);
        assert!(
            matches!(&friday[..], [Conflict::Blocked { block_id: a, all_day: true, .. }, Conflict::Blocked { block_id: b, .. }] if a == "off" && b == "lunch")
        );
        assert_eq!(check(&calendar, "new", 5, 10, 0, 60), [Conflict::ClosedDay { date: local(5, 0, 0).date() }]);
        // Ann's appointment, lunch and the hours at once: appointments first.
        let all = check(&calendar, "new", 3, 7, 0, 400);
        assert!(
            matches!(
                &all[..],
                [
                    Conflict::Overlap { .. },
                    Conflict::Overlap { .. },
                    Conflict::Blocked { .. },
                    Conflict::OutsideHours { .. }
                ]
            ),
            "{all:?}"
        );
    }

    #[test]
    fn an_appointment_across_midnight_meets_the_next_day() {
        // Kyiv (UTC+2 in December). Open every day until 24:00. Friday 23:30 to Saturday
        // 00:30 local overlaps Eve's Saturday 00:15 appointment, leaves Friday's hours,
        // and is stored as 21:30 UTC.
        let mut calendar = CalendarSettings::default();
        for day in calendar.hours.iter_mut() {
            *day = crate::model::WorkingDay { open: true, ..*day };
            day.to = crate::model::ClockTime::END_OF_DAY;
        }
        let start = super::super::local_instant(&Kyiv, local(4, 23, 30));
        assert_eq!(start, "2026-12-04T21:30:00Z".parse::<DateTime<Utc>>().unwrap());
        let eve = Visit {
            id: "e1".into(),
            start: "2026-12-04T22:15:00Z".parse().unwrap(),
            duration_min: 30,
            ..Visit::default()
        };
        let found = conflicts(&calendar, &Kyiv, "new", start, 60, [("eve", &eve)]);
        assert_eq!(
            found,
            [
                Conflict::Overlap {
                    client_id: "eve".into(),
                    visit_id: "e1".into(),
                    from: local(5, 0, 15),
                    to: local(5, 0, 45)
                },
                Conflict::OutsideHours { date: local(4, 0, 0).date(), open: local(4, 9, 0), close: local(5, 0, 0) },
            ]
        );
    }

    #[test]
    fn warnings_read_in_the_interface_language() {
        crate::i18n::set_lang(crate::i18n::Lang::En);
        let overlap = Conflict::Overlap {
            client_id: "ann".into(),
            visit_id: "a1".into(),
            from: local(3, 10, 0),
            to: local(3, 11, 0),
        };
        assert_eq!(
            overlap.message(|id| format!("<{id}>")),
            "Overlaps the appointment with <ann>, 10:00\u{a0}AM–11:00\u{a0}AM."
        );
        assert_eq!(
            Conflict::ClosedDay { date: local(5, 0, 0).date() }.message(|_| unreachable!()),
            "Not a working day (Saturday)."
        );
    }
}
