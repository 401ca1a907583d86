use std::rc::Rc;

use chrono::{Duration, NaiveDate};
use pollster::block_on;
use proptest::prelude::*;

use super::*;
use crate::book::{CommitPlan, NoPause, VaultSession};
use crate::model::{
    Birthday, FollowUp, Interaction, Messenger, MessengerKind, Phone, Settings, Source, SourceKind, Status, Visit,
};
use crate::vault::cipher::{RustCipher, RustCrypto};
use crate::vault::kdf::{Argon2Kdf, KdfParams};
use crate::vault::store::{MemoryStore, VaultStore};
use crate::vault::{create_vault, unlock};

fn at(seconds: i64) -> DateTime<Utc> {
    DateTime::from_timestamp(1_790_000_000 + seconds, 0).unwrap()
}

fn now() -> DateTime<Utc> {
    at(1_000_000)
}

fn client(id: &str, name: &str) -> Client {
    let mut c = Client::new(id.into(), at(id.len() as i64 * 100));
    c.name = name.into();
    c
}

fn phone(number: &str) -> Phone {
    Phone { label: String::new(), number: number.into() }
}

fn visit(id: &str, day: i64) -> Visit {
    Visit { id: id.into(), start: at(day * 86_400), duration_min: 60, currency: "EUR".into(), ..Visit::default() }
}

fn json(client: &Client) -> String {
    serde_json::to_string(client).unwrap()
}

/// Ivan twice (Latin and Cyrillic, one phone in two formats), and a client he referred.
fn ivans() -> (Client, Client, Client) {
    let mut a = client("a", "Ivan Petrov");
    a.phones = vec![phone("+7 916 123-45-67"), phone("+7 495 000 00 01")];
    a.emails = vec!["Ivan@Example.com".into()];
    a.tags = vec!["VIP".into()];
    a.notes = "Prefers mornings.".into();
    a.visits = vec![visit("v1", 3), visit("shared", 1)];
    a.custom.insert("shoe".into(), "42".into());
    a.custom.insert("hair".into(), "short".into());
    let mut b = client("bb", "Иван Петров");
    b.phones = vec![Phone { label: "mobile".into(), number: "8 (916) 123-45-67".into() }];
    b.emails = vec![" ivan@example.com ".into(), "petrov@example.ru".into()];
    b.messengers = vec![Messenger { kind: MessengerKind::Telegram, handle: "@ivanp".into() }];
    b.tags = vec!["vip".into(), "Regular".into()];
    b.notes = "Allergic to latex.".into();
    b.birthday = Some(Birthday { month: 3, day: 10, year: Some(1990) });
    b.visits = vec![visit("v2", 2), Visit { price: 100, ..visit("shared", 1) }];
    b.interactions = vec![Interaction { id: "i1".into(), at: at(5), ..Interaction::default() }];
    b.follow_ups = vec![FollowUp {
        id: "f1".into(),
        due: NaiveDate::from_ymd_opt(2026, 12, 1).unwrap(),
        text: "Call".into(),
        done: false,
    }];
    b.custom.insert("shoe".into(), "43".into());
    b.merged_from = vec!["older".into()];
    let mut friend = client("ccc", "Friend");
    friend.source = Source { kind: SourceKind::Referral, referred_by: Some("bb".into()), detail: String::new() };
    (a, b, friend)
}

#[test]
fn a_merge_unites_contacts_and_history_and_takes_picked_fields() {
    let (a, b, friend) = ivans();
    let mut plan = MergePlan::new(vec![a.clone(), b.clone()]).unwrap();
    // Defaults: the first source with a value.
    assert_eq!((plan.picked(Field::Name), plan.picked(Field::Birthday), plan.picked(Field::Status)), (0, 1, 0));
    assert!(plan.differs(Field::Name) && !plan.differs(Field::Gender));
    assert_eq!(plan.custom_conflicts().keys().collect::<Vec<_>>(), ["shoe"]);
    plan.pick(Field::Name, 1).unwrap();
    plan.pick_custom("shoe", 1).unwrap();
    let merge = plan.build([&friend], "7", now());
    let merged = &merge.changes.clients[0];
    assert_eq!((merged.id.as_str(), merged.name.as_str()), ("a", "Иван Петров"));
    assert_eq!(merged.birthday, b.birthday);
    let numbers: Vec<&str> = merged.phones.iter().map(|p| p.number.as_str()).collect();
    assert_eq!(numbers, ["+7 916 123-45-67", "+7 495 000 00 01"], "one number in two formats is one");
    assert_eq!(merged.phones[0].label, "mobile", "a label is not lost");
    assert_eq!(merged.emails, ["Ivan@Example.com", "petrov@example.ru"]);
    assert_eq!(merged.tags, ["VIP", "Regular"]);
    assert_eq!(merged.messengers.len(), 1);
    assert_eq!(merged.notes, "Prefers mornings.\n\nAllergic to latex.");
    let visits: Vec<&str> = merged.visits.iter().map(|v| v.id.as_str()).collect();
    assert_eq!(visits, ["shared", "shared-1", "v2", "v1"], "a clashing id is renamed, nothing dropped");
    assert_eq!((merged.interactions.len(), merged.follow_ups.len()), (1, 1));
    assert_eq!(merged.custom.get("shoe").map(String::as_str), Some("43"));
    assert_eq!(merged.custom.get("hair").map(String::as_str), Some("short"));
    assert_eq!(merged.merged_from, ["bb", "older"]);
    assert_eq!((merged.created, merged.updated), (a.created, now()));
    assert_eq!(merge.changes.deleted, ["bb"]);
    let relinked = &merge.changes.clients[1];
    assert_eq!((relinked.id.as_str(), relinked.source.referred_by.as_deref()), ("ccc", Some("a")));
    assert_eq!(merge.undo.referrers, [friend]);
}

#[test]
fn a_referrer_among_the_merged_is_dropped_not_made_a_self_reference() {
    let (a, mut b, _) = ivans();
    b.source = Source { kind: SourceKind::Referral, referred_by: Some("a".into()), detail: "cousin".into() };
    let mut plan = MergePlan::new(vec![a, b]).unwrap();
    plan.pick(Field::Source, 1).unwrap();
    let merged = plan.merged("7", now());
    assert_eq!(merged.source.referred_by, None);
    assert_eq!((merged.source.kind, merged.source.detail.as_str()), (SourceKind::Referral, "cousin"));
}

#[test]
fn a_merge_keeps_the_shortest_stay_in_touch_frequency() {
    let (mut a, mut b, mut c) = ivans();
    (a.contact_every_days, b.contact_every_days, c.contact_every_days) = (None, Some(30), Some(14));
    let merged = MergePlan::new(vec![a, b, c]).unwrap().merged("7", now());
    assert_eq!(merged.contact_every_days, Some(14));
}

#[test]
fn a_block_is_kept_unless_the_user_lifts_it() {
    let (a, mut b, _) = ivans();
    b.status = Status::Blocked { reason: "Rude to staff".into(), since: NaiveDate::from_ymd_opt(2026, 1, 1).unwrap() };
    let mut plan = MergePlan::new(vec![a, b.clone()]).unwrap();
    assert_eq!(plan.picked(Field::Status), 1);
    assert_eq!(plan.merged("7", now()).status, b.status);
    plan.pick(Field::Status, 0).unwrap();
    assert_eq!(plan.merged("7", now()).status, Status::Active);
}

#[test]
fn plans_refuse_what_cannot_be_merged() {
    let (a, b, _) = ivans();
    assert_eq!(MergePlan::new(vec![a.clone()]).err(), Some(MergeError::TooFewClients));
    assert_eq!(MergePlan::new(vec![a.clone(), a.clone()]).err(), Some(MergeError::SameClientTwice));
    let mut plan = MergePlan::new(vec![a, b]).unwrap();
    assert_eq!(plan.pick(Field::Alias, 2), Err(MergeError::NoSuchSource));
    assert_eq!(plan.pick_custom("hair", 1), Err(MergeError::NoSuchSource), "no conflict, nothing to pick");
    assert_eq!(plan.pick_custom("shoe", 5), Err(MergeError::NoSuchSource));
}

#[test]
fn merge_then_undo_in_the_book_gives_back_every_client_exactly() {
    let (a, b, friend) = ivans();
    let bystander = client("dddd", "Bystander");
    let mut book = Book::new(vec![a.clone(), b.clone(), friend.clone(), bystander], Settings::default(), now());
    let plan = MergePlan::from_book(&book, &["a", "bb"]).unwrap();
    let merge = plan.build_in_book(&book, now()).unwrap();
    book.apply(merge.changes.clone(), now());
    assert!(book.get("bb").is_none());
    assert_eq!(book.get("ccc").unwrap().source.referred_by.as_deref(), Some("a"));
    let undo = merge.undo.changes_in(&book).unwrap();
    assert!(undo.deleted.is_empty());
    book.apply(undo, now());
    for original in [&a, &b, &friend] {
        assert_eq!(json(book.get(&original.id).unwrap()), json(original), "{}", original.id);
    }
}

#[test]
fn undo_is_refused_once_the_merged_client_was_edited() {
    let (a, b, friend) = ivans();
    let mut book = Book::new(vec![a, b, friend], Settings::default(), now());
    let merge = MergePlan::from_book(&book, &["a", "bb"]).unwrap().build_in_book(&book, now()).unwrap();
    book.apply(merge.changes.clone(), now());
    let mut edited = book.get("a").unwrap().clone();
    edited.notes.push_str(" Edited.");
    book.upsert(edited, now());
    assert_eq!(merge.undo.changes_in(&book), Err(MergeError::ChangedSince));
    assert_eq!(merge.undo.changes().clients.len(), 3, "the user may still undo knowingly");
}

#[test]
fn the_book_refuses_unknown_clients() {
    let (a, b, _) = ivans();
    let book = Book::new(vec![a, b], Settings::default(), now());
    assert_eq!(MergePlan::from_book(&book, &["a", "zzz"]).err(), Some(MergeError::UnknownClient));
}

#[test]
fn the_undo_record_round_trips_through_json() {
    let (a, b, friend) = ivans();
    let merge = MergePlan::new(vec![a, b]).unwrap().build([&friend], "7", now());
    let text = serde_json::to_string(&merge.undo).unwrap();
    assert_eq!(serde_json::from_str::<MergeUndo>(&text).unwrap(), merge.undo);
}

#[test]
fn merged_from_reaches_the_shard_summary() {
    let (a, b, _) = ivans();
    let merged = MergePlan::new(vec![a, b]).unwrap().merged("7", now());
    let stats = crate::model::ClientStats::of(&merged, now());
    let record = crate::vault::state::RecordRef::of(crate::vault::format::RecordKind::Client, 1, b"x");
    let summary = crate::book::ClientSummary::of_full(&merged, &stats, record, now());
    assert_eq!(summary.client.merged_from, ["bb", "older"]);
    let text = serde_json::to_string(&summary).unwrap();
    let back: crate::book::ClientSummary = serde_json::from_str(&text).unwrap();
    assert_eq!(back.client.merged_from, ["bb", "older"]);
}

/// Through a real vault: merge, reload, undo, reload; the sources come back byte for byte.
#[test]
fn merge_and_undo_survive_a_reload() {
    const PASS: &str = "violet tram sings bass 42";
    type Session = VaultSession<Rc<MemoryStore>, RustCipher>;
    let open = |store: Rc<MemoryStore>| -> (Session, Book) {
        let header_bytes = block_on(store.read_header()).unwrap().unwrap();
        let header = crate::vault::format::VaultHeader::parse(&header_bytes).unwrap();
        let unlocked = block_on(unlock(&header, PASS, &Argon2Kdf, &RustCrypto)).unwrap();
        let key = RustCipher::new(unlocked.data_key.as_bytes());
        let (mut session, mut book) = block_on(VaultSession::open(store, key, header_bytes, &NoPause, now())).unwrap();
        while let Some(chunk) = block_on(session.load_history_chunk(100)).unwrap() {
            book.attach_full(chunk.clients, now());
        }
        (session, book)
    };
    let save = |session: &mut Session, book: &mut Book, changes: Changes| {
        let plan = CommitPlan::new(book, changes, now()).unwrap();
        block_on(session.commit(&plan, &NoPause, now())).unwrap();
        book.apply(plan.changes, now());
    };
    let store = Rc::new(MemoryStore::default());
    block_on(create_vault(&store, PASS, KdfParams::MINIMUM, &Argon2Kdf, &RustCrypto)).unwrap();
    let (mut session, mut book) = open(store.clone());
    let (a, b, friend) = ivans();
    save(
        &mut session,
        &mut book,
        Changes { clients: vec![a.clone(), b.clone(), friend.clone()], ..Changes::default() },
    );
    // An instant with nanoseconds, as the clock gives: it must read back equal.
    let merged_at = now() + Duration::nanoseconds(123_456_789);
    let merge = MergePlan::from_book(&book, &["a", "bb"]).unwrap().build_in_book(&book, merged_at).unwrap();
    save(&mut session, &mut book, merge.changes);
    let undo_record = serde_json::to_string(&merge.undo).unwrap();

    drop((session, book));
    let (mut session, mut book) = open(store.clone());
    assert!(book.get("bb").is_none() && book.damaged.is_empty());
    let undo: MergeUndo = serde_json::from_str(&undo_record).unwrap();
    let changes = undo.changes_in(&book).unwrap();
    save(&mut session, &mut book, changes);

    drop((session, book));
    let (_, book) = open(store);
    assert!(book.damaged.is_empty(), "{:?}", book.damaged);
    for original in [&a, &b, &friend] {
        assert_eq!(json(book.get_full(&original.id).unwrap()), json(original), "{}", original.id);
    }
}

fn arb_source() -> impl Strategy<Value = Client> {
    let pool_phones = ["+7 916 123-45-67", "8 916 1234567", "+380 50 123 45 67", "12", "+44 20 7946 0018"];
    let pool_emails = ["a@example.com", "A@Example.com ", "b@example.com", "c@example.org"];
    let pool_tags = ["vip", "VIP", "new", "blonde", "Новый"];
    (
        "[a-z]{1,8}",
        proptest::collection::vec(0..pool_phones.len(), 0..4),
        proptest::collection::vec(0..pool_emails.len(), 0..3),
        proptest::collection::vec(0..pool_tags.len(), 0..3),
        proptest::collection::vec((0u8..4, 0i64..30, 0i64..3), 0..5),
        proptest::collection::vec((0u8..4, 0i64..30), 0..3),
        proptest::collection::vec(0u8..3, 0..3),
        "[a-z ]{0,12}",
        proptest::option::of((1u32..=12, 1u32..=28)),
    )
        .prop_map(move |(name, phones, emails, tags, visits, interactions, follow_ups, notes, birthday)| {
            let mut c = client("x", &name);
            c.phones = phones.into_iter().map(|i| phone(pool_phones[i])).collect();
            c.emails = emails.into_iter().map(|i| pool_emails[i].to_owned()).collect();
            c.tags = tags.into_iter().map(|i| pool_tags[i].to_owned()).collect();
            // Small id pools, so that ids clash between sources (and within one).
            c.visits =
                visits.into_iter().map(|(id, day, price)| Visit { price, ..visit(&format!("v{id}"), day) }).collect();
            c.interactions = interactions
                .into_iter()
                .map(|(id, t)| Interaction { id: format!("i{id}"), at: at(t), ..Interaction::default() })
                .collect();
            c.follow_ups = follow_ups
                .into_iter()
                .map(|id| FollowUp {
                    id: format!("f{id}"),
                    due: NaiveDate::from_ymd_opt(2026, 1, 1).unwrap(),
                    text: "x".into(),
                    done: false,
                })
                .collect();
            c.notes = notes;
            c.birthday = birthday.map(|(month, day)| Birthday { month, day, year: None });
            if c.name.len().is_multiple_of(3) {
                c.status = Status::Inactive;
            }
            c
        })
}

fn arb_sources() -> impl Strategy<Value = Vec<Client>> {
    proptest::collection::vec(arb_source(), 2..5).prop_map(|mut sources| {
        for (i, c) in sources.iter_mut().enumerate() {
            c.id = format!("s{i}");
            c.created = at(i as i64);
        }
        sources
    })
}

/// A visit, interaction or follow-up without its id: what "the same entry" means.
fn without_id<T: Clone + Serialize>(item: &T) -> String {
    let mut value = serde_json::to_value(item.clone()).unwrap();
    value.as_object_mut().unwrap().remove("id");
    value.to_string()
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 64, ..ProptestConfig::default() })]

    #[test]
    fn the_merged_client_holds_everything_of_its_sources(sources in arb_sources(), picks in proptest::collection::vec(0usize..4, 13)) {
        let mut plan = MergePlan::new(sources.clone()).unwrap();
        for (field, source) in Field::ALL.into_iter().zip(picks) {
            let _ = plan.pick(field, source % sources.len());
        }
        let merged = plan.merged("7", now());
        for source in &sources {
            for p in &source.phones {
                let key = phone_key(&p.number, "7").unwrap_or_else(|| p.number.clone());
                prop_assert!(merged.phones.iter().any(|m| phone_key(&m.number, "7").unwrap_or_else(|| m.number.clone()) == key));
            }
            for e in &source.emails {
                prop_assert!(merged.emails.iter().any(|m| normalize_email(m) == normalize_email(e)));
            }
            for t in &source.tags {
                prop_assert!(merged.tags.iter().any(|m| fold(m) == fold(t)));
            }
            for v in &source.visits {
                prop_assert!(merged.visits.iter().any(|m| without_id(m) == without_id(v)));
            }
            for i in &source.interactions {
                prop_assert!(merged.interactions.iter().any(|m| without_id(m) == without_id(i)));
            }
            for f in &source.follow_ups {
                prop_assert!(merged.follow_ups.iter().any(|m| without_id(m) == without_id(f)));
            }
            if !source.notes.trim().is_empty() {
                prop_assert!(merged.notes.contains(source.notes.trim()));
            }
            if source.id != merged.id {
                prop_assert!(merged.merged_from.contains(&source.id));
            }
        }
        let mut ids: Vec<&str> = merged.visits.iter().map(|v| v.id.as_str()).collect();
        ids.sort_unstable();
        ids.dedup();
        prop_assert_eq!(ids.len(), merged.visits.len(), "visit ids stay unique");
        for field in Field::ALL {
            let mut expected = Client::default();
            field.copy(&sources[plan.picked(field)], &mut expected);
            let mut got = Client::default();
            field.copy(&merged, &mut got);
            prop_assert!(field.same(&expected, &got));
        }
    }

    #[test]
    fn merge_then_undo_gives_back_the_sources_exactly(sources in arb_sources(), referring in 0usize..4) {
        let mut friend = client("friend", "Friend");
        friend.source.referred_by = Some(format!("s{referring}"));
        let mut all = sources.clone();
        all.push(friend.clone());
        let mut book = Book::new(all, Settings { default_country_code: "7".into(), ..Settings::default() }, now());
        let ids: Vec<&str> = sources.iter().map(|c| c.id.as_str()).collect();
        let merge = MergePlan::from_book(&book, &ids).unwrap().build_in_book(&book, now() + Duration::hours(1)).unwrap();
        book.apply(merge.changes.clone(), now());
        let expected_referrer = if referring < sources.len() { "s0".to_owned() } else { format!("s{referring}") };
        prop_assert_eq!(book.get("friend").unwrap().source.referred_by.as_deref(), Some(expected_referrer.as_str()));
        prop_assert_eq!(book.entries().count(), 2);
        book.apply(merge.undo.changes_in(&book).unwrap(), now());
        prop_assert_eq!(book.entries().count(), sources.len() + 1);
        for original in sources.iter().chain([&friend]) {
            prop_assert_eq!(json(book.get(&original.id).unwrap()), json(original));
        }
    }
}
