//! The encrypted vault: key hierarchy, header and record formats, and the two edges it needs
//! (a cipher and a store). Plain Rust; it never touches the DOM and never logs.
//!
//! It must never let plaintext reach a store, and never overwrite a header it cannot read.

use crate::i18n::{t, tf};
pub mod cipher;
pub mod format;
pub mod kdf;
pub mod keys;
pub mod store;

use cipher::RecordCipher;
use format::{record_associated_data, RecordDamage, RecordEnvelope, RecordKind, VaultHeader};
use kdf::KdfParams;
use keys::{unwrap_data_key, wrap_data_key, DataKey};
use store::{StoreError, VaultStore};

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

/// Creates a new vault in an empty store: a random data key, wrapped under the passphrase.
/// Refuses to touch a store that already has a header.
pub async fn create_vault<S: VaultStore>(store: &S, passphrase: &str, kdf: KdfParams) -> Result<DataKey, VaultError> {
    if store.read_header().await?.is_some() {
        return Err(StoreError::AlreadyExists.into());
    }
    let data_key = DataKey::generate()?;
    let header = wrap_data_key(&data_key, passphrase, kdf)?;
    store.create_header(&header.to_bytes()).await?;
    Ok(data_key)
}

/// Reads the stored header, if any. `Ok(None)` means "no vault yet: offer to create one".
pub async fn read_header<S: VaultStore>(store: &S) -> Result<Option<VaultHeader>, VaultError> {
    match store.read_header().await? {
        None => Ok(None),
        Some(bytes) => VaultHeader::parse(&bytes).map(Some),
    }
}

/// Derives the key-encryption key and unwraps the data key. Changes nothing in the store.
pub fn unlock(header: &VaultHeader, passphrase: &str) -> Result<DataKey, VaultError> {
    unwrap_data_key(header, passphrase)
}

/// Re-wraps the data key under `new_passphrase` and `kdf`: a passphrase change, or a KDF
/// upgrade when both passphrases are the same. Records are untouched (the data key stays), and
/// the header is replaced in one atomic write, so an interruption leaves the old passphrase
/// working. Returns the new header.
pub async fn rewrap_vault<S: VaultStore>(
    store: &S,
    current: &VaultHeader,
    old_passphrase: &str,
    new_passphrase: &str,
    kdf: KdfParams,
) -> Result<VaultHeader, VaultError> {
    let data_key = unwrap_data_key(current, old_passphrase)?;
    let next = wrap_data_key(&data_key, new_passphrase, kdf)?;
    store.replace_header(&current.to_bytes(), &next.to_bytes()).await?;
    Ok(next)
}

/// Whether a header's Argon2 cost is below what new vaults get, so unlocking should offer an upgrade.
pub fn kdf_is_outdated(header: &VaultHeader) -> bool {
    let (now, new) = (header.kdf, KdfParams::DEFAULT);
    now.memory_kib < new.memory_kib || now.iterations < new.iterations
}

/// Seals one record with a fresh random nonce.
pub async fn seal_record<C: RecordCipher>(
    cipher: &C,
    id: &str,
    kind: RecordKind,
    plaintext: &[u8],
) -> Result<Vec<u8>, VaultError> {
    let nonce = random_bytes()?;
    seal_record_with_nonce(cipher, id, kind, plaintext, nonce).await
}

/// The deterministic core of [`seal_record`], used directly by the frozen test vectors.
pub async fn seal_record_with_nonce<C: RecordCipher>(
    cipher: &C,
    id: &str,
    kind: RecordKind,
    plaintext: &[u8],
    nonce: [u8; format::NONCE_LEN],
) -> Result<Vec<u8>, VaultError> {
    let ad = record_associated_data(id, kind);
    let ciphertext = cipher.seal(&nonce, &ad, plaintext).await.map_err(|_| VaultError::SealFailed)?;
    Ok(RecordEnvelope { kind, nonce, ciphertext }.to_bytes())
}

/// Opens one stored record, checking that it belongs to `id`.
pub async fn open_record<C: RecordCipher>(
    cipher: &C,
    id: &str,
    envelope: &[u8],
) -> Result<(RecordKind, Vec<u8>), RecordDamage> {
    let envelope = RecordEnvelope::parse(envelope)?;
    let ad = record_associated_data(id, envelope.kind);
    let plaintext = cipher
        .open(&envelope.nonce, &ad, &envelope.ciphertext)
        .await
        .map_err(|_| RecordDamage::FailedAuthentication)?;
    Ok((envelope.kind, plaintext))
}

#[cfg(test)]
mod tests {
    use super::cipher::RustCipher;
    use super::store::MemoryStore;
    use super::*;
    use pollster::block_on;

    const PASS: &str = "correct horse battery staple";

    fn cipher() -> RustCipher {
        RustCipher::new(&DataKey::from_bytes([42; 32]))
    }

    #[test]
    fn sealed_record_opens_under_its_own_id() {
        let c = cipher();
        let sealed = block_on(seal_record(&c, "abc", RecordKind::Client, b"{\"name\":\"Ann\"}")).unwrap();
        let (kind, plain) = block_on(open_record(&c, "abc", &sealed)).unwrap();
        assert_eq!(kind, RecordKind::Client);
        assert_eq!(plain, b"{\"name\":\"Ann\"}");
    }

    #[test]
    fn every_flipped_byte_of_a_sealed_record_is_rejected() {
        let c = cipher();
        let sealed = block_on(seal_record(&c, "abc", RecordKind::Client, b"some client")).unwrap();
        for i in 0..sealed.len() {
            for bit in [0x01u8, 0x80] {
                let mut damaged = sealed.clone();
                damaged[i] ^= bit;
                assert!(block_on(open_record(&c, "abc", &damaged)).is_err(), "byte {i} bit {bit:#x} accepted");
            }
        }
    }

    #[test]
    fn a_record_moved_to_another_id_is_rejected() {
        let c = cipher();
        let sealed = block_on(seal_record(&c, "client-a", RecordKind::Client, b"secret")).unwrap();
        assert_eq!(block_on(open_record(&c, "client-b", &sealed)), Err(RecordDamage::FailedAuthentication));
    }

    #[test]
    fn a_record_sealed_under_another_key_is_rejected() {
        let sealed = block_on(seal_record(&cipher(), "abc", RecordKind::Client, b"secret")).unwrap();
        let other = RustCipher::new(&DataKey::from_bytes([7; 32]));
        assert_eq!(block_on(open_record(&other, "abc", &sealed)), Err(RecordDamage::FailedAuthentication));
    }

    #[test]
    fn every_write_uses_a_fresh_nonce() {
        let c = cipher();
        let a = block_on(seal_record(&c, "abc", RecordKind::Client, b"same")).unwrap();
        let b = block_on(seal_record(&c, "abc", RecordKind::Client, b"same")).unwrap();
        assert_ne!(a[2..14], b[2..14]);
    }

    #[test]
    fn create_then_unlock_round_trips_and_refuses_a_second_create() {
        let store = MemoryStore::default();
        let key = block_on(create_vault(&store, PASS, KdfParams::MINIMUM)).unwrap();
        let header = block_on(read_header(&store)).unwrap().expect("header written");
        assert_eq!(unlock(&header, PASS).unwrap().as_bytes(), key.as_bytes());
        assert_eq!(unlock(&header, "wrong").err(), Some(VaultError::WrongPassphrase));
        let before = store.header.borrow().clone();
        assert!(matches!(
            block_on(create_vault(&store, "another passphrase entirely", KdfParams::MINIMUM)),
            Err(VaultError::Store(StoreError::AlreadyExists))
        ));
        assert_eq!(*store.header.borrow(), before);
    }

    #[test]
    fn a_passphrase_change_keeps_the_data_key_and_retires_the_old_passphrase() {
        let store = MemoryStore::default();
        let key = block_on(create_vault(&store, PASS, KdfParams::MINIMUM)).unwrap();
        let header = block_on(read_header(&store)).unwrap().unwrap();
        let new_pass = "a completely different passphrase";
        assert_eq!(
            block_on(rewrap_vault(&store, &header, "not it", new_pass, KdfParams::MINIMUM)).err(),
            Some(VaultError::WrongPassphrase)
        );
        let changed = block_on(rewrap_vault(&store, &header, PASS, new_pass, KdfParams::MINIMUM)).unwrap();
        let stored = block_on(read_header(&store)).unwrap().unwrap();
        assert_eq!(stored, changed);
        assert_eq!(unlock(&stored, new_pass).unwrap().as_bytes(), key.as_bytes());
        assert_eq!(unlock(&stored, PASS).err(), Some(VaultError::WrongPassphrase));
    }

    #[test]
    fn an_interrupted_passphrase_change_leaves_the_old_passphrase_working() {
        let store = MemoryStore::default();
        block_on(create_vault(&store, PASS, KdfParams::MINIMUM)).unwrap();
        let header = block_on(read_header(&store)).unwrap().unwrap();
        *store.fail_writes.borrow_mut() = Some(StoreError::QuotaExceeded);
        let result = block_on(rewrap_vault(&store, &header, PASS, "another long passphrase here", KdfParams::MINIMUM));
        assert_eq!(result.err(), Some(VaultError::Store(StoreError::QuotaExceeded)));
        *store.fail_writes.borrow_mut() = None;
        assert!(unlock(&block_on(read_header(&store)).unwrap().unwrap(), PASS).is_ok());
    }

    #[test]
    fn a_header_changed_elsewhere_is_not_overwritten() {
        let store = MemoryStore::default();
        block_on(create_vault(&store, PASS, KdfParams::MINIMUM)).unwrap();
        let stale = block_on(read_header(&store)).unwrap().unwrap();
        block_on(rewrap_vault(&store, &stale, PASS, "changed in another tab ok", KdfParams::MINIMUM)).unwrap();
        let after_other_tab = store.header.borrow().clone();
        let result = block_on(rewrap_vault(&store, &stale, PASS, "and again in this tab", KdfParams::MINIMUM));
        assert_eq!(result.err(), Some(VaultError::Store(StoreError::HeaderChanged)));
        assert_eq!(*store.header.borrow(), after_other_tab);
    }

    #[test]
    fn a_kdf_upgrade_raises_the_parameters_and_keeps_the_passphrase() {
        let store = MemoryStore::default();
        let key = block_on(create_vault(&store, PASS, KdfParams::MINIMUM)).unwrap();
        let header = block_on(read_header(&store)).unwrap().unwrap();
        assert!(kdf_is_outdated(&header));
        let upgraded = block_on(rewrap_vault(&store, &header, PASS, PASS, KdfParams::DEFAULT)).unwrap();
        assert!(!kdf_is_outdated(&upgraded));
        assert_eq!(block_on(read_header(&store)).unwrap().unwrap().kdf, KdfParams::DEFAULT);
        assert_eq!(unlock(&upgraded, PASS).unwrap().as_bytes(), key.as_bytes());
    }

    #[test]
    fn a_damaged_stored_header_is_reported_and_left_alone() {
        let store = MemoryStore::default();
        *store.header.borrow_mut() = Some(b"CLTVAULT\x01\x00garbage".to_vec());
        assert_eq!(block_on(read_header(&store)), Err(VaultError::DamagedHeader));
        assert!(block_on(create_vault(&store, PASS, KdfParams::MINIMUM)).is_err());
        assert_eq!(store.header.borrow().as_deref(), Some(&b"CLTVAULT\x01\x00garbage"[..]));
    }
}
