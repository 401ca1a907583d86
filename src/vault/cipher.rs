//! AES-256-GCM behind two small async traits: [`RecordCipher`] seals and opens under one key,
//! and [`CipherBackend`] turns 32 key bytes into such a cipher. The browser uses WebCrypto
//! (hardware AES, about 24x faster than software AES in wasm); native code and tests use the
//! `aes-gcm` crate ([`RustCrypto`]). Both must give identical bytes; a browser test checks that.

use crate::i18n::t;
use aes_gcm::aead::{Aead, KeyInit, Payload};
use aes_gcm::{Aes256Gcm, Nonce};

use crate::vault::format::NONCE_LEN;

/// The only failure an AEAD reports: authentication failed, or the backend refused.
#[derive(Clone, Copy, Debug, PartialEq, Eq, thiserror::Error)]
#[error("{}", t("the encryption backend could not process this record"))]
pub struct CipherError;

// Single-threaded wasm: the futures need not be `Send`.
#[allow(async_fn_in_trait)]
pub trait RecordCipher {
    async fn seal(&self, nonce: &[u8; NONCE_LEN], ad: &[u8], plaintext: &[u8]) -> Result<Vec<u8>, CipherError>;
    async fn open(&self, nonce: &[u8; NONCE_LEN], ad: &[u8], ciphertext: &[u8]) -> Result<Vec<u8>, CipherError>;

    /// SHA-256 of stored bytes, which bind records in the book's index. Software SHA-256 in
    /// wasm was a tenth of unlocking; WebCrypto overrides this with the browser's own.
    async fn sha256(&self, data: &[u8]) -> [u8; 32] {
        use sha2::Digest;
        sha2::Sha256::digest(data).into()
    }
}

/// Makes ciphers from raw keys: the key-encryption key after the KDF, a backup's key, the
/// data key once unwrapped.
#[allow(async_fn_in_trait)]
pub trait CipherBackend {
    type Cipher: RecordCipher;
    async fn cipher(&self, key: &[u8; 32]) -> Result<Self::Cipher, CipherError>;
}

/// Software AES-GCM from RustCrypto. Its key schedule is zeroized on drop.
pub struct RustCipher {
    aead: Aes256Gcm,
}

impl RustCipher {
    pub fn new(key: &[u8; 32]) -> Self {
        Self { aead: Aes256Gcm::new(&(*key).into()) }
    }
}

impl RecordCipher for RustCipher {
    async fn seal(&self, nonce: &[u8; NONCE_LEN], ad: &[u8], plaintext: &[u8]) -> Result<Vec<u8>, CipherError> {
        self.aead.encrypt(&Nonce::from(*nonce), Payload { msg: plaintext, aad: ad }).map_err(|_| CipherError)
    }

    async fn open(&self, nonce: &[u8; NONCE_LEN], ad: &[u8], ciphertext: &[u8]) -> Result<Vec<u8>, CipherError> {
        self.aead.decrypt(&Nonce::from(*nonce), Payload { msg: ciphertext, aad: ad }).map_err(|_| CipherError)
    }
}

/// The RustCrypto backend: native code, tests, and the browser tier's cross-check.
#[derive(Clone, Copy, Debug, Default)]
pub struct RustCrypto;

impl CipherBackend for RustCrypto {
    type Cipher = RustCipher;

    async fn cipher(&self, key: &[u8; 32]) -> Result<RustCipher, CipherError> {
        Ok(RustCipher::new(key))
    }
}
