//! From CSV columns to contacts: which profile field each column feeds ([`FieldTarget`]), a
//! first guess from the column names ([`ColumnMapping::auto`]), and the rows read through it.
//!
//! Reading a row:
//! - cells are trimmed and their line breaks made `\n`;
//! - phones, emails, tags and messengers may hold several values in one cell, separated by
//!   Google's ` ::: `, by `;` or by a line break (tags and emails also by `,`); a phone written
//!   `label: number` (Clientele's export) keeps its label;
//! - the name is the full-name column if filled, else the parts put together (given, middle,
//!   family with spaces; family then given without a space when either is Chinese or Japanese),
//!   else the nickname, else the organisation; with none, the row is skipped
//!   ([`ProblemReason::MissingName`]);
//! - a date is read in its column's [`DateForm`]; one that does not read is left out and
//!   reported, the rest of the row is kept;
//! - Google's `* myContacts` group is not a tag, and the `* ` Google puts before its own groups
//!   (`* starred`) is dropped;
//! - a row with more or fewer cells than the header is kept and reported.

use std::collections::BTreeMap;

use crate::model::{Address, CustomFieldDef, CustomFieldKind, Messenger, MessengerKind, Phone};

use super::contact::{compose_name, ImportBatch, ImportedContact, ImportedRecord, Place, ProblemReason, RowProblem};
use super::csv::{CsvRow, CsvTable};
use super::dates::{detect_date_form, parse_birthday, DateDetection, DateForm};
use super::headers::{header_key, recognise};

/// A part of a person's name.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum NamePart {
    /// The whole name in one cell.
    Full,
    Given,
    /// A middle name or a patronymic.
    Middle,
    Family,
    Prefix,
    Suffix,
}

/// A part of a postal address.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum AddressPart {
    /// The whole address in one cell; used only when the other parts of its slot are empty.
    Formatted,
    Street,
    /// A second street line (flat, building).
    Extended,
    PoBox,
    City,
    Region,
    Postcode,
    Country,
}

/// Where a column's cells go. `slot` numbers pair columns that belong together (Google's
/// `Phone 1 - Label` labels `Phone 1 - Value`; Outlook's home address is slot 1, its business
/// address slot 2). The first filled address slot becomes the client's address, the others
/// go into the notes.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum FieldTarget {
    Skip,
    Name(NamePart),
    LegalName,
    Alias,
    /// Phone numbers; `label` applies unless a [`FieldTarget::PhoneLabel`] column of the same
    /// slot gives one.
    Phone {
        slot: u8,
        label: String,
    },
    PhoneLabel {
        slot: u8,
    },
    Email,
    /// Messenger handles; a [`FieldTarget::MessengerService`] column of the same slot may name
    /// the messenger instead of `kind`.
    Messenger {
        slot: u8,
        kind: MessengerKind,
    },
    MessengerService {
        slot: u8,
    },
    Address {
        slot: u8,
        part: AddressPart,
    },
    Birthday,
    Gender,
    Language,
    Tags,
    Organization,
    JobTitle,
    /// How the client found you, as text.
    Source,
    Notes,
    Preferences,
    Boundaries,
    Alert,
    /// A custom field of the book, by id.
    Custom {
        id: String,
    },
    /// The `id` column of Clientele's own CSV export: the client id, read as the UID
    /// `urn:clientele:<id>` its vCard export writes, so both exports give one contact key.
    ClienteleId,
}

impl FieldTarget {
    /// The targets a person can pick for a column, in the order a picker lists them: the
    /// profile fields, then the book's custom fields.
    pub fn choices(custom_fields: &[CustomFieldDef]) -> Vec<FieldTarget> {
        use AddressPart::*;
        use FieldTarget as T;
        let mut list = vec![
            T::Skip,
            T::Name(NamePart::Full),
            T::Name(NamePart::Given),
            T::Name(NamePart::Middle),
            T::Name(NamePart::Family),
            T::Name(NamePart::Prefix),
            T::Name(NamePart::Suffix),
            T::LegalName,
            T::Alias,
            T::Phone { slot: 0, label: String::new() },
            T::Email,
        ];
        list.extend(MessengerKind::ALL.iter().map(|kind| T::Messenger { slot: 0, kind: *kind }));
        list.extend(
            [Formatted, Street, Extended, PoBox, City, Region, Postcode, Country]
                .map(|part| T::Address { slot: 1, part }),
        );
        list.extend([
            T::Birthday,
            T::Gender,
            T::Language,
            T::Tags,
            T::Organization,
            T::JobTitle,
            T::Source,
            T::Notes,
            T::Preferences,
            T::Boundaries,
            T::Alert,
        ]);
        list.extend(custom_fields.iter().map(|f| T::Custom { id: f.id.clone() }));
        list
    }

    /// Whether the column holds dates, so that it needs a date form.
    fn holds_dates(&self, custom_fields: &[CustomFieldDef]) -> bool {
        match self {
            FieldTarget::Birthday => true,
            FieldTarget::Custom { id } => custom_fields.iter().any(|f| &f.id == id && f.kind == CustomFieldKind::Date),
            _ => false,
        }
    }
}

/// One column's target, and for a date column the form its dates are read in.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ColumnPlan {
    pub header: String,
    pub target: FieldTarget,
    /// For a date column: the form detected from its cells (`None` if no form read any).
    pub detected_dates: Option<DateDetection>,
    /// For a date column: the form its dates are read in; the detected one until changed.
    pub date_form: Option<DateForm>,
}

/// Every column's plan, in column order.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ColumnMapping {
    pub columns: Vec<ColumnPlan>,
}

/// Clientele's own CSV export starts with these columns (src/export.rs).
const CLIENTELE_EXPORT_START: [&str; 6] = ["id", "name", "legal_name", "alias", "phones", "emails"];

impl ColumnMapping {
    /// The first guess: each column by its name (a custom field's label first, then the known
    /// names), with the date form of each date column detected from its cells.
    pub fn auto(table: &CsvTable, custom_fields: &[CustomFieldDef]) -> Self {
        let keys: Vec<String> = table.header.iter().map(|h| header_key(h)).collect();
        let from_clientele = table.header.iter().map(String::as_str).take(6).eq(CLIENTELE_EXPORT_START);
        let mut mapping = ColumnMapping { columns: Vec::new() };
        for (column, header) in table.header.iter().enumerate() {
            let key = &keys[column];
            let target = if let Some(field) = custom_fields.iter().find(|f| header_key(&f.label) == *key) {
                FieldTarget::Custom { id: field.id.clone() }
            } else if from_clientele && column == 0 {
                FieldTarget::ClienteleId
            } else if key == "title" {
                // Outlook's "Title" is Mr or Dr, beside its own "Job Title"; elsewhere it is a job.
                if keys.iter().any(|k| k == "jobtitle") {
                    FieldTarget::Name(NamePart::Prefix)
                } else {
                    FieldTarget::JobTitle
                }
            } else {
                recognise(header)
            };
            mapping.columns.push(ColumnPlan { header: header.clone(), target, detected_dates: None, date_form: None });
            mapping.detect_dates(column, table, custom_fields);
        }
        mapping
    }

    /// Points a column at another target (a person's choice).
    pub fn set_target(
        &mut self,
        column: usize,
        target: FieldTarget,
        table: &CsvTable,
        custom_fields: &[CustomFieldDef],
    ) {
        if let Some(plan) = self.columns.get_mut(column) {
            plan.target = target;
            self.detect_dates(column, table, custom_fields);
        }
    }

    /// Reads a date column in another form (a person's choice).
    pub fn set_date_form(&mut self, column: usize, form: DateForm) {
        if let Some(plan) = self.columns.get_mut(column) {
            if plan.date_form.is_some() {
                plan.date_form = Some(form);
            }
        }
    }

    fn detect_dates(&mut self, column: usize, table: &CsvTable, custom_fields: &[CustomFieldDef]) {
        let Some(plan) = self.columns.get_mut(column) else { return };
        if plan.target.holds_dates(custom_fields) {
            plan.detected_dates = detect_date_form(table.column_values(column));
            plan.date_form = Some(plan.detected_dates.as_ref().map_or(DateForm::Iso, |d| d.assumed));
        } else {
            plan.detected_dates = None;
            plan.date_form = None;
        }
    }

    /// Reads every row of the table.
    pub fn apply(&self, table: &CsvTable, custom_fields: &[CustomFieldDef]) -> ImportBatch {
        let mut batch = ImportBatch::default();
        for row in &table.rows {
            let (contact, problems) = self.map_row(row, custom_fields);
            batch.problems.extend(problems);
            if let Some(contact) = contact {
                batch.contacts.push(ImportedRecord { place: Place::Row { row: row.row, line: row.line }, contact });
            }
        }
        batch
    }

    /// Reads one row (for a preview of the first rows, or the whole import): the contact, or
    /// `None` when the row is skipped, and the row's problems.
    pub fn map_row(
        &self,
        row: &CsvRow,
        custom_fields: &[CustomFieldDef],
    ) -> (Option<ImportedContact>, Vec<RowProblem>) {
        let place = Place::Row { row: row.row, line: row.line };
        let mut problems = Vec::new();
        let expected = self.columns.len();
        let found = row.len();
        if found > expected {
            problems.push(ProblemReason::TooManyFields { expected, found });
        } else if found < expected {
            problems.push(ProblemReason::TooFewFields { expected, found });
        }
        let mut parts = RowParts::default();
        for (column, plan) in self.columns.iter().enumerate() {
            let cell = clean(row.get(column).unwrap_or(""));
            if !cell.is_empty() {
                parts.take(plan, cell, custom_fields, &mut problems);
            }
        }
        let contact = parts.into_contact();
        if contact.is_none() {
            problems.push(ProblemReason::MissingName);
        }
        (contact, problems.into_iter().map(|reason| RowProblem { place, reason }).collect())
    }
}

/// Trimmed, with `\n` line breaks.
fn clean(cell: &str) -> String {
    let cell = cell.trim();
    if cell.contains('\r') {
        cell.replace("\r\n", "\n").replace('\r', "\n")
    } else {
        cell.to_owned()
    }
}

/// The cells of one row gathered by target, before they are put together.
#[derive(Default)]
struct RowParts {
    names: BTreeMap<NamePart, Vec<String>>,
    contact: ImportedContact,
    /// Phones by slot, with the slot's default label.
    phones: BTreeMap<u8, Vec<(String, String)>>,
    phone_labels: BTreeMap<u8, String>,
    messengers: BTreeMap<u8, Vec<(MessengerKind, String)>>,
    messenger_services: BTreeMap<u8, String>,
    addresses: BTreeMap<u8, BTreeMap<AddressPart, Vec<String>>>,
    notes: Vec<String>,
}

/// Splits a cell holding several values: Google's ` ::: `, semicolons and line breaks, and
/// commas too when `commas` is set.
fn split_values(cell: &str, commas: bool) -> Vec<String> {
    cell.split(":::")
        .flat_map(|part| part.split(|c| c == ';' || c == '\n' || (commas && c == ',')))
        .map(str::trim)
        .filter(|v| !v.is_empty())
        .map(str::to_owned)
        .collect()
}

/// `label: number` (Clientele's export) to its label and number; a plain number has no label.
fn labelled_phone(value: &str) -> (Option<String>, String) {
    match value.split_once(':') {
        Some((label, number)) if !label.chars().any(|c| c.is_ascii_digit()) && !number.trim().is_empty() => {
            (Some(label.trim().to_owned()), number.trim().to_owned())
        }
        _ => (None, value.to_owned()),
    }
}

/// A messenger's kind from its name, as Google's `IM 1 - Service` or Clientele's export
/// (`Telegram: @ann`) writes it.
fn messenger_kind(name: &str) -> Option<MessengerKind> {
    match header_key(name).as_str() {
        "telegram" | "телеграм" => Some(MessengerKind::Telegram),
        "whatsapp" => Some(MessengerKind::WhatsApp),
        "signal" => Some(MessengerKind::Signal),
        "viber" => Some(MessengerKind::Viber),
        "wechat" | "weixin" | "微信" => Some(MessengerKind::WeChat),
        _ => None,
    }
}

/// Tags from a cell, without Google's system group `* myContacts` and the `* ` of the others.
fn tags(cell: &str) -> impl Iterator<Item = String> + '_ {
    split_values(cell, true).into_iter().filter_map(|tag| {
        let tag = tag.strip_prefix("* ").map(str::trim).unwrap_or(&tag).to_owned();
        (!tag.eq_ignore_ascii_case("myContacts") && !tag.is_empty()).then_some(tag)
    })
}

fn append(text: &mut String, more: String) {
    if !text.is_empty() {
        text.push('\n');
    }
    text.push_str(&more);
}

impl RowParts {
    fn take(
        &mut self,
        plan: &ColumnPlan,
        cell: String,
        custom_fields: &[CustomFieldDef],
        problems: &mut Vec<ProblemReason>,
    ) {
        let contact = &mut self.contact;
        match &plan.target {
            FieldTarget::Skip => {}
            FieldTarget::Name(part) => self.names.entry(*part).or_default().push(cell),
            FieldTarget::LegalName => contact.legal_name = join_space(&contact.legal_name, &cell),
            FieldTarget::Alias => contact.alias = join_space(&contact.alias, &cell),
            FieldTarget::Phone { slot, label } => {
                let numbers = self.phones.entry(*slot).or_default();
                numbers.extend(split_values(&cell, true).into_iter().map(|v| (label.clone(), v)));
            }
            FieldTarget::PhoneLabel { slot } => {
                self.phone_labels.insert(*slot, cell.trim_start_matches("* ").trim().to_owned());
            }
            FieldTarget::Email => contact.emails.extend(split_values(&cell, true)),
            FieldTarget::Messenger { slot, kind } => {
                let handles = self.messengers.entry(*slot).or_default();
                handles.extend(split_values(&cell, false).into_iter().map(|v| (*kind, v)));
            }
            FieldTarget::MessengerService { slot } => {
                self.messenger_services.insert(*slot, cell);
            }
            FieldTarget::Address { slot, part } => {
                self.addresses.entry(*slot).or_default().entry(*part).or_default().push(cell)
            }
            FieldTarget::Birthday => match read_date(plan, &cell) {
                Ok(birthday) => contact.birthday = contact.birthday.or(birthday),
                Err(form) => problems.push(ProblemReason::BadDate { column: plan.header.clone(), form }),
            },
            // Outlook writes "Unspecified" for a gender nobody entered.
            FieldTarget::Gender if cell.eq_ignore_ascii_case("unspecified") => {}
            FieldTarget::Gender => contact.gender = join_space(&contact.gender, &cell),
            FieldTarget::Language => contact.language = join_space(&contact.language, &cell),
            FieldTarget::Tags => {
                for tag in tags(&cell) {
                    if !contact.tags.contains(&tag) {
                        contact.tags.push(tag);
                    }
                }
            }
            FieldTarget::Organization => append(&mut contact.organization, cell),
            FieldTarget::JobTitle => append(&mut contact.job_title, cell),
            FieldTarget::Source => append(&mut contact.source, cell),
            FieldTarget::Notes => self.notes.push(cell),
            FieldTarget::Preferences => append(&mut contact.preferences, cell),
            FieldTarget::Boundaries => append(&mut contact.boundaries, cell),
            FieldTarget::Alert => append(&mut contact.alert, cell),
            FieldTarget::Custom { id } => {
                let Some(field) = custom_fields.iter().find(|f| &f.id == id) else { return };
                match custom_value(&field.kind, plan, &cell) {
                    Some(value) => {
                        contact.custom.insert(id.clone(), value);
                    }
                    None => problems.push(match (&field.kind, plan.date_form) {
                        (CustomFieldKind::Date, Some(form)) => {
                            ProblemReason::BadDate { column: plan.header.clone(), form }
                        }
                        _ => ProblemReason::BadCustomValue { column: plan.header.clone(), field: field.label.clone() },
                    }),
                }
            }
            FieldTarget::ClienteleId => contact.uid = format!("urn:clientele:{cell}"),
        }
    }

    /// The contact, or `None` when nothing gives it a name.
    fn into_contact(mut self) -> Option<ImportedContact> {
        let mut contact = std::mem::take(&mut self.contact);
        for (slot, numbers) in std::mem::take(&mut self.phones) {
            let slot_label = self.phone_labels.get(&slot).filter(|l| !l.is_empty());
            for (default_label, value) in numbers {
                let (own_label, number) = labelled_phone(&value);
                let label = own_label.or_else(|| slot_label.cloned()).unwrap_or(default_label);
                if !contact.phones.iter().any(|p| p.number == number) {
                    contact.phones.push(Phone { label, number });
                }
            }
        }
        for (slot, handles) in std::mem::take(&mut self.messengers) {
            let service = self.messenger_services.get(&slot).and_then(|s| messenger_kind(s));
            for (kind, value) in handles {
                let (own_kind, handle) = match value.split_once(':') {
                    Some((name, handle)) => match messenger_kind(name) {
                        Some(kind) => (Some(kind), handle.trim().to_owned()),
                        None => (None, value.clone()),
                    },
                    None => (None, value.clone()),
                };
                contact.messengers.push(Messenger { kind: own_kind.or(service).unwrap_or(kind), handle });
            }
        }
        let mut addresses = self.addresses.into_values().map(address_from_parts).filter(|a| !a.is_empty());
        contact.address = addresses.next().unwrap_or_default();
        contact.other_addresses = addresses.collect();
        contact.notes = self.notes.join("\n");
        let mut emails = Vec::new();
        for email in contact.emails.drain(..) {
            if !emails.iter().any(|e: &String| e.eq_ignore_ascii_case(&email)) {
                emails.push(email);
            }
        }
        contact.emails = emails;
        contact.name = whole_name(&self.names);
        if contact.name.is_empty() {
            contact.name = contact.alias.clone();
        }
        if contact.name.is_empty() {
            contact.name = contact.organization.lines().next().unwrap_or("").to_owned();
        }
        (!contact.name.is_empty()).then_some(contact)
    }
}

fn join_space(text: &str, more: &str) -> String {
    if text.is_empty() {
        more.to_owned()
    } else {
        format!("{text} {more}")
    }
}

/// The full-name cell, else the parts put together.
fn whole_name(names: &BTreeMap<NamePart, Vec<String>>) -> String {
    let part = |part: NamePart| names.get(&part).map(|v| v.join(" ")).unwrap_or_default();
    let full = part(NamePart::Full);
    if !full.is_empty() {
        return full;
    }
    compose_name(
        &part(NamePart::Prefix),
        &part(NamePart::Given),
        &part(NamePart::Middle),
        &part(NamePart::Family),
        &part(NamePart::Suffix),
    )
}

fn address_from_parts(parts: BTreeMap<AddressPart, Vec<String>>) -> Address {
    let part = |p: AddressPart, separator: &str| parts.get(&p).map(|v| v.join(separator)).unwrap_or_default();
    let street = [part(AddressPart::Street, ", "), part(AddressPart::Extended, ", "), part(AddressPart::PoBox, ", ")]
        .into_iter()
        .filter(|p| !p.is_empty())
        .collect::<Vec<_>>()
        .join(", ");
    let mut address = Address {
        street,
        city: part(AddressPart::City, " "),
        postcode: part(AddressPart::Postcode, " "),
        region: part(AddressPart::Region, " "),
        country: part(AddressPart::Country, " "),
    };
    if address.is_empty() {
        // Only a formatted address: it goes whole into the street, its lines made one.
        address.street = part(AddressPart::Formatted, ", ")
            .lines()
            .map(str::trim)
            .filter(|l| !l.is_empty())
            .collect::<Vec<_>>()
            .join(", ");
    }
    address
}

fn read_date(plan: &ColumnPlan, cell: &str) -> Result<Option<crate::model::Birthday>, DateForm> {
    let form = plan.date_form.unwrap_or(DateForm::Iso);
    parse_birthday(cell, form).map_err(|_| form)
}

/// A cell as a custom field's canonical text, or `None` if it does not fit.
fn custom_value(kind: &CustomFieldKind, plan: &ColumnPlan, cell: &str) -> Option<String> {
    let value = match kind {
        CustomFieldKind::Text => cell.to_owned(),
        CustomFieldKind::Number => cell.replace([' ', '\u{a0}'], "").replace(',', "."),
        CustomFieldKind::Date => {
            let birthday = read_date(plan, cell).ok()??;
            format!("{:04}-{:02}-{:02}", birthday.year?, birthday.month, birthday.day)
        }
        CustomFieldKind::YesNo => match header_key(cell).as_str() {
            "yes" | "y" | "true" | "1" | "да" | "так" | "是" | "x" => "yes".to_owned(),
            "no" | "n" | "false" | "0" | "нет" | "ні" | "否" => "no".to_owned(),
            _ => return None,
        },
        CustomFieldKind::Choice(options) => {
            options.iter().find(|o| o.trim().to_lowercase() == cell.to_lowercase())?.clone()
        }
    };
    kind.check(&value).is_ok().then_some(value)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::import::csv::read_table;
    use crate::model::Birthday;

    fn batch(text: &str) -> ImportBatch {
        let table = read_table(text).unwrap();
        ColumnMapping::auto(&table, &[]).apply(&table, &[])
    }

    fn only(text: &str) -> ImportedContact {
        let batch = batch(text);
        assert_eq!(batch.contacts.len(), 1, "{:?}", batch.problems);
        batch.contacts.into_iter().next().unwrap().contact
    }

    fn phone(label: &str, number: &str) -> Phone {
        Phone { label: label.into(), number: number.into() }
    }

    #[test]
    fn google_cells_with_several_values_and_labels() {
        let c = only(
            "Given Name,Family Name,Group Membership,E-mail 1 - Type,E-mail 1 - Value,Phone 1 - Type,Phone 1 - Value,Phone 2 - Type,Phone 2 - Value\n\
             Ann,Lee,* myContacts ::: * starred ::: VIP,* Home,ann@example.com ::: ANN@example.com ::: ann@work.example,Mobile,+1 555 0100 ::: +1 555 0101,,555 0102\n",
        );
        assert_eq!(c.name, "Ann Lee");
        assert_eq!(c.tags, ["starred", "VIP"]);
        assert_eq!(c.emails, ["ann@example.com", "ann@work.example"]);
        assert_eq!(c.phones, [phone("Mobile", "+1 555 0100"), phone("Mobile", "+1 555 0101"), phone("", "555 0102")]);
    }

    #[test]
    fn outlook_title_addresses_and_blanks() {
        let c = only(
            "Title,First Name,Last Name,Job Title,Home Street,Home City,Business Street,Business City,Mobile Phone,Home Phone,Birthday,Gender\n\
             Dr.,John,Smith,Surgeon,,,1 Main St,Springfield,555-0100,555-0101,0/0/00,Unspecified\n",
        );
        assert_eq!((c.name.as_str(), c.job_title.as_str()), ("Dr. John Smith", "Surgeon"));
        assert_eq!((c.address.street.as_str(), c.address.city.as_str()), ("1 Main St", "Springfield"));
        assert!(c.other_addresses.is_empty());
        assert_eq!(c.phones, [phone("mobile", "555-0100"), phone("home", "555-0101")]);
        assert_eq!((c.birthday, c.gender.as_str()), (None, ""));
    }

    #[test]
    fn names_are_put_together_by_script() {
        assert_eq!(only("Фамилия;Имя;Отчество\nПетров;Иван;Сергеевич\n").name, "Иван Сергеевич Петров");
        assert_eq!(only("姓,名,手机\n王,芳,13800138000\n").name, "王芳");
        assert_eq!(only("Nickname,Company\nBuddy,Acme\n").name, "Buddy");
        assert_eq!(only("Company,Phone\nAcme,555\n").name, "Acme");
        assert_eq!(only("Name,First Name\nAnn Lee,Bob\n").name, "Ann Lee");
    }

    #[test]
    fn rows_without_a_name_and_ragged_rows_are_reported() {
        let batch = batch("Name,Phone,Notes\nAnn,1\n,2,n\nBob,3,x,extra\n");
        assert_eq!(batch.contacts.iter().map(|r| r.contact.name.as_str()).collect::<Vec<_>>(), ["Ann", "Bob"]);
        let reasons: Vec<_> = batch.problems.iter().map(|p| (p.place, p.reason.clone())).collect();
        assert_eq!(
            reasons,
            [
                (Place::Row { row: 2, line: 2 }, ProblemReason::TooFewFields { expected: 3, found: 2 }),
                (Place::Row { row: 3, line: 3 }, ProblemReason::MissingName),
                (Place::Row { row: 4, line: 4 }, ProblemReason::TooManyFields { expected: 3, found: 4 }),
            ]
        );
    }

    #[test]
    fn birthdays_follow_the_column_form_and_bad_ones_are_left_out() {
        let text = "Имя;День рождения\nАнна;12.04.1985\nОля;31.02.1990\nИра;08.03\n";
        let table = read_table(text).unwrap();
        let mut mapping = ColumnMapping::auto(&table, &[]);
        assert_eq!(mapping.columns[1].date_form, Some(DateForm::DayMonthYearDots));
        let batch = mapping.apply(&table, &[]);
        let birthdays: Vec<_> = batch.contacts.iter().map(|r| r.contact.birthday).collect();
        assert_eq!(
            birthdays,
            [
                Some(Birthday { month: 4, day: 12, year: Some(1985) }),
                None,
                Some(Birthday { month: 3, day: 8, year: None })
            ]
        );
        assert_eq!(
            batch.problems[0].reason,
            ProblemReason::BadDate { column: "День рождения".into(), form: DateForm::DayMonthYearDots }
        );
        mapping.set_date_form(1, DateForm::Iso);
        assert_eq!(mapping.apply(&table, &[]).contacts.iter().filter(|r| r.contact.birthday.is_some()).count(), 0);
    }

    #[test]
    fn custom_fields_by_label_and_kind() {
        let fields = vec![
            CustomFieldDef { id: "f1".into(), label: "Shoe size".into(), kind: CustomFieldKind::Number },
            CustomFieldDef { id: "f2".into(), label: "Newsletter".into(), kind: CustomFieldKind::YesNo },
            CustomFieldDef {
                id: "f3".into(),
                label: "Hair".into(),
                kind: CustomFieldKind::Choice(vec!["Short".into(), "Long".into()]),
            },
            CustomFieldDef { id: "f4".into(), label: "First visit".into(), kind: CustomFieldKind::Date },
        ];
        let table = read_table("Name,shoe size,NEWSLETTER,Hair,First visit\nAnn,\"41,5\",да,long,2024-05-06\nBob,big,maybe,green,someday\n").unwrap();
        let mapping = ColumnMapping::auto(&table, &fields);
        assert_eq!(mapping.columns[1].target, FieldTarget::Custom { id: "f1".into() });
        assert_eq!(mapping.columns[4].date_form, Some(DateForm::Iso));
        let batch = mapping.apply(&table, &fields);
        let ann = &batch.contacts[0].contact.custom;
        assert_eq!(ann.values().map(String::as_str).collect::<Vec<_>>(), ["41.5", "yes", "Long", "2024-05-06"]);
        assert!(batch.contacts[1].contact.custom.is_empty());
        assert_eq!(batch.problems.len(), 4);
        assert_eq!(
            batch.problems[3].reason,
            ProblemReason::BadDate { column: "First visit".into(), form: DateForm::Iso }
        );
    }

    #[test]
    fn clienteles_own_export_reads_back() {
        let text = "\u{feff}id,name,legal_name,alias,phones,emails,messengers,street,city,postcode,region,country,birthday,tags,notes\r\n\
                    0123abcd,Олена,Kovalenko,,mobile: +380 67 123 45 67; +380 44 000,olena@example.ua,Telegram: @olena,,Київ,,,,--03-08,vip; new,\"Line one\r\nLine two\"\r\n";
        let c = only(text.trim_start_matches('\u{feff}'));
        assert_eq!(c.uid, "urn:clientele:0123abcd");
        assert_eq!((c.name.as_str(), c.legal_name.as_str()), ("Олена", "Kovalenko"));
        assert_eq!(c.phones, [phone("mobile", "+380 67 123 45 67"), phone("", "+380 44 000")]);
        assert_eq!(c.messengers, [Messenger { kind: MessengerKind::Telegram, handle: "@olena".into() }]);
        assert_eq!(c.birthday, Some(Birthday { month: 3, day: 8, year: None }));
        assert_eq!(
            (c.tags.as_slice(), c.notes.as_str()),
            (["vip".to_string(), "new".to_string()].as_slice(), "Line one\nLine two")
        );
    }

    #[test]
    fn a_target_can_be_changed_and_dates_follow() {
        let table = read_table("Name,When\nAnn,1985-04-12\n").unwrap();
        let mut mapping = ColumnMapping::auto(&table, &[]);
        assert_eq!((mapping.columns[1].target.clone(), mapping.columns[1].date_form), (FieldTarget::Skip, None));
        mapping.set_target(1, FieldTarget::Birthday, &table, &[]);
        assert_eq!(mapping.columns[1].date_form, Some(DateForm::Iso));
        assert!(mapping.apply(&table, &[]).contacts[0].contact.birthday.is_some());
        assert!(FieldTarget::choices(&[]).contains(&FieldTarget::Birthday));
    }
}
