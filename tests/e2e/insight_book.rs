//! Writes the small, hand-designed client book the dashboard's end-to-end test imports
//! (tests/e2e/dashboard.test.mjs), as an encrypted backup: every visit at 10:00 UTC, so its
//! local date is the same in any European zone. The numbers the test expects are worked out
//! there, from the visits listed here.
//!
//!     cargo run --example insight_book -- --out FILE

use chrono::{DateTime, TimeZone, Utc};
use clientele::backup::{write_backup, BackupPayload};
use clientele::model::{Client, Outcome, Settings, SourceKind, Visit};
use clientele::vault::kdf::KdfParams;

pub const PASSPHRASE: &str = "insight book passphrase";

fn at(y: i32, m: u32, d: u32) -> DateTime<Utc> {
    Utc.with_ymd_and_hms(y, m, d, 10, 0, 0).single().expect("a fixed date")
}

fn visit(id: &str, start: DateTime<Utc>, outcome: Outcome, paid: i64, rating: Option<u8>) -> Visit {
    Visit {
        id: id.into(),
        start,
        duration_min: 60,
        service: "Haircut".into(),
        price: paid,
        paid,
        currency: "EUR".into(),
        outcome,
        satisfaction: rating,
        ..Visit::default()
    }
}

fn client(id: &str, name: &str, source: SourceKind, visits: Vec<Visit>) -> Client {
    let mut c = Client::new(id.into(), at(2025, 11, 1));
    c.name = name.into();
    c.source.kind = source;
    c.visits = visits;
    c
}

fn main() {
    let args: Vec<String> = std::env::args().collect();
    let out = args.iter().position(|a| a == "--out").and_then(|i| args.get(i + 1)).expect("--out FILE");
    use Outcome::*;
    let clients = vec![
        client(
            "0a000000000000000000000000000001",
            "Alice Archer",
            SourceKind::Social,
            vec![
                visit("a1", at(2026, 1, 10), Completed, 4000, Some(4)),
                visit("a2", at(2026, 2, 3), Completed, 6000, Some(5)),
            ],
        ),
        client(
            "0a000000000000000000000000000002",
            "Bob Baker",
            SourceKind::Referral,
            vec![visit("b1", at(2026, 2, 10), Completed, 4000, Some(3))],
        ),
        client(
            "0a000000000000000000000000000003",
            "Cara Cole",
            SourceKind::Ad,
            vec![visit("c1", at(2026, 1, 20), Completed, 5000, None), visit("c2", at(2026, 2, 12), NoShow, 0, None)],
        ),
        client(
            "0a000000000000000000000000000004",
            "Dan Dale",
            SourceKind::Unknown,
            vec![
                visit("d1", at(2025, 12, 15), Completed, 4500, None),
                visit("d2", at(2026, 2, 15), Cancelled, 1000, None),
                visit("d3", at(2026, 2, 20), Completed, 5000, None),
            ],
        ),
    ];
    let payload = BackupPayload { clients, settings: Settings::default() };
    let file = pollster::block_on(write_backup(
        &payload,
        PASSPHRASE,
        KdfParams::MINIMUM,
        at(2026, 3, 1),
        "insight-book",
        &clientele::vault::kdf::Argon2Kdf,
        &clientele::vault::cipher::RustCrypto,
    ))
    .expect("backup written");
    std::fs::write(out, file).expect("backup file");
}
