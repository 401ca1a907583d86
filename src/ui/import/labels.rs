//! The words the import screen shows for the core's choices: field targets, date forms,
//! encodings, duplicate reasons and the problems of single rows.

use crate::i18n::{t, tf};
use crate::import::contact::{Place, ProblemReason, RowProblem};
use crate::import::mapping::{AddressPart, FieldTarget, NamePart};
use crate::import::review::{MatchReason, ReviewError};
use crate::import::{CsvError, Encoding, TextError, VcardError};
use crate::model::CustomFieldDef;

pub fn target_label(target: &FieldTarget, custom_fields: &[CustomFieldDef]) -> String {
    match target {
        FieldTarget::Skip => t("Skip this column").to_owned(),
        FieldTarget::Name(part) => match part {
            NamePart::Full => t("Name"),
            NamePart::Given => t("First name"),
            NamePart::Middle => t("Middle name"),
            NamePart::Family => t("Last name"),
            NamePart::Prefix => t("Name prefix"),
            NamePart::Suffix => t("Name suffix"),
        }
        .to_owned(),
        FieldTarget::LegalName => t("Legal name").to_owned(),
        FieldTarget::Alias => t("Nickname").to_owned(),
        FieldTarget::Phone { slot, .. } => numbered(t("Phone"), *slot),
        FieldTarget::PhoneLabel { slot } => numbered(t("Phone label"), *slot),
        FieldTarget::Email => t("Email").to_owned(),
        FieldTarget::Messenger { kind, .. } => kind.label().to_owned(),
        FieldTarget::MessengerService { slot } => numbered(t("Messenger service"), *slot),
        FieldTarget::Address { part, .. } => match part {
            AddressPart::Formatted => t("Address"),
            AddressPart::Street => t("Street"),
            AddressPart::Extended => t("Address line 2"),
            AddressPart::PoBox => t("PO box"),
            AddressPart::City => t("City"),
            AddressPart::Region => t("Region"),
            AddressPart::Postcode => t("Postcode"),
            AddressPart::Country => t("Country"),
        }
        .to_owned(),
        FieldTarget::Birthday => t("Birthday").to_owned(),
        FieldTarget::Gender => t("Gender").to_owned(),
        FieldTarget::Language => t("Language").to_owned(),
        FieldTarget::Tags => t("Tags").to_owned(),
        FieldTarget::Organization => t("Company").to_owned(),
        FieldTarget::JobTitle => t("Job title").to_owned(),
        FieldTarget::Source => t("Source").to_owned(),
        FieldTarget::Notes => t("General notes").to_owned(),
        FieldTarget::Preferences => t("Preferences").to_owned(),
        FieldTarget::Boundaries => t("Boundaries").to_owned(),
        FieldTarget::Alert => t("Pinned alert").to_owned(),
        FieldTarget::Custom { id } => {
            custom_fields.iter().find(|f| &f.id == id).map_or_else(|| id.clone(), |f| f.label.clone())
        }
        FieldTarget::ClienteleId => t("Clientele id").to_owned(),
    }
}

fn numbered(label: &str, slot: u8) -> String {
    if slot <= 1 {
        label.to_owned()
    } else {
        format!("{label} {slot}")
    }
}

pub fn encoding_label(encoding: Encoding) -> &'static str {
    match encoding {
        Encoding::Utf8 => t("Unicode (UTF-8)"),
        Encoding::Utf16Le => t("Unicode (UTF-16 LE)"),
        Encoding::Utf16Be => t("Unicode (UTF-16 BE)"),
        Encoding::Windows1251 => t("Cyrillic (Windows-1251)"),
        Encoding::Gb18030 => t("Chinese (GBK, GB18030)"),
    }
}

pub fn reason_label(reason: MatchReason) -> &'static str {
    match reason {
        MatchReason::ImportedBefore => t("imported before"),
        MatchReason::SamePhone => t("same phone"),
        MatchReason::SameEmail => t("same email"),
        MatchReason::SameName => t("same name"),
        MatchReason::SimilarName => t("similar name"),
    }
}

pub fn place_label(place: Place) -> String {
    match place {
        Place::Row { row, .. } => tf("Row {row}", &[("row", row.to_string())]),
        Place::Card { number, .. } => tf("Contact {number}", &[("number", number.to_string())]),
    }
}

pub fn problem_text(problem: &RowProblem) -> String {
    let reason = match &problem.reason {
        ProblemReason::MissingName => t("no name, so it was skipped.").to_owned(),
        ProblemReason::TooManyFields { expected, .. } => tf(
            "more cells than the header has columns; the cells after column {n} were ignored.",
            &[("n", expected.to_string())],
        ),
        ProblemReason::TooFewFields { .. } => {
            t("fewer cells than the header has columns; the missing ones were read as empty.").to_owned()
        }
        ProblemReason::BadDate { column, form } => tf(
            "the date in “{column}” is not a date in the form {form}; it was left out.",
            &[("column", column.clone()), ("form", form.pattern().to_owned())],
        ),
        ProblemReason::BadCustomValue { column, field } => tf(
            "the value in “{column}” does not fit the field “{field}”; it was left out.",
            &[("column", column.clone()), ("field", field.clone())],
        ),
        ProblemReason::Truncated => t("the file ends inside this contact, so it was skipped.").to_owned(),
    };
    format!("{}: {reason}", place_label(problem.place))
}

/// A file-level failure in the person's language. Names no content of the file.
pub fn text_error(error: &TextError) -> String {
    match error {
        TextError::Empty => t("This file is empty (0 bytes). Nothing was imported; choose another file.").to_owned(),
        TextError::TooLarge { max_mb } => tf(
            "This file is larger than {max_mb} MB, too large for a contact list. Nothing was imported; split it into smaller files.",
            &[("max_mb", max_mb.to_string())],
        ),
        TextError::Spreadsheet(_) => t("This is a spreadsheet workbook, not a CSV or vCard file. Nothing was imported; open it in your spreadsheet program, save it as CSV, and choose that file.").to_owned(),
        TextError::NotText { encoding } => tf(
            "This file does not look like text in {encoding}: it is mostly control characters. Nothing was imported; choose a CSV or vCard file, or try another encoding.",
            &[("encoding", (*encoding).to_owned())],
        ),
        TextError::Unsupported { encoding } => tf(
            "This browser cannot read {encoding} text. Nothing was imported; try another browser.",
            &[("encoding", (*encoding).to_owned())],
        ),
    }
}

pub fn csv_error(error: &CsvError) -> String {
    match error {
        CsvError::NoRows => t("This file has no rows: it is empty or only blank lines. Nothing was imported; choose another file.").to_owned(),
        CsvError::HeaderOnly => t("This file has only column names and no rows of contacts. Nothing was imported; check that you exported the contacts, not an empty template.").to_owned(),
        CsvError::TooManyRows { max } => tf(
            "This file has more than {max} rows, more than one import can take. Nothing was imported; split it into smaller files.",
            &[("max", max.to_string())],
        ),
        CsvError::Unreadable { line } => tf(
            "Line {line} of this file could not be read as CSV. Nothing was imported; check the file in a spreadsheet program.",
            &[("line", line.to_string())],
        ),
    }
}

pub fn vcard_error(error: &VcardError) -> String {
    match error {
        VcardError::NoCards => t("This file holds no vCard contacts (no BEGIN:VCARD line). Nothing was imported; choose a .vcf file.").to_owned(),
        VcardError::TooManyCards { max } => tf(
            "This file has more than {max} contacts, more than one import can take. Nothing was imported; split it into smaller files.",
            &[("max", max.to_string())],
        ),
    }
}

pub fn review_error(error: ReviewError) -> String {
    match error {
        ReviewError::NotLoaded => t("Some clients to merge into are still loading. Try again in a moment."),
        ReviewError::NoRandomness => t("The browser could not make a random id. Reload the page and try again."),
    }
    .to_owned()
}
