//! Plural and format rules per language, and the catalog check: every text the code asks for
//! is translated into all four languages with the same placeholders.

use std::collections::BTreeSet;
use std::path::Path;

use chrono::{NaiveDate, Weekday};

use super::*;

#[test]
fn plural_categories_follow_cldr() {
    let ru: Vec<Plural> =
        [0, 1, 2, 4, 5, 11, 12, 14, 21, 22, 25, 101, 111, 1001].map(|n| plural_category(Lang::Ru, n)).into();
    use Plural::*;
    assert_eq!(ru, [Many, One, Few, Few, Many, Many, Many, Many, One, Few, Many, One, Many, One]);
    for n in [0, 1, 2, 5, 11, 21, 104] {
        assert_eq!(plural_category(Lang::Uk, n), plural_category(Lang::Ru, n), "uk and ru agree on {n}");
    }
    assert_eq!([0, 1, 2, 21].map(|n| plural_category(Lang::En, n)), [Other, One, Other, Other]);
    assert_eq!([0, 1, 2].map(|n| plural_category(Lang::Zh, n)), [Other, Other, Other]);
}

#[test]
fn plural_texts_pick_the_right_form_in_each_language() {
    let clients = |lang, n| tp_in(lang, "{n} client", "{n} clients", n);
    assert_eq!(clients(Lang::En, 1), "1 client");
    assert_eq!(clients(Lang::En, 2), "2 clients");
    assert_eq!(clients(Lang::Ru, 1), "1 клиент");
    assert_eq!(clients(Lang::Ru, 3), "3 клиента");
    assert_eq!(clients(Lang::Ru, 5), "5 клиентов");
    assert_eq!(clients(Lang::Ru, 21), "21 клиент");
    assert_eq!(clients(Lang::Uk, 2), "2 клієнти");
    assert_eq!(clients(Lang::Uk, 11), "11 клієнтів");
    assert_eq!(clients(Lang::Zh, 2), "2 位客户");
    assert_eq!(clients(Lang::Ru, 12345), "12\u{a0}345 клиентов");
}

#[test]
fn numbers_are_grouped_and_separated_per_language() {
    assert_eq!(format_number(Lang::En, 1234567.891, 2), "1,234,567.89");
    assert_eq!(format_number(Lang::Ru, 1234567.891, 2), "1\u{a0}234\u{a0}567,89");
    assert_eq!(format_number(Lang::Uk, 999.0, 0), "999");
    assert_eq!(format_number(Lang::Zh, 1000.0, 0), "1,000");
    assert_eq!(format_number(Lang::En, -1500.5, 1), "-1,500.5");
    assert_eq!(format_number(Lang::En, -0.001, 2), "0.00");
}

#[test]
fn money_uses_the_currency_digits_and_the_language_order() {
    assert_eq!(format_money(Lang::En, 123450, "EUR"), "€1,234.50");
    assert_eq!(format_money(Lang::Ru, 123450, "RUB"), "1\u{a0}234,50\u{a0}₽");
    assert_eq!(format_money(Lang::Uk, 5000, "UAH"), "50,00\u{a0}₴");
    assert_eq!(format_money(Lang::Zh, 9900, "CNY"), "¥99.00");
    assert_eq!(format_money(Lang::En, 1500, "JPY"), "¥1,500");
    assert_eq!(format_money(Lang::En, 1250, "CHF"), "CHF\u{a0}12.50");
    assert_eq!(format_money(Lang::En, -250, "USD"), "-$2.50");
}

/// The text with its no-break spaces shown as plain ones, to compare with CLDR's patterns.
fn plain(text: String) -> String {
    text.replace('\u{a0}', " ")
}

#[test]
fn calendar_headings_follow_cldr() {
    // What Intl.DateTimeFormat(lang, { year: "numeric", month: "long" }) and
    // { weekday: "short" } write.
    assert_eq!(plain(format_month_year(Lang::En, 2026, 11)), "November 2026");
    assert_eq!(plain(format_month_year(Lang::Ru, 2026, 11)), "ноябрь 2026 г.");
    assert_eq!(plain(format_month_year(Lang::Uk, 2026, 2)), "лютий 2026 р.");
    assert_eq!(format_month_year(Lang::Zh, 2026, 11), "2026年11月");
    // What Intl.DateTimeFormat(lang, { dateStyle: "medium" }).formatRange writes.
    let date = |m, d| NaiveDate::from_ymd_opt(2026, m, d).unwrap();
    assert_eq!(plain(format_date_range(Lang::En, date(11, 22), date(11, 28))), "Nov 22 – 28, 2026");
    assert_eq!(plain(format_date_range(Lang::En, date(11, 29), date(12, 5))), "Nov 29 – Dec 5, 2026");
    assert_eq!(plain(format_date_range(Lang::Ru, date(11, 23), date(11, 29))), "23–29 нояб. 2026 г.");
    assert_eq!(plain(format_date_range(Lang::Uk, date(11, 30), date(12, 6))), "30 лист. – 6 груд. 2026 р.");
    assert_eq!(format_date_range(Lang::Zh, date(11, 23), date(11, 29)), "2026年11月23日至29日");
    assert_eq!(format_date_range(Lang::Zh, date(11, 30), date(12, 6)), "2026年11月30日至12月6日");
    let new_year = NaiveDate::from_ymd_opt(2027, 1, 2).unwrap();
    assert_eq!(plain(format_date_range(Lang::En, date(12, 27), new_year)), "Dec 27, 2026 – Jan 2, 2027");
    assert_eq!(format_weekday(Lang::En, Weekday::Tue), "Tue");
    assert_eq!(format_weekday(Lang::Ru, Weekday::Sun), "вс");
    assert_eq!(format_weekday(Lang::Uk, Weekday::Sun), "нд");
    assert_eq!(format_weekday(Lang::Zh, Weekday::Mon), "周一");
}

#[test]
fn dates_follow_cldr_medium_forms_in_each_language() {
    let date = NaiveDate::from_ymd_opt(2026, 11, 5).unwrap();
    let time = date.and_hms_opt(14, 5, 0).unwrap();
    // What Chromium's Intl.DateTimeFormat(lang, { dateStyle: "medium" }) writes.
    assert_eq!(plain(format_date(Lang::En, date)), "Nov 5, 2026");
    assert_eq!(plain(format_date(Lang::Ru, date)), "5 нояб. 2026 г.");
    assert_eq!(plain(format_date(Lang::Uk, date)), "5 лист. 2026 р.");
    assert_eq!(format_date(Lang::Zh, date), "2026年11月5日");
    // Every month's abbreviation, as CLDR has it in a date.
    let months = |lang| (1..=12).map(|m| plain(format_day_month(lang, m, 5))).collect::<Vec<_>>();
    let may = NaiveDate::from_ymd_opt(2026, 5, 31).unwrap();
    assert_eq!(plain(format_date(Lang::Ru, may)), "31 мая 2026 г.");
    assert_eq!(plain(format_date(Lang::Uk, NaiveDate::from_ymd_opt(2026, 9, 1).unwrap())), "1 вер. 2026 р.");
    assert_eq!(plain(format_date(Lang::En, NaiveDate::from_ymd_opt(1988, 6, 30).unwrap())), "Jun 30, 1988");
    assert_eq!(months(Lang::En)[8], "Sep 5");
    assert_eq!(months(Lang::Ru)[..3], ["5 января", "5 февраля", "5 марта"]);
    assert_eq!(months(Lang::Uk)[10..], ["5 листопада", "5 грудня"]);
    // A date never breaks across lines.
    for lang in Lang::ALL {
        assert!(!format_date(lang, date).contains(' '), "{lang:?}");
        assert!(!format_day_month(lang, 12, 2).contains(' '), "{lang:?}");
    }
    // Date and time, joined as the medium date-time pattern joins them.
    assert_eq!(plain(format_datetime(Lang::En, time)), "Nov 5, 2026, 2:05 PM");
    assert_eq!(plain(format_datetime(Lang::Ru, time)), "5 нояб. 2026 г., 14:05");
    assert_eq!(plain(format_datetime(Lang::Uk, time)), "5 лист. 2026 р., 14:05");
    assert_eq!(format_datetime(Lang::Zh, time), "2026年11月5日 14:05");
    assert_eq!(plain(format_day_month_time(Lang::En, time)), "Nov 5, 2:05 PM");
    assert_eq!(plain(format_day_month_time(Lang::Ru, time)), "5 ноября, 14:05");
    assert_eq!(format_day_month_time(Lang::Zh, time), "11月5日 14:05");
    assert_eq!(format_time(Lang::Uk, time), "14:05");
    assert_eq!(plain(format_time(Lang::En, date.and_hms_opt(0, 30, 0).unwrap())), "12:30 AM");
}

#[test]
fn a_birthday_without_a_year_is_a_day_and_a_month() {
    let december_2 = |lang| plain(format_birthday(lang, 12, 2, None));
    assert_eq!(december_2(Lang::En), "Dec 2");
    assert_eq!(december_2(Lang::Ru), "2 декабря");
    assert_eq!(december_2(Lang::Uk), "2 грудня");
    assert_eq!(december_2(Lang::Zh), "12月2日");
    assert_eq!(plain(format_birthday(Lang::En, 11, 25, Some(1988))), "Nov 25, 1988");
    assert_eq!(plain(format_birthday(Lang::Ru, 11, 25, Some(1988))), "25 нояб. 1988 г.");
    assert_eq!(format_birthday(Lang::Zh, 11, 25, Some(1988)), "1988年11月25日");
    // 29 February without a year, and a year it does not fit (never stored, still shown).
    assert_eq!(plain(format_birthday(Lang::Uk, 2, 29, None)), "29 лютого");
    assert_eq!(plain(format_birthday(Lang::En, 2, 29, Some(2001))), "Feb 29");
}

#[test]
fn weeks_start_on_each_languages_first_day() {
    let date = NaiveDate::from_ymd_opt(2026, 11, 5).unwrap();
    assert_eq!(first_day_of_week(Lang::En), Weekday::Sun);
    assert_eq!(first_day_of_week(Lang::Ru), Weekday::Mon);
    // Thursday 5 November 2026: the week began on Sunday the 1st, or Monday the 2nd.
    let week_start = |lang, date| crate::today::start_of_week(date, first_day_of_week(lang));
    assert_eq!(week_start(Lang::En, date), NaiveDate::from_ymd_opt(2026, 11, 1).unwrap());
    assert_eq!(week_start(Lang::Uk, date), NaiveDate::from_ymd_opt(2026, 11, 2).unwrap());
    let sunday = NaiveDate::from_ymd_opt(2026, 11, 8).unwrap();
    assert_eq!(week_start(Lang::En, sunday), sunday);
    assert_eq!(week_start(Lang::Zh, sunday), NaiveDate::from_ymd_opt(2026, 11, 2).unwrap());
}

#[test]
fn browser_languages_are_detected_in_order_of_preference() {
    assert_eq!(Lang::detect(["de-DE", "uk-UA", "ru"]), Lang::Uk);
    assert_eq!(Lang::detect(["zh-Hans-CN"]), Lang::Zh);
    assert_eq!(Lang::detect(["ru_RU"]), Lang::Ru);
    assert_eq!(Lang::detect(["fr", "de"]), Lang::En);
    assert_eq!(Lang::detect([]), Lang::En);
}

#[test]
fn the_current_language_applies_to_lookups() {
    set_lang(Lang::Ru);
    assert_eq!(t("Lock"), t_in(Lang::Ru, "Lock"));
    assert_ne!(t("Lock"), "Lock");
    set_lang(Lang::En);
    assert_eq!(t("Lock"), "Lock");
    assert_eq!(fill("{a} and {b}", &[("a", 1.to_string()), ("b", "two".into())]), "1 and two");
}

/// Every string literal passed to `t("…")`, `tf("…", …)` and `tp("…", "…", n)` in the sources.
fn texts_used_in_code() -> (BTreeSet<String>, BTreeSet<(String, String)>) {
    let mut singles = BTreeSet::new();
    let mut plurals = BTreeSet::new();
    let mut files = vec![Path::new(env!("CARGO_MANIFEST_DIR")).join("src")];
    while let Some(path) = files.pop() {
        if path.is_dir() {
            files.extend(std::fs::read_dir(&path).unwrap().map(|e| e.unwrap().path()));
            continue;
        }
        if path.extension().is_none_or(|e| e != "rs") || path.parent().is_some_and(|p| p.ends_with("i18n")) {
            continue;
        }
        let source = std::fs::read_to_string(&path).unwrap();
        for (at, _) in source.match_indices('t') {
            let name_ends_before =
                source[..at].chars().next_back().is_some_and(|c| c.is_alphanumeric() || c == '_' || c == '.');
            if name_ends_before {
                continue;
            }
            let rest = &source[at..];
            let (plural, args) = if let Some(args) = rest.strip_prefix("tp(") {
                (true, args)
            } else if let Some(args) = rest.strip_prefix("tf(").or_else(|| rest.strip_prefix("t(")) {
                (false, args)
            } else {
                continue;
            };
            let literals = string_literals(args);
            match (plural, literals.as_slice()) {
                (true, [one, other, ..]) => {
                    plurals.insert((one.clone(), other.clone()));
                }
                (false, [text, ..]) => {
                    singles.insert(text.clone());
                }
                _ => {}
            }
        }
    }
    (singles, plurals)
}

/// The leading string literals of an argument list, up to the first argument that is not one.
fn string_literals(args: &str) -> Vec<String> {
    let mut out = Vec::new();
    let mut rest = args.trim_start();
    while let Some(body) = rest.strip_prefix('"') {
        let mut text = String::new();
        let mut end = body.len();
        let mut chars = body.char_indices().peekable();
        while let Some((i, c)) = chars.next() {
            match c {
                '\\' => match chars.next() {
                    // A line continuation: the newline and the next line's indentation vanish.
                    Some((_, '\n')) => while chars.next_if(|(_, c)| c.is_whitespace()).is_some() {},
                    Some((_, 'n')) => text.push('\n'),
                    Some((_, escaped)) => text.push(escaped),
                    None => {}
                },
                '"' => {
                    end = i + 1;
                    break;
                }
                c => text.push(c),
            }
        }
        out.push(text);
        rest = body[end..].trim_start();
        match rest.strip_prefix(',') {
            Some(next) => rest = next.trim_start(),
            None => break,
        }
    }
    out
}

fn placeholders(text: &str) -> BTreeSet<String> {
    let mut out = BTreeSet::new();
    let mut rest = text;
    while let Some(open) = rest.find('{') {
        let Some(close) = rest[open..].find('}') else { break };
        out.insert(rest[open + 1..open + close].to_owned());
        rest = &rest[open + close + 1..];
    }
    out
}

#[test]
fn every_text_in_the_code_is_translated_with_the_same_placeholders() {
    let (singles, plurals) = texts_used_in_code();
    assert!(singles.len() > 300, "the scan found only {} texts; is it still reading the sources?", singles.len());
    let mut problems = Vec::new();
    let known: std::collections::HashMap<&str, [&str; 3]> =
        catalog::TEXTS.iter().map(|(en, ru, uk, zh)| (*en, [*ru, *uk, *zh])).collect();
    for english in singles.iter().filter(|s| !s.is_empty()) {
        match known.get(english.as_str()) {
            None => problems.push(format!("missing translation: {english:?}")),
            Some(row) => {
                for (lang, text) in ["ru", "uk", "zh"].iter().zip(row) {
                    if text.trim().is_empty() {
                        problems.push(format!("empty {lang} translation of {english:?}"));
                    } else if placeholders(text) != placeholders(english) {
                        problems.push(format!("{lang} translation of {english:?} has other placeholders: {text:?}"));
                    }
                }
            }
        }
    }
    let plural_entries: std::collections::HashMap<&str, &catalog::PluralEntry> =
        catalog::PLURALS.iter().map(|e| (e.en[0], e)).collect();
    for (one, other) in &plurals {
        match plural_entries.get(one.as_str()) {
            None => problems.push(format!("missing plural: {one:?}")),
            Some(entry) => {
                if entry.en[1] != other {
                    problems.push(format!("plural {one:?}: code says other = {other:?}, catalog {:?}", entry.en[1]));
                }
                let forms = entry.ru.iter().chain(&entry.uk).chain([&entry.zh]);
                for form in forms {
                    if placeholders(form) != placeholders(one) {
                        problems.push(format!("plural {one:?}: form {form:?} has other placeholders"));
                    }
                }
            }
        }
    }
    // Texts nobody asks for any more are dead weight in the download.
    for (english, ..) in catalog::TEXTS {
        if !singles.contains(*english) {
            problems.push(format!("unused catalog text: {english:?}"));
        }
    }
    for entry in catalog::PLURALS {
        if !plurals.iter().any(|(one, _)| one == entry.en[0]) {
            problems.push(format!("unused catalog plural: {:?}", entry.en[0]));
        }
    }
    let duplicates = catalog::TEXTS.len() - known.len();
    assert_eq!(duplicates, 0, "the catalog lists a text twice");
    assert!(problems.is_empty(), "{} problem(s):\n{}", problems.len(), problems.join("\n"));
}

#[test]
fn chart_months_and_percentages_follow_cldr() {
    // What Intl.DateTimeFormat(lang, { month: "short" }) and
    // Intl.NumberFormat(lang, { style: "percent", minimumFractionDigits: 1 }) write.
    assert_eq!(format_month_short(Lang::En, 11), "Nov");
    assert_eq!(format_month_short(Lang::Ru, 5), "май");
    assert_eq!(format_month_short(Lang::Uk, 11), "лист.");
    assert_eq!(format_month_short(Lang::Zh, 11), "11月");
    assert_eq!(format_percent(Lang::En, 16.666, 1), "16.7%");
    assert_eq!(plain(format_percent(Lang::Ru, 1234.5, 1)), "1 234,5 %");
    assert_eq!(format_percent(Lang::Zh, 50.0, 0), "50%");
}
