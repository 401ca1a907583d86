//! Dates in imported files: which written form a column uses, and birthdays read in that form.
//!
//! Forms (`D`, `M`: one or two digits; `YYYY`: four):
//!
//! | form | with year | without year |
//! |---|---|---|
//! | [`DateForm::DayMonthYearDots`] | `DD.MM.YYYY` | `DD.MM` |
//! | [`DateForm::YearMonthDaySlashes`] | `YYYY/M/D` | — |
//! | [`DateForm::Iso`] | `YYYY-MM-DD`, `YYYYMMDD` | `--MM-DD`, `--MMDD` |
//! | [`DateForm::MonthDayYearSlashes`] | `MM/DD/YYYY` | `MM/DD` |
//! | [`DateForm::DayMonthYearSlashes`] | `DD/MM/YYYY` | `DD/MM` |
//!
//! Every form also reads `--MM-DD` (it cannot be mistaken), ignores a time after the date
//! (`1985-04-12T00:00:00`, `4/12/1985 0:00`), and reads Outlook's `0/0/00` and an empty cell as
//! "no date". The year 1604 is Apple's mark for "year not known" and reads as no year.
//!
//! A column's form is the one that reads the most of its values; a tie goes to the earlier
//! form in [`DateForm::ALL`]. That order puts month-first slashes before day-first ones, so
//! `04/05/1990` is 5 April unless some value of the column (`25/12/1990`) can only be day-first;
//! the detection says which form it assumed and which others would also read the column, so a
//! person can switch.

use crate::model::Birthday;

/// A written form of dates.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum DateForm {
    /// `DD.MM.YYYY`, as Russian, Ukrainian and German software writes dates.
    DayMonthYearDots,
    /// `YYYY/M/D`, as Chinese software writes dates.
    YearMonthDaySlashes,
    /// `YYYY-MM-DD` (ISO 8601), as vCards and Google Contacts write dates.
    Iso,
    /// `MM/DD/YYYY`, as US software (Outlook, Excel in English) writes dates.
    MonthDayYearSlashes,
    /// `DD/MM/YYYY`, as British and French software writes dates.
    DayMonthYearSlashes,
}

impl DateForm {
    /// Every form, in the order detection prefers them on a tie.
    pub const ALL: [DateForm; 5] = [
        DateForm::Iso,
        DateForm::DayMonthYearDots,
        DateForm::YearMonthDaySlashes,
        DateForm::MonthDayYearSlashes,
        DateForm::DayMonthYearSlashes,
    ];

    /// The form as a pattern a person reads, the same in every language.
    pub fn pattern(self) -> &'static str {
        match self {
            DateForm::DayMonthYearDots => "DD.MM.YYYY",
            DateForm::YearMonthDaySlashes => "YYYY/M/D",
            DateForm::Iso => "YYYY-MM-DD",
            DateForm::MonthDayYearSlashes => "MM/DD/YYYY",
            DateForm::DayMonthYearSlashes => "DD/MM/YYYY",
        }
    }
}

/// Which form a column's dates were assumed to be in.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct DateDetection {
    pub assumed: DateForm,
    /// Other forms that read at least one of the column's values, those reading the most first.
    pub alternatives: Vec<DateForm>,
    /// How many of the column's non-empty values the assumed form reads, and of how many.
    pub read: usize,
    pub of: usize,
}

/// A date that could not be read as a birthday. Carries no part of the value.
#[derive(Clone, Copy, Debug, PartialEq, Eq, thiserror::Error)]
pub enum DateError {
    #[error("not a date in the form {}", .0.pattern())]
    NotInForm(DateForm),
    #[error("this date does not exist, or its year is before 1900 or after 2100")]
    NoSuchDate,
}

/// The form that reads the most of `values`; `None` when no form reads any of them.
pub fn detect_date_form<'a>(values: impl IntoIterator<Item = &'a str>) -> Option<DateDetection> {
    let mut counts = [0usize; DateForm::ALL.len()];
    let mut of = 0;
    for value in values {
        if is_blank_date(value) {
            continue;
        }
        of += 1;
        for (count, form) in counts.iter_mut().zip(DateForm::ALL) {
            if matches!(parse_birthday(value, form), Ok(Some(_))) {
                *count += 1;
            }
        }
    }
    let mut ranked: Vec<(usize, DateForm)> =
        counts.into_iter().zip(DateForm::ALL).filter(|(count, _)| *count > 0).collect();
    // Stable: equal counts keep the order of `ALL`.
    ranked.sort_by_key(|(count, _)| std::cmp::Reverse(*count));
    let (read, assumed) = *ranked.first()?;
    let alternatives = ranked.iter().skip(1).map(|(_, form)| *form).collect();
    Some(DateDetection { assumed, alternatives, read, of })
}

/// Reads a birthday written in `form`. `Ok(None)` for an empty cell or a "no date" mark.
pub fn parse_birthday(text: &str, form: DateForm) -> Result<Option<Birthday>, DateError> {
    if is_blank_date(text) {
        return Ok(None);
    }
    let date = date_part(text);
    let parts = if let Some(rest) = date.strip_prefix("--") {
        // `--MM-DD` and `--MMDD` read the same in every form.
        month_day_without_year(rest)
    } else {
        match form {
            DateForm::DayMonthYearDots => {
                split_numbers(date.strip_suffix('.').unwrap_or(date), '.').and_then(|n| day_month_year(&n))
            }
            DateForm::YearMonthDaySlashes => split_numbers(date, '/').and_then(|n| match n.as_slice() {
                [(y, 4), (m, 1..=2), (d, 1..=2)] => Some((*y, *m, *d)),
                _ => None,
            }),
            DateForm::Iso => iso_date(date),
            DateForm::MonthDayYearSlashes => split_numbers(date, '/').and_then(|n| match n.as_slice() {
                [(m, 1..=2), (d, 1..=2)] => Some((0, *m, *d)),
                [(m, 1..=2), (d, 1..=2), (y, 4)] => Some((*y, *m, *d)),
                _ => None,
            }),
            DateForm::DayMonthYearSlashes => split_numbers(date, '/').and_then(|n| day_month_year(&n)),
        }
    };
    let (year, month, day) = parts.ok_or(DateError::NotInForm(form))?;
    birthday(year, month, day).map(Some)
}

/// Reads a vCard `BDAY`: `YYYYMMDD`, `YYYY-MM-DD`, `--MMDD` or `--MM-DD`, a time after it ignored.
pub fn parse_vcard_birthday(text: &str) -> Result<Option<Birthday>, DateError> {
    parse_birthday(text, DateForm::Iso)
}

/// Year 0 stands for "no year" between these helpers.
fn birthday(year: u32, month: u32, day: u32) -> Result<Birthday, DateError> {
    const APPLE_NO_YEAR: u32 = 1604;
    let year = match year {
        0 | APPLE_NO_YEAR => None,
        y => Some(i32::try_from(y).map_err(|_| DateError::NoSuchDate)?),
    };
    let birthday = Birthday { month, day, year };
    birthday.is_valid().then_some(birthday).ok_or(DateError::NoSuchDate)
}

fn is_blank_date(text: &str) -> bool {
    // Outlook writes 0/0/00 for "no date".
    matches!(date_part(text), "" | "0/0/00" | "0/0/0000" | "00.00.0000")
}

/// The date without a time after it: cut at the first space, or at a `T` after a digit.
fn date_part(text: &str) -> &str {
    let text = text.trim();
    let time = text
        .char_indices()
        .skip(1)
        .find(|(i, c)| *c == ' ' || (*c == 'T' && text[..*i].ends_with(|d: char| d.is_ascii_digit())));
    &text[..time.map_or(text.len(), |(i, _)| i)]
}

/// `DD.MM[.YYYY]` or `DD/MM[/YYYY]` numbers as (year or 0, month, day).
fn day_month_year(numbers: &[(u32, usize)]) -> Option<(u32, u32, u32)> {
    match numbers {
        [(d, 1..=2), (m, 1..=2)] => Some((0, *m, *d)),
        [(d, 1..=2), (m, 1..=2), (y, 4)] => Some((*y, *m, *d)),
        _ => None,
    }
}

/// Each part between `separator`s as (value, digit count); `None` unless all are digits.
fn split_numbers(text: &str, separator: char) -> Option<Vec<(u32, usize)>> {
    text.split(separator).map(|part| Some((digits(part)?, part.len()))).collect()
}

fn digits(text: &str) -> Option<u32> {
    if text.is_empty() || text.len() > 4 || !text.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    text.parse().ok()
}

/// `YYYY-MM-DD` or `YYYYMMDD`.
fn iso_date(text: &str) -> Option<(u32, u32, u32)> {
    if let [y, m, d] = text.split('-').collect::<Vec<_>>().as_slice() {
        return (y.len() == 4 && m.len() == 2 && d.len() == 2).then_some((digits(y)?, digits(m)?, digits(d)?));
    }
    if text.len() == 8 && text.is_ascii() {
        return Some((digits(&text[..4])?, digits(&text[4..6])?, digits(&text[6..])?));
    }
    None
}

/// `MM-DD` or `MMDD`, after the leading `--`.
fn month_day_without_year(text: &str) -> Option<(u32, u32, u32)> {
    match text.split_once('-') {
        Some((m, d)) if m.len() == 2 && d.len() == 2 => Some((0, digits(m)?, digits(d)?)),
        None if text.len() == 4 && text.is_ascii() => Some((0, digits(&text[..2])?, digits(&text[2..])?)),
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn day(month: u32, day: u32, year: Option<i32>) -> Option<Birthday> {
        Some(Birthday { month, day, year })
    }

    #[test]
    fn each_form_reads_its_own_shape_with_and_without_a_year() {
        use DateForm::*;
        let cases = [
            ("12.04.1985", DayMonthYearDots, day(4, 12, Some(1985))),
            ("1.4.1985", DayMonthYearDots, day(4, 1, Some(1985))),
            ("12.04", DayMonthYearDots, day(4, 12, None)),
            ("12.04.", DayMonthYearDots, day(4, 12, None)),
            ("1985/4/12", YearMonthDaySlashes, day(4, 12, Some(1985))),
            ("1985/04/12", YearMonthDaySlashes, day(4, 12, Some(1985))),
            ("1985-04-12", Iso, day(4, 12, Some(1985))),
            ("19850412", Iso, day(4, 12, Some(1985))),
            ("1985-04-12T00:00:00Z", Iso, day(4, 12, Some(1985))),
            ("--04-12", Iso, day(4, 12, None)),
            ("--0412", Iso, day(4, 12, None)),
            ("04/12/1985", MonthDayYearSlashes, day(4, 12, Some(1985))),
            ("4/12/1985 0:00", MonthDayYearSlashes, day(4, 12, Some(1985))),
            ("04/12", MonthDayYearSlashes, day(4, 12, None)),
            ("12/04/1985", DayMonthYearSlashes, day(4, 12, Some(1985))),
            ("--04-12", DayMonthYearDots, day(4, 12, None)),
            ("1604-04-12", Iso, day(4, 12, None)),
            ("29.02", DayMonthYearDots, day(2, 29, None)),
        ];
        for (text, form, expected) in cases {
            assert_eq!(parse_birthday(text, form), Ok(expected), "{text} as {form:?}");
        }
    }

    #[test]
    fn empty_cells_and_outlook_blanks_are_no_date() {
        for text in ["", "  ", "0/0/00", "00.00.0000"] {
            assert_eq!(parse_birthday(text, DateForm::MonthDayYearSlashes), Ok(None), "{text:?}");
        }
    }

    #[test]
    fn wrong_shapes_and_impossible_dates_are_errors() {
        use DateForm::*;
        assert_eq!(parse_birthday("1985-04-12", DayMonthYearDots), Err(DateError::NotInForm(DayMonthYearDots)));
        assert_eq!(parse_birthday("12.04.85", DayMonthYearDots), Err(DateError::NotInForm(DayMonthYearDots)));
        assert_eq!(parse_birthday("soon", Iso), Err(DateError::NotInForm(Iso)));
        assert_eq!(parse_birthday("1985-4-12", Iso), Err(DateError::NotInForm(Iso)));
        assert_eq!(parse_birthday("31.02.1985", DayMonthYearDots), Err(DateError::NoSuchDate));
        assert_eq!(parse_birthday("25/12/1985", MonthDayYearSlashes), Err(DateError::NoSuchDate));
        assert_eq!(parse_birthday("1850-01-01", Iso), Err(DateError::NoSuchDate));
        assert_eq!(parse_birthday("29.02.2023", DayMonthYearDots), Err(DateError::NoSuchDate));
        assert_eq!(parse_birthday("１２.04.1985", DayMonthYearDots), Err(DateError::NotInForm(DayMonthYearDots)));
    }

    #[test]
    fn a_column_is_read_in_the_form_that_reads_most_of_it() {
        let dots = detect_date_form(["12.04.1985", "", "01.01.2000", "3.3"]).unwrap();
        assert_eq!((dots.assumed, dots.read, dots.of), (DateForm::DayMonthYearDots, 3, 3));
        let iso = detect_date_form(["1985-04-12", "--03-08"]).unwrap();
        assert_eq!(
            (iso.assumed, iso.alternatives.as_slice()),
            (
                DateForm::Iso,
                [
                    DateForm::DayMonthYearDots,
                    DateForm::YearMonthDaySlashes,
                    DateForm::MonthDayYearSlashes,
                    DateForm::DayMonthYearSlashes
                ]
                .as_slice()
            )
        );
        let chinese = detect_date_form(["1985/4/12", "2001/12/31"]).unwrap();
        assert_eq!(chinese.assumed, DateForm::YearMonthDaySlashes);
        assert_eq!(detect_date_form(["soon", ""]), None);
    }

    #[test]
    fn ambiguous_slashes_assume_month_first_and_offer_day_first() {
        let ambiguous = detect_date_form(["04/05/1990", "1/2/2001"]).unwrap();
        assert_eq!(ambiguous.assumed, DateForm::MonthDayYearSlashes);
        assert_eq!(ambiguous.alternatives, [DateForm::DayMonthYearSlashes]);
        let day_first = detect_date_form(["04/05/1990", "25/12/1990"]).unwrap();
        assert_eq!((day_first.assumed, day_first.read), (DateForm::DayMonthYearSlashes, 2));
        assert_eq!(day_first.alternatives, [DateForm::MonthDayYearSlashes]);
    }
}
