//! The form that adds or edits a visit (an appointment when it lies in the future): the texts
//! as typed, their checks, and the save.

use chrono::Local;
use leptos::ev::SubmitEvent;
use leptos::prelude::*;

use crate::i18n::{t, tf};
use crate::insight::loyalty;
use crate::model::{
    format_minor, new_record_id, parse_minor, Client, FieldError, Outcome, PaymentStatus, Service, Settings, Visit,
};

use super::super::actions::{now, try_update_client};
use super::super::drafts::{keep_while_open, resume};
use super::super::use_app;
use super::super::widgets::{error_for, focus_first_invalid, CheckInput, SelectInput, ServiceSelect, TextInput};
use super::typed_time::{local_instant, next_full_hour};
use super::Form;
use crate::book::DraftForm;

/// The visit form's fields as typed, before they are checked; what a draft keeps.
#[derive(Clone, Default, serde::Serialize, serde::Deserialize)]
#[serde(default)]
struct VisitText {
    date: String,
    time: String,
    duration: String,
    service: String,
    price: String,
    paid: String,
    currency: String,
    payment: PaymentStatus,
    location: String,
    outcome: Option<Outcome>,
    satisfaction: String,
    feedback: String,
    /// The feedback is a complaint (`insight::feedback`).
    complaint: bool,
    /// Loyalty points spent on the visit.
    points_redeemed: String,
    private_note: String,
}

impl VisitText {
    fn of(visit: &Visit) -> Self {
        let local = visit.start.with_timezone(&Local);
        Self {
            date: local.format("%Y-%m-%d").to_string(),
            time: local.format("%H:%M").to_string(),
            duration: visit.duration_min.to_string(),
            service: visit.service.clone(),
            price: format_minor(visit.price, &visit.currency),
            paid: format_minor(visit.paid, &visit.currency),
            currency: visit.currency.clone(),
            payment: visit.payment,
            location: visit.location.clone(),
            outcome: Some(visit.outcome),
            satisfaction: visit.satisfaction.map(|s| s.to_string()).unwrap_or_default(),
            feedback: visit.feedback.clone(),
            complaint: visit.complaint,
            points_redeemed: if visit.points_redeemed == 0 { String::new() } else { visit.points_redeemed.to_string() },
            private_note: visit.private_note.clone(),
        }
    }

    fn new(currency: &str) -> Self {
        let (date, time) = next_full_hour();
        Self {
            date,
            time,
            duration: "60".into(),
            service: String::new(),
            price: String::new(),
            paid: String::new(),
            currency: currency.to_owned(),
            payment: PaymentStatus::Unpaid,
            location: String::new(),
            outcome: None,
            satisfaction: String::new(),
            feedback: String::new(),
            complaint: false,
            points_redeemed: String::new(),
            private_note: String::new(),
        }
    }

    /// The visit these texts describe, or every problem with them.
    fn to_visit(&self, id: String) -> Result<Visit, Vec<FieldError>> {
        let mut errors = Vec::new();
        let start = local_instant(&self.date, &self.time);
        if start.is_none() {
            errors.push(FieldError::new("visit_date", t("Enter the date and the start time.")));
        }
        let duration_min = self.duration.trim().parse::<u32>().unwrap_or_else(|_| {
            errors.push(FieldError::new("duration", t("Enter the duration in minutes.")));
            60
        });
        let currency = self.currency.trim().to_uppercase();
        let mut money = |field: &str, text: &str| {
            parse_minor(text, &currency).unwrap_or_else(|message| {
                errors.push(FieldError::new(field, message));
                0
            })
        };
        let price = money("price", &self.price);
        let paid = money("paid", &self.paid);
        let points_redeemed = match self.points_redeemed.trim() {
            "" => 0,
            typed => typed.parse::<u32>().unwrap_or_else(|_| {
                errors
                    .push(FieldError::new("points_redeemed", t("Enter a whole number of points, or leave it empty.")));
                0
            }),
        };
        let satisfaction = match self.satisfaction.as_str() {
            "" => None,
            s => s.parse::<u8>().ok(),
        };
        let start = start.unwrap_or_else(now);
        let outcome = self.outcome.unwrap_or(if start > now() { Outcome::Booked } else { Outcome::Completed });
        let visit = Visit {
            id,
            start,
            duration_min,
            service: self.service.trim().to_owned(),
            price,
            paid,
            currency,
            payment: self.payment,
            location: self.location.trim().to_owned(),
            outcome,
            satisfaction,
            feedback: self.feedback.trim().to_owned(),
            complaint: self.complaint,
            points_redeemed,
            private_note: self.private_note.trim().to_owned(),
            ..Visit::default()
        };
        if let Err(mut more) = visit.validate() {
            errors.append(&mut more);
        }
        if errors.is_empty() {
            Ok(visit)
        } else {
            Err(errors)
        }
    }
}

/// With the loyalty programme on, points spent on the visit beyond what `client` has stored
/// for it are within the client's balance; the message says what it is otherwise. A
/// redemption kept as it was, or lowered, always passes: it was within the balance when it
/// was saved, and a later change elsewhere (the visit that earned the points deleted or a
/// no-show, a lower rate) must not block an unrelated edit such as a rating.
fn check_points(client: &Client, settings: &Settings, visit: &Visit) -> Result<(), String> {
    let stored = client.visits.iter().find(|v| v.id == visit.id).map_or(0, |v| v.points_redeemed);
    if !settings.loyalty.enabled || visit.points_redeemed <= stored {
        return Ok(());
    }
    loyalty::check_redeem(client, &settings.loyalty, &settings.currency, &visit.id, visit.points_redeemed)
        .map_err(|error| error.message())
}

/// Adds a visit, or edits the one `visit_id` names.
#[component]
pub fn VisitForm(client_id: String, visit_id: Option<String>, form: RwSignal<Form>) -> impl IntoView {
    let ctx = use_app();
    let settings = ctx.book.with_untracked(|b| b.settings.clone());
    let existing = visit_id.as_ref().and_then(|vid| {
        ctx.book.with_untracked(|b| b.get(&client_id).and_then(|c| c.visits.iter().find(|v| &v.id == vid).cloned()))
    });
    let mut start = existing.as_ref().map_or_else(|| VisitText::new(&settings.currency), VisitText::of);
    let resumed = resume(
        ctx,
        |form| matches!(form, DraftForm::Visit { client_id: c, visit_id: v, .. } if *c == client_id && *v == visit_id),
    );
    if let Some(DraftForm::Visit { typed, .. }) = resumed {
        start = serde_json::from_value(typed).unwrap_or(start);
    }
    let text = RwSignal::new(start);
    let errors = RwSignal::new(Vec::<FieldError>::new());
    let failure = RwSignal::new(None::<String>);
    let client_id = StoredValue::new(client_id);
    let visit_id = StoredValue::new(visit_id);
    keep_while_open(ctx, move || DraftForm::Visit {
        client_id: client_id.get_value(),
        visit_id: visit_id.get_value(),
        typed: serde_json::to_value(text.get_untracked()).unwrap_or_default(),
    });
    // Every change, by typing or choosing, is unsaved input.
    let edit = move |change: &dyn Fn(&mut VisitText)| {
        text.update(|t| change(t));
        ctx.dirty.set(true);
    };

    let field = move |key: &'static str,
                      label: &'static str,
                      input_type: &'static str,
                      get: fn(&VisitText) -> String,
                      set: fn(&mut VisitText, String)| {
        view! {
            <TextInput id=format!("visit-{key}") label=label input_type=input_type value=Signal::derive(move || text.with(get))
                on_input=Callback::new(move |v: String| edit(&|t| set(t, v.clone())))
                error=error_for(errors, key) />
        }
    };
    let save = move |ev: SubmitEvent| {
        ev.prevent_default();
        let id = match visit_id.get_value() {
            Some(id) => id,
            None => match new_record_id() {
                Ok(id) => id,
                Err(e) => return failure.set(Some(e.to_string())),
            },
        };
        // Checked here only against the whole history: a summary's balance counts only recent
        // visits. While it loads, the save's own check below has the last word.
        let checked = text.with_untracked(|t| t.to_visit(id)).and_then(|visit| {
            ctx.book
                .with_untracked(|b| {
                    b.get_full(&client_id.get_value()).map_or(Ok(()), |c| check_points(c, &b.settings, &visit))
                })
                .map(|()| visit)
                .map_err(|message| vec![FieldError::new("points_redeemed", message)])
        });
        let visit = match checked {
            Ok(visit) => visit,
            Err(problems) => {
                errors.set(problems);
                failure.set(Some(t("Some fields need attention; they are marked above.").into()));
                return focus_first_invalid("visit-form");
            }
        };
        failure.set(None);
        errors.set(Vec::new());
        let settings = ctx.book.with_untracked(|b| b.settings.clone());
        leptos::task::spawn_local(async move {
            let result = try_update_client(ctx, &client_id.get_value(), move |c| {
                // Checked again against the client's whole history, which the save has loaded.
                check_points(c, &settings, &visit)?;
                let visit = match c.visits.iter().position(|v| v.id == visit.id) {
                    Some(i) => {
                        let mut stored = c.visits.remove(i);
                        // A booked time changed here is a move too, noted as one from the
                        // calendar is.
                        if stored.outcome == Outcome::Booked {
                            stored.reschedule(visit.start, visit.duration_min, now());
                        }
                        visit.with_history_of(&stored)
                    }
                    None => visit,
                };
                c.visits.push(visit);
                Ok(())
            })
            .await;
            match result {
                Ok(()) => {
                    ctx.dirty.set(false);
                    super::super::actions::show(ctx, t("Visit saved."));
                    form.set(Form::None);
                }
                Err(message) => failure.set(Some(message)),
            }
        });
    };

    view! {
        <form id="visit-form" class="subform" on:submit=save novalidate aria-labelledby="visit-form-title">
            <h3 id="visit-form-title">{if visit_id.get_value().is_some() { t("Edit visit") } else { t("New visit") }}</h3>
            <div class="row">
                {field("visit_date", t("Date"), "date", |t| t.date.clone(), |t, v| t.date = v)}
                {field("time", t("Start time"), "time", |t| t.time.clone(), |t, v| t.time = v)}
                {field("duration", t("Duration (minutes)"), "number", |t| t.duration.clone(), |t, v| t.duration = v)}
            </div>
            <ServiceSelect id="visit-service" services=settings.services.clone()
                    chosen=Signal::derive(move || text.with(|t| t.service.clone()))
                    on_pick=Callback::new(move |(name, service): (String, Option<Service>)| edit(&|t| {
                        t.service = name.clone();
                        if let Some(service) = &service {
                            t.duration = service.duration_min.to_string();
                            t.price = format_minor(service.price, &service.currency);
                            t.currency = service.currency.clone();
                        }
                    })) />
            {field("service_name", t("Service name (if not listed)"), "text", |t| t.service.clone(), |t, v| t.service = v)}
            <div class="row">
                {field("price", t("Price"), "text", |t| t.price.clone(), |t, v| t.price = v)}
                {field("paid", t("Paid"), "text", |t| t.paid.clone(), |t, v| t.paid = v)}
                {field("currency", t("Currency"), "text", |t| t.currency.clone(), |t, v| t.currency = v)}
            </div>
            {settings.loyalty.enabled.then(|| field("points_redeemed", t("Points redeemed"), "number", |t| t.points_redeemed.clone(), |t, v| t.points_redeemed = v))}
            <div class="row">
                <SelectInput id="visit-payment" label=t("Payment")
                    options=PaymentStatus::ALL.iter().map(|p| (format!("{p:?}"), p.label().to_owned())).collect()
                    value=Signal::derive(move || text.with(|t| format!("{:?}", t.payment)))
                    on_change=Callback::new(move |v: String| edit(&|t| t.payment = PaymentStatus::ALL.into_iter().find(|p| format!("{p:?}") == v).unwrap_or_default())) />
                <SelectInput id="visit-outcome" label=t("Outcome")
                    options=std::iter::once(("".to_owned(), t("Booked if upcoming, else completed").to_owned()))
                        .chain(Outcome::ALL.iter().map(|o| (format!("{o:?}"), o.label().to_owned()))).collect()
                    value=Signal::derive(move || text.with(|t| t.outcome.map(|o| format!("{o:?}")).unwrap_or_default()))
                    on_change=Callback::new(move |v: String| edit(&|t| t.outcome = Outcome::ALL.into_iter().find(|o| format!("{o:?}") == v))) />
                <SelectInput id="visit-satisfaction" label=t("Satisfaction")
                    options=std::iter::once(("".to_owned(), "—".to_owned())).chain((1..=5).map(|n| (n.to_string(), tf("{n} of 5", &[("n", n.to_string())])))).collect()
                    value=Signal::derive(move || text.with(|t| t.satisfaction.clone()))
                    on_change=Callback::new(move |v: String| edit(&|t| t.satisfaction = v.clone())) />
            </div>
            <p class="field-error">{move || error_for(errors, "satisfaction").get()}</p>
            {field("location", t("Location"), "text", |t| t.location.clone(), |t, v| t.location = v)}
            <TextInput id="visit-feedback" label=t("Client feedback") multiline=true value=Signal::derive(move || text.with(|t| t.feedback.clone()))
                on_input=Callback::new(move |v: String| edit(&|t| t.feedback = v.clone())) />
            <CheckInput id="visit-complaint" label=t("Feedback is a complaint")
                checked=Signal::derive(move || text.with(|t| t.complaint))
                on_change=Callback::new(move |v: bool| edit(&|t| t.complaint = v)) />
            <TextInput id="visit-note" label=t("Private note") multiline=true value=Signal::derive(move || text.with(|t| t.private_note.clone()))
                on_input=Callback::new(move |v: String| edit(&|t| t.private_note = v.clone())) />
            <Show when=move || failure.get().is_some()>
                <p class="error" role="alert">{move || failure.get()}</p>
            </Show>
            <div class="actions">
                <button type="submit" class="primary">{t("Save visit")}</button>
                <button type="button" on:click=move |_| { ctx.dirty.set(false); form.set(Form::None) }>{t("Cancel")}</button>
            </div>
        </form>
    }
}
