//! What a client's contact details open when the user taps them: `mailto:` for an email,
//! `tel:` for a phone, and a messenger's chat link where the messenger has one (Telegram,
//! WhatsApp, Viber, Signal). Plain Rust, tested natively.
//!
//! These are only addresses written into the page. The app never follows them itself and
//! makes no request: a tap hands the detail to the user's mail app, dialler or messenger.
//! A detail with no link form (a WeChat id, a Signal username, a handle that is not a valid
//! username or number) gets `None`, and the profile offers Copy instead. Messenger links
//! need a number that parses in full: a guessed number could open a chat with a stranger.

use crate::cleanup::PhoneNumber;
use crate::model::{is_plausible_email, MessengerKind};

/// An address a contact detail opens.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ContactLink {
    pub href: String,
}

impl ContactLink {
    fn new(href: String) -> Self {
        Self { href }
    }

    /// True for an `https:` address: the messenger's app claims it on a phone, and elsewhere it
    /// is a web page, so it opens in a new tab and the book stays where it was. `tel:`,
    /// `mailto:` and `viber:` go straight to an app and open no tab.
    pub fn is_web(&self) -> bool {
        self.href.starts_with("https:")
    }
}

/// `mailto:` for an address that looks like one; the address is percent-encoded (RFC 6068),
/// so `?`, `#`, `%` or letters outside ASCII cannot change what the link means.
pub fn email_link(address: &str) -> Option<ContactLink> {
    let address = address.trim();
    is_plausible_email(address).then(|| ContactLink::new(format!("mailto:{}", percent_encode(address))))
}

/// `tel:` with the number in international form ("+79161234567") when it parses; otherwise
/// the digits as typed, with a leading `+` kept and anything from the first letter on (an
/// extension, a note) left out. The dialler shows the number before it calls.
pub fn call_link(number: &str, default_code: &str) -> Option<ContactLink> {
    if let Ok(parsed) = PhoneNumber::parse(number, default_code) {
        return Some(ContactLink::new(format!("tel:{}", parsed.e164())));
    }
    let before_words = number.trim().split(char::is_alphabetic).next().unwrap_or_default();
    let digits: String = before_words.chars().filter(char::is_ascii_digit).collect();
    // Fewer than three digits is no number, not even an emergency one.
    if digits.len() < 3 {
        return None;
    }
    let plus = if before_words.trim_start().starts_with('+') { "+" } else { "" };
    Some(ContactLink::new(format!("tel:{plus}{digits}")))
}

/// The chat link of a messenger handle, or `None` when this messenger or this handle has none.
///
/// - Telegram: `https://t.me/<username>`, or `https://t.me/+<digits>` for a phone number.
/// - WhatsApp: `https://wa.me/<digits>`: country code and number, no `+`.
/// - Viber: `viber://chat?number=%2B<digits>`: the `+` encoded, or Viber reads a space.
/// - Signal: `https://signal.me/#p/+<digits>`. A Signal username has no link form: the
///   username links the app makes are encrypted.
/// - WeChat and other messengers: none.
///
/// A handle may be written as a link already ("t.me/anna", "https://wa.me/7916…") or with an
/// "@"; these are read as the handle they name.
pub fn messenger_link(kind: MessengerKind, handle: &str, default_code: &str) -> Option<ContactLink> {
    let handle = handle.trim();
    let number = |prefixes: &[&str]| PhoneNumber::parse(strip_prefix(handle, prefixes), default_code).ok();
    let href = match kind {
        MessengerKind::Telegram => {
            let handle = strip_prefix(handle, &["https://t.me/", "http://t.me/", "t.me/", "https://telegram.me/"]);
            let handle = handle.strip_prefix('@').unwrap_or(handle);
            if handle.starts_with(|c: char| c == '+' || c.is_ascii_digit()) {
                format!("https://t.me/{}", PhoneNumber::parse(handle, default_code).ok()?.e164())
            } else if is_telegram_username(handle) {
                format!("https://t.me/{handle}")
            } else {
                return None;
            }
        }
        MessengerKind::WhatsApp => {
            format!("https://wa.me/{}", digits_only(&number(&["https://wa.me/", "http://wa.me/", "wa.me/"])?))
        }
        MessengerKind::Viber => format!("viber://chat?number=%2B{}", digits_only(&number(&[])?)),
        MessengerKind::Signal => format!("https://signal.me/#p/{}", number(&["https://signal.me/#p/"])?.e164()),
        MessengerKind::WeChat | MessengerKind::Other => return None,
    };
    Some(ContactLink::new(href))
}

/// Telegram usernames: Latin letters, digits and underscores, starting with a letter, 4 to 32
/// characters (5 for most, 4 for some bought ones).
fn is_telegram_username(handle: &str) -> bool {
    (4..=32).contains(&handle.len())
        && handle.starts_with(|c: char| c.is_ascii_alphabetic())
        && handle.chars().all(|c| c.is_ascii_alphanumeric() || c == '_')
}

/// `text` without the first of `prefixes` it starts with, compared without regard to case.
fn strip_prefix<'a>(text: &'a str, prefixes: &[&str]) -> &'a str {
    prefixes
        .iter()
        .find(|p| text.get(..p.len()).is_some_and(|start| start.eq_ignore_ascii_case(p)))
        .map_or(text, |p| &text[p.len()..])
}

fn digits_only(number: &PhoneNumber) -> String {
    number.e164().trim_start_matches('+').to_owned()
}

/// Every byte except letters, digits, `-._~` (RFC 3986's unreserved characters) and `@` as
/// `%XX` of its UTF-8.
fn percent_encode(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for byte in text.bytes() {
        if byte.is_ascii_alphanumeric() || b"-._~@".contains(&byte) {
            out.push(char::from(byte));
        } else {
            out.push_str(&format!("%{byte:02X}"));
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn href(link: Option<ContactLink>) -> Option<String> {
        link.map(|l| l.href)
    }

    #[test]
    fn an_email_becomes_a_mailto_link_with_anything_unusual_percent_encoded() {
        assert_eq!(href(email_link(" anna@example.com ")).as_deref(), Some("mailto:anna@example.com"));
        assert_eq!(href(email_link("anna+salon@example.com")).as_deref(), Some("mailto:anna%2Bsalon@example.com"));
        // "?" and "#" would start a query or a fragment: another recipient, another subject.
        assert_eq!(href(email_link("a?cc=b@example.com")).as_deref(), Some("mailto:a%3Fcc%3Db@example.com"));
        assert_eq!(href(email_link("a#b@example.com")).as_deref(), Some("mailto:a%23b@example.com"));
        assert_eq!(href(email_link("o'brien%@example.ie")).as_deref(), Some("mailto:o%27brien%25@example.ie"));
        assert_eq!(
            href(email_link("анна@пример.рф")).as_deref(),
            Some("mailto:%D0%B0%D0%BD%D0%BD%D0%B0@%D0%BF%D1%80%D0%B8%D0%BC%D0%B5%D1%80.%D1%80%D1%84")
        );
    }

    #[test]
    fn text_that_is_no_email_gets_no_link() {
        for text in ["", "ask at reception", "anna@", "anna@example", "anna @example.com", "a@b@example.com"] {
            assert_eq!(email_link(text), None, "{text}");
        }
    }

    #[test]
    fn a_phone_is_called_in_international_form() {
        assert_eq!(href(call_link("8 (916) 123-45-67", "7")).as_deref(), Some("tel:+79161234567"));
        assert_eq!(href(call_link("+380 67 123 4567", "7")).as_deref(), Some("tel:+380671234567"));
        assert_eq!(href(call_link("0044 20 7946 0018", "")).as_deref(), Some("tel:+442079460018"));
    }

    #[test]
    fn a_phone_that_does_not_parse_is_called_by_its_digits() {
        // No default country: the national number is dialled as typed.
        assert_eq!(href(call_link("8 (916) 123-45-67", "")).as_deref(), Some("tel:89161234567"));
        assert_eq!(href(call_link("+1 555 0100 ext. 12", "")).as_deref(), Some("tel:+15550100"));
        assert_eq!(href(call_link("112", "7")).as_deref(), Some("tel:112"));
        assert_eq!(href(call_link("12", "7")), None);
        assert_eq!(href(call_link("call her sister", "7")), None);
    }

    #[test]
    fn telegram_opens_a_username_or_a_number() {
        let tg = |handle: &str| href(messenger_link(MessengerKind::Telegram, handle, "7"));
        assert_eq!(tg("@anna_hair").as_deref(), Some("https://t.me/anna_hair"));
        assert_eq!(tg("anna_hair").as_deref(), Some("https://t.me/anna_hair"));
        assert_eq!(tg("https://t.me/anna_hair").as_deref(), Some("https://t.me/anna_hair"));
        assert_eq!(tg("T.me/Anna_Hair").as_deref(), Some("https://t.me/Anna_Hair"));
        assert_eq!(tg("+7 916 123-45-67").as_deref(), Some("https://t.me/+79161234567"));
        assert_eq!(tg("8 916 123 45 67").as_deref(), Some("https://t.me/+79161234567"));
    }

    #[test]
    fn a_telegram_handle_that_is_no_username_gets_no_link() {
        for handle in
            ["", "@", "ann", "анна_стрижки", "anna hair", "anna/../../x", "_anna", "9anna", "a".repeat(33).as_str()]
        {
            assert_eq!(messenger_link(MessengerKind::Telegram, handle, "7"), None, "{handle}");
        }
    }

    #[test]
    fn whatsapp_viber_and_signal_open_a_number() {
        let link = |kind, handle: &str| href(messenger_link(kind, handle, "380"));
        assert_eq!(link(MessengerKind::WhatsApp, "067 123 45 67").as_deref(), Some("https://wa.me/380671234567"));
        assert_eq!(link(MessengerKind::WhatsApp, "wa.me/380671234567").as_deref(), Some("https://wa.me/380671234567"));
        assert_eq!(
            link(MessengerKind::Viber, "+380 67 123 45 67").as_deref(),
            Some("viber://chat?number=%2B380671234567")
        );
        assert_eq!(
            link(MessengerKind::Signal, "+1 202 555 0143").as_deref(),
            Some("https://signal.me/#p/+12025550143")
        );
    }

    #[test]
    fn a_messenger_without_a_link_form_or_a_number_that_does_not_parse_gets_none() {
        let link = |kind, handle: &str| messenger_link(kind, handle, "");
        assert_eq!(link(MessengerKind::WeChat, "wxid_anna"), None);
        assert_eq!(link(MessengerKind::Other, "+7 916 123 45 67"), None);
        // A username, and a national number with no country to read it in.
        assert_eq!(link(MessengerKind::Signal, "anna.01"), None);
        assert_eq!(link(MessengerKind::WhatsApp, "067 123 45 67"), None);
        assert_eq!(link(MessengerKind::Viber, "anna"), None);
    }

    #[test]
    fn web_links_open_a_tab_and_app_schemes_do_not() {
        let is_web = |link: Option<ContactLink>| link.map(|l| l.is_web());
        assert_eq!(is_web(messenger_link(MessengerKind::Telegram, "anna_hair", "")), Some(true));
        assert_eq!(is_web(messenger_link(MessengerKind::Viber, "+380671234567", "")), Some(false));
        assert_eq!(is_web(email_link("anna@example.com")), Some(false));
        assert_eq!(is_web(call_link("+380671234567", "")), Some(false));
    }
}
