//! The vault's byte layouts: the header that holds the wrapped data key, and the envelope
//! around every sealed record. Parsing and writing are separate, symmetric pieces; nothing
//! here touches a key. docs/FORMAT.md is the prose version of this file.
//!
//! ```text
//! Vault header, format 1 (99 bytes):
//!   0   8  magic "CLTVAULT"
//!   8   2  format version, u16 little-endian (1)
//!  10   1  KDF id (1 = Argon2id, version 0x13)
//!  11   4  Argon2 memory cost in KiB, u32 LE
//!  15   4  Argon2 iterations, u32 LE
//!  19   4  Argon2 parallelism, u32 LE
//!  23  16  salt
//!  39  12  nonce of the key wrap
//!  51  48  wrapped data key: AES-256-GCM ciphertext (32) || tag (16)
//!  The key wrap's associated data is bytes 0..39.
//!
//! Record envelope, format 1:
//!   0   1  envelope version (1)
//!   1   1  record kind
//!   2  12  nonce
//!  14   n  AES-256-GCM ciphertext || 16-byte tag
//!  Associated data: "CLTREC" || format version u16 LE || kind u8 || record id (UTF-8)
//! ```

use crate::i18n::t;
use crate::vault::kdf::KdfParams;
use crate::vault::VaultError;

pub const VAULT_MAGIC: [u8; 8] = *b"CLTVAULT";
pub const FORMAT_VERSION: u16 = 1;
pub const KDF_ARGON2ID: u8 = 1;
pub const SALT_LEN: usize = 16;
pub const NONCE_LEN: usize = 12;
pub const TAG_LEN: usize = 16;
pub const DATA_KEY_LEN: usize = 32;
pub const WRAPPED_KEY_LEN: usize = DATA_KEY_LEN + TAG_LEN;
/// Everything before the wrap nonce; it is the associated data of the key wrap.
pub const HEADER_AD_LEN: usize = 39;
pub const HEADER_LEN: usize = HEADER_AD_LEN + NONCE_LEN + WRAPPED_KEY_LEN;

pub const ENVELOPE_VERSION: u8 = 1;
pub const ENVELOPE_PREFIX_LEN: usize = 2 + NONCE_LEN;
const RECORD_AD_LABEL: &[u8; 6] = b"CLTREC";

/// The parsed vault header. It holds only public values: the wrapped key is useless
/// without the passphrase.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct VaultHeader {
    pub kdf: KdfParams,
    pub salt: [u8; SALT_LEN],
    pub wrap_nonce: [u8; NONCE_LEN],
    pub wrapped_key: [u8; WRAPPED_KEY_LEN],
}

impl VaultHeader {
    /// The bytes the key wrap authenticates: magic, version, KDF id, parameters and salt.
    pub fn associated_data(&self) -> [u8; HEADER_AD_LEN] {
        let mut ad = [0u8; HEADER_AD_LEN];
        ad[0..8].copy_from_slice(&VAULT_MAGIC);
        ad[8..10].copy_from_slice(&FORMAT_VERSION.to_le_bytes());
        ad[10] = KDF_ARGON2ID;
        ad[11..15].copy_from_slice(&self.kdf.memory_kib.to_le_bytes());
        ad[15..19].copy_from_slice(&self.kdf.iterations.to_le_bytes());
        ad[19..23].copy_from_slice(&self.kdf.parallelism.to_le_bytes());
        ad[23..39].copy_from_slice(&self.salt);
        ad
    }

    pub fn to_bytes(&self) -> Vec<u8> {
        let mut out = Vec::with_capacity(HEADER_LEN);
        out.extend_from_slice(&self.associated_data());
        out.extend_from_slice(&self.wrap_nonce);
        out.extend_from_slice(&self.wrapped_key);
        out
    }

    /// Parses a stored header. Distinguishes a foreign file, a damaged header and a newer
    /// format, and refuses KDF parameters outside the accepted range before any key work.
    pub fn parse(bytes: &[u8]) -> Result<Self, VaultError> {
        if bytes.len() < VAULT_MAGIC.len() || bytes[0..8] != VAULT_MAGIC {
            return Err(VaultError::UnknownFormat);
        }
        if bytes.len() < 10 {
            return Err(VaultError::DamagedHeader);
        }
        let version = u16::from_le_bytes([bytes[8], bytes[9]]);
        if version > FORMAT_VERSION {
            return Err(VaultError::NewerFormat { found: version });
        }
        if version == 0 || bytes.len() != HEADER_LEN {
            return Err(VaultError::DamagedHeader);
        }
        if bytes[10] != KDF_ARGON2ID {
            return Err(VaultError::UnknownKdf { id: bytes[10] });
        }
        let kdf = KdfParams {
            memory_kib: read_u32(bytes, 11),
            iterations: read_u32(bytes, 15),
            parallelism: read_u32(bytes, 19),
        };
        kdf.check_acceptable()?;
        Ok(Self {
            kdf,
            salt: copy_array(&bytes[23..39]),
            wrap_nonce: copy_array(&bytes[39..51]),
            wrapped_key: copy_array(&bytes[51..HEADER_LEN]),
        })
    }
}

/// The kinds of sealed records. The kind travels in clear in the envelope and is bound by
/// the associated data, so relabelling a record makes it fail to open.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum RecordKind {
    Client = 1,
    Settings = 2,
    /// The book as it was before a "replace everything" import, kept for 7 days.
    SafetyCopy = 3,
}

impl RecordKind {
    pub fn from_byte(byte: u8) -> Option<Self> {
        match byte {
            1 => Some(Self::Client),
            2 => Some(Self::Settings),
            3 => Some(Self::SafetyCopy),
            _ => None,
        }
    }
}

/// A sealed record as stored: kind and nonce in clear, then ciphertext and tag.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct RecordEnvelope {
    pub kind: RecordKind,
    pub nonce: [u8; NONCE_LEN],
    pub ciphertext: Vec<u8>,
}

/// Why a stored record could not be opened. Shown next to the record id.
#[derive(Clone, Copy, Debug, PartialEq, Eq, thiserror::Error)]
pub enum RecordDamage {
    #[error("{}", t("too short to be a record"))]
    Truncated,
    #[error("{}", t("written by a newer version of Clientele"))]
    NewerEnvelope,
    #[error("{}", t("of a kind this version does not know"))]
    UnknownKind,
    #[error("{}", t("failed its integrity check"))]
    FailedAuthentication,
    #[error("{}", t("decrypted but could not be read"))]
    Unreadable,
}

impl RecordEnvelope {
    pub fn to_bytes(&self) -> Vec<u8> {
        let mut out = Vec::with_capacity(ENVELOPE_PREFIX_LEN + self.ciphertext.len());
        out.push(ENVELOPE_VERSION);
        out.push(self.kind as u8);
        out.extend_from_slice(&self.nonce);
        out.extend_from_slice(&self.ciphertext);
        out
    }

    pub fn parse(bytes: &[u8]) -> Result<Self, RecordDamage> {
        if bytes.len() < ENVELOPE_PREFIX_LEN + TAG_LEN {
            return Err(RecordDamage::Truncated);
        }
        if bytes[0] != ENVELOPE_VERSION {
            return Err(if bytes[0] > ENVELOPE_VERSION {
                RecordDamage::NewerEnvelope
            } else {
                RecordDamage::Truncated
            });
        }
        let kind = RecordKind::from_byte(bytes[1]).ok_or(RecordDamage::UnknownKind)?;
        Ok(Self {
            kind,
            nonce: copy_array(&bytes[2..ENVELOPE_PREFIX_LEN]),
            ciphertext: bytes[ENVELOPE_PREFIX_LEN..].to_vec(),
        })
    }
}

/// Associated data of a record: binds its id, kind and the format version, so that a
/// ciphertext moved to another id or kind, or replayed under another format, is rejected.
pub fn record_associated_data(id: &str, kind: RecordKind) -> Vec<u8> {
    let mut ad = Vec::with_capacity(RECORD_AD_LABEL.len() + 3 + id.len());
    ad.extend_from_slice(RECORD_AD_LABEL);
    ad.extend_from_slice(&FORMAT_VERSION.to_le_bytes());
    ad.push(kind as u8);
    ad.extend_from_slice(id.as_bytes());
    ad
}

fn read_u32(bytes: &[u8], at: usize) -> u32 {
    u32::from_le_bytes(copy_array(&bytes[at..at + 4]))
}

/// Copies a slice whose length the caller has already checked.
fn copy_array<const N: usize>(slice: &[u8]) -> [u8; N] {
    let mut out = [0u8; N];
    out.copy_from_slice(slice);
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn sample_header() -> VaultHeader {
        VaultHeader {
            kdf: KdfParams::MINIMUM,
            salt: [7; SALT_LEN],
            wrap_nonce: [9; NONCE_LEN],
            wrapped_key: [3; WRAPPED_KEY_LEN],
        }
    }

    #[test]
    fn header_round_trips() {
        let header = sample_header();
        let bytes = header.to_bytes();
        assert_eq!(bytes.len(), HEADER_LEN);
        assert_eq!(VaultHeader::parse(&bytes).unwrap(), header);
    }

    #[test]
    fn header_parse_tells_garbage_truncation_and_future_versions_apart() {
        let bytes = sample_header().to_bytes();
        assert_eq!(VaultHeader::parse(b"hello world, not a vault"), Err(VaultError::UnknownFormat));
        assert_eq!(VaultHeader::parse(&[]), Err(VaultError::UnknownFormat));
        assert_eq!(VaultHeader::parse(&bytes[..50]), Err(VaultError::DamagedHeader));
        assert_eq!(VaultHeader::parse(&bytes[..9]), Err(VaultError::DamagedHeader));
        let mut future = bytes.clone();
        future[8] = 2;
        assert_eq!(VaultHeader::parse(&future), Err(VaultError::NewerFormat { found: 2 }));
        let mut other_kdf = bytes.clone();
        other_kdf[10] = 9;
        assert_eq!(VaultHeader::parse(&other_kdf), Err(VaultError::UnknownKdf { id: 9 }));
        let mut longer = bytes;
        longer.push(0);
        assert_eq!(VaultHeader::parse(&longer), Err(VaultError::DamagedHeader));
    }

    #[test]
    fn header_parse_refuses_weak_and_absurd_kdf_parameters() {
        let mut weak = sample_header();
        weak.kdf.memory_kib = 8 * 1024;
        assert_eq!(VaultHeader::parse(&weak.to_bytes()), Err(VaultError::WeakKdfParams));
        let mut zero_iterations = sample_header();
        zero_iterations.kdf.iterations = 0;
        assert_eq!(VaultHeader::parse(&zero_iterations.to_bytes()), Err(VaultError::WeakKdfParams));
        let mut huge = sample_header();
        huge.kdf.memory_kib = 4 * 1024 * 1024;
        assert_eq!(VaultHeader::parse(&huge.to_bytes()), Err(VaultError::UnreasonableKdfParams));
    }

    #[test]
    fn envelope_round_trips_and_rejects_short_or_unknown_input() {
        let envelope = RecordEnvelope { kind: RecordKind::Client, nonce: [1; NONCE_LEN], ciphertext: vec![5; 40] };
        let bytes = envelope.to_bytes();
        assert_eq!(RecordEnvelope::parse(&bytes).unwrap(), envelope);
        assert_eq!(RecordEnvelope::parse(&bytes[..20]), Err(RecordDamage::Truncated));
        let mut unknown_kind = bytes.clone();
        unknown_kind[1] = 200;
        assert_eq!(RecordEnvelope::parse(&unknown_kind), Err(RecordDamage::UnknownKind));
        let mut newer = bytes;
        newer[0] = 2;
        assert_eq!(RecordEnvelope::parse(&newer), Err(RecordDamage::NewerEnvelope));
    }
}
