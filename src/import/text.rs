//! From the bytes of a picked file to text: which encoding it is in, and the decoding itself.
//!
//! Decoding happens behind [`TextDecoding`], so the app uses the browser's own `TextDecoder`
//! (a few KB of glue) instead of shipping encoding tables (`encoding_rs` would add about
//! 130 KB gzipped). Native tests implement the trait with `encoding_rs`; both follow the WHATWG
//! Encoding Standard, so they decode identically.
//!
//! Detection, in order:
//! 1. a byte-order mark names the encoding: `EF BB BF` UTF-8, `FF FE` UTF-16LE, `FE FF` UTF-16BE;
//! 2. bytes that are valid UTF-8 are UTF-8;
//! 3. otherwise a sample (the first [`SAMPLE_BYTES`]) is decoded as UTF-8 (with replacement),
//!    Windows-1251 and GB18030, each decoding is scored ([`script_score`]) and the best one wins.
//!
//! The result names the encoding, how it was found and the other encodings a person may pick
//! instead; [`decode_as`] decodes with the one they pick. Text that is mostly control
//! characters is refused as "not text" (random bytes, a picture renamed `.csv`), and the two
//! binary spreadsheet formats are recognised by their first bytes, so the message can say what
//! to do. Nothing here ever shows the file's content.

/// How many bytes from the start of a file the encoding score reads: enough for hundreds of
/// rows, few enough that detection stays instant on a 50 MB file.
pub const SAMPLE_BYTES: usize = 64 * 1024;

/// Files above this are refused before decoding: a contact list this large is almost surely
/// the wrong file, and decoding it would hold several copies in the browser's memory.
pub const MAX_FILE_BYTES: usize = 64 * 1024 * 1024;

/// Above this share of control characters (other than tab and line breaks) a decoding is not
/// text. Real text files have none; random bytes have about one in nine.
const MAX_CONTROL_SHARE: f64 = 0.01;

/// The text encodings an import understands.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Encoding {
    Utf8,
    Utf16Le,
    Utf16Be,
    /// Cyrillic, as Russian and Ukrainian Windows and Excel save it.
    Windows1251,
    /// Chinese, as Chinese Windows and Excel save it ("GBK"). GB18030 is a superset of GBK and
    /// decodes it exactly, so one choice covers both.
    Gb18030,
}

impl Encoding {
    /// Every encoding, in the order a picker lists them.
    pub const ALL: [Encoding; 5] =
        [Encoding::Utf8, Encoding::Utf16Le, Encoding::Utf16Be, Encoding::Windows1251, Encoding::Gb18030];

    /// The WHATWG Encoding Standard label, as `TextDecoder` takes it.
    pub fn label(self) -> &'static str {
        match self {
            Encoding::Utf8 => "utf-8",
            Encoding::Utf16Le => "utf-16le",
            Encoding::Utf16Be => "utf-16be",
            Encoding::Windows1251 => "windows-1251",
            Encoding::Gb18030 => "gb18030",
        }
    }

    /// The name a person recognises, in English (the UI may translate the part in brackets).
    pub fn name(self) -> &'static str {
        match self {
            Encoding::Utf8 => "Unicode (UTF-8)",
            Encoding::Utf16Le => "Unicode (UTF-16 LE)",
            Encoding::Utf16Be => "Unicode (UTF-16 BE)",
            Encoding::Windows1251 => "Cyrillic (Windows-1251)",
            Encoding::Gb18030 => "Chinese (GBK, GB18030)",
        }
    }

    /// The byte-order mark that announces this encoding, if it has one.
    fn bom(self) -> &'static [u8] {
        match self {
            Encoding::Utf8 => b"\xEF\xBB\xBF",
            Encoding::Utf16Le => b"\xFF\xFE",
            Encoding::Utf16Be => b"\xFE\xFF",
            Encoding::Windows1251 | Encoding::Gb18030 => b"",
        }
    }
}

/// Why a decoder gave no text.
#[derive(Clone, Copy, Debug, PartialEq, Eq, thiserror::Error)]
pub enum DecodeError {
    /// In fatal mode, the bytes are not valid in the encoding.
    #[error("the bytes are not valid in this encoding")]
    Malformed,
    /// The decoder does not know the label (a vCard's `CHARSET` may name anything).
    #[error("this text encoding is not supported")]
    UnknownLabel,
}

/// Decodes bytes as the WHATWG Encoding Standard does: `TextDecoder(label, { fatal })` and
/// `decode(bytes)`, with `ignoreBOM` off, so a byte-order mark of the label's own encoding
/// (UTF-8, UTF-16LE or UTF-16BE) at the start is dropped. Non-fatal decoding replaces invalid
/// bytes with U+FFFD; fatal decoding fails on them instead.
pub trait TextDecoding {
    fn decode(&self, bytes: &[u8], label: &str, fatal: bool) -> Result<String, DecodeError>;
}

/// How the encoding was chosen, to say so beside the preview.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Detection {
    /// The file starts with this encoding's byte-order mark.
    ByteOrderMark,
    /// Every byte sequence in the file is valid UTF-8.
    ValidUtf8,
    /// Scored best of the candidates on the file's first bytes; a guess worth checking.
    Scored,
    /// Picked by the person.
    Chosen,
}

/// A decoded file.
#[derive(Clone, PartialEq, Eq)]
pub struct DecodedText {
    /// The text, without a byte-order mark.
    pub text: String,
    pub encoding: Encoding,
    pub detection: Detection,
    /// The other encodings a person may pick instead, most likely first.
    pub alternatives: Vec<Encoding>,
    /// Whether every byte decoded to a character, with nothing replaced by U+FFFD.
    pub lossless: bool,
}

impl std::fmt::Debug for DecodedText {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("DecodedText")
            .field("chars", &self.text.chars().count())
            .field("encoding", &self.encoding)
            .field("detection", &self.detection)
            .field("alternatives", &self.alternatives)
            .field("lossless", &self.lossless)
            .finish()
    }
}

/// Spreadsheet formats that are not text, told apart so the message can say what to do.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum SpreadsheetKind {
    /// A ZIP container: `.xlsx`, `.ods` or `.numbers`.
    Zipped,
    /// The older binary Excel format, `.xls`.
    LegacyExcel,
}

/// Why a file could not be read as text. The messages never quote the file.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum TextError {
    #[error("This file is empty (0 bytes). Nothing was imported; choose another file.")]
    Empty,
    #[error(
        "This file is larger than {max_mb} MB, too large for a contact list. Nothing was imported; \
         split it into smaller files."
    )]
    TooLarge { max_mb: usize },
    #[error(
        "This is a spreadsheet workbook, not a CSV or vCard file. Nothing was imported; open it in \
         your spreadsheet program, save it as CSV, and choose that file."
    )]
    Spreadsheet(SpreadsheetKind),
    #[error(
        "This file does not look like text in {encoding}: it is mostly control characters. Nothing \
         was imported; choose a CSV or vCard file, or try another encoding."
    )]
    NotText { encoding: &'static str },
    #[error("This browser cannot read {encoding} text. Nothing was imported; try another browser.")]
    Unsupported { encoding: &'static str },
}

/// Detects the file's encoding and decodes it.
pub fn decode_detected(bytes: &[u8], decoder: &dyn TextDecoding) -> Result<DecodedText, TextError> {
    check_size_and_kind(bytes)?;
    if let Some(encoding) = encoding_by_bom(bytes) {
        return decode_with(bytes, encoding, Detection::ByteOrderMark, decoder);
    }
    if let Ok(text) = std::str::from_utf8(bytes) {
        let decoded = DecodedText {
            text: text.to_owned(),
            encoding: Encoding::Utf8,
            detection: Detection::ValidUtf8,
            alternatives: alternatives_to(Encoding::Utf8, &[]),
            lossless: true,
        };
        return refuse_control_characters(decoded);
    }
    let sample = &bytes[..bytes.len().min(SAMPLE_BYTES)];
    let mut scored = Vec::new();
    for encoding in [Encoding::Utf8, Encoding::Windows1251, Encoding::Gb18030] {
        let text = decode_lossy(sample, encoding, decoder)?;
        scored.push((script_score(sample, &text, encoding), encoding));
    }
    // Highest score first; a tie keeps the order above (a stable sort).
    scored.sort_by(|a, b| b.0.total_cmp(&a.0));
    let ranked: Vec<Encoding> = scored.iter().map(|(_, e)| *e).collect();
    let best = ranked[0];
    let mut decoded = decode_with(bytes, best, Detection::Scored, decoder)?;
    decoded.alternatives = alternatives_to(best, &ranked);
    Ok(decoded)
}

/// Decodes the file in the encoding a person picked.
pub fn decode_as(bytes: &[u8], encoding: Encoding, decoder: &dyn TextDecoding) -> Result<DecodedText, TextError> {
    check_size_and_kind(bytes)?;
    decode_with(bytes, encoding, Detection::Chosen, decoder)
}

fn check_size_and_kind(bytes: &[u8]) -> Result<(), TextError> {
    if bytes.is_empty() {
        return Err(TextError::Empty);
    }
    if bytes.len() > MAX_FILE_BYTES {
        return Err(TextError::TooLarge { max_mb: MAX_FILE_BYTES / (1024 * 1024) });
    }
    if bytes.starts_with(b"PK\x03\x04") {
        return Err(TextError::Spreadsheet(SpreadsheetKind::Zipped));
    }
    if bytes.starts_with(b"\xD0\xCF\x11\xE0\xA1\xB1\x1A\xE1") {
        return Err(TextError::Spreadsheet(SpreadsheetKind::LegacyExcel));
    }
    Ok(())
}

fn encoding_by_bom(bytes: &[u8]) -> Option<Encoding> {
    [Encoding::Utf8, Encoding::Utf16Le, Encoding::Utf16Be].into_iter().find(|e| bytes.starts_with(e.bom()))
}

fn decode_with(
    bytes: &[u8],
    encoding: Encoding,
    detection: Detection,
    decoder: &dyn TextDecoding,
) -> Result<DecodedText, TextError> {
    let text = decode_lossy(bytes, encoding, decoder)?;
    // A U+FFFD may be in the file itself; only a strict decoding tells that from a replacement.
    let lossless = !text.contains('\u{FFFD}') || decoder.decode(bytes, encoding.label(), true).is_ok();
    let alternatives = alternatives_to(encoding, &[]);
    refuse_control_characters(DecodedText { text, encoding, detection, alternatives, lossless })
}

fn decode_lossy(bytes: &[u8], encoding: Encoding, decoder: &dyn TextDecoding) -> Result<String, TextError> {
    decoder.decode(bytes, encoding.label(), false).map_err(|_| TextError::Unsupported { encoding: encoding.name() })
}

/// `preferred` first (in their order), then the rest of [`Encoding::ALL`], without `chosen`.
fn alternatives_to(chosen: Encoding, preferred: &[Encoding]) -> Vec<Encoding> {
    let mut list: Vec<Encoding> = preferred.iter().copied().filter(|e| *e != chosen).collect();
    for e in Encoding::ALL {
        if e != chosen && !list.contains(&e) {
            list.push(e);
        }
    }
    list
}

fn refuse_control_characters(decoded: DecodedText) -> Result<DecodedText, TextError> {
    let (mut chars, mut controls) = (0usize, 0usize);
    for c in decoded.text.chars().take(SAMPLE_BYTES) {
        chars += 1;
        controls += usize::from(is_stray_control(c));
    }
    if chars > 0 && controls as f64 / chars as f64 > MAX_CONTROL_SHARE {
        return Err(TextError::NotText { encoding: decoded.encoding.name() });
    }
    Ok(decoded)
}

/// Control characters that text files do not contain: C0 other than tab, line feed and
/// carriage return, DEL, and C1.
fn is_stray_control(c: char) -> bool {
    c.is_control() && !matches!(c, '\t' | '\n' | '\r')
}

/// How well a decoding of `sample` reads as text in `encoding`'s own script, from 1 (every
/// non-ASCII byte became a letter of that script) down; replacement and control characters
/// push it below zero.
///
/// `score = (bytes that became expected characters − 3 × bad characters) / non-ASCII bytes`,
/// where the expected characters are:
/// - UTF-8: any character but U+FFFD (valid multi-byte sequences are rare by chance);
/// - Windows-1251: Cyrillic letters (U+0400–U+04FF), one byte each;
/// - GB18030: CJK ideographs (U+4E00–U+9FFF, U+3400–U+4DBF), CJK punctuation (U+3000–U+303F)
///   and full-width forms (U+FF00–U+FFEF), two bytes each;
///
/// and the bad ones are U+FFFD and stray control characters. Russian text read as GBK still
/// pairs bytes into ideographs, but odd-length words leave broken pairs and the letters ш–я
/// land in private-use codes, so it scores well below its Windows-1251 reading; Chinese read
/// as Windows-1251 turns about a sixth of its bytes into punctuation rather than letters.
pub fn script_score(sample: &[u8], text: &str, encoding: Encoding) -> f64 {
    let non_ascii = sample.iter().filter(|b| !b.is_ascii()).count();
    if non_ascii == 0 {
        return 1.0;
    }
    let mut expected_bytes = 0usize;
    let mut bad = 0usize;
    for c in text.chars() {
        if c == '\u{FFFD}' || is_stray_control(c) {
            bad += 1;
            continue;
        }
        if c.is_ascii() {
            continue;
        }
        expected_bytes += match encoding {
            Encoding::Utf8 | Encoding::Utf16Le | Encoding::Utf16Be => c.len_utf8(),
            Encoding::Windows1251 => usize::from(matches!(c, '\u{0400}'..='\u{04FF}')),
            Encoding::Gb18030 => 2 * usize::from(is_chinese(c)),
        };
    }
    (expected_bytes as f64 - 3.0 * bad as f64) / non_ascii as f64
}

fn is_chinese(c: char) -> bool {
    matches!(c, '\u{4E00}'..='\u{9FFF}' | '\u{3400}'..='\u{4DBF}' | '\u{3000}'..='\u{303F}' | '\u{FF00}'..='\u{FFEF}')
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::import::test_decoder::EncodingRs;

    fn detect(bytes: &[u8]) -> Result<DecodedText, TextError> {
        decode_detected(bytes, &EncodingRs)
    }

    fn encode(text: &str, encoding: &'static encoding_rs::Encoding) -> Vec<u8> {
        let (bytes, _, unmappable) = encoding.encode(text);
        assert!(!unmappable, "test text must fit the encoding");
        bytes.into_owned()
    }

    const RUSSIAN: &str = "Фамилия;Имя;Отчество;Телефон\r\nПетров;Иван;Сергеевич;+7 916 123-45-67\r\n\
                           Смирнова;Анна;Юрьевна;8 (495) 765-43-21\r\nЁлкин;Пётр;Ильич;\r\n";
    const UKRAINIAN: &str = "Прізвище;Ім'я;По батькові\r\nКоваленко;Олена;Іванівна\r\nЄвтушенко;Ґанна;Їжакова\r\n";
    const CHINESE: &str = "姓名,电话,邮箱,备注\r\n王芳,13800138000,wang@example.cn,老客户，喜欢周末预约。\r\n\
                           李娜,13912345678,,朋友介绍\r\n张伟,,zhang@example.cn,\r\n";

    #[test]
    fn a_byte_order_mark_decides_and_is_dropped() {
        let utf8 = [b"\xEF\xBB\xBF".as_slice(), "Имя".as_bytes()].concat();
        let decoded = detect(&utf8).unwrap();
        assert_eq!(
            (decoded.text.as_str(), decoded.encoding, decoded.detection),
            ("Имя", Encoding::Utf8, Detection::ByteOrderMark)
        );
        let mut le = vec![0xFF, 0xFE];
        le.extend("Имя\t王芳".encode_utf16().flat_map(|u| u.to_le_bytes()));
        let decoded = detect(&le).unwrap();
        assert_eq!((decoded.text.as_str(), decoded.encoding), ("Имя\t王芳", Encoding::Utf16Le));
        let mut be = vec![0xFE, 0xFF];
        be.extend("a,b".encode_utf16().flat_map(|u| u.to_be_bytes()));
        assert_eq!(detect(&be).unwrap().encoding, Encoding::Utf16Be);
    }

    #[test]
    fn valid_utf8_is_utf8() {
        let decoded = detect("姓名,Имя\n".as_bytes()).unwrap();
        assert_eq!(
            (decoded.encoding, decoded.detection, decoded.lossless),
            (Encoding::Utf8, Detection::ValidUtf8, true)
        );
        assert_eq!(decoded.alternatives[0], Encoding::Utf16Le);
    }

    #[test]
    fn cyrillic_windows_1251_is_told_from_gbk() {
        for text in [RUSSIAN, UKRAINIAN] {
            let decoded = detect(&encode(text, encoding_rs::WINDOWS_1251)).unwrap();
            assert_eq!((decoded.encoding, decoded.detection), (Encoding::Windows1251, Detection::Scored));
            assert_eq!(decoded.text, text);
            assert_eq!(decoded.alternatives[0], Encoding::Gb18030);
        }
    }

    #[test]
    fn chinese_gbk_is_told_from_windows_1251() {
        let decoded = detect(&encode(CHINESE, encoding_rs::GBK)).unwrap();
        assert_eq!((decoded.encoding, decoded.text.as_str()), (Encoding::Gb18030, CHINESE));
        assert_eq!(decoded.alternatives[0], Encoding::Windows1251);
    }

    #[test]
    fn mostly_utf8_with_a_stray_byte_stays_utf8() {
        let mut bytes = "Имя,Телефон\nАнна Петрова,+7 916\nОльга".as_bytes().to_vec();
        bytes.push(0xE9);
        bytes.extend_from_slice("\n".as_bytes());
        let decoded = detect(&bytes).unwrap();
        assert_eq!((decoded.encoding, decoded.lossless), (Encoding::Utf8, false));
        assert!(decoded.text.ends_with("Ольга\u{FFFD}\n"));
    }

    #[test]
    fn a_replacement_character_in_the_file_itself_is_lossless() {
        let decoded = decode_as("a\u{FFFD}b".as_bytes(), Encoding::Utf8, &EncodingRs).unwrap();
        assert!(decoded.lossless);
    }

    #[test]
    fn a_chosen_encoding_is_used_as_chosen() {
        let bytes = encode(RUSSIAN, encoding_rs::WINDOWS_1251);
        let decoded = decode_as(&bytes, Encoding::Gb18030, &EncodingRs).unwrap();
        assert_eq!((decoded.encoding, decoded.detection), (Encoding::Gb18030, Detection::Chosen));
        assert_ne!(decoded.text, RUSSIAN);
        assert!(!decoded.alternatives.contains(&Encoding::Gb18030));
    }

    #[test]
    fn empty_binary_and_spreadsheet_files_are_refused() {
        assert_eq!(detect(b""), Err(TextError::Empty));
        assert_eq!(detect(b"PK\x03\x04\x14\x00rest"), Err(TextError::Spreadsheet(SpreadsheetKind::Zipped)));
        assert_eq!(
            detect(b"\xD0\xCF\x11\xE0\xA1\xB1\x1A\xE1\x00\x00"),
            Err(TextError::Spreadsheet(SpreadsheetKind::LegacyExcel))
        );
        let noise: Vec<u8> = (0u32..4096).map(|i| (i.wrapping_mul(2_654_435_761) >> 13) as u8).collect();
        assert!(matches!(detect(&noise), Err(TextError::NotText { .. })));
        let too_large = vec![b'a'; MAX_FILE_BYTES + 1];
        assert_eq!(detect(&too_large), Err(TextError::TooLarge { max_mb: 64 }));
    }

    #[test]
    fn scores_follow_the_documented_formula() {
        let bytes = encode("Анна", encoding_rs::WINDOWS_1251);
        assert_eq!(script_score(&bytes, "Анна", Encoding::Windows1251), 1.0);
        assert_eq!(script_score(&bytes, "\u{FFFD}\u{FFFD}\u{FFFD}\u{FFFD}", Encoding::Utf8), -3.0);
        assert_eq!(script_score(b"abc", "abc", Encoding::Gb18030), 1.0);
    }
}
