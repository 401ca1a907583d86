//! Reading contacts from other apps' files: CSV (Google Contacts, Outlook, spreadsheets saved
//! by Excel in any of our four languages), and later vCard, into neutral
//! [`ImportedContact`]s that become new clients.
//!
//! The steps, each a plain function the UI calls in turn:
//! 1. [`text`]: bytes to text, detecting the encoding (or using the one a person picks);
//! 2. for CSV, [`csv`] parses the table (detecting the delimiter), [`mapping`] guesses which
//!    column feeds which field ([`ColumnMapping::auto`]), the person adjusts it, and
//!    [`ColumnMapping::apply`] reads the rows;
//! 3. every contact has a [`ImportedContact::contact_key`] to recognise it in a later import,
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

pub use contact::{ImportBatch, ImportedContact, ImportedRecord, NoteLabels, Place, ProblemReason, RowProblem};
pub use csv::{CsvError, CsvRow, CsvTable, Delimiter};
pub use dates::{DateDetection, DateForm};
pub use headers::header_key;
pub use mapping::{AddressPart, ColumnMapping, ColumnPlan, FieldTarget, NamePart};
pub use text::{DecodeError, DecodedText, Detection, Encoding, TextDecoding, TextError};

/// `encoding_rs` as the decoder in unit tests, shared with the integration tests.
#[cfg(test)]
#[path = "../../tests/support/encoding_rs_decoder.rs"]
mod test_decoder;
