//! The frozen vault-format-2 vector (tests/vectors/vault-v2.txt): a header with its sealed
//! state, one client record, the shard that summarizes it and the settings record, all from
//! fixed keys and nonces. Every later version must produce the same bytes from the same
//! inputs and open them. docs/decrypt_vault_v2.py decrypts the same file with Python's
//! argon2-cffi and cryptography, as a stranger would.
//!
//! `cargo test --test vault_v2_vector -- --ignored --nocapture` prints a vector made by the
//! current code; it was run once to write the file, which must never be edited.

use std::rc::Rc;

use chrono::{DateTime, Utc};
use clientele::book::{shard_of, shard_record_id, ClientSummary, NoPause, ShardDoc, VaultSession};
use clientele::model::{decode_client, Client, ClientStats, FollowUp, Outcome, PaymentStatus, Phone, Settings, Visit};
use clientele::vault::cipher::{RustCipher, RustCrypto};
use clientele::vault::format::{RecordKind, VaultHeader, ENVELOPE_V2, FORMAT_V2};
use clientele::vault::kdf::{derive_kek, Argon2Kdf, KdfParams};
use clientele::vault::keys::{wrap_data_key, DataKey};
use clientele::vault::state::{open_state, seal_state_with_nonce, sha256_hex, BookState, RecordRef};
use clientele::vault::store::{Area, MemoryStore};
use clientele::vault::{open_record, seal_record_with_nonce, unlock, VaultError};
use pollster::block_on;

const PASSPHRASE: &str = "correct horse battery staple";
const SALT: [u8; 16] = seq(0x00);
const WRAP_NONCE: [u8; 12] = seq(0x10);
const DATA_KEY: [u8; 32] = seq(0x20);
const CLIENT_NONCE: [u8; 12] = seq(0x40);
const STATE_NONCE: [u8; 12] = seq(0x50);
const SHARD_NONCE: [u8; 12] = seq(0x60);
const SETTINGS_NONCE: [u8; 12] = seq(0x70);
const CLIENT_ID: &str = "0123456789abcdef0123456789abcdef";
const REVISION: u64 = 1;

/// start, start + 1, ... as bytes.
const fn seq<const N: usize>(start: u8) -> [u8; N] {
    let mut out = [0u8; N];
    let mut i = 0;
    while i < N {
        out[i] = start + i as u8;
        i += 1;
    }
    out
}

struct Vector {
    fields: Vec<(String, String)>,
}

impl Vector {
    fn load() -> Self {
        let text = include_str!("vectors/vault-v2.txt");
        let fields = text
            .lines()
            .filter(|l| !l.starts_with('#') && !l.trim().is_empty())
            .filter_map(|l| l.split_once(' ').map(|(k, v)| (k.to_owned(), v.to_owned())))
            .collect();
        Self { fields }
    }

    fn text(&self, name: &str) -> &str {
        self.fields.iter().find(|(k, _)| k == name).map(|(_, v)| v.as_str()).unwrap_or_else(|| panic!("no {name}"))
    }

    fn bytes(&self, name: &str) -> Vec<u8> {
        let s = self.text(name);
        (0..s.len()).step_by(2).map(|i| u8::from_str_radix(&s[i..i + 2], 16).unwrap()).collect()
    }
}

fn hex(bytes: &[u8]) -> String {
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}

fn kek() -> RustCipher {
    let kek = derive_kek(PASSPHRASE, &SALT, &KdfParams::MINIMUM).unwrap();
    RustCipher::new(&kek)
}

fn seal(id: &str, kind: RecordKind, plaintext: &[u8], nonce: [u8; 12]) -> Vec<u8> {
    block_on(seal_record_with_nonce(&RustCipher::new(&DATA_KEY), ENVELOPE_V2, id, kind, REVISION, plaintext, nonce))
        .unwrap()
}

fn header_with_state(state_json: &[u8]) -> VaultHeader {
    let data_key = DataKey::from_bytes(DATA_KEY);
    let mut header =
        block_on(wrap_data_key(&kek(), &data_key, FORMAT_V2, KdfParams::MINIMUM, SALT, WRAP_NONCE)).unwrap();
    block_on(seal_state_with_nonce(&mut header, state_json, &RustCipher::new(&DATA_KEY), STATE_NONCE)).unwrap();
    header
}

#[test]
fn the_v2_key_derivation_header_and_records_are_unchanged() {
    let v = Vector::load();
    assert_eq!(hex(&derive_kek(PASSPHRASE, &SALT, &KdfParams::MINIMUM).unwrap()[..]), v.text("KEK"));
    assert_eq!(header_with_state(v.text("STATE_PLAINTEXT").as_bytes()).to_bytes(), v.bytes("HEADER"));
    assert_eq!(
        seal(CLIENT_ID, RecordKind::Client, v.text("CLIENT_PLAINTEXT").as_bytes(), CLIENT_NONCE),
        v.bytes("CLIENT_RECORD")
    );
    let shard_id = v.text("SHARD_ID");
    assert_eq!(
        seal(shard_id, RecordKind::Shard, v.text("SHARD_PLAINTEXT").as_bytes(), SHARD_NONCE),
        v.bytes("SHARD_RECORD")
    );
    assert_eq!(
        seal("settings", RecordKind::Settings, v.text("SETTINGS_PLAINTEXT").as_bytes(), SETTINGS_NONCE),
        v.bytes("SETTINGS_RECORD")
    );
}

#[test]
fn the_v2_state_binds_the_index_records_and_the_shard_binds_the_client_record() {
    let v = Vector::load();
    let header = VaultHeader::parse(&v.bytes("HEADER")).unwrap();
    let state = block_on(open_state(&header, &RustCipher::new(&DATA_KEY))).unwrap();
    assert_eq!(state.generation, REVISION);
    let shard_id = v.text("SHARD_ID");
    assert_eq!(state.records[shard_id].sha256, sha256_hex(&v.bytes("SHARD_RECORD")));
    assert_eq!(state.records["settings"].sha256, sha256_hex(&v.bytes("SETTINGS_RECORD")));
    let shard: ShardDoc = serde_json::from_str(v.text("SHARD_PLAINTEXT")).unwrap();
    assert_eq!(shard_record_id(shard.shard), shard_id);
    assert_eq!(shard.clients[0].record, RecordRef::of(RecordKind::Client, REVISION, &v.bytes("CLIENT_RECORD")));
}

#[test]
fn the_v2_vault_opens_through_the_app_code_with_its_passphrase() {
    let v = Vector::load();
    let store = Rc::new(MemoryStore::default());
    *store.header.borrow_mut() = Some(v.bytes("HEADER"));
    store.edit(Area::Index, |r| {
        r.insert(v.text("SHARD_ID").to_owned(), v.bytes("SHARD_RECORD"));
        r.insert("settings".into(), v.bytes("SETTINGS_RECORD"));
    });
    store.edit(Area::Clients, |r| {
        r.insert(CLIENT_ID.into(), v.bytes("CLIENT_RECORD"));
    });
    let header = VaultHeader::parse(&v.bytes("HEADER")).unwrap();
    assert_eq!(header.format, FORMAT_V2);
    let unlocked = block_on(unlock(&header, PASSPHRASE, &Argon2Kdf, &RustCrypto)).expect("the passphrase opens it");
    assert_eq!(unlocked.data_key.as_bytes(), &DATA_KEY);
    let now: DateTime<Utc> = "2026-11-23T09:00:00Z".parse().unwrap();
    let (mut session, mut book) = block_on(VaultSession::open(
        store.clone(),
        RustCipher::new(unlocked.data_key.as_bytes()),
        v.bytes("HEADER"),
        &NoPause,
        now,
    ))
    .unwrap();
    assert!(book.damaged.is_empty(), "{:?}", book.damaged);
    assert_eq!(book.settings.currency, "UAH");
    let entry = book.entry(CLIENT_ID).expect("listed from its summary");
    assert_eq!(entry.stats.completed, 2);
    let chunk = block_on(session.load_history_chunk(10)).unwrap().unwrap();
    book.attach_full(chunk.clients, now);
    let client = book.get_full(CLIENT_ID).unwrap();
    assert_eq!(client, &decode_client(v.text("CLIENT_PLAINTEXT").as_bytes()).unwrap());
    assert_eq!(
        (client.name.as_str(), client.alias.as_str(), client.notes.as_str()),
        ("Frozen Vector Two", "Фрози", "备注 v2")
    );
    let (envelope, plain) =
        block_on(open_record(&RustCipher::new(&DATA_KEY), CLIENT_ID, &v.bytes("CLIENT_RECORD"))).unwrap();
    assert_eq!((envelope.version, envelope.revision), (ENVELOPE_V2, REVISION));
    assert_eq!(plain, v.text("CLIENT_PLAINTEXT").as_bytes());
}

#[test]
fn the_v2_vector_refuses_a_wrong_passphrase() {
    let header = VaultHeader::parse(&Vector::load().bytes("HEADER")).unwrap();
    assert_eq!(
        block_on(unlock(&header, "correct horse battery stapled", &Argon2Kdf, &RustCrypto)).err(),
        Some(VaultError::WrongPassphrase)
    );
}

/// Writes the vector from the current code (run once; see the module doc).
#[test]
#[ignore]
fn print_a_new_vector() {
    let at = |s: &str| -> DateTime<Utc> { s.parse().unwrap() };
    let now = at("2026-11-22T10:00:00Z");
    let mut client = Client::new(CLIENT_ID.into(), now);
    client.name = "Frozen Vector Two".into();
    client.alias = "Фрози".into();
    client.notes = "备注 v2".into();
    client.address.city = "Київ".into();
    client.phones = vec![Phone { label: "mobile".into(), number: "+380 67 000 00 02".into() }];
    client.emails = vec!["frozen2@example.com".into()];
    let visit = |id: &str, start: &str, outcome: Outcome| Visit {
        id: id.into(),
        start: at(start),
        duration_min: 45,
        service: "Haircut".into(),
        price: 45000,
        paid: if outcome == Outcome::Completed { 45000 } else { 0 },
        currency: "UAH".into(),
        payment: if outcome == Outcome::Completed { PaymentStatus::Paid } else { PaymentStatus::Unpaid },
        outcome,
        ..Visit::default()
    };
    client.visits = vec![
        visit("v1", "2026-06-01T10:00:00Z", Outcome::Completed),
        visit("v2", "2026-11-20T10:00:00Z", Outcome::Completed),
        visit("v3", "2026-11-29T10:00:00Z", Outcome::Booked),
    ];
    client.follow_ups = vec![FollowUp {
        id: "f1".into(),
        due: "2026-11-25".parse().unwrap(),
        text: "Send aftercare tips".into(),
        done: false,
    }];
    let client_json = serde_json::to_string(&client).unwrap();
    let client_record = seal(CLIENT_ID, RecordKind::Client, client_json.as_bytes(), CLIENT_NONCE);
    let summary = ClientSummary::of_full(
        &client,
        &ClientStats::of(&client, now),
        RecordRef::of(RecordKind::Client, REVISION, &client_record),
        now,
    );
    let shard = ShardDoc { schema: 1, shard: shard_of(CLIENT_ID), clients: vec![summary], deleted: Vec::new() };
    let shard_id = shard_record_id(shard.shard);
    let shard_json = serde_json::to_string(&shard).unwrap();
    let shard_record = seal(&shard_id, RecordKind::Shard, shard_json.as_bytes(), SHARD_NONCE);
    let settings_json = serde_json::to_string(&Settings { currency: "UAH".into(), ..Settings::default() }).unwrap();
    let settings_record = seal("settings", RecordKind::Settings, settings_json.as_bytes(), SETTINGS_NONCE);
    let mut state = BookState {
        schema: 1,
        book: "00112233445566778899aabbccddeeff".into(),
        generation: REVISION,
        records: Default::default(),
    };
    state.records.insert(shard_id.clone(), RecordRef::of(RecordKind::Shard, REVISION, &shard_record));
    state.records.insert("settings".into(), RecordRef::of(RecordKind::Settings, REVISION, &settings_record));
    let state_json = serde_json::to_string(&state).unwrap();
    let header = header_with_state(state_json.as_bytes());
    println!("KEK {}", hex(&derive_kek(PASSPHRASE, &SALT, &KdfParams::MINIMUM).unwrap()[..]));
    println!("DATA_KEY {}", hex(&DATA_KEY));
    println!("HEADER {}", hex(&header.to_bytes()));
    println!("STATE_PLAINTEXT {state_json}");
    println!("CLIENT_ID {CLIENT_ID}");
    println!("CLIENT_RECORD {}", hex(&client_record));
    println!("CLIENT_PLAINTEXT {client_json}");
    println!("SHARD_ID {shard_id}");
    println!("SHARD_RECORD {}", hex(&shard_record));
    println!("SHARD_PLAINTEXT {shard_json}");
    println!("SETTINGS_RECORD {}", hex(&settings_record));
    println!("SETTINGS_PLAINTEXT {settings_json}");
}
