//! Reading contacts from other apps' files (CSV and vCard), step by step, as plain functions
//! the UI calls in turn:
//! 1. [`text`]: bytes to text, detecting the encoding (or using the one a person picks);
//! 2. for CSV, [`csv`] parses the table, detecting the delimiter; [`dates`] reads the dates of
//!    a column in the written form it detects.
//!
//! Nothing here writes to the book, and nothing here logs: a file's content never appears in
//! an error or a `Debug` output. No input makes it panic.

pub mod csv;
pub mod dates;
pub mod text;

pub use csv::{CsvError, CsvRow, CsvTable, Delimiter};
pub use dates::{DateDetection, DateForm};
pub use text::{DecodeError, DecodedText, Detection, Encoding, TextDecoding, TextError};

/// `encoding_rs` as the decoder in unit tests, shared with the integration tests.
#[cfg(test)]
#[path = "../../tests/support/encoding_rs_decoder.rs"]
mod test_decoder;
