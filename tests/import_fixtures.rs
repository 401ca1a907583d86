//! Every file in tests/fixtures/import/ read through the import, with the exact records it
//! must give (tests/fixtures/import/README.md says where each format comes from). `fail_*`
//! files must fail with their typed error; no prefix of any fixture may make the import panic.

use std::path::PathBuf;

use clientele::import::{
    self, csv, vcard, ColumnMapping, CsvError, DecodedText, Delimiter, Detection, Encoding, FileKind, ImportBatch,
    ImportError, ImportedContact, Place, ProblemReason, TextError, VcardError,
};
use clientele::model::{Address, MessengerKind};

mod support {
    pub use clientele::import::{DecodeError, TextDecoding};

    #[path = "encoding_rs_decoder.rs"]
    mod decoder;
    pub use decoder::EncodingRs;
}

use support::EncodingRs;

fn fixture(name: &str) -> Vec<u8> {
    let path: PathBuf = [env!("CARGO_MANIFEST_DIR"), "tests", "fixtures", "import", name].iter().collect();
    std::fs::read(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()))
}

/// What the UI does with a picked file: decode, tell vCard from CSV, and read it (CSV with the
/// automatic mapping and no custom fields).
fn import(bytes: &[u8]) -> Result<(DecodedText, Option<Delimiter>, ImportBatch), ImportError> {
    let text = import::decode_file(bytes, &EncodingRs)?;
    match import::sniff(&text.text) {
        FileKind::Vcard => {
            let batch = vcard::parse_vcards(&text.text, text.encoding, &EncodingRs)?;
            Ok((text, None, batch))
        }
        FileKind::Csv => {
            let table = csv::read_table(&text.text)?;
            let batch = ColumnMapping::auto(&table, &[]).apply(&table, &[]);
            Ok((text, Some(table.delimiter), batch))
        }
    }
}

/// A contact with borrowed text, so that expected records are short to write.
#[derive(Debug, Default, PartialEq)]
struct Record<'a> {
    uid: &'a str,
    name: &'a str,
    legal_name: &'a str,
    alias: &'a str,
    phones: Vec<(&'a str, &'a str)>,
    emails: Vec<&'a str>,
    messengers: Vec<(MessengerKind, &'a str)>,
    /// street, city, region, postcode, country
    address: [&'a str; 5],
    other_addresses: Vec<[&'a str; 5]>,
    /// month, day, year
    birthday: Option<(u32, u32, Option<i32>)>,
    gender: &'a str,
    language: &'a str,
    source: &'a str,
    tags: Vec<&'a str>,
    organization: &'a str,
    job_title: &'a str,
    notes: &'a str,
}

fn address_parts(a: &Address) -> [&str; 5] {
    [&a.street, &a.city, &a.region, &a.postcode, &a.country]
}

fn record(c: &ImportedContact) -> Record<'_> {
    assert!(c.custom.is_empty() && c.preferences.is_empty() && c.boundaries.is_empty() && c.alert.is_empty());
    Record {
        uid: &c.uid,
        name: &c.name,
        legal_name: &c.legal_name,
        alias: &c.alias,
        phones: c.phones.iter().map(|p| (p.label.as_str(), p.number.as_str())).collect(),
        emails: c.emails.iter().map(String::as_str).collect(),
        messengers: c.messengers.iter().map(|m| (m.kind, m.handle.as_str())).collect(),
        address: address_parts(&c.address),
        other_addresses: c.other_addresses.iter().map(address_parts).collect(),
        birthday: c.birthday.map(|b| (b.month, b.day, b.year)),
        gender: &c.gender,
        language: &c.language,
        source: &c.source,
        tags: c.tags.iter().map(String::as_str).collect(),
        organization: &c.organization,
        job_title: &c.job_title,
        notes: &c.notes,
    }
}

fn records(batch: &ImportBatch) -> Vec<Record<'_>> {
    batch.contacts.iter().map(|r| record(&r.contact)).collect()
}

fn places(batch: &ImportBatch) -> Vec<Place> {
    batch.contacts.iter().map(|r| r.place).collect()
}

fn row(row: usize, line: usize) -> Place {
    Place::Row { row, line }
}

fn card(number: usize, line: usize) -> Place {
    Place::Card { number, line }
}

fn problems(batch: &ImportBatch) -> Vec<(Place, ProblemReason)> {
    batch.problems.iter().map(|p| (p.place, p.reason.clone())).collect()
}

fn read_ok(name: &str) -> (DecodedText, Option<Delimiter>, ImportBatch) {
    import(&fixture(name)).unwrap_or_else(|e| panic!("{name}: {e}"))
}

#[test]
fn google_csv() {
    let (text, delimiter, batch) = read_ok("google.csv");
    assert_eq!(
        (text.encoding, text.detection, delimiter),
        (Encoding::Utf8, Detection::ValidUtf8, Some(Delimiter::Comma))
    );
    assert_eq!(places(&batch), [row(2, 2), row(3, 6), row(4, 8)]);
    assert_eq!(
        records(&batch),
        [
            Record {
                name: "Ann Lee",
                alias: "Annie",
                phones: vec![("Mobile", "+1 555-0100"), ("Mobile", "+1 555-0101"), ("Work", "+1 555-0199")],
                emails: vec!["ann@example.com", "ann.lee@acme.example"],
                address: ["1 Main St", "Springfield", "IL", "62701", "United States"],
                birthday: Some((4, 12, Some(1985))),
                tags: vec!["starred", "Clients"],
                organization: "Acme",
                job_title: "Buyer",
                notes: "Prefers mornings.\nAllergic to latex.",
                ..Record::default()
            },
            Record {
                name: "Олена Коваленко",
                phones: vec![("Mobile", "+380 67 123 45 67")],
                emails: vec!["olena@example.ua"],
                address: ["вул. Хрещатик, 1, Київ", "", "", "", ""],
                birthday: Some((3, 8, None)),
                ..Record::default()
            },
            Record {
                name: "王芳",
                phones: vec![("", "+86 138 0013 8000")],
                tags: vec!["VIP", "朋友"],
                ..Record::default()
            },
        ]
    );
    assert_eq!(problems(&batch), []);
}

#[test]
fn google_legacy_csv() {
    let (_, _, batch) = read_ok("google_legacy.csv");
    assert_eq!(places(&batch), [row(2, 2), row(3, 3)]);
    assert_eq!(
        records(&batch),
        [
            Record {
                name: "Boris Novak",
                phones: vec![("Mobile", "+420 601 000 001"), ("Home", "+420 2 0000 0002")],
                emails: vec!["boris@example.cz"],
                birthday: Some((11, 30, Some(1979))),
                gender: "male",
                language: "cs",
                tags: vec!["Gym"],
                organization: "Novak s.r.o.",
                ..Record::default()
            },
            Record {
                name: "Cid Moreau",
                phones: vec![("", "06 00 00 00 03")],
                address: ["3 rue de la Paix", "Paris", "", "75002", "France"],
                ..Record::default()
            },
        ]
    );
    assert_eq!(problems(&batch), []);
}

#[test]
fn outlook_csv() {
    let (_, delimiter, batch) = read_ok("outlook.csv");
    assert_eq!(delimiter, Some(Delimiter::Comma));
    assert_eq!(places(&batch), [row(2, 2), row(3, 4)]);
    assert_eq!(
        records(&batch),
        [
            Record {
                name: "Dr. John Q. Smith Jr.",
                phones: vec![("work", "(541) 555-0110"), ("home", "(541) 555-0112"), ("mobile", "(541) 555-0111")],
                emails: vec!["john.smith@example.com"],
                address: ["742 Evergreen Terrace", "Springfield", "OR", "97403", "United States of America"],
                birthday: Some((7, 4, Some(1970))),
                source: "Dr. Who",
                tags: vec!["Clients", "VIP"],
                organization: "Springfield General",
                job_title: "Surgeon",
                notes: "Referred by Dr. Who.\nCall after 5 pm.",
                ..Record::default()
            },
            Record {
                name: "Mary Jones",
                phones: vec![("mobile", "+44 7700 900123")],
                emails: vec!["mary@example.co.uk"],
                address: ["12 High St", "Oxford", "", "OX1 4AA", "United Kingdom"],
                other_addresses: vec![["1 Beach Rd", "Brighton", "", "", ""]],
                birthday: Some((12, 25, Some(1990))),
                gender: "Female",
                ..Record::default()
            },
        ]
    );
    assert_eq!(problems(&batch), []);
}

#[test]
fn russian_excel_in_windows_1251_with_semicolons() {
    let (text, delimiter, batch) = read_ok("russian_excel_1251.csv");
    assert_eq!(
        (text.encoding, text.detection, delimiter),
        (Encoding::Windows1251, Detection::Scored, Some(Delimiter::Semicolon))
    );
    assert_eq!(text.alternatives[0], Encoding::Gb18030);
    assert_eq!(places(&batch), [row(2, 2), row(3, 3), row(4, 4)]);
    assert_eq!(
        records(&batch),
        [
            Record {
                name: "Иван Сергеевич Петров",
                phones: vec![("", "+7 916 123-45-67")],
                emails: vec!["ivan@example.ru"],
                address: ["Москва, ул. Ленина, 5", "", "", "", ""],
                birthday: Some((4, 12, Some(1985))),
                notes: "Постоянный клиент",
                ..Record::default()
            },
            Record {
                name: "Анна Юрьевна Смирнова",
                phones: vec![("", "8 (495) 765-43-21")],
                birthday: Some((3, 8, None)),
                notes: "Любит чай; без сахара",
                ..Record::default()
            },
            Record { name: "Пётр Ёлкин", ..Record::default() },
        ]
    );
    assert_eq!(
        problems(&batch),
        [(
            row(4, 4),
            ProblemReason::BadDate {
                column: "День рождения".into(), form: import::DateForm::DayMonthYearDots
            }
        )]
    );
}

#[test]
fn ukrainian_excel_in_windows_1251() {
    let (text, delimiter, batch) = read_ok("ukrainian_excel_1251.csv");
    assert_eq!((text.encoding, delimiter), (Encoding::Windows1251, Some(Delimiter::Semicolon)));
    assert_eq!(
        records(&batch),
        [
            Record {
                name: "Ґанна Іванівна Євтушенко",
                phones: vec![("мобільний", "+380 50 000 00 01")],
                emails: vec!["ganna@example.ua"],
                birthday: Some((9, 1, Some(1992))),
                notes: "Їй подобається ранковий час",
                ..Record::default()
            },
            Record {
                name: "Олег Коваленко", phones: vec![("мобільний", "+380 67 000 00 02")], ..Record::default()
            },
        ]
    );
    assert_eq!(problems(&batch), []);
}

#[test]
fn chinese_excel_in_gbk() {
    let (text, delimiter, batch) = read_ok("chinese_excel_gbk.csv");
    assert_eq!(
        (text.encoding, text.detection, delimiter),
        (Encoding::Gb18030, Detection::Scored, Some(Delimiter::Comma))
    );
    assert_eq!(text.alternatives[0], Encoding::Windows1251);
    assert_eq!(
        records(&batch),
        [
            Record {
                name: "王芳",
                phones: vec![("手机", "13800138000")],
                emails: vec!["wang@example.cn"],
                address: ["北京市朝阳区建国路1号", "", "", "", ""],
                birthday: Some((3, 8, Some(1990))),
                notes: "老客户，喜欢周末预约。",
                ..Record::default()
            },
            Record {
                name: "李娜",
                phones: vec![("手机", "13912345678")],
                birthday: Some((12, 1, Some(1988))),
                notes: "朋友介绍",
                ..Record::default()
            },
            Record { name: "张伟", emails: vec!["zhang@example.cn"], ..Record::default() },
        ]
    );
    assert_eq!(problems(&batch), []);
}

#[test]
fn excel_unicode_text_is_utf16_with_tabs() {
    let (text, delimiter, batch) = read_ok("excel_unicode_text_utf16le.txt");
    assert_eq!(
        (text.encoding, text.detection, delimiter),
        (Encoding::Utf16Le, Detection::ByteOrderMark, Some(Delimiter::Tab))
    );
    assert!(!text.text.starts_with('\u{feff}'));
    assert_eq!(
        records(&batch),
        [
            Record {
                name: "Анна Петрова",
                phones: vec![("mobile", "+7 916 000-00-01")],
                emails: vec!["anna@example.ru"],
                notes: "Tab-separated, with a comma",
                ..Record::default()
            },
            Record { name: "王芳", phones: vec![("mobile", "13800138000")], ..Record::default() },
            Record {
                name: "Zoë Brontë",
                phones: vec![("mobile", "+44 20 7946 0000")],
                emails: vec!["zoe@example.co.uk"],
                notes: "Says \"hi\"",
                ..Record::default()
            },
        ]
    );
}

#[test]
fn utf8_with_a_byte_order_mark() {
    let (text, _, batch) = read_ok("utf8_bom.csv");
    assert_eq!((text.encoding, text.detection), (Encoding::Utf8, Detection::ByteOrderMark));
    assert_eq!(
        records(&batch),
        [
            Record {
                name: "Zoë Smith",
                phones: vec![("", "+44 20 7946 0001")],
                emails: vec!["zoe@example.co.uk"],
                ..Record::default()
            },
            Record { name: "Иван", phones: vec![("", "+7 900 000-00-00")], ..Record::default() },
        ]
    );
}

#[test]
fn mixed_line_endings() {
    let (_, _, batch) = read_ok("mixed_line_endings.csv");
    let names: Vec<_> = records(&batch).iter().map(|r| (r.name, r.phones.clone())).collect();
    assert_eq!(
        names,
        [("Ann", vec![("", "1")]), ("Bob", vec![("", "2")]), ("Cid", vec![("", "3")]), ("Dee", vec![("", "4")])]
    );
    assert_eq!(places(&batch), [row(2, 2), row(3, 3), row(4, 4), row(6, 6)]);
    assert_eq!(problems(&batch), []);
}

#[test]
fn empty_rows_are_skipped_but_counted() {
    let (_, delimiter, batch) = read_ok("empty_rows.csv");
    assert_eq!(delimiter, Some(Delimiter::Semicolon));
    assert_eq!(
        records(&batch),
        [
            Record { name: "Ann", phones: vec![("", "1")], tags: vec!["a"], ..Record::default() },
            Record { name: "Bob", phones: vec![("", "2")], tags: vec!["b"], ..Record::default() },
        ]
    );
    assert_eq!(places(&batch), [row(5, 5), row(9, 9)]);
    assert_eq!(problems(&batch), []);
}

#[test]
fn quoted_fields_with_line_breaks() {
    let (_, _, batch) = read_ok("quoted_newlines.csv");
    assert_eq!(
        records(&batch),
        [
            Record {
                name: "Ann",
                phones: vec![("", "1")],
                address: ["1 Main St, Springfield", "", "", "", ""],
                notes: "Line one\nLine two, with a comma\nand \"quotes\"",
                ..Record::default()
            },
            Record { name: "Bob", phones: vec![("", "2")], ..Record::default() },
        ]
    );
    assert_eq!(places(&batch), [row(2, 2), row(3, 6)]);
}

#[test]
fn ragged_rows_are_kept_and_reported() {
    let (_, delimiter, batch) = read_ok("ragged_rows.csv");
    assert_eq!(delimiter, Some(Delimiter::Comma));
    assert_eq!(
        records(&batch),
        [
            Record { name: "Ann", phones: vec![("", "1")], ..Record::default() },
            Record { name: "Bob", phones: vec![("", "2")], emails: vec!["bob@example.com"], ..Record::default() },
            Record { name: "Cid", phones: vec![("", "3")], emails: vec!["cid@example.com"], ..Record::default() },
        ]
    );
    assert_eq!(
        problems(&batch),
        [
            (row(2, 2), ProblemReason::TooFewFields { expected: 3, found: 2 }),
            (row(3, 3), ProblemReason::TooManyFields { expected: 3, found: 5 }),
            (row(5, 5), ProblemReason::TooFewFields { expected: 3, found: 2 }),
            (row(5, 5), ProblemReason::MissingName),
        ]
    );
}

#[test]
fn android_vcard_2_1_with_quoted_printable() {
    let (text, _, batch) = read_ok("android_2_1.vcf");
    assert_eq!(text.encoding, Encoding::Utf8);
    assert_eq!(places(&batch), [card(1, 1), card(2, 20), card(3, 32)]);
    assert_eq!(
        records(&batch),
        [
            Record {
                name: "Иван Петров",
                legal_name: "Иван Сергеевич Петров",
                phones: vec![("mobile", "+7 916 123-45-67"), ("home", "8 (495) 765-43-21")],
                emails: vec!["ivan@example.ru"],
                birthday: Some((4, 12, Some(1985))),
                notes: "Постоянный клиент. Предпочитает утренние часы, кофе без сахара.\nАллергия на латекс.",
                ..Record::default()
            },
            Record {
                name: "Ann Lee",
                phones: vec![("mobile", "+1 555 0100"), ("work fax", "+1 555 0109")],
                emails: vec!["ann@example.com"],
                organization: "Acme",
                ..Record::default()
            },
            Record {
                name: "Ольга Смирнова",
                phones: vec![("mobile", "+7 900 000-00-03")],
                birthday: Some((3, 8, None)),
                ..Record::default()
            },
        ]
    );
    assert_eq!((batch.photos_skipped, problems(&batch)), (1, vec![]));
}

#[test]
fn iphone_vcard_3_0_with_item_groups_and_a_photo() {
    let (_, _, batch) = read_ok("iphone_3_0.vcf");
    assert_eq!(places(&batch), [card(1, 1), card(2, 27), card(3, 41)]);
    assert_eq!(
        records(&batch),
        [
            Record {
                name: "Ann Lee",
                alias: "Annie",
                phones: vec![
                    ("mobile", "+1 (555) 010-0100"),
                    ("home", "+1 (555) 010-0101"),
                    ("Gym", "+1 (555) 010-0102")
                ],
                emails: vec!["ann@example.com"],
                address: ["1 Main St", "Springfield", "IL", "62701", "United States"],
                birthday: Some((4, 12, None)),
                tags: vec!["Clients", "VIP"],
                organization: "Acme",
                job_title: "Buyer",
                notes: "Prefers mornings.\nAllergic to latex; bring gloves.",
                ..Record::default()
            },
            Record {
                uid: "8E3F5C2A-1B7D-4C69-9F0E-2A4B6C8D0E1F",
                name: "Иван Петров",
                legal_name: "Иван Сергеевич Петров",
                phones: vec![("mobile", "+7 916 123-45-67"), ("Дача", "+7 495 000-00-00")],
                emails: vec!["ivan@example.ru"],
                birthday: Some((4, 12, Some(1985))),
                notes: "Постоянный клиент, предпочитает утренние часы и кофе без сахара; просит напоминать за день.",
                ..Record::default()
            },
            Record {
                name: "王芳",
                phones: vec![("mobile", "+86 138 0013 8000")],
                tags: vec!["朋友"],
                ..Record::default()
            },
        ]
    );
    assert_eq!((batch.photos_skipped, problems(&batch)), (1, vec![]));
}

#[test]
fn vcard_4_0_with_uris_and_a_fold_inside_a_character() {
    let bytes = fixture("vcard_4_0.vcf");
    assert!(std::str::from_utf8(&bytes).is_err(), "the fixture splits a character");
    let (text, _, batch) = read_ok("vcard_4_0.vcf");
    assert_eq!((text.encoding, text.lossless), (Encoding::Utf8, true));
    assert_eq!(places(&batch), [card(1, 1), card(2, 21)]);
    assert_eq!(
        records(&batch),
        [
            Record {
                uid: "urn:uuid:4fbe8971-0bc3-424c-9c26-36c3e1eff6b1",
                name: "Олена Коваленко",
                legal_name: "Олена Іванівна Коваленко",
                alias: "Лена",
                phones: vec![("mobile", "+380-67-123-4567"), ("work", "+380-44-000-0000")],
                emails: vec!["olena@example.ua"],
                address: ["вул. Хрещатик, 1", "Київ", "", "01001", "Україна"],
                birthday: Some((3, 8, None)),
                tags: vec!["клієнти", "VIP"],
                organization: "ТОВ «Приклад»",
                notes: "Любить каву, не чай. Приходить по четвергах після обіду.",
                ..Record::default()
            },
            Record {
                name: "王芳",
                phones: vec![("mobile", "+86-138-0013-8000")],
                birthday: Some((3, 8, Some(1990))),
                ..Record::default()
            },
        ]
    );
    assert_eq!(problems(&batch), []);
}

#[test]
fn a_truncated_vcard_gives_its_whole_cards_and_a_problem() {
    let (_, _, batch) = read_ok("truncated.vcf");
    assert_eq!(
        records(&batch),
        [
            Record { name: "Ann Lee", phones: vec![("mobile", "+1 555 0100")], ..Record::default() },
            Record { name: "Bob Stone", emails: vec!["bob@example.com"], ..Record::default() },
        ]
    );
    assert_eq!(problems(&batch), [(card(3, 11), ProblemReason::Truncated)]);
    assert!(batch.problems[0].to_string().starts_with("Contact 3 (line 11): is cut off"));
}

const GIVEN: [&str; 10] = ["Anna", "Boris", "Chen", "Daria", "Emil", "Fang", "Gleb", "Hanna", "Ivan", "Julia"];
const FAMILY: [&str; 10] = ["Petrova", "Smith", "Wang", "Kovalenko", "Lee", "Ivanov", "Garcia", "Li", "Novak", "Brown"];

#[test]
fn five_thousand_rows_follow_their_rule() {
    let (_, _, batch) = read_ok("large_5000.csv");
    assert_eq!((batch.contacts.len(), batch.problems.len()), (5000, 0));
    for (i, imported) in (1..=5000usize).zip(&batch.contacts) {
        let (given, family) = (GIVEN[i % 10], FAMILY[(i / 10) % 10]);
        let name = format!("{given} {family}");
        let phone = format!("+1 555 {i:04}");
        let email = format!("{}.{}.{i}@example.com", given.to_lowercase(), family.to_lowercase());
        let year = i32::try_from(1950 + i % 50).unwrap();
        let month = u32::try_from(i % 12 + 1).unwrap();
        let day = u32::try_from(i % 28 + 1).unwrap();
        let expected = Record {
            name: &name,
            phones: vec![("", &phone)],
            emails: vec![&email],
            birthday: (i % 3 == 0).then_some((month, day, Some(year))),
            tags: if i % 7 == 0 { vec!["vip"] } else { vec![] },
            notes: if i % 11 == 0 { "Line one\nLine two" } else { "" },
            ..Record::default()
        };
        assert_eq!(record(&imported.contact), expected, "row {i}");
        assert_eq!(imported.place, row(i + 1, i + 1 + (i - 1) / 11), "row {i}");
    }
}

#[test]
fn fail_files_fail_with_their_typed_error() {
    let expect = |name: &str| -> ImportError {
        let bytes = fixture(name);
        if name.ends_with(".vcf") {
            let text = import::decode_file(&bytes, &EncodingRs).unwrap();
            return vcard::parse_vcards(&text.text, text.encoding, &EncodingRs).unwrap_err().into();
        }
        import(&bytes).err().unwrap_or_else(|| panic!("{name} must fail"))
    };
    assert_eq!(expect("fail_empty.csv"), ImportError::Text(TextError::Empty));
    assert_eq!(expect("fail_header_only.csv"), ImportError::Csv(CsvError::HeaderOnly));
    assert!(matches!(expect("fail_random_bytes.csv"), ImportError::Text(TextError::NotText { .. })));
    assert_eq!(expect("fail_no_cards.vcf"), ImportError::Vcard(VcardError::NoCards));
    let listed: Vec<String> = fixture_names().into_iter().filter(|n| n.starts_with("fail_")).collect();
    assert_eq!(listed, ["fail_empty.csv", "fail_header_only.csv", "fail_no_cards.vcf", "fail_random_bytes.csv"]);
}

fn fixture_names() -> Vec<String> {
    let dir: PathBuf = [env!("CARGO_MANIFEST_DIR"), "tests", "fixtures", "import"].iter().collect();
    let mut names: Vec<String> = std::fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .filter(|n| !n.ends_with(".py") && !n.ends_with(".md"))
        .collect();
    names.sort();
    names
}

#[test]
fn every_fixture_is_checked_here() {
    let source = include_str!("import_fixtures.rs");
    for name in fixture_names() {
        assert!(source.contains(&format!("\"{name}\"")), "{name} has no test");
    }
}

/// Reads `bytes` in each encoding, as CSV and as vCard.
fn read_every_way(bytes: &[u8]) {
    for encoding in Encoding::ALL {
        if let Ok(text) = import::decode_file_as(bytes, encoding, &EncodingRs) {
            if let Ok(table) = csv::read_table(&text.text) {
                let mut mapping = ColumnMapping::auto(&table, &[]);
                let _ = mapping.apply(&table, &[]);
                if !mapping.columns.is_empty() {
                    mapping.set_target(0, import::FieldTarget::Birthday, &table, &[]);
                    let _ = mapping.apply(&table, &[]);
                }
            }
            let _ = vcard::parse_vcards(&text.text, encoding, &EncodingRs);
        }
    }
}

#[test]
fn no_prefix_of_any_fixture_panics() {
    for name in fixture_names() {
        let bytes = fixture(name.as_str());
        // Every cut in the first 300 bytes (where byte-order marks, headers and first cards
        // end), then 60 more spread over the rest of the first 64 KB, and the whole file.
        let head = bytes.len().min(300);
        let body = bytes.len().min(64 * 1024);
        let step = ((body - head) / 60).max(1);
        let cuts = (0..head).chain((head..body).step_by(step)).chain([bytes.len()]);
        for (n, cut) in cuts.enumerate() {
            // As the UI reads it; every fifth cut also in each encoding, as CSV and as vCard.
            let _ = import(&bytes[..cut]);
            if n % 5 == 0 {
                read_every_way(&bytes[..cut]);
            }
        }
    }
}

#[test]
fn nothing_read_shows_up_in_debug_output_or_messages() {
    for name in fixture_names() {
        let Ok((text, _, batch)) = import(&fixture(&name)) else { continue };
        let shown =
            format!("{text:?} {batch:?} {}", batch.problems.iter().map(ToString::to_string).collect::<String>());
        // The first contacts are enough; searching the 5,000-row file for each of its values
        // would take a minute.
        for record in batch.contacts.iter().take(20) {
            let c = &record.contact;
            let values = [&c.name, &c.notes].into_iter().chain(&c.emails).chain(c.phones.iter().map(|p| &p.number));
            // Short values ("1", "Ann") may appear by chance in row numbers or column names.
            for value in values.filter(|v| v.chars().count() >= 5) {
                assert!(!shown.contains(value.as_str()), "{name} shows a value");
            }
        }
    }
}

#[test]
fn importing_a_file_twice_gives_the_same_keys() {
    for name in ["google.csv", "android_2_1.vcf", "iphone_3_0.vcf", "vcard_4_0.vcf", "large_5000.csv"] {
        let keys = |batch: &ImportBatch| batch.contacts.iter().map(|r| r.contact.contact_key()).collect::<Vec<_>>();
        let first = keys(&read_ok(name).2);
        assert_eq!(first, keys(&read_ok(name).2), "{name}");
        let mut unique = first.clone();
        unique.sort();
        unique.dedup();
        assert_eq!(unique.len(), first.len(), "{name}: two contacts share a key");
    }
}

/// Pieces that make the parsers take their rarer paths when put together at random.
const VCARD_PIECES: &[&str] = &[
    "BEGIN:VCARD\r\n",
    "END:VCARD\r\n",
    "VERSION:2.1\r\n",
    "VERSION:4.0\n",
    "FN:Ann\r\n",
    "N;CHARSET=UTF-8;ENCODING=QUOTED-PRINTABLE:=D0=",
    "=\r\n",
    "=9F;=ZZ=",
    " ",
    "\t",
    "\\",
    ";",
    ",",
    ":",
    "\"",
    "TEL;TYPE=\"cell,",
    "item1.",
    "X-ABLabel:_$!<",
    ">!$_",
    "BDAY:--",
    "BDAY;X-APPLE-OMIT-YEAR=1604:",
    "1985-04-12",
    "\u{feff}",
    "Ж",
    "王",
    "\r",
    "\n",
    "PHOTO;ENCODING=b:",
    "ADR:;;;",
    "tel:",
    "CHARSET=x-unknown:",
    "CATEGORIES:",
    "\\n",
    "ORG:",
    "\u{0}",
];

const CSV_PIECES: &[&str] = &[
    ",",
    ";",
    "\t",
    "\"",
    "\"\"",
    "\r\n",
    "\n",
    "\r",
    "Name",
    "Phone 1 - Value",
    "Phone 1 - Type",
    "Birthday",
    "12.04.1985",
    "--03-08",
    "4/31/1990",
    "ФИО",
    " ::: ",
    "* myContacts",
    "sep=;",
    "label: 1",
    "Title",
    "Job Title",
    "Address 2 - Formatted",
    "IM 1 - Service",
    "Telegram: @a",
    "id",
    "\u{feff}",
    "王芳",
    "Ж",
    "\u{0}",
];

fn pieces(from: &'static [&'static str]) -> impl Strategy<Value = String> {
    proptest::collection::vec(proptest::sample::select(from), 0..60).prop_map(|p| p.concat())
}

use proptest::prelude::*;

proptest! {
    #![proptest_config(ProptestConfig::with_cases(200))]

    #[test]
    fn arbitrary_bytes_never_panic(bytes in proptest::collection::vec(any::<u8>(), 0..400)) {
        let _ = import(&bytes);
        read_every_way(&bytes);
    }

    #[test]
    fn vcard_like_text_never_panics(text in pieces(VCARD_PIECES)) {
        let _ = import(text.as_bytes());
        read_every_way(text.as_bytes());
    }

    #[test]
    fn csv_like_text_never_panics(text in pieces(CSV_PIECES)) {
        let _ = import(text.as_bytes());
        read_every_way(text.as_bytes());
    }
}
