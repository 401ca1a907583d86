//! The unlocked client book in memory, and how it is loaded from and saved to the vault.
//! Clients are kept sorted by name with their search entries alongside, so the list and the
//! search never re-sort or re-fold on a keystroke.

use futures::future::join_all;

use crate::model::Client;
use crate::search::{fold, SearchEntry, SearchQuery};
use crate::vault::cipher::RecordCipher;
use crate::vault::format::{RecordDamage, RecordKind};
use crate::vault::store::VaultStore;
use crate::vault::{open_record, seal_record, VaultError};

/// A stored record that could not be opened. The book opens without it; the user is told.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct DamagedRecord {
    pub id: String,
    pub damage: RecordDamage,
}

struct Entry {
    client: Client,
    sort_key: String,
    search: SearchEntry,
}

impl Entry {
    fn new(client: Client) -> Self {
        Self {
            sort_key: fold(&client.name),
            search: SearchEntry::for_client(&client),
            client,
        }
    }
}

#[derive(Default)]
pub struct Book {
    entries: Vec<Entry>,
    pub damaged: Vec<DamagedRecord>,
}

impl Book {
    pub fn from_clients(clients: Vec<Client>) -> Self {
        let mut entries: Vec<Entry> = clients.into_iter().map(Entry::new).collect();
        entries.sort_by(|a, b| a.sort_key.cmp(&b.sort_key).then_with(|| a.client.id.cmp(&b.client.id)));
        Self {
            entries,
            damaged: Vec::new(),
        }
    }

    pub fn len(&self) -> usize {
        self.entries.len()
    }

    pub fn is_empty(&self) -> bool {
        self.entries.is_empty()
    }

    pub fn get(&self, id: &str) -> Option<&Client> {
        self.entries.iter().find(|e| e.client.id == id).map(|e| &e.client)
    }

    /// Inserts or replaces a client, keeping name order.
    pub fn upsert(&mut self, client: Client) {
        self.remove(&client.id);
        let entry = Entry::new(client);
        let at = self.entries.partition_point(|e| {
            (e.sort_key.as_str(), e.client.id.as_str()) < (entry.sort_key.as_str(), entry.client.id.as_str())
        });
        self.entries.insert(at, entry);
    }

    pub fn remove(&mut self, id: &str) -> Option<Client> {
        let at = self.entries.iter().position(|e| e.client.id == id)?;
        Some(self.entries.remove(at).client)
    }

    /// Clients matching `query`, in name order.
    pub fn search<'a>(&'a self, query: &'a SearchQuery) -> impl Iterator<Item = &'a Client> + 'a {
        self.entries
            .iter()
            .filter(|e| query.matches(&e.search))
            .map(|e| &e.client)
    }
}

/// Opens every stored record. Damaged records are listed, never fatal; only a store that
/// cannot be read at all fails the load.
pub async fn load_book<S: VaultStore, C: RecordCipher>(store: &S, cipher: &C) -> Result<Book, VaultError> {
    let stored = store.read_all_records().await?;
    // All decryptions start before any is awaited: WebCrypto then runs them in parallel.
    let opened = join_all(stored.iter().map(|(id, envelope)| open_record(cipher, id, envelope))).await;
    let mut clients = Vec::with_capacity(stored.len());
    let mut damaged = Vec::new();
    for ((id, _), result) in stored.iter().zip(opened) {
        match result.and_then(|(kind, plain)| decode_client(id, kind, &plain)) {
            Ok(client) => clients.push(client),
            Err(damage) => damaged.push(DamagedRecord { id: id.clone(), damage }),
        }
    }
    let mut book = Book::from_clients(clients);
    book.damaged = damaged;
    Ok(book)
}

fn decode_client(id: &str, kind: RecordKind, plain: &[u8]) -> Result<Client, RecordDamage> {
    match kind {
        RecordKind::Client => {
            let client: Client = serde_json::from_slice(plain).map_err(|_| RecordDamage::Unreadable)?;
            if client.id != id {
                return Err(RecordDamage::Unreadable);
            }
            Ok(client)
        }
    }
}

/// Seals and stores one client. Returns only after the store reports the write durable.
pub async fn save_client<S: VaultStore, C: RecordCipher>(
    store: &S,
    cipher: &C,
    client: &Client,
) -> Result<(), VaultError> {
    let plain = serde_json::to_vec(client).map_err(|_| VaultError::SealFailed)?;
    let sealed = seal_record(cipher, &client.id, RecordKind::Client, &plain).await?;
    store.put_record(&client.id, &sealed).await?;
    Ok(())
}

pub async fn delete_client<S: VaultStore>(store: &S, id: &str) -> Result<(), VaultError> {
    store.delete_record(id).await?;
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::ClientDraft;
    use crate::vault::cipher::RustCipher;
    use crate::vault::keys::DataKey;
    use crate::vault::store::{MemoryStore, StoreError};
    use chrono::DateTime;
    use pollster::block_on;

    fn client(id: &str, name: &str) -> Client {
        let draft = ClientDraft {
            name: name.into(),
            ..Default::default()
        };
        draft
            .to_new_client(id.into(), DateTime::from_timestamp(1_700_000_000, 0).unwrap())
            .unwrap()
    }

    fn cipher() -> RustCipher {
        RustCipher::new(&DataKey::from_bytes([1; 32]))
    }

    #[test]
    fn saved_clients_load_back_in_name_order() {
        let (store, c) = (MemoryStore::default(), cipher());
        for (id, name) in [("1", "Zoë"), ("2", "anna"), ("3", "Борис")] {
            block_on(save_client(&store, &c, &client(id, name))).unwrap();
        }
        let book = block_on(load_book(&store, &c)).unwrap();
        let names: Vec<_> = book.search(&SearchQuery::Everything).map(|c| c.name.as_str()).collect();
        assert_eq!(names, ["anna", "Zoë", "Борис"]);
        assert!(book.damaged.is_empty());
    }

    #[test]
    fn nothing_in_the_store_is_plaintext() {
        let (store, c) = (MemoryStore::default(), cipher());
        block_on(save_client(&store, &c, &client("1", "UniqueMarkerName"))).unwrap();
        for bytes in store.records.borrow().values() {
            assert!(!bytes.windows(16).any(|w| w == b"UniqueMarkerName"));
        }
    }

    #[test]
    fn a_damaged_record_is_reported_and_the_rest_loads() {
        let (store, c) = (MemoryStore::default(), cipher());
        block_on(save_client(&store, &c, &client("1", "Ann"))).unwrap();
        block_on(save_client(&store, &c, &client("2", "Bob"))).unwrap();
        store.records.borrow_mut().get_mut("2").unwrap()[20] ^= 0xff;
        store.records.borrow_mut().insert("3".into(), vec![1, 2, 3]);
        let book = block_on(load_book(&store, &c)).unwrap();
        assert_eq!(book.len(), 1);
        assert_eq!(
            book.damaged,
            vec![
                DamagedRecord {
                    id: "2".into(),
                    damage: RecordDamage::FailedAuthentication
                },
                DamagedRecord {
                    id: "3".into(),
                    damage: RecordDamage::Truncated
                },
            ]
        );
    }

    #[test]
    fn a_record_copied_under_another_id_is_damaged_not_duplicated() {
        let (store, c) = (MemoryStore::default(), cipher());
        block_on(save_client(&store, &c, &client("1", "Ann"))).unwrap();
        let copy = store.records.borrow()["1"].clone();
        store.records.borrow_mut().insert("2".into(), copy);
        let book = block_on(load_book(&store, &c)).unwrap();
        assert_eq!(book.len(), 1);
        assert_eq!(book.damaged[0].id, "2");
    }

    #[test]
    fn a_failed_write_is_reported_and_stored_data_is_unchanged() {
        let (store, c) = (MemoryStore::default(), cipher());
        block_on(save_client(&store, &c, &client("1", "Ann"))).unwrap();
        let before = store.records.borrow().clone();
        *store.fail_writes.borrow_mut() = Some(StoreError::QuotaExceeded);
        let result = block_on(save_client(&store, &c, &client("1", "Ann edited")));
        assert_eq!(result, Err(VaultError::Store(StoreError::QuotaExceeded)));
        assert_eq!(*store.records.borrow(), before);
    }

    #[test]
    fn upsert_and_remove_keep_order_and_search() {
        let mut book = Book::from_clients(vec![client("1", "Carl"), client("2", "Ann")]);
        book.upsert(client("3", "Bea"));
        book.upsert(client("1", "Aaron"));
        let names: Vec<_> = book.search(&SearchQuery::Everything).map(|c| c.name.as_str()).collect();
        assert_eq!(names, ["Aaron", "Ann", "Bea"]);
        assert_eq!(book.remove("2").map(|c| c.name), Some("Ann".into()));
        assert_eq!(book.search(&SearchQuery::parse("bea")).count(), 1);
        assert_eq!(book.len(), 2);
    }
}
