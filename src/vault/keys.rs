//! The key hierarchy: a random data key, wrapped by a key derived from the passphrase. Changing
//! the passphrase re-wraps the same data key, so records need no re-sealing; replacing the data
//! key (`vault::replace`) re-seals everything under a fresh one.
//!
//! The wrap is AES-256-GCM under the key-encryption key, through a [`RecordCipher`], so the
//! browser does it with WebCrypto and native code with the `aes-gcm` crate.

use zeroize::{Zeroize, ZeroizeOnDrop};

use crate::vault::cipher::RecordCipher;
use crate::vault::format::{VaultHeader, DATA_KEY_LEN, NONCE_LEN, SALT_LEN, WRAPPED_KEY_LEN};
use crate::vault::kdf::KdfParams;
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

/// A header of `format` whose key part wraps `data_key` under `kek` (a cipher made from the
/// key-encryption key), with the given salt and nonce. The state part is left empty.
pub async fn wrap_data_key<C: RecordCipher>(
    kek: &C,
    data_key: &DataKey,
    format: u16,
    kdf: KdfParams,
    salt: [u8; SALT_LEN],
    wrap_nonce: [u8; NONCE_LEN],
) -> Result<VaultHeader, VaultError> {
    let mut header = VaultHeader { format, kdf, salt, wrap_nonce, wrapped_key: [0; WRAPPED_KEY_LEN], state: None };
    let wrapped = kek
        .seal(&wrap_nonce, &header.key_wrap_ad(), data_key.as_bytes())
        .await
        .map_err(|_| VaultError::KeyDerivationFailed)?;
    if wrapped.len() != WRAPPED_KEY_LEN {
        return Err(VaultError::KeyDerivationFailed);
    }
    header.wrapped_key.copy_from_slice(&wrapped);
    Ok(header)
}

/// Recovers the data key. A wrong passphrase and a tampered header look the same here, on
/// purpose: both fail the wrap's authentication.
pub async fn unwrap_data_key<C: RecordCipher>(kek: &C, header: &VaultHeader) -> Result<DataKey, VaultError> {
    let mut plain = kek
        .open(&header.wrap_nonce, &header.key_wrap_ad(), &header.wrapped_key)
        .await
        .map_err(|_| VaultError::WrongPassphrase)?;
    if plain.len() != DATA_KEY_LEN {
        plain.zeroize();
        return Err(VaultError::WrongPassphrase);
    }
    let mut key = [0u8; DATA_KEY_LEN];
    key.copy_from_slice(&plain);
    plain.zeroize();
    let data_key = DataKey(key);
    key.zeroize();
    Ok(data_key)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::vault::cipher::RustCipher;
    use crate::vault::format::FORMAT_V2;
    use pollster::block_on;

    fn wrap(kek: &[u8; 32], key: &DataKey, salt: u8) -> VaultHeader {
        block_on(wrap_data_key(&RustCipher::new(kek), key, FORMAT_V2, KdfParams::MINIMUM, [salt; 16], [1; 12])).unwrap()
    }

    #[test]
    fn wrap_then_unwrap_gives_the_same_data_key() {
        let key = DataKey::generate().unwrap();
        let header = wrap(&[5; 32], &key, 0);
        let back = block_on(unwrap_data_key(&RustCipher::new(&[5; 32]), &header)).unwrap();
        assert_eq!(back.as_bytes(), key.as_bytes());
    }

    #[test]
    fn a_wrong_key_encryption_key_is_a_wrong_passphrase() {
        let header = wrap(&[5; 32], &DataKey::generate().unwrap(), 0);
        assert!(matches!(
            block_on(unwrap_data_key(&RustCipher::new(&[6; 32]), &header)),
            Err(VaultError::WrongPassphrase)
        ));
    }

    #[test]
    fn tampered_header_parameters_fail_to_unwrap() {
        let mut header = wrap(&[5; 32], &DataKey::generate().unwrap(), 0);
        header.salt[0] ^= 1;
        assert!(block_on(unwrap_data_key(&RustCipher::new(&[5; 32]), &header)).is_err());
        let mut header = wrap(&[5; 32], &DataKey::generate().unwrap(), 0);
        header.format = 1;
        assert!(block_on(unwrap_data_key(&RustCipher::new(&[5; 32]), &header)).is_err(), "the version is bound");
    }
}
