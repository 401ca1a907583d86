//! The book over a real format-2 vault in memory: round trips, the format-1 migration, every
//! tamper case, the background history load, key replacement, and the list queries.

use std::collections::BTreeMap;
use std::rc::Rc;

use chrono::{DateTime, Duration, Utc};
use pollster::block_on;

use super::session::NoPause;
use super::*;
use crate::backup::{BackupPayload, ImportPlan};
use crate::model::{Client, Outcome, Settings, Status, StatusKind, Visit};
use crate::segment::Rule;
use crate::vault::cipher::{RustCipher, RustCrypto};
use crate::vault::format::{RecordDamage, RecordKind, ENVELOPE_V1, FORMAT_V1};
use crate::vault::kdf::{Argon2Kdf, KdfParams};
use crate::vault::keys::{wrap_data_key, DataKey};
use crate::vault::store::{Area, MemoryStore, StoreError, VaultStore};
use crate::vault::{create_vault, kek_cipher, open_record, seal_record_with_nonce, unlock, VaultError};

type Session = VaultSession<Rc<MemoryStore>, RustCipher>;

const PASS: &str = "violet tram sings bass 42";

fn now() -> DateTime<Utc> {
    DateTime::from_timestamp(1_790_000_000, 0).unwrap()
}

fn client(id: &str, name: &str) -> Client {
    let mut c = Client::new(id.into(), DateTime::from_timestamp(1_700_000_000, 0).unwrap());
    c.name = name.into();
    c
}

fn visit(id: &str, days_from_now: i64, paid: i64) -> Visit {
    Visit {
        id: id.into(),
        start: now() + Duration::days(days_from_now),
        duration_min: 60,
        paid,
        currency: "EUR".into(),
        outcome: if days_from_now < 0 { Outcome::Completed } else { Outcome::Booked },
        ..Visit::default()
    }
}

/// A client with an old visit, a recent one and an appointment.
fn with_history(id: &str, name: &str) -> Client {
    let mut c = client(id, name);
    c.visits = vec![
        visit(&format!("{id}-old"), -200, 3000),
        visit(&format!("{id}-recent"), -2, 2000),
        visit(&format!("{id}-next"), 3, 0),
    ];
    c
}

/// A new vault in memory, opened.
fn new_vault() -> (Session, Book) {
    let store = Rc::new(MemoryStore::default());
    let opened = block_on(create_vault(&store, PASS, KdfParams::MINIMUM, &Argon2Kdf, &RustCrypto)).unwrap();
    let header = block_on(store.read_header()).unwrap().unwrap();
    block_on(VaultSession::open(store, RustCipher::new(opened.data_key.as_bytes()), header, &NoPause, now())).unwrap()
}

/// Closes and opens again with the passphrase, as after a reload.
fn reopen(session: Session) -> (Session, Book) {
    let store = session.store;
    let header_bytes = block_on(store.read_header()).unwrap().unwrap();
    let header = crate::vault::format::VaultHeader::parse(&header_bytes).unwrap();
    let unlocked = block_on(unlock(&header, PASS, &Argon2Kdf, &RustCrypto)).unwrap();
    block_on(VaultSession::open(store, RustCipher::new(unlocked.data_key.as_bytes()), header_bytes, &NoPause, now()))
        .unwrap()
}

fn save(session: &mut Session, book: &mut Book, changes: Changes) -> Result<(), VaultError> {
    let plan = CommitPlan::new(book, changes, now())?;
    block_on(session.commit(&plan, &NoPause, now()))?;
    book.apply(plan.changes, now());
    Ok(())
}

/// Loads every full record, as the background load does.
fn load_all(session: &mut Session, book: &mut Book) {
    while let Some(chunk) = block_on(session.load_history_chunk(2)).unwrap() {
        book.attach_full(chunk.clients, now());
        book.mark_unavailable(&chunk.unavailable);
        book.damaged.extend(chunk.damaged);
        book.check_positions();
    }
}

fn names(entries: Vec<&Entry>) -> Vec<&str> {
    entries.into_iter().map(|e| e.client.name.as_str()).collect()
}

fn everything(book: &Book) -> Vec<&str> {
    names(book.list(&ListQuery::default(), None, now().date_naive(), now()))
}

fn damage(book: &Book) -> Vec<(String, RecordDamage)> {
    let mut out: Vec<_> = book.damaged.iter().map(|d| (d.id.clone(), d.damage)).collect();
    out.sort();
    out
}

#[test]
fn saved_clients_and_settings_load_back_summaries_first_then_in_full() {
    let (mut session, mut book) = new_vault();
    for (id, name) in [("1", "Zoë"), ("2", "anna"), ("3", "Борис")] {
        save(&mut session, &mut book, Changes::client(with_history(id, name))).unwrap();
    }
    let settings = Settings { currency: "UAH".into(), ..Settings::default() };
    save(&mut session, &mut book, Changes::settings(settings)).unwrap();

    let (mut session, mut book) = reopen(session);
    assert_eq!(everything(&book), ["anna", "Zoë", "Борис"]);
    assert_eq!(book.settings.currency, "UAH");
    assert!(book.damaged.is_empty());
    // Before the history loads: the summary has the recent visit and the appointment, and
    // the statistics of the whole history.
    let entry = book.entry("1").unwrap();
    assert!(!entry.full);
    assert_eq!(entry.client.visits.len(), 2);
    assert_eq!((entry.stats.completed, entry.stats.paid.get("EUR")), (2, Some(&5000)));
    assert_eq!(entry.stats.next_appointment, Some(now() + Duration::days(3)));
    assert!(book.payload().is_none(), "no backup of partial clients");
    assert_eq!(book.history, HistoryProgress { loaded: 0, total: 3 });

    load_all(&mut session, &mut book);
    assert_eq!(book.history, HistoryProgress { loaded: 3, total: 3 });
    assert_eq!(book.get_full("1").unwrap(), &with_history("1", "Zoë"));
    assert_eq!(book.payload().unwrap().clients.len(), 3);
    assert!(book.damaged.is_empty());
}

#[test]
fn one_client_loads_in_full_on_demand_and_an_edit_of_a_summary_is_refused() {
    let (mut session, mut book) = new_vault();
    save(&mut session, &mut book, Changes::client(with_history("1", "Ann"))).unwrap();
    save(&mut session, &mut book, Changes::client(with_history("2", "Bob"))).unwrap();
    let (mut session, mut book) = reopen(session);
    let partial = book.get("2").unwrap().clone();
    assert_eq!(CommitPlan::new(&book, Changes::client(partial), now()).err(), Some(VaultError::NotLoaded));
    let chunk = block_on(session.load_clients(&["2".to_owned()])).unwrap();
    book.attach_full(chunk.clients, now());
    assert!(book.entry("2").unwrap().full && !book.entry("1").unwrap().full);
    let mut bob = book.get_writable("2").unwrap().clone();
    bob.notes = "edited".into();
    save(&mut session, &mut book, Changes::client(bob)).unwrap();
    load_all(&mut session, &mut book);
    assert_eq!(book.history.loaded, 2);
    let (_, book) = reopen(session);
    assert_eq!(book.get("2").unwrap().notes, "edited");
}

#[test]
fn nothing_in_the_store_is_plaintext() {
    let (mut session, mut book) = new_vault();
    let mut marked = with_history("1", "UniqueMarkerName");
    marked.notes = "UniqueMarkerNote".into();
    save(&mut session, &mut book, Changes::client(marked)).unwrap();
    let (header, areas) = session.store.snapshot();
    let everything: Vec<Vec<u8>> = areas.values().flat_map(|a| a.values().cloned()).chain(header).collect();
    for bytes in everything {
        for marker in [&b"UniqueMarker"[..], b"Ann", b"EUR"] {
            assert!(!bytes.windows(marker.len()).any(|w| w == marker));
        }
    }
}

#[test]
fn a_save_writes_one_client_record_and_one_shard_in_one_commit() {
    let (mut session, mut book) = new_vault();
    for i in 0..40 {
        save(&mut session, &mut book, Changes::client(client(&format!("c{i}"), "x"))).unwrap();
    }
    let before = session.store.snapshot();
    let commits = *session.store.commits.borrow();
    let mut one = book.get_writable("c7").unwrap().clone();
    one.notes = "changed".into();
    save(&mut session, &mut book, Changes::client(one)).unwrap();
    assert_eq!(*session.store.commits.borrow(), commits + 1);
    let after = session.store.snapshot();
    let changed = |area: Area| {
        let (a, b) = (&before.1[&area], &after.1[&area]);
        b.iter().filter(|(k, v)| a.get(*k) != Some(v)).map(|(k, _)| k.clone()).collect::<Vec<_>>()
    };
    assert_eq!(changed(Area::Clients), ["c7"]);
    assert_eq!(changed(Area::Index), [shard_record_id(shard_of("c7"))]);
    assert_ne!(before.0, after.0, "the header's state moves on");
}

#[test]
fn a_failed_write_changes_neither_the_store_nor_the_session() {
    let (mut session, mut book) = new_vault();
    save(&mut session, &mut book, Changes::client(client("1", "Ann"))).unwrap();
    let before = session.store.snapshot();
    *session.store.fail_writes.borrow_mut() = Some(StoreError::QuotaExceeded);
    let result = save(&mut session, &mut book, Changes::client(client("1", "Ann edited")));
    assert_eq!(result, Err(VaultError::Store(StoreError::QuotaExceeded)));
    assert_eq!(session.store.snapshot(), before);
    assert_eq!(everything(&book), ["Ann"]);
    *session.store.fail_writes.borrow_mut() = None;
    save(&mut session, &mut book, Changes::client(client("1", "Ann edited"))).unwrap();
    let (_, book) = reopen(session);
    assert_eq!(everything(&book), ["Ann edited"]);
}

// ---- tampering: each case is reported by id and the rest of the book opens ----

/// A book of three clients saved twice over, with the stored bytes of each version of `1`.
fn tamper_fixture() -> (Session, Vec<u8>, Vec<u8>) {
    let (mut session, mut book) = new_vault();
    save(&mut session, &mut book, Changes::client(with_history("1", "Ann"))).unwrap();
    let old_ann = session.store.area(Area::Clients)["1"].clone();
    save(&mut session, &mut book, Changes::client(with_history("2", "Bob"))).unwrap();
    save(&mut session, &mut book, Changes::client(with_history("3", "Cat"))).unwrap();
    let mut ann = book.get_writable("1").unwrap().clone();
    ann.status = Status::Blocked { reason: "rude".into(), since: now().date_naive() };
    save(&mut session, &mut book, Changes::client(ann)).unwrap();
    let new_ann = session.store.area(Area::Clients)["1"].clone();
    (session, old_ann, new_ann)
}

fn reopen_and_load(session: Session) -> Book {
    let (mut session, mut book) = reopen(session);
    load_all(&mut session, &mut book);
    book
}

#[test]
fn a_rolled_back_client_record_is_reported_and_the_rest_opens() {
    let (session, old_ann, _) = tamper_fixture();
    session.store.edit(Area::Clients, |r| {
        r.insert("1".into(), old_ann);
    });
    let book = reopen_and_load(session);
    assert_eq!(damage(&book), [("1".to_owned(), RecordDamage::RolledBack)]);
    assert_eq!(everything(&book), ["Ann", "Bob", "Cat"]);
    // The summary still says what the book last wrote: blocked, not the old status.
    assert!(book.get("1").unwrap().is_blocked());
    assert!(book.entry("1").unwrap().unavailable && book.entry("2").unwrap().full);
}

#[test]
fn a_deleted_client_record_is_reported_as_missing() {
    let (session, _, _) = tamper_fixture();
    session.store.edit(Area::Clients, |r| {
        r.remove("2");
    });
    let book = reopen_and_load(session);
    assert_eq!(damage(&book), [("2".to_owned(), RecordDamage::Missing)]);
    assert_eq!(everything(&book), ["Ann", "Bob", "Cat"]);
    assert!(book.history_complete(), "a missing record does not keep the history loading forever");
}

#[test]
fn a_record_the_index_does_not_know_is_reported() {
    let (session, old_ann, _) = tamper_fixture();
    let planted = session.store.area(Area::Clients)["3"].clone();
    session.store.edit(Area::Clients, |r| {
        r.insert("4".into(), planted);
    });
    session.store.edit(Area::Index, |r| {
        r.insert("shard-zz".into(), old_ann);
    });
    let book = reopen_and_load(session);
    assert_eq!(
        damage(&book),
        [("4".to_owned(), RecordDamage::Unknown), ("shard-zz".to_owned(), RecordDamage::Unknown)]
    );
    assert_eq!(everything(&book), ["Ann", "Bob", "Cat"]);
}

#[test]
fn swapped_client_records_are_both_reported() {
    let (session, _, _) = tamper_fixture();
    session.store.edit(Area::Clients, |r| {
        let (two, three) = (r["2"].clone(), r["3"].clone());
        r.insert("2".into(), three);
        r.insert("3".into(), two);
    });
    let book = reopen_and_load(session);
    // Each record is bound to its own id: under the other's id neither authenticates.
    assert_eq!(
        damage(&book),
        [("2".to_owned(), RecordDamage::FailedAuthentication), ("3".to_owned(), RecordDamage::FailedAuthentication)]
    );
    assert_eq!(everything(&book), ["Ann", "Bob", "Cat"]);
}

#[test]
fn a_flipped_envelope_version_byte_is_reported() {
    let (session, _, _) = tamper_fixture();
    session.store.edit(Area::Clients, |r| r.get_mut("3").unwrap()[0] = 1);
    let book = reopen_and_load(session);
    assert_eq!(damage(&book), [("3".to_owned(), RecordDamage::FailedAuthentication)]);
    let (session, _, _) = tamper_fixture();
    session.store.edit(Area::Clients, |r| r.get_mut("3").unwrap()[0] = 9);
    let book = reopen_and_load(session);
    assert_eq!(damage(&book), [("3".to_owned(), RecordDamage::NewerEnvelope)]);
}

#[test]
fn a_rolled_back_shard_is_reported_and_its_clients_open_from_their_own_records() {
    let (mut session, mut book) = new_vault();
    save(&mut session, &mut book, Changes::client(with_history("1", "Ann"))).unwrap();
    let shard = shard_record_id(shard_of("1"));
    let old_shard = session.store.area(Area::Index)[&shard].clone();
    let mut ann = book.get_writable("1").unwrap().clone();
    ann.notes = "newer".into();
    save(&mut session, &mut book, Changes::client(ann)).unwrap();
    save(&mut session, &mut book, Changes::client(with_history("2", "Bob"))).unwrap();
    session.store.edit(Area::Index, |r| {
        r.insert(shard.clone(), old_shard);
    });
    let (mut session, mut book) = reopen(session);
    assert!(book.get("1").is_none(), "not listed until its own record is read");
    load_all(&mut session, &mut book);
    assert_eq!(damage(&book), [(shard, RecordDamage::RolledBack)]);
    assert_eq!(book.get("1").unwrap().notes, "newer");
    assert_eq!(everything(&book), ["Ann", "Bob"]);
    // Once everything is in, the next save writes the shard afresh and it checks out again.
    let mut ann = book.get_writable("1").unwrap().clone();
    ann.notes = "after repair".into();
    save(&mut session, &mut book, Changes::client(ann)).unwrap();
    let book = reopen_and_load(session);
    assert!(book.damaged.is_empty(), "{:?}", book.damaged);
    assert_eq!(book.get("1").unwrap().notes, "after repair");
}

#[test]
fn a_deleted_shard_or_settings_record_is_reported_as_missing() {
    let (mut session, mut book) = new_vault();
    save(&mut session, &mut book, Changes::client(client("1", "Ann"))).unwrap();
    save(&mut session, &mut book, Changes::settings(Settings { currency: "UAH".into(), ..Settings::default() }))
        .unwrap();
    session.store.edit(Area::Index, |r| {
        r.remove("settings");
    });
    let book = reopen_and_load(session);
    assert_eq!(damage(&book), [("settings".to_owned(), RecordDamage::Missing)]);
    assert_eq!(book.settings.currency, "EUR", "defaults stand in");
    assert_eq!(everything(&book), ["Ann"]);
}

#[test]
fn a_deleted_clients_record_put_back_is_reported_and_stays_deleted() {
    let (mut session, mut book) = new_vault();
    save(&mut session, &mut book, Changes::client(client("1", "Ann"))).unwrap();
    save(&mut session, &mut book, Changes::client(client("2", "Bob"))).unwrap();
    let bob = session.store.area(Area::Clients)["2"].clone();
    save(&mut session, &mut book, Changes { deleted: vec!["2".into()], ..Changes::default() }).unwrap();
    session.store.edit(Area::Clients, |r| {
        r.insert("2".into(), bob);
    });
    let book = reopen_and_load(session);
    assert_eq!(damage(&book), [("2".to_owned(), RecordDamage::Unknown)]);
    assert_eq!(everything(&book), ["Ann"]);
}

#[test]
fn a_header_from_before_later_writes_is_noticed() {
    let (mut session, mut book) = new_vault();
    save(&mut session, &mut book, Changes::client(client("1", "Ann"))).unwrap();
    let old_header = session.store.header.borrow().clone();
    save(&mut session, &mut book, Changes::client(client("2", "Bob"))).unwrap();
    *session.store.header.borrow_mut() = old_header;
    let book = reopen_and_load(session);
    // The old state names an older shard copy, and knows nothing of Bob's record.
    assert!(!book.damaged.is_empty());
    assert!(book.damaged.iter().any(|d| d.id == "2" && d.damage == RecordDamage::Unknown), "{:?}", book.damaged);
}

// ---- format 1 ----

/// A format-1 vault as the first release wrote it: header v1 and envelope-v1 records.
fn v1_store(clients: &[Client], settings: &Settings) -> (Rc<MemoryStore>, DataKey) {
    let store = Rc::new(MemoryStore::default());
    let data_key = DataKey::from_bytes([4; 32]);
    let kek = block_on(kek_cipher(&Argon2Kdf, &RustCrypto, PASS, &[1; 16], KdfParams::MINIMUM)).unwrap();
    let header = block_on(wrap_data_key(&kek, &data_key, FORMAT_V1, KdfParams::MINIMUM, [1; 16], [2; 12])).unwrap();
    *store.header.borrow_mut() = Some(header.to_bytes());
    let cipher = RustCipher::new(data_key.as_bytes());
    let mut legacy = BTreeMap::new();
    for c in clients {
        let plain = serde_json::to_vec(c).unwrap();
        legacy.insert(
            c.id.clone(),
            block_on(seal_record_with_nonce(&cipher, ENVELOPE_V1, &c.id, RecordKind::Client, 0, &plain, [3; 12]))
                .unwrap(),
        );
    }
    let plain = serde_json::to_vec(settings).unwrap();
    legacy.insert(
        "settings".into(),
        block_on(seal_record_with_nonce(&cipher, ENVELOPE_V1, "settings", RecordKind::Settings, 0, &plain, [5; 12]))
            .unwrap(),
    );
    store.areas.borrow_mut().insert(Area::Legacy, legacy);
    (store, data_key)
}

fn migrate(store: &Rc<MemoryStore>) -> Result<(Session, Book), VaultError> {
    let header_bytes = block_on(store.read_header()).unwrap().unwrap();
    let header = crate::vault::format::VaultHeader::parse(&header_bytes).unwrap();
    let kek = block_on(kek_cipher(&Argon2Kdf, &RustCrypto, PASS, &header.salt, header.kdf)).unwrap();
    let unlocked = block_on(unlock(&header, PASS, &Argon2Kdf, &RustCrypto)).unwrap();
    let cipher = RustCipher::new(unlocked.data_key.as_bytes());
    block_on(VaultSession::migrate_v1(store.clone(), cipher, &kek, &unlocked.data_key, header_bytes, &NoPause, now()))
}

#[test]
fn a_format_1_vault_migrates_to_format_2_in_one_commit_and_opens() {
    let mut old = client("0123456789abcdef0123456789abcdef", "Olena");
    old.visits = vec![visit("v", -30, 45000)];
    let (store, data_key) =
        v1_store(&[old.clone(), client("b", "Bob")], &Settings { currency: "UAH".into(), ..Settings::default() });
    let (session, book) = migrate(&store).unwrap();
    assert_eq!(everything(&book), ["Bob", "Olena"]);
    assert_eq!(book.settings.currency, "UAH");
    assert!(book.damaged.is_empty());
    let (header, areas) = session.store.snapshot();
    assert_eq!(crate::vault::format::VaultHeader::parse(&header.unwrap()).unwrap().format, 2);
    assert!(areas.get(&Area::Legacy).is_none_or(|l| l.is_empty()), "format-1 records retired");
    assert_eq!(areas[&Area::Clients].len(), 2);
    // The same data key: the passphrase and key did not change, only the layout.
    let (mut session, mut book) = reopen(session);
    load_all(&mut session, &mut book);
    assert_eq!(book.get_full(&old.id).unwrap(), &old);
    let cipher = RustCipher::new(data_key.as_bytes());
    assert!(block_on(open_record(&cipher, &old.id, &session.store.area(Area::Clients)[&old.id])).is_ok());
}

#[test]
fn an_interrupted_migration_leaves_the_format_1_vault_as_it_was_and_runs_again() {
    let (store, _) = v1_store(&[client("a", "Ann")], &Settings::default());
    *store.fail_writes.borrow_mut() = Some(StoreError::QuotaExceeded);
    let before = store.snapshot();
    let error = migrate(&store).err().expect("the commit fails");
    assert_eq!(error, VaultError::Store(StoreError::QuotaExceeded));
    assert_eq!(store.snapshot(), before, "still format 1, untouched");
    *store.fail_writes.borrow_mut() = None;
    let (_, book) = migrate(&store).unwrap();
    assert_eq!(everything(&book), ["Ann"]);
}

#[test]
fn a_damaged_format_1_record_stays_behind_and_is_reported_after_migration() {
    let (store, _) = v1_store(&[client("a", "Ann"), client("b", "Bob")], &Settings::default());
    store.edit(Area::Legacy, |r| r.get_mut("b").unwrap()[20] ^= 0xff);
    let (session, book) = migrate(&store).unwrap();
    assert_eq!(everything(&book), ["Ann"]);
    assert_eq!(damage(&book), [("b".to_owned(), RecordDamage::FailedAuthentication)]);
    assert_eq!(session.store.area(Area::Legacy).len(), 1, "left as it was");
}

// ---- imports, erasure, key replacement ----

#[test]
fn an_import_lands_whole_or_not_at_all() {
    let (mut session, mut book) = new_vault();
    save(&mut session, &mut book, Changes::client(client("1", "Ann"))).unwrap();
    let payload =
        BackupPayload { clients: vec![client("2", "Bea"), client("3", "Cid")], settings: Settings::default() };
    let plan = ImportPlan::replace(&book, &payload);
    let copy = SafetyCopy { created: now(), payload: book.payload().unwrap() };
    let changes = Changes { safety_copy: Some(Some(copy)), ..Changes::from(plan) };

    let before = session.store.snapshot();
    *session.store.fail_writes.borrow_mut() = Some(StoreError::QuotaExceeded);
    assert!(save(&mut session, &mut book, changes.clone()).is_err());
    assert_eq!(session.store.snapshot(), before);

    *session.store.fail_writes.borrow_mut() = None;
    save(&mut session, &mut book, changes).unwrap();
    let after = reopen_and_load(session);
    assert_eq!(everything(&after), ["Bea", "Cid"]);
    assert_eq!(after.safety_copy.as_ref().map(|s| s.payload.clients[0].name.as_str()), Some("Ann"));
}

#[test]
fn erasing_a_client_removes_every_trace_but_a_tombstone() {
    let (mut session, mut book) = new_vault();
    let mut gone = with_history("gone", "Gone Person");
    gone.trashed = Some(now());
    let mut friend = client("friend", "Friend");
    friend.source.referred_by = Some("gone".into());
    save(&mut session, &mut book, Changes { clients: vec![gone.clone(), friend.clone()], ..Changes::default() })
        .unwrap();
    let copy = SafetyCopy {
        created: now(),
        payload: BackupPayload { clients: vec![gone.clone(), friend.clone()], settings: Settings::default() },
    };
    save(&mut session, &mut book, Changes { safety_copy: Some(Some(copy)), ..Changes::default() }).unwrap();
    let step = UndoStep {
        created: now(),
        restore: vec![gone.clone(), friend.clone()],
        remove: vec!["gone".into()],
        written: Vec::new(),
    };
    save(&mut session, &mut book, Changes { undo: vec![(UndoKind::Merge, Some(step))], ..Changes::default() }).unwrap();

    let plan = ErasePlan::new(&book, "gone").unwrap();
    assert_eq!(plan.changes.clients.len(), 1);
    save(&mut session, &mut book, plan.changes).unwrap();
    assert!(!session.store.area(Area::Clients).contains_key("gone"));
    let (session, after) = reopen(session);
    assert!(after.get("gone").is_none());
    assert_eq!(after.get("friend").unwrap().source.referred_by, None);
    let copy = after.safety_copy.unwrap();
    assert!(copy.payload.clients.iter().all(|x| x.id != "gone" && x.source.referred_by.is_none()));
    let step = &after.undo[&UndoKind::Merge];
    assert!(!step.mentions("gone") && step.restore.iter().all(|x| x.source.referred_by.is_none()));
    // No stored plaintext mentions the client, except the tombstone that says it was deleted.
    for area in [Area::Index, Area::Clients] {
        for (id, bytes) in session.store.area(area) {
            let (_, plain) = block_on(open_record(session.cipher(), &id, &bytes)).unwrap();
            let text = String::from_utf8_lossy(&plain).into_owned();
            let mentions = text.matches("\"gone\"").count();
            let tombstone = usize::from(text.contains("{\"id\":\"gone\",\"revision\":"));
            assert_eq!(mentions, tombstone, "{id}: {text}");
            assert!(!text.contains("Gone Person"));
        }
    }
}

#[test]
fn replacing_the_data_key_reseals_everything_and_the_old_key_opens_nothing() {
    let (mut session, mut book) = new_vault();
    save(&mut session, &mut book, Changes::client(with_history("1", "Ann"))).unwrap();
    save(&mut session, &mut book, Changes::settings(Settings { currency: "UAH".into(), ..Settings::default() }))
        .unwrap();
    save(&mut session, &mut book, Changes::client(client("2", "Bob"))).unwrap();
    save(&mut session, &mut book, Changes { deleted: vec!["2".into()], ..Changes::default() }).unwrap();
    let header = session.header().clone();
    let old_key =
        RustCipher::new(block_on(unlock(&header, PASS, &Argon2Kdf, &RustCrypto)).unwrap().data_key.as_bytes());

    let new_key = DataKey::generate().unwrap();
    let key_part =
        block_on(crate::vault::new_key_part(&new_key, PASS, KdfParams::MINIMUM, &Argon2Kdf, &RustCrypto)).unwrap();
    let cipher = RustCipher::new(new_key.as_bytes());
    let whole = book.all_changes().unwrap();
    block_on(session.replace_data_key(whole, cipher, key_part, &NoPause, now())).unwrap();

    for area in [Area::Index, Area::Clients] {
        for (id, bytes) in session.store.area(area) {
            assert!(block_on(open_record(&old_key, &id, &bytes)).is_err(), "{id} still opens with the old key");
        }
    }
    let book = reopen_and_load(session);
    assert_eq!(everything(&book), ["Ann"]);
    assert_eq!(book.settings.currency, "UAH");
    assert!(book.damaged.is_empty(), "{:?}", book.damaged);
}

// ---- the list ----

#[test]
fn the_calendar_index_follows_every_change_of_the_book() {
    let mut book = Book::new(vec![with_history("1", "Carl"), with_history("2", "Ann")], Settings::default(), now());
    book.check_positions();
    assert_eq!(book.visit_index().len(), 6);
    // A visit moved a day on: the old start is gone from the index, the new one is there.
    let mut carl = book.get("1").unwrap().clone();
    carl.visits[2].start += Duration::days(1);
    book.apply(Changes::client(carl), now());
    book.check_positions();
    let next_days: Vec<&str> =
        book.visit_index().starting_between(now(), now() + Duration::days(5)).map(|v| v.visit_id).collect();
    assert_eq!(next_days, ["2-next", "1-next"]);
    book.remove("2");
    book.check_positions();
    assert_eq!(book.visit_index().len(), 3);
    // A large write (an import) and a deletion in one pass.
    let many: Vec<Client> = (0..5).map(|i| with_history(&format!("m{i}"), &format!("Name {i}"))).collect();
    book.apply(Changes { clients: many, deleted: vec!["1".into()], ..Changes::default() }, now());
    book.check_positions();
    assert_eq!(book.visit_index().len(), 15);
}

#[test]
fn upsert_and_remove_keep_order() {
    let mut book = Book::new(vec![client("1", "Carl"), client("2", "Ann")], Settings::default(), now());
    book.upsert(client("3", "Bea"), now());
    book.upsert(client("1", "Aaron"), now());
    assert_eq!(everything(&book), ["Aaron", "Ann", "Bea"]);
    assert_eq!(book.remove("2").map(|c| c.name), Some("Ann".into()));
    assert_eq!(book.len(), 2);
    assert_eq!(book.get("3").map(|c| c.name.as_str()), Some("Bea"));
    book.check_positions();
    // A large write goes in one pass and lands in the same order.
    let many: Vec<Client> = (0..50).map(|i| client(&format!("m{i}"), &format!("Name {:02}", 49 - i))).collect();
    book.apply(Changes { clients: many, deleted: vec!["1".into()], ..Changes::default() }, now());
    book.check_positions();
    assert_eq!(book.len(), 51);
    assert_eq!(everything(&book)[..2], ["Bea", "Name 00"]);
    assert!(book.get("1").is_none());
}

#[test]
fn list_filters_sorts_and_separates_trash() {
    let visit = |days_ago: i64, paid: i64, outcome: Outcome| Visit {
        start: now() - chrono::Duration::days(days_ago),
        duration_min: 60,
        paid,
        currency: "EUR".into(),
        outcome,
        ..Visit::default()
    };
    let mut ann = client("1", "Ann");
    ann.visits = vec![visit(30, 5000, Outcome::Completed)];
    ann.tags = vec!["VIP".into()];
    let mut bob = client("2", "Bob");
    bob.visits = vec![visit(3, 1000, Outcome::Completed), visit(-2, 0, Outcome::Booked)];
    bob.created = now();
    let mut cat = client("3", "Cat");
    cat.status = Status::Lead;
    let mut dan = client("4", "Dan");
    dan.trashed = Some(now());
    let book = Book::new(vec![dan, cat, bob, ann], Settings::default(), now());
    let list = |q: ListQuery| names(book.list(&q, None, now().date_naive(), now()));

    assert_eq!(list(ListQuery::default()), ["Ann", "Bob", "Cat"]);
    assert_eq!(list(ListQuery { in_trash: true, ..Default::default() }), ["Dan"]);
    assert_eq!(list(ListQuery { sort: SortBy::LastVisit, ..Default::default() }), ["Bob", "Ann", "Cat"]);
    assert_eq!(list(ListQuery { sort: SortBy::TotalPaid, ..Default::default() }), ["Ann", "Bob", "Cat"]);
    assert_eq!(list(ListQuery { sort: SortBy::Created, ..Default::default() }), ["Bob", "Ann", "Cat"]);
    assert_eq!(list(ListQuery { status: Some(StatusKind::Lead), ..Default::default() }), ["Cat"]);
    assert_eq!(list(ListQuery { tag: Some("vip".into()), ..Default::default() }), ["Ann"]);
    assert_eq!(list(ListQuery { has_appointment: true, ..Default::default() }), ["Bob"]);
    let segment =
        crate::segment::Segment { id: "s".into(), name: "big".into(), rules: vec![Rule::TotalPaidAbove(2000)] };
    assert_eq!(list(ListQuery { segment: Some(segment.clone()), ..Default::default() }), ["Ann"]);
    assert_eq!(book.segment_count(&segment, None, now().date_naive(), now()), 1);
    assert_eq!(book.len(), 3);
    assert_eq!(book.tags_in_use(), ["VIP"]);
}

#[test]
fn matching_positions_name_the_same_clients_as_list_in_the_same_order() {
    let mut book = Book::new(Vec::new(), Settings::default(), now());
    for (i, name) in ["Zoë", "anna", "Борис", "王芳", "Anton", "Ann-Marie"].into_iter().enumerate() {
        let mut c = client(&i.to_string(), name);
        c.created = now() - chrono::Duration::days(i as i64 % 3);
        c.trashed = (i == 4).then(now);
        book.upsert(c, now());
    }
    for query in [
        ListQuery::default(),
        ListQuery { text: "an".into(), ..Default::default() },
        ListQuery { text: "an".into(), sort: SortBy::Created, ..Default::default() },
        ListQuery { in_trash: true, ..Default::default() },
        ListQuery { text: "nobody".into(), ..Default::default() },
    ] {
        let positions = book.matching(&query, None, now().date_naive(), now());
        let by_position: Vec<&str> =
            positions.iter().map(|&at| book.entry_at(at).unwrap().client.name.as_str()).collect();
        assert_eq!(by_position, names(book.list(&query, None, now().date_naive(), now())), "{query:?}");
    }
    assert!(book.entry_at(book.entries().count()).is_none());
}

#[test]
fn an_undo_step_outlives_a_reload_and_takes_its_write_back_exactly() {
    let (mut session, mut book) = new_vault();
    let kept = with_history("kept", "Kept Before");
    save(&mut session, &mut book, Changes::client(kept.clone())).unwrap();

    // An import that changes one client and adds two, kept as one undo step.
    let mut changed = kept.clone();
    changed.notes = "imported over".into();
    let added = [client("new-1", "New One"), client("new-2", "New Two")];
    let step = UndoStep {
        created: now(),
        restore: vec![kept.clone()],
        remove: vec!["new-1".into(), "new-2".into()],
        written: Vec::new(),
    };
    let import = Changes {
        clients: [vec![changed], added.to_vec()].concat(),
        undo: vec![(UndoKind::Import, Some(step))],
        ..Changes::default()
    };
    save(&mut session, &mut book, import).unwrap();
    assert_eq!(book.len(), 3);

    let (mut session, mut after) = reopen(session);
    load_all(&mut session, &mut after);
    let undo = after.undo[&UndoKind::Import].changes(UndoKind::Import);
    save(&mut session, &mut after, undo).unwrap();
    let (mut session, mut after) = reopen(session);
    load_all(&mut session, &mut after);
    assert_eq!(after.len(), 1);
    assert!(after.get_full("kept") == Some(&kept));
    assert!(after.undo.is_empty(), "taking a step back forgets it");
    assert!(after.damaged.is_empty(), "{:?}", after.damaged);
    // A re-added id is a client again, not a tombstone: the set stays consistent.
    save(&mut session, &mut after, Changes::client(client("new-1", "New One"))).unwrap();
    let (_, again) = reopen(session);
    assert!(again.get("new-1").is_some() && again.damaged.is_empty());
}

fn visit_draft(client_id: &str, typed: serde_json::Value) -> Draft {
    Draft { saved: now(), form: DraftForm::Visit { client_id: client_id.into(), visit_id: None, typed } }
}

#[test]
fn a_draft_is_sealed_opens_after_unlock_and_leaves_nothing_when_removed() {
    let (mut session, mut book) = new_vault();
    save(&mut session, &mut book, Changes::client(client("ann", "Ann"))).unwrap();
    let draft = visit_draft("ann", serde_json::json!({ "service": "Balayage Blondor 6/0" }));
    save(&mut session, &mut book, Changes { draft: Some(Some(draft.clone())), ..Changes::default() }).unwrap();
    let sealed = &session.store.area(Area::Index)[DRAFT_ID];
    assert!(!String::from_utf8_lossy(sealed).contains("Blondor"), "the draft is sealed, never plain");

    let (mut session, mut after) = reopen(session);
    assert_eq!(after.draft.as_ref(), Some(&draft));
    assert_eq!(draft.subject(&after), DraftSubject::Visit { name: "Ann".into() });
    assert!(after.damaged.is_empty(), "{:?}", after.damaged);

    save(&mut session, &mut after, Changes { draft: Some(None), ..Changes::default() }).unwrap();
    assert!(!session.store.area(Area::Index).contains_key(DRAFT_ID));
    let (_, again) = reopen(session);
    assert!(again.draft.is_none() && again.damaged.is_empty());
}

#[test]
fn a_draft_for_a_client_who_is_gone_can_only_be_discarded_and_erasure_drops_it() {
    let (mut session, mut book) = new_vault();
    let mut gone = client("gone", "Gone Person");
    gone.trashed = Some(now());
    save(&mut session, &mut book, Changes::client(gone)).unwrap();
    let new_client =
        Draft { saved: now(), form: DraftForm::Client { client: Box::default(), typed: serde_json::json!({}) } };
    assert_eq!(new_client.subject(&book), DraftSubject::NewClient);
    let draft = visit_draft("gone", serde_json::json!({}));
    assert_eq!(draft.subject(&book), DraftSubject::ClientGone, "a client in Trash has no forms open");
    assert_eq!(visit_draft("nobody", serde_json::json!({})).subject(&book), DraftSubject::ClientGone);

    save(&mut session, &mut book, Changes { draft: Some(Some(draft)), ..Changes::default() }).unwrap();
    let plan = ErasePlan::new(&book, "gone").unwrap();
    save(&mut session, &mut book, plan.changes).unwrap();
    assert!(book.draft.is_none());
    let (_, after) = reopen(session);
    assert!(after.draft.is_none(), "erasing a client removes the form left open on them");
}

#[test]
fn replacing_the_book_drops_the_draft_and_key_replacement_keeps_it() {
    let (mut session, mut book) = new_vault();
    save(&mut session, &mut book, Changes::client(client("ann", "Ann"))).unwrap();
    let draft = visit_draft("ann", serde_json::json!({ "notes": "x" }));
    save(&mut session, &mut book, Changes { draft: Some(Some(draft.clone())), ..Changes::default() }).unwrap();
    assert_eq!(book.all_changes().unwrap().draft, Some(Some(draft)));
    let copy = SafetyCopy { created: now(), payload: book.payload().unwrap() };
    let plan = ImportPlan { deletes: vec!["ann".into()], ..ImportPlan::default() };
    assert_eq!(Changes::replace_book(plan, copy).draft, Some(None));
}

#[test]
fn custom_field_values_are_searchable_from_the_summaries_right_after_unlock() {
    use crate::model::{CustomFieldDef, CustomFieldKind};
    let (mut session, mut book) = new_vault();
    let formula = CustomFieldDef { id: "formula".into(), label: "Formula".into(), kind: CustomFieldKind::Text };
    let settings = Settings { custom_fields: vec![formula.clone()], ..Settings::default() };
    save(&mut session, &mut book, Changes::settings(settings)).unwrap();
    let mut ann = with_history("1", "Ann");
    ann.custom.insert("formula".into(), "Blondor 6/0".into());
    save(&mut session, &mut book, Changes::client(ann)).unwrap();
    save(&mut session, &mut book, Changes::client(with_history("2", "Bob"))).unwrap();
    let found = |book: &Book, text: &str| {
        names(book.list(&ListQuery { text: text.into(), ..Default::default() }, None, now().date_naive(), now()))
            .into_iter()
            .map(str::to_owned)
            .collect::<Vec<_>>()
    };
    assert_eq!(found(&book, "blondor"), ["Ann"]);

    // Unlock reads summaries only; they hold the profile, custom fields included, so the value
    // is found before the search text is folded, after it, and before any history loads.
    let (mut session, mut book) = reopen(session);
    assert!(!book.entry("1").unwrap().full);
    assert_eq!(found(&book, "BLONDOR 6/0"), ["Ann"]);
    assert!(book.index_search(10));
    assert_eq!(found(&book, "6/0"), ["Ann"]);

    // A field turned into a date is no longer searched, and searched again once it is text.
    let as_date = CustomFieldDef { kind: CustomFieldKind::Date, ..formula.clone() };
    save(&mut session, &mut book, Changes::settings(Settings { custom_fields: vec![as_date], ..Settings::default() }))
        .unwrap();
    assert!(found(&book, "blondor").is_empty());
    save(&mut session, &mut book, Changes::settings(Settings { custom_fields: vec![formula], ..Settings::default() }))
        .unwrap();
    assert_eq!(found(&book, "blondor"), ["Ann"]);
    load_all(&mut session, &mut book);
    assert_eq!(found(&book, "blondor"), ["Ann"]);
}

/// A book whose clients' value, stage, RFM segment and tier are worked out by hand below, and
/// its insight (in UTC). Today is `now()`'s date; "-10" is a held visit ten days ago.
/// - Ann: held -40 (90.00 EUR) and -10 (10.00): 2 visits, 100.00, ticket 50.00, 10 days since,
///   typical interval 30, next expected +20; first visit within 90 days: New.
/// - Bob: held -200, -100, -5 (10.00 each) and a cancelled visit -50 that paid 5.00: 3 visits,
///   35.00 (every outcome counts), ticket 10.00, 5 days since; gaps 100 and 95, median 97, next
///   expected +92; back within it: Active.
/// - Cat: no visit: Lead.
/// - Eve: held -400 and -300, paid 200.00 and 500.00 USD: 2 visits, nothing in EUR, no ticket
///   in EUR, 300 days since; typical interval 100, next expected -200, the earliest of all
///   (long past); no held visit in 180 days: Lapsed.
/// - Fay: held -20 (60.00): 1 visit, 60.00, ticket 60.00, 20 days since; New.
/// - Dan: in Trash (with a visit), in no list.
///
/// RFM over the four with a held visit in 365 days, counting only the visits in them (Eve's -400
/// is outside) (n = 4, score 1 + ⌊5 × (2 × below + equal) / 8⌋): recency Eve 1, Fay 2, Ann 4,
/// Bob 5; frequency Eve and Fay 2 (tied), Ann 4, Bob 5; monetary (EUR in the window, every outcome: Bob 35.00) Eve 1, Bob 2, Fay 4, Ann 5.
/// FM = ⌈(F + M) / 2⌉: Ann 5, Bob 4, Eve 2, Fay 3. Segments: Ann R4 FM5 and Bob R5 FM4
/// Champions, Eve R1 FM2 Lost, Fay R2 FM3 At risk.
///
/// Loyalty at 1 point per euro, Silver from 50 and Gold from 90: Ann 100 (Gold), Bob 30 (none),
/// Fay 60 (Silver), Eve 0 (USD earns nothing).
fn valued_book() -> (Book, crate::insight::BookInsight) {
    let held = |days_ago: i64, paid: i64, currency: &str, outcome: Outcome| Visit {
        start: now() - Duration::days(days_ago),
        duration_min: 60,
        paid,
        currency: currency.into(),
        outcome,
        ..Visit::default()
    };
    let done = Outcome::Completed;
    let mut ann = client("1", "Ann");
    ann.visits = vec![held(40, 9000, "EUR", done), held(10, 1000, "EUR", done)];
    let mut bob = client("2", "Bob");
    bob.visits = vec![
        held(200, 1000, "EUR", done),
        held(100, 1000, "EUR", done),
        held(50, 500, "EUR", Outcome::Cancelled),
        held(5, 1000, "EUR", done),
    ];
    let cat = client("3", "Cat");
    let mut dan = client("4", "Dan");
    dan.visits = vec![held(1, 100_000, "EUR", done)];
    dan.trashed = Some(now());
    let mut eve = client("5", "Eve");
    eve.visits = vec![held(400, 20_000, "USD", done), held(300, 50_000, "USD", done)];
    let mut fay = client("6", "Fay");
    fay.visits = vec![held(20, 6000, "EUR", done)];
    let mut settings = Settings { currency: "EUR".into(), ..Settings::default() };
    settings.loyalty.enabled = true;
    settings.loyalty.points_per_unit = 1;
    settings.loyalty.tiers = vec![
        crate::model::LoyaltyTier { name: "Silver".into(), min_points: 50 },
        crate::model::LoyaltyTier { name: "Gold".into(), min_points: 90 },
    ];
    let book = Book::new(vec![fay, eve, dan, cat, bob, ann], settings, now());
    let insight = crate::insight::BookInsight::compute(&book, now(), &Utc);
    (book, insight)
}

#[test]
fn the_list_sorts_by_client_value_and_keeps_ties_in_name_order() {
    let (book, insight) = valued_book();
    let sorted = |sort: SortBy| {
        names(book.list(&ListQuery { sort, ..Default::default() }, Some(&insight), now().date_naive(), now()))
    };
    assert_eq!(sorted(SortBy::LifetimeValue), ["Ann", "Fay", "Bob", "Cat", "Eve"]);
    assert_eq!(sorted(SortBy::HeldVisits), ["Bob", "Ann", "Eve", "Fay", "Cat"]);
    assert_eq!(sorted(SortBy::AverageTicket), ["Fay", "Ann", "Bob", "Cat", "Eve"]);
    assert_eq!(sorted(SortBy::DaysSinceLastVisit), ["Eve", "Fay", "Ann", "Bob", "Cat"]);
    // Eve -200, Ann +20, Bob +92; Cat and Fay have none: last, in name order.
    assert_eq!(sorted(SortBy::NextExpected), ["Eve", "Ann", "Bob", "Cat", "Fay"]);
}

#[test]
fn the_list_filters_by_stage_and_rfm_segment() {
    use crate::insight::{RfmSegment, Stage};
    let (book, insight) = valued_book();
    let list = |q: ListQuery| names(book.list(&q, Some(&insight), now().date_naive(), now()));
    let stage = |stage| list(ListQuery { stage: Some(stage), ..Default::default() });
    assert_eq!(stage(Stage::New), ["Ann", "Fay"]);
    assert_eq!(stage(Stage::Active), ["Bob"]);
    assert_eq!(stage(Stage::Lead), ["Cat"]);
    assert_eq!(stage(Stage::Lapsed), ["Eve"]);
    assert_eq!(stage(Stage::Drifting), Vec::<&str>::new());
    let rfm = |segment| list(ListQuery { rfm: Some(segment), ..Default::default() });
    assert_eq!(rfm(RfmSegment::Champions), ["Ann", "Bob"]);
    assert_eq!(rfm(RfmSegment::AtRisk), ["Fay"]);
    assert_eq!(rfm(RfmSegment::Lost), ["Eve"]);
    assert_eq!(rfm(RfmSegment::Loyal), Vec::<&str>::new());
    // With the search and another sort.
    assert_eq!(
        list(ListQuery { rfm: Some(RfmSegment::Champions), sort: SortBy::HeldVisits, ..Default::default() }),
        ["Bob", "Ann"]
    );
    assert_eq!(list(ListQuery { text: "f".into(), stage: Some(Stage::New), ..Default::default() }), ["Fay"]);
    // Trash has no insight.
    assert_eq!(list(ListQuery { in_trash: true, stage: Some(Stage::New), ..Default::default() }), Vec::<&str>::new());
    let counts = insight.group_counts();
    assert_eq!(counts.segments.iter().find(|(s, _)| *s == RfmSegment::Champions), Some(&(RfmSegment::Champions, 2)));
    assert_eq!(counts.segments.iter().map(|(_, n)| n).sum::<usize>(), 4, "Cat, a lead, has no segment");
    assert_eq!(counts.stages.iter().find(|(s, _)| *s == Stage::New), Some(&(Stage::New, 2)));
    assert_eq!(counts.stages.iter().map(|(_, n)| n).sum::<usize>(), 5);
}

#[test]
fn saved_segments_match_by_stage_rfm_segment_and_loyalty_tier() {
    use crate::insight::{RfmSegment, Stage};
    use crate::segment::Segment;
    let (book, insight) = valued_book();
    let members = |rules: Vec<Rule>| {
        let segment = Segment { id: "s".into(), name: "s".into(), rules };
        let listed = names(book.list(
            &ListQuery { segment: Some(segment.clone()), ..Default::default() },
            Some(&insight),
            now().date_naive(),
            now(),
        ));
        assert_eq!(book.segment_count(&segment, Some(&insight), now().date_naive(), now()), listed.len());
        listed
    };
    assert_eq!(members(vec![Rule::RfmSegment(RfmSegment::Champions)]), ["Ann", "Bob"]);
    assert_eq!(members(vec![Rule::RfmSegment(RfmSegment::Champions), Rule::Stage(Stage::Active)]), ["Bob"]);
    assert_eq!(members(vec![Rule::Stage(Stage::Lead)]), ["Cat"]);
    assert_eq!(members(vec![Rule::LoyaltyTier("gold".into())]), ["Ann"]);
    assert_eq!(members(vec![Rule::LoyaltyTier("SILVER".into())]), ["Fay"]);
    assert_eq!(members(vec![Rule::LoyaltyTier("Bronze".into())]), Vec::<&str>::new());
}

#[test]
fn without_a_complete_insight_insight_filters_find_no_one_and_value_sorts_keep_name_order() {
    use crate::insight::{RfmSegment, Stage};
    let (mut book, insight) = valued_book();
    let mut loading = insight.clone();
    loading.complete = false;
    let segment = crate::segment::Segment { id: "s".into(), name: "s".into(), rules: vec![Rule::Stage(Stage::Lead)] };
    let nobody = Vec::<&str>::new();
    for insight in [None, Some(&loading)] {
        let list = |q: ListQuery| names(book.list(&q, insight, now().date_naive(), now()));
        assert_eq!(list(ListQuery { stage: Some(Stage::Lead), ..Default::default() }), nobody);
        assert_eq!(list(ListQuery { rfm: Some(RfmSegment::Champions), ..Default::default() }), nobody);
        assert_eq!(list(ListQuery { segment: Some(segment.clone()), ..Default::default() }), nobody);
        assert_eq!(list(ListQuery { sort: SortBy::LifetimeValue, ..Default::default() }), everything(&book));
        assert_eq!(book.segment_count(&segment, insight, now().date_naive(), now()), 0);
        // Rules and sorts that do not read the insight work as ever.
        assert_eq!(list(ListQuery { sort: SortBy::LastVisit, ..Default::default() })[0], "Bob");
    }
    // An insight of another state of the book (a client added since) is used for no one.
    book.upsert(client("7", "Abe"), now());
    let list = |q: ListQuery| names(book.list(&q, Some(&insight), now().date_naive(), now()));
    assert_eq!(list(ListQuery { stage: Some(Stage::Lead), ..Default::default() }), nobody);
    assert_eq!(list(ListQuery { sort: SortBy::HeldVisits, ..Default::default() }), everything(&book));
}
