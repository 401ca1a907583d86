//! vCard files (`.vcf`) to contacts: versions 2.1 (the Internet Mail Consortium's vCard 2.1
//! specification), 3.0 (RFC 2426, with RFC 2425's line rules) and 4.0 (RFC 6350), any number
//! of contacts in one file.
//!
//! Lines:
//! - a line starting with a space or a tab continues the one before. In 3.0 and 4.0 the break
//!   and that one character go (RFC 6350 §3.2); in 2.1 only the break goes and the white space
//!   stays (vCard 2.1 §2.1.3);
//! - in a `QUOTED-PRINTABLE` value (2.1), a line ending in `=` continues on the next line (a
//!   soft line break). The encoded bytes of the whole value are decoded first and only then
//!   read in its `CHARSET`, so a soft break that falls inside a multi-byte character is whole
//!   again. A value without `CHARSET` is read as UTF-8 when it is valid UTF-8, else in the
//!   file's own encoding;
//! - in values, `\,` `\;` `\\` and `\n` or `\N` (a line break) are unescaped; `;` separates the
//!   parts of N, ADR and ORG, and `,` the items of CATEGORIES and NICKNAME.
//!
//! Properties read (everything else is ignored, PHOTO is counted as skipped):
//!
//! | property | becomes |
//! |---|---|
//! | FN | the name |
//! | N (family;given;middle;prefix;suffix) | the name if FN is empty; the legal name if its words differ from FN's |
//! | NICKNAME | the alias |
//! | TEL + TYPE, or Apple's `itemN.TEL` + `itemN.X-ABLabel` | phones with labels |
//! | EMAIL | emails |
//! | ADR | the address (the one marked preferred, else the first); others into the notes |
//! | BDAY (`19850412`, `1985-04-12`, `--0412`, `--04-12`; Apple's `X-APPLE-OMIT-YEAR`) | the birthday |
//! | NOTE | the notes |
//! | ORG, TITLE | organisation and job title (into the notes) |
//! | CATEGORIES | tags |
//! | UID | the contact key |
//!
//! A card without its END (the file ends, or the next BEGIN comes first) is skipped with a
//! [`ProblemReason::Truncated`]; every other card is read. A card nested in a card after
//! 2.1's `AGENT:` is skipped.

use std::collections::HashMap;

use crate::model::{Address, Phone};

use super::contact::{compose_name, ImportBatch, ImportedContact, ImportedRecord, Place, ProblemReason, RowProblem};
use super::dates::{parse_vcard_birthday, DateForm};
use super::text::{Encoding, TextDecoding};

/// Files with more contacts than this are refused, as for CSV rows.
pub const MAX_CARDS: usize = super::csv::MAX_ROWS;

/// Why a file gave no contacts. The messages never quote the file.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum VcardError {
    #[error("This file holds no vCard contacts (no BEGIN:VCARD line). Nothing was imported; choose a .vcf file.")]
    NoCards,
    #[error("This file has more than {max} contacts, more than one import can take. Nothing was imported; split it into smaller files.")]
    TooManyCards { max: usize },
}

/// Whether decoded text is a vCard file rather than CSV: its first non-blank line is
/// `BEGIN:VCARD`.
pub fn looks_like_vcard(text: &str) -> bool {
    text.lines().map(str::trim).find(|l| !l.is_empty()).is_some_and(|l| l.eq_ignore_ascii_case("BEGIN:VCARD"))
}

/// A vCard file's bytes with each fold that splits a UTF-8 character moved to after that
/// character, when there are such folds and moving them makes the file valid UTF-8; `None`
/// otherwise.
///
/// RFC 6350 §3.2 folds at 75 octets, and simple writers cut a multi-byte character in two
/// there. Decoded as it is, each half would become U+FFFD, so the fold is mended on the bytes,
/// before decoding: where a line break and a space or tab stand between a byte of 0x80 or above
/// and continuation bytes (0x80–0xBF, which no valid UTF-8 has after white space), the
/// continuation bytes move before the break. The lines stay where they were, so line numbers
/// in problems still match the file.
pub fn join_folds_inside_characters(bytes: &[u8]) -> Option<Vec<u8>> {
    let start = bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(bytes);
    let first = start.iter().position(|b| !b.is_ascii_whitespace()).unwrap_or(start.len());
    let looks_like_vcard = start[first..].get(..11).is_some_and(|head| head.eq_ignore_ascii_case(b"BEGIN:VCARD"));
    if !looks_like_vcard || std::str::from_utf8(bytes).is_ok() {
        return None;
    }
    let is_continuation = |b: &u8| (0x80..=0xBF).contains(b);
    let mut mended = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while let Some(&byte) = bytes.get(i) {
        mended.push(byte);
        i += 1;
        if byte < 0x80 {
            continue;
        }
        let rest = &bytes[i..];
        let Some(fold) = [b"\r\n ".as_slice(), b"\r\n\t", b"\n ", b"\n\t"].into_iter().find(|f| rest.starts_with(f))
        else {
            continue;
        };
        let tail = rest[fold.len()..].iter().take(3).take_while(|b| is_continuation(b)).count();
        if tail > 0 {
            mended.extend_from_slice(&rest[fold.len()..fold.len() + tail]);
            mended.extend_from_slice(fold);
            i += fold.len() + tail;
        }
    }
    std::str::from_utf8(&mended).is_ok().then_some(mended)
}

/// Reads every card of a decoded file. `file_encoding` is the encoding the file was decoded
/// in, for quoted-printable values without a `CHARSET`; `decoder` reads the `CHARSET`s.
pub fn parse_vcards(
    text: &str,
    file_encoding: Encoding,
    decoder: &dyn TextDecoding,
) -> Result<ImportBatch, VcardError> {
    let mut reader = CardReader {
        file_encoding,
        decoder,
        batch: ImportBatch::default(),
        card: None,
        depth: 0,
        cards_seen: 0,
        version_21: false,
        agent_follows: false,
    };
    let mut logical: Option<LogicalLine> = None;
    for (index, physical) in physical_lines(text).enumerate() {
        let number = index + 1;
        if let Some(current) = logical.as_mut() {
            // A soft break never swallows the card's end, even when a writer left a stray `=`.
            if current.soft_break_pending() && !physical.trim().eq_ignore_ascii_case("END:VCARD") {
                current.text.pop();
                current.push(physical);
                continue;
            }
            if let Some(rest) = physical.strip_prefix([' ', '\t']) {
                // vCard 2.1 keeps the folding white space; 3.0 and 4.0 drop it.
                current.push(if reader.version_21 { physical } else { rest });
                continue;
            }
        }
        if let Some(done) = logical.take() {
            reader.line(&done)?;
        }
        logical = Some(LogicalLine::start(physical, number));
    }
    if let Some(done) = logical.take() {
        reader.line(&done)?;
    }
    reader.finish()
}

/// Lines split at CRLF, LF or a lone CR.
fn physical_lines(text: &str) -> impl Iterator<Item = &str> {
    let mut rest = Some(text);
    std::iter::from_fn(move || {
        let text = rest?;
        match text.find(['\r', '\n']) {
            Some(end) => {
                let skip = if text[end..].starts_with("\r\n") { 2 } else { 1 };
                rest = Some(&text[end + skip..]);
                Some(&text[..end])
            }
            None => {
                rest = None;
                (!text.is_empty()).then_some(text)
            }
        }
    })
}

/// A content line after unfolding, and the number of its first physical line.
struct LogicalLine {
    text: String,
    line: usize,
    quoted_printable: bool,
    /// A picture's data is not kept while it is unfolded: it is skipped anyway.
    photo: bool,
}

impl LogicalLine {
    fn start(text: &str, line: usize) -> Self {
        let head = name_and_params(text).to_ascii_uppercase();
        let quoted_printable =
            head.split(';').skip(1).any(|p| p == "QUOTED-PRINTABLE" || p == "ENCODING=QUOTED-PRINTABLE");
        let name = head.split(';').next().unwrap_or("");
        let photo = name.rsplit('.').next() == Some("PHOTO");
        let text = if photo { name_and_params(text).to_owned() + ":" } else { text.to_owned() };
        LogicalLine { text, line, quoted_printable, photo }
    }

    fn push(&mut self, more: &str) {
        if !self.photo {
            self.text.push_str(more);
        }
    }

    /// A quoted-printable value whose line ends in `=` continues on the next line.
    fn soft_break_pending(&self) -> bool {
        self.quoted_printable && self.text.ends_with('=')
    }
}

/// The part of a content line before the colon that starts its value (colons inside quoted
/// parameter values do not count).
fn name_and_params(line: &str) -> &str {
    &line[..value_start(line).map_or(line.len(), |i| i - 1)]
}

/// Where the value starts: after the first colon outside double quotes.
fn value_start(line: &str) -> Option<usize> {
    let mut quoted = false;
    for (i, c) in line.char_indices() {
        match c {
            '"' => quoted = !quoted,
            ':' if !quoted => return Some(i + 1),
            _ => {}
        }
    }
    None
}

/// A parsed content line: `[group.]NAME;PARAM=VALUE…:value`.
struct ContentLine<'a> {
    group: String,
    name: String,
    /// Parameter names uppercased; a 2.1 bare parameter (`;CELL`) is a `TYPE`, and
    /// `;QUOTED-PRINTABLE` / `;BASE64` an `ENCODING`. Comma lists are split.
    params: Vec<(String, String)>,
    value: &'a str,
}

impl<'a> ContentLine<'a> {
    fn parse(line: &'a str) -> Option<Self> {
        let start = value_start(line)?;
        let head = &line[..start - 1];
        let value = &line[start..];
        let mut parts = split_outside_quotes(head, ';').into_iter();
        let full_name = parts.next()?.trim();
        let (group, name) = match full_name.rsplit_once('.') {
            Some((group, name)) => (group.to_ascii_lowercase(), name),
            None => (String::new(), full_name),
        };
        let mut params = Vec::new();
        for param in parts {
            let (key, values) = match param.split_once('=') {
                Some((key, values)) => (key.trim().to_ascii_uppercase(), values),
                None => {
                    let bare = param.trim().to_ascii_uppercase();
                    let key = if matches!(bare.as_str(), "QUOTED-PRINTABLE" | "BASE64" | "8BIT" | "7BIT") {
                        "ENCODING"
                    } else {
                        "TYPE"
                    };
                    (key.to_owned(), param)
                }
            };
            // `TYPE=cell,voice` and 4.0's `TYPE="cell,voice"` are both two values.
            for item in values.trim().trim_matches('"').split(',') {
                params.push((key.clone(), item.trim().to_owned()));
            }
        }
        Some(ContentLine { group, name: name.to_ascii_uppercase(), params, value })
    }

    fn param(&self, key: &str) -> Option<&str> {
        self.params.iter().find(|(k, _)| k == key).map(|(_, v)| v.as_str())
    }

    fn types(&self) -> impl Iterator<Item = &str> {
        self.params.iter().filter(|(k, _)| k == "TYPE").map(|(_, v)| v.as_str())
    }

    fn is_preferred(&self) -> bool {
        self.types().any(|t| t.eq_ignore_ascii_case("pref")) || self.param("PREF").is_some()
    }
}

fn split_outside_quotes(text: &str, separator: char) -> Vec<&str> {
    let mut parts = Vec::new();
    let (mut quoted, mut start) = (false, 0);
    for (i, c) in text.char_indices() {
        if c == '"' {
            quoted = !quoted;
        } else if c == separator && !quoted {
            parts.push(&text[start..i]);
            start = i + c.len_utf8();
        }
    }
    parts.push(&text[start..]);
    parts
}

/// Splits a value at unescaped `separators`, unescaping and trimming each part.
fn split_escaped(value: &str, separators: &[char]) -> Vec<String> {
    let mut parts = Vec::new();
    let mut current = String::new();
    let mut chars = value.chars();
    while let Some(c) = chars.next() {
        match c {
            '\\' => match chars.next() {
                Some('n' | 'N') => current.push('\n'),
                Some(escaped @ (',' | ';' | '\\' | ':')) => current.push(escaped),
                Some(other) => {
                    current.push('\\');
                    current.push(other);
                }
                None => current.push('\\'),
            },
            c if separators.contains(&c) => parts.push(std::mem::take(&mut current)),
            c => current.push(c),
        }
    }
    parts.push(current);
    parts.into_iter().map(|p| p.trim().to_owned()).collect()
}

fn unescape(value: &str) -> String {
    split_escaped(value, &[]).concat()
}

/// The bytes a quoted-printable text stands for (RFC 2045 §6.7). Soft line breaks were taken
/// out while unfolding; a broken escape is kept as it is.
fn quoted_printable_bytes(text: &str) -> Vec<u8> {
    let bytes = text.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        let hex = |b: Option<&u8>| b.and_then(|b| char::from(*b).to_digit(16));
        match (bytes[i], hex(bytes.get(i + 1)), hex(bytes.get(i + 2))) {
            (b'=', Some(high), Some(low)) => {
                // Two hex digits make one byte: high * 16 + low is at most 255.
                out.push(u8::try_from(high * 16 + low).unwrap_or(b'?'));
                i += 3;
            }
            (byte, _, _) => {
                out.push(byte);
                i += 1;
            }
        }
    }
    out
}

/// The properties of one card, gathered until its END.
#[derive(Default)]
struct CardParts {
    number: usize,
    line: usize,
    formatted_name: String,
    /// family, given, middle, prefix, suffix
    structured_name: Option<[String; 5]>,
    nicknames: Vec<String>,
    /// group, labels from TYPE, number
    phones: Vec<(String, String, String)>,
    /// Apple's labels, by group.
    group_labels: HashMap<String, String>,
    emails: Vec<String>,
    /// preferred first after sorting
    addresses: Vec<(bool, Address)>,
    birthday_problem: bool,
    photos: usize,
    contact: ImportedContact,
}

struct CardReader<'d> {
    file_encoding: Encoding,
    decoder: &'d dyn TextDecoding,
    batch: ImportBatch,
    card: Option<CardParts>,
    /// Cards open at this point: 1 inside a card, 2 inside a card nested in it.
    depth: usize,
    cards_seen: usize,
    version_21: bool,
    /// The line before was 2.1's `AGENT:` with no value: a card nested in this one follows.
    agent_follows: bool,
}

impl CardReader<'_> {
    fn line(&mut self, logical: &LogicalLine) -> Result<(), VcardError> {
        let Some(line) = ContentLine::parse(&logical.text) else { return Ok(()) };
        let is_vcard = || line.value.trim().eq_ignore_ascii_case("VCARD");
        let agent_follows = std::mem::take(&mut self.agent_follows);
        match line.name.as_str() {
            "BEGIN" if is_vcard() => {
                if self.depth == 1 && !agent_follows {
                    // A new card before this one's END: this one was cut off.
                    self.cut_card();
                    self.depth = 0;
                }
                self.depth += 1;
                if self.depth == 1 {
                    self.cards_seen += 1;
                    if self.cards_seen > MAX_CARDS {
                        return Err(VcardError::TooManyCards { max: MAX_CARDS });
                    }
                    self.version_21 = false;
                    self.card = Some(CardParts { number: self.cards_seen, line: logical.line, ..CardParts::default() });
                }
                return Ok(());
            }
            "END" if is_vcard() => {
                self.depth = self.depth.saturating_sub(1);
                if self.depth == 0 {
                    if let Some(card) = self.card.take() {
                        self.finish_card(card);
                    }
                }
                return Ok(());
            }
            _ => {}
        }
        if self.depth != 1 {
            return Ok(());
        }
        if line.name == "VERSION" {
            self.version_21 = line.value.trim() == "2.1";
        }
        self.agent_follows = line.name == "AGENT" && line.value.trim().is_empty();
        let value = self.value_text(&line);
        if let Some(card) = self.card.as_mut() {
            card.take(&line, value);
        }
        Ok(())
    }

    /// The value as text: quoted-printable decoded and read in its charset.
    fn value_text(&self, line: &ContentLine) -> String {
        if !line.param("ENCODING").is_some_and(|e| e.eq_ignore_ascii_case("QUOTED-PRINTABLE")) {
            return line.value.to_owned();
        }
        // A `=` at the very end is a soft break with nothing after it.
        let bytes = quoted_printable_bytes(line.value.strip_suffix('=').unwrap_or(line.value));
        let decoded = match line.param("CHARSET") {
            Some(charset) => self.decoder.decode(&bytes, charset, false).ok(),
            None => std::str::from_utf8(&bytes)
                .ok()
                .map(str::to_owned)
                .or_else(|| self.decoder.decode(&bytes, self.file_encoding.label(), false).ok()),
        };
        decoded.unwrap_or_else(|| String::from_utf8_lossy(&bytes).into_owned())
    }

    fn finish_card(&mut self, card: CardParts) {
        let place = Place::Card { number: card.number, line: card.line };
        if card.birthday_problem {
            let reason = ProblemReason::BadDate { column: "BDAY".into(), form: DateForm::Iso };
            self.batch.problems.push(RowProblem { place, reason });
        }
        let photos = card.photos;
        match card.into_contact() {
            Some(contact) => {
                self.batch.photos_skipped += photos;
                self.batch.contacts.push(ImportedRecord { place, contact });
            }
            None => self.batch.problems.push(RowProblem { place, reason: ProblemReason::MissingName }),
        }
    }

    /// Reports the open card, if any, as cut off.
    fn cut_card(&mut self) {
        if let Some(card) = self.card.take() {
            let place = Place::Card { number: card.number, line: card.line };
            self.batch.problems.push(RowProblem { place, reason: ProblemReason::Truncated });
        }
    }

    fn finish(mut self) -> Result<ImportBatch, VcardError> {
        self.cut_card();
        if self.cards_seen == 0 {
            return Err(VcardError::NoCards);
        }
        Ok(self.batch)
    }
}

/// A TEL `TYPE` as a phone label: the standard types as words, `None` for those that say
/// nothing to a person (`voice`, `pref`…), any other type as written (Clientele's export puts
/// a phone's own label there).
fn phone_label_word(word: &str) -> Option<String> {
    let label = match word.to_ascii_lowercase().as_str() {
        "cell" | "mobile" => "mobile",
        "home" => "home",
        "work" => "work",
        "fax" => "fax",
        "homefax" => "home fax",
        "workfax" => "work fax",
        "otherfax" => "other fax",
        "pager" => "pager",
        "main" => "main",
        "car" => "car",
        "iphone" => "iPhone",
        "other" => "other",
        "video" => "video",
        "voice" | "pref" | "msg" | "bbs" | "modem" | "isdn" | "pcs" | "text" | "textphone" | "internet" | "x400" => {
            return None
        }
        _ => return (!word.is_empty()).then(|| word.to_owned()),
    };
    Some(label.to_owned())
}

/// Apple writes its own labels as `_$!<Mobile>!$_` and a person's own label as typed.
fn apple_label(label: &str) -> String {
    match label.strip_prefix("_$!<").and_then(|l| l.strip_suffix(">!$_")) {
        Some(builtin) => phone_label_word(builtin).unwrap_or_else(|| builtin.to_owned()),
        None => label.to_owned(),
    }
}

impl CardParts {
    fn take(&mut self, line: &ContentLine, value: String) {
        match line.name.as_str() {
            "FN" => self.formatted_name = unescape(&value),
            "N" => {
                let parts = split_escaped(&value, &[';']);
                let part = |i: usize| parts.get(i).map(|p| p.replace(',', " ")).unwrap_or_default();
                // N is family;given;additional;prefix;suffix.
                self.structured_name = Some([part(0), part(1), part(2), part(3), part(4)]);
            }
            "NICKNAME" => self.nicknames.extend(split_escaped(&value, &[',']).into_iter().filter(|n| !n.is_empty())),
            "TEL" => {
                let number = unescape(&value);
                // vCard 4.0 may write a tel: URI; its parameters (;ext=) are not part of the number.
                let number = number.strip_prefix("tel:").map_or(number.as_str(), |n| n.split(';').next().unwrap_or(n));
                let labels: Vec<String> = line.types().filter_map(phone_label_word).collect();
                self.phones.push((line.group.clone(), labels.join(" "), number.trim().to_owned()));
            }
            "X-ABLABEL" => {
                self.group_labels.insert(line.group.clone(), apple_label(&unescape(&value)));
            }
            "EMAIL" => self.emails.push(unescape(&value)),
            "ADR" => {
                let parts = split_escaped(&value, &[';']);
                let part = |i: usize| parts.get(i).map(|p| p.replace('\n', ", ")).unwrap_or_default();
                // ADR is post office box;extended;street;locality;region;postal code;country.
                let street =
                    [part(2), part(1), part(0)].into_iter().filter(|p| !p.is_empty()).collect::<Vec<_>>().join(", ");
                let address = Address { street, city: part(3), region: part(4), postcode: part(5), country: part(6) };
                if !address.is_empty() {
                    self.addresses.push((line.is_preferred(), address));
                }
            }
            "BDAY" => match parse_vcard_birthday(&value) {
                Ok(Some(mut birthday)) => {
                    if line.param("X-APPLE-OMIT-YEAR").is_some() {
                        birthday.year = None;
                    }
                    self.contact.birthday = self.contact.birthday.or(Some(birthday));
                }
                Ok(None) => {}
                Err(_) => self.birthday_problem = true,
            },
            "NOTE" => append(&mut self.contact.notes, unescape(&value)),
            "ORG" => {
                let units: Vec<String> = split_escaped(&value, &[';']).into_iter().filter(|u| !u.is_empty()).collect();
                append(&mut self.contact.organization, units.join(", "));
            }
            "TITLE" => append(&mut self.contact.job_title, unescape(&value)),
            "CATEGORIES" => {
                for tag in split_escaped(&value, &[',', ';']) {
                    if !tag.is_empty() && !self.contact.tags.contains(&tag) {
                        self.contact.tags.push(tag);
                    }
                }
            }
            "UID" => self.contact.uid = unescape(&value),
            "PHOTO" => self.photos += 1,
            _ => {}
        }
    }

    /// The contact, or `None` when the card names nobody.
    fn into_contact(mut self) -> Option<ImportedContact> {
        let mut contact = std::mem::take(&mut self.contact);
        let composed = self
            .structured_name
            .as_ref()
            .map(|[family, given, middle, prefix, suffix]| compose_name(prefix, given, middle, family, suffix))
            .unwrap_or_default();
        contact.name = self.formatted_name.clone();
        if contact.name.is_empty() {
            contact.name = composed.clone();
        } else if !composed.is_empty() && !same_words(&composed, &contact.name) {
            contact.legal_name = composed;
        }
        contact.alias = self.nicknames.join(", ");
        if contact.name.is_empty() {
            contact.name = contact.alias.clone();
        }
        if contact.name.is_empty() {
            contact.name = contact.organization.lines().next().unwrap_or("").to_owned();
        }
        if contact.name.is_empty() {
            return None;
        }
        for (group, type_label, number) in self.phones {
            let label = self.group_labels.get(&group).filter(|_| !group.is_empty()).cloned().unwrap_or(type_label);
            if !number.is_empty() && !contact.phones.iter().any(|p| p.number == number) {
                contact.phones.push(Phone { label, number });
            }
        }
        for email in self.emails {
            if !email.is_empty() && !contact.emails.iter().any(|e| e.eq_ignore_ascii_case(&email)) {
                contact.emails.push(email);
            }
        }
        // The preferred address first; otherwise file order (a stable sort).
        self.addresses.sort_by_key(|(preferred, _)| !preferred);
        let mut addresses = self.addresses.into_iter().map(|(_, a)| a);
        contact.address = addresses.next().unwrap_or_default();
        contact.other_addresses = addresses.collect();
        Some(contact)
    }
}

/// Whether two names have the same words, in any order and case ("Ivan Petrov", "Petrov Ivan").
fn same_words(a: &str, b: &str) -> bool {
    let words = |s: &str| {
        let mut w: Vec<String> = s.split_whitespace().map(str::to_lowercase).collect();
        w.sort();
        w
    };
    words(a) == words(b)
}

fn append(text: &mut String, more: String) {
    if more.is_empty() {
        return;
    }
    if !text.is_empty() {
        text.push('\n');
    }
    text.push_str(&more);
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::import::test_decoder::EncodingRs;
    use crate::model::Birthday;

    fn read(text: &str) -> ImportBatch {
        parse_vcards(text, Encoding::Utf8, &EncodingRs).unwrap()
    }

    fn only(text: &str) -> ImportedContact {
        let batch = read(text);
        assert_eq!(batch.contacts.len(), 1, "{:?}", batch.problems);
        batch.contacts.into_iter().next().unwrap().contact
    }

    fn phone(label: &str, number: &str) -> Phone {
        Phone { label: label.into(), number: number.into() }
    }

    #[test]
    fn folding_drops_one_space_in_3_0_and_keeps_it_in_2_1() {
        let v3 = only("BEGIN:VCARD\r\nVERSION:3.0\r\nFN:Ann\r\nNOTE:one two \r\n three\r\n\tfour\r\nEND:VCARD\r\n");
        assert_eq!(v3.notes, "one two threefour");
        let v21 = only("BEGIN:VCARD\nVERSION:2.1\nFN:Ann\nNOTE:one two\n three\nEND:VCARD\n");
        assert_eq!(v21.notes, "one two three");
    }

    #[test]
    fn a_quoted_printable_soft_break_inside_a_utf8_character() {
        // "Иван" is D0 98 D0 B2 D0 B0 D0 BD; the soft break splits the bytes of "в".
        let c = only(
            "BEGIN:VCARD\r\nVERSION:2.1\r\nN;CHARSET=UTF-8;ENCODING=QUOTED-PRINTABLE:=D0=9F=D0=B5=D1=82=D1=80=D0=BE=D0=B2;=D0=98=D0=B2=D0=\r\n=B0=D0=BD;;;\r\n\
             FN;CHARSET=UTF-8;QUOTED-PRINTABLE:=D0=98=D0=B2=D0=B0=D0=BD =D0=9F=D0=B5=D1=82=D1=80=D0=BE=D0=B2\r\nEND:VCARD\r\n",
        );
        assert_eq!((c.name.as_str(), c.legal_name.as_str()), ("Иван Петров", ""));
    }

    #[test]
    fn quoted_printable_in_another_charset_and_without_one() {
        let c = only("BEGIN:VCARD\nVERSION:2.1\nFN;CHARSET=WINDOWS-1251;ENCODING=QUOTED-PRINTABLE:=C0=ED=ED=E0\nNOTE;ENCODING=QUOTED-PRINTABLE:caf=C3=A9 =3D ok\nEND:VCARD\n");
        assert_eq!((c.name.as_str(), c.notes.as_str()), ("Анна", "café = ok"));
    }

    #[test]
    fn escapes_parts_and_lists() {
        let c = only(
            "BEGIN:VCARD\nVERSION:4.0\nFN:Lee\\, Ann\nN:Lee;Ann;;Dr.;\nNOTE:a\\;b\\nc\\\\d\\Ne\nCATEGORIES:vip,new\\, really,vip\n\
             NICKNAME:Annie,Lee-Lee\nADR;TYPE=home:;Apt 4;1 Main St;Springfield;IL;62701;USA\nORG:Acme;Sales\nTITLE:Buyer\nEND:VCARD\n",
        );
        assert_eq!(
            (c.name.as_str(), c.legal_name.as_str(), c.alias.as_str()),
            ("Lee, Ann", "Dr. Ann Lee", "Annie, Lee-Lee")
        );
        assert_eq!(c.notes, "a;b\nc\\d\ne");
        assert_eq!(c.tags, ["vip", "new, really"]);
        assert_eq!(
            c.address,
            Address {
                street: "1 Main St, Apt 4".into(),
                city: "Springfield".into(),
                region: "IL".into(),
                postcode: "62701".into(),
                country: "USA".into()
            }
        );
        assert_eq!((c.organization.as_str(), c.job_title.as_str()), ("Acme, Sales", "Buyer"));
    }

    #[test]
    fn phone_types_apple_groups_and_uris() {
        let c = only(
            "BEGIN:VCARD\r\nVERSION:3.0\r\nFN:Ann\r\nTEL;TYPE=CELL;TYPE=pref,VOICE:+1 555 0100\r\nTEL;HOME;FAX:555 0101\r\n\
             item1.TEL:555 0102\r\nitem1.X-ABLabel:_$!<Other>!$_\r\nitem2.TEL;type=pref:555 0103\r\nITEM2.X-ABLABEL:Gym\r\n\
             TEL;VALUE=uri;TYPE=\"voice,work\":tel:+1-555-0104;ext=5\r\nTEL:+1 555 0100\r\nEND:VCARD\r\n",
        );
        assert_eq!(
            c.phones,
            [
                phone("mobile", "+1 555 0100"),
                phone("home fax", "555 0101"),
                phone("other", "555 0102"),
                phone("Gym", "555 0103"),
                phone("work", "+1-555-0104")
            ]
        );
    }

    #[test]
    fn birthdays_in_every_vcard_form() {
        for (value, expected) in [
            ("BDAY:19850412", Birthday { month: 4, day: 12, year: Some(1985) }),
            ("BDAY:1985-04-12", Birthday { month: 4, day: 12, year: Some(1985) }),
            ("BDAY:--0412", Birthday { month: 4, day: 12, year: None }),
            ("BDAY:--04-12", Birthday { month: 4, day: 12, year: None }),
            ("BDAY;X-APPLE-OMIT-YEAR=1604:1604-04-12", Birthday { month: 4, day: 12, year: None }),
            ("BDAY;VALUE=date:1985-04-12T00:00:00Z", Birthday { month: 4, day: 12, year: Some(1985) }),
        ] {
            let c = only(&format!("BEGIN:VCARD\nVERSION:3.0\nFN:Ann\n{value}\nEND:VCARD\n"));
            assert_eq!(c.birthday, Some(expected), "{value}");
        }
        let batch = read("BEGIN:VCARD\nVERSION:4.0\nFN:Ann\nBDAY;VALUE=text:circa 1800\nEND:VCARD\n");
        assert_eq!(batch.contacts[0].contact.birthday, None);
        assert_eq!(
            batch.problems,
            [RowProblem {
                place: Place::Card { number: 1, line: 1 },
                reason: ProblemReason::BadDate { column: "BDAY".into(), form: DateForm::Iso }
            }]
        );
    }

    #[test]
    fn photos_are_counted_nested_cards_skipped_and_cut_files_reported() {
        let text = "BEGIN:VCARD\nVERSION:2.1\nFN:Ann\nPHOTO;ENCODING=BASE64;JPEG:/9j/4AAQ\n  SkZJRgABAQ\n\nAGENT:\nBEGIN:VCARD\nVERSION:2.1\nFN:Agent\nEND:VCARD\nEND:VCARD\n\
                    BEGIN:VCARD\nVERSION:3.0\nN:;;;;\nEND:VCARD\nBEGIN:VCARD\nVERSION:3.0\nFN:Cut\nTEL:1";
        let batch = read(text);
        assert_eq!(batch.contacts.iter().map(|r| r.contact.name.as_str()).collect::<Vec<_>>(), ["Ann"]);
        assert_eq!(batch.photos_skipped, 1);
        let problems: Vec<_> = batch.problems.iter().map(|p| (p.place, p.reason.clone())).collect();
        assert_eq!(
            problems,
            [
                (Place::Card { number: 2, line: 13 }, ProblemReason::MissingName),
                (Place::Card { number: 3, line: 17 }, ProblemReason::Truncated)
            ]
        );
    }

    #[test]
    fn a_card_without_its_end_is_cut_off_and_the_next_one_read() {
        let batch = read("BEGIN:VCARD\nVERSION:3.0\nFN:Ann\nBEGIN:VCARD\nVERSION:3.0\nFN:Bob\nEND:VCARD\n");
        assert_eq!(batch.contacts.iter().map(|r| r.contact.name.as_str()).collect::<Vec<_>>(), ["Bob"]);
        assert_eq!(batch.contacts[0].place, Place::Card { number: 2, line: 4 });
        assert_eq!(problems_of(&batch), [(Place::Card { number: 1, line: 1 }, ProblemReason::Truncated)]);
        // A stray "=" ending a quoted-printable value does not swallow the END.
        let batch = read("BEGIN:VCARD\nVERSION:2.1\nFN;ENCODING=QUOTED-PRINTABLE:Ann=\nEND:VCARD\n");
        assert_eq!((batch.contacts[0].contact.name.as_str(), batch.problems.len()), ("Ann", 0));
    }

    fn problems_of(batch: &ImportBatch) -> Vec<(Place, ProblemReason)> {
        batch.problems.iter().map(|p| (p.place, p.reason.clone())).collect()
    }

    #[test]
    fn a_file_without_cards_is_an_error() {
        assert_eq!(parse_vcards("Name,Phone\nAnn,1\n", Encoding::Utf8, &EncodingRs), Err(VcardError::NoCards));
        assert_eq!(parse_vcards("", Encoding::Utf8, &EncodingRs), Err(VcardError::NoCards));
    }

    #[test]
    fn a_fold_inside_a_utf8_character_is_moved_after_it_on_the_bytes() {
        // "Київ" is D0 9A D0 B8 D1 97 D0 B2; the fold splits "и".
        let bytes = b"BEGIN:VCARD\r\nVERSION:4.0\r\nFN:\xD0\x9A\xD0\r\n \xB8\xD1\x97\xD0\xB2\r\nEND:VCARD\r\n";
        let joined = join_folds_inside_characters(bytes).unwrap();
        assert_eq!(joined, b"BEGIN:VCARD\r\nVERSION:4.0\r\nFN:\xD0\x9A\xD0\xB8\r\n \xD1\x97\xD0\xB2\r\nEND:VCARD\r\n");
        let c = only(std::str::from_utf8(&joined).unwrap());
        assert_eq!(c.name, "Київ");
        assert_eq!(join_folds_inside_characters(b"BEGIN:VCARD\r\nFN:Ann\r\n"), None, "valid already");
        assert_eq!(join_folds_inside_characters(b"Name\r\n\xD0\r\n \xB8\r\n"), None, "not a vCard");
    }

    #[test]
    fn the_uid_keys_the_contact() {
        let c =
            only("BEGIN:VCARD\nVERSION:4.0\nFN:Ann\nUID:urn:uuid:4fbe8971-0bc3-424c-9c26-36c3e1eff6b1\nEND:VCARD\n");
        assert_eq!(c.contact_key(), "uid:urn:uuid:4fbe8971-0bc3-424c-9c26-36c3e1eff6b1");
    }
}
