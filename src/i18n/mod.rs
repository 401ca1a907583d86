//! The four languages of the interface: English, Russian, Ukrainian and Simplified Chinese.
//!
//! Texts are written in English in the code, wrapped in [`t`], [`tf`] or [`tp`], and looked up
//! in `catalog` for the current language. A native test reads every such call in `src/` and
//! fails when a text has no translation or a translation loses a `{placeholder}`, so nothing
//! ships half-translated. The rules that differ by language live here too: plural forms,
//! numbers, money, dates and the first day of the week.
//!
//! The current language is one value for the whole (single-threaded) app: error messages built
//! deep in the core are shown to the user, and they follow it without a language parameter.

mod catalog;
mod format;

use std::cell::Cell;
use std::collections::HashMap;

pub use format::{
    first_day_of_week, format_birthday, format_date, format_date_range, format_datetime, format_day_month,
    format_day_month_time, format_money, format_month_short, format_month_year, format_number, format_percent,
    format_time, format_weekday,
};

/// An interface language.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Lang {
    En,
    Ru,
    Uk,
    Zh,
}

impl Lang {
    pub const ALL: [Lang; 4] = [Lang::En, Lang::Ru, Lang::Uk, Lang::Zh];

    /// The BCP 47 tag, for `<html lang>` and for remembering the choice.
    pub fn code(self) -> &'static str {
        match self {
            Lang::En => "en",
            Lang::Ru => "ru",
            Lang::Uk => "uk",
            Lang::Zh => "zh-CN",
        }
    }

    /// The language's name in itself, as the language switcher shows it.
    pub fn native_name(self) -> &'static str {
        match self {
            Lang::En => "English",
            Lang::Ru => "Русский",
            Lang::Uk => "Українська",
            Lang::Zh => "简体中文",
        }
    }

    /// Reads a tag such as `ru-RU`, `uk`, `zh-Hans-CN` or `en-GB`.
    pub fn from_tag(tag: &str) -> Option<Lang> {
        let primary = tag.split(['-', '_']).next()?.to_ascii_lowercase();
        match primary.as_str() {
            "en" => Some(Lang::En),
            "ru" => Some(Lang::Ru),
            "uk" => Some(Lang::Uk),
            "zh" => Some(Lang::Zh),
            _ => None,
        }
    }

    /// The first of the browser's preferred languages that we have, else English.
    pub fn detect<'a>(preferred: impl IntoIterator<Item = &'a str>) -> Lang {
        preferred.into_iter().find_map(Lang::from_tag).unwrap_or(Lang::En)
    }

    fn column(self) -> Option<usize> {
        match self {
            Lang::En => None,
            Lang::Ru => Some(0),
            Lang::Uk => Some(1),
            Lang::Zh => Some(2),
        }
    }
}

/// CLDR plural categories; English and Chinese use a subset.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Plural {
    One,
    Few,
    Many,
    Other,
}

/// The CLDR cardinal plural rule for whole numbers.
pub fn plural_category(lang: Lang, n: u64) -> Plural {
    match lang {
        Lang::En => {
            if n == 1 {
                Plural::One
            } else {
                Plural::Other
            }
        }
        // Russian and Ukrainian share the rule for integers: 1, 21, 31… one; 2–4, 22–24… few;
        // 0, 5–20, 25–30… and 11–14 many.
        Lang::Ru | Lang::Uk => {
            let (last, last_two) = (n % 10, n % 100);
            if last == 1 && last_two != 11 {
                Plural::One
            } else if (2..=4).contains(&last) && !(12..=14).contains(&last_two) {
                Plural::Few
            } else {
                Plural::Many
            }
        }
        Lang::Zh => Plural::Other,
    }
}

thread_local! {
    static CURRENT: Cell<Lang> = const { Cell::new(Lang::En) };
    static TEXTS: HashMap<&'static str, [&'static str; 3]> =
        catalog::TEXTS.iter().map(|(en, ru, uk, zh)| (*en, [*ru, *uk, *zh])).collect();
    static PLURALS: HashMap<&'static str, &'static catalog::PluralEntry> =
        catalog::PLURALS.iter().map(|entry| (entry.en[0], entry)).collect();
}

pub fn set_lang(lang: Lang) {
    CURRENT.with(|c| c.set(lang));
}

pub fn lang() -> Lang {
    CURRENT.with(Cell::get)
}

/// `english` in the current language. A text missing from the catalog shows in English; the
/// catalog test keeps that from happening in a build.
pub fn t(english: &'static str) -> &'static str {
    t_in(lang(), english)
}

pub fn t_in(lang: Lang, english: &'static str) -> &'static str {
    match lang.column() {
        None => english,
        Some(column) => TEXTS.with(|texts| texts.get(english).map_or(english, |row| row[column])),
    }
}

/// `english` translated, with each `{name}` replaced by its value.
pub fn tf(english: &'static str, values: &[(&str, String)]) -> String {
    fill(t(english), values)
}

/// The plural form for `n`, with `{n}` replaced by `n` written for the current language.
/// `one` and `other` are the English forms; the catalog holds the others.
pub fn tp(one: &'static str, other: &'static str, n: u64) -> String {
    tp_in(lang(), one, other, n)
}

pub fn tp_in(lang: Lang, one: &'static str, other: &'static str, n: u64) -> String {
    let category = plural_category(lang, n);
    let form = match lang {
        Lang::En => {
            if category == Plural::One {
                one
            } else {
                other
            }
        }
        _ => PLURALS.with(|plurals| match plurals.get(one) {
            None => other,
            Some(entry) => entry.form(lang, category),
        }),
    };
    form.replace("{n}", &format_number(lang, n as f64, 0))
}

/// Replaces `{name}` placeholders; unknown ones are left as they are.
pub fn fill(template: &str, values: &[(&str, String)]) -> String {
    let mut out = template.to_owned();
    for (name, value) in values {
        out = out.replace(&format!("{{{name}}}"), value);
    }
    out
}

#[cfg(test)]
mod tests;
