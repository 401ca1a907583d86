//! The book state sealed inside a format-2 header: the book's identity, a generation counter
//! and the index of every record in the index area, each bound by id, kind, revision and the
//! SHA-256 of its stored bytes. Shards bind the client records the same way
//! ([`RecordRef`]), so one value in the header authenticates the whole record set: a record
//! put back from an older copy, deleted, or added from elsewhere is noticed at unlock.

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};
use sha2::{Digest, Sha256};

use crate::vault::cipher::RecordCipher;
use crate::vault::format::{RecordDamage, RecordEnvelope, RecordKind, SealedState, VaultHeader};
use crate::vault::{random_bytes, VaultError};

pub const STATE_SCHEMA: u32 = 1;

/// Which copy of a record the book expects.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct RecordRef {
    /// The record kind's number (see `RecordKind`).
    pub kind: u8,
    /// The generation of the commit that wrote it.
    pub revision: u64,
    /// SHA-256 of the stored envelope, as 64 lowercase hex digits.
    pub sha256: String,
}

impl RecordRef {
    /// The reference to a freshly sealed envelope.
    pub fn of(kind: RecordKind, revision: u64, envelope: &[u8]) -> Self {
        Self { kind: kind as u8, revision, sha256: sha256_hex(envelope) }
    }

    /// Parses `stored` and checks it is exactly the copy this reference names, given the
    /// SHA-256 of `stored`. A copy with a lower revision was put back (rolled back); any other
    /// difference is a mismatch.
    pub fn check(&self, stored: &[u8], sha256: &[u8; 32]) -> Result<RecordEnvelope, RecordDamage> {
        let envelope = RecordEnvelope::parse(stored)?;
        if envelope.revision < self.revision {
            return Err(RecordDamage::RolledBack);
        }
        if envelope.revision != self.revision || envelope.kind as u8 != self.kind || hex(sha256) != self.sha256 {
            return Err(RecordDamage::Mismatch);
        }
        Ok(envelope)
    }
}

/// What the header's sealed state holds (JSON).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct BookState {
    pub schema: u32,
    /// 32 random hex digits naming this book, the same on every device that holds a copy; a
    /// later sync between devices starts from it.
    pub book: String,
    /// Counts commits. Every record a commit writes carries the new generation as its revision.
    pub generation: u64,
    /// Every record of the index area by id.
    pub records: BTreeMap<String, RecordRef>,
}

impl BookState {
    /// The state of a new, empty book.
    pub fn new() -> Result<Self, VaultError> {
        let id: [u8; 16] = random_bytes()?;
        Ok(Self { schema: STATE_SCHEMA, book: hex(&id), generation: 0, records: BTreeMap::new() })
    }
}

/// Seals `state` into `header` (a fresh nonce; associated data "CLTSTATE" || the key part).
pub async fn seal_state<C: RecordCipher>(
    header: &mut VaultHeader,
    state: &BookState,
    data_key: &C,
) -> Result<(), VaultError> {
    let plain = serde_json::to_vec(state).map_err(|_| VaultError::SealFailed)?;
    seal_state_with_nonce(header, &plain, data_key, random_bytes()?).await
}

/// The deterministic core of [`seal_state`], from the state's JSON; the frozen vector uses it.
pub async fn seal_state_with_nonce<C: RecordCipher>(
    header: &mut VaultHeader,
    state_json: &[u8],
    data_key: &C,
    nonce: [u8; crate::vault::format::NONCE_LEN],
) -> Result<(), VaultError> {
    let ciphertext = data_key.seal(&nonce, &header.state_ad(), state_json).await.map_err(|_| VaultError::SealFailed)?;
    header.state = Some(SealedState { nonce, ciphertext });
    Ok(())
}

/// Opens a format-2 header's state. Fails with `DamagedState` if it does not authenticate or
/// read: the header was altered after the key wrap checked out.
pub async fn open_state<C: RecordCipher>(header: &VaultHeader, data_key: &C) -> Result<BookState, VaultError> {
    let sealed = header.state.as_ref().ok_or(VaultError::DamagedState)?;
    let plain = data_key
        .open(&sealed.nonce, &header.state_ad(), &sealed.ciphertext)
        .await
        .map_err(|_| VaultError::DamagedState)?;
    let state: BookState = serde_json::from_slice(&plain).map_err(|_| VaultError::DamagedState)?;
    if state.schema > STATE_SCHEMA {
        return Err(VaultError::NewerFormat { found: state.schema as u16 });
    }
    Ok(state)
}

pub fn sha256_hex(bytes: &[u8]) -> String {
    hex(&Sha256::digest(bytes))
}

pub fn hex(bytes: &[u8]) -> String {
    const DIGITS: &[u8; 16] = b"0123456789abcdef";
    let mut out = String::with_capacity(bytes.len() * 2);
    for b in bytes {
        out.push(DIGITS[usize::from(b >> 4)] as char);
        out.push(DIGITS[usize::from(b & 15)] as char);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::vault::cipher::RustCipher;
    use crate::vault::format::{RecordKind, ENVELOPE_V2, FORMAT_V2, NONCE_LEN, SALT_LEN, WRAPPED_KEY_LEN};
    use crate::vault::kdf::KdfParams;
    use pollster::block_on;

    fn header() -> VaultHeader {
        VaultHeader {
            format: FORMAT_V2,
            kdf: KdfParams::MINIMUM,
            salt: [1; SALT_LEN],
            wrap_nonce: [2; NONCE_LEN],
            wrapped_key: [3; WRAPPED_KEY_LEN],
            state: None,
        }
    }

    #[test]
    fn the_state_round_trips_and_is_bound_to_its_key_part() {
        let key = RustCipher::new(&[9; 32]);
        let mut state = BookState::new().unwrap();
        state.generation = 7;
        state.records.insert("settings".into(), RecordRef::of(RecordKind::Settings, 7, b"bytes"));
        let mut h = header();
        block_on(seal_state(&mut h, &state, &key)).unwrap();
        assert_eq!(block_on(open_state(&h, &key)).unwrap(), state);
        let mut moved = h.clone();
        moved.salt[0] ^= 1;
        assert_eq!(block_on(open_state(&moved, &key)), Err(VaultError::DamagedState));
        let mut flipped = h;
        flipped.state.as_mut().unwrap().ciphertext[0] ^= 1;
        assert_eq!(block_on(open_state(&flipped, &key)), Err(VaultError::DamagedState));
    }

    #[test]
    fn a_reference_tells_a_rolled_back_copy_from_a_mismatch() {
        let envelope = |revision: u64, fill: u8| {
            RecordEnvelope {
                version: ENVELOPE_V2,
                kind: RecordKind::Client,
                revision,
                nonce: [fill; NONCE_LEN],
                ciphertext: vec![fill; 20],
            }
            .to_bytes()
        };
        let check = |reference: &RecordRef, stored: &[u8]| {
            use sha2::Digest;
            reference.check(stored, &sha2::Sha256::digest(stored).into())
        };
        let current = envelope(5, 1);
        let expected = RecordRef::of(RecordKind::Client, 5, &current);
        assert!(check(&expected, &current).is_ok());
        assert_eq!(check(&expected, &envelope(4, 1)).err(), Some(RecordDamage::RolledBack));
        assert_eq!(check(&expected, &envelope(5, 2)).err(), Some(RecordDamage::Mismatch));
        assert_eq!(check(&expected, &envelope(6, 1)).err(), Some(RecordDamage::Mismatch));
        assert_eq!(check(&expected, &[2, 1]).err(), Some(RecordDamage::Truncated));
        let shard = RecordRef::of(RecordKind::Shard, 5, &current);
        assert_eq!(check(&shard, &current).err(), Some(RecordDamage::Mismatch), "kind differs");
    }

    #[test]
    fn hex_is_lowercase_and_sha256_is_the_standard_one() {
        assert_eq!(hex(&[0, 0xab, 0x10]), "00ab10");
        assert_eq!(sha256_hex(b"abc"), "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
    }
}
