//! Search as you type. Each client gets a pre-folded haystack once, when it is loaded or
//! saved, so a keystroke is only substring scans over ready strings.
//!
//! Folding: Unicode lowercase (Latin, Cyrillic, Greek...), `ё` as `е`, runs of whitespace as
//! one space. Chinese has no case and no word breaks, so substring matching serves it as is.
//! Phones are also kept as bare digits, so "+7 (916) 123" finds "89161234567"-style entries
//! by their digit runs whatever the formatting.

use crate::model::Client;

/// Lowercases and normalizes text for matching.
pub fn fold(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut last_space = true;
    for c in text.chars() {
        if c.is_whitespace() {
            if !last_space {
                out.push(' ');
            }
            last_space = true;
            continue;
        }
        last_space = false;
        for lower in c.to_lowercase() {
            out.push(if lower == 'ё' { 'е' } else { lower });
        }
    }
    if out.ends_with(' ') {
        out.pop();
    }
    out
}

/// The digits of a phone number, whatever its formatting.
pub fn digits_only(text: &str) -> String {
    text.chars().filter(char::is_ascii_digit).collect()
}

/// What one client offers to search.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct SearchEntry {
    text: String,
    phone_digits: String,
    /// The characters of `text`, for a quick "not here" before any substring search.
    chars: CharSet,
}

/// A set of characters, hashed into 128 bits. A text that lacks one of a word's characters
/// cannot contain the word, so most clients are ruled out without searching their text; a
/// collision only means "maybe", and the search decides.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct CharSet(u128);

impl CharSet {
    pub fn of(text: &str) -> Self {
        Self(text.chars().fold(0, |set, c| set | Self::bit(c)))
    }

    /// True when every character of `other` may be in this set.
    pub fn has_all(self, other: Self) -> bool {
        self.0 & other.0 == other.0
    }

    /// A character's bit: the top 7 bits of a multiplicative hash, so that neighbouring code
    /// points (the letters of one script) spread over the whole set.
    fn bit(c: char) -> u128 {
        1 << (u32::from(c).wrapping_mul(0x9E37_79B9) >> 25)
    }
}

/// One word of a query, with its characters for the quick check.
#[derive(Clone, Debug, PartialEq)]
pub struct Word {
    text: String,
    chars: CharSet,
}

impl Word {
    fn new(text: &str) -> Self {
        Self { text: text.to_owned(), chars: CharSet::of(text) }
    }
}

/// `haystack.contains(needle)`, made for search as you type in wasm, where a keystroke asks ten
/// thousand texts for one short needle: the standard substring search prepares itself anew on
/// every call, while looking for the needle's first character is a plain memchr, and a
/// candidate is then checked in place.
fn contains(haystack: &str, needle: &str) -> bool {
    let mut chars = needle.chars();
    let Some(first) = chars.next() else { return true };
    let rest = chars.as_str();
    let mut from = 0;
    while let Some(at) = haystack[from..].find(first) {
        let after = from + at + first.len_utf8();
        if haystack[after..].starts_with(rest) {
            return true;
        }
        from = after;
    }
    false
}

impl SearchEntry {
    pub fn for_client(client: &Client) -> Self {
        let mut fields: Vec<&str> = vec![&client.name, &client.legal_name, &client.alias];
        fields.extend(client.phones.iter().map(|p| p.number.as_str()));
        fields.extend(client.emails.iter().map(String::as_str));
        fields.extend(client.messengers.iter().map(|m| m.handle.as_str()));
        fields.extend(client.tags.iter().map(String::as_str));
        fields.extend([
            client.address.city.as_str(),
            client.preferences.as_str(),
            client.boundaries.as_str(),
            client.alert.as_str(),
            client.notes.as_str(),
        ]);
        // A separator that no folded query contains keeps fields from running together.
        let text = fields.iter().filter(|f| !f.is_empty()).map(|f| fold(f)).collect::<Vec<_>>().join("\u{1f}");
        let phone_digits = client.phones.iter().map(|p| digits_only(&p.number)).collect::<Vec<_>>().join("\u{1f}");
        Self { chars: CharSet::of(&text), text, phone_digits }
    }
}

/// A parsed query. Every word must match somewhere (AND). A query that looks like a phone
/// number (digits and phone punctuation, at least three digits) is matched by digits.
#[derive(Clone, Debug, PartialEq)]
pub enum SearchQuery {
    Everything,
    Phone(String),
    Words(Vec<Word>),
}

impl SearchQuery {
    pub fn parse(input: &str) -> Self {
        let trimmed = input.trim();
        if trimmed.is_empty() {
            return Self::Everything;
        }
        let digits = digits_only(trimmed);
        if digits.len() >= 3 && trimmed.chars().all(|c| c.is_ascii_digit() || " +-().".contains(c)) {
            return Self::Phone(digits);
        }
        Self::Words(fold(trimmed).split(' ').map(Word::new).collect())
    }

    pub fn matches(&self, entry: &SearchEntry) -> bool {
        match self {
            Self::Everything => true,
            Self::Phone(digits) => contains(&entry.phone_digits, digits) || contains(&entry.text, digits),
            Self::Words(words) => words.iter().all(|w| entry.chars.has_all(w.chars) && contains(&entry.text, &w.text)),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{Client, Phone};

    fn entry(name: &str, phone: &str, email: &str, notes: &str) -> SearchEntry {
        let mut client = Client { name: name.into(), notes: notes.into(), ..Client::default() };
        if !phone.is_empty() {
            client.phones.push(Phone { label: String::new(), number: phone.into() });
        }
        if !email.is_empty() {
            client.emails.push(email.into());
        }
        SearchEntry::for_client(&client)
    }

    fn finds(query: &str, e: &SearchEntry) -> bool {
        SearchQuery::parse(query).matches(e)
    }

    #[test]
    fn phones_match_by_digits_whatever_the_formatting() {
        let e = entry("Ann", "+7 (916) 123-45-67", "", "");
        assert!(finds("9161234567", &e));
        assert!(finds("916 123", &e));
        assert!(finds("(916) 123-45", &e));
        assert!(!finds("916 124", &e));
    }

    #[test]
    fn cyrillic_is_case_folded_and_yo_matches_ye() {
        let e = entry("Семён Петрович", "", "", "");
        assert!(finds("СЕМЁН", &e));
        assert!(finds("семен", &e));
        assert!(finds("петр", &e));
        let u = entry("Ґанна Їжакова", "", "", "");
        assert!(finds("ґанна їжак", &u));
        assert!(!finds("ганна", &u));
    }

    #[test]
    fn chinese_matches_substrings() {
        let e = entry("王小芳", "", "", "喜欢短发");
        assert!(finds("小芳", &e));
        assert!(finds("短发", &e));
        assert!(!finds("长发", &e));
    }

    #[test]
    fn words_must_all_match_across_fields() {
        let e = entry("Maria Lopez", "", "maria@example.com", "Prefers Tuesday mornings");
        assert!(finds("maria tuesday", &e));
        assert!(finds("EXAMPLE.COM", &e));
        assert!(!finds("maria friday", &e));
    }

    #[test]
    fn aliases_tags_and_second_phones_are_searched() {
        let mut client =
            Client { name: "Katerina".into(), alias: "Katya".into(), tags: vec!["Blonde".into()], ..Client::default() };
        client.phones = vec![
            Phone { label: "home".into(), number: "111 222 333".into() },
            Phone { label: "work".into(), number: "+44 20 7946 0018".into() },
        ];
        let e = SearchEntry::for_client(&client);
        assert!(finds("katya", &e));
        assert!(finds("blonde", &e));
        assert!(finds("7946 0018", &e));
        assert!(!finds("3332", &e), "digits of different phones must not join");
    }

    #[test]
    fn an_empty_query_matches_everything() {
        assert!(finds("   ", &entry("Ann", "", "", "")));
    }

    #[test]
    fn the_quick_substring_search_agrees_with_the_standard_one() {
        let texts = ["", "a", "aaab", "abcabd", "семён семен", "王小芳喜欢短发", "x\u{1f}y", "ababababc", "ёж"];
        let needles =
            ["", "a", "ab", "aab", "abd", "bc", "мё", "сем", "小芳", "短发", "发", "\u{1f}", "abc", "ёж", "жё", "z"];
        for text in texts {
            for needle in needles {
                assert_eq!(contains(text, needle), text.contains(needle), "{needle:?} in {text:?}");
            }
        }
    }

    #[test]
    fn the_character_check_never_rules_out_a_text_that_holds_the_word() {
        let text = "maria lopez\u{1f}семён\u{1f}王小芳\u{1f}+380 67 123";
        let set = CharSet::of(text);
        for word in ["maria", "lopez", "семён", "王小芳", "380", "a z", "ё"] {
            assert!(set.has_all(CharSet::of(word)), "{word}");
        }
        // And it does rule out some: a letter that is not there.
        assert!(["q", "щ", "龍", "9"].iter().any(|w| !set.has_all(CharSet::of(w))));
    }

    #[test]
    fn fields_do_not_run_together() {
        let e = entry("Ann", "", "", "Bell");
        assert!(!finds("annbell", &e));
        assert!(!finds("ann bell x", &e));
    }
}
