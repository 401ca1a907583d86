//! The browser's `TextDecoder` as the import's [`TextDecoding`]: the WHATWG Encoding Standard
//! as the browser implements it, so the app ships no encoding tables.

use web_sys::{TextDecoder, TextDecoderOptions};

use crate::import::{DecodeError, TextDecoding};

/// Decodes with `new TextDecoder(label, { fatal })`.
pub struct BrowserTextDecoder;

impl TextDecoding for BrowserTextDecoder {
    fn decode(&self, bytes: &[u8], label: &str, fatal: bool) -> Result<String, DecodeError> {
        let options = TextDecoderOptions::new();
        options.set_fatal(fatal);
        // The constructor throws a RangeError for a label it does not know.
        let decoder =
            TextDecoder::new_with_label_and_options(label, &options).map_err(|_| DecodeError::UnknownLabel)?;
        // `decode` throws a TypeError on invalid bytes only when fatal.
        decoder.decode_with_u8_array(bytes).map_err(|_| DecodeError::Malformed)
    }
}
