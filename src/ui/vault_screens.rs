//! First visit ("Create your client book") and later visits (unlock).

use leptos::ev::SubmitEvent;
use leptos::prelude::*;

use crate::i18n::t;

use super::{let_browser_paint, use_app, AppContext, Screen};
use crate::book::{load_book, Book};
use crate::passphrase::{assess, check_new};
use crate::vault::kdf::KdfParams;
use crate::vault::keys::DataKey;
use crate::vault::{create_vault, unlock, VaultError};
use crate::web::WebCryptoCipher;

/// Imports the data key into WebCrypto (dropping and zeroizing the Rust copy), loads the book
/// and shows it.
async fn open_book(ctx: AppContext, data_key: DataKey) -> Result<(), String> {
    let cipher = WebCryptoCipher::import(&data_key).await.map_err(|_| {
        t("This browser's encryption (WebCrypto) is unavailable. Use a current browser over https or localhost.")
            .to_owned()
    })?;
    drop(data_key);
    let store = ctx.store.get_value().ok_or_else(|| t("Storage is not open. Reload the page.").to_owned())?;
    super::mark("clientele:load-start");
    let book = load_book(&store, &cipher, chrono::Utc::now()).await.map_err(|e| e.to_string())?;
    super::mark("clientele:load-end");
    let mut book = book;
    if book.safety_copy.as_ref().is_some_and(|c| c.is_expired(chrono::Utc::now())) {
        // Kept for 7 days after a replace; past that it is removed, quietly.
        if crate::book::discard_safety_copy(&store).await.is_ok() {
            book.safety_copy = None;
        }
    }
    ctx.cipher.set_value(Some(cipher));
    ctx.book.set(book);
    // Ask once per unlock; the browser decides quietly and Settings shows the answer.
    leptos::task::spawn_local(async {
        crate::web::pwa::request_persistence().await;
    });
    ctx.view.set(super::View::Today);
    ctx.screen.set(Screen::Open);
    Ok(())
}

#[component]
pub fn CreateVault() -> impl IntoView {
    let ctx = use_app();
    let passphrase = RwSignal::new(String::new());
    let repeat = RwSignal::new(String::new());
    let error = RwSignal::new(None::<String>);
    let busy = RwSignal::new(false);
    let strength = Memo::new(move |_| assess(&passphrase.get()));

    let submit = move |ev: SubmitEvent| {
        ev.prevent_default();
        if busy.get_untracked() {
            return;
        }
        let (pass, again) = (passphrase.get_untracked(), repeat.get_untracked());
        if let Err(message) = check_new(&pass, &again) {
            return error.set(Some(message));
        }
        error.set(None);
        busy.set(true);
        leptos::task::spawn_local(async move {
            let_browser_paint().await;
            let result = async {
                let store =
                    ctx.store.get_value().ok_or_else(|| t("Storage is not open. Reload the page.").to_owned())?;
                let key = create_vault(&store, &pass, KdfParams::DEFAULT).await.map_err(|e| e.to_string())?;
                ctx.header.set_value(crate::vault::read_header(&store).await.ok().flatten());
                open_book(ctx, key).await
            }
            .await;
            passphrase.set(String::new());
            repeat.set(String::new());
            busy.set(false);
            if let Err(message) = result {
                error.set(Some(message));
            }
        });
    };

    view! {
        <section class="card vault-card" aria-labelledby="create-title">
            <h1 id="create-title">{t("Create your client book")}</h1>
            <p class="lede">
                {t("Your clients stay on this device, encrypted with a passphrase only you know. ")}
                {t("There is no recovery: if you forget it, the data cannot be opened.")}
            </p>
            <form on:submit=submit novalidate>
                <label for="new-passphrase">{t("Passphrase")}</label>
                <input id="new-passphrase" type="password" autocomplete="new-password" bind:value=passphrase
                    aria-describedby="strength" />
                <div id="strength" class="strength" aria-live="polite">
                    <meter min="0" max="4" low="1.5" high="2.5" optimum="4"
                        value=move || strength.get().score.to_string() aria-hidden="true"></meter>
                    <span>
                        {move || {
                            let s = strength.get();
                            if passphrase.with(String::is_empty) {
                                t("Use four or more unrelated words.").to_owned()
                            } else {
                                match s.weakness {
                                    Some(w) => format!("{}: {}", s.label(), w.message()),
                                    None => s.label().to_owned(),
                                }
                            }
                        }}
                    </span>
                </div>
                <label for="repeat-passphrase">{t("Repeat passphrase")}</label>
                <input id="repeat-passphrase" type="password" autocomplete="new-password" bind:value=repeat />
                <Show when=move || error.get().is_some()>
                    <p class="error" role="alert">{move || error.get()}</p>
                </Show>
                <button type="submit" class="primary" disabled=move || busy.get()>
                    {move || if busy.get() { t("Creating…") } else { t("Create client book") }}
                </button>
            </form>
            <div class="card-footer">
                <super::preferences::LanguageSelect />
            </div>
        </section>
    }
}

#[component]
pub fn UnlockVault() -> impl IntoView {
    let ctx = use_app();
    let passphrase = RwSignal::new(String::new());
    let error = RwSignal::new(None::<String>);
    let busy = RwSignal::new(false);

    let submit = move |ev: SubmitEvent| {
        ev.prevent_default();
        if busy.get_untracked() {
            return;
        }
        let pass = passphrase.get_untracked();
        if pass.is_empty() {
            return error.set(Some(t("Enter your passphrase.").into()));
        }
        error.set(None);
        ctx.lock_reason.set(None);
        busy.set(true);
        leptos::task::spawn_local(async move {
            let_browser_paint().await;
            let result = match ctx.header.get_value() {
                None => Err(VaultError::DamagedHeader.to_string()),
                Some(header) => {
                    super::mark("clientele:kdf-start");
                    let key = unlock(&header, &pass);
                    super::mark("clientele:kdf-end");
                    match key {
                        Ok(key) => {
                            let opened = open_book(ctx, key).await;
                            if opened.is_ok() && crate::vault::kdf_is_outdated(&header) {
                                ctx.pending_upgrade.set_value(Some(zeroize::Zeroizing::new(pass.clone())));
                                ctx.upgrade_offered.set(true);
                            }
                            opened
                        }
                        Err(e) => Err(e.to_string()),
                    }
                }
            };
            passphrase.set(String::new());
            busy.set(false);
            if let Err(message) = result {
                ctx.book.set(Book::default());
                error.set(Some(message));
            }
        });
    };

    view! {
        <section class="card vault-card" aria-labelledby="unlock-title">
            <h1 id="unlock-title">{t("Unlock your client book")}</h1>
            {move || ctx.lock_reason.get().map(|reason| view! { <p class="notice">{reason}</p> })}
            <form on:submit=submit novalidate>
                <label for="unlock-passphrase">{t("Passphrase")}</label>
                <input id="unlock-passphrase" type="password" autocomplete="current-password" bind:value=passphrase
                    autofocus />
                <Show when=move || error.get().is_some()>
                    <p class="error" role="alert">{move || error.get()}</p>
                </Show>
                <button type="submit" class="primary" disabled=move || busy.get()>
                    {move || if busy.get() { t("Unlocking…") } else { t("Unlock") }}
                </button>
            </form>
            <div class="card-footer">
                <super::preferences::LanguageSelect />
            </div>
        </section>
    }
}
