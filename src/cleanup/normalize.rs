//! The forms emails and names are compared and tidied in. What is stored stays as the user
//! typed it, except where the user asks for a fix (whitespace, "Fix capitalization").

use crate::model::Client;

/// The form two emails are compared in: trimmed and lower case. Mailbox names are case
/// sensitive in theory only; no provider our users meet treats Ann@ and ann@ apart.
pub fn normalize_email(email: &str) -> String {
    email.trim().to_lowercase()
}

pub fn same_email(a: &str, b: &str) -> bool {
    normalize_email(a) == normalize_email(b)
}

/// Trimmed, with every run of whitespace (tabs, newlines, no-break spaces) as one space.
pub fn collapse_whitespace(text: &str) -> String {
    text.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// Collapses the whitespace of the client's names; `true` when something changed.
pub fn tidy_names(client: &mut Client) -> bool {
    let mut changed = false;
    for text in [&mut client.name, &mut client.legal_name, &mut client.alias] {
        let tidy = collapse_whitespace(text);
        if tidy != *text {
            *text = tidy;
            changed = true;
        }
    }
    changed
}

/// Whether a name is typed all in capitals or all in small letters ("IVAN PETROV",
/// "olena kovalenko"). Scripts without case (Chinese) never are.
pub fn has_flat_case(name: &str) -> bool {
    let mut cased = name.chars().filter(|c| c.is_uppercase() || c.is_lowercase()).peekable();
    let Some(first) = cased.peek().copied() else {
        return false;
    };
    let upper = first.is_uppercase();
    let mut count = 0;
    for c in cased {
        if c.is_uppercase() != upper {
            return false;
        }
        count += 1;
    }
    count >= 2
}

/// Small words of surnames that stay small inside a name ("Ludwig van Beethoven").
const PARTICLES: &[&str] = &[
    "van", "von", "der", "den", "de", "da", "di", "du", "del", "della", "la", "le", "dos", "das", "ter", "ten", "zu",
    "bin", "ibn", "al", "el", "y",
];

/// "Fix capitalization": each word typed all in capitals or all in small letters gets a capital
/// first letter, and so does each part after a hyphen ("anna-maria" → "Anna-Maria") or after an
/// apostrophe that follows one Latin letter ("o'brien" → "O'Brien"; not in Ukrainian, where
/// "Мар'яна" has an apostrophe inside the word). Words in mixed case ("McDonald", "DiCaprio")
/// were typed that way on purpose and stay; so do Chinese names, which have no case.
pub fn fix_capitalization(name: &str) -> String {
    collapse_whitespace(name)
        .split(' ')
        .enumerate()
        .map(|(i, word)| fix_word(word, i == 0))
        .collect::<Vec<_>>()
        .join(" ")
}

/// Fixes the capitalization of the client's names; `true` when something changed.
pub fn fix_client_capitalization(client: &mut Client) -> bool {
    let mut changed = false;
    for text in [&mut client.name, &mut client.legal_name, &mut client.alias] {
        if text.is_empty() {
            continue;
        }
        let fixed = fix_capitalization(text);
        if fixed != *text {
            *text = fixed;
            changed = true;
        }
    }
    changed
}

fn fix_word(word: &str, first: bool) -> String {
    let mut cased = word.chars().filter(|c| c.is_uppercase() || c.is_lowercase());
    let Some(one) = cased.next() else {
        return word.to_owned();
    };
    if !cased.all(|c| c.is_uppercase() == one.is_uppercase()) {
        return word.to_owned();
    }
    if !first && one.is_lowercase() && PARTICLES.contains(&word) {
        return word.to_owned();
    }
    let mut out = String::with_capacity(word.len());
    let mut at_start = true;
    // Letters of the current part so far, and whether they are Latin, for "O'" and "D'".
    let mut part_letters = 0;
    let mut part_latin = true;
    for c in word.chars() {
        if c.is_alphabetic() {
            if at_start {
                out.extend(c.to_uppercase());
            } else {
                out.extend(c.to_lowercase());
            }
            at_start = false;
            part_letters += 1;
            part_latin &= c.is_ascii_alphabetic();
        } else {
            out.push(c);
            let after_latin_initial = part_letters == 1 && part_latin;
            if c == '-' || (matches!(c, '\'' | '’') && after_latin_initial) {
                at_start = true;
                part_letters = 0;
                part_latin = true;
            }
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn emails_compare_trimmed_and_in_any_case() {
        assert!(same_email(" Ann@Example.COM ", "ann@example.com"));
        assert!(same_email("ОЛЕНА@приклад.укр", "олена@приклад.укр"));
        assert!(!same_email("ann@example.com", "anna@example.com"));
    }

    #[test]
    fn names_get_one_space_between_words() {
        assert_eq!(collapse_whitespace("  Anna \t\u{a0} Maria\nLopez "), "Anna Maria Lopez");
        let mut client =
            Client { name: " Иван  Петров".into(), alias: "Ваня".into(), ..Client::default() };
        assert!(tidy_names(&mut client));
        assert_eq!(client.name, "Иван Петров");
        assert!(!tidy_names(&mut client));
    }

    #[test]
    fn capitalization_is_fixed_for_flat_words_only() {
        let cases = [
            ("IVAN PETROV", "Ivan Petrov"),
            ("olena kovalenko", "Olena Kovalenko"),
            ("ОЛЕНА коваленко", "Олена Коваленко"),
            ("anna-maria o'brien", "Anna-Maria O'Brien"),
            ("JEAN-LUC D’ARTAGNAN", "Jean-Luc D’Artagnan"),
            ("мар'яна в'ячеславівна", "Мар'яна В'ячеславівна"),
            ("ronald McDonald", "Ronald McDonald"),
            ("leonardo DiCaprio", "Leonardo DiCaprio"),
            ("ludwig van beethoven", "Ludwig van Beethoven"),
            ("van  der berg", "Van der Berg"),
            ("王芳", "王芳"),
            ("wang 芳", "Wang 芳"),
            ("ÆSA ÅSTRÖM", "Æsa Åström"),
            ("", ""),
        ];
        for (typed, fixed) in cases {
            assert_eq!(fix_capitalization(typed), fixed, "{typed}");
        }
    }

    #[test]
    fn flat_case_is_all_capitals_or_all_small_letters() {
        for flat in ["IVAN PETROV", "olena", "ОЛЕНА К.", "anna-maria"] {
            assert!(has_flat_case(flat), "{flat}");
        }
        for fine in ["Ivan Petrov", "王芳", "A", "McDONALD", "", "42"] {
            assert!(!has_flat_case(fine), "{fine}");
        }
    }
}
