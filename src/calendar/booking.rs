//! A booking as the calendar makes it: the appointment, and a client created on the spot with
//! only a name and a phone, each checked as the profile forms check them.

use chrono::{DateTime, Utc};

use crate::model::{Client, FieldError, Outcome, Phone, Settings, Visit};

/// A booked appointment at `start`; `service` as chosen or typed, `price` in minor units.
pub fn appointment(
    id: String,
    start: DateTime<Utc>,
    duration_min: u32,
    service: &str,
    price: i64,
    currency: &str,
) -> Result<Visit, Vec<FieldError>> {
    let visit = Visit {
        id,
        start,
        duration_min,
        service: service.trim().to_owned(),
        price,
        currency: currency.trim().to_uppercase(),
        outcome: Outcome::Booked,
        ..Visit::default()
    };
    visit.validate().map(|()| visit)
}

/// A new client from the booking form: a name, and a phone when one was typed. Their field
/// names in errors are `new_name` and `new_phone`, the booking form's.
pub fn client_on_the_spot(
    id: String,
    name: &str,
    phone: &str,
    settings: &Settings,
    now: DateTime<Utc>,
) -> Result<Client, Vec<FieldError>> {
    let mut client = Client::new(id, now);
    client.name = name.trim().to_owned();
    if !phone.trim().is_empty() {
        client.phones.push(Phone { label: String::new(), number: phone.trim().to_owned() });
    }
    client.validate(settings).map(|()| client).map_err(|errors| {
        errors
            .into_iter()
            .map(|mut e| {
                e.field = match e.field.as_str() {
                    "name" => "new_name".into(),
                    field if field.starts_with("phones.") => "new_phone".into(),
                    field => field.into(),
                };
                e
            })
            .collect()
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn now() -> DateTime<Utc> {
        DateTime::from_timestamp(1_795_000_000, 0).unwrap()
    }

    #[test]
    fn an_appointment_is_booked_with_the_service_and_price_given() {
        let visit = appointment("v".into(), now(), 45, " Haircut ", 3500, "eur").unwrap();
        assert_eq!(
            (visit.outcome, visit.service.as_str(), visit.price, visit.currency.as_str()),
            (Outcome::Booked, "Haircut", 3500, "EUR")
        );
        assert_eq!(visit.paid, 0);
        let fields =
            |r: Result<Visit, Vec<FieldError>>| r.unwrap_err().into_iter().map(|e| e.field).collect::<Vec<_>>();
        assert_eq!(fields(appointment("v".into(), now(), 0, "", 0, "EUR")), ["duration"]);
        assert_eq!(fields(appointment("v".into(), now(), 60, "", -1, "EUR")), ["price"]);
    }

    #[test]
    fn a_client_on_the_spot_needs_a_name_and_a_plausible_phone() {
        let settings = Settings::default();
        let client = client_on_the_spot("c".into(), " Олена ", "+380 67 123 4567", &settings, now()).unwrap();
        assert_eq!(client.name, "Олена");
        assert_eq!(client.phones[0].number, "+380 67 123 4567");
        assert!(client_on_the_spot("c".into(), "Li", "", &settings, now()).unwrap().phones.is_empty());
        let errors = client_on_the_spot("c".into(), " ", "call me", &settings, now()).unwrap_err();
        let fields: Vec<&str> = errors.iter().map(|e| e.field.as_str()).collect();
        assert_eq!(fields, ["new_name", "new_phone"]);
    }
}
