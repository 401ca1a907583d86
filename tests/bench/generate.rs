//! Writes the benchmark's synthetic client book, deterministically from a seed:
//! `book.clbk` (an encrypted backup the app imports), `fields.json` (the same searchable fields,
//! for MiniSearch), `queries.json` (200 search queries) and `meta.json`.
//!
//!     cargo run --release --example bench_book -- --clients 10000 --out DIR

use std::collections::BTreeMap;

use chrono::{DateTime, Duration, NaiveDate, Utc};
use clientele::backup::{write_backup, BackupPayload};
use clientele::model::{
    Birthday, Channel, Client, CustomFieldDef, CustomFieldKind, Direction, FollowUp, Interaction, Outcome,
    PaymentStatus, Phone, Settings, Status, TagDef, Visit,
};
use clientele::vault::kdf::KdfParams;
use serde_json::json;

pub const PASSPHRASE: &str = "bench passphrase for clientele";

/// SplitMix64: small, fast and the same on every machine.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9e37_79b9_7f4a_7c15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xbf58_476d_1ce4_e5b9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94d0_49bb_1331_11eb);
        z ^ (z >> 31)
    }
    fn below(&mut self, n: u64) -> u64 {
        self.next() % n.max(1)
    }
    fn chance(&mut self, percent: u64) -> bool {
        self.below(100) < percent
    }
    fn pick<'a>(&mut self, items: &'a [&'a str]) -> &'a str {
        items[self.below(items.len() as u64) as usize]
    }
    fn hex(&mut self) -> String {
        format!("{:016x}{:016x}", self.next(), self.next())
    }
}

const EN_FIRST: &[&str] =
    &["Emma", "Olivia", "Liam", "Noah", "Ava", "Sophia", "James", "Mia", "Lucas", "Grace", "Ethan", "Chloe"];
const EN_LAST: &[&str] =
    &["Smith", "Johnson", "Brown", "Taylor", "Wilson", "Davies", "Evans", "Walker", "Wright", "Hughes"];
const RU_FIRST: &[&str] =
    &["Анна", "Мария", "Елена", "Ольга", "Дмитрий", "Сергей", "Наталья", "Иван", "Семён", "Татьяна"];
const RU_LAST: &[&str] =
    &["Иванова", "Смирнова", "Кузнецова", "Попова", "Соколов", "Лебедев", "Козлова", "Новиков", "Морозова"];
const UK_FIRST: &[&str] =
    &["Олена", "Оксана", "Ірина", "Тарас", "Богдан", "Юлія", "Андрій", "Галина", "Ґрета", "Їжена"];
const UK_LAST: &[&str] =
    &["Коваленко", "Шевченко", "Бондаренко", "Ткаченко", "Кравчук", "Олійник", "Мельник", "Лисенко"];
const ZH_FIRST: &[&str] = &["芳", "娜", "敏", "静", "丽", "强", "磊", "军", "洋", "艳", "杰", "娟"];
const ZH_LAST: &[&str] = &["王", "李", "张", "刘", "陈", "杨", "赵", "黄", "周", "吴"];
const CITIES: &[&str] = &["Kyiv", "Lviv", "Odesa", "Москва", "Warsaw", "Berlin", "上海", "London", "Харків", "Dnipro"];
const TAGS: &[&str] =
    &["vip", "regular", "new", "colour", "curly", "student", "referral", "sensitive skin", "weekday", "late"];
const NOTE_WORDS: &[&str] = &[
    "prefers",
    "mornings",
    "coffee",
    "allergy",
    "latex",
    "quiet",
    "music",
    "parking",
    "balayage",
    "fringe",
    "тихо",
    "кофе",
    "аллергия",
    "утром",
    "кава",
    "тиша",
    "安静",
    "咖啡",
    "过敏",
    "早上",
    "tea",
    "dog",
    "invoice",
    "gift",
];
const SERVICES: &[(&str, i64, u32)] = &[
    ("Haircut", 45000, 45),
    ("Colour", 120000, 120),
    ("Balayage", 180000, 180),
    ("Styling", 30000, 30),
    ("Consultation", 0, 20),
];

fn name(rng: &mut Rng) -> (String, &'static str) {
    match rng.below(4) {
        0 => (format!("{} {}", rng.pick(EN_FIRST), rng.pick(EN_LAST)), "en"),
        1 => (format!("{} {}", rng.pick(RU_FIRST), rng.pick(RU_LAST)), "ru"),
        2 => (format!("{} {}", rng.pick(UK_FIRST), rng.pick(UK_LAST)), "uk"),
        _ => (format!("{}{}{}", rng.pick(ZH_LAST), rng.pick(ZH_FIRST), rng.pick(ZH_FIRST)), "zh"),
    }
}

fn words(rng: &mut Rng, n: u64) -> String {
    (0..n).map(|_| rng.pick(NOTE_WORDS)).collect::<Vec<_>>().join(" ")
}

struct Options {
    clients: usize,
    seed: u64,
    out: std::path::PathBuf,
}

fn options() -> Options {
    let args: Vec<String> = std::env::args().collect();
    let value = |flag: &str| args.iter().position(|a| a == flag).and_then(|i| args.get(i + 1)).cloned();
    Options {
        clients: value("--clients").and_then(|v| v.parse().ok()).unwrap_or(10_000),
        seed: value("--seed").and_then(|v| v.parse().ok()).unwrap_or(42),
        out: value("--out").unwrap_or_else(|| "bench-data".into()).into(),
    }
}

fn main() {
    let opts = options();
    let mut rng = Rng(opts.seed);
    let epoch: DateTime<Utc> = "2026-11-01T09:00:00Z".parse().unwrap();
    let three_years = 3 * 365;
    let total_visits = opts.clients * 10;
    let fifty_count = (opts.clients / 500).max(2);
    let mut visits_left = total_visits;
    let mut clients = Vec::with_capacity(opts.clients);
    let mut fields = Vec::with_capacity(opts.clients);
    let mut fifty_names = Vec::new();

    for i in 0..opts.clients {
        let (display, lang) = name(&mut rng);
        let mut c = Client::new(rng.hex(), epoch - Duration::days(rng.below(three_years) as i64));
        c.name = display;
        c.language = lang.into();
        if rng.chance(20) {
            c.alias = name(&mut rng).0.split(' ').next().unwrap_or_default().to_owned();
        }
        for _ in 0..1 + rng.below(2) {
            let number = format!(
                "+{} {} {:03} {:02} {:02}",
                [380, 7, 48, 49, 86, 44][rng.below(6) as usize],
                10 + rng.below(90),
                rng.below(1000),
                rng.below(100),
                rng.below(100)
            );
            c.phones.push(Phone { label: ["mobile", "work", "home"][rng.below(3) as usize].into(), number });
        }
        if rng.chance(70) {
            c.emails.push(format!(
                "client{i}.{}@example.{}",
                rng.below(1000),
                ["com", "ua", "ru", "cn"][rng.below(4) as usize]
            ));
        }
        c.address.city = rng.pick(CITIES).into();
        if rng.chance(60) {
            c.birthday = Some(Birthday {
                month: 1 + rng.below(12) as u32,
                day: 1 + rng.below(28) as u32,
                year: rng.chance(70).then(|| 1950 + rng.below(55) as i32),
            });
        }
        c.gender = ["female", "male", "", "non-binary"][rng.below(4) as usize].into();
        for _ in 0..rng.below(4) {
            let tag = rng.pick(TAGS).to_owned();
            if !c.tags.contains(&tag) {
                c.tags.push(tag);
            }
        }
        if rng.chance(50) {
            let n = 4 + rng.below(12);
            c.notes = words(&mut rng, n);
        }
        if rng.chance(30) {
            let n = 3 + rng.below(5);
            c.preferences = words(&mut rng, n);
        }
        if rng.chance(5) {
            c.alert = words(&mut rng, 2);
        }
        if rng.chance(2) {
            c.status =
                Status::Blocked { reason: words(&mut rng, 3), since: NaiveDate::from_ymd_opt(2026, 1, 1).unwrap() };
        } else if rng.chance(15) {
            c.status = Status::Inactive;
        }
        c.custom.insert("hair".into(), ["straight", "curly", "wavy"][rng.below(3) as usize].into());
        if rng.chance(50) {
            c.custom.insert("size".into(), (35 + rng.below(12)).to_string());
        }
        let visit_count = if i < fifty_count {
            // A unique alias, so the benchmark can find exactly this client.
            c.alias = format!("fifty{i:03}");
            fifty_names.push(c.alias.clone());
            50
        } else {
            let remaining_clients = opts.clients - i;
            let average = visits_left / remaining_clients.max(1);
            (rng.below(2 * average as u64 + 1) as usize).min(visits_left)
        };
        visits_left -= visit_count.min(visits_left);
        for _ in 0..visit_count {
            let (service, price, minutes) = SERVICES[rng.below(SERVICES.len() as u64) as usize];
            let start =
                epoch - Duration::days(rng.below(three_years) as i64) + Duration::minutes(rng.below(600) as i64);
            let outcome = match rng.below(20) {
                0 => Outcome::NoShow,
                1 => Outcome::Cancelled,
                _ => Outcome::Completed,
            };
            c.visits.push(Visit {
                id: format!("{:016x}", rng.next()),
                start,
                duration_min: minutes,
                service: service.into(),
                price,
                paid: if outcome == Outcome::Completed { price } else { 0 },
                currency: "UAH".into(),
                payment: if outcome == Outcome::Completed { PaymentStatus::Paid } else { PaymentStatus::Unpaid },
                outcome,
                satisfaction: rng.chance(30).then(|| 3 + rng.below(3) as u8),
                ..Visit::default()
            });
        }
        for _ in 0..3 {
            c.interactions.push(Interaction {
                id: format!("{:016x}", rng.next()),
                at: epoch - Duration::days(rng.below(three_years) as i64),
                channel: Channel::ALL[rng.below(6) as usize],
                direction: if rng.chance(50) { Direction::Incoming } else { Direction::Outgoing },
                topic: words(&mut rng, 2),
                notes: String::new(),
            });
        }
        if rng.chance(50) {
            c.follow_ups.push(FollowUp {
                id: format!("{:016x}", rng.next()),
                due: (epoch + Duration::days(rng.below(60) as i64 - 30)).date_naive(),
                text: words(&mut rng, 3),
                done: rng.chance(50),
            });
        }
        c.updated = c.created;
        let note_text = [c.notes.as_str(), c.preferences.as_str(), c.alert.as_str()].join(" ");
        fields.push(json!({
            "id": c.id, "name": c.name, "alias": c.alias,
            "phones": c.phones.iter().map(|p| p.number.clone()).collect::<Vec<_>>().join(" "),
            "emails": c.emails.join(" "), "tags": c.tags.join(" "),
            "notes": note_text, "custom": c.custom.values().cloned().collect::<Vec<_>>().join(" "),
        }));
        clients.push(c);
    }

    let queries = make_queries(&mut rng, &clients);
    let custom_queries = make_custom_queries(&mut rng, &clients);
    let settings = Settings {
        currency: "UAH".into(),
        custom_fields: vec![
            CustomFieldDef {
                id: "hair".into(),
                label: "Hair type".into(),
                kind: CustomFieldKind::Choice(vec!["straight".into(), "curly".into(), "wavy".into()]),
            },
            CustomFieldDef { id: "size".into(), label: "Shoe size".into(), kind: CustomFieldKind::Number },
        ],
        tags: TAGS
            .iter()
            .enumerate()
            .map(|(i, t)| TagDef { name: (*t).into(), color: format!("#{:06x}", 0x2f5d50 + i * 0x101010) })
            .collect(),
        ..Settings::default()
    };
    let visits: usize = clients.iter().map(|c| c.visits.len()).sum();
    let interactions: usize = clients.iter().map(|c| c.interactions.len()).sum();
    let payload = BackupPayload { clients, settings };
    let file = pollster::block_on(write_backup(
        &payload,
        PASSPHRASE,
        KdfParams::DEFAULT,
        epoch,
        "bench",
        &clientele::vault::kdf::Argon2Kdf,
        &clientele::vault::cipher::RustCrypto,
    ))
    .expect("backup written");

    std::fs::create_dir_all(&opts.out).expect("output folder");
    std::fs::write(opts.out.join("book.clbk"), &file).expect("book.clbk");
    std::fs::write(opts.out.join("fields.json"), serde_json::to_vec(&fields).unwrap()).expect("fields.json");
    std::fs::write(opts.out.join("queries.json"), serde_json::to_vec(&queries).unwrap()).expect("queries.json");
    std::fs::write(opts.out.join("custom_queries.json"), serde_json::to_vec(&custom_queries).unwrap())
        .expect("custom_queries.json");
    let meta = json!({
        "clients": opts.clients, "visits": visits, "interactions": interactions, "seed": opts.seed,
        "passphrase": PASSPHRASE, "fifty_visit_clients": fifty_names, "backup_bytes": file.len(),
        "plaintext_json_bytes": serde_json::to_vec(&payload).unwrap().len(),
    });
    std::fs::write(opts.out.join("meta.json"), serde_json::to_vec_pretty(&meta).unwrap()).expect("meta.json");
    println!("{}", serde_json::to_string(&meta).unwrap());
}

/// 200 queries a person would type, by kind.
fn make_queries(rng: &mut Rng, clients: &[Client]) -> Vec<serde_json::Value> {
    let mut by_kind: BTreeMap<&str, Vec<String>> = BTreeMap::new();
    let sample = |rng: &mut Rng| &clients[rng.below(clients.len() as u64) as usize];
    for _ in 0..30 {
        let c = sample(rng);
        let first: String = c.name.chars().take(3).collect();
        by_kind.entry("name prefix").or_default().push(first.to_lowercase());
    }
    for _ in 0..25 {
        let c = sample(rng);
        let chars: Vec<char> = c.name.chars().collect();
        let start = chars.len() / 3;
        by_kind.entry("name infix").or_default().push(chars[start..(start + 3).min(chars.len())].iter().collect());
    }
    for _ in 0..30 {
        let c = sample(rng);
        let digits: String = c.phones[0].number.chars().filter(char::is_ascii_digit).collect();
        let start = digits.len().saturating_sub(7);
        by_kind.entry("phone digits").or_default().push(digits[start..start + 5.min(digits.len() - start)].to_owned());
    }
    let with_email: Vec<&Client> = clients.iter().filter(|c| !c.emails.is_empty()).collect();
    for _ in 0..25 {
        let c = with_email[rng.below(with_email.len() as u64) as usize];
        by_kind.entry("email part").or_default().push(c.emails[0].split('@').next().unwrap_or_default().to_owned());
    }
    for _ in 0..20 {
        by_kind.entry("tag").or_default().push(rng.pick(TAGS).to_owned());
    }
    for _ in 0..25 {
        by_kind.entry("note word").or_default().push(rng.pick(&NOTE_WORDS[..10]).to_owned());
    }
    for _ in 0..25 {
        let word = if rng.chance(50) { rng.pick(RU_LAST) } else { rng.pick(UK_LAST) };
        by_kind.entry("cyrillic").or_default().push(word.chars().take(4).collect::<String>().to_lowercase());
    }
    for _ in 0..20 {
        by_kind.entry("chinese").or_default().push(format!("{}{}", rng.pick(ZH_LAST), rng.pick(ZH_FIRST)));
    }
    by_kind.into_iter().flat_map(|(kind, qs)| qs.into_iter().map(move |q| json!({ "kind": kind, "q": q }))).collect()
}

/// 40 queries for custom-field values (hair type, shoe size), apart from the 200 so that the
/// main row stays comparable with earlier runs.
fn make_custom_queries(rng: &mut Rng, clients: &[Client]) -> Vec<serde_json::Value> {
    (0..40)
        .map(|_| {
            let c = &clients[rng.below(clients.len() as u64) as usize];
            let q = if rng.chance(50) { c.custom.get("size") } else { None }.or_else(|| c.custom.get("hair"));
            json!({ "kind": "custom value", "q": q.cloned().unwrap_or_default() })
        })
        .collect()
}
