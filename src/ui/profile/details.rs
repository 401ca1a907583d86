//! What the profile says about a client besides their history entries: the counts and totals of
//! their visits, and every detail of the profile. Contact details act: an email opens the mail
//! app, a phone calls and copies, a messenger handle opens its chat where the messenger has a
//! link form (`contact_links`) and copies otherwise.

use chrono::Local;
use leptos::prelude::*;

use crate::i18n::{t, tf, tp};
use crate::insight::{stay_in_touch, LocalDays};
use crate::model::{Client, ClientStats};
use crate::outreach::contact_links::{call_link, email_link, messenger_link, ContactLink};

use super::super::actions::{local_date, local_datetime, now, today};
use super::super::{use_app, AppContext};

/// Visits, no-shows, cancellations, money paid, and the first, last and next visit.
#[component]
pub fn HistoryStats(stats: ClientStats) -> impl IntoView {
    let s = stats;
    let paid = if s.paid.is_empty() {
        "0".to_owned()
    } else {
        s.paid
            .iter()
            .map(|(cur, minor)| crate::i18n::format_money(crate::i18n::lang(), *minor, cur))
            .collect::<Vec<_>>()
            .join(", ")
    };
    view! {
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
    }
}

/// Every filled-in field of the profile, custom fields included; empty ones are left out.
#[component]
pub fn ClientDetails(client: Client) -> impl IntoView {
    let ctx = use_app();
    let c = client;
    let settings = ctx.book.with_untracked(|b| b.settings.clone());
    let referred_by =
        c.source.referred_by.as_ref().and_then(|rid| ctx.book.with_untracked(|b| b.get(rid).map(|r| r.name.clone())));
    let row = |label: &'static str, value: String| {
        (!value.trim().is_empty()).then(|| view! { <dt>{label}</dt><dd>{value}</dd> })
    };
    view! {
        <section aria-labelledby="details-title">
            <h3 id="details-title">{t("Details")}</h3>
            <dl class="details">
                {c.phones.iter().map(|p| {
                    let label = if p.label.is_empty() { t("Phone").to_owned() } else { tf("Phone ({label})", &[("label", p.label.clone())]) };
                    let shown = crate::cleanup::phone::display(&p.number, &settings.default_country_code);
                    let call = call_link(&p.number, &settings.default_country_code);
                    view! {
                        <dt>{label}</dt>
                        <dd class="contact">{contact(call, shown)}{copy_button(ctx, p.number.clone(), t("Phone"), t("Copy phone"))}</dd>
                    }
                }).collect_view()}
                {c.emails.iter().map(|e| view! {
                    <dt>{t("Email")}</dt>
                    <dd class="contact">{email(e)}{copy_button(ctx, e.clone(), t("Email"), t("Copy email"))}</dd>
                }).collect_view()}
                {c.messengers.iter().filter(|m| !m.handle.trim().is_empty()).map(|m| {
                    let chat = messenger_link(m.kind, &m.handle, &settings.default_country_code);
                    // Copy where there is no chat to open: the user pastes the handle in the app.
                    let copy = chat.is_none().then(|| copy_button(ctx, m.handle.clone(), t("Messenger handle"), t("Copy messenger handle")));
                    view! { <dt>{m.kind.label()}</dt><dd class="contact">{contact(chat, m.handle.clone())}{copy}</dd> }
                }).collect_view()}
                {row(t("Address"), [&c.address.street, &c.address.postcode, &c.address.city, &c.address.region, &c.address.country]
                    .iter().filter(|s| !s.is_empty()).map(|s| s.as_str()).collect::<Vec<_>>().join(", "))}
                {row(t("Legal name"), c.legal_name.clone())}
                {row(t("Birthday"), c.birthday.map(|b| {
                    let date = crate::i18n::format_birthday(crate::i18n::lang(), b.month, b.day, b.year);
                    b.age_on(today()).map_or_else(|| date.clone(), |age| format!("{date} ({})", tp("age {n}", "age {n}", u64::from(age))))
                }).unwrap_or_default())}
                {row(t("Gender"), c.gender.clone())}
                {row(t("Language"), c.language.clone())}
                {row(t("Source"), format!("{}{}{}", c.source.kind.label(),
                    referred_by.map(|n| format!(" — {n}")).unwrap_or_default(),
                    if c.source.detail.is_empty() { String::new() } else { format!(" ({})", c.source.detail) }))}
                {c.contact_every_days.map(|days| {
                    let id = c.id.clone();
                    let every = tp("{n} day", "{n} days", u64::from(days));
                    // The due date only from the whole history: a summary may miss the last contact.
                    let text = move || {
                        let due = ctx.book.with(|b| {
                            b.get_full(&id).and_then(|c| stay_in_touch::due(c, now(), &LocalDays::new(&Local)))
                        });
                        match due {
                            Some(due) => tf("every {days}, next due {date}", &[
                                ("days", every.clone()),
                                ("date", crate::i18n::format_date(crate::i18n::lang(), due)),
                            ]),
                            None => tf("every {days}", &[("days", every.clone())]),
                        }
                    };
                    view! { <dt>{t("Stay in touch")}</dt><dd>{text}</dd> }
                })}
                {row(t("Preferences"), c.preferences.clone())}
                {row(t("Boundaries / never do"), c.boundaries.clone())}
                {row(t("Notes"), c.notes.clone())}
                {row(t("Data consent"), c.consent.data.as_ref().map(|d| {
                    let date = crate::i18n::format_date(crate::i18n::lang(), d.date);
                    if d.method.trim().is_empty() { date } else { format!("{date} ({})", d.method.trim()) }
                }).unwrap_or_else(|| t("Not recorded").into()))}
                {row(t("Marketing consent"), {
                    let m = &c.consent.marketing;
                    let channels: Vec<&str> = [(m.sms, t("SMS")), (m.email, t("Email")), (m.messenger, t("Messengers")), (m.phone, t("Phone calls"))]
                        .iter().filter(|(on, _)| *on).map(|(_, n)| *n).collect();
                    if channels.is_empty() { t("None").to_owned() } else { channels.join(", ") }
                })}
                {settings.custom_fields.iter().map(|def| row_owned(def.label.clone(), c.custom.get(&def.id).map(|v| def.kind.display(v)).unwrap_or_default())).collect_view()}
                {row(t("Created"), local_datetime(c.created))}
                {row(t("Updated"), local_datetime(c.updated))}
            </dl>
        </section>
    }
}

/// A detail whose label is the user's own (a custom field), shown only when it has a value.
fn row_owned(label: String, value: String) -> Option<impl IntoView> {
    (!value.trim().is_empty()).then(|| view! { <dt>{label}</dt><dd>{value}</dd> })
}

/// A contact detail, as a link where it has one. A web address (a messenger's chat) opens in
/// a new tab, so an installed app stays on the book; `tel:` and `mailto:` go to an app and
/// would leave an empty tab behind.
fn contact(link: Option<ContactLink>, text: String) -> impl IntoView {
    match link {
        Some(link) if link.is_web() => {
            view! { <a href=link.href target="_blank" rel="noopener noreferrer">{text}</a> }.into_any()
        }
        Some(link) => view! { <a href=link.href>{text}</a> }.into_any(),
        None => view! { <span>{text}</span> }.into_any(),
    }
}

/// An email address, as a `mailto:` link when it looks like one. It may wrap only after its
/// "@": a break anywhere else reads as two addresses or a typo, and an ellipsis would hide the
/// part that tells two addresses apart. Each half is a box that breaks inside only when it is
/// longer than a line; a screen reader would read the boxes with a space between them, so the
/// link is named by the whole address.
fn email(address: &str) -> impl IntoView {
    let address = address.trim().to_owned();
    match (email_link(&address), address.split_once('@')) {
        (Some(link), Some((local, domain))) => view! {
            <a href=link.href aria-label=address.clone()>
                <span class="email-part">{format!("{local}@")}</span><wbr /><span class="email-part">{domain.to_owned()}</span>
            </a>
        }
        .into_any(),
        _ => view! { <span>{address.clone()}</span> }.into_any(),
    }
}

/// A small "Copy" button; the clipboard clears itself 30 s later (see `security`).
fn copy_button(ctx: AppContext, value: String, what: &'static str, label: &'static str) -> impl IntoView {
    view! {
        <button type="button" class="copy" aria-label=label
            on:click=move |_| super::super::security::copy_then_clear(ctx, value.clone(), what)>{t("Copy")}</button>
    }
}
