//! The Today view: what the working day needs at a glance. Computed from the book for a given
//! moment and time zone, so it is testable without a clock.
//!
//! Each line says when it happens only as far as its section's heading does not: under
//! "Appointments today" and "Tomorrow" the time alone, elsewhere the day too, and the year only
//! when it is not this year's. A phone has room for little more than that beside a name.

pub mod attention;

use chrono::{DateTime, Datelike, Days, NaiveDate, NaiveDateTime, TimeZone, Utc, Weekday};

use crate::book::Book;
use crate::i18n::{format_date, format_datetime, format_day_month, format_day_month_time, format_time, lang, t, tf};
use crate::model::{FollowUp, Outcome, Visit};

/// When a line of Today happens, as much as its section's heading leaves unsaid. Times are
/// local.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum When {
    /// The heading names the day (today's and tomorrow's appointments): the time alone.
    Time(NaiveDateTime),
    /// An appointment under a heading that names no day: the day and the time; the year when
    /// it is not this one.
    DayAndTime { at: NaiveDateTime, with_year: bool },
    /// A follow-up due today.
    DueToday,
    /// A follow-up due before today; the year when it is not this one.
    OverdueSince { due: NaiveDate, with_year: bool },
    /// A birthday in the coming week: the day and the month.
    Birthday(NaiveDate),
}

impl When {
    fn day_and_time(at: NaiveDateTime, today: NaiveDate) -> Self {
        Self::DayAndTime { at, with_year: at.year() != today.year() }
    }

    fn follow_up(due: NaiveDate, today: NaiveDate) -> Self {
        if due < today {
            Self::OverdueSince { due, with_year: due.year() != today.year() }
        } else {
            Self::DueToday
        }
    }

    /// The words for it in the current language.
    pub fn text(&self) -> String {
        let lang = lang();
        match *self {
            Self::Time(at) => format_time(lang, at),
            Self::DayAndTime { at, with_year: true } => format_datetime(lang, at),
            Self::DayAndTime { at, with_year: false } => format_day_month_time(lang, at),
            Self::DueToday => t("Due today").to_owned(),
            Self::OverdueSince { due, with_year } => {
                let date =
                    if with_year { format_date(lang, due) } else { format_day_month(lang, due.month(), due.day()) };
                tf("Overdue since {date}", &[("date", date)])
            }
            Self::Birthday(date) => format_day_month(lang, date.month(), date.day()),
        }
    }
}

#[derive(Clone, Debug, PartialEq)]
pub struct AppointmentItem {
    pub client_id: String,
    pub client_name: String,
    pub blocked: bool,
    pub alert: String,
    pub visit: Visit,
    pub when: When,
}

#[derive(Clone, Debug, PartialEq)]
pub struct FollowUpItem {
    pub client_id: String,
    pub client_name: String,
    pub follow_up: FollowUp,
    pub overdue: bool,
    pub when: When,
}

#[derive(Clone, Debug, PartialEq)]
pub struct BirthdayItem {
    pub client_id: String,
    pub client_name: String,
    pub date: NaiveDate,
    /// The age reached on that day, when the birth year is known.
    pub turning: Option<u32>,
    pub when: When,
}

#[derive(Clone, Debug, Default, PartialEq)]
pub struct Today {
    pub date: Option<NaiveDate>,
    /// Today's visits that were not cancelled, by start time.
    pub today: Vec<AppointmentItem>,
    /// Tomorrow's booked appointments, by start time.
    pub tomorrow: Vec<AppointmentItem>,
    /// Open follow-ups due today or earlier, oldest first.
    pub follow_ups: Vec<FollowUpItem>,
    /// Birthdays from today to seven days ahead, soonest first.
    pub birthdays: Vec<BirthdayItem>,
    /// Blocked clients who still have an appointment booked.
    pub blocked_with_appointments: Vec<AppointmentItem>,
    /// Visits this calendar week that were not cancelled; the week starts on the day the
    /// interface language starts it (Sunday in English, Monday in Russian, Ukrainian, Chinese).
    pub week_visits: usize,
}

/// The first day of the week that contains `date`, for weeks that start on `first`.
pub fn start_of_week(date: NaiveDate, first: Weekday) -> NaiveDate {
    let back = (7 + date.weekday().num_days_from_monday() - first.num_days_from_monday()) % 7;
    date.checked_sub_days(Days::new(u64::from(back))).unwrap_or(date)
}

pub const BIRTHDAY_WINDOW_DAYS: u64 = 7;

pub fn today_view<Tz: TimeZone>(book: &Book, now: DateTime<Utc>, tz: &Tz, week_starts_on: Weekday) -> Today {
    let today = now.with_timezone(tz).date_naive();
    let week = start_of_week(today, week_starts_on)..start_of_week(today, week_starts_on) + Days::new(7);
    let tomorrow = today + Days::new(1);
    let horizon = today + Days::new(BIRTHDAY_WINDOW_DAYS);
    let mut view = Today { date: Some(today), ..Today::default() };

    for entry in book.entries().filter(|e| e.client.trashed.is_none()) {
        let client = &entry.client;
        let item = |visit: &Visit, when: When| AppointmentItem {
            client_id: client.id.clone(),
            client_name: client.name.clone(),
            blocked: client.is_blocked(),
            alert: client.alert.clone(),
            visit: visit.clone(),
            when,
        };
        for visit in &client.visits {
            let at = visit.start.with_timezone(tz).naive_local();
            let day = at.date();
            if day == today && visit.outcome != Outcome::Cancelled {
                view.today.push(item(visit, When::Time(at)));
            } else if day == tomorrow && visit.outcome == Outcome::Booked {
                view.tomorrow.push(item(visit, When::Time(at)));
            }
            if week.contains(&day) && visit.outcome != Outcome::Cancelled {
                view.week_visits += 1;
            }
            if client.is_blocked() && visit.is_appointment(now) {
                view.blocked_with_appointments.push(item(visit, When::day_and_time(at, today)));
            }
        }
        for follow_up in client.follow_ups.iter().filter(|f| !f.done && f.due <= today) {
            view.follow_ups.push(FollowUpItem {
                client_id: client.id.clone(),
                client_name: client.name.clone(),
                follow_up: follow_up.clone(),
                overdue: follow_up.due < today,
                when: When::follow_up(follow_up.due, today),
            });
        }
        if let Some(date) = client.birthday.and_then(|b| b.next_on_or_after(today)).filter(|d| *d <= horizon) {
            view.birthdays.push(BirthdayItem {
                client_id: client.id.clone(),
                client_name: client.name.clone(),
                date,
                turning: client.birthday.and_then(|b| b.age_on(date)),
                when: When::Birthday(date),
            });
        }
    }
    view.today.sort_by_key(|i| i.visit.start);
    view.tomorrow.sort_by_key(|i| i.visit.start);
    view.blocked_with_appointments.sort_by_key(|i| i.visit.start);
    view.follow_ups.sort_by_key(|i| i.follow_up.due);
    view.birthdays.sort_by_key(|i| i.date);
    view
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::i18n::Lang;
    use crate::model::{Birthday, Client, Settings, Status};
    use chrono::FixedOffset;

    /// 2026-11-22 23:30 in Kyiv (UTC+2) is 21:30 UTC: "today" must follow the local date.
    fn now() -> DateTime<Utc> {
        "2026-11-22T21:30:00Z".parse().unwrap()
    }

    fn kyiv() -> FixedOffset {
        FixedOffset::east_opt(2 * 3600).unwrap()
    }

    fn visit(start: &str, outcome: Outcome) -> Visit {
        Visit { start: start.parse().unwrap(), duration_min: 60, outcome, currency: "EUR".into(), ..Visit::default() }
    }

    fn date(y: i32, m: u32, d: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, d).unwrap()
    }

    #[test]
    fn today_collects_the_days_work_in_local_time() {
        let mut ann = Client { id: "ann".into(), name: "Ann".into(), ..Client::default() };
        ann.visits = vec![
            visit("2026-11-22T08:00:00Z", Outcome::Completed),
            visit("2026-11-22T23:00:00Z", Outcome::Booked), // 01:00 local on the 23rd: tomorrow
            visit("2026-11-22T12:00:00Z", Outcome::Cancelled),
        ];
        ann.follow_ups = vec![
            FollowUp { id: "f1".into(), due: date(2026, 11, 20), text: "call back".into(), done: false },
            FollowUp { id: "f2".into(), due: date(2026, 11, 22), text: "send photos".into(), done: false },
            FollowUp { id: "f3".into(), due: date(2026, 11, 21), text: "done".into(), done: true },
            FollowUp { id: "f4".into(), due: date(2026, 11, 25), text: "later".into(), done: false },
        ];
        let mut bob = Client { id: "bob".into(), name: "Bob".into(), ..Client::default() };
        bob.birthday = Some(Birthday { month: 11, day: 29, year: Some(1980) });
        bob.status = Status::Blocked { reason: "rude".into(), since: date(2026, 1, 1) };
        bob.visits = vec![visit("2026-11-24T10:00:00Z", Outcome::Booked)];
        let mut cat = Client { id: "cat".into(), name: "Cat".into(), ..Client::default() };
        cat.birthday = Some(Birthday { month: 11, day: 30, year: None });
        let mut gone = Client { id: "gone".into(), name: "Gone".into(), trashed: Some(now()), ..Client::default() };
        gone.visits = vec![visit("2026-11-22T09:00:00Z", Outcome::Booked)];

        let book = Book::new(vec![ann, bob, cat, gone], Settings::default(), now());
        let view = today_view(&book, now(), &kyiv(), Weekday::Mon);
        assert_eq!(view.date, Some(date(2026, 11, 22)));
        assert_eq!(view.today.len(), 1);
        assert_eq!(view.today[0].client_name, "Ann");
        assert_eq!(view.tomorrow.len(), 1);
        let follow: Vec<_> = view.follow_ups.iter().map(|f| (f.follow_up.id.as_str(), f.overdue)).collect();
        assert_eq!(follow, [("f1", true), ("f2", false)]);
        let birthdays: Vec<_> = view.birthdays.iter().map(|b| (b.client_name.as_str(), b.turning)).collect();
        assert_eq!(birthdays, [("Bob", Some(46))]);
        assert_eq!(view.blocked_with_appointments.len(), 1);
        assert!(view.blocked_with_appointments[0].blocked);
    }

    #[test]
    fn birthdays_in_the_window_include_today_and_the_seventh_day() {
        let mk = |id: &str, m, d| Client {
            id: id.into(),
            name: id.into(),
            birthday: Some(Birthday { month: m, day: d, year: None }),
            ..Client::default()
        };
        let book = Book::new(
            vec![mk("today", 11, 22), mk("seventh", 11, 29), mk("eighth", 11, 30), mk("yesterday", 11, 21)],
            Settings::default(),
            now(),
        );
        let view = today_view(&book, now(), &kyiv(), Weekday::Mon);
        let names: Vec<_> = view.birthdays.iter().map(|b| b.client_name.as_str()).collect();
        assert_eq!(names, ["today", "seventh"]);
    }

    #[test]
    fn the_week_starts_on_the_languages_first_day() {
        // Now is Sunday 22 November 2026 in Kyiv.
        let mut ann = Client { id: "ann".into(), name: "Ann".into(), ..Client::default() };
        ann.visits = vec![
            visit("2026-11-16T10:00:00Z", Outcome::Completed), // Monday before
            visit("2026-11-20T10:00:00Z", Outcome::Completed), // Friday before
            visit("2026-11-22T10:00:00Z", Outcome::Completed), // today
            visit("2026-11-24T10:00:00Z", Outcome::Booked),    // Tuesday after
            visit("2026-11-25T10:00:00Z", Outcome::Cancelled), // cancelled: never counts
            visit("2026-11-29T10:00:00Z", Outcome::Booked),    // next Sunday
        ];
        let book = Book::new(vec![ann], Settings::default(), now());
        assert_eq!(today_view(&book, now(), &kyiv(), Weekday::Mon).week_visits, 3, "16, 20 and 22 November");
        assert_eq!(today_view(&book, now(), &kyiv(), Weekday::Sun).week_visits, 2, "22 and 24 November");
        assert_eq!(start_of_week(date(2026, 11, 22), Weekday::Sun), date(2026, 11, 22));
        assert_eq!(start_of_week(date(2026, 11, 22), Weekday::Mon), date(2026, 11, 16));
    }
    #[test]
    fn each_line_says_when_only_what_its_heading_does_not() {
        let mut ann = Client { id: "ann".into(), name: "Ann".into(), ..Client::default() };
        ann.visits = vec![
            visit("2026-11-22T12:30:00Z", Outcome::Booked), // 14:30 in Kyiv today
            visit("2026-11-23T07:05:00Z", Outcome::Booked), // 09:05 tomorrow
        ];
        ann.follow_ups = vec![
            FollowUp { id: "old".into(), due: date(2025, 12, 30), text: "x".into(), done: false },
            FollowUp { id: "late".into(), due: date(2026, 11, 20), text: "x".into(), done: false },
            FollowUp { id: "now".into(), due: date(2026, 11, 22), text: "x".into(), done: false },
        ];
        ann.birthday = Some(Birthday { month: 11, day: 25, year: None });
        let mut bob = Client { id: "bob".into(), name: "Bob".into(), ..Client::default() };
        bob.status = Status::Blocked { reason: "rude".into(), since: date(2026, 1, 1) };
        bob.visits =
            vec![visit("2026-12-01T08:00:00Z", Outcome::Booked), visit("2027-01-04T08:00:00Z", Outcome::Booked)];
        let book = Book::new(vec![ann, bob], Settings::default(), now());
        let view = today_view(&book, now(), &kyiv(), Weekday::Mon);
        let texts = |view: &Today| {
            [
                view.today.iter().map(|i| i.when.text()).collect::<Vec<_>>(),
                view.tomorrow.iter().map(|i| i.when.text()).collect(),
                view.follow_ups.iter().map(|i| i.when.text()).collect(),
                view.birthdays.iter().map(|i| i.when.text()).collect(),
                view.blocked_with_appointments.iter().map(|i| i.when.text()).collect(),
            ]
            .map(|texts| texts.join(" | ").replace('\u{a0}', " "))
        };
        crate::i18n::set_lang(Lang::En);
        assert_eq!(
            texts(&view),
            [
                "2:30 PM",
                "9:05 AM",
                "Overdue since Dec 30, 2025 | Overdue since Nov 20 | Due today",
                "Nov 25",
                "Dec 1, 10:00 AM | Jan 4, 2027, 10:00 AM",
            ]
        );
        crate::i18n::set_lang(Lang::Ru);
        assert_eq!(
            texts(&view),
            [
                "14:30",
                "09:05",
                "Просрочено с 30 дек. 2025 г. | Просрочено с 20 ноября | На сегодня",
                "25 ноября",
                "1 декабря, 10:00 | 4 янв. 2027 г., 10:00",
            ]
        );
        crate::i18n::set_lang(Lang::Uk);
        assert_eq!(texts(&view)[3], "25 листопада");
        assert_eq!(texts(&view)[2], "Прострочено з 30 груд. 2025 р. | Прострочено з 20 листопада | На сьогодні");
        crate::i18n::set_lang(Lang::Zh);
        assert_eq!(texts(&view)[0], "14:30");
        assert_eq!(texts(&view)[2], "自 2025年12月30日 起逾期 | 自 11月20日 起逾期 | 今日到期");
        assert_eq!(texts(&view)[4], "12月1日 10:00 | 2027年1月4日 10:00");
        crate::i18n::set_lang(Lang::En);
    }
}
