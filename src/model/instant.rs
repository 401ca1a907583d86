//! Reading instants fast. Every visit, interaction and client carries RFC 3339 instants, and
//! unlock and the history load read a few hundred thousand of them; chrono's general RFC 3339
//! parser was a tenth of that time. What Clientele writes has one shape,
//! `YYYY-MM-DDTHH:MM:SS[.fraction]Z`, which is read directly here; anything else (an offset,
//! lower-case letters) falls back to chrono. Writing is chrono's own, unchanged.

use chrono::{DateTime, NaiveDate, NaiveTime, Utc};
use serde::{Deserialize, Deserializer, Serialize, Serializer};

/// Parses the canonical UTC form quickly, or returns `None` for chrono to try.
fn parse_canonical(text: &str) -> Option<DateTime<Utc>> {
    let b = text.as_bytes();
    if b.len() < 20 || b[4] != b'-' || b[7] != b'-' || b[10] != b'T' || b[13] != b':' || b[16] != b':' {
        return None;
    }
    let (rest, last) = b.split_at(b.len() - 1);
    if last != b"Z" {
        return None;
    }
    let digits = |range: std::ops::Range<usize>| -> Option<u32> {
        b[range].iter().try_fold(0u32, |n, d| d.is_ascii_digit().then(|| n * 10 + u32::from(d - b'0')))
    };
    let nanos = match &rest[19..] {
        [] => 0,
        [b'.', fraction @ ..] if !fraction.is_empty() && fraction.len() <= 9 => {
            let value =
                fraction.iter().try_fold(0u32, |n, d| d.is_ascii_digit().then(|| n * 10 + u32::from(d - b'0')))?;
            value * 10u32.pow(9 - fraction.len() as u32)
        }
        _ => return None,
    };
    let date = NaiveDate::from_ymd_opt(digits(0..4)? as i32, digits(5..7)?, digits(8..10)?)?;
    let time = NaiveTime::from_hms_nano_opt(digits(11..13)?, digits(14..16)?, digits(17..19)?, nanos)?;
    Some(date.and_time(time).and_utc())
}

pub fn serialize<S: Serializer>(instant: &DateTime<Utc>, serializer: S) -> Result<S::Ok, S::Error> {
    instant.serialize(serializer)
}

pub fn deserialize<'de, D: Deserializer<'de>>(deserializer: D) -> Result<DateTime<Utc>, D::Error> {
    let text = <std::borrow::Cow<'de, str>>::deserialize(deserializer)?;
    match parse_canonical(&text) {
        Some(instant) => Ok(instant),
        None => text.parse::<DateTime<Utc>>().map_err(serde::de::Error::custom),
    }
}

/// The same for `Option<DateTime<Utc>>` (`null` is `None`).
pub mod option {
    use super::*;

    pub fn serialize<S: Serializer>(instant: &Option<DateTime<Utc>>, serializer: S) -> Result<S::Ok, S::Error> {
        instant.serialize(serializer)
    }

    pub fn deserialize<'de, D: Deserializer<'de>>(deserializer: D) -> Result<Option<DateTime<Utc>>, D::Error> {
        #[derive(Deserialize)]
        struct Wrapped(#[serde(with = "super")] DateTime<Utc>);
        Ok(Option::<Wrapped>::deserialize(deserializer)?.map(|Wrapped(instant)| instant))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_canonical_form_reads_like_chrono_reads_it() {
        for text in [
            "2026-11-22T10:00:00Z",
            "2026-02-28T23:59:59.5Z",
            "2024-02-29T00:00:00.123Z",
            "1999-12-31T23:59:59.123456789Z",
        ] {
            assert_eq!(parse_canonical(text), Some(text.parse::<DateTime<Utc>>().unwrap()), "{text}");
        }
        for other in
            ["2026-11-22T10:00:00+02:00", "2026-11-22 10:00:00Z", "2026-02-30T10:00:00Z", "2026-11-22T10:00:00.Z", "x"]
        {
            assert_eq!(parse_canonical(other), None, "{other}");
        }
    }

    #[test]
    fn other_forms_still_read_through_chrono() {
        #[derive(Deserialize)]
        struct T(#[serde(with = "super")] DateTime<Utc>);
        let T(instant) = serde_json::from_str("\"2026-11-22T12:00:00+02:00\"").unwrap();
        assert_eq!(instant, "2026-11-22T10:00:00Z".parse::<DateTime<Utc>>().unwrap());
        assert!(serde_json::from_str::<T>("\"not a time\"").is_err());
    }
}
