//! The frozen vault-format-1 vector (tests/vectors/vault-v1.txt): what version 1 wrote must
//! open in every later version, byte for byte. docs/decrypt_vault_v1.py decrypts the same
//! file with Python's argon2-cffi and cryptography, as a stranger would.

use clientele::model::decode_client;
use clientele::vault::cipher::{RustCipher, RustCrypto};
use clientele::vault::format::{record_associated_data, RecordKind, VaultHeader, ENVELOPE_V1, FORMAT_V1};
use clientele::vault::kdf::{derive_kek, Argon2Kdf};
use clientele::vault::keys::{wrap_data_key, DataKey};
use clientele::vault::{open_record, seal_record_with_nonce, unlock, VaultError};
use pollster::block_on;

struct Vector {
    passphrase: String,
    record_id: String,
    kek: Vec<u8>,
    header: Vec<u8>,
    record: Vec<u8>,
    record_ad: Vec<u8>,
    data_key: Vec<u8>,
    plaintext: String,
}

fn unhex(s: &str) -> Vec<u8> {
    (0..s.len()).step_by(2).map(|i| u8::from_str_radix(&s[i..i + 2], 16).unwrap()).collect()
}

fn vector() -> Vector {
    let text = include_str!("vectors/vault-v1.txt");
    let field = |name: &str| {
        text.lines()
            .find_map(|l| l.strip_prefix(name).and_then(|rest| rest.strip_prefix(' ')))
            .unwrap_or_else(|| panic!("vector lacks {name}"))
            .to_owned()
    };
    Vector {
        passphrase: field("PASSPHRASE"),
        record_id: field("RECORD_ID"),
        kek: unhex(&field("KEK")),
        header: unhex(&field("HEADER")),
        record: unhex(&field("RECORD")),
        record_ad: unhex(&field("RECORD_AD")),
        data_key: unhex(&field("DATA_KEY")),
        plaintext: field("PLAINTEXT"),
    }
}

#[test]
fn the_v1_header_unlocks_and_the_v1_record_opens() {
    let v = vector();
    let header = VaultHeader::parse(&v.header).expect("v1 header parses");
    assert_eq!(header.format, FORMAT_V1);
    let data_key =
        block_on(unlock(&header, &v.passphrase, &Argon2Kdf, &RustCrypto)).expect("v1 passphrase unlocks").data_key;
    assert_eq!(data_key.as_bytes().as_slice(), v.data_key.as_slice());
    let (envelope, plain) =
        block_on(open_record(&RustCipher::new(data_key.as_bytes()), &v.record_id, &v.record)).expect("opens");
    assert_eq!((envelope.kind, envelope.version), (RecordKind::Client, ENVELOPE_V1));
    assert_eq!(String::from_utf8(plain.clone()).unwrap(), v.plaintext);
    let client = decode_client(&plain).expect("the v1 client shape still reads, migrated");
    assert_eq!(client.name, "Frozen Vector");
    assert_eq!(client.phones[0].number, "+1 555 0100");
    assert_eq!(client.emails, ["frozen@example.com"]);
}

#[test]
fn the_v1_key_derivation_and_wrapping_are_unchanged() {
    let v = vector();
    let header = VaultHeader::parse(&v.header).unwrap();
    let kek = derive_kek(&v.passphrase, &header.salt, &header.kdf).unwrap();
    assert_eq!(kek.as_slice(), v.kek.as_slice());
    let data_key = DataKey::from_bytes(v.data_key.clone().try_into().unwrap());
    let kek = RustCipher::new(&kek.as_slice().try_into().unwrap());
    let rewrapped =
        block_on(wrap_data_key(&kek, &data_key, FORMAT_V1, header.kdf, header.salt, header.wrap_nonce)).unwrap();
    assert_eq!(rewrapped.to_bytes(), v.header);
}

#[test]
fn the_v1_record_sealing_is_unchanged() {
    let v = vector();
    assert_eq!(record_associated_data(ENVELOPE_V1, &v.record_id, RecordKind::Client, 0), v.record_ad);
    let nonce: [u8; 12] = v.record[2..14].try_into().unwrap();
    let sealed = block_on(seal_record_with_nonce(
        &RustCipher::new(&v.data_key.clone().try_into().unwrap()),
        ENVELOPE_V1,
        &v.record_id,
        RecordKind::Client,
        0,
        v.plaintext.as_bytes(),
        nonce,
    ))
    .unwrap();
    assert_eq!(sealed, v.record);
}

#[test]
fn the_v1_vector_refuses_a_wrong_passphrase() {
    let v = vector();
    let header = VaultHeader::parse(&v.header).unwrap();
    assert!(matches!(
        block_on(unlock(&header, "correct horse battery stapled", &Argon2Kdf, &RustCrypto)),
        Err(VaultError::WrongPassphrase)
    ));
}
