//! Browser tier: runs in headless Chromium through wasm-bindgen-test. Real IndexedDB, real
//! localStorage and real WebCrypto; no mocks.
#![cfg(target_arch = "wasm32")]

use clientele::book::{load_book, save_client};
use clientele::model::{new_record_id, Client};
use clientele::vault::cipher::{RecordCipher, RustCipher};
use clientele::vault::format::RecordKind;
use clientele::vault::keys::DataKey;
use clientele::vault::store::{StoreError, VaultStore};
use clientele::vault::{open_record, random_bytes, seal_record};
use clientele::web::{IdbStore, LocalStore, WebCryptoCipher};
use wasm_bindgen_test::*;

wasm_bindgen_test_configure!(run_in_browser);

/// A fresh, unique store name per test, so runs never see each other's data.
fn unique_name(label: &str) -> String {
    format!("clientele-test-{label}-{}", new_record_id().unwrap())
}

async fn exercise_store<S: VaultStore>(store: &S, reopen: impl std::future::Future<Output = S>) {
    assert_eq!(store.read_header().await.unwrap(), None);
    store.create_header(b"header-bytes").await.unwrap();
    assert_eq!(store.create_header(b"other").await, Err(StoreError::AlreadyExists));
    assert_eq!(store.read_header().await.unwrap().as_deref(), Some(&b"header-bytes"[..]));
    assert_eq!(store.replace_header(b"stale", b"never").await, Err(StoreError::HeaderChanged));
    store.replace_header(b"header-bytes", b"rewrapped").await.unwrap();
    store.replace_header(b"rewrapped", b"header-bytes").await.unwrap();
    assert_eq!(store.read_header().await.unwrap().as_deref(), Some(&b"header-bytes"[..]));

    store.put_record("b", &[2, 2]).await.unwrap();
    store.put_record("a", &[1]).await.unwrap();
    store.put_record("c", &[3; 1000]).await.unwrap();
    store.put_record("a", &[1, 1, 1]).await.unwrap();
    store.delete_record("c").await.unwrap();
    store.delete_record("never-existed").await.unwrap();

    let expected = vec![("a".to_string(), vec![1, 1, 1]), ("b".to_string(), vec![2, 2])];
    assert_eq!(store.read_all_records().await.unwrap(), expected);

    store.write_batch(&[("d".into(), vec![4]), ("e".into(), vec![5, 5])], &["a".into()]).await.unwrap();
    store.write_batch(&[("a".into(), vec![1, 1, 1])], &["d".into(), "e".into()]).await.unwrap();
    let reopened = reopen.await;
    assert_eq!(reopened.read_all_records().await.unwrap(), expected);
    assert_eq!(reopened.read_header().await.unwrap().as_deref(), Some(&b"header-bytes"[..]));
}

#[wasm_bindgen_test]
async fn indexeddb_store_puts_gets_deletes_lists_and_survives_reopen() {
    let name = unique_name("idb");
    let store = IdbStore::open(&name).await.unwrap();
    exercise_store(&store, async { IdbStore::open(&name).await.unwrap() }).await;
}

#[wasm_bindgen_test]
async fn localstorage_store_puts_gets_deletes_lists_and_survives_reopen() {
    let name = unique_name("local");
    let store = LocalStore::open(&name).unwrap();
    exercise_store(&store, async { LocalStore::open(&name).unwrap() }).await;
}

#[wasm_bindgen_test]
async fn stores_with_different_names_do_not_see_each_other() {
    let (a, b) = (unique_name("a"), unique_name("b"));
    let store_a = LocalStore::open(&a).unwrap();
    store_a.put_record("x", &[1]).await.unwrap();
    assert!(LocalStore::open(&b).unwrap().read_all_records().await.unwrap().is_empty());
    let idb_a = IdbStore::open(&a).await.unwrap();
    idb_a.put_record("x", &[1]).await.unwrap();
    assert!(IdbStore::open(&b).await.unwrap().read_all_records().await.unwrap().is_empty());
}

#[wasm_bindgen_test]
async fn webcrypto_and_aes_gcm_crate_produce_identical_bytes() {
    for (len, ad_len) in [(0usize, 0usize), (1, 5), (16, 0), (1000, 40), (65_537, 3)] {
        let key_bytes: [u8; 32] = random_bytes().unwrap();
        let nonce: [u8; 12] = random_bytes().unwrap();
        let plaintext: Vec<u8> = (0..len).map(|i| (i * 31 % 251) as u8).collect();
        let ad: Vec<u8> = (0..ad_len).map(|i| i as u8).collect();
        let web = WebCryptoCipher::import(&DataKey::from_bytes(key_bytes)).await.unwrap();
        let rust = RustCipher::new(&DataKey::from_bytes(key_bytes));

        let by_web = web.seal(&nonce, &ad, &plaintext).await.unwrap();
        let by_rust = rust.seal(&nonce, &ad, &plaintext).await.unwrap();
        assert_eq!(by_web, by_rust, "length {len}");
        assert_eq!(web.open(&nonce, &ad, &by_rust).await.unwrap(), plaintext);
        assert_eq!(rust.open(&nonce, &ad, &by_web).await.unwrap(), plaintext);

        let mut tampered = by_web.clone();
        tampered[0] ^= 1;
        assert!(web.open(&nonce, &ad, &tampered).await.is_err());
    }
}

#[wasm_bindgen_test]
async fn records_sealed_by_one_backend_open_in_the_other() {
    let key: [u8; 32] = random_bytes().unwrap();
    let web = WebCryptoCipher::import(&DataKey::from_bytes(key)).await.unwrap();
    let rust = RustCipher::new(&DataKey::from_bytes(key));
    let sealed = seal_record(&web, "id-1", RecordKind::Client, b"payload").await.unwrap();
    assert_eq!(open_record(&rust, "id-1", &sealed).await.unwrap().1, b"payload");
    assert!(open_record(&web, "id-2", &sealed).await.is_err());
}

#[wasm_bindgen_test]
async fn clients_saved_to_indexeddb_load_back_and_are_not_stored_in_clear() {
    let name = unique_name("book");
    let store = IdbStore::open(&name).await.unwrap();
    let key: [u8; 32] = random_bytes().unwrap();
    let cipher = WebCryptoCipher::import(&DataKey::from_bytes(key)).await.unwrap();
    for n in 0..50 {
        let mut client = Client::new(new_record_id().unwrap(), chrono::Utc::now());
        client.name = format!("MarkerClient{n}");
        save_client(&store, &cipher, &client).await.unwrap();
    }
    for (_, bytes) in store.read_all_records().await.unwrap() {
        assert!(!bytes.windows(12).any(|w| w == b"MarkerClient"));
    }
    let book = load_book(&IdbStore::open(&name).await.unwrap(), &cipher, chrono::Utc::now()).await.unwrap();
    assert_eq!(book.len(), 50);
    assert!(book.damaged.is_empty());
}
