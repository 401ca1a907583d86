//! The privacy tools of one profile: the client's data as an unencrypted file (JSON or vCard)
//! or on paper, and erasure on request. Every unencrypted export and the erasure ask first, in
//! a modal dialog; erasing needs the client's name typed.

use leptos::prelude::*;

use crate::i18n::{t, tf};

use super::super::actions::today;
use super::super::widgets::{ModalDialog, TextInput};
use super::super::{use_app, Detail};

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
pub fn PrivacyTools(id: String, name: String) -> impl IntoView {
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
                Ok(()) => super::super::actions::show(ctx, t("The client's data was downloaded, unencrypted.")),
                Err(e) => super::super::actions::show_error(ctx, e),
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
                super::super::actions::show_error(ctx, e);
            }
        }
    };
    let erase = move |_| {
        let client_id = id.get_value();
        leptos::task::spawn_local(async move {
            match super::super::actions::erase_client(ctx, &client_id).await {
                Ok(()) => {
                    ctx.detail.set(Detail::Nothing);
                    super::super::actions::show(
                        ctx,
                        t("Erased from this device. Backup files made earlier still contain this client."),
                    );
                }
                Err(e) => super::super::actions::show_error(ctx, e),
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
