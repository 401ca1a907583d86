//! Encrypted backup files (`.clbk`): everything in the book, sealed under a passphrase, in one
//! self-describing file that restores on its own in a fresh browser.
//!
//! ```text
//! Backup file, format 1 (all integers little-endian; n = length of the app version):
//!   0       8  magic "CLTBACKP"
//!   8       2  format version, u16 (1)
//!  10       1  KDF id (1 = Argon2id v1.3)
//!  11       4  Argon2 memory cost in KiB, u32
//!  15       4  Argon2 iterations, u32
//!  19       4  Argon2 parallelism, u32
//!  23      16  salt
//!  39       8  created, Unix seconds, i64
//!  47       1  n, the app version's length in bytes (at most 64)
//!  48       n  app version, UTF-8
//!  48+n    12  key-check nonce
//!  60+n    32  key check: AES-256-GCM(KEK, nonce, AD = bytes 0..48+n) of 16 zero bytes
//!  92+n    12  payload nonce
//! 104+n     8  L, the sealed payload's length, u64
//! 112+n     L  sealed payload: AES-256-GCM(KEK, nonce, AD = bytes 0..112+n) of
//!              raw DEFLATE (RFC 1951) of the payload JSON
//! 112+n+L   4  CRC-32 (IEEE) of every byte before it
//! ```
//!
//! KEK = Argon2id(passphrase in NFC, salt, m, t, p, 32 bytes), as for the vault. The CRC tells a
//! damaged or cut-off file from a wrong passphrase before any key is derived; the key check
//! tells a wrong passphrase from a tampered payload. The KDF runs through the `Kdf` edge (a
//! worker in the browser) and AES-GCM through the `CipherBackend` edge (WebCrypto there), so
//! neither freezes the page nor needs software AES in the app.

use crate::i18n::{t, tf};
mod crc32;
mod restore;

pub use restore::{backup_health, BackupHealth, Conflict, ImportPlan, ImportPreview, Kept};

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};
use zeroize::Zeroizing;

use crate::model::{decode_client, Client, Settings, CLIENT_SCHEMA};
use crate::vault::cipher::{CipherBackend, RecordCipher};
use crate::vault::kdf::{Kdf, KdfParams};
use crate::vault::{kek_cipher, passphrase_forms, random_bytes, VaultError};

pub const BACKUP_MAGIC: [u8; 8] = *b"CLTBACKP";
pub const BACKUP_VERSION: u16 = 1;
/// The file name extension, and the suggested name's pattern.
pub const BACKUP_EXTENSION: &str = "clbk";
const MAX_APP_VERSION_LEN: usize = 64;
const KEY_CHECK_PLAINTEXT: [u8; 16] = [0; 16];
/// Decompressed payloads above this are refused: a hostile file must not exhaust memory.
const MAX_PAYLOAD_BYTES: usize = 1 << 30;

/// What a backup holds: every client (Trash included, with their visits, interactions and
/// follow-ups) and the settings (catalogue, custom fields, tags, segments).
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct BackupPayload {
    pub clients: Vec<Client>,
    pub settings: Settings,
}

/// The readable facts of a backup header, shown in the import preview.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct BackupInfo {
    pub created: DateTime<Utc>,
    pub app_version: String,
    pub kdf: KdfParams,
}

/// Every way an import can fail. Each message says what happened and that nothing changed.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum BackupError {
    #[error(
        "{}",
        t("This file is empty (0 bytes), so it holds no backup. Nothing was imported; choose another file.")
    )]
    Empty,
    #[error(
        "{}",
        t("This is not a Clientele backup. Choose a .clbk file exported by Clientele. Nothing was imported.")
    )]
    NotABackup,
    #[error("{}", tf("This backup was made by a newer version of Clientele (format {found}). Update the app to import it; nothing was imported.", &[("found", .found.to_string())]))]
    NewerVersion { found: u16 },
    #[error("{}", t("This backup file is incomplete: it was cut off while being copied or downloaded. Nothing was imported; try another copy."))]
    Truncated,
    #[error("{}", t("This backup file is damaged: its contents no longer match its checksum. Nothing was imported; try another copy."))]
    Damaged,
    #[error("{}", t("This backup uses a key derivation this version does not know. Nothing was imported."))]
    UnknownKdf,
    #[error(
        "{}",
        t("This backup's key settings are weaker than Clientele allows, so it was refused. Nothing was imported.")
    )]
    WeakKdfParams,
    #[error("{}", t("This backup asks for more memory or time to open than a phone can safely give (above 256 MiB or 10 passes), so it was refused before any work. Nothing was imported."))]
    UnreasonableKdfParams,
    #[error("{}", t("Wrong passphrase for this backup. Nothing was imported; try again."))]
    WrongPassphrase,
    #[error(
        "{}",
        t("This backup failed its integrity check: it was altered after it was made. Nothing was imported.")
    )]
    Tampered,
    #[error("{}", t("This backup decrypted, but its contents could not be read. Nothing was imported."))]
    Unreadable,
    #[error("{}", t("Cancelled. Nothing was imported."))]
    Cancelled,
    #[error("{}", tf("The backup could not be written: {0}", &[("0", .0.to_string())]))]
    Write(String),
}

impl From<VaultError> for BackupError {
    fn from(error: VaultError) -> Self {
        match error {
            VaultError::WeakKdfParams => Self::WeakKdfParams,
            VaultError::UnreasonableKdfParams => Self::UnreasonableKdfParams,
            VaultError::Cancelled => Self::Cancelled,
            other => Self::Write(other.to_string()),
        }
    }
}

/// Writes a backup of `payload` under `passphrase` (in NFC), with fresh random salt and nonces.
pub async fn write_backup<K: Kdf, B: CipherBackend>(
    payload: &BackupPayload,
    passphrase: &str,
    params: KdfParams,
    created: DateTime<Utc>,
    app_version: &str,
    kdf: &K,
    ciphers: &B,
) -> Result<Vec<u8>, BackupError> {
    let nonces = (random_bytes()?, random_bytes()?, random_bytes()?);
    let password = crate::passphrase::nfc(passphrase);
    write_backup_with(payload, &password, params, created, app_version, nonces, kdf, ciphers).await
}

/// The deterministic core of [`write_backup`] (salt, key-check nonce, payload nonce given), used
/// directly by the frozen test vector. `password` goes into the KDF exactly as given.
#[allow(clippy::too_many_arguments)]
pub async fn write_backup_with<K: Kdf, B: CipherBackend>(
    payload: &BackupPayload,
    password: &str,
    params: KdfParams,
    created: DateTime<Utc>,
    app_version: &str,
    (salt, check_nonce, payload_nonce): ([u8; 16], [u8; 12], [u8; 12]),
    kdf: &K,
    ciphers: &B,
) -> Result<Vec<u8>, BackupError> {
    let version = app_version.as_bytes();
    if version.len() > MAX_APP_VERSION_LEN {
        return Err(BackupError::Write("the app version is too long".into()));
    }
    params.check_acceptable()?;
    let json = Zeroizing::new(serde_json::to_vec(payload).map_err(|e| BackupError::Write(e.to_string()))?);
    let compressed = Zeroizing::new(miniz_oxide::deflate::compress_to_vec(&json, 3));
    drop(json);
    let kek = kek_cipher(kdf, ciphers, password, &salt, params).await?;

    let mut out = Vec::with_capacity(compressed.len() + 256);
    out.extend_from_slice(&BACKUP_MAGIC);
    out.extend_from_slice(&BACKUP_VERSION.to_le_bytes());
    out.push(crate::vault::format::KDF_ARGON2ID);
    out.extend_from_slice(&params.memory_kib.to_le_bytes());
    out.extend_from_slice(&params.iterations.to_le_bytes());
    out.extend_from_slice(&params.parallelism.to_le_bytes());
    out.extend_from_slice(&salt);
    out.extend_from_slice(&created.timestamp().to_le_bytes());
    out.push(version.len() as u8);
    out.extend_from_slice(version);
    let failed = |_| BackupError::Write("encryption failed".into());
    let check = kek.seal(&check_nonce, &out, &KEY_CHECK_PLAINTEXT).await.map_err(failed)?;
    out.extend_from_slice(&check_nonce);
    out.extend_from_slice(&check);
    out.extend_from_slice(&payload_nonce);
    let sealed_len = compressed.len() as u64 + 16;
    out.extend_from_slice(&sealed_len.to_le_bytes());
    let sealed = kek.seal(&payload_nonce, &out, &compressed).await.map_err(failed)?;
    out.extend_from_slice(&sealed);
    let crc = crc32::crc32(&out);
    out.extend_from_slice(&crc.to_le_bytes());
    Ok(out)
}

/// A backup whose structure and checksum are sound, not yet decrypted.
pub struct ParsedBackup<'a> {
    pub info: BackupInfo,
    salt: [u8; 16],
    check_ad: &'a [u8],
    check_nonce: [u8; 12],
    check: &'a [u8],
    payload_ad: &'a [u8],
    payload_nonce: [u8; 12],
    sealed: &'a [u8],
}

/// True when the first bytes of a file could start a backup; lets the app refuse a large
/// foreign file after reading 8 bytes of it.
pub fn looks_like_backup(start: &[u8]) -> bool {
    start.len() >= BACKUP_MAGIC.len() && start[..8] == BACKUP_MAGIC
}

/// Checks everything that needs no passphrase: magic, version, lengths, checksum and the KDF
/// parameters. Refuses absurd parameters here, before any key derivation.
pub fn parse_backup(file: &[u8]) -> Result<ParsedBackup<'_>, BackupError> {
    if file.is_empty() {
        return Err(BackupError::Empty);
    }
    if !looks_like_backup(file) {
        return Err(if BACKUP_MAGIC.starts_with(file) { BackupError::Truncated } else { BackupError::NotABackup });
    }
    if file.len() < 48 {
        return Err(BackupError::Truncated);
    }
    let version = u16::from_le_bytes([file[8], file[9]]);
    if version > BACKUP_VERSION {
        return Err(BackupError::NewerVersion { found: version });
    }
    let n = usize::from(file[47]);
    let fixed_end = 112 + n;
    if file.len() < fixed_end + 4 {
        return Err(BackupError::Truncated);
    }
    let sealed_len = u64::from_le_bytes(array(&file[104 + n..112 + n]));
    let expected = (fixed_end as u64).checked_add(sealed_len).and_then(|v| v.checked_add(4));
    match expected {
        Some(total) if total == file.len() as u64 => {}
        Some(total) if total > file.len() as u64 => return Err(BackupError::Truncated),
        _ => return Err(BackupError::Damaged),
    }
    let body_end = file.len() - 4;
    if crc32::crc32(&file[..body_end]) != u32::from_le_bytes(array(&file[body_end..])) {
        return Err(BackupError::Damaged);
    }
    if version == 0 || n > MAX_APP_VERSION_LEN || sealed_len < 16 {
        return Err(BackupError::Damaged);
    }
    if file[10] != crate::vault::format::KDF_ARGON2ID {
        return Err(BackupError::UnknownKdf);
    }
    let kdf = KdfParams {
        memory_kib: u32::from_le_bytes(array(&file[11..15])),
        iterations: u32::from_le_bytes(array(&file[15..19])),
        parallelism: u32::from_le_bytes(array(&file[19..23])),
    };
    kdf.check_acceptable()?;
    let created = DateTime::from_timestamp(i64::from_le_bytes(array(&file[39..47])), 0).ok_or(BackupError::Damaged)?;
    let app_version = std::str::from_utf8(&file[48..48 + n]).map_err(|_| BackupError::Damaged)?.to_owned();
    Ok(ParsedBackup {
        info: BackupInfo { created, app_version, kdf },
        salt: array(&file[23..39]),
        check_ad: &file[..48 + n],
        check_nonce: array(&file[48 + n..60 + n]),
        check: &file[60 + n..92 + n],
        payload_ad: &file[..fixed_end],
        payload_nonce: array(&file[92 + n..104 + n]),
        sealed: &file[fixed_end..body_end],
    })
}

impl ParsedBackup<'_> {
    /// Whether opening it costs more than this app's own backups (more memory, passes or
    /// lanes, up to the ceiling): the user is asked before the work starts.
    pub fn needs_confirmation(&self) -> bool {
        self.info.kdf.is_costlier_than_default()
    }

    /// Derives the key (the passphrase in NFC, then as typed), checks it, then decrypts and
    /// reads the whole payload.
    pub async fn open<K: Kdf, B: CipherBackend>(
        &self,
        passphrase: &str,
        kdf: &K,
        ciphers: &B,
    ) -> Result<BackupPayload, BackupError> {
        for password in passphrase_forms(passphrase) {
            let kek = kek_cipher(kdf, ciphers, &password, &self.salt, self.info.kdf).await?;
            if kek.open(&self.check_nonce, self.check_ad, self.check).await.is_err() {
                continue;
            }
            let compressed = Zeroizing::new(
                kek.open(&self.payload_nonce, self.payload_ad, self.sealed).await.map_err(|_| BackupError::Tampered)?,
            );
            let json = Zeroizing::new(
                miniz_oxide::inflate::decompress_to_vec_with_limit(&compressed, MAX_PAYLOAD_BYTES)
                    .map_err(|_| BackupError::Unreadable)?,
            );
            drop(compressed);
            return decode_payload(&json);
        }
        Err(BackupError::WrongPassphrase)
    }
}

/// Reads payload JSON, migrating clients written in an older schema.
fn decode_payload(json: &[u8]) -> Result<BackupPayload, BackupError> {
    if let Ok(payload) = serde_json::from_slice::<BackupPayload>(json) {
        if payload.clients.iter().all(|c| c.schema == CLIENT_SCHEMA) {
            return Ok(payload);
        }
    }
    #[derive(Deserialize)]
    struct Loose {
        clients: Vec<serde_json::Value>,
        #[serde(default)]
        settings: Settings,
    }
    let loose: Loose = serde_json::from_slice(json).map_err(|_| BackupError::Unreadable)?;
    let clients = loose
        .clients
        .iter()
        .map(|value| {
            let bytes = serde_json::to_vec(value).map_err(|_| BackupError::Unreadable)?;
            decode_client(&bytes).map_err(|_| BackupError::Unreadable)
        })
        .collect::<Result<Vec<_>, _>>()?;
    Ok(BackupPayload { clients, settings: loose.settings })
}

/// Reads a whole backup in one call.
pub async fn read_backup<K: Kdf, B: CipherBackend>(
    file: &[u8],
    passphrase: &str,
    kdf: &K,
    ciphers: &B,
) -> Result<(BackupInfo, BackupPayload), BackupError> {
    let parsed = parse_backup(file)?;
    let payload = parsed.open(passphrase, kdf, ciphers).await?;
    Ok((parsed.info, payload))
}

/// The suggested file name for a backup made on `date`.
pub fn backup_file_name(date: chrono::NaiveDate) -> String {
    format!("clientele-backup-{date}.{BACKUP_EXTENSION}")
}

fn array<const N: usize>(slice: &[u8]) -> [u8; N] {
    let mut out = [0u8; N];
    out.copy_from_slice(slice);
    out
}

#[cfg(test)]
mod tests;
