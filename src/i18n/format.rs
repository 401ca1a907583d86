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

const MONTHS_EN: [&str; 12] = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"];

/// A calendar date: `Nov 22, 2026`, `22.11.2026`, `2026年11月22日`.
pub fn format_date(lang: Lang, date: NaiveDate) -> String {
    let (y, m, d) = (date.year(), date.month(), date.day());
    match lang {
        Lang::En => format!("{} {d}, {y}", MONTHS_EN[m as usize - 1]),
        Lang::Ru | Lang::Uk => format!("{d:02}.{m:02}.{y}"),
        Lang::Zh => format!("{y}年{m}月{d}日"),
    }
}

/// A time of day: `2:05 PM` in English, `14:05` elsewhere.
pub fn format_time(lang: Lang, time: NaiveDateTime) -> String {
    match lang {
        Lang::En => time.format("%-I:%M %p").to_string(),
        _ => time.format("%H:%M").to_string(),
    }
}

pub fn format_datetime(lang: Lang, time: NaiveDateTime) -> String {
    let date = format_date(lang, time.date());
    match lang {
        Lang::En | Lang::Ru | Lang::Uk => format!("{date}, {}", format_time(lang, time)),
        Lang::Zh => format!("{date} {}", format_time(lang, time)),
    }
}

/// Sunday in the United States-style English, Monday in Russian, Ukrainian and Chinese (CN).
pub fn first_day_of_week(lang: Lang) -> Weekday {
    match lang {
        Lang::En => Weekday::Sun,
        Lang::Ru | Lang::Uk | Lang::Zh => Weekday::Mon,
    }
}
