//! Reading contacts from other apps' files: CSV (Google Contacts, Outlook, spreadsheets saved
//! by Excel in any of our four languages) and vCard (phones, iCloud, Google), into neutral
//! [`ImportedContact`]s that become new clients.
//!
//! The steps, each a plain function the UI calls in turn:
//! 1. [`text`]: bytes to text, detecting the encoding (or using the one a person picks);
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
pub mod review;
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

    #[test]
    fn vcards_are_told_from_csv_by_content() {
        assert_eq!(sniff("\u{feff}\r\n  begin:vcard\r\nVERSION:3.0\r\n"), FileKind::Vcard);
        assert_eq!(sniff("\r\n  begin:vcard\r\nVERSION:3.0\r\n"), FileKind::Vcard);
        assert_eq!(sniff("Name,Phone\nBEGIN:VCARD\n"), FileKind::Csv);
    }
}
