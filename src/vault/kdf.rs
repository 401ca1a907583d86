//! Passphrase to key-encryption key, with Argon2id. The parameters live in the vault header;
//! this module decides which parameters are acceptable before any memory is spent.

use argon2::{Algorithm, Argon2, Params, Version};
use zeroize::Zeroizing;

use crate::vault::VaultError;

/// Argon2id cost parameters as stored in a header.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct KdfParams {
    pub memory_kib: u32,
    pub iterations: u32,
    pub parallelism: u32,
}

impl KdfParams {
    /// What new vaults use: m = 64 MiB, t = 3, p = 1.
    pub const DEFAULT: Self = Self { memory_kib: 64 * 1024, iterations: 3, parallelism: 1 };
    /// OWASP's floor for Argon2id (19 MiB, t = 2). A header below it is refused: it would
    /// mean someone weakened the vault.
    pub const MINIMUM: Self = Self { memory_kib: 19 * 1024, iterations: 2, parallelism: 1 };
    /// Above these a header is refused before deriving: a phone cannot spend gigabytes, and a
    /// hostile file must not make us try.
    pub const MAX_MEMORY_KIB: u32 = 1024 * 1024;
    pub const MAX_ITERATIONS: u32 = 64;
    pub const MAX_PARALLELISM: u32 = 16;

    pub fn check_acceptable(&self) -> Result<(), VaultError> {
        if self.memory_kib > Self::MAX_MEMORY_KIB
            || self.iterations > Self::MAX_ITERATIONS
            || self.parallelism > Self::MAX_PARALLELISM
        {
            return Err(VaultError::UnreasonableKdfParams);
        }
        if self.memory_kib < Self::MINIMUM.memory_kib
            || self.iterations < Self::MINIMUM.iterations
            || self.parallelism == 0
        {
            return Err(VaultError::WeakKdfParams);
        }
        Ok(())
    }
}

/// Derives the 32-byte key-encryption key from the passphrase's UTF-8 bytes.
pub fn derive_kek(passphrase: &str, salt: &[u8], params: &KdfParams) -> Result<Zeroizing<[u8; 32]>, VaultError> {
    params.check_acceptable()?;
    let argon_params = Params::new(params.memory_kib, params.iterations, params.parallelism, Some(32))
        .map_err(|_| VaultError::UnreasonableKdfParams)?;
    let argon = Argon2::new(Algorithm::Argon2id, Version::V0x13, argon_params);
    let mut kek = Zeroizing::new([0u8; 32]);
    argon.hash_password_into(passphrase.as_bytes(), salt, kek.as_mut()).map_err(|_| VaultError::KeyDerivationFailed)?;
    Ok(kek)
}
