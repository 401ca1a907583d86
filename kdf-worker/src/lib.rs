//! Clientele's key-derivation worker: Argon2id for the vault's key-encryption key, run in a
//! dedicated Web Worker so the page's main thread never freezes while 64 MiB are hashed.
//!
//! Trunk builds this crate (with the `worker` feature) into `kdf-worker_loader.js`,
//! `kdf-worker.js` and `kdf-worker_bg.wasm`; the page starts it with
//! `new Worker("./kdf-worker_loader.js", { type: "module" })` (`clientele::web::kdf`).
//! [`protocol`] describes the messages. [`derive`] is the algorithm, which must stay identical
//! to `clientele::vault::kdf::argon2id`: the root crate's `tests/kdf_worker.rs` compares them.
//!
//! It must never depend on the `clientele` crate (its start function would try to mount the
//! app inside the worker), never log or keep anything about a passphrase, and never derive
//! with parameters outside the range the vault accepts.
#![forbid(unsafe_code)]

use argon2::{Algorithm, Argon2, Block, Params, Version};
use zeroize::Zeroizing;

#[cfg(target_arch = "wasm32")]
pub mod protocol;

#[cfg(all(target_arch = "wasm32", feature = "worker"))]
mod entry;

/// Salt length of the vault and backup headers.
pub const SALT_LEN: usize = 16;
/// Length of the key-encryption key.
pub const KEY_LEN: usize = 32;

/// Argon2id cost, checked again here against the same range as `clientele`'s `KdfParams`
/// (defence in depth: the page checks first, and a test keeps both ranges equal).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Cost {
    pub memory_kib: u32,
    pub iterations: u32,
    pub parallelism: u32,
}

impl Cost {
    pub const MIN_MEMORY_KIB: u32 = 19 * 1024;
    pub const MAX_MEMORY_KIB: u32 = 256 * 1024;
    pub const MIN_ITERATIONS: u32 = 2;
    pub const MAX_ITERATIONS: u32 = 10;
    pub const MIN_PARALLELISM: u32 = 1;
    pub const MAX_PARALLELISM: u32 = 4;

    pub fn is_acceptable(&self) -> bool {
        (Self::MIN_MEMORY_KIB..=Self::MAX_MEMORY_KIB).contains(&self.memory_kib)
            && (Self::MIN_ITERATIONS..=Self::MAX_ITERATIONS).contains(&self.iterations)
            && (Self::MIN_PARALLELISM..=Self::MAX_PARALLELISM).contains(&self.parallelism)
    }
}

/// Why no key came out. The page turns each of these into the same "could not derive" error;
/// the distinction is only for tests and for whoever reads the worker's answers.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum DeriveError {
    /// The cost is outside the accepted range, or the salt has the wrong length.
    Refused,
    /// The worker could not get the memory the cost asks for.
    OutOfMemory,
    /// Argon2 itself refused the inputs.
    Failed,
}

impl DeriveError {
    /// The word sent to the page in `{ id, error }`.
    pub fn code(self) -> &'static str {
        match self {
            Self::Refused => "refused",
            Self::OutOfMemory => "out-of-memory",
            Self::Failed => "failed",
        }
    }
}

/// Argon2id v1.3, 32-byte output, no secret and no associated data: the vault's
/// key-encryption key from a passphrase's bytes.
///
/// Unlike `Argon2::hash_password_into`, it owns Argon2's working memory, so that memory can
/// be asked for without aborting when the device has too little, and wiped afterwards: a
/// worker lives on between jobs, and the last blocks of a lane are enough to compute the key.
pub fn derive(password: &[u8], salt: &[u8; SALT_LEN], cost: Cost) -> Result<Zeroizing<[u8; KEY_LEN]>, DeriveError> {
    if !cost.is_acceptable() {
        return Err(DeriveError::Refused);
    }
    let params = Params::new(cost.memory_kib, cost.iterations, cost.parallelism, Some(KEY_LEN))
        .map_err(|_| DeriveError::Refused)?;
    let block_count = params.block_count();
    let argon = Argon2::new(Algorithm::Argon2id, Version::V0x13, params);

    let mut memory: Zeroizing<Vec<Block>> = Zeroizing::new(Vec::new());
    memory.try_reserve_exact(block_count).map_err(|_| DeriveError::OutOfMemory)?;
    // Within the reserved capacity: no reallocation, so no unwiped copy is left behind.
    memory.resize(block_count, Block::new());

    let mut key = Zeroizing::new([0u8; KEY_LEN]);
    argon
        .hash_password_into_with_memory(password, salt, key.as_mut(), memory.as_mut_slice())
        .map_err(|_| DeriveError::Failed)?;
    Ok(key)
}
