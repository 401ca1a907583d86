//! Amounts as integer minor units of a currency (stored beside the amount). Never floats.

/// Digits after the decimal point for a currency (ISO 4217). Most use two.
pub fn minor_digits(currency: &str) -> u32 {
    match currency {
        "JPY" | "KRW" | "VND" | "CLP" | "ISK" | "HUF" => 0,
        "BHD" | "KWD" | "OMR" | "JOD" | "TND" => 3,
        _ => 2,
    }
}

/// Parses what a person types ("12", "12.5", "12,50", "1 200.00") into minor units.
pub fn parse_minor(text: &str, currency: &str) -> Result<i64, String> {
    let digits = minor_digits(currency);
    let cleaned: String = text.trim().chars().filter(|c| !c.is_whitespace() && *c != '\u{a0}').collect();
    if cleaned.is_empty() {
        return Ok(0);
    }
    let cleaned = cleaned.replace(',', ".");
    let (whole, fraction) = cleaned.split_once('.').unwrap_or((&cleaned, ""));
    let bad = || format!("Enter an amount like 25 or 25.50 ({currency}).");
    if whole.is_empty() && fraction.is_empty()
        || !whole.chars().all(|c| c.is_ascii_digit())
        || !fraction.chars().all(|c| c.is_ascii_digit())
        || fraction.len() > digits as usize
        || whole.len() > 12
    {
        return Err(bad());
    }
    let whole: i64 = if whole.is_empty() { 0 } else { whole.parse().map_err(|_| bad())? };
    let mut fraction_value: i64 = if fraction.is_empty() { 0 } else { fraction.parse().map_err(|_| bad())? };
    for _ in fraction.len()..digits as usize {
        fraction_value *= 10;
    }
    Ok(whole * 10i64.pow(digits) + fraction_value)
}

/// Formats minor units as a plain decimal ("1250" EUR -> "12.50"), for forms and exports.
pub fn format_minor(minor: i64, currency: &str) -> String {
    let digits = minor_digits(currency);
    if digits == 0 {
        return minor.to_string();
    }
    let scale = 10i64.pow(digits);
    let sign = if minor < 0 { "-" } else { "" };
    let abs = minor.unsigned_abs();
    format!("{sign}{}.{:0width$}", abs / scale as u64, abs % scale as u64, width = digits as usize)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn amounts_parse_to_minor_units() {
        assert_eq!(parse_minor("12", "EUR"), Ok(1200));
        assert_eq!(parse_minor("12.5", "EUR"), Ok(1250));
        assert_eq!(parse_minor("12,05", "RUB"), Ok(1205));
        assert_eq!(parse_minor("1 200.00", "UAH"), Ok(120000));
        assert_eq!(parse_minor("1500", "JPY"), Ok(1500));
        assert_eq!(parse_minor("", "EUR"), Ok(0));
        assert!(parse_minor("12.345", "EUR").is_err());
        assert!(parse_minor("twelve", "EUR").is_err());
        assert!(parse_minor("-5", "EUR").is_err());
        assert!(parse_minor("1.5", "JPY").is_err());
    }

    #[test]
    fn minor_units_format_back() {
        assert_eq!(format_minor(1250, "EUR"), "12.50");
        assert_eq!(format_minor(5, "EUR"), "0.05");
        assert_eq!(format_minor(-1205, "USD"), "-12.05");
        assert_eq!(format_minor(1500, "JPY"), "1500");
        for text in ["0.01", "99.99", "123456.78"] {
            assert_eq!(format_minor(parse_minor(text, "EUR").unwrap(), "EUR"), text);
        }
    }
}
