//! Reading contacts from other apps' files: CSV (Google Contacts, Outlook, spreadsheets saved
//! by Excel in any of our four languages) and vCard (phones, iCloud, Google), into neutral
//! [`ImportedContact`]s that become new clients.
//!
//! The steps, each a plain function the UI calls in turn:
//! 1. [`decode_file`]: bytes to text, detecting the encoding ([`text`]), or [`decode_file_as`]
//!    with the one a person picks;
//! 2. [`sniff`]: vCard or CSV;
//! 3. for CSV, [`csv`] parses the table (detecting the delimiter), [`mapping`] guesses which
//!    column feeds which field ([`ColumnMapping::auto`]), the person adjusts it, and
//!    [`ColumnMapping::apply`] reads the rows; for vCard, [`vcard::parse_vcards`] reads the
//!    cards;
//! 4. every contact has a [`ImportedContact::contact_key`] to recognise it in a later import,
//!    and [`ImportedContact::into_client`] makes it a client.
//!
//! Nothing here writes to the book, and nothing here logs: a file's content never appears in
//! an error, a problem or a `Debug` output. Errors and problems name rows, columns and
//! properties only. No input makes it panic.

pub mod contact;
pub mod csv;
pub mod dates;
mod headers;
pub mod mapping;
pub mod text;
pub mod vcard;

pub use contact::{ImportBatch, ImportedContact, ImportedRecord, NoteLabels, Place, ProblemReason, RowProblem};
pub use csv::{CsvError, CsvRow, CsvTable, Delimiter};
pub use dates::{DateDetection, DateForm};
pub use headers::header_key;
pub use mapping::{AddressPart, ColumnMapping, ColumnPlan, FieldTarget, NamePart};
pub use text::{DecodeError, DecodedText, Detection, Encoding, TextDecoding, TextError};
pub use vcard::VcardError;

/// The kinds of file an import reads.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum FileKind {
    Csv,
    Vcard,
}

/// Decodes a picked file, detecting its encoding (see [`text`]). A vCard whose lines were
/// folded inside UTF-8 characters is mended first ([`vcard::join_folds_inside_characters`]).
pub fn decode_file(bytes: &[u8], decoder: &dyn TextDecoding) -> Result<DecodedText, TextError> {
    match vcard::join_folds_inside_characters(bytes) {
        Some(joined) => text::decode_detected(&joined, decoder),
        None => text::decode_detected(bytes, decoder),
    }
}

/// Decodes a picked file in the encoding a person chose.
pub fn decode_file_as(bytes: &[u8], encoding: Encoding, decoder: &dyn TextDecoding) -> Result<DecodedText, TextError> {
    match vcard::join_folds_inside_characters(bytes).filter(|_| encoding == Encoding::Utf8) {
        Some(joined) => text::decode_as(&joined, encoding, decoder),
        None => text::decode_as(bytes, encoding, decoder),
    }
}

/// Which kind decoded text is: vCard when its first non-blank line is `BEGIN:VCARD`, else CSV.
/// The content decides, not the file name, which is often wrong (`contacts.txt`).
pub fn sniff(text: &str) -> FileKind {
    if vcard::looks_like_vcard(text.trim_start_matches('\u{feff}')) {
        FileKind::Vcard
    } else {
        FileKind::Csv
    }
}

/// Any failure to read a file as a whole. Problems with single rows or cards are not errors:
/// they are [`RowProblem`]s in the [`ImportBatch`].
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
pub enum ImportError {
    #[error(transparent)]
    Text(#[from] TextError),
    #[error(transparent)]
    Csv(#[from] CsvError),
    #[error(transparent)]
    Vcard(#[from] VcardError),
}

/// `encoding_rs` as the decoder in unit tests, shared with the integration tests.
#[cfg(test)]
#[path = "../../tests/support/encoding_rs_decoder.rs"]
mod test_decoder;

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{Address, Birthday, Client, ClientStats, Phone, Settings};
    use test_decoder::EncodingRs;

    fn exported_client() -> Client {
        let mut c = Client::new("0123456789abcdef0123456789abcdef".into(), chrono::DateTime::UNIX_EPOCH);
        c.name = "Олена".into();
        c.legal_name = "Olena Kovalenko".into();
        c.alias = "Лена".into();
        c.phones = vec![
            Phone { label: "Мобильный".into(), number: "+380 67 123 45 67".into() },
            Phone { label: "".into(), number: "+380 44 000 00 00".into() },
        ];
        c.emails = vec!["olena@example.ua".into()];
        c.address =
            Address { street: "вул. Хрещатик, 1".into(), city: "Київ".into(), ..Address::default() };
        c.birthday = Some(Birthday { month: 3, day: 8, year: None });
        c.notes = "Line one\nLine two; with 王芳 and a long tail that goes on until the line is folded".into();
        c
    }

    fn read_back(bytes: &[u8]) -> ImportedContact {
        let text = decode_file(bytes, &EncodingRs).unwrap();
        let batch = match sniff(&text.text) {
            FileKind::Vcard => vcard::parse_vcards(&text.text, text.encoding, &EncodingRs).unwrap(),
            FileKind::Csv => {
                let table = csv::read_table(&text.text).unwrap();
                ColumnMapping::auto(&table, &[]).apply(&table, &[])
            }
        };
        assert_eq!(batch.problems, []);
        batch.contacts.into_iter().next().unwrap().contact
    }

    #[test]
    fn clienteles_own_exports_read_back_with_one_key() {
        let client = exported_client();
        let from_vcard = read_back(crate::export::vcards([&client]).as_bytes());
        let stats = ClientStats::of(&client, chrono::DateTime::UNIX_EPOCH);
        let from_csv = read_back(crate::export::clients_csv([(&client, &stats)], &Settings::default()).as_bytes());
        for contact in [&from_vcard, &from_csv] {
            assert_eq!(contact.contact_key(), "uid:urn:clientele:0123456789abcdef0123456789abcdef");
            assert_eq!((contact.name.as_str(), contact.legal_name.as_str()), ("Олена", "Olena Kovalenko"));
            assert_eq!(
                (contact.alias.as_str(), &contact.phones, &contact.emails),
                ("Лена", &client.phones, &client.emails)
            );
            assert_eq!(
                (&contact.address, contact.birthday, contact.notes.as_str()),
                (&client.address, client.birthday, client.notes.as_str())
            );
        }
    }

    #[test]
    fn vcards_are_told_from_csv_by_content() {
        assert_eq!(sniff("\u{feff}\r\n  begin:vcard\r\nVERSION:3.0\r\n"), FileKind::Vcard);
        assert_eq!(sniff("\r\n  begin:vcard\r\nVERSION:3.0\r\n"), FileKind::Vcard);
        assert_eq!(sniff("Name,Phone\nBEGIN:VCARD\n"), FileKind::Csv);
    }
}
