//! The vault's byte layouts: the header that holds the wrapped data key (and, from format 2,
//! the sealed book state), and the envelope around every sealed record. Parsing and writing
//! are separate, symmetric pieces; nothing here touches a key. docs/FORMAT.md is the prose
//! version of this file. Ranges below are half-open: `0..39` is bytes 0 to 38.
//!
//! ```text
//! Vault header, format 1 (99 bytes) and format 2 (115 + L bytes):
//!    0   8  magic "CLTVAULT"
//!    8   2  format version, u16 little-endian (1 or 2)
//!   10   1  KDF id (1 = Argon2id, version 0x13)
//!   11   4  Argon2 memory cost in KiB, u32 LE
//!   15   4  Argon2 iterations, u32 LE
//!   19   4  Argon2 parallelism, u32 LE
//!   23  16  salt
//!   39  12  nonce of the key wrap
//!   51  48  wrapped data key: AES-256-GCM ciphertext (32) || tag (16)
//!  The key wrap's associated data is bytes 0..39, the format version included.
//!  Format 2 only:
//!   99  12  nonce of the sealed state
//!  111   4  L, the sealed state's length, u32 LE (at least 16)
//!  115   L  sealed state: AES-256-GCM under the data key, associated data
//!           "CLTSTATE" || bytes 0..99; plaintext: the state JSON (see `vault::state`)
//!
//! Record envelope, version 1 (format 1):
//!    0   1  envelope version (1)
//!    1   1  record kind
//!    2  12  nonce
//!   14   n  AES-256-GCM ciphertext || 16-byte tag
//!  Associated data: "CLTREC" || format version 1 as u16 LE || kind u8 || record id (UTF-8)
//!
//! Record envelope, version 2 (format 2):
//!    0   1  envelope version (2)
//!    1   1  record kind
//!    2   8  revision, u64 LE
//!   10  12  nonce
//!   22   n  AES-256-GCM ciphertext || 16-byte tag
//!  Associated data: "CLTREC" || envelope version 2 as u8 || kind u8 || revision u64 LE
//!                   || record id (UTF-8)
//! ```

use crate::i18n::t;
use crate::vault::kdf::KdfParams;
use crate::vault::VaultError;

pub const VAULT_MAGIC: [u8; 8] = *b"CLTVAULT";
/// The first release's header: the key wrap alone.
pub const FORMAT_V1: u16 = 1;
/// The key wrap followed by the sealed book state.
pub const FORMAT_V2: u16 = 2;
/// What this version writes.
pub const FORMAT_VERSION: u16 = FORMAT_V2;
pub const KDF_ARGON2ID: u8 = 1;
pub const SALT_LEN: usize = 16;
pub const NONCE_LEN: usize = 12;
pub const TAG_LEN: usize = 16;
pub const DATA_KEY_LEN: usize = 32;
pub const WRAPPED_KEY_LEN: usize = DATA_KEY_LEN + TAG_LEN;
/// Bytes 0..39: the key wrap's associated data (magic through salt).
pub const KEY_WRAP_AD_LEN: usize = 39;
/// Bytes 0..99: the whole header of format 1, and the key part of format 2.
pub const KEY_PART_LEN: usize = KEY_WRAP_AD_LEN + NONCE_LEN + WRAPPED_KEY_LEN;
/// Bytes 0..115 of a format-2 header: the key part, the state nonce and its length.
pub const STATE_PREFIX_LEN: usize = KEY_PART_LEN + NONCE_LEN + 4;
const STATE_AD_LABEL: &[u8; 8] = b"CLTSTATE";

pub const ENVELOPE_V1: u8 = 1;
pub const ENVELOPE_V2: u8 = 2;
const ENVELOPE_V1_PREFIX_LEN: usize = 2 + NONCE_LEN;
const ENVELOPE_V2_PREFIX_LEN: usize = 2 + 8 + NONCE_LEN;
const RECORD_AD_LABEL: &[u8; 6] = b"CLTREC";

/// The format-2 book state as stored in the header: nonce and AES-256-GCM ciphertext || tag.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct SealedState {
    pub nonce: [u8; NONCE_LEN],
    pub ciphertext: Vec<u8>,
}

/// The parsed vault header. It holds only public values: the wrapped key is useless without
/// the passphrase, and the state is sealed under the data key.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct VaultHeader {
    /// 1 or 2.
    pub format: u16,
    pub kdf: KdfParams,
    pub salt: [u8; SALT_LEN],
    pub wrap_nonce: [u8; NONCE_LEN],
    pub wrapped_key: [u8; WRAPPED_KEY_LEN],
    /// Present in format 2 only.
    pub state: Option<SealedState>,
}

impl VaultHeader {
    /// The bytes the key wrap authenticates: magic, version, KDF id, parameters and salt.
    pub fn key_wrap_ad(&self) -> [u8; KEY_WRAP_AD_LEN] {
        let mut ad = [0u8; KEY_WRAP_AD_LEN];
        ad[0..8].copy_from_slice(&VAULT_MAGIC);
        ad[8..10].copy_from_slice(&self.format.to_le_bytes());
        ad[10] = KDF_ARGON2ID;
        ad[11..15].copy_from_slice(&self.kdf.memory_kib.to_le_bytes());
        ad[15..19].copy_from_slice(&self.kdf.iterations.to_le_bytes());
        ad[19..23].copy_from_slice(&self.kdf.parallelism.to_le_bytes());
        ad[23..39].copy_from_slice(&self.salt);
        ad
    }

    /// Bytes 0..99: everything about the key.
    pub fn key_part(&self) -> [u8; KEY_PART_LEN] {
        let mut out = [0u8; KEY_PART_LEN];
        out[..KEY_WRAP_AD_LEN].copy_from_slice(&self.key_wrap_ad());
        out[KEY_WRAP_AD_LEN..KEY_WRAP_AD_LEN + NONCE_LEN].copy_from_slice(&self.wrap_nonce);
        out[KEY_WRAP_AD_LEN + NONCE_LEN..].copy_from_slice(&self.wrapped_key);
        out
    }

    /// The sealed state's associated data: "CLTSTATE" || bytes 0..99, so a state cannot be
    /// moved under another key wrap.
    pub fn state_ad(&self) -> Vec<u8> {
        let mut ad = Vec::with_capacity(STATE_AD_LABEL.len() + KEY_PART_LEN);
        ad.extend_from_slice(STATE_AD_LABEL);
        ad.extend_from_slice(&self.key_part());
        ad
    }

    pub fn to_bytes(&self) -> Vec<u8> {
        let mut out = self.key_part().to_vec();
        if let Some(state) = &self.state {
            out.extend_from_slice(&state.nonce);
            out.extend_from_slice(&(state.ciphertext.len() as u32).to_le_bytes());
            out.extend_from_slice(&state.ciphertext);
        }
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
        let format = u16::from_le_bytes([bytes[8], bytes[9]]);
        if format > FORMAT_VERSION {
            return Err(VaultError::NewerFormat { found: format });
        }
        if format == 0 || bytes.len() < KEY_PART_LEN {
            return Err(VaultError::DamagedHeader);
        }
        let state = match format {
            FORMAT_V1 if bytes.len() == KEY_PART_LEN => None,
            FORMAT_V2 if bytes.len() >= STATE_PREFIX_LEN + TAG_LEN => {
                let length = read_u32(bytes, KEY_PART_LEN + NONCE_LEN) as usize;
                if length < TAG_LEN || bytes.len() != STATE_PREFIX_LEN + length {
                    return Err(VaultError::DamagedHeader);
                }
                Some(SealedState {
                    nonce: copy_array(&bytes[KEY_PART_LEN..KEY_PART_LEN + NONCE_LEN]),
                    ciphertext: bytes[STATE_PREFIX_LEN..].to_vec(),
                })
            }
            _ => return Err(VaultError::DamagedHeader),
        };
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
            format,
            kdf,
            salt: copy_array(&bytes[23..39]),
            wrap_nonce: copy_array(&bytes[39..51]),
            wrapped_key: copy_array(&bytes[51..KEY_PART_LEN]),
            state,
        })
    }
}

/// The kinds of sealed records. The kind travels in clear in the envelope and is bound by
/// the associated data, so relabelling a record makes it fail to open.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum RecordKind {
    /// One client with their whole history.
    Client = 1,
    Settings = 2,
    /// The book as it was before a "replace everything" import, kept for 7 days.
    SafetyCopy = 3,
    /// Format 2: the summaries of the clients whose ids fall in one shard, and tombstones.
    Shard = 4,
    /// What "Undo import" or "Undo merge" writes back.
    Undo = 5,
    /// A form that was being filled in when the book locked.
    Draft = 6,
}

impl RecordKind {
    pub fn from_byte(byte: u8) -> Option<Self> {
        match byte {
            1 => Some(Self::Client),
            2 => Some(Self::Settings),
            3 => Some(Self::SafetyCopy),
            4 => Some(Self::Shard),
            5 => Some(Self::Undo),
            6 => Some(Self::Draft),
            _ => None,
        }
    }
}

/// A sealed record as stored: version, kind, revision and nonce in clear, then ciphertext
/// and tag.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct RecordEnvelope {
    /// 1 (format 1) or 2 (format 2).
    pub version: u8,
    pub kind: RecordKind,
    /// Which write of the book produced this record (format 2); 0 in version 1.
    pub revision: u64,
    pub nonce: [u8; NONCE_LEN],
    pub ciphertext: Vec<u8>,
}

/// Why a stored record could not be used. Shown next to the record id; the record itself is
/// left in storage as it is.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, thiserror::Error)]
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
    /// Format 2: an older copy than the book's index names (it was put back).
    #[error("{}", t("is an older copy than the book's index expects; it may have been put back"))]
    RolledBack,
    /// Format 2: the index names it, storage does not have it.
    #[error("{}", t("is missing from storage"))]
    Missing,
    /// Format 2: storage has it, the index does not name it.
    #[error("{}", t("is not part of this book's index; it may have been put there from elsewhere"))]
    Unknown,
    /// Format 2: not the copy the index names (same or newer revision, other contents).
    #[error("{}", t("does not match the book's index"))]
    Mismatch,
}

impl RecordEnvelope {
    pub fn to_bytes(&self) -> Vec<u8> {
        let mut out = Vec::with_capacity(ENVELOPE_V2_PREFIX_LEN + self.ciphertext.len());
        out.push(self.version);
        out.push(self.kind as u8);
        if self.version >= ENVELOPE_V2 {
            out.extend_from_slice(&self.revision.to_le_bytes());
        }
        out.extend_from_slice(&self.nonce);
        out.extend_from_slice(&self.ciphertext);
        out
    }

    pub fn parse(bytes: &[u8]) -> Result<Self, RecordDamage> {
        let Some(&version) = bytes.first() else { return Err(RecordDamage::Truncated) };
        let prefix = match version {
            ENVELOPE_V1 => ENVELOPE_V1_PREFIX_LEN,
            ENVELOPE_V2 => ENVELOPE_V2_PREFIX_LEN,
            v if v > ENVELOPE_V2 => return Err(RecordDamage::NewerEnvelope),
            _ => return Err(RecordDamage::Truncated),
        };
        if bytes.len() < prefix + TAG_LEN {
            return Err(RecordDamage::Truncated);
        }
        let kind = RecordKind::from_byte(bytes[1]).ok_or(RecordDamage::UnknownKind)?;
        let revision = if version == ENVELOPE_V2 { u64::from_le_bytes(copy_array(&bytes[2..10])) } else { 0 };
        Ok(Self {
            version,
            kind,
            revision,
            nonce: copy_array(&bytes[prefix - NONCE_LEN..prefix]),
            ciphertext: bytes[prefix..].to_vec(),
        })
    }

    /// The associated data this envelope's ciphertext was sealed under, for record `id`.
    pub fn associated_data(&self, id: &str) -> Vec<u8> {
        record_associated_data(self.version, id, self.kind, self.revision)
    }
}

/// Associated data of a record: binds its id, kind, envelope version and (version 2) its
/// revision, so that a ciphertext moved to another id or kind, relabelled with another
/// revision, or replayed under another envelope version is rejected.
pub fn record_associated_data(envelope_version: u8, id: &str, kind: RecordKind, revision: u64) -> Vec<u8> {
    let mut ad = Vec::with_capacity(RECORD_AD_LABEL.len() + 10 + id.len());
    ad.extend_from_slice(RECORD_AD_LABEL);
    if envelope_version == ENVELOPE_V1 {
        // Version 1 bound the vault's format version (1) as a u16 here.
        ad.extend_from_slice(&FORMAT_V1.to_le_bytes());
        ad.push(kind as u8);
    } else {
        ad.push(envelope_version);
        ad.push(kind as u8);
        ad.extend_from_slice(&revision.to_le_bytes());
    }
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

    fn sample_header(format: u16) -> VaultHeader {
        VaultHeader {
            format,
            kdf: KdfParams::MINIMUM,
            salt: [7; SALT_LEN],
            wrap_nonce: [9; NONCE_LEN],
            wrapped_key: [3; WRAPPED_KEY_LEN],
            state: (format == FORMAT_V2).then(|| SealedState { nonce: [4; NONCE_LEN], ciphertext: vec![5; 40] }),
        }
    }

    #[test]
    fn headers_of_both_formats_round_trip() {
        let v1 = sample_header(FORMAT_V1);
        assert_eq!(v1.to_bytes().len(), KEY_PART_LEN);
        assert_eq!(VaultHeader::parse(&v1.to_bytes()).unwrap(), v1);
        let v2 = sample_header(FORMAT_V2);
        assert_eq!(v2.to_bytes().len(), STATE_PREFIX_LEN + 40);
        assert_eq!(VaultHeader::parse(&v2.to_bytes()).unwrap(), v2);
    }

    #[test]
    fn the_format_version_is_part_of_the_key_wraps_associated_data() {
        assert_ne!(sample_header(FORMAT_V1).key_wrap_ad(), sample_header(FORMAT_V2).key_wrap_ad());
    }

    #[test]
    fn header_parse_tells_garbage_truncation_and_future_versions_apart() {
        let bytes = sample_header(FORMAT_V2).to_bytes();
        assert_eq!(VaultHeader::parse(b"hello world, not a vault"), Err(VaultError::UnknownFormat));
        assert_eq!(VaultHeader::parse(&[]), Err(VaultError::UnknownFormat));
        assert_eq!(VaultHeader::parse(&bytes[..50]), Err(VaultError::DamagedHeader));
        assert_eq!(VaultHeader::parse(&bytes[..9]), Err(VaultError::DamagedHeader));
        assert_eq!(VaultHeader::parse(&bytes[..KEY_PART_LEN]), Err(VaultError::DamagedHeader));
        assert_eq!(VaultHeader::parse(&bytes[..bytes.len() - 1]), Err(VaultError::DamagedHeader));
        let mut future = bytes.clone();
        future[8] = 3;
        assert_eq!(VaultHeader::parse(&future), Err(VaultError::NewerFormat { found: 3 }));
        let mut other_kdf = bytes.clone();
        other_kdf[10] = 9;
        assert_eq!(VaultHeader::parse(&other_kdf), Err(VaultError::UnknownKdf { id: 9 }));
        let mut longer = bytes;
        longer.push(0);
        assert_eq!(VaultHeader::parse(&longer), Err(VaultError::DamagedHeader));
        let mut v1_with_state = sample_header(FORMAT_V2).to_bytes();
        v1_with_state[8] = 1;
        assert_eq!(VaultHeader::parse(&v1_with_state), Err(VaultError::DamagedHeader));
    }

    #[test]
    fn header_parse_refuses_weak_and_absurd_kdf_parameters() {
        let mut weak = sample_header(FORMAT_V2);
        weak.kdf.memory_kib = 8 * 1024;
        assert_eq!(VaultHeader::parse(&weak.to_bytes()), Err(VaultError::WeakKdfParams));
        let mut zero_iterations = sample_header(FORMAT_V1);
        zero_iterations.kdf.iterations = 0;
        assert_eq!(VaultHeader::parse(&zero_iterations.to_bytes()), Err(VaultError::WeakKdfParams));
        let mut huge = sample_header(FORMAT_V2);
        huge.kdf.memory_kib = 4 * 1024 * 1024;
        assert_eq!(VaultHeader::parse(&huge.to_bytes()), Err(VaultError::UnreasonableKdfParams));
    }

    #[test]
    fn envelopes_of_both_versions_round_trip_and_reject_short_or_unknown_input() {
        for (version, revision) in [(ENVELOPE_V1, 0), (ENVELOPE_V2, 77)] {
            let envelope = RecordEnvelope {
                version,
                kind: RecordKind::Client,
                revision,
                nonce: [1; NONCE_LEN],
                ciphertext: vec![5; 40],
            };
            let bytes = envelope.to_bytes();
            assert_eq!(RecordEnvelope::parse(&bytes).unwrap(), envelope);
            assert_eq!(RecordEnvelope::parse(&bytes[..20]), Err(RecordDamage::Truncated));
            let mut unknown_kind = bytes.clone();
            unknown_kind[1] = 200;
            assert_eq!(RecordEnvelope::parse(&unknown_kind), Err(RecordDamage::UnknownKind));
            let mut newer = bytes;
            newer[0] = 3;
            assert_eq!(RecordEnvelope::parse(&newer), Err(RecordDamage::NewerEnvelope));
        }
        assert_eq!(RecordEnvelope::parse(&[]), Err(RecordDamage::Truncated));
    }

    #[test]
    fn associated_data_binds_version_kind_revision_and_id() {
        let base = record_associated_data(ENVELOPE_V2, "a", RecordKind::Client, 5);
        assert_ne!(base, record_associated_data(ENVELOPE_V1, "a", RecordKind::Client, 5));
        assert_ne!(base, record_associated_data(ENVELOPE_V2, "b", RecordKind::Client, 5));
        assert_ne!(base, record_associated_data(ENVELOPE_V2, "a", RecordKind::Shard, 5));
        assert_ne!(base, record_associated_data(ENVELOPE_V2, "a", RecordKind::Client, 6));
        assert_eq!(&record_associated_data(ENVELOPE_V1, "id", RecordKind::Client, 0)[..9], b"CLTREC\x01\x00\x01");
    }
}
