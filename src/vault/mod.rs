//! The encrypted vault: key hierarchy, header and record formats, the sealed book state, and
//! the three edges it needs (a KDF, a cipher backend and a store). Plain Rust; it never touches
//! the DOM and never logs.
//!
//! It must never let plaintext reach a store, and never overwrite a header it cannot read.

use crate::i18n::{t, tf};
pub mod cipher;
pub mod format;
pub mod kdf;
pub mod keys;
pub mod state;
pub mod store;

use cipher::{CipherBackend, RecordCipher};
use format::{record_associated_data, RecordDamage, RecordEnvelope, RecordKind, VaultHeader, ENVELOPE_V2, FORMAT_V2};
use kdf::{Kdf, KdfParams};
use keys::{unwrap_data_key, wrap_data_key, DataKey};
use state::{open_state, seal_state, BookState};
use store::{Commit, StoreError, VaultStore};

/// Everything that can go wrong with the vault as a whole. Specific where it helps the user,
/// and deliberately vague where it would help an attacker (a wrong passphrase and a forged
/// header are the same error).
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum VaultError {
    #[error("{}", t("The stored data is not a Clientele client book. Nothing was changed."))]
    UnknownFormat,
    #[error("{}", t("The client book's header is damaged and cannot be read. Nothing was changed or overwritten; restore from a backup."))]
    DamagedHeader,
    /// The key wrap opened, but the book state sealed beside it did not.
    #[error("{}", t("The client book's index failed its integrity check, so the records cannot be checked against it. Nothing was changed; restore from a backup."))]
    DamagedState,
    #[error("{}", tf("This client book was written by a newer version of Clientele (format {found}). Update the app to open it; nothing was changed.", &[("found", .found.to_string())]))]
    NewerFormat { found: u16 },
    #[error("{}", tf("This client book uses a key derivation this version does not know (id {id}). Nothing was changed.", &[("id", .id.to_string())]))]
    UnknownKdf { id: u8 },
    #[error("{}", t("This client book's key settings are weaker than Clientele allows, so it was not opened. Someone may have tampered with it."))]
    WeakKdfParams,
    #[error(
        "{}",
        t("This client book asks for unreasonable key settings (too much memory or time), so it was not opened.")
    )]
    UnreasonableKdfParams,
    #[error("{}", t("Wrong passphrase. Nothing was changed; try again."))]
    WrongPassphrase,
    #[error("{}", t("The key could not be derived on this device. Reload and try again."))]
    KeyDerivationFailed,
    #[error("{}", t("Cancelled. Nothing was changed."))]
    Cancelled,
    /// A write needs a client's full record, which is still loading.
    #[error("{}", t("This client's full record is still loading. Nothing was changed; try again in a moment."))]
    NotLoaded,
    #[error("{}", t("This browser could not supply secure random numbers, so nothing was encrypted."))]
    NoRandomness,
    #[error("{}", t("The record could not be encrypted. Nothing was saved; try again."))]
    SealFailed,
    #[error("{0}")]
    Store(#[from] StoreError),
}

/// Fills an array from the platform's secure random source.
pub fn random_bytes<const N: usize>() -> Result<[u8; N], VaultError> {
    let mut bytes = [0u8; N];
    getrandom::fill(&mut bytes).map_err(|_| VaultError::NoRandomness)?;
    Ok(bytes)
}

/// The forms of a typed passphrase to try, in order: Unicode NFC (what this version writes),
/// then the bytes exactly as typed when they differ (what a vault or backup made before
/// normalization holds).
pub fn passphrase_forms(passphrase: &str) -> Vec<String> {
    let normalized = crate::passphrase::nfc(passphrase);
    if normalized == passphrase {
        vec![normalized]
    } else {
        vec![normalized, passphrase.to_owned()]
    }
}

/// Derives the key-encryption key for `password` and makes a cipher of it.
pub async fn kek_cipher<K: Kdf, B: CipherBackend>(
    kdf: &K,
    ciphers: &B,
    password: &str,
    salt: &[u8; format::SALT_LEN],
    params: KdfParams,
) -> Result<B::Cipher, VaultError> {
    let kek = kdf.derive(password.as_bytes(), salt, params).await?;
    ciphers.cipher(kek.as_bytes()).await.map_err(|_| VaultError::KeyDerivationFailed)
}

/// A vault just created or unlocked: its header and the data key (drop it once imported).
pub struct Opened {
    pub header: VaultHeader,
    pub data_key: DataKey,
}

/// Creates a format-2 vault in an empty store: a random data key wrapped under the NFC form of
/// the passphrase, and an empty sealed state. Refuses to touch a store that has a header.
pub async fn create_vault<S: VaultStore, K: Kdf, B: CipherBackend>(
    store: &S,
    passphrase: &str,
    params: KdfParams,
    kdf: &K,
    ciphers: &B,
) -> Result<Opened, VaultError> {
    if store.read_header().await?.is_some() {
        return Err(StoreError::AlreadyExists.into());
    }
    let data_key = DataKey::generate()?;
    let mut header = new_key_part(&data_key, passphrase, params, kdf, ciphers).await?;
    let data_cipher = ciphers.cipher(data_key.as_bytes()).await.map_err(|_| VaultError::SealFailed)?;
    seal_state(&mut header, &BookState::new()?, &data_cipher).await?;
    store.commit(&Commit { expected_header: None, header: header.to_bytes(), ..Commit::default() }).await?;
    Ok(Opened { header, data_key })
}

/// A format-2 header (state still empty) wrapping `data_key` under `passphrase` in NFC, with a
/// fresh salt and nonce.
pub async fn new_key_part<K: Kdf, B: CipherBackend>(
    data_key: &DataKey,
    passphrase: &str,
    params: KdfParams,
    kdf: &K,
    ciphers: &B,
) -> Result<VaultHeader, VaultError> {
    params.check_acceptable()?;
    let salt = random_bytes()?;
    let kek = kek_cipher(kdf, ciphers, &crate::passphrase::nfc(passphrase), &salt, params).await?;
    wrap_data_key(&kek, data_key, FORMAT_V2, params, salt, random_bytes()?).await
}

/// Reads the stored header, if any. `Ok(None)` means "no vault yet: offer to create one".
pub async fn read_header<S: VaultStore>(store: &S) -> Result<Option<VaultHeader>, VaultError> {
    match store.read_header().await? {
        None => Ok(None),
        Some(bytes) => VaultHeader::parse(&bytes).map(Some),
    }
}

/// The data key, the key-encryption key's cipher that unwrapped it (a format-1 migration
/// re-wraps with it), and whether it opened only with the passphrase exactly as typed (not in
/// NFC), so the caller should re-wrap it in NFC.
pub struct Unlocked<C> {
    pub data_key: DataKey,
    pub kek: C,
    pub needs_nfc_rewrap: bool,
}

/// Derives the key-encryption key and unwraps the data key: the NFC form first, then the raw
/// bytes. Changes nothing in the store.
pub async fn unlock<K: Kdf, B: CipherBackend>(
    header: &VaultHeader,
    passphrase: &str,
    kdf: &K,
    ciphers: &B,
) -> Result<Unlocked<B::Cipher>, VaultError> {
    for (attempt, form) in passphrase_forms(passphrase).iter().enumerate() {
        let kek = kek_cipher(kdf, ciphers, form, &header.salt, header.kdf).await?;
        match unwrap_data_key(&kek, header).await {
            Ok(data_key) => return Ok(Unlocked { data_key, kek, needs_nfc_rewrap: attempt > 0 }),
            Err(VaultError::WrongPassphrase) => continue,
            Err(other) => return Err(other),
        }
    }
    Err(VaultError::WrongPassphrase)
}

/// The same data key under `passphrase` and `params` (fresh salt and nonce), with the book
/// state moved under the new key part. Records stay as they are. Used by a passphrase change,
/// a KDF upgrade and the NFC re-wrap; the caller commits the result against `current`.
pub async fn rewrap_header<K: Kdf, B: CipherBackend, C: RecordCipher>(
    current: &VaultHeader,
    data_key: &DataKey,
    data_cipher: &C,
    passphrase: &str,
    params: KdfParams,
    kdf: &K,
    ciphers: &B,
) -> Result<VaultHeader, VaultError> {
    let state = open_state(current, data_cipher).await?;
    let mut next = new_key_part(data_key, passphrase, params, kdf, ciphers).await?;
    seal_state(&mut next, &state, data_cipher).await?;
    Ok(next)
}

/// Whether a header's Argon2 cost is below what new vaults get, so unlocking should offer an upgrade.
pub fn kdf_is_outdated(header: &VaultHeader) -> bool {
    let (now, new) = (header.kdf, KdfParams::DEFAULT);
    now.memory_kib < new.memory_kib || now.iterations < new.iterations
}

/// Seals one record in envelope version 2 with a fresh random nonce.
pub async fn seal_record<C: RecordCipher>(
    cipher: &C,
    id: &str,
    kind: RecordKind,
    revision: u64,
    plaintext: &[u8],
) -> Result<Vec<u8>, VaultError> {
    seal_record_with_nonce(cipher, ENVELOPE_V2, id, kind, revision, plaintext, random_bytes()?).await
}

/// The deterministic core of [`seal_record`], for either envelope version; the frozen test
/// vectors use it directly.
pub async fn seal_record_with_nonce<C: RecordCipher>(
    cipher: &C,
    envelope_version: u8,
    id: &str,
    kind: RecordKind,
    revision: u64,
    plaintext: &[u8],
    nonce: [u8; format::NONCE_LEN],
) -> Result<Vec<u8>, VaultError> {
    let revision = if envelope_version == format::ENVELOPE_V1 { 0 } else { revision };
    let ad = record_associated_data(envelope_version, id, kind, revision);
    let ciphertext = cipher.seal(&nonce, &ad, plaintext).await.map_err(|_| VaultError::SealFailed)?;
    Ok(RecordEnvelope { version: envelope_version, kind, revision, nonce, ciphertext }.to_bytes())
}

/// Opens one stored record (either envelope version), checking that it belongs to `id`.
pub async fn open_record<C: RecordCipher>(
    cipher: &C,
    id: &str,
    envelope: &[u8],
) -> Result<(RecordEnvelope, Vec<u8>), RecordDamage> {
    let envelope = RecordEnvelope::parse(envelope)?;
    open_envelope(cipher, id, envelope).await
}

/// Opens an envelope already parsed (and checked against the index).
pub async fn open_envelope<C: RecordCipher>(
    cipher: &C,
    id: &str,
    mut envelope: RecordEnvelope,
) -> Result<(RecordEnvelope, Vec<u8>), RecordDamage> {
    let plaintext = cipher
        .open(&envelope.nonce, &envelope.associated_data(id), &envelope.ciphertext)
        .await
        .map_err(|_| RecordDamage::FailedAuthentication)?;
    envelope.ciphertext = Vec::new();
    Ok((envelope, plaintext))
}

#[cfg(test)]
mod tests {
    use super::cipher::{RustCipher, RustCrypto};
    use super::format::ENVELOPE_V1;
    use super::kdf::Argon2Kdf;
    use super::store::MemoryStore;
    use super::*;
    use pollster::block_on;

    const PASS: &str = "correct horse battery staple";

    fn cipher() -> RustCipher {
        RustCipher::new(&[42; 32])
    }

    fn seal(c: &RustCipher, id: &str, plain: &[u8]) -> Vec<u8> {
        block_on(seal_record(c, id, RecordKind::Client, 3, plain)).unwrap()
    }

    #[test]
    fn sealed_record_opens_under_its_own_id() {
        let c = cipher();
        let sealed = seal(&c, "abc", b"{\"name\":\"Ann\"}");
        let (envelope, plain) = block_on(open_record(&c, "abc", &sealed)).unwrap();
        assert_eq!((envelope.kind, envelope.revision, envelope.version), (RecordKind::Client, 3, ENVELOPE_V2));
        assert_eq!(plain, b"{\"name\":\"Ann\"}");
    }

    #[test]
    fn every_flipped_byte_of_a_sealed_record_is_rejected() {
        let c = cipher();
        for version in [ENVELOPE_V1, ENVELOPE_V2] {
            let sealed =
                block_on(seal_record_with_nonce(&c, version, "abc", RecordKind::Client, 9, b"some client", [7; 12]))
                    .unwrap();
            for i in 0..sealed.len() {
                for bit in [0x01u8, 0x80] {
                    let mut damaged = sealed.clone();
                    damaged[i] ^= bit;
                    assert!(block_on(open_record(&c, "abc", &damaged)).is_err(), "v{version} byte {i} bit {bit:#x}");
                }
            }
        }
    }

    #[test]
    fn a_record_moved_to_another_id_or_revision_is_rejected() {
        let c = cipher();
        let sealed = seal(&c, "client-a", b"secret");
        assert_eq!(block_on(open_record(&c, "client-b", &sealed)).err(), Some(RecordDamage::FailedAuthentication));
        let mut relabelled = sealed.clone();
        relabelled[2] = 4;
        assert_eq!(block_on(open_record(&c, "client-a", &relabelled)).err(), Some(RecordDamage::FailedAuthentication));
    }

    #[test]
    fn a_record_sealed_under_another_key_is_rejected() {
        let sealed = seal(&cipher(), "abc", b"secret");
        let other = RustCipher::new(&[7; 32]);
        assert_eq!(block_on(open_record(&other, "abc", &sealed)).err(), Some(RecordDamage::FailedAuthentication));
    }

    #[test]
    fn every_write_uses_a_fresh_nonce() {
        let c = cipher();
        assert_ne!(seal(&c, "abc", b"same")[10..22], seal(&c, "abc", b"same")[10..22]);
    }

    fn create(store: &MemoryStore, pass: &str) -> Opened {
        block_on(create_vault(store, pass, KdfParams::MINIMUM, &Argon2Kdf, &RustCrypto)).unwrap()
    }

    fn stored_header(store: &MemoryStore) -> VaultHeader {
        block_on(read_header(store)).unwrap().expect("a header")
    }

    #[test]
    fn create_then_unlock_round_trips_and_refuses_a_second_create() {
        let store = MemoryStore::default();
        let opened = create(&store, PASS);
        let header = stored_header(&store);
        assert_eq!(header.format, FORMAT_V2);
        let unlocked = block_on(unlock(&header, PASS, &Argon2Kdf, &RustCrypto)).unwrap();
        assert_eq!(unlocked.data_key.as_bytes(), opened.data_key.as_bytes());
        assert!(!unlocked.needs_nfc_rewrap);
        assert_eq!(
            block_on(unlock(&header, "wrong", &Argon2Kdf, &RustCrypto)).err(),
            Some(VaultError::WrongPassphrase)
        );
        let state = block_on(open_state(&header, &RustCipher::new(opened.data_key.as_bytes()))).unwrap();
        assert_eq!((state.generation, state.records.len(), state.book.len()), (0, 0, 32));
        let before = store.snapshot();
        assert!(matches!(
            block_on(create_vault(&store, "another passphrase entirely", KdfParams::MINIMUM, &Argon2Kdf, &RustCrypto)),
            Err(VaultError::Store(StoreError::AlreadyExists))
        ));
        assert_eq!(store.snapshot(), before);
    }

    /// "é" as one code point (NFC) and as "e" + U+0301 (NFD): the same passphrase.
    const NFC_PASS: &str = "caf\u{e9} au lait avec cr\u{e8}me br\u{fb}l\u{e9}e";
    const NFD_PASS: &str = "cafe\u{301} au lait avec cre\u{300}me bru\u{302}le\u{301}e";

    #[test]
    fn passphrases_are_normalized_so_composed_and_decomposed_accents_both_open() {
        assert_ne!(NFC_PASS.as_bytes(), NFD_PASS.as_bytes());
        assert_eq!(passphrase_forms(NFC_PASS), [NFC_PASS]);
        assert_eq!(passphrase_forms(NFD_PASS), [NFC_PASS, NFD_PASS]);
        let store = MemoryStore::default();
        create(&store, NFD_PASS);
        let header = stored_header(&store);
        for typed in [NFC_PASS, NFD_PASS] {
            let unlocked = block_on(unlock(&header, typed, &Argon2Kdf, &RustCrypto)).unwrap();
            assert!(!unlocked.needs_nfc_rewrap, "{typed:?}: the stored wrap is NFC");
        }
    }

    #[test]
    fn a_vault_wrapped_under_raw_decomposed_bytes_opens_and_asks_for_a_rewrap() {
        // What a version before normalization wrote when the passphrase was typed decomposed.
        let data_key = DataKey::from_bytes([8; 32]);
        let salt = [3; 16];
        let kek = block_on(kek_cipher(&Argon2Kdf, &RustCrypto, NFD_PASS, &salt, KdfParams::MINIMUM)).unwrap();
        let header =
            block_on(wrap_data_key(&kek, &data_key, format::FORMAT_V1, KdfParams::MINIMUM, salt, [4; 12])).unwrap();
        let unlocked = block_on(unlock(&header, NFD_PASS, &Argon2Kdf, &RustCrypto)).unwrap();
        assert_eq!(unlocked.data_key.as_bytes(), data_key.as_bytes());
        assert!(unlocked.needs_nfc_rewrap);
        assert_eq!(
            block_on(unlock(&header, NFC_PASS, &Argon2Kdf, &RustCrypto)).err(),
            Some(VaultError::WrongPassphrase),
            "typed composed, the raw bytes differ from what was wrapped"
        );
    }

    #[test]
    fn a_rewrap_keeps_the_data_key_and_the_state_and_retires_the_old_passphrase() {
        let store = MemoryStore::default();
        let opened = create(&store, PASS);
        let header = stored_header(&store);
        let data_cipher = RustCipher::new(opened.data_key.as_bytes());
        let new_pass = "a completely different passphrase";
        let next = block_on(rewrap_header(
            &header,
            &opened.data_key,
            &data_cipher,
            new_pass,
            KdfParams::DEFAULT,
            &Argon2Kdf,
            &RustCrypto,
        ))
        .unwrap();
        assert_ne!(next.salt, header.salt);
        assert_eq!(next.kdf, KdfParams::DEFAULT);
        assert!(!kdf_is_outdated(&next) && kdf_is_outdated(&header));
        assert_eq!(
            block_on(open_state(&next, &data_cipher)).unwrap(),
            block_on(open_state(&header, &data_cipher)).unwrap()
        );
        let unlocked = block_on(unlock(&next, new_pass, &Argon2Kdf, &RustCrypto)).unwrap();
        assert_eq!(unlocked.data_key.as_bytes(), opened.data_key.as_bytes());
        assert_eq!(block_on(unlock(&next, PASS, &Argon2Kdf, &RustCrypto)).err(), Some(VaultError::WrongPassphrase));
    }

    #[test]
    fn a_damaged_stored_header_is_reported_and_left_alone() {
        let store = MemoryStore::default();
        *store.header.borrow_mut() = Some(b"CLTVAULT\x02\x00garbage".to_vec());
        assert_eq!(block_on(read_header(&store)).err(), Some(VaultError::DamagedHeader));
        assert!(block_on(create_vault(&store, PASS, KdfParams::MINIMUM, &Argon2Kdf, &RustCrypto)).is_err());
        assert_eq!(store.header.borrow().as_deref(), Some(&b"CLTVAULT\x02\x00garbage"[..]));
    }
}
