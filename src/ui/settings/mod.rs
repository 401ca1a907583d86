//! Settings: the default currency, the service catalogue, the calendar (`calendar`), the
//! thresholds of insight and the loyalty programme (`insight`), custom field definitions and
//! tag colours. Each change is saved at once.

mod calendar;
mod insight;

use leptos::prelude::*;

use crate::i18n::{t, tf};

use super::actions::{edit_settings, show, show_error};
use super::widgets::{SelectInput, TagChip, TextInput};
use super::{use_app, AppContext};
use crate::model::{new_record_id, parse_minor, CustomFieldDef, CustomFieldKind, Service, Settings, TagDef};

/// Saves `change` to the settings as they are when its write starts, so that quick changes in
/// a row (two blocked times removed) each build on the one before.
pub(super) fn edit(ctx: AppContext, message: &'static str, change: impl FnOnce(&mut Settings) + 'static) {
    leptos::task::spawn_local(async move {
        match edit_settings(ctx, change).await {
            Ok(()) => show(ctx, message),
            Err(e) => show_error(ctx, e),
        }
    });
}

#[component]
pub fn SettingsView() -> impl IntoView {
    let ctx = use_app();
    let settings = Memo::new(move |_| ctx.book.with(|b| b.settings.clone()));
    let currency = RwSignal::new(settings.get_untracked().currency);
    let problem = RwSignal::new(None::<String>);

    let service_name = RwSignal::new(String::new());
    let service_price = RwSignal::new(String::new());
    let service_minutes = RwSignal::new("60".to_owned());
    let field_label = RwSignal::new(String::new());
    let field_kind = RwSignal::new("Text".to_owned());
    let field_options = RwSignal::new(String::new());
    let tag_name = RwSignal::new(String::new());
    let tag_color = RwSignal::new("#2f5d50".to_owned());

    let save_currency = move |_| {
        let code = currency.get_untracked().trim().to_uppercase();
        if code.len() != 3 || !code.chars().all(|c| c.is_ascii_uppercase()) {
            return problem.set(Some(t("Use a three-letter currency code, like EUR, UAH, RUB or CNY.").into()));
        }
        problem.set(None);
        edit(ctx, t("Currency saved."), |s| s.currency = code);
    };
    let add_service = move |_| {
        let code = ctx.book.with_untracked(|b| b.settings.currency.clone());
        let name = service_name.get_untracked().trim().to_owned();
        let price = parse_minor(&service_price.get_untracked(), &code);
        let minutes = service_minutes.get_untracked().trim().parse::<u32>().ok().filter(|m| (1..=1440).contains(m));
        match (name.is_empty(), price, minutes, new_record_id()) {
            (false, Ok(price), Some(duration_min), Ok(id)) => {
                problem.set(None);
                service_name.set(String::new());
                service_price.set(String::new());
                edit(ctx, t("Service added."), move |s| {
                    s.services.push(Service { id, name, price, currency: code, duration_min })
                });
            }
            (true, ..) => problem.set(Some(t("Name the service.").into())),
            (_, Err(message), ..) => problem.set(Some(message)),
            _ => problem.set(Some(t("The duration is in minutes, from 1 to 1440.").into())),
        }
    };
    let add_field = move |_| {
        let label = field_label.get_untracked().trim().to_owned();
        if label.is_empty() {
            return problem.set(Some(t("Name the custom field.").into()));
        }
        let kind = match field_kind.get_untracked().as_str() {
            "Number" => CustomFieldKind::Number,
            "Date" => CustomFieldKind::Date,
            "YesNo" => CustomFieldKind::YesNo,
            "Choice" => {
                let options: Vec<String> = field_options
                    .get_untracked()
                    .split(',')
                    .map(|o| o.trim().to_owned())
                    .filter(|o| !o.is_empty())
                    .collect();
                if options.is_empty() {
                    return problem.set(Some(t("List the choices, separated by commas.").into()));
                }
                CustomFieldKind::Choice(options)
            }
            _ => CustomFieldKind::Text,
        };
        let Ok(id) = new_record_id() else { return };
        problem.set(None);
        field_label.set(String::new());
        field_options.set(String::new());
        edit(ctx, t("Custom field added."), |s| s.custom_fields.push(CustomFieldDef { id, label, kind }));
    };
    let add_tag = move |_| {
        let name = tag_name.get_untracked().trim().to_owned();
        if name.is_empty() {
            return problem.set(Some(t("Name the tag.").into()));
        }
        problem.set(None);
        tag_name.set(String::new());
        let color = tag_color.get_untracked();
        edit(ctx, t("Tag colour saved."), |s| {
            s.tags.retain(|t| t.name != name);
            s.tags.push(TagDef { name, color });
        });
    };

    view! {
        <div class="page settings">
            <h1>{t("Settings")}</h1>
            <Show when=move || problem.get().is_some()>
                <p class="error" role="alert">{move || problem.get()}</p>
            </Show>

            <section aria-labelledby="appearance-title">
                <h2 id="appearance-title">{t("Language and appearance")}</h2>
                <super::preferences::LanguageSelect />
                <super::preferences::ThemeSelect />
            </section>

            <super::security::SecuritySettings />
            <StorageSettings />

            <section aria-labelledby="backup-settings-title">
                <h2 id="backup-settings-title">{t("Backups")}</h2>
                <p>{move || ctx.book.with(|b| crate::backup::backup_health(b, super::actions::now(), &chrono::Local).summary())}</p>
                <p class="hint">{t("Export and import backups, restore the safety copy (kept 7 days after replacing everything), set the reminder and download unencrypted exports in the Backup section.")}</p>
                <button type="button" on:click=move |_| super::actions::go_to(ctx, super::View::Backup)>{t("Open Backup")}</button>
            </section>

            <section aria-labelledby="currency-title">
                <h2 id="currency-title">{t("Currency")}</h2>
                <TextInput id="settings-currency" label=t("Default currency") value=currency on_input=Callback::new(move |v| currency.set(v)) />
                <button type="button" on:click=save_currency>{t("Save currency")}</button>
            </section>

            <section aria-labelledby="country-title">
                <h2 id="country-title">{t("Phone numbers")}</h2>
                <div class="field">
                    <label for="settings-country">{t("Country code for numbers typed without one")}</label>
                    <select id="settings-country" on:change=move |ev| {
                        let code = event_target_value(&ev);
                        edit(ctx, t("Country code saved."), move |s| s.default_country_code = code);
                    }>
                        <option value="" selected=move || settings.with(|s| s.default_country_code.is_empty())>{t("None: compare numbers as typed")}</option>
                        {crate::cleanup::COUNTRIES.iter().map(|country| {
                            let code = country.code;
                            view! {
                                <option value=code selected=move || settings.with(|s| s.default_country_code == code)>
                                    {format!("+{code} ({})", country.regions.join(", "))}
                                </option>
                            }
                        }).collect_view()}
                    </select>
                    <p class="hint">{t("Used to tell that “8 (916) 123-45-67” and “+7 916 1234567” are one number, when looking for duplicates.")}</p>
                </div>
            </section>

            <section aria-labelledby="services-title">
                <h2 id="services-title">{t("Services")}</h2>
                <ul class="items">
                    {move || settings.get().services.into_iter().map(|s| {
                        let sid = s.id.clone();
                        view! {
                            <li>
                                {format!("{} — {}, {}", s.name, crate::i18n::format_money(crate::i18n::lang(), s.price, &s.currency), tf("{n} min", &[("n", s.duration_min.to_string())]))}
                                <button type="button" class="danger" aria-label=tf("Remove service {name}", &[("name", s.name.clone())])
                                    on:click=move |_| { let sid = sid.clone(); edit(ctx, t("Service removed."), move |st| st.services.retain(|x| x.id != sid)) }>{t("Remove")}</button>
                            </li>
                        }
                    }).collect_view()}
                </ul>
                <div class="row">
                    <TextInput id="service-name" label=t("Service name") value=service_name on_input=Callback::new(move |v| service_name.set(v)) />
                    <TextInput id="service-price" label=t("Default price") value=service_price on_input=Callback::new(move |v| service_price.set(v)) />
                    <TextInput id="service-minutes" label=t("Default duration (minutes)") input_type="number" value=service_minutes on_input=Callback::new(move |v| service_minutes.set(v)) />
                </div>
                <button type="button" on:click=add_service>{t("Add service")}</button>
            </section>

            <calendar::CalendarSettingsView />
            <insight::InsightSettingsView />

            <section aria-labelledby="fields-title">
                <h2 id="fields-title">{t("Custom fields")}</h2>
                <ul class="items">
                    {move || settings.get().custom_fields.into_iter().map(|f| {
                        let fid = f.id.clone();
                        let kind = match &f.kind { CustomFieldKind::Choice(o) => format!("{}: {}", f.kind.label(), o.join(", ")), k => k.label().to_owned() };
                        view! {
                            <li>
                                {format!("{} ({kind})", f.label)}
                                <button type="button" class="danger" aria-label=tf("Remove field {name}", &[("name", f.label.clone())])
                                    on:click=move |_| { let fid = fid.clone(); edit(ctx, t("Custom field removed."), move |st| st.custom_fields.retain(|x| x.id != fid)) }>{t("Remove")}</button>
                            </li>
                        }
                    }).collect_view()}
                </ul>
                <div class="row">
                    <TextInput id="field-label" label=t("Field name") value=field_label on_input=Callback::new(move |v| field_label.set(v)) />
                    <SelectInput id="field-kind" label=t("Field type")
                        options=vec![("Text".into(), t("Text").into()), ("Number".into(), t("Number").into()), ("Date".into(), t("Date").into()),
                            ("YesNo".into(), t("Yes/no").into()), ("Choice".into(), t("Choice list").into())]
                        value=field_kind on_change=Callback::new(move |v| field_kind.set(v)) />
                </div>
                <Show when=move || field_kind.get() == "Choice">
                    <TextInput id="field-options" label=t("Choices (separated by commas)") value=field_options on_input=Callback::new(move |v| field_options.set(v)) />
                </Show>
                <button type="button" on:click=add_field>{t("Add field")}</button>
            </section>

            <section aria-labelledby="tags-title">
                <h2 id="tags-title">{t("Tag colours")}</h2>
                <p>{move || settings.get().tags.into_iter().map(|t| view! { <TagChip name=t.name color=t.color /> }).collect_view()}</p>
                <div class="row">
                    <TextInput id="tag-name" label=t("Tag") value=tag_name on_input=Callback::new(move |v| tag_name.set(v)) />
                    <TextInput id="tag-color" label=t("Colour") input_type="color" value=tag_color on_input=Callback::new(move |v| tag_color.set(v)) />
                </div>
                <button type="button" on:click=add_tag>{t("Save tag colour")}</button>
            </section>
        </div>
    }
}

/// How much the book uses, and whether the browser promised to keep it.
#[component]
fn StorageSettings() -> impl IntoView {
    let status = LocalResource::new(crate::web::pwa::storage_status);
    let asking = RwSignal::new(false);
    let ask = move |_| {
        asking.set(true);
        leptos::task::spawn_local(async move {
            crate::web::pwa::request_persistence().await;
            asking.set(false);
            status.refetch();
        });
    };
    let megabytes =
        |bytes: f64| tf("{n} MB", &[("n", crate::i18n::format_number(crate::i18n::lang(), bytes / 1_000_000.0, 1))]);
    view! {
        <section aria-labelledby="storage-title">
            <h2 id="storage-title">{t("Storage on this device")}</h2>
            {move || status.get().map(|status| match status {
                None => view! { <p>{t("This browser does not report storage use.")}</p> }.into_any(),
                Some(s) => view! {
                    <p>{tf("Used: {used} of {quota} available to this app.", &[("used", megabytes(s.usage_bytes)), ("quota", megabytes(s.quota_bytes))])}</p>
                    <p>{if s.persisted {
                        t("Persistent storage: granted. The browser will not delete the client book to free space.")
                    } else {
                        t("Persistent storage: not granted. Under low disk space the browser may delete site data; keep backups.")
                    }}</p>
                    {(!s.persisted).then(|| view! {
                        <button type="button" disabled=move || asking.get() on:click=ask>{t("Ask to keep data permanently")}</button>
                    })}
                }.into_any(),
            })}
        </section>
    }
}
