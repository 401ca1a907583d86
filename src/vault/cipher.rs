//! AES-256-GCM under the data key, behind a small async trait. The browser uses WebCrypto
//! (hardware AES, about 24x faster than software AES in wasm); native code and tests use the
//! `aes-gcm` crate. Both must give identical bytes; a browser test checks that.

use crate::i18n::t;
use aes_gcm::aead::{Aead, KeyInit, Payload};
use aes_gcm::{Aes256Gcm, Nonce};

use crate::vault::format::NONCE_LEN;
use crate::vault::keys::DataKey;

/// The only failure an AEAD reports: authentication failed, or the backend refused.
#[derive(Clone, Copy, Debug, PartialEq, Eq, thiserror::Error)]
#[error("{}", t("the encryption backend could not process this record"))]
pub struct CipherError;

// Single-threaded wasm: the futures need not be `Send`.
#[allow(async_fn_in_trait)]
pub trait RecordCipher {
    async fn seal(&self, nonce: &[u8; NONCE_LEN], ad: &[u8], plaintext: &[u8]) -> Result<Vec<u8>, CipherError>;
    async fn open(&self, nonce: &[u8; NONCE_LEN], ad: &[u8], ciphertext: &[u8]) -> Result<Vec<u8>, CipherError>;
}

/// Software AES-GCM from RustCrypto. Its key schedule is zeroized on drop.
pub struct RustCipher {
    aead: Aes256Gcm,
}

impl RustCipher {
    pub fn new(key: &DataKey) -> Self {
        Self { aead: Aes256Gcm::new(&(*key.as_bytes()).into()) }
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
