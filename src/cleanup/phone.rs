//! Phone numbers: stored as typed, compared as digits with their country code (the E.164 form,
//! "+79161234567"), and shown grouped the way the country writes them.
//!
//! The `phonenumber` crate (libphonenumber's metadata for every country) adds about 470 KB
//! gzipped to the wasm, more than the app's whole budget. So this is a small table of the
//! countries our users live in or call: calling code, trunk prefixes ("8" in Russia, "0" in
//! most of Europe), international prefixes ("00", "810", "011"), the lengths a national number
//! may have, and display patterns. Prefixes and lengths follow libphonenumber's metadata for
//! these regions. A number of any other country still parses when it is written with `+` or
//! `00`: it is kept as its digits, checked only against E.164's 7 to 15 digits.
//!
//! An error says what is wrong, never which number: errors may end up in a log.

/// One calling code and how its numbers are written.
#[derive(Debug, PartialEq, Eq)]
pub struct Country {
    /// The calling code, digits only: "7", "380".
    pub code: &'static str,
    /// The regions (ISO 3166) that share the code, for the settings picker.
    pub regions: &'static [&'static str],
    /// Prefixes dialled before a national number inside the country, longest first.
    trunk: &'static [&'static str],
    /// International prefixes besides "00", longest first. Where "00" is not one (Taiwan,
    /// Singapore, Korea), numbers written with it are still read as international: nobody
    /// stores a national number that starts with "00".
    idd: &'static [&'static str],
    /// Every length the national significant number may have.
    lengths: &'static [u8],
    /// Display patterns as (leading digits, pattern with one `#` per digit); the first whose
    /// leading digits match and whose `#` count equals the number's length is used.
    patterns: &'static [(&'static str, &'static str)],
}

/// The countries the table knows, by calling code.
pub const COUNTRIES: &[Country] = &[
    Country {
        code: "7",
        regions: &["RU", "KZ"],
        trunk: &["8"],
        idd: &["810"],
        lengths: &[10],
        patterns: &[("", "### ###-##-##")],
    },
    Country {
        code: "380",
        regions: &["UA"],
        trunk: &["0"],
        idd: &[],
        lengths: &[9, 10],
        patterns: &[("", "## ### ## ##")],
    },
    Country {
        code: "86",
        regions: &["CN"],
        trunk: &["0"],
        idd: &[],
        lengths: &[7, 8, 9, 10, 11, 12],
        patterns: &[
            ("1", "### #### ####"),
            ("10", "## #### ####"),
            ("2", "## #### ####"),
            ("", "### #### ####"),
            ("", "### ### ####"),
        ],
    },
    Country {
        code: "1",
        regions: &["US", "CA"],
        trunk: &["1"],
        idd: &["011"],
        lengths: &[10],
        patterns: &[("", "###-###-####")],
    },
    Country {
        code: "44",
        regions: &["GB"],
        trunk: &["0"],
        idd: &[],
        lengths: &[7, 9, 10],
        patterns: &[("7", "#### ######"), ("2", "## #### ####"), ("", "### ### ####")],
    },
    Country {
        code: "49",
        regions: &["DE"],
        trunk: &["0"],
        idd: &[],
        lengths: &[4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15],
        patterns: &[("15", "#### #######"), ("1", "### ########"), ("1", "### #######"), ("30", "## ########")],
    },
    Country {
        code: "375",
        regions: &["BY"],
        // "8 029 123-45-67": the trunk prefix is 8 and the area code keeps its 0.
        trunk: &["80", "8", "0"],
        idd: &["810"],
        lengths: &[6, 7, 8, 9, 10, 11],
        patterns: &[("", "## ###-##-##")],
    },
    Country {
        code: "48",
        regions: &["PL"],
        trunk: &[],
        idd: &[],
        lengths: &[6, 7, 8, 9, 10],
        patterns: &[("", "### ### ###")],
    },
    Country {
        code: "33",
        regions: &["FR"],
        trunk: &["0"],
        idd: &[],
        lengths: &[9],
        patterns: &[("", "# ## ## ## ##")],
    },
    Country {
        code: "39",
        regions: &["IT"],
        // Italian landline numbers keep their 0 after +39: there is no trunk prefix.
        trunk: &[],
        idd: &[],
        lengths: &[6, 7, 8, 9, 10, 11, 12],
        patterns: &[("3", "### ### ####"), ("0", "## #### ####")],
    },
    Country { code: "34", regions: &["ES"], trunk: &[], idd: &[], lengths: &[9], patterns: &[("", "### ## ## ##")] },
    Country {
        code: "90",
        regions: &["TR"],
        trunk: &["0"],
        idd: &[],
        lengths: &[7, 10, 12, 13],
        patterns: &[("", "### ### ## ##")],
    },
    Country {
        code: "972",
        regions: &["IL"],
        trunk: &["0"],
        idd: &[],
        lengths: &[7, 8, 9, 10, 11, 12],
        patterns: &[("5", "##-###-####"), ("", "#-###-####")],
    },
    Country {
        code: "995",
        regions: &["GE"],
        trunk: &["0"],
        idd: &[],
        lengths: &[9],
        patterns: &[("5", "### ## ## ##"), ("", "## ### ## ##")],
    },
    Country { code: "374", regions: &["AM"], trunk: &["0"], idd: &[], lengths: &[8], patterns: &[("", "## ######")] },
    Country {
        code: "994",
        regions: &["AZ"],
        trunk: &["0"],
        idd: &[],
        lengths: &[9],
        patterns: &[("", "## ### ## ##")],
    },
    Country {
        code: "998",
        regions: &["UZ"],
        // No trunk prefix today; "8" is what older address books hold.
        trunk: &["8"],
        idd: &[],
        lengths: &[9],
        patterns: &[("", "## ### ## ##")],
    },
    Country {
        code: "996",
        regions: &["KG"],
        trunk: &["0"],
        idd: &[],
        lengths: &[9, 10],
        patterns: &[("", "### ### ###")],
    },
    Country {
        code: "992",
        regions: &["TJ"],
        trunk: &["8"],
        idd: &["810"],
        lengths: &[9],
        patterns: &[("", "## ### ####")],
    },
    Country { code: "373", regions: &["MD"], trunk: &["0"], idd: &[], lengths: &[8], patterns: &[("", "### ## ###")] },
    Country {
        code: "370",
        regions: &["LT"],
        trunk: &["8", "0"],
        idd: &[],
        lengths: &[8],
        patterns: &[("", "### #####")],
    },
    Country { code: "371", regions: &["LV"], trunk: &[], idd: &[], lengths: &[8], patterns: &[("", "## ### ###")] },
    Country {
        code: "372",
        regions: &["EE"],
        trunk: &[],
        idd: &[],
        lengths: &[7, 8, 10],
        patterns: &[("", "#### ####"), ("", "### ####")],
    },
    Country {
        code: "852",
        regions: &["HK"],
        trunk: &[],
        idd: &[],
        lengths: &[5, 6, 7, 8, 9, 11],
        patterns: &[("", "#### ####")],
    },
    Country { code: "853", regions: &["MO"], trunk: &[], idd: &[], lengths: &[7, 8], patterns: &[("", "#### ####")] },
    Country {
        code: "886",
        regions: &["TW"],
        trunk: &["0"],
        idd: &["002", "005", "006", "007", "009", "019"],
        lengths: &[7, 8, 9, 10, 11],
        patterns: &[("9", "### ### ###"), ("2", "# #### ####")],
    },
    Country {
        code: "65",
        regions: &["SG"],
        trunk: &[],
        idd: &["000", "001", "002", "003", "008", "013", "018", "019"],
        lengths: &[8, 10, 11],
        patterns: &[("", "#### ####")],
    },
    Country {
        code: "61",
        regions: &["AU"],
        trunk: &["0"],
        idd: &["0011"],
        lengths: &[5, 6, 7, 8, 9, 10, 12],
        patterns: &[("4", "### ### ###"), ("", "# #### ####")],
    },
    Country {
        code: "81",
        regions: &["JP"],
        trunk: &["0"],
        idd: &["010"],
        lengths: &[8, 9, 10, 11, 12, 13, 14, 15, 16, 17],
        patterns: &[("", "##-####-####"), ("", "#-####-####")],
    },
    Country {
        code: "82",
        regions: &["KR"],
        trunk: &["0"],
        idd: &["001", "002", "005", "006", "008", "009"],
        lengths: &[5, 6, 8, 9, 10, 11, 12, 13, 14],
        patterns: &[
            ("1", "##-####-####"),
            ("2", "#-####-####"),
            ("2", "#-###-####"),
            ("", "##-###-####"),
            ("", "##-####-####"),
        ],
    },
];

/// E.164: a whole international number has at most 15 digits, and real ones at least 7.
const E164_MIN: usize = 7;
const E164_MAX: usize = 15;

/// Why a typed number could not be read. Says nothing about the number itself.
#[derive(Clone, Copy, Debug, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum PhoneError {
    /// No digits at all.
    #[error("The phone number has no digits.")]
    Empty,
    /// A letter or a sign that phone numbers do not use (an extension, a name, a typo).
    #[error("The phone number holds a character other than digits, spaces and + - ( ) . /")]
    UnexpectedCharacter,
    /// A `+` that is not the first thing in the number.
    #[error("A + may only start a phone number.")]
    MisplacedPlus,
    /// No country code, and no default country to assume.
    #[error("The phone number has no country code, and no default country is set.")]
    NoCountry,
    /// Fewer digits than any number of its country has.
    #[error("The phone number has too few digits for its country.")]
    TooShort,
    /// More digits than any number of its country has.
    #[error("The phone number has too many digits for its country.")]
    TooLong,
}

/// A phone number read from what was typed.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct PhoneNumber {
    /// Every digit with the country code, without the `+`.
    digits: String,
    /// `None` for a calling code the table does not know; its digits are still exact.
    country: Option<&'static Country>,
}

impl PhoneNumber {
    /// Reads a number as a person types it. `default_code` is the calling code (digits) assumed
    /// when the number has none; an empty or unknown one makes such numbers `NoCountry`.
    pub fn parse(typed: &str, default_code: &str) -> Result<Self, PhoneError> {
        let (plus, digits) = digits_of(typed)?;
        if plus {
            return international(&digits);
        }
        let country = country_by_code(default_code);
        let idds = country.map_or(&[][..], |c| c.idd);
        if let Some(idd) = idds.iter().copied().chain(["00"]).find(|idd| digits.starts_with(idd)) {
            return international(&digits[idd.len()..]);
        }
        let country = country.ok_or(PhoneError::NoCountry)?;
        match national(country, &digits) {
            Ok(number) => Ok(number),
            // The country code typed without its `+`: "7 916 123 45 67", "380 67 123 4567".
            Err(error) => country_of(&digits)
                .filter(|c| c.lengths.contains(&len_u8(digits.len() - c.code.len())))
                .map(|c| Self { digits: digits.clone(), country: Some(c) })
                .ok_or(error),
        }
    }

    /// The form numbers are compared in: "+" and every digit, "+79161234567".
    pub fn e164(&self) -> String {
        format!("+{}", self.digits)
    }

    /// The country, when the table knows its calling code.
    pub fn country(&self) -> Option<&'static Country> {
        self.country
    }

    /// The number without its country code, when the country is known.
    pub fn national(&self) -> Option<&str> {
        self.country.map(|c| &self.digits[c.code.len()..])
    }

    /// The number as it is shown: "+7 916 123-45-67", "+380 67 123 45 67", "+86 131 2345 6789".
    /// A country the table does not know is shown as "+" and its digits.
    pub fn format_for_display(&self) -> String {
        let Some(country) = self.country else {
            return self.e164();
        };
        let national = &self.digits[country.code.len()..];
        let pattern = country
            .patterns
            .iter()
            .find(|(lead, pattern)| national.starts_with(lead) && pattern.matches('#').count() == national.len())
            .map(|(_, pattern)| (*pattern).to_owned())
            .unwrap_or_else(|| generic_pattern(national.len()));
        let mut digits = national.chars();
        let grouped: String = pattern.chars().map(|p| if p == '#' { digits.next().unwrap_or(p) } else { p }).collect();
        format!("+{} {grouped}", country.code)
    }
}

/// The key two phone numbers are compared by: the E.164 form when the number parses,
/// otherwise its bare digits marked as such (so the same odd number typed twice still
/// matches), and `None` for fewer than 7 digits, which say too little to match on.
pub fn phone_key(typed: &str, default_code: &str) -> Option<String> {
    match PhoneNumber::parse(typed, default_code) {
        Ok(number) => Some(number.e164()),
        Err(_) => {
            let digits: String = typed.chars().filter(char::is_ascii_digit).collect();
            (digits.len() >= E164_MIN && digits.len() <= 20).then(|| format!("#{digits}"))
        }
    }
}

/// How to show a stored number: formatted when it parses, as typed otherwise.
pub fn display(typed: &str, default_code: &str) -> String {
    PhoneNumber::parse(typed, default_code).map_or_else(|_| typed.trim().to_owned(), |n| n.format_for_display())
}

/// The country in the table with this calling code.
pub fn country_by_code(code: &str) -> Option<&'static Country> {
    COUNTRIES.iter().find(|c| c.code == code)
}

/// A default country for a new book, from the interface language: Russian and Ukrainian
/// speakers mostly have Russian (or Kazakh) and Ukrainian numbers, Chinese speakers Chinese
/// ones. English says nothing about where one lives, so it suggests none.
pub fn suggested_country_code(language: &str) -> &'static str {
    match language {
        "ru" => "7",
        "uk" => "380",
        "zh" => "86",
        _ => "",
    }
}

/// Whether a `+` came first, and every digit. Full-width digits (typed with a Chinese input
/// method) count as digits.
fn digits_of(typed: &str) -> Result<(bool, String), PhoneError> {
    let mut plus = false;
    let mut digits = String::new();
    for c in typed.trim().chars() {
        match c {
            '0'..='9' => digits.push(c),
            '\u{ff10}'..='\u{ff19}' => digits.push(char::from(b'0' + (u32::from(c) - 0xff10) as u8)),
            '+' | '\u{ff0b}' if !plus && digits.is_empty() => plus = true,
            '+' | '\u{ff0b}' => return Err(PhoneError::MisplacedPlus),
            c if c.is_whitespace() || "-‐‑‒–—().,/\u{ff08}\u{ff09}".contains(c) => {}
            _ => return Err(PhoneError::UnexpectedCharacter),
        }
        // Nothing real is this long; stop before doing work on a pasted novel.
        if digits.len() > 2 * E164_MAX {
            return Err(PhoneError::TooLong);
        }
    }
    if digits.is_empty() {
        return Err(PhoneError::Empty);
    }
    Ok((plus, digits))
}

/// The digits after an international prefix: country code, then the national number (which
/// may still carry its trunk prefix, as in "+44 (0)20 7946 0018").
fn international(digits: &str) -> Result<PhoneNumber, PhoneError> {
    match country_of(digits) {
        Some(country) => {
            let number = national(country, &digits[country.code.len()..])?;
            Ok(number)
        }
        None if digits.len() < E164_MIN => Err(PhoneError::TooShort),
        None if digits.len() > E164_MAX => Err(PhoneError::TooLong),
        None => Ok(PhoneNumber { digits: digits.to_owned(), country: None }),
    }
}

/// A national number of `country`, with or without its trunk prefix. A trunk prefix is only
/// taken off when what is left has a valid length, so "8 800 555-35-35" and "800 555 35 35"
/// are both Russia's 800 555 35 35.
fn national(country: &'static Country, digits: &str) -> Result<PhoneNumber, PhoneError> {
    let fits = |d: &str| country.lengths.contains(&len_u8(d.len()));
    let significant = country
        .trunk
        .iter()
        .filter_map(|trunk| digits.strip_prefix(trunk))
        .find(|rest| fits(rest))
        .or_else(|| fits(digits).then_some(digits));
    match significant {
        Some(rest) => Ok(PhoneNumber { digits: format!("{}{rest}", country.code), country: Some(country) }),
        None if country.lengths.iter().any(|&l| usize::from(l) > digits.len()) => Err(PhoneError::TooShort),
        None => Err(PhoneError::TooLong),
    }
}

/// The table's country whose calling code starts `digits`. Calling codes are prefix-free, so
/// at most one matches.
fn country_of(digits: &str) -> Option<&'static Country> {
    COUNTRIES.iter().find(|c| digits.starts_with(c.code))
}

fn len_u8(len: usize) -> u8 {
    u8::try_from(len).unwrap_or(u8::MAX)
}

/// Groups of three, the last of two to four: for lengths no pattern covers.
fn generic_pattern(len: usize) -> String {
    let mut groups = Vec::new();
    let mut left = len;
    while left > 4 {
        groups.push("###");
        left -= 3;
    }
    let last = "#".repeat(left);
    groups.push(&last);
    groups.join(" ")
}

#[cfg(test)]
mod tests {
    use super::*;

    fn e164(typed: &str, default: &str) -> Result<String, PhoneError> {
        PhoneNumber::parse(typed, default).map(|n| n.e164())
    }

    fn shown(typed: &str, default: &str) -> String {
        PhoneNumber::parse(typed, default).unwrap().format_for_display()
    }

    #[test]
    fn a_russian_number_is_the_same_however_it_is_typed() {
        for typed in [
            "8 (916) 123-45-67",
            "+7 916 1234567",
            "+7 (916) 123-45-67",
            "89161234567",
            "9161234567",
            "7 916 123 45 67",
            "8 10 7 916 123 45 67",
            "00 7 916 123 45 67",
            "+7 8 916 123 45 67",
        ] {
            assert_eq!(e164(typed, "7").as_deref(), Ok("+79161234567"), "{typed}");
        }
        assert_eq!(shown("8 (916) 123-45-67", "7"), "+7 916 123-45-67");
    }

    #[test]
    fn the_default_country_applies_only_to_numbers_without_a_code() {
        assert_eq!(e164("050 123 45 67", "380").as_deref(), Ok("+380501234567"));
        assert_eq!(e164("+380 50 123 45 67", "7").as_deref(), Ok("+380501234567"));
        assert_eq!(e164("380501234567", "7").as_deref(), Ok("+380501234567"), "code without its +");
        assert_eq!(e164("131 2345 6789", "86").as_deref(), Ok("+8613123456789"));
        assert_eq!(e164("(201) 555-0123", "1").as_deref(), Ok("+12015550123"));
        assert_eq!(e164("011 44 20 7946 0018", "1").as_deref(), Ok("+442079460018"));
        assert_eq!(e164("0011 7 916 123 45 67", "61").as_deref(), Ok("+79161234567"));
        assert_eq!(e164("8 029 491-19-11", "375").as_deref(), Ok("+375294911911"));
        assert_eq!(e164("029 491-19-11", "375").as_deref(), Ok("+375294911911"));
        assert_eq!(e164("06 1234 5678", "39").as_deref(), Ok("+390612345678"), "Italy keeps its 0");
        assert_eq!(e164("+44 (0)20 7946 0018", "").as_deref(), Ok("+442079460018"));
        assert_eq!(e164("8 800 555-35-35", "7").as_deref(), Ok("+78005553535"));
        assert_eq!(e164("800 555 35 35", "7").as_deref(), Ok("+78005553535"));
    }

    #[test]
    fn every_country_in_the_table_reads_its_own_national_and_international_forms() {
        for country in COUNTRIES {
            let len = usize::from(*country.lengths.iter().max().unwrap()).min(E164_MAX - country.code.len());
            let national = format!("5{}", "1".repeat(len - 1));
            let expected = format!("+{}{national}", country.code);
            assert_eq!(e164(&format!("+{} {national}", country.code), "").as_ref(), Ok(&expected), "{}", country.code);
            let trunk = country.trunk.first().copied().unwrap_or("");
            assert_eq!(e164(&format!("{trunk}{national}"), country.code).as_ref(), Ok(&expected), "{}", country.code);
            let display = PhoneNumber::parse(&expected, "").unwrap().format_for_display();
            assert_eq!(display.chars().filter(char::is_ascii_digit).collect::<String>(), expected[1..]);
        }
        // Calling codes are prefix-free, so no two entries may start one another.
        for a in COUNTRIES {
            for b in COUNTRIES.iter().filter(|b| b.code != a.code) {
                assert!(!b.code.starts_with(a.code), "{} and {}", a.code, b.code);
            }
        }
    }

    #[test]
    fn numbers_are_grouped_per_country() {
        assert_eq!(shown("+380501234567", ""), "+380 50 123 45 67");
        assert_eq!(shown("+8613123456789", ""), "+86 131 2345 6789");
        assert_eq!(shown("+861012345678", ""), "+86 10 1234 5678");
        assert_eq!(shown("+12015550123", ""), "+1 201-555-0123");
        assert_eq!(shown("+447400123456", ""), "+44 7400 123456");
        assert_eq!(shown("+442079460018", ""), "+44 20 7946 0018");
        assert_eq!(shown("+33612345678", ""), "+33 6 12 34 56 78");
        assert_eq!(shown("+85251234567", ""), "+852 5123 4567");
        assert_eq!(shown("+819012345678", ""), "+81 90-1234-5678");
        assert_eq!(shown("+41446681800", ""), "+41446681800", "unknown country: digits as they are");
        assert_eq!(display("call me", "7"), "call me");
    }

    #[test]
    fn other_countries_parse_with_a_plus_and_are_checked_against_e164_only() {
        assert_eq!(e164("+41 44 668 18 00", "7").as_deref(), Ok("+41446681800"));
        assert_eq!(e164("0041 44 668 18 00", "7").as_deref(), Ok("+41446681800"));
        assert_eq!(e164("+41 44", "7"), Err(PhoneError::TooShort));
        assert_eq!(e164("+41 4466 8180 0123 456", "7"), Err(PhoneError::TooLong));
    }

    #[test]
    fn failures_say_why() {
        assert_eq!(e164("", "7"), Err(PhoneError::Empty));
        assert_eq!(e164(" - ( ) ", "7"), Err(PhoneError::Empty));
        assert_eq!(e164("+7 916 123 45 67 ext 2", "7"), Err(PhoneError::UnexpectedCharacter));
        assert_eq!(e164("7+916", "7"), Err(PhoneError::MisplacedPlus));
        assert_eq!(e164("916 123 45 67", ""), Err(PhoneError::NoCountry));
        assert_eq!(e164("916 123 45 67", "999"), Err(PhoneError::NoCountry));
        assert_eq!(e164("123 45", "7"), Err(PhoneError::TooShort));
        assert_eq!(e164("+7 916 123 45 67 8", "7"), Err(PhoneError::TooLong));
        assert_eq!(e164(&"9".repeat(10_000), "7"), Err(PhoneError::TooLong));
        assert!(!PhoneError::TooShort.to_string().is_empty());
    }

    #[test]
    fn full_width_digits_from_a_chinese_keyboard_count() {
        assert_eq!(e164("＋８６ １３１ ２３４５ ６７８９", "").as_deref(), Ok("+8613123456789"));
    }

    #[test]
    fn keys_fall_back_to_digits_and_ignore_scraps() {
        assert_eq!(phone_key("8 (916) 123-45-67", "7").as_deref(), Some("+79161234567"));
        assert_eq!(phone_key("916 123 45 67", "").as_deref(), Some("#9161234567"));
        assert_eq!(phone_key("12-34", "7"), None);
    }

    #[test]
    fn nothing_typed_makes_it_panic() {
        for typed in ["+", "++7", "00", "810", "0011", "8", "+0", "٣٣٣", "+7 ٩١٦", "\u{0}", "+9999999999999999", "8 0"]
        {
            for default in ["", "7", "61", "375", "1", "x"] {
                let _ = PhoneNumber::parse(typed, default).map(|n| n.format_for_display());
                let _ = phone_key(typed, default);
            }
        }
    }
}
