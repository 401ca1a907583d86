//! Reading contacts from other apps' files (CSV and vCard), step by step, as plain functions
//! the UI calls in turn. The first step is [`text`]: bytes to text, detecting the encoding.
//!
//! Nothing here writes to the book, and nothing here logs: a file's content never appears in
//! an error or a `Debug` output. No input makes it panic.

pub mod text;

pub use text::{DecodeError, DecodedText, Detection, Encoding, TextDecoding, TextError};

/// `encoding_rs` as the decoder in unit tests, shared with the integration tests.
#[cfg(test)]
#[path = "../../tests/support/encoding_rs_decoder.rs"]
mod test_decoder;
