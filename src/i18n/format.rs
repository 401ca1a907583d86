//! Numbers, money, dates and weeks as each language writes them. Hand-written for four
//! languages: the rules are short, and a general formatting library (ICU data) would cost more
//! of the download than the whole interface text.

use chrono::{Datelike, NaiveDate, NaiveDateTime, Weekday};

use super::Lang;

/// Digit grouping and decimal separators: `1,234.5` in English and Chinese, `1 234,5` (with a
/// no-break space) in Russian and Ukrainian.
fn separators(lang: Lang) -> (&'static str, char) {
    match lang {
        Lang::En | Lang::Zh => (",", '.'),
        Lang::Ru | Lang::Uk => ("\u{a0}", ','),
    }
}

/// `value` with `decimals` digits after the separator, grouped by thousands.
pub fn format_number(lang: Lang, value: f64, decimals: usize) -> String {
    let text = format!("{:.*}", decimals, value.abs());
    let (whole, fraction) = text.split_once('.').unwrap_or((&text, ""));
    let (group, decimal) = separators(lang);
    let mut grouped = String::new();
    for (i, digit) in whole.chars().enumerate() {
        if i > 0 && (whole.len() - i) % 3 == 0 {
            grouped.push_str(group);
        }
        grouped.push(digit);
    }
    let sign = if value < 0.0 && text.chars().any(|c| c.is_ascii_digit() && c != '0') { "-" } else { "" };
    if fraction.is_empty() {
        format!("{sign}{grouped}")
    } else {
        format!("{sign}{grouped}{decimal}{fraction}")
    }
}

fn currency_symbol(code: &str) -> Option<&'static str> {
    Some(match code {
        "EUR" => "€",
        "USD" => "$",
        "GBP" => "£",
        "UAH" => "₴",
        "RUB" => "₽",
        "CNY" => "¥",
        "JPY" => "¥",
        "PLN" => "zł",
        _ => return None,
    })
}

/// An amount in minor units (cents, kopecks, fen) with its ISO 4217 code: `€1,234.50` in
/// English and Chinese, `1 234,50 ₽` in Russian and Ukrainian. Codes without a well-known
/// symbol are written out (`CHF 12.00`, `12,00 CHF`).
pub fn format_money(lang: Lang, minor: i64, code: &str) -> String {
    let digits = crate::model::minor_digits(code);
    let amount = format_number(lang, minor as f64 / 10f64.powi(digits as i32), digits as usize);
    let symbol = currency_symbol(code);
    match lang {
        Lang::En | Lang::Zh => match symbol {
            Some(s) => match amount.strip_prefix('-') {
                Some(positive) => format!("-{s}{positive}"),
                None => format!("{s}{amount}"),
            },
            None => format!("{code}\u{a0}{amount}"),
        },
        Lang::Ru | Lang::Uk => format!("{amount}\u{a0}{}", symbol.unwrap_or(code)),
    }
}

/// Month names as CLDR abbreviates them in a date (`MMM`, format context): Russian and
/// Ukrainian use the genitive, and May is short enough to stay whole in Russian.
const MONTHS_SHORT: [[&str; 12]; 3] = [
    ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"],
    ["янв.", "февр.", "мар.", "апр.", "мая", "июн.", "июл.", "авг.", "сент.", "окт.", "нояб.", "дек."],
    ["січ.", "лют.", "бер.", "квіт.", "трав.", "черв.", "лип.", "серп.", "вер.", "жовт.", "лист.", "груд."],
];

/// Month names in full, in the genitive that follows a day (`d MMMM`).
const MONTHS_GENITIVE: [[&str; 12]; 2] = [
    [
        "января",
        "февраля",
        "марта",
        "апреля",
        "мая",
        "июня",
        "июля",
        "августа",
        "сентября",
        "октября",
        "ноября",
        "декабря",
    ],
    [
        "січня",
        "лютого",
        "березня",
        "квітня",
        "травня",
        "червня",
        "липня",
        "серпня",
        "вересня",
        "жовтня",
        "листопада",
        "грудня",
    ],
];

/// A no-break space: a date or a time never breaks across lines.
const NBSP: char = '\u{a0}';

/// A calendar date in CLDR's medium form: `Nov 22, 2026`, `22 нояб. 2026 г.`,
/// `22 лист. 2026 р.`, `2026年11月22日`. Spaces inside are no-break spaces.
pub fn format_date(lang: Lang, date: NaiveDate) -> String {
    let (y, m, d) = (date.year(), date.month() as usize - 1, date.day());
    match lang {
        Lang::En => format!("{}{NBSP}{d},{NBSP}{y}", MONTHS_SHORT[0][m]),
        Lang::Ru => format!("{d}{NBSP}{}{NBSP}{y}{NBSP}г.", MONTHS_SHORT[1][m]),
        Lang::Uk => format!("{d}{NBSP}{}{NBSP}{y}{NBSP}р.", MONTHS_SHORT[2][m]),
        Lang::Zh => format!("{y}年{}月{d}日", m + 1),
    }
}

/// A day and month without the year, as a birthday or a date this year is written: `Dec 2`
/// (CLDR `MMMd`), `2 декабря`, `2 грудня` (`MMMMd`: the full genitive reads better than
/// `2 дек.`), `12月2日`.
pub fn format_day_month(lang: Lang, month: u32, day: u32) -> String {
    let m = (month.clamp(1, 12) - 1) as usize;
    match lang {
        Lang::En => format!("{}{NBSP}{day}", MONTHS_SHORT[0][m]),
        Lang::Ru => format!("{day}{NBSP}{}", MONTHS_GENITIVE[0][m]),
        Lang::Uk => format!("{day}{NBSP}{}", MONTHS_GENITIVE[1][m]),
        Lang::Zh => format!("{month}月{day}日"),
    }
}

/// A birthday: the whole date when the year is known, else the day and month.
pub fn format_birthday(lang: Lang, month: u32, day: u32, year: Option<i32>) -> String {
    match year.and_then(|y| NaiveDate::from_ymd_opt(y, month, day)) {
        Some(date) => format_date(lang, date),
        None => format_day_month(lang, month, day),
    }
}

/// A time of day: `2:05 PM` in English, `14:05` elsewhere.
pub fn format_time(lang: Lang, time: NaiveDateTime) -> String {
    match lang {
        Lang::En => time.format("%-I:%M\u{a0}%p").to_string(),
        _ => time.format("%H:%M").to_string(),
    }
}

/// A date and a time of day, joined as CLDR's medium date-time pattern joins them.
pub fn format_datetime(lang: Lang, time: NaiveDateTime) -> String {
    join_date_and_time(lang, &format_date(lang, time.date()), time)
}

/// The day, month and time of day, without the year: `Dec 2, 2:05 PM`, `2 декабря, 14:05`.
pub fn format_day_month_time(lang: Lang, time: NaiveDateTime) -> String {
    join_date_and_time(lang, &format_day_month(lang, time.month(), time.day()), time)
}

fn join_date_and_time(lang: Lang, date: &str, time: NaiveDateTime) -> String {
    match lang {
        Lang::En | Lang::Ru | Lang::Uk => format!("{date}, {}", format_time(lang, time)),
        Lang::Zh => format!("{date} {}", format_time(lang, time)),
    }
}

/// A range of dates, as CLDR's interval formats write it (`yMMMd`): the month and year once
/// when they are shared. `Nov 22 – 28, 2026`, `23–29 нояб. 2026 г.`, `2026年11月23日至29日`;
/// across months `Nov 29 – Dec 5, 2026`; across years both dates whole.
pub fn format_date_range(lang: Lang, first: NaiveDate, last: NaiveDate) -> String {
    if first.year() != last.year() {
        let joiner = if lang == Lang::Zh { "至" } else { " – " };
        return format!("{}{joiner}{}", format_date(lang, first), format_date(lang, last));
    }
    let (y, same_month) = (last.year(), first.month() == last.month());
    let (m1, m2) = (first.month() as usize - 1, last.month() as usize - 1);
    let (d1, d2) = (first.day(), last.day());
    match lang {
        Lang::En if same_month => format!("{}{NBSP}{d1} – {d2},{NBSP}{y}", MONTHS_SHORT[0][m1]),
        Lang::En => format!("{}{NBSP}{d1} – {}{NBSP}{d2},{NBSP}{y}", MONTHS_SHORT[0][m1], MONTHS_SHORT[0][m2]),
        Lang::Ru | Lang::Uk => {
            let (row, year) = if lang == Lang::Ru { (1, "г.") } else { (2, "р.") };
            if same_month {
                format!("{d1}–{d2}{NBSP}{}{NBSP}{y}{NBSP}{year}", MONTHS_SHORT[row][m2])
            } else {
                format!(
                    "{d1}{NBSP}{} – {d2}{NBSP}{}{NBSP}{y}{NBSP}{year}",
                    MONTHS_SHORT[row][m1], MONTHS_SHORT[row][m2]
                )
            }
        }
        Lang::Zh if same_month => format!("{y}年{}月{d1}日至{d2}日", m1 + 1),
        Lang::Zh => format!("{y}年{}月{d1}日至{}月{d2}日", m1 + 1, m2 + 1),
    }
}

/// Month names standing alone (CLDR `LLLL`), as a month's heading names them.
const MONTHS_STANDALONE: [[&str; 12]; 3] = [
    [
        "January",
        "February",
        "March",
        "April",
        "May",
        "June",
        "July",
        "August",
        "September",
        "October",
        "November",
        "December",
    ],
    [
        "январь",
        "февраль",
        "март",
        "апрель",
        "май",
        "июнь",
        "июль",
        "август",
        "сентябрь",
        "октябрь",
        "ноябрь",
        "декабрь",
    ],
    [
        "січень",
        "лютий",
        "березень",
        "квітень",
        "травень",
        "червень",
        "липень",
        "серпень",
        "вересень",
        "жовтень",
        "листопад",
        "грудень",
    ],
];

/// A month and its year, as a calendar's heading (CLDR `yMMMM`): `November 2026`,
/// `ноябрь 2026 г.`, `листопад 2026 р.`, `2026年11月`.
pub fn format_month_year(lang: Lang, year: i32, month: u32) -> String {
    let m = (month.clamp(1, 12) - 1) as usize;
    match lang {
        Lang::En => format!("{}{NBSP}{year}", MONTHS_STANDALONE[0][m]),
        Lang::Ru => format!("{}{NBSP}{year}{NBSP}г.", MONTHS_STANDALONE[1][m]),
        Lang::Uk => format!("{}{NBSP}{year}{NBSP}р.", MONTHS_STANDALONE[2][m]),
        Lang::Zh => format!("{year}年{month}月"),
    }
}

/// A month's abbreviation standing alone, as under a chart's bar (CLDR `LLL`): `Nov`,
/// `нояб.`, `лист.`, `11月`.
pub fn format_month_short(lang: Lang, month: u32) -> String {
    const NAMES: [[&str; 12]; 2] = [
        ["янв.", "февр.", "март", "апр.", "май", "июнь", "июль", "авг.", "сент.", "окт.", "нояб.", "дек."],
        ["січ.", "лют.", "бер.", "квіт.", "трав.", "черв.", "лип.", "серп.", "вер.", "жовт.", "лист.", "груд."],
    ];
    let m = (month.clamp(1, 12) - 1) as usize;
    match lang {
        Lang::En => MONTHS_SHORT[0][m].to_owned(),
        Lang::Ru => NAMES[0][m].to_owned(),
        Lang::Uk => NAMES[1][m].to_owned(),
        Lang::Zh => format!("{}月", m + 1),
    }
}

/// A percentage with `decimals` digits: `16.7%` in English and Chinese, `16,7 %` (a no-break
/// space) in Russian and Ukrainian.
pub fn format_percent(lang: Lang, percent: f64, decimals: usize) -> String {
    let number = format_number(lang, percent, decimals);
    match lang {
        Lang::En | Lang::Zh => format!("{number}%"),
        Lang::Ru | Lang::Uk => format!("{number}{NBSP}%"),
    }
}

/// A weekday's abbreviation (CLDR `EEE`): `Tue`, `вт`, `вт`, `周二`.
pub fn format_weekday(lang: Lang, day: Weekday) -> &'static str {
    const NAMES: [[&str; 7]; 4] = [
        ["Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"],
        ["пн", "вт", "ср", "чт", "пт", "сб", "вс"],
        ["пн", "вт", "ср", "чт", "пт", "сб", "нд"],
        ["周一", "周二", "周三", "周四", "周五", "周六", "周日"],
    ];
    let row = match lang {
        Lang::En => 0,
        Lang::Ru => 1,
        Lang::Uk => 2,
        Lang::Zh => 3,
    };
    NAMES[row][day.num_days_from_monday() as usize]
}

/// Sunday in the United States-style English, Monday in Russian, Ukrainian and Chinese (CN).
pub fn first_day_of_week(lang: Lang) -> Weekday {
    match lang {
        Lang::En => Weekday::Sun,
        Lang::Ru | Lang::Uk | Lang::Zh => Weekday::Mon,
    }
}
