//! Search as you type. Each client gets a pre-folded haystack once, when it is loaded or
//! saved, so a keystroke is only substring scans over ready strings.
//!
//! Folding: Unicode lowercase (Latin, Cyrillic, Greek...), `ё` as `е`, runs of whitespace as
//! one space. Chinese has no case and no word breaks, so substring matching serves it as is.
//! Phones are also kept as bare digits, so "+7 (916) 123" finds "89161234567"-style entries
//! by their digit runs whatever the formatting.
//!
//! Names are also found in Latin letters whatever their script: each entry keeps the Latin
//! keys of the names that are not plain Latin ("ivan petrov" for Иван Петров, "wang fang" for
//! 王芳; see `cleanup::translit`), and the skeleton form of every name, which makes the usual
//! romanization variants equal ("serhii" for Serhiy and Сергій). A query word typed in Latin
//! letters is tried against them as typed and in its own skeleton form. So "ivan", "olena" and
//! "wang" find Иван, Олена and 王芳, and "serhiy" finds Сергій. A word in another script is
//! matched as typed only, so that "ганна" does not find "Ґанна". These keys are apart from the
//! rest of the text and short, with their own quick "not here", so a keystroke pays little for
//! them; they are built once per save.
//!
//! Custom fields are searched by the values that hold words: text, numbers and choices, folded
//! like everything else ("blondor" finds "Blondor 6/0"). Dates and yes/no answers are stored as
//! codes ("2026-01-05", "yes") that say nothing typed in a search box, and a value whose field
//! was removed from Settings no longer shows anywhere, so neither is searched. Which values
//! count depends on the book's field definitions, so the book folds its clients again when
//! those change (see [`searched_custom_fields`]).

use crate::cleanup::translit::{latin_variants, skeleton, to_latin};
use crate::model::{Client, CustomFieldDef, CustomFieldKind};

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
        // Most text is ASCII (phones, emails, Latin names): skip the Unicode tables for it.
        if c.is_ascii() {
            out.push(c.to_ascii_lowercase());
            continue;
        }
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
    /// Every run of digits in `text`, apart: a phone query looks for its digits in a run, and
    /// these are a fifth of the text to read.
    digit_runs: String,
    /// What `text` is made of, for a quick "not here" before any substring search.
    fingerprint: Fingerprint,
    /// The Latin keys and skeletons of the names, where they differ from what `text` holds;
    /// empty for most plain Latin names.
    names: String,
    names_mask: NameMask,
}

/// Which Latin letters (and other characters) a short text has, and which pairs of
/// neighbouring bytes, each hashed to one of 64 bits: a word whose letters or pairs are not
/// all there cannot be in the text.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
struct NameMask {
    letters: u32,
    pairs: u64,
}

impl NameMask {
    fn of(text: &str) -> Self {
        let mut mask = Self::default();
        let mut previous = None;
        for b in text.bytes() {
            mask.letters |= match b {
                b'a'..=b'z' => 1 << (b - b'a'),
                b'0'..=b'9' => 1 << 26,
                _ => 1 << 27,
            };
            if let Some(a) = previous {
                let hash = (u32::from(a) << 8 | u32::from(b)).wrapping_mul(0x9E37_79B9);
                mask.pairs |= 1 << (hash >> 26);
            }
            previous = Some(b);
        }
        mask
    }

    fn may_contain(&self, word: &Self) -> bool {
        self.letters & word.letters == word.letters && self.pairs & word.pairs == word.pairs
    }
}

/// The characters of a text and its pairs of neighbouring characters, each hashed to one bit
/// (128 bits for characters, 512 for pairs). A text that lacks one of a word's characters or
/// pairs cannot contain the word, so most clients are ruled out of a query without searching
/// their text: a single character rules out other scripts, and pairs rule out most texts
/// in the same script. Collisions only mean "maybe", and the search decides.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Fingerprint {
    chars: u128,
    pairs: [u64; 8],
}

impl Fingerprint {
    pub fn of(text: &str) -> Self {
        let mut fingerprint = Self::default();
        let mut previous = None;
        for c in text.chars() {
            fingerprint.chars |= 1 << (Self::hash(c) >> 25);
            if let Some(before) = previous {
                let bit = (Self::hash(before) ^ Self::hash(c).rotate_left(11)) >> 23;
                fingerprint.pairs[(bit >> 6) as usize] |= 1 << (bit & 63);
            }
            previous = Some(c);
        }
        fingerprint
    }

    /// True when every character and pair of `word` may be in the text this came from.
    pub fn may_contain(&self, word: &Self) -> bool {
        self.chars & word.chars == word.chars
            && self.pairs.iter().zip(word.pairs).all(|(have, need)| have & need == need)
    }

    /// A multiplicative hash whose top bits spread neighbouring code points (the letters of one
    /// script) over the whole set.
    fn hash(c: char) -> u32 {
        u32::from(c).wrapping_mul(0x9E37_79B9)
    }
}

/// One word of a query, with its fingerprint for the quick check, and for a word in Latin
/// letters its forms to look for among the names' Latin keys.
#[derive(Clone, Debug, PartialEq)]
pub struct Word {
    text: String,
    fingerprint: Fingerprint,
    latin_forms: Vec<(String, NameMask)>,
}

impl Word {
    fn new(text: &str) -> Self {
        let mut latin_forms = Vec::new();
        if text.is_ascii() {
            let latin = to_latin(text);
            let key = skeleton(&latin);
            for form in [latin, key] {
                if !form.is_empty() && !latin_forms.iter().any(|(f, _)| *f == form) {
                    latin_forms.push((form.clone(), NameMask::of(&form)));
                }
            }
        }
        Self { text: text.to_owned(), fingerprint: Fingerprint::of(text), latin_forms }
    }

    fn in_names(&self, entry: &SearchEntry) -> bool {
        !entry.names.is_empty()
            && self
                .latin_forms
                .iter()
                .any(|(form, mask)| entry.names_mask.may_contain(mask) && contains(&entry.names, form))
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

/// The ids of the custom fields whose values are searched, in the order of their definitions.
pub fn searched_custom_fields(definitions: &[CustomFieldDef]) -> Vec<&str> {
    definitions
        .iter()
        .filter(|def| matches!(def.kind, CustomFieldKind::Text | CustomFieldKind::Number | CustomFieldKind::Choice(_)))
        .map(|def| def.id.as_str())
        .collect()
}

impl SearchEntry {
    /// What `client` offers to search; `custom_fields` are the book's definitions.
    pub fn for_client(client: &Client, custom_fields: &[CustomFieldDef]) -> Self {
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
        fields.extend(
            searched_custom_fields(custom_fields)
                .into_iter()
                .filter_map(|id| client.custom.get(id))
                .map(String::as_str),
        );
        // A separator that no folded query contains keeps fields from running together.
        let text = fields.iter().filter(|f| !f.is_empty()).map(|f| fold(f)).collect::<Vec<_>>().join("\u{1f}");
        let phone_digits = client.phones.iter().map(|p| digits_only(&p.number)).collect::<Vec<_>>().join("\u{1f}");
        let digit_runs =
            text.split(|c: char| !c.is_ascii_digit()).filter(|run| !run.is_empty()).collect::<Vec<_>>().join(" ");
        let names = latin_names(client);
        Self {
            fingerprint: Fingerprint::of(&text),
            digit_runs,
            text,
            phone_digits,
            names_mask: NameMask::of(&names),
            names,
        }
    }
}

/// The Latin keys of the client's names and their skeletons, each once, leaving out what
/// the folded name itself already is.
fn latin_names(client: &Client) -> String {
    let mut keys: Vec<String> = Vec::new();
    for name in [&client.name, &client.legal_name, &client.alias].into_iter().filter(|n| !n.is_empty()) {
        let as_typed = fold(name);
        for latin in latin_variants(name) {
            let key = skeleton(&latin);
            for form in [latin, key] {
                if form != as_typed && !form.is_empty() && !keys.contains(&form) {
                    keys.push(form);
                }
            }
        }
    }
    keys.join("\u{1f}")
}

/// A parsed query. Every word must match somewhere (AND). A query that looks like a phone
/// number (digits and phone punctuation, at least three digits) is matched by digits.
#[derive(Clone, Debug, PartialEq)]
pub enum SearchQuery {
    Everything,
    Phone(Word),
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
            return Self::Phone(Word::new(&digits));
        }
        Self::Words(fold(trimmed).split(' ').map(Word::new).collect())
    }

    pub fn matches(&self, entry: &SearchEntry) -> bool {
        match self {
            Self::Everything => true,
            // The query is digits only, so it is in the text exactly when it is in one of the
            // text's runs of digits.
            Self::Phone(digits) => {
                contains(&entry.phone_digits, &digits.text) || contains(&entry.digit_runs, &digits.text)
            }
            Self::Words(words) => words.iter().all(|w| {
                (entry.fingerprint.may_contain(&w.fingerprint) && contains(&entry.text, &w.text)) || w.in_names(entry)
            }),
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
        SearchEntry::for_client(&client, &[])
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
    fn a_phone_query_also_finds_digits_elsewhere_but_not_across_them() {
        let e = entry("Ann", "+7 (916) 555-00-11", "client1234.567@example.com", "room 808, gate 12");
        assert!(finds("1234", &e));
        assert!(finds("808", &e));
        assert!(finds("9165550011", &e));
        assert!(!finds("1234567", &e), "the email's runs 1234 and 567 do not join");
        assert!(!finds("80812", &e), "nor do the notes'");
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
        let e = SearchEntry::for_client(&client, &[]);
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
    fn the_fingerprint_never_rules_out_a_text_that_holds_the_word() {
        let text = "maria lopez\u{1f}семён\u{1f}王小芳\u{1f}+380 67 123";
        let fingerprint = Fingerprint::of(text);
        for start in 0..text.chars().count() {
            for len in 1..=6 {
                let word: String = text.chars().skip(start).take(len).collect();
                assert!(fingerprint.may_contain(&Fingerprint::of(&word)), "{word:?}");
            }
        }
        // And it does rule out: letters that are not there, and letters that are, in an order
        // that is not.
        let ruled_out = ["q", "щ", "龍", "9", "ml", "zepol", "нём", "芳小", "083"]
            .iter()
            .filter(|w| !fingerprint.may_contain(&Fingerprint::of(w)))
            .count();
        assert!(ruled_out >= 6, "{ruled_out} of 9 ruled out");
    }

    #[test]
    fn names_are_found_in_latin_letters_whatever_their_script() {
        let ivan = entry("Иван Петров", "", "", "");
        let olena = entry("Олена Коваленко", "", "", "");
        let fang = entry("王芳", "", "", "");
        for (query, e) in [
            ("ivan", &ivan),
            ("Ivan Petrov", &ivan),
            ("petrov iv", &ivan),
            ("olena", &olena),
            ("kovalenko", &olena),
            ("wang", &fang),
            ("wang fang", &fang),
            ("fang wang", &fang),
        ] {
            assert!(finds(query, e), "{query}");
        }
        assert!(!finds("petrova", &ivan));
        assert!(!finds("olga", &olena));
        assert!(!finds("li", &fang));
    }

    #[test]
    fn common_romanization_variants_and_the_other_way_round_are_found() {
        assert!(finds("sergei", &entry("Сергей Иванов", "", "", "")));
        assert!(finds("serhiy", &entry("Сергій Мельник", "", "", "")));
        assert!(finds("mihail", &entry("Михаил", "", "", "")));
        let hanna = entry("Ганна", "", "", "");
        assert!(finds("hanna", &hanna) && finds("ganna", &hanna), "Russian and Ukrainian readings");
        assert!(!finds("yan", &entry("Ivan", "", "", "")));
        assert!(!finds("иван", &entry("Ivan Petrov", "", "", "")), "other scripts match as typed");
    }

    #[test]
    fn a_name_key_is_only_a_name_key() {
        // The name key holds names only: a romanized query does not reach the notes through it.
        let e = entry("Anna", "", "", "Вторник");
        assert!(finds("вторник", &e));
        assert!(!finds("vtornik", &e));
        // An empty key (a lone apostrophe) matches nothing by it.
        assert!(!finds("'", &entry("Anna", "", "", "")));
    }

    #[test]
    fn fields_do_not_run_together() {
        let e = entry("Ann", "", "", "Bell");
        assert!(!finds("annbell", &e));
        assert!(!finds("ann bell x", &e));
    }

    fn field(id: &str, kind: CustomFieldKind) -> CustomFieldDef {
        CustomFieldDef { id: id.into(), label: id.into(), kind }
    }

    #[test]
    fn custom_field_values_are_found_folded_like_the_rest() {
        let fields = [
            field("formula", CustomFieldKind::Text),
            field("hair", CustomFieldKind::Choice(vec!["Thick".into(), "Fine".into()])),
            field("size", CustomFieldKind::Number),
            field("colour", CustomFieldKind::Text),
            field("note", CustomFieldKind::Text),
        ];
        let mut client = Client { name: "Ann".into(), ..Client::default() };
        for (id, value) in [
            ("formula", "Blondor 6/0 + 3%"),
            ("hair", "Thick"),
            ("size", "38,5"),
            ("colour", "Медно-рыжий"),
            ("note", "染发 Ёжик"),
        ] {
            client.custom.insert(id.into(), value.into());
        }
        let e = SearchEntry::for_client(&client, &fields);
        for query in [
            "Blondor",
            "blondor",
            "BLOND",
            "6/0",
            "blondor 6/0",
            "thick",
            "38,5",
            "медно-рыжий",
            "МЕДНО",
            "染发",
            "ежик",
            "ann thick",
        ] {
            assert!(finds(query, &e), "{query}");
        }
        assert!(!finds("thin", &e));
        assert!(!finds("6/1", &e));
        assert!(!finds("blondorthick", &e), "values do not run together");
        // Without the definitions, the same client has nothing custom to find.
        assert!(!finds("blondor", &SearchEntry::for_client(&client, &[])));
    }

    #[test]
    fn dates_answers_and_removed_fields_are_not_searched() {
        let fields = [field("since", CustomFieldKind::Date), field("allergic", CustomFieldKind::YesNo)];
        let mut client = Client { name: "Ann".into(), ..Client::default() };
        client.custom.insert("since".into(), "2026-01-05".into());
        client.custom.insert("allergic".into(), "yes".into());
        client.custom.insert("removed".into(), "Blondor".into());
        let e = SearchEntry::for_client(&client, &fields);
        assert!(!finds("yes", &e));
        assert!(!finds("2026-01", &e));
        assert!(!finds("blondor", &e));
        assert_eq!(searched_custom_fields(&fields), Vec::<&str>::new());
    }
}
