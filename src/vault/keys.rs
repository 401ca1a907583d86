//! The key hierarchy: a random data key, wrapped by a key derived from the passphrase.
//! Changing the passphrase re-wraps the same data key, so records never need re-sealing.

use aes_gcm::aead::{Aead, KeyInit, Payload};
use aes_gcm::{Aes256Gcm, Nonce};
use zeroize::{Zeroize, ZeroizeOnDrop, Zeroizing};

use crate::vault::format::{VaultHeader, DATA_KEY_LEN, NONCE_LEN, SALT_LEN, WRAPPED_KEY_LEN};
use crate::vault::kdf::{derive_kek, KdfParams};
use crate::vault::{random_bytes, VaultError};

/// The 256-bit key that seals every record. Zeroized on drop; deliberately not `Debug`.
#[derive(Zeroize, ZeroizeOnDrop)]
pub struct DataKey([u8; DATA_KEY_LEN]);

impl DataKey {
    pub fn generate() -> Result<Self, VaultError> {
        Ok(Self(random_bytes()?))
    }

    /// For test vectors only: a key from known bytes.
    pub fn from_bytes(bytes: [u8; DATA_KEY_LEN]) -> Self {
        Self(bytes)
    }

    pub fn as_bytes(&self) -> &[u8; DATA_KEY_LEN] {
        &self.0
    }
}

/// Wraps `data_key` under a key derived from `passphrase` with a fresh salt and nonce.
pub fn wrap_data_key(data_key: &DataKey, passphrase: &str, kdf: KdfParams) -> Result<VaultHeader, VaultError> {
    wrap_data_key_with(data_key, passphrase, kdf, random_bytes()?, random_bytes()?)
}

/// The deterministic core of [`wrap_data_key`], used directly by the frozen test vectors.
pub fn wrap_data_key_with(
    data_key: &DataKey,
    passphrase: &str,
    kdf: KdfParams,
    salt: [u8; SALT_LEN],
    wrap_nonce: [u8; NONCE_LEN],
) -> Result<VaultHeader, VaultError> {
    let kek = derive_kek(passphrase, &salt, &kdf)?;
    let mut header = VaultHeader { kdf, salt, wrap_nonce, wrapped_key: [0; WRAPPED_KEY_LEN] };
    let cipher = Aes256Gcm::new_from_slice(kek.as_ref()).map_err(|_| VaultError::KeyDerivationFailed)?;
    let ad = header.associated_data();
    let wrapped = cipher
        .encrypt(&Nonce::from(wrap_nonce), Payload { msg: data_key.as_bytes(), aad: &ad })
        .map_err(|_| VaultError::KeyDerivationFailed)?;
    header.wrapped_key.copy_from_slice(&wrapped);
    Ok(header)
}

/// Recovers the data key. A wrong passphrase and a tampered header look the same here, on
/// purpose: both fail the wrap's authentication.
pub fn unwrap_data_key(header: &VaultHeader, passphrase: &str) -> Result<DataKey, VaultError> {
    let kek = derive_kek(passphrase, &header.salt, &header.kdf)?;
    let cipher = Aes256Gcm::new_from_slice(kek.as_ref()).map_err(|_| VaultError::KeyDerivationFailed)?;
    let ad = header.associated_data();
    let plain = Zeroizing::new(
        cipher
            .decrypt(&Nonce::from(header.wrap_nonce), Payload { msg: &header.wrapped_key, aad: &ad })
            .map_err(|_| VaultError::WrongPassphrase)?,
    );
    let mut key = [0u8; DATA_KEY_LEN];
    key.copy_from_slice(&plain);
    let data_key = DataKey(key);
    key.zeroize();
    Ok(data_key)
}

#[cfg(test)]
mod tests {
    use super::*;

    const PASS: &str = "correct horse battery staple";

    #[test]
    fn wrap_then_unwrap_gives_the_same_data_key() {
        let key = DataKey::generate().unwrap();
        let header = wrap_data_key(&key, PASS, KdfParams::MINIMUM).unwrap();
        let back = unwrap_data_key(&header, PASS).unwrap();
        assert_eq!(back.as_bytes(), key.as_bytes());
    }

    #[test]
    fn wrong_passphrase_is_rejected() {
        let key = DataKey::generate().unwrap();
        let header = wrap_data_key(&key, PASS, KdfParams::MINIMUM).unwrap();
        assert!(matches!(unwrap_data_key(&header, "correct horse battery stapler"), Err(VaultError::WrongPassphrase)));
    }

    #[test]
    fn rewrapping_keeps_the_data_key() {
        let key = DataKey::generate().unwrap();
        let first = wrap_data_key(&key, PASS, KdfParams::MINIMUM).unwrap();
        let unwrapped = unwrap_data_key(&first, PASS).unwrap();
        let second = wrap_data_key(&unwrapped, "a completely new passphrase", KdfParams::MINIMUM).unwrap();
        assert_ne!(first.salt, second.salt);
        let again = unwrap_data_key(&second, "a completely new passphrase").unwrap();
        assert_eq!(again.as_bytes(), key.as_bytes());
        assert!(unwrap_data_key(&second, PASS).is_err());
    }

    #[test]
    fn tampered_header_parameters_fail_to_unwrap() {
        let key = DataKey::generate().unwrap();
        let mut header = wrap_data_key(&key, PASS, KdfParams::MINIMUM).unwrap();
        header.salt[0] ^= 1;
        assert!(matches!(unwrap_data_key(&header, PASS), Err(VaultError::WrongPassphrase)));
    }
}
