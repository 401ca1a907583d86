//! The native stand-in for the browser's `TextDecoder`: `encoding_rs`, which implements the same
//! WHATWG Encoding Standard. Shared by the unit tests in `src/import/` and the integration
//! tests (each includes this file with `#[path]`, next to a `use` of `TextDecoding` and
//! `DecodeError` in the including module).

use super::{DecodeError, TextDecoding};

/// Decodes with `encoding_rs` as `TextDecoder(label, { fatal })` does.
pub struct EncodingRs;

impl TextDecoding for EncodingRs {
    fn decode(&self, bytes: &[u8], label: &str, fatal: bool) -> Result<String, DecodeError> {
        let encoding = encoding_rs::Encoding::for_label(label.trim().as_bytes()).ok_or(DecodeError::UnknownLabel)?;
        // `TextDecoder` drops the byte-order mark of its own encoding (ignoreBOM is off).
        let mut decoder = encoding.new_decoder_with_bom_removal();
        if fatal {
            let capacity = decoder.max_utf8_buffer_length_without_replacement(bytes.len()).unwrap_or(bytes.len() * 3);
            let mut text = String::with_capacity(capacity);
            let (result, _) = decoder.decode_to_string_without_replacement(bytes, &mut text, true);
            match result {
                encoding_rs::DecoderResult::InputEmpty => Ok(text),
                _ => Err(DecodeError::Malformed),
            }
        } else {
            let capacity = decoder.max_utf8_buffer_length(bytes.len()).unwrap_or(bytes.len() * 3);
            let mut text = String::with_capacity(capacity);
            let _ = decoder.decode_to_string(bytes, &mut text, true);
            Ok(text)
        }
    }
}
