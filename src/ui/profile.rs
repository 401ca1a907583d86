//! A client's profile: who they are, what to remember, their history as one timeline, and the
//! forms to add a visit, an interaction or a follow-up.

use chrono::{DateTime, Local, NaiveDate, NaiveTime, TimeZone, Timelike, Utc};
use leptos::ev::SubmitEvent;
use leptos::prelude::*;

use crate::i18n::{t, tf};

use super::actions::{change_client, local_date, local_datetime, now, open_detail, today, update_client};
use super::widgets::{error_for, ModalDialog, SelectInput, TagChip, TextInput};
use super::{use_app, AppContext, Detail};
use crate::model::{
    format_minor, new_record_id, parse_minor, Channel, Direction, FieldError, FollowUp, Interaction, Outcome,
    PaymentStatus, Status, TimelineItem, Visit,
};

/// Which inline form is open under the profile header.
#[derive(Clone, PartialEq)]
enum Form {
    None,
    Visit(Option<String>),
    Interaction,
    FollowUp,
}

#[component]
pub fn ProfileView(
    /// The client's id.
    id: String,
) -> impl IntoView {
    let ctx = use_app();
    let form = RwSignal::new(Form::None);
    let client = {
        let id = id.clone();
        Memo::new(move |_| ctx.book.with(|b| b.get(&id).cloned()))
    };
    let stats = {
        let id = id.clone();
        Memo::new(move |_| ctx.book.with(|b| b.entry(&id).map(|e| e.stats.clone())))
    };
    let id = StoredValue::new(id);

    let row = |label: &'static str, value: String| {
        (!value.trim().is_empty()).then(|| view! { <dt>{label}</dt><dd>{value}</dd> })
    };

    move || {
        let Some(c) = client.get() else {
            return view! { <p class="placeholder">{t("This client is no longer in the book.")}</p> }.into_any();
        };
        let s = stats.get().unwrap_or_default();
        let settings = ctx.book.with_untracked(|b| b.settings.clone());
        let referred_by = c
            .source
            .referred_by
            .as_ref()
            .and_then(|rid| ctx.book.with_untracked(|b| b.get(rid).map(|r| r.name.clone())));
        let paid = if s.paid.is_empty() {
            "0".to_owned()
        } else {
            s.paid
                .iter()
                .map(|(cur, minor)| crate::i18n::format_money(crate::i18n::lang(), *minor, cur))
                .collect::<Vec<_>>()
                .join(", ")
        };
        let blocked = match &c.status {
            Status::Blocked { reason, since } => Some(tf(
                "Blocked since {date}: {reason}",
                &[("date", crate::i18n::format_date(crate::i18n::lang(), *since)), ("reason", reason.clone())],
            )),
            _ => None,
        };
        let timeline: Vec<TimelineEntry> = c.timeline().into_iter().map(TimelineEntry::of).collect();
        let follow_ups = c.follow_ups.clone();
        view! {
            <article class="profile" aria-labelledby="profile-name">
                <div class="editor-head">
                    <button type="button" class="back" on:click=move |_| open_detail(ctx, Detail::Nothing)>{t("Back to list")}</button>
                </div>
                <header class="profile-head">
                    <h2 id="profile-name">{c.name.clone()}</h2>
                    {(!c.alias.is_empty()).then(|| view! { <p class="alias">{format!("“{}”", c.alias)}</p> })}
                    <p class="status">{c.status.kind().label()}</p>
                    <p class="tags">
                        {c.tags.iter().map(|t| view! { <TagChip name=t.clone() color=settings.tag_color(t).to_owned() /> }).collect_view()}
                    </p>
                </header>
                {blocked.map(|text| view! { <p class="banner danger" role="alert">{format!("⛔ {text}")}</p> })}
                {(!c.alert.is_empty()).then(|| view! { <p class="banner warning pinned-alert">{format!("⚑ {}", c.alert)}</p> })}

                <div class="actions">
                    <button type="button" class="primary" on:click=move |_| form.set(Form::Visit(None))>{t("Add visit")}</button>
                    <button type="button" on:click=move |_| form.set(Form::Interaction)>{t("Log interaction")}</button>
                    <button type="button" on:click=move |_| form.set(Form::FollowUp)>{t("Add follow-up")}</button>
                    <button type="button" on:click=move |_| open_detail(ctx, Detail::Edit(Some(id.get_value())))>{t("Edit profile")}</button>
                    <button type="button" class="danger" on:click=move |_| {
                        change_client(ctx, &id.get_value(), t("Moved to Trash."), true, |c| c.trashed = Some(now()));
                        ctx.detail.set(Detail::Nothing);
                    }>{t("Move to Trash")}</button>
                </div>

                {move || match form.get() {
                    Form::None => ().into_any(),
                    Form::Visit(visit_id) => view! { <VisitForm client_id=id.get_value() visit_id=visit_id form=form /> }.into_any(),
                    Form::Interaction => view! { <InteractionForm client_id=id.get_value() form=form /> }.into_any(),
                    Form::FollowUp => view! { <FollowUpForm client_id=id.get_value() form=form /> }.into_any(),
                }}

                <section aria-labelledby="stats-title">
                    <h3 id="stats-title">{t("History")}</h3>
                    <dl class="stats">
                        <dt>{t("Visits")}</dt><dd>{s.completed}</dd>
                        <dt>{t("No-shows")}</dt><dd>{s.no_shows}</dd>
                        <dt>{t("Cancellations")}</dt><dd>{s.cancellations}</dd>
                        <dt>{t("Total paid")}</dt><dd>{paid}</dd>
                        <dt>{t("First visit")}</dt><dd>{s.first_visit.map(local_date).unwrap_or_else(|| "—".into())}</dd>
                        <dt>{t("Last visit")}</dt><dd>{s.last_visit.map(local_date).unwrap_or_else(|| "—".into())}</dd>
                        <dt>{t("Next appointment")}</dt><dd>{s.next_appointment.map(local_datetime).unwrap_or_else(|| "—".into())}</dd>
                    </dl>
                </section>

                <section aria-labelledby="details-title">
                    <h3 id="details-title">{t("Details")}</h3>
                    <dl class="details">
                        {c.phones.iter().map(|p| {
                            let label = if p.label.is_empty() { t("Phone").to_owned() } else { tf("Phone ({label})", &[("label", p.label.clone())]) };
                            view! { <dt>{label}</dt><dd><a href=format!("tel:{}", p.number)>{p.number.clone()}</a>" "{copy_button(ctx, p.number.clone(), t("Phone"), t("Copy phone"))}</dd> }
                        }).collect_view()}
                        {c.emails.iter().map(|e| view! { <dt>{t("Email")}</dt><dd>{e.clone()}" "{copy_button(ctx, e.clone(), t("Email"), t("Copy email"))}</dd> }).collect_view()}
                        {c.messengers.iter().map(|m| view! { <dt>{m.kind.label()}</dt><dd>{m.handle.clone()}</dd> }).collect_view()}
                        {row(t("Address"), [&c.address.street, &c.address.postcode, &c.address.city, &c.address.region, &c.address.country]
                            .iter().filter(|s| !s.is_empty()).map(|s| s.as_str()).collect::<Vec<_>>().join(", "))}
                        {row(t("Legal name"), c.legal_name.clone())}
                        {row(t("Birthday"), c.birthday.map(|b| match b.year {
                            Some(y) => format!("{y}-{:02}-{:02}{}", b.month, b.day, b.age_on(today()).map(|a| format!(" ({})", tf("age {age}", &[("age", a.to_string())]))).unwrap_or_default()),
                            None => format!("{:02}-{:02}", b.month, b.day),
                        }).unwrap_or_default())}
                        {row(t("Gender"), c.gender.clone())}
                        {row(t("Language"), c.language.clone())}
                        {row(t("Source"), format!("{}{}{}", c.source.kind.label(),
                            referred_by.map(|n| format!(" — {n}")).unwrap_or_default(),
                            if c.source.detail.is_empty() { String::new() } else { format!(" ({})", c.source.detail) }))}
                        {row(t("Preferences"), c.preferences.clone())}
                        {row(t("Boundaries / never do"), c.boundaries.clone())}
                        {row(t("Notes"), c.notes.clone())}
                        {row(t("Data consent"), c.consent.data.as_ref().map(|d| format!("{} ({})", d.date, d.method)).unwrap_or_else(|| t("Not recorded").into()))}
                        {row(t("Marketing consent"), {
                            let m = &c.consent.marketing;
                            let channels: Vec<&str> = [(m.sms, t("SMS")), (m.email, t("Email")), (m.messenger, t("Messengers")), (m.phone, t("Phone calls"))]
                                .iter().filter(|(on, _)| *on).map(|(_, n)| *n).collect();
                            if channels.is_empty() { t("None").to_owned() } else { channels.join(", ") }
                        })}
                        {settings.custom_fields.iter().map(|def| row_owned(def.label.clone(), c.custom.get(&def.id).cloned().unwrap_or_default())).collect_view()}
                        {row(t("Created"), local_datetime(c.created))}
                        {row(t("Updated"), local_datetime(c.updated))}
                    </dl>
                </section>

                <PrivacyTools id=id.get_value() name=c.name.clone() />

                <section aria-labelledby="followups-title">
                    <h3 id="followups-title">{t("Follow-ups")}</h3>
                    {if follow_ups.is_empty() { Some(view! { <p class="empty">{t("No follow-ups.")}</p> }) } else { None }}
                    <ul class="followups">
                        {follow_ups.into_iter().map(|f| {
                            let fid = f.id.clone();
                            let label = format!("{} — {}", f.due, f.text);
                            view! {
                                <li class:done=f.done>
                                    <label>
                                        <input type="checkbox" prop:checked=f.done on:change=move |ev| {
                                            let done = event_target_checked(&ev);
                                            let fid = fid.clone();
                                            change_client(ctx, &id.get_value(), if done { t("Follow-up done.") } else { t("Follow-up reopened.") }, false,
                                                move |c| if let Some(f) = c.follow_ups.iter_mut().find(|f| f.id == fid) { f.done = done });
                                        } />
                                        {label}
                                    </label>
                                </li>
                            }
                        }).collect_view()}
                    </ul>
                </section>

                <section aria-labelledby="timeline-title">
                    <h3 id="timeline-title">{t("Timeline")}</h3>
                    {if timeline.is_empty() { Some(view! { <p class="empty">{t("No visits or interactions yet.")}</p> }) } else { None }}
                    <ol class="timeline">
                        {timeline.into_iter().map(|entry| {
                            let entry_id = entry.id.clone();
                            let is_visit = entry.is_visit;
                            view! {
                                <li class:appointment=entry.upcoming>
                                    <p class="when">{entry.when}</p>
                                    <p class="what">{entry.title}</p>
                                    {(!entry.detail.is_empty()).then(|| view! { <p class="detail">{entry.detail.clone()}</p> })}
                                    <div class="entry-actions">
                                        {is_visit.then(|| {
                                            let edit_id = entry_id.clone();
                                            view! { <button type="button" on:click=move |_| form.set(Form::Visit(Some(edit_id.clone())))>{t("Edit visit")}</button> }
                                        })}
                                        <button type="button" class="danger" on:click=move |_| {
                                            let eid = entry_id.clone();
                                            change_client(ctx, &id.get_value(), if is_visit { t("Visit deleted.") } else { t("Interaction deleted.") }, true,
                                                move |c| { c.visits.retain(|v| v.id != eid); c.interactions.retain(|i| i.id != eid); });
                                        }>{if is_visit { t("Delete visit") } else { t("Delete interaction") }}</button>
                                    </div>
                                </li>
                            }
                        }).collect_view()}
                    </ol>
                </section>
            </article>
        }
        .into_any()
    }
}

fn row_owned(label: String, value: String) -> Option<impl IntoView> {
    (!value.trim().is_empty()).then(|| view! { <dt>{label}</dt><dd>{value}</dd> })
}

/// A timeline line, ready to render.
struct TimelineEntry {
    id: String,
    is_visit: bool,
    upcoming: bool,
    when: String,
    title: String,
    detail: String,
}

impl TimelineEntry {
    fn of(item: TimelineItem) -> Self {
        match item {
            TimelineItem::Visit(v) => {
                let money = if v.price > 0 || v.paid > 0 {
                    format!(
                        " · {}",
                        tf(
                            "{paid} of {price} paid ({status})",
                            &[
                                ("paid", crate::i18n::format_money(crate::i18n::lang(), v.paid, &v.currency)),
                                ("price", crate::i18n::format_money(crate::i18n::lang(), v.price, &v.currency)),
                                ("status", v.payment.label().to_owned()),
                            ]
                        )
                    )
                } else {
                    String::new()
                };
                let service = if v.service.is_empty() { t("Visit").to_owned() } else { v.service.clone() };
                let mut detail: Vec<String> = Vec::new();
                if let Some(score) = v.satisfaction {
                    detail.push(tf("Satisfaction {score}/5", &[("score", score.to_string())]));
                }
                for text in [&v.location, &v.feedback, &v.private_note] {
                    if !text.is_empty() {
                        detail.push(text.clone());
                    }
                }
                Self {
                    id: v.id.clone(),
                    is_visit: true,
                    upcoming: v.is_appointment(now()),
                    when: local_datetime(v.start),
                    title: format!(
                        "{service} — {}, {}{money}",
                        v.outcome.label(),
                        tf("{n} min", &[("n", v.duration_min.to_string())])
                    ),
                    detail: detail.join(" · "),
                }
            }
            TimelineItem::Interaction(i) => Self {
                id: i.id.clone(),
                is_visit: false,
                upcoming: false,
                when: local_datetime(i.at),
                title: format!(
                    "{} ({}){}",
                    i.channel.label(),
                    i.direction.label(),
                    if i.topic.is_empty() { String::new() } else { format!(": {}", i.topic) }
                ),
                detail: i.notes.clone(),
            },
        }
    }
}

/// Local date and time typed into a form, as a UTC instant.
fn local_instant(date: &str, time: &str) -> Option<DateTime<Utc>> {
    let date = NaiveDate::parse_from_str(date.trim(), "%Y-%m-%d").ok()?;
    let time = NaiveTime::parse_from_str(time.trim(), "%H:%M").ok()?;
    Local.from_local_datetime(&date.and_time(time)).earliest().map(|t| t.with_timezone(&Utc))
}

fn next_full_hour() -> (String, String) {
    let next = Local::now() + chrono::Duration::hours(1);
    let next = next.with_minute(0).unwrap_or(next);
    (next.format("%Y-%m-%d").to_string(), next.format("%H:00").to_string())
}

#[derive(Clone)]
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
            private_note: self.private_note.trim().to_owned(),
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

#[component]
fn VisitForm(client_id: String, visit_id: Option<String>, form: RwSignal<Form>) -> impl IntoView {
    let ctx = use_app();
    let settings = ctx.book.with_untracked(|b| b.settings.clone());
    let existing = visit_id.as_ref().and_then(|vid| {
        ctx.book.with_untracked(|b| b.get(&client_id).and_then(|c| c.visits.iter().find(|v| &v.id == vid).cloned()))
    });
    let text = RwSignal::new(existing.as_ref().map_or_else(|| VisitText::new(&settings.currency), VisitText::of));
    let errors = RwSignal::new(Vec::<FieldError>::new());
    let failure = RwSignal::new(None::<String>);
    let client_id = StoredValue::new(client_id);
    let visit_id = StoredValue::new(visit_id);
    let services = StoredValue::new(settings.services.clone());

    let field = move |key: &'static str,
                      label: &'static str,
                      input_type: &'static str,
                      get: fn(&VisitText) -> String,
                      set: fn(&mut VisitText, String)| {
        view! {
            <TextInput id=format!("visit-{key}") label=label input_type=input_type value=Signal::derive(move || text.with(get))
                on_input=Callback::new(move |v| { text.update(|t| set(t, v)); ctx.dirty.set(true); })
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
        let visit = match text.with_untracked(|t| t.to_visit(id)) {
            Ok(visit) => visit,
            Err(problems) => return errors.set(problems),
        };
        errors.set(Vec::new());
        leptos::task::spawn_local(async move {
            let result = update_client(ctx, &client_id.get_value(), move |c| {
                c.visits.retain(|v| v.id != visit.id);
                c.visits.push(visit);
            })
            .await;
            match result {
                Ok(()) => {
                    ctx.dirty.set(false);
                    super::actions::show(ctx, t("Visit saved."));
                    form.set(Form::None);
                }
                Err(message) => failure.set(Some(message)),
            }
        });
    };

    let service_options: Vec<(String, String)> = std::iter::once((String::new(), t("— Other —").to_owned()))
        .chain(settings.services.iter().map(|s| (s.name.clone(), s.name.clone())))
        .collect();
    view! {
        <form class="subform" on:submit=save novalidate aria-labelledby="visit-form-title">
            <h3 id="visit-form-title">{if visit_id.get_value().is_some() { t("Edit visit") } else { t("New visit") }}</h3>
            <div class="row">
                {field("visit_date", t("Date"), "date", |t| t.date.clone(), |t, v| t.date = v)}
                {field("time", t("Start time"), "time", |t| t.time.clone(), |t, v| t.time = v)}
                {field("duration", t("Duration (minutes)"), "number", |t| t.duration.clone(), |t, v| t.duration = v)}
            </div>
            <SelectInput id="visit-service" label=t("Service") options=service_options
                value=Signal::derive(move || {
                    let name = text.with(|t| t.service.clone());
                    if services.with_value(|s| s.iter().any(|s| s.name == name)) { name } else { String::new() }
                })
                on_change=Callback::new(move |name: String| {
                    let chosen = services.with_value(|s| s.iter().find(|s| s.name == name).cloned());
                    text.update(|t| {
                        t.service = name;
                        if let Some(service) = chosen {
                            t.duration = service.duration_min.to_string();
                            t.price = format_minor(service.price, &service.currency);
                            t.currency = service.currency.clone();
                        }
                    });
                }) />
            {field("service_name", t("Service name (if not listed)"), "text", |t| t.service.clone(), |t, v| t.service = v)}
            <div class="row">
                {field("price", t("Price"), "text", |t| t.price.clone(), |t, v| t.price = v)}
                {field("paid", t("Paid"), "text", |t| t.paid.clone(), |t, v| t.paid = v)}
                {field("currency", t("Currency"), "text", |t| t.currency.clone(), |t, v| t.currency = v)}
            </div>
            <div class="row">
                <SelectInput id="visit-payment" label=t("Payment")
                    options=PaymentStatus::ALL.iter().map(|p| (format!("{p:?}"), p.label().to_owned())).collect()
                    value=Signal::derive(move || text.with(|t| format!("{:?}", t.payment)))
                    on_change=Callback::new(move |v: String| text.update(|t| t.payment = PaymentStatus::ALL.into_iter().find(|p| format!("{p:?}") == v).unwrap_or_default())) />
                <SelectInput id="visit-outcome" label=t("Outcome")
                    options=std::iter::once(("".to_owned(), t("Booked if upcoming, else completed").to_owned()))
                        .chain(Outcome::ALL.iter().map(|o| (format!("{o:?}"), o.label().to_owned()))).collect()
                    value=Signal::derive(move || text.with(|t| t.outcome.map(|o| format!("{o:?}")).unwrap_or_default()))
                    on_change=Callback::new(move |v: String| text.update(|t| t.outcome = Outcome::ALL.into_iter().find(|o| format!("{o:?}") == v))) />
                <SelectInput id="visit-satisfaction" label=t("Satisfaction")
                    options=std::iter::once(("".to_owned(), "—".to_owned())).chain((1..=5).map(|n| (n.to_string(), tf("{n} of 5", &[("n", n.to_string())])))).collect()
                    value=Signal::derive(move || text.with(|t| t.satisfaction.clone()))
                    on_change=Callback::new(move |v: String| text.update(|t| t.satisfaction = v)) />
            </div>
            <p class="field-error">{move || error_for(errors, "satisfaction").get()}</p>
            {field("location", t("Location"), "text", |t| t.location.clone(), |t, v| t.location = v)}
            <TextInput id="visit-feedback" label=t("Client feedback") multiline=true value=Signal::derive(move || text.with(|t| t.feedback.clone()))
                on_input=Callback::new(move |v| text.update(|t| t.feedback = v)) />
            <TextInput id="visit-note" label=t("Private note") multiline=true value=Signal::derive(move || text.with(|t| t.private_note.clone()))
                on_input=Callback::new(move |v| text.update(|t| t.private_note = v)) />
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

#[component]
fn InteractionForm(client_id: String, form: RwSignal<Form>) -> impl IntoView {
    let ctx = use_app();
    let local = Local::now();
    let date = RwSignal::new(local.format("%Y-%m-%d").to_string());
    let time = RwSignal::new(local.format("%H:%M").to_string());
    let channel = RwSignal::new(Channel::Call);
    let direction = RwSignal::new(Direction::Outgoing);
    let topic = RwSignal::new(String::new());
    let notes = RwSignal::new(String::new());
    let errors = RwSignal::new(Vec::<FieldError>::new());
    let failure = RwSignal::new(None::<String>);
    let client_id = StoredValue::new(client_id);

    let save = move |ev: SubmitEvent| {
        ev.prevent_default();
        let Some(at) = local_instant(&date.get_untracked(), &time.get_untracked()) else {
            return errors.set(vec![FieldError::new("interaction_date", t("Enter the date and time."))]);
        };
        let id = match new_record_id() {
            Ok(id) => id,
            Err(e) => return failure.set(Some(e.to_string())),
        };
        let interaction = Interaction {
            id,
            at,
            channel: channel.get_untracked(),
            direction: direction.get_untracked(),
            topic: topic.get_untracked().trim().to_owned(),
            notes: notes.get_untracked().trim().to_owned(),
        };
        leptos::task::spawn_local(async move {
            match update_client(ctx, &client_id.get_value(), move |c| c.interactions.push(interaction)).await {
                Ok(()) => {
                    super::actions::show(ctx, t("Interaction logged."));
                    form.set(Form::None);
                }
                Err(message) => failure.set(Some(message)),
            }
        });
    };
    view! {
        <form class="subform" on:submit=save novalidate aria-labelledby="interaction-form-title">
            <h3 id="interaction-form-title">{t("Log interaction")}</h3>
            <div class="row">
                <TextInput id="interaction-date" label=t("Date") input_type="date" value=date on_input=Callback::new(move |v| date.set(v))
                    error=error_for(errors, "interaction_date") />
                <TextInput id="interaction-time" label=t("Time") input_type="time" value=time on_input=Callback::new(move |v| time.set(v)) />
            </div>
            <div class="row">
                <SelectInput id="interaction-channel" label=t("Channel")
                    options=Channel::ALL.iter().map(|c| (format!("{c:?}"), c.label().to_owned())).collect()
                    value=Signal::derive(move || format!("{:?}", channel.get()))
                    on_change=Callback::new(move |v: String| channel.set(Channel::ALL.into_iter().find(|c| format!("{c:?}") == v).unwrap_or_default())) />
                <SelectInput id="interaction-direction" label=t("Direction")
                    options=vec![("Outgoing".into(), t("Outgoing").into()), ("Incoming".into(), t("Incoming").into())]
                    value=Signal::derive(move || format!("{:?}", direction.get()))
                    on_change=Callback::new(move |v: String| direction.set(if v == "Incoming" { Direction::Incoming } else { Direction::Outgoing })) />
            </div>
            <TextInput id="interaction-topic" label=t("Topic") value=topic on_input=Callback::new(move |v| topic.set(v)) />
            <TextInput id="interaction-notes" label=t("Interaction notes") multiline=true value=notes on_input=Callback::new(move |v| notes.set(v)) />
            <Show when=move || failure.get().is_some()>
                <p class="error" role="alert">{move || failure.get()}</p>
            </Show>
            <div class="actions">
                <button type="submit" class="primary">{t("Save interaction")}</button>
                <button type="button" on:click=move |_| form.set(Form::None)>{t("Cancel")}</button>
            </div>
        </form>
    }
}

#[component]
fn FollowUpForm(client_id: String, form: RwSignal<Form>) -> impl IntoView {
    let ctx = use_app();
    let due = RwSignal::new(today().to_string());
    let text = RwSignal::new(String::new());
    let errors = RwSignal::new(Vec::<FieldError>::new());
    let failure = RwSignal::new(None::<String>);
    let client_id = StoredValue::new(client_id);

    let save = move |ev: SubmitEvent| {
        ev.prevent_default();
        let mut problems = Vec::new();
        let due_date = NaiveDate::parse_from_str(due.get_untracked().trim(), "%Y-%m-%d").ok();
        if due_date.is_none() {
            problems.push(FieldError::new("due", t("Enter the due date.")));
        }
        if text.with_untracked(|t| t.trim().is_empty()) {
            problems.push(FieldError::new("followup_text", t("Say what to follow up on.")));
        }
        let (Some(due_date), true) = (due_date, problems.is_empty()) else {
            return errors.set(problems);
        };
        let id = match new_record_id() {
            Ok(id) => id,
            Err(e) => return failure.set(Some(e.to_string())),
        };
        let follow_up = FollowUp { id, due: due_date, text: text.get_untracked().trim().to_owned(), done: false };
        leptos::task::spawn_local(async move {
            match update_client(ctx, &client_id.get_value(), move |c| c.follow_ups.push(follow_up)).await {
                Ok(()) => {
                    super::actions::show(ctx, t("Follow-up added."));
                    form.set(Form::None);
                }
                Err(message) => failure.set(Some(message)),
            }
        });
    };
    view! {
        <form class="subform" on:submit=save novalidate aria-labelledby="followup-form-title">
            <h3 id="followup-form-title">{t("New follow-up")}</h3>
            <TextInput id="followup-due" label=t("Due date") input_type="date" value=due on_input=Callback::new(move |v| due.set(v))
                error=error_for(errors, "due") />
            <TextInput id="followup-text" label=t("What to do") value=text on_input=Callback::new(move |v| text.set(v))
                error=error_for(errors, "followup_text") />
            <Show when=move || failure.get().is_some()>
                <p class="error" role="alert">{move || failure.get()}</p>
            </Show>
            <div class="actions">
                <button type="submit" class="primary">{t("Save follow-up")}</button>
                <button type="button" on:click=move |_| form.set(Form::None)>{t("Cancel")}</button>
            </div>
        </form>
    }
}

/// What the privacy panel is asking about.
#[derive(Clone, Copy, PartialEq)]
enum PrivacyStep {
    Closed,
    ConfirmDataExport,
    ConfirmVcard,
    ConfirmErase,
}

/// Consent tools for one client: their data as a file or on paper, and erasure on request.
#[component]
fn PrivacyTools(id: String, name: String) -> impl IntoView {
    let ctx = use_app();
    let step = RwSignal::new(PrivacyStep::Closed);
    let typed = RwSignal::new(String::new());
    let id = StoredValue::new(id);
    let name = StoredValue::new(name);
    let file_stem = move || format!("clientele-client-{}-{}", &id.get_value()[..8.min(id.get_value().len())], today());

    let export_data = move |_| {
        let text = ctx.book.with_untracked(|b| {
            b.get(&id.get_value()).map(|c| {
                let referrer = c.source.referred_by.as_ref().and_then(|r| b.get(r)).map(|r| r.name.clone());
                crate::export::client_data_json(c, &b.settings, referrer.as_deref())
            })
        });
        step.set(PrivacyStep::Closed);
        if let Some(text) = text {
            match crate::web::files::download(text.as_bytes(), &format!("{}.json", file_stem()), "application/json") {
                Ok(()) => super::actions::show(ctx, t("The client's data was downloaded, unencrypted.")),
                Err(e) => super::actions::show_error(ctx, e),
            }
        }
    };
    let export_vcard = move |_| {
        let text = ctx.book.with_untracked(|b| b.get(&id.get_value()).map(|c| crate::export::vcards([c])));
        step.set(PrivacyStep::Closed);
        if let Some(text) = text {
            if let Err(e) = crate::web::files::download(
                text.as_bytes(),
                &format!("{}.vcf", file_stem()),
                "text/vcard;charset=utf-8",
            ) {
                super::actions::show_error(ctx, e);
            }
        }
    };
    let erase = move |_| {
        let client_id = id.get_value();
        leptos::task::spawn_local(async move {
            match super::actions::erase_client(ctx, &client_id).await {
                Ok(()) => {
                    ctx.detail.set(Detail::Nothing);
                    super::actions::show(
                        ctx,
                        t("Erased from this device. Backup files made earlier still contain this client."),
                    );
                }
                Err(e) => super::actions::show_error(ctx, e),
            }
        });
    };
    let unencrypted_warning = t("This file is not encrypted: anyone who gets it can read it.");

    view! {
        <section aria-labelledby="privacy-title" class="privacy">
            <h3 id="privacy-title">{t("Privacy and consent")}</h3>
            <div class="actions">
                <button type="button" on:click=move |_| step.set(PrivacyStep::ConfirmDataExport)>{t("Export this client's data")}</button>
                <button type="button" on:click=move |_| { let _ = web_sys::window().map(|w| w.print()); }>{t("Print this client's data")}</button>
                <button type="button" on:click=move |_| step.set(PrivacyStep::ConfirmVcard)>{t("Contact as vCard")}</button>
                <button type="button" class="danger" on:click=move |_| { typed.set(String::new()); step.set(PrivacyStep::ConfirmErase) }>{t("Erase permanently")}</button>
            </div>
            {move || match step.get() {
                PrivacyStep::Closed => ().into_any(),
                PrivacyStep::ConfirmDataExport => view! {
                    <ModalDialog label=t("Unencrypted export") class="warning" on_close=Callback::new(move |_| step.set(PrivacyStep::Closed))>
                        <p>{unencrypted_warning}</p>
                        <button type="button" class="danger" on:click=export_data>{t("Download unencrypted file")}</button>
                        <button type="button" on:click=move |_| step.set(PrivacyStep::Closed)>{t("Cancel")}</button>
                    </ModalDialog>
                }.into_any(),
                PrivacyStep::ConfirmVcard => view! {
                    <ModalDialog label=t("Unencrypted export") class="warning" on_close=Callback::new(move |_| step.set(PrivacyStep::Closed))>
                        <p>{unencrypted_warning}</p>
                        <button type="button" class="danger" on:click=export_vcard>{t("Download unencrypted file")}</button>
                        <button type="button" on:click=move |_| step.set(PrivacyStep::Closed)>{t("Cancel")}</button>
                    </ModalDialog>
                }.into_any(),
                PrivacyStep::ConfirmErase => view! {
                    <ModalDialog label=t("Erase permanently") class="danger" on_close=Callback::new(move |_| step.set(PrivacyStep::Closed))>
                        <p>{move || tf("This removes {name} from this device for good: the profile, every visit, interaction and follow-up, also from Trash. It cannot be undone. Backup files you exported earlier still contain them.", &[("name", name.get_value())])}</p>
                        <TextInput id="erase-confirm" label=t("Type the client's name to confirm") value=typed on_input=Callback::new(move |v| typed.set(v)) />
                        <button type="button" class="danger" disabled=move || typed.get().trim() != name.get_value().trim() on:click=erase>{t("Erase this client permanently")}</button>
                        <button type="button" on:click=move |_| step.set(PrivacyStep::Closed)>{t("Cancel")}</button>
                    </ModalDialog>
                }.into_any(),
            }}
        </section>
    }
}

/// A small "Copy" button; the clipboard clears itself 30 s later (see `security`).
fn copy_button(ctx: AppContext, value: String, what: &'static str, label: &'static str) -> impl IntoView {
    view! {
        <button type="button" class="copy" aria-label=label
            on:click=move |_| super::security::copy_then_clear(ctx, value.clone(), what)>{t("Copy")}</button>
    }
}
