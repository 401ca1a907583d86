//! Passphrase to key-encryption key, with Argon2id. The parameters live in the vault header
//! (or a backup's header); this module decides which parameters are acceptable before any
//! memory is spent, and defines the [`Kdf`] edge: natively Argon2id runs in the calling thread
//! ([`Argon2Kdf`]); in the browser it runs in a Web Worker (`crate::web::kdf`), so the page
//! stays responsive while it works.

use argon2::{Algorithm, Argon2, Params, Version};
use zeroize::Zeroizing;

use crate::vault::format::SALT_LEN;
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
    /// The ceiling: above any of these a header (a vault's, or a backup's from elsewhere) is
    /// refused before deriving. A mid-range phone survives 256 MiB and 10 passes in a worker
    /// (about a minute); a hostile file must not make it try gigabytes.
    pub const MAX_MEMORY_KIB: u32 = 256 * 1024;
    pub const MAX_ITERATIONS: u32 = 10;
    pub const MAX_PARALLELISM: u32 = 4;

    /// Costlier than what this app writes (more memory, more passes or more lanes), yet under
    /// the ceiling: a backup from elsewhere with such settings is opened only after the user
    /// agrees to wait.
    pub fn is_costlier_than_default(&self) -> bool {
        self.memory_kib > Self::DEFAULT.memory_kib
            || self.iterations > Self::DEFAULT.iterations
            || self.parallelism > Self::DEFAULT.parallelism
    }

    /// How long this derivation should take relative to the default one (memory × passes).
    pub fn cost_relative_to_default(&self) -> f64 {
        (f64::from(self.memory_kib) * f64::from(self.iterations))
            / (f64::from(Self::DEFAULT.memory_kib) * f64::from(Self::DEFAULT.iterations))
    }

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

/// A 32-byte key-encryption key, zeroized on drop. Deliberately not `Debug`.
pub struct Kek(pub Zeroizing<[u8; 32]>);

impl Kek {
    pub fn as_bytes(&self) -> &[u8; 32] {
        &self.0
    }
}

/// Derives the key-encryption key from a passphrase's bytes. Implementations must give exactly
/// Argon2id v1.3 with a 32-byte output, no secret and no associated data; the browser tier
/// checks the worker against [`Argon2Kdf`].
// Single-threaded wasm: the futures need not be `Send`.
#[allow(async_fn_in_trait)]
pub trait Kdf {
    async fn derive(&self, password: &[u8], salt: &[u8; SALT_LEN], params: KdfParams) -> Result<Kek, VaultError>;
}

/// Argon2id in the calling thread (RustCrypto `argon2`).
#[derive(Clone, Copy, Debug, Default)]
pub struct Argon2Kdf;

impl Kdf for Argon2Kdf {
    async fn derive(&self, password: &[u8], salt: &[u8; SALT_LEN], params: KdfParams) -> Result<Kek, VaultError> {
        argon2id(password, salt, params).map(Kek)
    }
}

/// Argon2id v1.3, 32-byte output, after checking the parameters. The one place the algorithm
/// is spelled out; the browser's worker runs the same crate with the same settings.
pub fn argon2id(password: &[u8], salt: &[u8], params: KdfParams) -> Result<Zeroizing<[u8; 32]>, VaultError> {
    params.check_acceptable()?;
    let argon_params = Params::new(params.memory_kib, params.iterations, params.parallelism, Some(32))
        .map_err(|_| VaultError::UnreasonableKdfParams)?;
    let argon = Argon2::new(Algorithm::Argon2id, Version::V0x13, argon_params);
    let mut kek = Zeroizing::new([0u8; 32]);
    argon.hash_password_into(password, salt, kek.as_mut()).map_err(|_| VaultError::KeyDerivationFailed)?;
    Ok(kek)
}

/// Derives the 32-byte key-encryption key from the passphrase's UTF-8 bytes.
pub fn derive_kek(passphrase: &str, salt: &[u8], params: &KdfParams) -> Result<Zeroizing<[u8; 32]>, VaultError> {
    argon2id(passphrase.as_bytes(), salt, *params)
}
