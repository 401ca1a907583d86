//! The frozen backup vector (tests/vectors/backup-v1.clbk, passphrase "correct horse battery
//! staple"): a file that version 1 wrote must import in every later version.
//! docs/decrypt_backup_v1.py decrypts the same file with Python's standard libraries.

use clientele::backup::{read_backup, BackupError, BackupInfo, BackupPayload};
use clientele::model::{Outcome, CLIENT_SCHEMA};
use clientele::vault::cipher::RustCrypto;
use clientele::vault::kdf::Argon2Kdf;
use pollster::block_on;

const FILE: &[u8] = include_bytes!("vectors/backup-v1.clbk");
const PASSPHRASE: &str = "correct horse battery staple";

fn read(file: &[u8], passphrase: &str) -> Result<(BackupInfo, BackupPayload), BackupError> {
    block_on(read_backup(file, passphrase, &Argon2Kdf, &RustCrypto))
}

#[test]
fn the_v1_backup_still_imports() {
    let (info, payload) = read(FILE, PASSPHRASE).expect("the frozen backup opens");
    assert_eq!(info.created.to_rfc3339(), "2026-11-22T10:00:00+00:00");
    assert_eq!(info.app_version, "0.1.0");
    assert_eq!(payload.clients.len(), 1);
    let client = &payload.clients[0];
    assert_eq!(client.schema, CLIENT_SCHEMA);
    assert_eq!(
        (client.name.as_str(), client.alias.as_str(), client.notes.as_str()),
        ("Frozen Backup", "Фрози", "备注")
    );
    assert_eq!(client.phones[0].number, "+380 67 000 00 00");
    assert_eq!(client.visits[0].paid, 45000);
    assert_eq!(client.visits[0].outcome, Outcome::Completed);
    assert_eq!(payload.settings.currency, "UAH");
}

#[test]
fn the_v1_backup_refuses_a_wrong_passphrase() {
    assert_eq!(read(FILE, "correct horse battery stapler").err(), Some(BackupError::WrongPassphrase));
}
