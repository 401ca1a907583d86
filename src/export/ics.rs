//! Appointments as iCalendar (RFC 5545), for the user's own calendar app: one appointment, or
//! every upcoming one in one file. The file leaves the vault unencrypted, so an event says only
//! what the user chose: by default the service and the client's initials, or their alias
//! ([`IcsOptions`] adds the full name, phone numbers, the location and the visit's note).
//!
//! What is written (docs/FORMAT.md, ".ics export"):
//!
//! ```text
//! BEGIN:VCALENDAR
//! VERSION:2.0
//! PRODID:-//Clientele//Appointments//EN
//! CALSCALE:GREGORIAN
//! BEGIN:VEVENT                      one per appointment, soonest first
//! UID:<visit id>@clientele          stable: a second import updates the same event
//! DTSTAMP:20261124T093000Z          when the file was written, UTC
//! DTSTART:20261125T090000Z          the visit's start, UTC
//! DTEND:20261125T100000Z            start + duration, UTC
//! SUMMARY:Haircut · A. K.
//! LOCATION:…                        only if chosen and the visit has one
//! DESCRIPTION:…                     only if phones or the note are chosen and there are some
//! STATUS:CONFIRMED
//! END:VEVENT
//! END:VCALENDAR
//! ```
//!
//! Text values are escaped (section 3.3.11), lines end in CRLF and are folded at 75 octets,
//! never inside a UTF-8 character (section 3.1). Times are UTC, so no VTIMEZONE is needed and
//! a daylight-saving change cannot shift an appointment.

use chrono::{DateTime, Duration, NaiveDate, Utc};

use super::fold_line;
use crate::calendar::discreet_name;
use crate::i18n::t;
use crate::model::{Client, Visit};

pub const PRODID: &str = "-//Clientele//Appointments//EN";

/// The media type of an .ics file (RFC 5545 section 8.1).
pub const ICS_MIME_TYPE: &str = "text/calendar;charset=utf-8";

/// What an event may say beyond the service and the client's initials or alias. Everything is
/// off by default: the file is not encrypted, and calendars sync to other people's servers.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct IcsOptions {
    /// The client's name in the title instead of their initials or alias.
    pub full_name: bool,
    /// The client's phone numbers in the description.
    pub phones: bool,
    /// The visit's location.
    pub location: bool,
    /// The visit's private note in the description.
    pub note: bool,
}

/// Why there is no .ics file to write.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum IcsError {
    /// No client outside Trash has a booked visit ahead.
    #[error("{}", t("There are no upcoming appointments to export."))]
    NoUpcoming,
    /// The visit was deleted (or its client erased) after its button was drawn.
    #[error("{}", t("This appointment is no longer in the book."))]
    AppointmentGone,
}

/// One appointment of `client` as a calendar file.
pub fn appointment_ics(
    client: &Client,
    visit_id: &str,
    options: IcsOptions,
    stamp: DateTime<Utc>,
) -> Result<String, IcsError> {
    let visit = client.visits.iter().find(|v| v.id == visit_id).ok_or(IcsError::AppointmentGone)?;
    Ok(calendar([(client, visit)], options, stamp))
}

/// Every upcoming appointment (booked, after `now`) of the clients outside Trash, soonest
/// first, as one calendar file.
pub fn upcoming_ics<'a>(
    clients: impl IntoIterator<Item = &'a Client>,
    options: IcsOptions,
    now: DateTime<Utc>,
) -> Result<String, IcsError> {
    let mut appointments: Vec<(&Client, &Visit)> = clients
        .into_iter()
        .filter(|c| c.trashed.is_none())
        .flat_map(|c| c.visits.iter().filter(|v| v.is_appointment(now)).map(move |v| (c, v)))
        .collect();
    if appointments.is_empty() {
        return Err(IcsError::NoUpcoming);
    }
    appointments.sort_by(|(a_client, a), (b_client, b)| a.start.cmp(&b.start).then(a_client.id.cmp(&b_client.id)));
    Ok(calendar(appointments, options, now))
}

/// `clientele-appointments-2026-11-24.ics`, for every upcoming appointment written on `today`.
pub fn upcoming_file_name(today: NaiveDate) -> String {
    format!("clientele-appointments-{today}.ics")
}

/// `clientele-appointment-2026-11-25.ics`, for one appointment on that (local) day.
pub fn appointment_file_name(day: NaiveDate) -> String {
    format!("clientele-appointment-{day}.ics")
}

/// A VCALENDAR holding one VEVENT per appointment, in the order given.
pub fn calendar<'a>(
    appointments: impl IntoIterator<Item = (&'a Client, &'a Visit)>,
    options: IcsOptions,
    stamp: DateTime<Utc>,
) -> String {
    let mut lines = vec![
        "BEGIN:VCALENDAR".to_owned(),
        "VERSION:2.0".to_owned(),
        format!("PRODID:{PRODID}"),
        "CALSCALE:GREGORIAN".to_owned(),
    ];
    for (client, visit) in appointments {
        lines.push("BEGIN:VEVENT".to_owned());
        lines.push(format!("UID:{}", text(&format!("{}@clientele", visit.id))));
        lines.push(format!("DTSTAMP:{}", utc(stamp)));
        lines.push(format!("DTSTART:{}", utc(visit.start)));
        lines.push(format!("DTEND:{}", utc(visit.start + Duration::minutes(i64::from(visit.duration_min)))));
        lines.push(format!("SUMMARY:{}", text(&summary(client, visit, options))));
        if options.location && !visit.location.is_empty() {
            lines.push(format!("LOCATION:{}", text(&visit.location)));
        }
        let description = description(client, visit, options);
        if !description.is_empty() {
            lines.push(format!("DESCRIPTION:{}", text(&description)));
        }
        lines.push("STATUS:CONFIRMED".to_owned());
        lines.push("END:VEVENT".to_owned());
    }
    lines.push("END:VCALENDAR".to_owned());
    let mut out = String::new();
    for line in lines {
        fold_line(&line, &mut out);
    }
    out
}

/// The event's title: the service ("Visit" when it has none) and who it is with.
fn summary(client: &Client, visit: &Visit, options: IcsOptions) -> String {
    let service = if visit.service.trim().is_empty() { t("Visit") } else { visit.service.trim() };
    let who = if options.full_name { client.name.trim().to_owned() } else { discreet_name(client) };
    if who.is_empty() {
        service.to_owned()
    } else {
        format!("{service} · {who}")
    }
}

/// What the user chose to add beyond the title: phone numbers, then the visit's note.
fn description(client: &Client, visit: &Visit, options: IcsOptions) -> String {
    let mut parts: Vec<String> = Vec::new();
    if options.phones {
        parts.extend(client.phones.iter().filter(|p| !p.number.trim().is_empty()).map(|p| {
            if p.label.is_empty() {
                p.number.clone()
            } else {
                format!("{}: {}", p.label, p.number)
            }
        }));
    }
    if options.note && !visit.private_note.trim().is_empty() {
        parts.push(visit.private_note.clone());
    }
    parts.join("\n")
}

/// An instant as a UTC DATE-TIME ("form #2" of section 3.3.5), whole seconds.
fn utc(instant: DateTime<Utc>) -> String {
    instant.format("%Y%m%dT%H%M%SZ").to_string()
}

/// Escapes a TEXT value (section 3.3.11): backslash, semicolon and comma get a backslash, a
/// line break (CRLF, LF or a lone CR) becomes `\n`, and other control characters, which TEXT
/// cannot hold, are left out.
fn text(value: &str) -> String {
    let mut out = String::with_capacity(value.len());
    let mut chars = value.chars().peekable();
    while let Some(c) = chars.next() {
        match c {
            '\\' => out.push_str("\\\\"),
            ';' => out.push_str("\\;"),
            ',' => out.push_str("\\,"),
            '\r' => {
                chars.next_if_eq(&'\n');
                out.push_str("\\n");
            }
            '\n' => out.push_str("\\n"),
            '\t' => out.push(c),
            c if c.is_control() => {}
            c => out.push(c),
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{Outcome, Phone};
    use chrono::TimeZone;
    use chrono_tz::Tz;

    /// When every fixture was "exported": 2026-11-24 09:30 UTC.
    fn stamp() -> DateTime<Utc> {
        Utc.with_ymd_and_hms(2026, 11, 24, 9, 30, 0).unwrap()
    }

    fn client(id: &str, name: &str) -> Client {
        let mut c = Client::new(id.into(), stamp());
        c.name = name.into();
        c
    }

    fn visit(id: &str, service: &str, start: DateTime<Utc>, duration_min: u32) -> Visit {
        Visit { id: id.into(), service: service.into(), start, duration_min, ..Visit::default() }
    }

    fn utc_at(y: i32, mo: u32, d: u32, h: u32, mi: u32) -> DateTime<Utc> {
        Utc.with_ymd_and_hms(y, mo, d, h, mi, 0).unwrap()
    }

    /// A wall-clock time in `zone`, as the instant the app stores.
    fn local_at(zone: Tz, y: i32, mo: u32, d: u32, h: u32, mi: u32) -> DateTime<Utc> {
        zone.with_ymd_and_hms(y, mo, d, h, mi, 0).single().unwrap().with_timezone(&Utc)
    }

    /// What a calendar app needs of any file we write: CRLF after every line and nothing
    /// else, and no line longer than 75 octets.
    fn assert_well_formed(ics: &str) {
        assert!(ics.ends_with("\r\n"));
        for line in ics.split_terminator("\r\n") {
            assert!(!line.contains(['\r', '\n']), "a bare line break in {line:?}");
            assert!(line.len() <= 75, "{} octets: {line}", line.len());
        }
    }

    fn assert_matches_fixture(ics: &str, fixture: &str) {
        assert_well_formed(ics);
        assert_eq!(ics, fixture, "the written file differs from the fixture");
    }

    #[test]
    fn by_default_an_event_says_only_the_service_and_initials_or_alias() {
        let mut olena = client("c1", "Олена Петрівна Коваленко");
        olena.phones = vec![Phone { label: "mobile".into(), number: "+380 67 123 45 67".into() }];
        olena.notes = "Бережно с кожей".into();
        let mut haircut = visit("0d4c6a0e9b1f4e2a8c3d5b7a9e1f2c4d", "Стрижка", utc_at(2026, 11, 25, 9, 0), 60);
        haircut.location = "Studio 3".into();
        haircut.private_note = "Bring the colour chart".into();
        let held =
            Visit { outcome: Outcome::Completed, ..visit("past", "Стрижка", utc_at(2026, 11, 20, 9, 0), 60) };
        let cancelled = Visit {
            outcome: Outcome::Cancelled,
            ..visit("cancelled", "Стрижка", utc_at(2026, 12, 1, 9, 0), 60)
        };
        olena.visits = vec![held, cancelled, haircut];

        let mut wang = client("c2", "王芳");
        wang.visits = vec![visit("5e8f1a2b3c4d5e6f708192a3b4c5d6e7", "Manicure", utc_at(2026, 11, 26, 6, 30), 45)];
        let mut anna = client("c3", "Anna Smith");
        anna.alias = "Sunny".into();
        anna.visits = vec![visit("9a8b7c6d5e4f30211f2e3d4c5b6a7988", "", utc_at(2026, 11, 27, 15, 0), 30)];
        let mut trashed = client("c4", "In Trash");
        trashed.trashed = Some(stamp());
        trashed.visits = vec![visit("trashed", "Haircut", utc_at(2026, 11, 25, 8, 0), 60)];

        let ics = upcoming_ics([&anna, &trashed, &olena, &wang], IcsOptions::default(), stamp()).unwrap();
        assert_matches_fixture(&ics, include_str!("../../tests/fixtures/ics/privacy-default.ics"));
        for private in ["Олена", "Коваленко", "380", "Бережно", "Studio", "colour", "Anna", "Smith", "芳", "In Trash"]
        {
            assert!(!ics.contains(private), "{private} leaked");
        }
    }

    #[test]
    fn every_option_escapes_text_and_breaks_lines_as_the_rfc_says() {
        let mut john = client("c1", "Smith, John; \"Jack\" \\ Jr.");
        john.phones = vec![
            Phone { label: "mobile".into(), number: "+44 7700 900123".into() },
            Phone { label: String::new(), number: "+44 20 7946 0000".into() },
        ];
        let mut cut = visit("c0ffee00c0ffee00c0ffee00c0ffee00", "Cut, wash; style", utc_at(2026, 12, 1, 14, 0), 75);
        cut.location = "Flat 2, 10 Main St; ring \\ twice".into();
        // CRLF, LF and a lone CR are each one line break; a tab stays; a bell cannot be TEXT.
        cut.private_note = "Line one\r\nLine two\nLine three\rend\tof note\u{7}".into();
        john.visits = vec![cut];
        let every = IcsOptions { full_name: true, phones: true, location: true, note: true };
        let ics = appointment_ics(&john, "c0ffee00c0ffee00c0ffee00c0ffee00", every, stamp()).unwrap();
        assert_matches_fixture(&ics, include_str!("../../tests/fixtures/ics/escaping-every-option.ics"));
    }

    #[test]
    fn long_cyrillic_and_chinese_titles_fold_at_75_octets_between_characters() {
        let mut iryna = client("c1", "Ірина Шевченко");
        iryna.visits = vec![visit(
            "11111111111111111111111111111111",
            "Окрашивание в технике балаяж с тонированием и уходом для длинных волос",
            utc_at(2026, 12, 2, 8, 0),
            180,
        )];
        let mut li = client("c2", "李娜");
        li.visits = vec![visit(
            "22222222222222222222222222222222",
            "长发挑染加护理及造型设计全套服务含洗剪吹与头皮深层清洁养护",
            utc_at(2026, 12, 3, 1, 30),
            180,
        )];
        let ics = calendar([(&iryna, &iryna.visits[0]), (&li, &li.visits[0])], IcsOptions::default(), stamp());
        assert_matches_fixture(&ics, include_str!("../../tests/fixtures/ics/folding-cyrillic-chinese.ics"));
        // Folding is by octets: the Chinese title's first line holds 22 characters (8 + 66
        // octets), where counting characters would have allowed 67.
        let first = ics.lines().find(|l| l.starts_with("SUMMARY:长")).unwrap();
        assert_eq!((first.chars().count(), first.len()), (30, 74));
        assert_eq!(ics.replace("\r\n ", "").matches("SUMMARY:").count(), 2);
    }

    #[test]
    fn an_appointment_across_midnight_ends_the_next_day() {
        let kyiv: Tz = "Europe/Kyiv".parse().unwrap();
        let mut anna = client("c1", "anna smith");
        // 23:30 to 01:00 on New Year's Eve in Kyiv (UTC+2), and at 23:30 UTC, which ends in
        // the next year.
        anna.visits = vec![
            visit("33333333333333333333333333333333", "New Year styling", local_at(kyiv, 2026, 12, 31, 23, 30), 90),
            visit("44444444444444444444444444444444", "Night session", utc_at(2026, 12, 31, 23, 30), 90),
        ];
        let ics = upcoming_ics([&anna], IcsOptions::default(), stamp()).unwrap();
        assert_matches_fixture(&ics, include_str!("../../tests/fixtures/ics/across-midnight.ics"));
    }

    #[test]
    fn ten_oclock_before_and_after_the_spring_change_in_berlin_are_an_hour_apart_in_utc() {
        let berlin: Tz = "Europe/Berlin".parse().unwrap();
        let friday = local_at(berlin, 2027, 3, 26, 10, 0);
        let monday = local_at(berlin, 2027, 3, 29, 10, 0);
        assert_eq!((friday.format("%H").to_string(), monday.format("%H").to_string()), ("09".into(), "08".into()));
        let mut klaus = client("c1", "Klaus Müller");
        klaus.visits = vec![
            visit("55555555555555555555555555555501", "Massage", friday, 60),
            // 01:30 CET on the night of the change, two real hours: it ends at 04:30 CEST.
            visit("55555555555555555555555555555502", "Massage", local_at(berlin, 2027, 3, 28, 1, 30), 120),
            visit("55555555555555555555555555555503", "Massage", monday, 60),
        ];
        let ics = upcoming_ics([&klaus], IcsOptions::default(), stamp()).unwrap();
        assert_matches_fixture(&ics, include_str!("../../tests/fixtures/ics/dst-week-europe-berlin.ics"));
    }

    #[test]
    fn ten_oclock_before_and_after_the_autumn_change_in_kyiv_are_an_hour_apart_in_utc() {
        let kyiv: Tz = "Europe/Kyiv".parse().unwrap();
        let mut oksana = client("c1", "Оксана Коваль");
        oksana.visits = vec![
            visit("66666666666666666666666666666601", "Манікюр", local_at(kyiv, 2027, 10, 29, 10, 0), 60),
            visit("66666666666666666666666666666602", "Манікюр", local_at(kyiv, 2027, 11, 1, 10, 0), 60),
        ];
        let ics = upcoming_ics([&oksana], IcsOptions::default(), stamp()).unwrap();
        assert_matches_fixture(&ics, include_str!("../../tests/fixtures/ics/dst-week-europe-kyiv.ics"));
    }

    #[test]
    fn a_title_without_service_or_initials_still_says_something() {
        let dash = client("c1", "—");
        let v = visit("v1", "  ", utc_at(2026, 12, 1, 9, 0), 30);
        assert_eq!(summary(&dash, &v, IcsOptions::default()), "Visit");
        let full = IcsOptions { full_name: true, ..IcsOptions::default() };
        let mut sunny = client("c2", "Anna Smith");
        sunny.alias = "Sunny".into();
        assert_eq!(summary(&sunny, &v, full), "Visit · Anna Smith");
    }

    #[test]
    fn nothing_to_export_is_an_error_not_an_empty_calendar() {
        let mut anna = client("c1", "Anna Smith");
        anna.visits =
            vec![Visit { outcome: Outcome::Completed, ..visit("held", "Haircut", utc_at(2026, 11, 20, 9, 0), 60) }];
        assert_eq!(upcoming_ics([&anna], IcsOptions::default(), stamp()), Err(IcsError::NoUpcoming));
        assert_eq!(appointment_ics(&anna, "deleted", IcsOptions::default(), stamp()), Err(IcsError::AppointmentGone));
    }

    #[test]
    fn file_names_carry_the_date() {
        let day = NaiveDate::from_ymd_opt(2026, 11, 24).unwrap();
        assert_eq!(upcoming_file_name(day), "clientele-appointments-2026-11-24.ics");
        assert_eq!(appointment_file_name(day), "clientele-appointment-2026-11-24.ics");
    }
}
