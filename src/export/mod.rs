//! The unencrypted exports, every file that leaves the vault readable: clients and visits as
//! CSV (UTF-8 with a byte-order mark, so Excel reads Cyrillic and Chinese correctly), contacts
//! as vCard 4.0 (RFC 6350) and one client's data as readable JSON for a data-access request,
//! here; appointments as iCalendar in `ics`. The UI warns before writing any.

pub mod ics;

use serde_json::json;

use crate::model::{format_minor, Client, ClientStats, Settings, Status};

pub(crate) const BOM: &str = "\u{feff}";

/// One CSV field, quoted when it holds a separator, a quote or a line break (RFC 4180).
fn csv_field(text: &str) -> String {
    if text.contains([',', '"', '\n', '\r']) {
        format!("\"{}\"", text.replace('"', "\"\""))
    } else {
        text.to_owned()
    }
}

/// One CSV record: its fields escaped by `csv_field`, ended by CRLF.
pub(crate) fn csv_line(fields: &[String]) -> String {
    let mut line = fields.iter().map(|f| csv_field(f)).collect::<Vec<_>>().join(",");
    line.push_str("\r\n");
    line
}

/// Every client (Trash included, marked), one row each.
pub fn clients_csv<'a>(
    clients: impl IntoIterator<Item = (&'a Client, &'a ClientStats)>,
    settings: &Settings,
) -> String {
    let mut header: Vec<String> = [
        "id",
        "name",
        "legal_name",
        "alias",
        "phones",
        "emails",
        "messengers",
        "street",
        "city",
        "postcode",
        "region",
        "country",
        "birthday",
        "gender",
        "language",
        "source",
        "status",
        "blocked_reason",
        "tags",
        "alert",
        "preferences",
        "boundaries",
        "notes",
        "data_consent",
        "marketing_consent",
        "visits",
        "no_shows",
        "total_paid",
        "last_visit",
        "created",
        "updated",
        "in_trash",
    ]
    .iter()
    .map(|s| s.to_string())
    .collect();
    header.extend(settings.custom_fields.iter().map(|f| f.label.clone()));
    let mut out = String::from(BOM);
    out.push_str(&csv_line(&header));
    for (c, stats) in clients {
        let m = &c.consent.marketing;
        let marketing: Vec<&str> = [(m.sms, "sms"), (m.email, "email"), (m.messenger, "messenger"), (m.phone, "phone")]
            .iter()
            .filter(|(on, _)| *on)
            .map(|(_, name)| *name)
            .collect();
        let mut row = vec![
            c.id.clone(),
            c.name.clone(),
            c.legal_name.clone(),
            c.alias.clone(),
            c.phones
                .iter()
                .map(|p| if p.label.is_empty() { p.number.clone() } else { format!("{}: {}", p.label, p.number) })
                .collect::<Vec<_>>()
                .join("; "),
            c.emails.join("; "),
            c.messengers.iter().map(|m| format!("{}: {}", m.kind.label(), m.handle)).collect::<Vec<_>>().join("; "),
            c.address.street.clone(),
            c.address.city.clone(),
            c.address.postcode.clone(),
            c.address.region.clone(),
            c.address.country.clone(),
            c.birthday
                .map(|b| match b.year {
                    Some(y) => format!("{y:04}-{:02}-{:02}", b.month, b.day),
                    None => format!("--{:02}-{:02}", b.month, b.day),
                })
                .unwrap_or_default(),
            c.gender.clone(),
            c.language.clone(),
            c.source.kind.label().to_owned(),
            c.status.kind().label().to_owned(),
            match &c.status {
                Status::Blocked { reason, since } => format!("{since}: {reason}"),
                _ => String::new(),
            },
            c.tags.join("; "),
            c.alert.clone(),
            c.preferences.clone(),
            c.boundaries.clone(),
            c.notes.clone(),
            c.consent.data.as_ref().map(|d| format!("{} ({})", d.date, d.method)).unwrap_or_default(),
            marketing.join("; "),
            stats.completed.to_string(),
            stats.no_shows.to_string(),
            stats
                .paid
                .iter()
                .map(|(cur, minor)| format!("{} {cur}", format_minor(*minor, cur)))
                .collect::<Vec<_>>()
                .join("; "),
            stats.last_visit.map(|t| t.to_rfc3339()).unwrap_or_default(),
            c.created.to_rfc3339(),
            c.updated.to_rfc3339(),
            if c.trashed.is_some() { "yes".into() } else { String::new() },
        ];
        row.extend(settings.custom_fields.iter().map(|f| c.custom.get(&f.id).cloned().unwrap_or_default()));
        out.push_str(&csv_line(&row));
    }
    out
}

/// Every visit of every client, one row each, amounts as decimals in their currency.
pub fn visits_csv<'a>(clients: impl IntoIterator<Item = &'a Client>) -> String {
    let header = [
        "client_id",
        "client_name",
        "visit_id",
        "start",
        "duration_min",
        "service",
        "price",
        "paid",
        "currency",
        "payment",
        "outcome",
        "satisfaction",
        "location",
        "feedback",
        "private_note",
    ];
    let mut out = String::from(BOM);
    out.push_str(&csv_line(&header.map(String::from)));
    for c in clients {
        for v in &c.visits {
            out.push_str(&csv_line(&[
                c.id.clone(),
                c.name.clone(),
                v.id.clone(),
                v.start.to_rfc3339(),
                v.duration_min.to_string(),
                v.service.clone(),
                format_minor(v.price, &v.currency),
                format_minor(v.paid, &v.currency),
                v.currency.clone(),
                v.payment.label().to_owned(),
                v.outcome.label().to_owned(),
                v.satisfaction.map(|s| s.to_string()).unwrap_or_default(),
                v.location.clone(),
                v.feedback.clone(),
                v.private_note.clone(),
            ]));
        }
    }
    out
}

/// Escapes a vCard text value (RFC 6350 section 3.4).
fn vcard_text(text: &str) -> String {
    text.replace('\\', "\\\\").replace(',', "\\,").replace(';', "\\;").replace("\r\n", "\\n").replace('\n', "\\n")
}

/// Folds a content line at 75 octets without splitting a UTF-8 character, and ends it with
/// CRLF: the same rule in vCard (RFC 6350 section 3.2) and iCalendar (RFC 5545 section 3.1).
fn fold_line(line: &str, out: &mut String) {
    let mut width = 0;
    for c in line.chars() {
        if width + c.len_utf8() > 75 {
            out.push_str("\r\n ");
            width = 1;
        }
        out.push(c);
        width += c.len_utf8();
    }
    out.push_str("\r\n");
}

/// Contacts as vCard 4.0: names, phones, emails, address, birthday and notes.
pub fn vcards<'a>(clients: impl IntoIterator<Item = &'a Client>) -> String {
    let mut out = String::new();
    for c in clients {
        let mut lines = vec!["BEGIN:VCARD".to_owned(), "VERSION:4.0".to_owned(), format!("FN:{}", vcard_text(&c.name))];
        if !c.legal_name.is_empty() {
            lines.push(format!("N:{};;;;", vcard_text(&c.legal_name)));
        }
        if !c.alias.is_empty() {
            lines.push(format!("NICKNAME:{}", vcard_text(&c.alias)));
        }
        for p in &c.phones {
            let kind =
                if p.label.is_empty() { String::new() } else { format!(";TYPE=\"{}\"", p.label.replace('"', "'")) };
            lines.push(format!("TEL{kind}:{}", vcard_text(&p.number)));
        }
        for e in &c.emails {
            lines.push(format!("EMAIL:{}", vcard_text(e)));
        }
        if !c.address.is_empty() {
            let a = &c.address;
            lines.push(format!(
                "ADR:;;{};{};{};{};{}",
                vcard_text(&a.street),
                vcard_text(&a.city),
                vcard_text(&a.region),
                vcard_text(&a.postcode),
                vcard_text(&a.country)
            ));
        }
        if let Some(b) = c.birthday {
            lines.push(match b.year {
                Some(y) => format!("BDAY:{y:04}{:02}{:02}", b.month, b.day),
                None => format!("BDAY:--{:02}{:02}", b.month, b.day),
            });
        }
        let note = [&c.alert, &c.preferences, &c.boundaries, &c.notes]
            .iter()
            .filter(|s| !s.is_empty())
            .map(|s| s.as_str())
            .collect::<Vec<_>>()
            .join("\n");
        if !note.is_empty() {
            lines.push(format!("NOTE:{}", vcard_text(&note)));
        }
        lines.push(format!("UID:urn:clientele:{}", c.id));
        lines.push("END:VCARD".to_owned());
        for line in lines {
            fold_line(&line, &mut out);
        }
    }
    out
}

/// Everything about one client, readable, for a data-access request: custom fields by their
/// labels, the referrer by name.
pub fn client_data_json(client: &Client, settings: &Settings, referrer_name: Option<&str>) -> String {
    let mut record = serde_json::to_value(client).unwrap_or_default();
    let custom: serde_json::Map<String, serde_json::Value> = settings
        .custom_fields
        .iter()
        .filter_map(|f| client.custom.get(&f.id).map(|v| (f.label.clone(), json!(v))))
        .collect();
    if let Some(object) = record.as_object_mut() {
        object.insert("custom".into(), json!(custom));
        if let Some(name) = referrer_name {
            object.insert("referred_by_name".into(), json!(name));
        }
    }
    let export = json!({
        "exported_by": "Clientele",
        "exported_at": chrono::Utc::now().to_rfc3339(),
        "client": record,
    });
    serde_json::to_string_pretty(&export).unwrap_or_default()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{Address, Birthday, Outcome, Phone, Visit};
    use chrono::DateTime;

    fn sample() -> Client {
        let mut c = Client::new("id1".into(), DateTime::from_timestamp(1_790_000_000, 0).unwrap());
        c.name = "Олена, \"Лена\"".into();
        c.legal_name = "Kovalenko".into();
        c.phones = vec![Phone { label: "mobile".into(), number: "+380 67 123 45 67".into() }];
        c.emails = vec!["olena@example.ua".into()];
        c.address = Address { street: "Main St; 5".into(), city: "Київ".into(), ..Address::default() };
        c.birthday = Some(Birthday { month: 3, day: 8, year: None });
        c.notes =
            "Line one\nLine two, with 王芳 and a long tail that goes on and on until it needs folding for sure".into();
        c.visits = vec![Visit {
            id: "v1".into(),
            start: DateTime::from_timestamp(1_790_000_000, 0).unwrap(),
            duration_min: 60,
            price: 45050,
            paid: 45050,
            currency: "UAH".into(),
            outcome: Outcome::Completed,
            feedback: "great, thanks".into(),
            ..Visit::default()
        }];
        c
    }

    #[test]
    fn csv_starts_with_a_bom_and_quotes_what_needs_it() {
        let c = sample();
        let stats = ClientStats::of(&c, DateTime::from_timestamp(1_800_000_000, 0).unwrap());
        let csv = clients_csv([(&c, &stats)], &Settings::default());
        assert!(csv.starts_with('\u{feff}'));
        let rows: Vec<&str> = csv.trim_start_matches('\u{feff}').split("\r\n").collect();
        assert!(rows[0].starts_with("id,name,legal_name"));
        assert!(
            rows[1].starts_with("id1,\"Олена, \"\"Лена\"\"\",Kovalenko,,mobile: +380 67 123 45 67,olena@example.ua")
        );
        assert!(csv.contains("450.50 UAH"));
        let visits = visits_csv([&c]);
        assert!(visits.contains(",450.50,450.50,UAH,Unpaid,Completed,,,\"great, thanks\","));
    }

    #[test]
    fn vcards_escape_fold_and_carry_the_fields() {
        let card = vcards([&sample()]);
        assert!(card.starts_with("BEGIN:VCARD\r\nVERSION:4.0\r\nFN:Олена\\, \"Лена\"\r\n"));
        assert!(card.contains("TEL;TYPE=\"mobile\":+380 67 123 45 67\r\n"));
        assert!(card.contains("ADR:;;Main St\\; 5;Київ;;;\r\n"));
        assert!(card.contains("BDAY:--0308\r\n"));
        assert!(card.ends_with("END:VCARD\r\n"));
        for line in card.split("\r\n") {
            assert!(line.len() <= 75, "{line}");
        }
        let unfolded = card.replace("\r\n ", "");
        assert!(unfolded.contains("NOTE:Line one\\nLine two\\, with 王芳 and a long tail"));
    }

    #[test]
    fn client_data_export_names_custom_fields() {
        let mut c = sample();
        c.custom.insert("f1".into(), "curly".into());
        let settings = Settings {
            custom_fields: vec![crate::model::CustomFieldDef {
                id: "f1".into(),
                label: "Hair type".into(),
                kind: crate::model::CustomFieldKind::Text,
            }],
            ..Settings::default()
        };
        let json = client_data_json(&c, &settings, Some("Rita"));
        let value: serde_json::Value = serde_json::from_str(&json).unwrap();
        assert_eq!(value["client"]["custom"]["Hair type"], "curly");
        assert_eq!(value["client"]["referred_by_name"], "Rita");
        assert_eq!(value["client"]["visits"][0]["paid"], 45050);
    }
}
