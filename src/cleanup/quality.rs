//! The data-quality report of the Clean up screen: which clients have something to fix. Each
//! list holds client ids in the order the clients were given (the book's name order).

use chrono::{Datelike, NaiveDate};

use super::normalize::has_flat_case;
use super::phone::PhoneNumber;
use crate::book::Book;
use crate::model::{is_plausible_email, Client};

#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct QualityReport {
    /// An email without the shape name@example.com.
    pub invalid_emails: Vec<String>,
    /// A phone number that does not parse. Numbers typed without a country code count too
    /// while no default country is set: setting one is the fix.
    pub unparsable_phones: Vec<String>,
    /// No phone, email or messenger at all.
    pub no_contact: Vec<String>,
    /// No record of consent to keep the client's data.
    pub missing_consent: Vec<String>,
    /// A birthday with a year that is after today.
    pub future_birthdays: Vec<String>,
    /// A name typed all in capitals or all in small letters.
    pub flat_case_names: Vec<String>,
}

impl QualityReport {
    /// The book's clients, Trash left out. `today` is the user's local date.
    pub fn of_book(book: &Book, today: NaiveDate) -> Self {
        let clients = book.entries().map(|e| &e.client).filter(|c| c.trashed.is_none());
        Self::of(clients, &book.settings.default_country_code, today)
    }

    pub fn of<'a>(clients: impl IntoIterator<Item = &'a Client>, default_code: &str, today: NaiveDate) -> Self {
        let mut report = Self::default();
        for client in clients {
            let id = || client.id.clone();
            if client.emails.iter().any(|e| !e.trim().is_empty() && !is_plausible_email(e.trim())) {
                report.invalid_emails.push(id());
            }
            if client
                .phones
                .iter()
                .any(|p| !p.number.trim().is_empty() && PhoneNumber::parse(&p.number, default_code).is_err())
            {
                report.unparsable_phones.push(id());
            }
            let has_contact = client.phones.iter().any(|p| !p.number.trim().is_empty())
                || client.emails.iter().any(|e| !e.trim().is_empty())
                || client.messengers.iter().any(|m| !m.handle.trim().is_empty());
            if !has_contact {
                report.no_contact.push(id());
            }
            if client.consent.data.is_none() {
                report.missing_consent.push(id());
            }
            if client.birthday.is_some_and(|b| {
                b.year.is_some_and(|y| (y, b.month, b.day) > (today.year(), today.month(), today.day()))
            }) {
                report.future_birthdays.push(id());
            }
            if has_flat_case(&client.name) {
                report.flat_case_names.push(id());
            }
        }
        report
    }

    /// Whether nothing was found.
    pub fn is_clean(&self) -> bool {
        *self == Self::default()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{Birthday, DataConsent, Messenger, Phone};

    fn today() -> NaiveDate {
        NaiveDate::from_ymd_opt(2026, 11, 23).unwrap()
    }

    fn client(id: &str, name: &str) -> Client {
        Client {
            id: id.into(),
            name: name.into(),
            emails: vec![format!("{id}@example.com")],
            consent: crate::model::Consent {
                data: Some(DataConsent { date: today(), method: "In writing".into() }),
                ..Default::default()
            },
            ..Client::default()
        }
    }

    #[test]
    fn each_problem_lists_its_clients() {
        let good = client("good", "Olena Kovalenko");
        let mut bad_email = client("email", "Ann Lee");
        bad_email.emails.push("ann@example".into());
        let mut bad_phone = client("phone", "Ann Lee");
        bad_phone.phones = vec![Phone { label: String::new(), number: "+7 916 123 45 67".into() }];
        bad_phone.phones.push(Phone { label: String::new(), number: "12-34".into() });
        let mut no_contact = client("none", "Ann Lee");
        no_contact.emails = vec![" ".into()];
        let mut messenger_only = client("messenger", "Ann Lee");
        messenger_only.emails.clear();
        messenger_only.messengers = vec![Messenger { handle: "@ann".into(), ..Messenger::default() }];
        let mut no_consent = client("consent", "Ann Lee");
        no_consent.consent.data = None;
        let mut future = client("future", "Ann Lee");
        future.birthday = Some(Birthday { month: 11, day: 24, year: Some(2026) });
        let mut no_year = client("noyear", "Ann Lee");
        no_year.birthday = Some(Birthday { month: 12, day: 31, year: None });
        let shouting = client("caps", "ANN LEE");
        let chinese = client("zh", "王芳");
        let clients =
            [good, bad_email, bad_phone, no_contact, messenger_only, no_consent, future, no_year, shouting, chinese];
        let report = QualityReport::of(&clients, "7", today());
        assert_eq!(report.invalid_emails, ["email"]);
        assert_eq!(report.unparsable_phones, ["phone"]);
        assert_eq!(report.no_contact, ["none"]);
        assert_eq!(report.missing_consent, ["consent"]);
        assert_eq!(report.future_birthdays, ["future"]);
        assert_eq!(report.flat_case_names, ["caps"]);
        assert!(!report.is_clean());
        assert!(QualityReport::of(&clients[..1], "7", today()).is_clean());
    }

    #[test]
    fn without_a_default_country_national_numbers_do_not_parse() {
        let mut c = client("c", "Ann Lee");
        c.phones = vec![Phone { label: String::new(), number: "8 916 123 45 67".into() }];
        assert_eq!(QualityReport::of([&c], "", today()).unparsable_phones, ["c"]);
        assert!(QualityReport::of([&c], "7", today()).unparsable_phones.is_empty());
    }
}
