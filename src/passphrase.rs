//! How strong a new passphrase is, in plain words. Deliberately small: length, variety,
//! predictable runs and a short list of the passwords people reach for first. It refuses
//! what is clearly weak and explains why; it does not pretend to be a cracking model.

use crate::i18n::{t, tf};

/// The passphrase in Unicode Normalization Form C, as it goes into the KDF. The same words
/// typed on a Mac (often decomposed: "e" + U+0301) and on Windows ("é") give the same bytes.
/// The browser uses its JavaScript engine's `normalize`; native code the
/// `unicode-normalization` crate. Both implement the same standard.
pub fn nfc(text: &str) -> String {
    #[cfg(target_arch = "wasm32")]
    {
        js_sys::JsString::from(text).normalize("NFC").into()
    }
    #[cfg(not(target_arch = "wasm32"))]
    {
        use unicode_normalization::UnicodeNormalization;
        text.nfc().collect()
    }
}

/// Fewer characters than this are refused outright.
pub const MIN_CHARS: usize = 12;
/// Estimated bits below this are refused.
pub const MIN_BITS: f64 = 50.0;

const COMMON: &[&str] = &[
    "password",
    "passw0rd",
    "qwerty",
    "123456",
    "12345678",
    "111111",
    "iloveyou",
    "admin",
    "welcome",
    "letmein",
    "monkey",
    "dragon",
    "football",
    "baseball",
    "sunshine",
    "princess",
    "abc123",
    "qwertyuiop",
    "1q2w3e4r",
    "zaq12wsx",
    "пароль",
    "йцукен",
    "qwerty123",
    "clientele",
];

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Weakness {
    TooShort,
    CommonPassword,
    Repetitive,
    TooPredictable,
}

impl Weakness {
    pub fn message(self) -> String {
        match self {
            Self::TooShort => {
                tf("Use at least {n} characters. Several unrelated words work well.", &[("n", MIN_CHARS.to_string())])
            }
            Self::CommonPassword => {
                t("This is built on one of the most common passwords. Choose something nobody would guess.").into()
            }
            Self::Repetitive => t("Too many repeated characters. Mix in different words.").into(),
            Self::TooPredictable => t("Too predictable. Add another unrelated word or some digits and symbols.").into(),
        }
    }
}

#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Strength {
    pub bits: f64,
    /// 0 (refused) to 4 (very strong), for the meter.
    pub score: u8,
    pub weakness: Option<Weakness>,
}

impl Strength {
    pub fn is_acceptable(&self) -> bool {
        self.weakness.is_none()
    }

    pub fn label(&self) -> &'static str {
        match self.score {
            0 => t("Too weak"),
            1 => t("Fair"),
            2 => t("Good"),
            3 => t("Strong"),
            _ => t("Very strong"),
        }
    }
}

/// The rule for every new passphrase (a new vault, a changed passphrase, a separate backup
/// passphrase): strong enough, and typed the same twice. The error is the message to show.
pub fn check_new(passphrase: &str, repeated: &str) -> Result<(), String> {
    if let Some(weakness) = assess(passphrase).weakness {
        return Err(weakness.message());
    }
    if passphrase != repeated {
        return Err(t("The two passphrases differ. Type the same passphrase twice.").into());
    }
    Ok(())
}

/// The rule for a passphrase change: the current passphrase typed, and a new one that passes
/// [`check_new`] and is not the current one. Whether the current one is right, the vault decides.
pub fn check_change(current: &str, new: &str, repeated: &str) -> Result<(), String> {
    if current.is_empty() {
        return Err(t("Enter your current passphrase.").into());
    }
    check_new(new, repeated)?;
    if new == current {
        return Err(t("The new passphrase is the same as the current one.").into());
    }
    Ok(())
}

pub fn assess(passphrase: &str) -> Strength {
    let chars: Vec<char> = passphrase.chars().collect();
    let bits = estimate_bits(&chars);
    let lower = passphrase.to_lowercase();
    let distinct = {
        let mut seen = chars.clone();
        seen.sort_unstable();
        seen.dedup();
        seen.len()
    };
    let weakness = if chars.len() < MIN_CHARS {
        Some(Weakness::TooShort)
    } else if COMMON.iter().any(|common| lower.contains(common) && lower.len() < common.len() + 8) {
        Some(Weakness::CommonPassword)
    } else if distinct < 5 {
        Some(Weakness::Repetitive)
    } else if bits < MIN_BITS {
        Some(Weakness::TooPredictable)
    } else {
        None
    };
    let score = match (weakness, bits) {
        (Some(_), _) => 0,
        (None, b) if b < 65.0 => 1,
        (None, b) if b < 85.0 => 2,
        (None, b) if b < 110.0 => 3,
        _ => 4,
    };
    Strength { bits, score, weakness }
}

/// Length times log2 of the alphabet in use, where characters that continue a run
/// (repeat, or the next or previous code point) count a quarter.
fn estimate_bits(chars: &[char]) -> f64 {
    let mut pool = 0u32;
    let has = |f: fn(&char) -> bool| chars.iter().any(f);
    if has(char::is_ascii_lowercase) {
        pool += 26;
    }
    if has(char::is_ascii_uppercase) {
        pool += 26;
    }
    if has(char::is_ascii_digit) {
        pool += 10;
    }
    if has(|c| c.is_ascii() && !c.is_ascii_alphanumeric()) {
        pool += 33;
    }
    if has(|c| !c.is_ascii()) {
        // Cyrillic letters, CJK ideographs and the like: a generous but bounded alphabet.
        pool += 64;
    }
    let mut effective = 0.0;
    for (i, c) in chars.iter().enumerate() {
        let continues_run = i > 0 && (*c as i64 - chars[i - 1] as i64).abs() <= 1;
        effective += if continues_run { 0.25 } else { 1.0 };
    }
    effective * f64::from(pool.max(1)).log2()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn short_common_repetitive_and_predictable_are_refused_with_a_reason() {
        assert_eq!(assess("Tr0ub4dor&3").weakness, Some(Weakness::TooShort));
        assert_eq!(assess("password12345").weakness, Some(Weakness::CommonPassword));
        assert_eq!(assess("aaaaaaaaaaaaaaaa").weakness, Some(Weakness::Repetitive));
        assert_eq!(assess("abcdefghijklmnop").weakness, Some(Weakness::TooPredictable));
        assert!(!assess("abcdefghijklmnop").weakness.unwrap().message().is_empty());
    }

    #[test]
    fn several_unrelated_words_are_accepted_in_any_script() {
        for good in [
            "correct horse battery staple",
            "синий трамвай поёт басом",
            "我的猫喜欢在窗台上晒太阳",
            "Lamp-Orbit-7-Quince",
        ] {
            let s = assess(good);
            assert!(s.is_acceptable(), "{good}: {s:?}");
            assert!(s.score >= 1);
        }
    }

    #[test]
    fn longer_is_stronger() {
        assert!(assess("correct horse battery staple").bits > assess("correct horse").bits);
    }

    #[test]
    fn a_change_needs_the_current_passphrase_and_a_different_new_one() {
        let (current, next) = ("violet tram sings bass 42", "amber kettle drifts north 77");
        assert_eq!(check_change(current, next, next), Ok(()));
        assert_eq!(check_change("", next, next), Err("Enter your current passphrase.".into()));
        assert_eq!(check_change(current, "short", "short"), check_new("short", "short"));
        assert_eq!(check_change(current, next, "other"), check_new(next, "other"));
        assert_eq!(
            check_change(current, current, current),
            Err("The new passphrase is the same as the current one.".into())
        );
    }

    #[test]
    fn a_new_passphrase_must_be_strong_and_typed_twice() {
        let good = "violet tram sings bass 42";
        assert_eq!(check_new(good, good), Ok(()));
        assert!(check_new("short", "short").is_err());
        assert_eq!(
            check_new(good, "violet tram sings bass 43"),
            Err("The two passphrases differ. Type the same passphrase twice.".into())
        );
    }
}
