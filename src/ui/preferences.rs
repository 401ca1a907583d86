//! Interface language and colour theme. Both are device preferences, not client data, so they
//! live in localStorage in the clear and apply before unlocking, on the lock screen too.

use gloo_storage::{LocalStorage, Storage};
use leptos::prelude::*;

use super::use_app;
use crate::i18n::{set_lang, t, Lang};

const LANG_KEY: &str = "clientele.lang";
const THEME_KEY: &str = "clientele.theme";

/// The remembered language, else the browser's preferred one we have, else English.
pub fn initial_lang() -> Lang {
    if let Some(lang) = LocalStorage::get::<String>(LANG_KEY).ok().and_then(|tag| Lang::from_tag(&tag)) {
        return lang;
    }
    let preferred: Vec<String> = web_sys::window()
        .map(|w| w.navigator().languages().iter().filter_map(|l| l.as_string()).collect())
        .unwrap_or_default();
    Lang::detect(preferred.iter().map(String::as_str))
}

/// Makes `lang` current: texts, `<html lang>`, and remembered for the next visit.
pub fn apply_lang(lang: Lang, remember: bool) {
    set_lang(lang);
    if let Some(root) = web_sys::window().and_then(|w| w.document()).and_then(|d| d.document_element()) {
        let _ = root.set_attribute("lang", lang.code());
    }
    if remember {
        let _ = LocalStorage::set(LANG_KEY, lang.code());
    }
}

/// "system" follows `prefers-color-scheme`; "light" and "dark" override it.
pub fn apply_theme(theme: &str) {
    if let Some(root) = web_sys::window().and_then(|w| w.document()).and_then(|d| d.document_element()) {
        let _ = match theme {
            "light" | "dark" => root.set_attribute("data-theme", theme),
            _ => root.remove_attribute("data-theme"),
        };
    }
}

pub fn initial_theme() -> String {
    LocalStorage::get::<String>(THEME_KEY).unwrap_or_else(|_| "system".to_owned())
}

#[component]
pub fn LanguageSelect() -> impl IntoView {
    let ctx = use_app();
    let choose = move |tag: String| {
        if let Some(lang) = Lang::from_tag(&tag) {
            apply_lang(lang, true);
            ctx.lang.set(lang);
        }
    };
    view! {
        <div class="field">
            // Also in English, so someone who cannot read the current language finds the switch.
            <label for="language">
                {move || if ctx.lang.get() == Lang::En { t("Language").to_owned() } else { format!("{} · Language", t("Language")) }}
            </label>
            <select id="language" on:change=move |ev| choose(event_target_value(&ev))>
                {Lang::ALL.into_iter().map(|lang| view! {
                    <option value=lang.code() selected=move || ctx.lang.get() == lang lang=lang.code()>{lang.native_name()}</option>
                }).collect_view()}
            </select>
        </div>
    }
}

#[component]
pub fn ThemeSelect() -> impl IntoView {
    let theme = RwSignal::new(initial_theme());
    let choose = move |value: String| {
        apply_theme(&value);
        let _ = LocalStorage::set(THEME_KEY, &value);
        theme.set(value);
    };
    view! {
        <div class="field">
            <label for="theme">{t("Theme")}</label>
            <select id="theme" on:change=move |ev| choose(event_target_value(&ev))>
                {[("system", t("Same as the device")), ("light", t("Light")), ("dark", t("Dark"))].into_iter().map(|(value, text)| view! {
                    <option value=value selected=move || theme.get() == value>{text}</option>
                }).collect_view()}
            </select>
        </div>
    }
}
