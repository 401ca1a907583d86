//! Browser tier: runs in headless Chromium through wasm-bindgen-test. Real IndexedDB, real
//! localStorage and real WebCrypto; no mocks.
#![cfg(target_arch = "wasm32")]

use clientele::book::{Changes, CommitPlan, NoPause, VaultSession};
use clientele::model::{new_record_id, Client};
use clientele::vault::cipher::{RecordCipher, RustCipher};
use clientele::vault::format::{RecordKind, VaultHeader};
use clientele::vault::kdf::{Argon2Kdf, KdfParams};
use clientele::vault::store::{Area, Commit, StoreError, VaultStore};
use clientele::vault::{create_vault, open_record, random_bytes, seal_record, unlock};
use clientele::web::{BrowserTextDecoder, IdbStore, LocalStore, WebCrypto, WebCryptoCipher};
use wasm_bindgen_test::*;

mod support {
    pub use clientele::import::{DecodeError, TextDecoding};

    #[path = "encoding_rs_decoder.rs"]
    mod decoder;
    pub use decoder::EncodingRs;
}

wasm_bindgen_test_configure!(run_in_browser);

/// A fresh, unique store name per test, so runs never see each other's data.
fn unique_name(label: &str) -> String {
    format!("clientele-test-{label}-{}", new_record_id().unwrap())
}

fn put(area: Area, id: &str, bytes: &[u8]) -> (Area, String, Vec<u8>) {
    (area, id.to_owned(), bytes.to_vec())
}

async fn exercise_store<S: VaultStore>(store: &S, reopen: impl std::future::Future<Output = S>) {
    assert_eq!(store.read_header().await.unwrap(), None);
    let create = Commit { expected_header: None, header: b"h1".to_vec(), ..Commit::default() };
    store.commit(&create).await.unwrap();
    assert_eq!(store.commit(&create).await, Err(StoreError::AlreadyExists));
    assert_eq!(store.read_header().await.unwrap().as_deref(), Some(&b"h1"[..]));

    // A stale expectation is refused and writes nothing.
    let stale = Commit {
        expected_header: Some(b"old".to_vec()),
        header: b"never".to_vec(),
        puts: vec![put(Area::Index, "x", &[9])],
        ..Commit::default()
    };
    assert_eq!(store.commit(&stale).await, Err(StoreError::HeaderChanged));
    assert!(store.read_area(Area::Index).await.unwrap().is_empty());

    let first = Commit {
        expected_header: Some(b"h1".to_vec()),
        header: b"h2".to_vec(),
        puts: vec![
            put(Area::Index, "shard-01", &[1]),
            put(Area::Clients, "b", &[2, 2]),
            put(Area::Clients, "a", &[1]),
            put(Area::Clients, "c", &[3; 1000]),
            put(Area::Legacy, "old", &[7]),
        ],
        ..Commit::default()
    };
    store.commit(&first).await.unwrap();
    let second = Commit {
        expected_header: Some(b"h2".to_vec()),
        header: b"h3".to_vec(),
        puts: vec![put(Area::Clients, "a", &[1, 1, 1])],
        deletes: vec![(Area::Clients, "c".into()), (Area::Legacy, "old".into()), (Area::Clients, "never".into())],
    };
    store.commit(&second).await.unwrap();

    let clients = vec![("a".to_string(), vec![1, 1, 1]), ("b".to_string(), vec![2, 2])];
    assert_eq!(store.read_area(Area::Clients).await.unwrap(), clients);
    assert_eq!(store.read_ids(Area::Clients).await.unwrap(), ["a", "b"]);
    assert_eq!(store.read_range(Area::Clients, Some("a"), 10).await.unwrap(), clients[1..]);
    assert_eq!(store.read_range(Area::Clients, None, 1).await.unwrap(), clients[..1]);
    assert_eq!(
        store.read_records(Area::Clients, &["b".into(), "zz".into(), "a".into()]).await.unwrap(),
        vec![Some(vec![2, 2]), None, Some(vec![1, 1, 1])]
    );
    assert!(store.read_area(Area::Legacy).await.unwrap().is_empty());
    let reopened = reopen.await;
    assert_eq!(reopened.read_area(Area::Clients).await.unwrap(), clients);
    assert_eq!(reopened.read_area(Area::Index).await.unwrap(), vec![("shard-01".to_string(), vec![1])]);
    assert_eq!(reopened.read_header().await.unwrap().as_deref(), Some(&b"h3"[..]));
}

#[wasm_bindgen_test]
async fn indexeddb_store_commits_atomically_reads_areas_and_survives_reopen() {
    let name = unique_name("idb");
    let store = IdbStore::open(&name).await.unwrap();
    exercise_store(&store, async { IdbStore::open(&name).await.unwrap() }).await;
}

#[wasm_bindgen_test]
async fn localstorage_store_commits_atomically_reads_areas_and_survives_reopen() {
    let name = unique_name("local");
    let store = LocalStore::open(&name).unwrap();
    exercise_store(&store, async { LocalStore::open(&name).unwrap() }).await;
}

#[wasm_bindgen_test]
async fn stores_with_different_names_do_not_see_each_other() {
    let (a, b) = (unique_name("a"), unique_name("b"));
    let create = Commit {
        expected_header: None,
        header: b"h".to_vec(),
        puts: vec![put(Area::Clients, "x", &[1])],
        ..Commit::default()
    };
    LocalStore::open(&a).unwrap().commit(&create).await.unwrap();
    assert!(LocalStore::open(&b).unwrap().read_area(Area::Clients).await.unwrap().is_empty());
    IdbStore::open(&a).await.unwrap().commit(&create).await.unwrap();
    assert!(IdbStore::open(&b).await.unwrap().read_area(Area::Clients).await.unwrap().is_empty());
}

#[wasm_bindgen_test]
async fn webcrypto_and_aes_gcm_crate_produce_identical_bytes() {
    for (len, ad_len) in [(0usize, 0usize), (1, 5), (16, 0), (1000, 40), (65_537, 3)] {
        let key: [u8; 32] = random_bytes().unwrap();
        let nonce: [u8; 12] = random_bytes().unwrap();
        let plaintext: Vec<u8> = (0..len).map(|i| (i * 31 % 251) as u8).collect();
        let ad: Vec<u8> = (0..ad_len).map(|i| i as u8).collect();
        let web = WebCryptoCipher::import(&key).await.unwrap();
        let rust = RustCipher::new(&key);

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
    let web = WebCryptoCipher::import(&key).await.unwrap();
    let rust = RustCipher::new(&key);
    let sealed = seal_record(&web, "id-1", RecordKind::Client, 7, b"payload").await.unwrap();
    assert_eq!(open_record(&rust, "id-1", &sealed).await.unwrap().1, b"payload");
    assert!(open_record(&web, "id-2", &sealed).await.is_err());
}

#[wasm_bindgen_test]
async fn a_format_2_book_in_indexeddb_saves_reopens_and_stores_nothing_in_clear() {
    let name = unique_name("book");
    let store = IdbStore::open(&name).await.unwrap();
    let passphrase = "violet tram sings bass 42";
    let opened = create_vault(&store, passphrase, KdfParams::MINIMUM, &Argon2Kdf, &WebCrypto).await.unwrap();
    let cipher = WebCryptoCipher::import(opened.data_key.as_bytes()).await.unwrap();
    let now = chrono::Utc::now();
    let (mut session, book) = VaultSession::open(store, cipher, opened.header.to_bytes(), &NoPause, now).await.unwrap();
    let clients: Vec<Client> = (0..50)
        .map(|n| {
            let mut client = Client::new(new_record_id().unwrap(), now);
            client.name = format!("MarkerClient{n}");
            client
        })
        .collect();
    let plan = CommitPlan::new(&book, Changes { clients, ..Changes::default() }, now).unwrap();
    session.commit(&plan, &NoPause, now).await.unwrap();

    let reopened = IdbStore::open(&name).await.unwrap();
    for area in [Area::Index, Area::Clients] {
        for (_, bytes) in reopened.read_area(area).await.unwrap() {
            assert!(!bytes.windows(12).any(|w| w == b"MarkerClient"));
        }
    }
    let header_bytes = reopened.read_header().await.unwrap().unwrap();
    let header = VaultHeader::parse(&header_bytes).unwrap();
    let unlocked = unlock(&header, passphrase, &Argon2Kdf, &WebCrypto).await.unwrap();
    let cipher = WebCryptoCipher::import(unlocked.data_key.as_bytes()).await.unwrap();
    let (mut session, mut book) = VaultSession::open(reopened, cipher, header_bytes, &NoPause, now).await.unwrap();
    assert_eq!(book.len(), 50);
    assert!(book.damaged.is_empty());
    while let Some(chunk) = session.load_history_chunk(20).await.unwrap() {
        book.attach_full(chunk.clients, now);
    }
    assert!(book.history_complete());
}

/// The import decodes with the browser's TextDecoder; native tests use encoding_rs in its
/// place. Both follow the WHATWG Encoding Standard; this checks they agree, byte for byte.
#[wasm_bindgen_test]
fn the_browsers_text_decoder_agrees_with_the_native_tests_decoder() {
    use clientele::import::{DecodeError, Encoding, TextDecoding};
    use support::EncodingRs;

    let samples: [&[u8]; 6] = [
        include_bytes!("fixtures/import/russian_excel_1251.csv"),
        include_bytes!("fixtures/import/chinese_excel_gbk.csv"),
        include_bytes!("fixtures/import/excel_unicode_text_utf16le.txt"),
        include_bytes!("fixtures/import/utf8_bom.csv"),
        include_bytes!("fixtures/import/vcard_4_0.vcf"),
        &include_bytes!("fixtures/import/fail_random_bytes.csv")[..301],
    ];
    let labels = Encoding::ALL.map(Encoding::label);
    for bytes in samples {
        for label in labels.iter().copied().chain(["KOI8-R", "gbk", "UTF-8"]) {
            for fatal in [false, true] {
                assert_eq!(
                    BrowserTextDecoder.decode(bytes, label, fatal),
                    EncodingRs.decode(bytes, label, fatal),
                    "{label}, fatal: {fatal}"
                );
            }
        }
    }
    assert_eq!(BrowserTextDecoder.decode(b"x", "no-such-encoding", false), Err(DecodeError::UnknownLabel));
}
