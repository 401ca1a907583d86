//! The full client profile form. Validates inline (every problem marked at once), keeps
//! everything typed when a save is refused, and shows "Saved" only after the store committed.

use chrono::NaiveDate;
use leptos::ev::SubmitEvent;
use leptos::prelude::*;

use crate::i18n::{t, tf};

use super::actions::{now, open_detail, persist, show, today, update_client};
use super::widgets::{error_for, focus_first_invalid, CheckInput, SelectInput, TextInput};
use super::{use_app, AppContext, Detail};
use crate::book::DraftForm;
use crate::model::{
    new_record_id, Birthday, Client, CustomFieldDef, CustomFieldKind, DataConsent, FieldError, Messenger,
    MessengerKind, Phone, SourceKind, Status, StatusKind,
};
use crate::search::{fold, SearchQuery};

/// The parts of the form that are typed as text but stored as dates or numbers. Kept as they
/// are in a draft (see `drafts`), with the status chosen.
#[derive(Clone, Default, serde::Serialize, serde::Deserialize)]
#[serde(default)]
struct TypedText {
    birthday_day: String,
    birthday_month: String,
    birthday_year: String,
    blocked_reason: String,
    blocked_since: String,
    consent_given: bool,
    consent_date: String,
    consent_method: String,
    tags: String,
    /// Stay in touch every this many days; empty for never.
    contact_every_days: String,
    status: Option<StatusKind>,
}

impl TypedText {
    fn of(client: &Client) -> Self {
        let (blocked_reason, blocked_since) = match &client.status {
            Status::Blocked { reason, since } => (reason.clone(), since.to_string()),
            _ => (String::new(), today().to_string()),
        };
        Self {
            birthday_day: client.birthday.map(|b| b.day.to_string()).unwrap_or_default(),
            birthday_month: client.birthday.map(|b| b.month.to_string()).unwrap_or_default(),
            birthday_year: client.birthday.and_then(|b| b.year).map(|y| y.to_string()).unwrap_or_default(),
            blocked_reason,
            blocked_since,
            consent_given: client.consent.data.is_some(),
            consent_date: client.consent.data.as_ref().map_or_else(|| today().to_string(), |d| d.date.to_string()),
            consent_method: client.consent.data.as_ref().map(|d| d.method.clone()).unwrap_or_default(),
            tags: client.tags.join(", "),
            contact_every_days: client.contact_every_days.map(|days| days.to_string()).unwrap_or_default(),
            status: Some(client.status.kind()),
        }
    }

    /// Writes the typed values into `client`, collecting what does not parse.
    fn apply(&self, client: &mut Client, status: StatusKind, errors: &mut Vec<FieldError>) {
        let number = |s: &str| s.trim().parse::<i64>().ok();
        client.birthday = match (self.birthday_day.trim(), self.birthday_month.trim(), self.birthday_year.trim()) {
            ("", "", "") => None,
            (d, m, y) => match (number(d), number(m)) {
                (Some(day), Some(month)) if day > 0 && month > 0 => {
                    let year = if y.is_empty() { None } else { number(y).map(|y| y as i32) };
                    if !y.is_empty() && year.is_none() {
                        errors.push(FieldError::new("birthday", t("The year must be a number, or left empty.")));
                    }
                    Some(Birthday { day: day as u32, month: month as u32, year })
                }
                _ => {
                    errors.push(FieldError::new(
                        "birthday",
                        t("Enter the day and the month, or leave the birthday empty."),
                    ));
                    None
                }
            },
        };
        client.status = match status {
            StatusKind::Lead => Status::Lead,
            StatusKind::Active => Status::Active,
            StatusKind::Inactive => Status::Inactive,
            StatusKind::Blocked => {
                let since = parse_date(&self.blocked_since).unwrap_or_else(|| {
                    errors.push(FieldError::new("blocked_since", t("Enter the date of the block.")));
                    today()
                });
                Status::Blocked { reason: self.blocked_reason.trim().to_owned(), since }
            }
        };
        client.consent.data = if self.consent_given {
            match parse_date(&self.consent_date) {
                Some(date) => Some(DataConsent { date, method: self.consent_method.trim().to_owned() }),
                None => {
                    errors.push(FieldError::new("consent_date", t("Enter when consent was given.")));
                    None
                }
            }
        } else {
            None
        };
        client.contact_every_days = match self.contact_every_days.trim() {
            "" => None,
            typed => typed.parse::<u32>().map(Some).unwrap_or_else(|_| {
                errors.push(FieldError::new(
                    "contact_every_days",
                    t("Enter a number of days, or leave it empty to turn reminders off."),
                ));
                None
            }),
        };
        client.tags = self.tags.split([',', '，']).map(|t| t.trim().to_owned()).filter(|t| !t.is_empty()).collect();
    }
}

fn parse_date(text: &str) -> Option<NaiveDate> {
    NaiveDate::parse_from_str(text.trim(), "%Y-%m-%d").ok()
}

#[component]
pub fn ProfileEditor(
    /// The client to edit, or `None` for a new one.
    id: Option<String>,
) -> impl IntoView {
    let ctx = use_app();
    let existing = id.as_ref().and_then(|id| ctx.book.with_untracked(|b| b.get(id).cloned()));
    let is_new = existing.is_none();
    let mut start = existing.unwrap_or_default();
    if is_new {
        start.phones.push(Phone::default());
        start.emails.push(String::new());
    }
    let mut typed_start = TypedText::of(&start);
    let own_id = start.id.clone();
    let resumed =
        super::drafts::resume(ctx, |form| matches!(form, DraftForm::Client { client, .. } if client.id == own_id));
    if let Some(DraftForm::Client { client, typed }) = resumed {
        // The draft holds the profile as typed; saving takes the history from the book.
        start = *client;
        typed_start = serde_json::from_value(typed).unwrap_or(typed_start);
    }
    let status = RwSignal::new(typed_start.status.unwrap_or(StatusKind::Active));
    let typed = RwSignal::new(typed_start);
    let draft = RwSignal::new(start);
    let errors = RwSignal::new(Vec::<FieldError>::new());
    let failure = RwSignal::new(None::<String>);
    let saving = RwSignal::new(false);
    let custom_defs = ctx.book.with_untracked(|b| b.settings.custom_fields.clone());
    super::drafts::keep_while_open(ctx, move || DraftForm::Client {
        client: Box::new(draft.with_untracked(Client::profile_clone)),
        typed: serde_json::to_value(TypedText { status: Some(status.get_untracked()), ..typed.get_untracked() })
            .unwrap_or_default(),
    });

    let touch = move || ctx.dirty.set(true);
    let text =
        move |key: &'static str, label: &'static str, get: fn(&Client) -> String, set: fn(&mut Client, String)| {
            view! {
                <TextInput id=format!("client-{key}") label=label value=Signal::derive(move || draft.with(get))
                    on_input=Callback::new(move |v| { draft.update(|c| set(c, v)); touch(); })
                    error=error_for(errors, key) />
            }
        };
    let long_text = move |key: &'static str,
                          label: &'static str,
                          get: fn(&Client) -> String,
                          set: fn(&mut Client, String)| {
        view! {
            <TextInput id=format!("client-{key}") label=label multiline=true value=Signal::derive(move || draft.with(get))
                on_input=Callback::new(move |v| { draft.update(|c| set(c, v)); touch(); })
                error=error_for(errors, key) />
        }
    };
    let typed_text = move |key: &'static str,
                           label: &'static str,
                           input_type: &'static str,
                           get: fn(&TypedText) -> String,
                           set: fn(&mut TypedText, String)| {
        view! {
            <TextInput id=format!("client-{key}") label=label input_type=input_type value=Signal::derive(move || typed.with(get))
                on_input=Callback::new(move |v| { typed.update(|t| set(t, v)); touch(); })
                error=error_for(errors, key) />
        }
    };

    let save = move |ev: SubmitEvent| {
        ev.prevent_default();
        if saving.get_untracked() {
            return;
        }
        let mut client = draft.get_untracked();
        let mut problems = Vec::new();
        typed.with_untracked(|t| t.apply(&mut client, status.get_untracked(), &mut problems));
        client.tidy();
        let settings = ctx.book.with_untracked(|b| b.settings.clone());
        if let Err(mut more) = client.validate(&settings) {
            problems.append(&mut more);
        }
        if !problems.is_empty() {
            errors.set(problems);
            failure.set(Some(t("Some fields need attention; they are marked above.").into()));
            focus_first_invalid("client-editor");
            return;
        }
        if client.id.is_empty() {
            match new_record_id() {
                Ok(id) => client.id = id,
                Err(error) => return failure.set(Some(error.to_string())),
            }
            client.created = now();
            client.schema = crate::model::CLIENT_SCHEMA;
        }
        client.updated = now();
        errors.set(Vec::new());
        failure.set(None);
        saving.set(true);
        leptos::task::spawn_local(async move {
            let id = client.id.clone();
            let result = if is_new {
                persist(ctx, client).await
            } else {
                update_client(ctx, &id, move |stored| *stored = client.with_history_of(std::mem::take(stored))).await
            };
            saving.set(false);
            match result {
                Ok(()) => {
                    ctx.dirty.set(false);
                    show(ctx, t("Saved."));
                    ctx.detail.set(Detail::Profile(id));
                }
                Err(message) => failure.set(Some(message)),
            }
        });
    };
    let cancel = move |_| {
        let back =
            draft.with_untracked(|c| if c.id.is_empty() { Detail::Nothing } else { Detail::Profile(c.id.clone()) });
        open_detail(ctx, back);
    };

    view! {
        <form id="client-editor" class="editor" on:submit=save novalidate aria-labelledby="editor-title">
            <div class="editor-head">
                <button type="button" class="back" on:click=cancel>{t("Cancel")}</button>
                <h2 id="editor-title">{if is_new { t("New client") } else { t("Edit client") }}</h2>
            </div>

            <fieldset>
                <legend>{t("Name")}</legend>
                {text("name", t("Name"), |c| c.name.clone(), |c, v| c.name = v)}
                {text("legal_name", t("Full legal name"), |c| c.legal_name.clone(), |c, v| c.legal_name = v)}
                {text("alias", t("Nickname or alias"), |c| c.alias.clone(), |c, v| c.alias = v)}
            </fieldset>

            <fieldset>
                <legend>{t("Contacts")}</legend>
                <PhoneRows draft=draft errors=errors />
                <EmailRows draft=draft errors=errors />
                <MessengerRows draft=draft errors=errors />
                {text("street", t("Street address"), |c| c.address.street.clone(), |c, v| c.address.street = v)}
                <div class="row">
                    {text("city", t("City"), |c| c.address.city.clone(), |c, v| c.address.city = v)}
                    {text("postcode", t("Postcode"), |c| c.address.postcode.clone(), |c, v| c.address.postcode = v)}
                </div>
                <div class="row">
                    {text("region", t("Region"), |c| c.address.region.clone(), |c, v| c.address.region = v)}
                    {text("country", t("Country"), |c| c.address.country.clone(), |c, v| c.address.country = v)}
                </div>
            </fieldset>

            <fieldset>
                <legend>{t("About")}</legend>
                <div class="row birthday" role="group" aria-label=t("Birthday")>
                    {typed_text("birthday", t("Birthday: day"), "number", |t| t.birthday_day.clone(), |t, v| t.birthday_day = v)}
                    {typed_text("birthday_month", t("Month (1–12)"), "number", |t| t.birthday_month.clone(), |t, v| t.birthday_month = v)}
                    {typed_text("birthday_year", t("Year (optional)"), "number", |t| t.birthday_year.clone(), |t, v| t.birthday_year = v)}
                </div>
                {text("gender", t("Gender"), |c| c.gender.clone(), |c, v| c.gender = v)}
                {text("language", t("Preferred language"), |c| c.language.clone(), |c, v| c.language = v)}
                <SelectInput id="client-source" label=t("How they found you")
                    options=SourceKind::ALL.iter().map(|k| (format!("{k:?}"), k.label().to_owned())).collect()
                    value=Signal::derive(move || draft.with(|c| format!("{:?}", c.source.kind)))
                    on_change=Callback::new(move |v: String| {
                        draft.update(|c| c.source.kind = SourceKind::ALL.into_iter().find(|k| format!("{k:?}") == v).unwrap_or_default());
                        touch();
                    }) />
                <Show when=move || draft.with(|c| c.source.kind == SourceKind::Referral)>
                    <ReferralPicker draft=draft />
                </Show>
                {text("source_detail", t("Source details"), |c| c.source.detail.clone(), |c, v| c.source.detail = v)}
            </fieldset>

            <fieldset>
                <legend>{t("Status and tags")}</legend>
                <SelectInput id="client-status" label=t("Status")
                    options=StatusKind::ALL.iter().map(|k| (format!("{k:?}"), k.label().to_owned())).collect()
                    value=Signal::derive(move || format!("{:?}", status.get()))
                    on_change=Callback::new(move |v: String| {
                        status.set(StatusKind::ALL.into_iter().find(|k| format!("{k:?}") == v).unwrap_or(StatusKind::Active));
                        touch();
                    }) />
                <Show when=move || status.get() == StatusKind::Blocked>
                    <div class="banner danger">
                        {typed_text("blocked_reason", t("Reason for blocking"), "text", |t| t.blocked_reason.clone(), |t, v| t.blocked_reason = v)}
                        {typed_text("blocked_since", t("Blocked since"), "date", |t| t.blocked_since.clone(), |t, v| t.blocked_since = v)}
                    </div>
                </Show>
                {typed_text("tags", t("Tags (separated by commas)"), "text", |t| t.tags.clone(), |t, v| t.tags = v)}
                {typed_text("contact_every_days", t("Stay in touch every … days (empty for off)"), "number", |t| t.contact_every_days.clone(), |t, v| t.contact_every_days = v)}
            </fieldset>

            <fieldset>
                <legend>{t("Notes")}</legend>
                {long_text("alert", t("Pinned alert (shown at the top and in the list)"), |c| c.alert.clone(), |c, v| c.alert = v)}
                {long_text("preferences", t("Preferences"), |c| c.preferences.clone(), |c, v| c.preferences = v)}
                {long_text("boundaries", t("Boundaries / never do"), |c| c.boundaries.clone(), |c, v| c.boundaries = v)}
                {long_text("notes", t("General notes"), |c| c.notes.clone(), |c, v| c.notes = v)}
            </fieldset>

            <fieldset>
                <legend>{t("Consent")}</legend>
                <CheckInput id="client-consent" label=t("Consented to keeping their data")
                    checked=Signal::derive(move || typed.with(|t| t.consent_given))
                    on_change=Callback::new(move |v| { typed.update(|t| t.consent_given = v); touch(); }) />
                <Show when=move || typed.with(|t| t.consent_given)>
                    <div class="row">
                        {typed_text("consent_date", t("Consent date"), "date", |t| t.consent_date.clone(), |t, v| t.consent_date = v)}
                        {typed_text("consent_method", t("How consent was given"), "text", |t| t.consent_method.clone(), |t, v| t.consent_method = v)}
                    </div>
                </Show>
                <p class="hint">{t("Marketing consent")}</p>
                <div class="row checks">
                    <CheckInput id="consent-sms" label=t("SMS") checked=Signal::derive(move || draft.with(|c| c.consent.marketing.sms))
                        on_change=Callback::new(move |v| { draft.update(|c| c.consent.marketing.sms = v); touch(); }) />
                    <CheckInput id="consent-email" label=t("Email") checked=Signal::derive(move || draft.with(|c| c.consent.marketing.email))
                        on_change=Callback::new(move |v| { draft.update(|c| c.consent.marketing.email = v); touch(); }) />
                    <CheckInput id="consent-messenger" label=t("Messengers") checked=Signal::derive(move || draft.with(|c| c.consent.marketing.messenger))
                        on_change=Callback::new(move |v| { draft.update(|c| c.consent.marketing.messenger = v); touch(); }) />
                    <CheckInput id="consent-phone" label=t("Phone calls") checked=Signal::derive(move || draft.with(|c| c.consent.marketing.phone))
                        on_change=Callback::new(move |v| { draft.update(|c| c.consent.marketing.phone = v); touch(); }) />
                </div>
            </fieldset>

            {(!custom_defs.is_empty()).then(|| view! {
                <fieldset>
                    <legend>{t("Custom fields")}</legend>
                    {custom_defs.into_iter().map(|def| view! { <CustomFieldInput def=def draft=draft errors=errors /> }).collect_view()}
                </fieldset>
            })}

            <Show when=move || failure.get().is_some()>
                <p class="error" role="alert">{move || failure.get()}</p>
            </Show>
            <div class="actions sticky-actions">
                <button type="submit" class="primary" disabled=move || saving.get()>
                    {move || if saving.get() { t("Saving…") } else { t("Save") }}
                </button>
                <button type="button" on:click=cancel>{t("Cancel")}</button>
            </div>
        </form>
    }
}

fn mark_dirty(ctx: AppContext) {
    ctx.dirty.set(true);
}

#[component]
fn PhoneRows(draft: RwSignal<Client>, errors: RwSignal<Vec<FieldError>>) -> impl IntoView {
    let ctx = use_app();
    let count = Memo::new(move |_| draft.with(|c| c.phones.len()));
    view! {
        {move || (0..count.get()).map(|i| view! {
            <div class="row list-row">
                <TextInput id=format!("phone-label-{i}") label=tf("Phone {n} label", &[("n", (i + 1).to_string())])
                    value=Signal::derive(move || draft.with(|c| c.phones.get(i).map(|p| p.label.clone()).unwrap_or_default()))
                    on_input=Callback::new(move |v| { draft.update(|c| if let Some(p) = c.phones.get_mut(i) { p.label = v }); mark_dirty(ctx); }) />
                <TextInput id=format!("phone-{i}") label=tf("Phone {n}", &[("n", (i + 1).to_string())]) input_type="tel"
                    value=Signal::derive(move || draft.with(|c| c.phones.get(i).map(|p| p.number.clone()).unwrap_or_default()))
                    on_input=Callback::new(move |v| { draft.update(|c| if let Some(p) = c.phones.get_mut(i) { p.number = v }); mark_dirty(ctx); })
                    error=error_for(errors, format!("phones.{i}")) />
                <button type="button" class="remove" aria-label=tf("Remove phone {n}", &[("n", (i + 1).to_string())])
                    on:click=move |_| { draft.update(|c| { if i < c.phones.len() { c.phones.remove(i); } }); mark_dirty(ctx); }>"×"</button>
            </div>
        }).collect_view()}
        <button type="button" class="add" on:click=move |_| draft.update(|c| c.phones.push(Phone::default()))>{t("Add phone")}</button>
    }
}

#[component]
fn EmailRows(draft: RwSignal<Client>, errors: RwSignal<Vec<FieldError>>) -> impl IntoView {
    let ctx = use_app();
    let count = Memo::new(move |_| draft.with(|c| c.emails.len()));
    view! {
        {move || (0..count.get()).map(|i| view! {
            <div class="row list-row">
                <TextInput id=format!("email-{i}") label=tf("Email {n}", &[("n", (i + 1).to_string())]) input_type="email"
                    value=Signal::derive(move || draft.with(|c| c.emails.get(i).cloned().unwrap_or_default()))
                    on_input=Callback::new(move |v| { draft.update(|c| if let Some(e) = c.emails.get_mut(i) { *e = v }); mark_dirty(ctx); })
                    error=error_for(errors, format!("emails.{i}")) />
                <button type="button" class="remove" aria-label=tf("Remove email {n}", &[("n", (i + 1).to_string())])
                    on:click=move |_| { draft.update(|c| { if i < c.emails.len() { c.emails.remove(i); } }); mark_dirty(ctx); }>"×"</button>
            </div>
        }).collect_view()}
        <button type="button" class="add" on:click=move |_| draft.update(|c| c.emails.push(String::new()))>{t("Add email")}</button>
    }
}

#[component]
fn MessengerRows(draft: RwSignal<Client>, errors: RwSignal<Vec<FieldError>>) -> impl IntoView {
    let ctx = use_app();
    let count = Memo::new(move |_| draft.with(|c| c.messengers.len()));
    view! {
        {move || (0..count.get()).map(|i| view! {
            <div class="row list-row">
                <SelectInput id=format!("messenger-kind-{i}") label=tf("Messenger {n}", &[("n", (i + 1).to_string())])
                    options=MessengerKind::ALL.iter().map(|k| (format!("{k:?}"), k.label().to_owned())).collect()
                    value=Signal::derive(move || draft.with(|c| c.messengers.get(i).map(|m| format!("{:?}", m.kind)).unwrap_or_default()))
                    on_change=Callback::new(move |v: String| {
                        let kind = MessengerKind::ALL.into_iter().find(|k| format!("{k:?}") == v).unwrap_or_default();
                        draft.update(|c| if let Some(m) = c.messengers.get_mut(i) { m.kind = kind });
                        mark_dirty(ctx);
                    }) />
                <TextInput id=format!("messenger-{i}") label=tf("Messenger {n} handle", &[("n", (i + 1).to_string())])
                    value=Signal::derive(move || draft.with(|c| c.messengers.get(i).map(|m| m.handle.clone()).unwrap_or_default()))
                    on_input=Callback::new(move |v| { draft.update(|c| if let Some(m) = c.messengers.get_mut(i) { m.handle = v }); mark_dirty(ctx); })
                    error=error_for(errors, format!("messengers.{i}")) />
                <button type="button" class="remove" aria-label=tf("Remove messenger {n}", &[("n", (i + 1).to_string())])
                    on:click=move |_| { draft.update(|c| { if i < c.messengers.len() { c.messengers.remove(i); } }); mark_dirty(ctx); }>"×"</button>
            </div>
        }).collect_view()}
        <button type="button" class="add" on:click=move |_| draft.update(|c| c.messengers.push(Messenger::default()))>{t("Add messenger")}</button>
    }
}

/// Links a referral to the client who referred them, found by search.
#[component]
fn ReferralPicker(draft: RwSignal<Client>) -> impl IntoView {
    let ctx = use_app();
    let query = RwSignal::new(String::new());
    let chosen_name = move || {
        draft
            .with(|c| c.source.referred_by.clone())
            .and_then(|id| ctx.book.with(|b| b.get(&id).map(|r| r.name.clone())))
    };
    let matches = Memo::new(move |_| {
        let q = query.get();
        if q.trim().is_empty() {
            return Vec::new();
        }
        let own_id = draft.with_untracked(|c| c.id.clone());
        let parsed = SearchQuery::parse(&q);
        ctx.book.with(|b| {
            b.entries()
                .filter(|e| e.client.trashed.is_none() && e.client.id != own_id)
                .filter(|e| fold(&e.client.name).contains(&fold(&q)) || parsed == SearchQuery::Everything)
                .take(6)
                .map(|e| (e.client.id.clone(), e.client.name.clone()))
                .collect::<Vec<_>>()
        })
    });
    view! {
        <div class="referral">
            <p>{move || chosen_name().map(|n| tf("Referred by {name}", &[("name", n)])).unwrap_or_else(|| t("Referred by: not chosen").into())}</p>
            <TextInput id="referral-search" label=t("Find the referring client") value=query
                on_input=Callback::new(move |v| query.set(v)) />
            <ul class="picker">
                {move || matches.get().into_iter().map(|(id, name)| view! {
                    <li>
                        <button type="button" on:click=move |_| {
                            draft.update(|c| c.source.referred_by = Some(id.clone()));
                            query.set(String::new());
                            ctx.dirty.set(true);
                        }>{tf("Choose {name}", &[("name", name.clone())])}</button>
                    </li>
                }).collect_view()}
            </ul>
        </div>
    }
}

#[component]
fn CustomFieldInput(def: CustomFieldDef, draft: RwSignal<Client>, errors: RwSignal<Vec<FieldError>>) -> impl IntoView {
    let ctx = use_app();
    let key = def.id.clone();
    let value = {
        let key = key.clone();
        Signal::derive(move || draft.with(|c| c.custom.get(&key).cloned().unwrap_or_default()))
    };
    let set = {
        let key = key.clone();
        Callback::new(move |v: String| {
            draft.update(|c| {
                c.custom.insert(key.clone(), v);
            });
            ctx.dirty.set(true);
        })
    };
    let id = format!("custom-{key}");
    let error = error_for(errors, format!("custom.{key}"));
    match def.kind {
        CustomFieldKind::Text => {
            view! { <TextInput id=id label=def.label value=value on_input=set error=error /> }.into_any()
        }
        CustomFieldKind::Number => {
            view! { <TextInput id=id label=def.label value=value on_input=set error=error input_type="number" /> }
                .into_any()
        }
        CustomFieldKind::Date => {
            view! { <TextInput id=id label=def.label value=value on_input=set error=error input_type="date" /> }
                .into_any()
        }
        CustomFieldKind::YesNo => {
            let options =
                vec![(String::new(), "—".to_owned()), ("yes".into(), t("Yes").into()), ("no".into(), t("No").into())];
            view! { <SelectInput id=id label=def.label options=options value=value on_change=set /> }.into_any()
        }
        CustomFieldKind::Choice(choices) => {
            let options = std::iter::once((String::new(), "—".to_owned()))
                .chain(choices.into_iter().map(|c| (c.clone(), c)))
                .collect();
            view! { <SelectInput id=id label=def.label options=options value=value on_change=set /> }.into_any()
        }
    }
}
