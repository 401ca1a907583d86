//! AES-256-GCM through WebCrypto (`crypto.subtle`), which uses the CPU's AES instructions.
//! Keys are imported as non-extractable `CryptoKey`s; the temporary JS copy of the raw key is
//! overwritten with zeros right after the import.

use js_sys::{Array, Uint8Array};
use wasm_bindgen::{JsCast, JsValue};
use wasm_bindgen_futures::JsFuture;
use web_sys::{AesGcmParams, CryptoKey, SubtleCrypto};

use crate::vault::cipher::{CipherBackend, CipherError, RecordCipher};
use crate::vault::format::NONCE_LEN;

#[derive(Clone)]
pub struct WebCryptoCipher {
    subtle: SubtleCrypto,
    key: CryptoKey,
}

impl WebCryptoCipher {
    pub async fn import(key: &[u8; 32]) -> Result<Self, CipherError> {
        let subtle = web_sys::window().and_then(|w| w.crypto().ok()).map(|c| c.subtle()).ok_or(CipherError)?;
        let raw = Uint8Array::from(&key[..]);
        let usages = Array::of2(&JsValue::from_str("encrypt"), &JsValue::from_str("decrypt"));
        let imported = subtle.import_key_with_str("raw", &raw, "AES-GCM", false, &usages);
        raw.fill(0, 0, raw.length());
        let key = JsFuture::from(imported.map_err(|_| CipherError)?)
            .await
            .map_err(|_| CipherError)?
            .dyn_into::<CryptoKey>()
            .map_err(|_| CipherError)?;
        Ok(Self { subtle, key })
    }

    fn params(nonce: &[u8; NONCE_LEN], ad: &[u8]) -> AesGcmParams {
        let params = AesGcmParams::new("AES-GCM", &Uint8Array::from(&nonce[..]));
        params.set_additional_data(&Uint8Array::from(ad));
        params.set_tag_length(128);
        params
    }
}

impl RecordCipher for WebCryptoCipher {
    async fn seal(&self, nonce: &[u8; NONCE_LEN], ad: &[u8], plaintext: &[u8]) -> Result<Vec<u8>, CipherError> {
        let promise = self
            .subtle
            .encrypt_with_object_and_u8_array(&Self::params(nonce, ad), &self.key, plaintext)
            .map_err(|_| CipherError)?;
        let buffer = JsFuture::from(promise).await.map_err(|_| CipherError)?;
        Ok(Uint8Array::new(&buffer).to_vec())
    }

    async fn open(&self, nonce: &[u8; NONCE_LEN], ad: &[u8], ciphertext: &[u8]) -> Result<Vec<u8>, CipherError> {
        let promise = self
            .subtle
            .decrypt_with_object_and_u8_array(&Self::params(nonce, ad), &self.key, ciphertext)
            .map_err(|_| CipherError)?;
        let buffer = JsFuture::from(promise).await.map_err(|_| CipherError)?;
        let bytes = Uint8Array::new(&buffer);
        let plain = bytes.to_vec();
        // The decrypted copy in JS memory is cleared; the Rust copy is the caller's.
        bytes.fill(0, 0, bytes.length());
        Ok(plain)
    }

    async fn sha256(&self, data: &[u8]) -> [u8; 32] {
        let digest = async {
            let promise = self.subtle.digest_with_str_and_u8_array("SHA-256", data).ok()?;
            let buffer = JsFuture::from(promise).await.ok()?;
            let bytes = Uint8Array::new(&buffer).to_vec();
            <[u8; 32]>::try_from(bytes.as_slice()).ok()
        };
        match digest.await {
            Some(digest) => digest,
            // A browser that refuses the digest still gets the same answer, more slowly.
            None => {
                use sha2::Digest;
                sha2::Sha256::digest(data).into()
            }
        }
    }
}

/// WebCrypto as the app's cipher backend.
#[derive(Clone, Copy, Debug, Default)]
pub struct WebCrypto;

impl CipherBackend for WebCrypto {
    type Cipher = WebCryptoCipher;

    async fn cipher(&self, key: &[u8; 32]) -> Result<WebCryptoCipher, CipherError> {
        WebCryptoCipher::import(key).await
    }
}
