//! First visit ("Create your client book", or restore a backup file instead) and later
//! visits (unlock).

use leptos::ev::SubmitEvent;
use leptos::prelude::*;

use crate::i18n::{t, tf, tp};

use zeroize::Zeroizing;

use super::actions::{commit, load_history_in_background, now, show, show_error};
use super::backup::{BackupCheck, BackupCheckFields, BackupSummary, OpenedBackup};
use super::security::{FormProblem, NewPassphraseFields, ProblemLine};
use super::{kdf, let_browser_paint, use_app, AppContext, Screen};
use crate::backup::{ImportPlan, ImportPreview};
use crate::book::{Book, Changes, VaultSession};
use crate::navigation::Route;
use crate::passphrase::{assess, check_new};
use crate::vault::format::{VaultHeader, FORMAT_V1};
use crate::vault::kdf::KdfParams;
use crate::vault::keys::DataKey;
use crate::vault::store::VaultStore;
use crate::vault::{create_vault, rewrap_header, unlock, VaultError};
use crate::web::{BrowserPause, BrowserStore, WebCrypto, WebCryptoCipher};

fn storage_not_open() -> String {
    t("Storage is not open. Reload the page.").to_owned()
}

fn no_webcrypto() -> String {
    t("This browser's encryption (WebCrypto) is unavailable. Use a current browser over https or localhost.").to_owned()
}

/// Imports the data key into WebCrypto (the Rust copy is dropped, zeroized, by the caller),
/// opens the vault (migrating a format-1 one first), shows the book at `route`, and starts
/// loading the full histories in the background.
async fn open_book(
    ctx: AppContext,
    store: BrowserStore,
    data_key: &DataKey,
    kek: Option<&WebCryptoCipher>,
    header_bytes: Vec<u8>,
    route: Route,
) -> Result<(), String> {
    let expired_copy = open_session(ctx, store, data_key, kek, header_bytes).await?;
    show_book(ctx, expired_copy, route);
    Ok(())
}

/// Opens the vault into the app context without showing it yet, so a restore can fill it
/// first. Returns whether the safety copy has expired.
async fn open_session(
    ctx: AppContext,
    store: BrowserStore,
    data_key: &DataKey,
    kek: Option<&WebCryptoCipher>,
    header_bytes: Vec<u8>,
) -> Result<bool, String> {
    let cipher = WebCryptoCipher::import(data_key.as_bytes()).await.map_err(|_| no_webcrypto())?;
    super::mark("clientele:load-start");
    BrowserPause::start_slice();
    let is_v1 = VaultHeader::parse(&header_bytes).map_err(|e| e.to_string())?.format == FORMAT_V1;
    let opened = match (is_v1, kek) {
        (true, Some(kek)) => {
            VaultSession::migrate_v1(store, cipher, kek, data_key, header_bytes, &BrowserPause, now()).await
        }
        (true, None) => Err(VaultError::DamagedHeader),
        (false, _) => VaultSession::open(store, cipher, header_bytes, &BrowserPause, now()).await,
    };
    let (session, book): (super::Session, Book) = opened.map_err(|e| e.to_string())?;
    super::mark("clientele:load-end");
    let expired_copy = book.safety_copy.as_ref().is_some_and(|c| c.is_expired(now()));
    ctx.vault.set_value(Some(std::rc::Rc::new(futures::lock::Mutex::new(session))));
    ctx.history.set(book.history);
    ctx.book.set(book);
    Ok(expired_copy)
}

/// Shows the book opened by `open_session` at `route`, and starts the work that follows an
/// unlock.
fn show_book(ctx: AppContext, expired_copy: bool, route: Route) {
    let Some(session) = ctx.session() else { return };
    super::router::arrive(ctx, route);
    ctx.screen.set(Screen::Open);
    load_history_in_background(ctx, session);
    if expired_copy {
        // Kept for 7 days after a replace; past that it is removed, quietly.
        leptos::task::spawn_local(async move {
            let _ = commit(ctx, Changes { safety_copy: Some(None), ..Changes::default() }).await;
        });
    }
    // Ask once per unlock; the browser decides quietly and Settings shows the answer.
    leptos::task::spawn_local(async {
        crate::web::pwa::request_persistence().await;
    });
}

/// Re-wraps the data key under the NFC form of the passphrase that opened it only as typed, so
/// the same words typed on another device open it too. Quietly, after the book is shown.
fn rewrap_in_nfc(ctx: AppContext, data_key: DataKey, passphrase: zeroize::Zeroizing<String>) {
    leptos::task::spawn_local(async move {
        let Some(session) = ctx.session() else { return };
        let mut vault = session.lock().await;
        let current = vault.header().clone();
        let next =
            rewrap_header(&current, &data_key, vault.cipher(), &passphrase, current.kdf, &kdf(), &WebCrypto).await;
        if let Err(error) = match next {
            Ok(next) => vault.replace_header(next).await,
            Err(error) => Err(error),
        } {
            show_error(ctx, error.to_string());
        }
    });
}

#[component]
pub fn CreateVault() -> impl IntoView {
    let ctx = use_app();
    // Load and compile the worker's wasm while the passphrase is being typed.
    kdf().warm_up();
    let passphrase = RwSignal::new(String::new());
    let repeat = RwSignal::new(String::new());
    let busy = RwSignal::new(false);
    let problem = FormProblem::new(move || check_new(&passphrase.get(), &repeat.get()));

    let submit = move |ev: SubmitEvent| {
        ev.prevent_default();
        if busy.get_untracked() || !problem.submit() {
            return;
        }
        let pass = Zeroizing::new(passphrase.get_untracked());
        busy.set(true);
        leptos::task::spawn_local(async move {
            let_browser_paint().await;
            let result = async {
                let store = ctx.store.get_value().ok_or_else(storage_not_open)?;
                let opened = create_vault(&store, &pass, KdfParams::DEFAULT, &kdf(), &WebCrypto)
                    .await
                    .map_err(|e| e.to_string())?;
                // A new book starts at Today, whatever the address was.
                open_book(ctx, store, &opened.data_key, None, opened.header.to_bytes(), Route::Today).await
            }
            .await;
            passphrase.set(String::new());
            repeat.set(String::new());
            busy.set(false);
            if let Err(message) = result {
                problem.fail(message);
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
            <form on:submit=submit on:input=move |_| problem.edited() novalidate>
                <NewPassphraseFields id="new-passphrase" repeat_id="repeat-passphrase" label=t("Passphrase")
                    repeat_label=t("Repeat passphrase") passphrase repeat />
                <ProblemLine problem />
                <button type="submit" class="primary" disabled=move || busy.get()>
                    {move || if busy.get() { t("Creating…") } else { t("Create client book") }}
                </button>
            </form>
            <p class="hint">{t("Moving from another device? Start from its backup file.")}</p>
            <div class="actions">
                <button type="button" disabled=move || busy.get() on:click=move |_| ctx.screen.set(Screen::Restore)>
                    {t("Restore from a backup file")}
                </button>
            </div>
            <div class="card-footer">
                <super::preferences::LanguageSelect />
            </div>
        </section>
    }
}

/// The first screen's other way in: a backup file from another device becomes this browser's
/// book. The file is checked and previewed as on the Backup screen, and nothing is stored until
/// "Restore client book". Then a new book is created the usual way, under the backup's
/// passphrase or a new one, and filled with the backup in one commit, as a Replace would.
#[component]
pub fn RestoreVault() -> impl IntoView {
    let ctx = use_app();
    kdf().warm_up();
    let check = BackupCheck::new();
    let opened = StoredValue::new_local(None::<OpenedBackup>);
    let preview = RwSignal::new(None::<ImportPreview>);
    // A backup's passphrase may predate today's rules; then the book needs a new one.
    let keep_allowed = RwSignal::new(true);
    let keep = RwSignal::new(true);
    let passphrase = RwSignal::new(String::new());
    let repeat = RwSignal::new(String::new());
    let busy = RwSignal::new(false);
    let problem =
        FormProblem::new(move || if keep.get() { Ok(()) } else { check_new(&passphrase.get(), &repeat.get()) });

    // Another file, or another check: what was shown for the last one no longer applies.
    let forget = move || {
        preview.set(None);
        opened.set_value(None);
        passphrase.set(String::new());
        repeat.set(String::new());
        problem.reset();
    };
    let run_check = move || {
        if !check.begin() {
            return;
        }
        forget();
        leptos::task::spawn_local(async move {
            let outcome = async {
                let Some(backup) = check.open().await? else { return Ok(()) };
                let acceptable = assess(&backup.passphrase).is_acceptable();
                keep_allowed.set(acceptable);
                keep.set(acceptable);
                preview.set(Some(ImportPreview::of(&backup.info, &backup.payload, &Book::default())));
                opened.set_value(Some(backup));
                Ok(())
            }
            .await;
            check.end(outcome);
        });
    };

    let restore = move |ev: SubmitEvent| {
        ev.prevent_default();
        if busy.get_untracked() || !problem.submit() {
            return;
        }
        let Some(backup) = opened.try_update_value(Option::take).flatten() else { return };
        let chosen =
            if keep.get_untracked() { backup.passphrase.clone() } else { Zeroizing::new(passphrase.get_untracked()) };
        busy.set(true);
        leptos::task::spawn_local(async move {
            let_browser_paint().await;
            let created = async {
                let store = ctx.store.get_value().ok_or_else(storage_not_open)?;
                let vault = create_vault(&store, &chosen, KdfParams::DEFAULT, &kdf(), &WebCrypto)
                    .await
                    .map_err(|e| e.to_string())?;
                Ok::<_, String>((store, vault))
            }
            .await;
            let (store, vault) = match created {
                Ok(created) => created,
                Err(message) => {
                    opened.set_value(Some(backup));
                    busy.set(false);
                    return problem.fail(message);
                }
            };
            // The book exists from here on, so it opens even if filling it fails.
            let fill = Changes::from(ImportPlan::replace(&Book::default(), &backup.payload));
            let clients = fill.clients.len();
            drop(backup);
            let opened_book = async {
                let expired_copy = open_session(ctx, store, &vault.data_key, None, vault.header.to_bytes()).await?;
                let filled = commit(ctx, fill).await;
                show_book(ctx, expired_copy, Route::Today);
                Ok::<_, String>(filled)
            }
            .await;
            drop(vault);
            match opened_book {
                Ok(Ok(())) => show(
                    ctx,
                    tf(
                        "Client book restored from the backup: {clients}.",
                        &[("clients", tp("{n} client", "{n} clients", clients as u64))],
                    ),
                ),
                Ok(Err(error)) => show_error(
                    ctx,
                    tf(
                        "The client book was created, but the backup could not be written into it: {error} Import the file again on the Backup screen.",
                        &[("error", error)],
                    ),
                ),
                Err(message) => {
                    // The book exists but did not open: its passphrase opens it from Unlock,
                    // and the backup can be imported again from there.
                    ctx.lock_reason.set(Some(tf(
                        "The client book was created, but it could not be opened: {error} Unlock it, then import the backup again on the Backup screen.",
                        &[("error", message)],
                    )));
                    ctx.screen.set(Screen::Unlock);
                }
            }
        });
    };

    view! {
        <section class="card vault-card" aria-labelledby="restore-title">
            <h1 id="restore-title">{t("Restore from a backup file")}</h1>
            <p class="lede">
                {t("Open a backup that Clientele made on another device. Nothing is stored on this device until you confirm.")}
            </p>
            <form on:submit=move |ev: SubmitEvent| { ev.prevent_default(); run_check(); } novalidate>
                <BackupCheckFields check on_check=Callback::new(move |()| run_check())
                    on_file_change=Callback::new(move |()| forget()) />
                <button type="submit" class:primary=move || preview.with(Option::is_none)
                    disabled=move || check.busy.get() || busy.get()>
                    {move || if check.busy.get() { t("Checking…") } else { t("Check backup") }}
                </button>
            </form>
            {move || preview.get().map(|p| view! {
                <div class="preview" role="region" aria-label=t("Backup contents")>
                    <BackupSummary preview=p />
                </div>
                <form on:submit=restore on:input=move |_| problem.edited() novalidate>
                    <fieldset>
                        <legend>{t("Passphrase for this client book")}</legend>
                        <div class="check">
                            <input id="restore-keep" type="radio" name="restore-passphrase" prop:checked=keep
                                disabled=move || !keep_allowed.get()
                                on:change=move |_| { keep.set(true); problem.reset(); } />
                            <label for="restore-keep">{t("Keep the backup's passphrase")}</label>
                        </div>
                        <div class="check">
                            <input id="restore-new" type="radio" name="restore-passphrase" prop:checked=move || !keep.get()
                                on:change=move |_| { keep.set(false); problem.reset(); } />
                            <label for="restore-new">{t("Choose a new passphrase")}</label>
                        </div>
                        <Show when=move || !keep_allowed.get()>
                            <p class="hint">{t("The backup's passphrase is weaker than a new client book allows, so choose a new one.")}</p>
                        </Show>
                        <Show when=move || !keep.get()>
                            <NewPassphraseFields id="restore-passphrase" repeat_id="restore-passphrase-repeat"
                                label=t("New passphrase") repeat_label=t("Repeat new passphrase") passphrase repeat />
                        </Show>
                    </fieldset>
                    <p class="hint">{t("There is no recovery: if you forget it, the data cannot be opened.")}</p>
                    <ProblemLine problem />
                    <button type="submit" class="primary" disabled=move || busy.get()>
                        {move || if busy.get() { t("Restoring…") } else { t("Restore client book") }}
                    </button>
                </form>
            })}
            <div class="card-footer">
                <button type="button" disabled=move || busy.get() on:click=move |_| ctx.screen.set(Screen::Create)>
                    {t("Create an empty book instead")}
                </button>
                <super::preferences::LanguageSelect />
            </div>
        </section>
    }
}

#[component]
pub fn UnlockVault() -> impl IntoView {
    let ctx = use_app();
    kdf().warm_up();
    let passphrase = RwSignal::new(String::new());
    let busy = RwSignal::new(false);
    let problem = FormProblem::new(move || match passphrase.with(String::is_empty) {
        true => Err(t("Enter your passphrase.").into()),
        false => Ok(()),
    });

    let submit = move |ev: SubmitEvent| {
        ev.prevent_default();
        if busy.get_untracked() || !problem.submit() {
            return;
        }
        let pass = passphrase.get_untracked();
        ctx.lock_reason.set(None);
        busy.set(true);
        leptos::task::spawn_local(async move {
            let_browser_paint().await;
            let result = async {
                let store = ctx.store.get_value().ok_or_else(storage_not_open)?;
                // A form kept as a draft at lock time may still be on its way to the store.
                super::drafts::writes_done().await;
                // Read afresh: the header changes with every save.
                let header_bytes = store
                    .read_header()
                    .await
                    .map_err(|e| e.to_string())?
                    .ok_or_else(|| VaultError::DamagedHeader.to_string())?;
                let header = VaultHeader::parse(&header_bytes).map_err(|e| e.to_string())?;
                super::mark("clientele:kdf-start");
                let started = js_sys::Date::now();
                let unlocked = unlock(&header, &pass, &kdf(), &WebCrypto).await.map_err(|e| e.to_string())?;
                super::mark("clientele:kdf-end");
                super::security::remember_kdf_time(&header.kdf, js_sys::Date::now() - started);
                // The worker holds Argon2's memory until told otherwise; nothing else waits on it.
                kdf().cancel();
                // Back to the address the user was on: it stayed in the URL while locked.
                let route = super::router::address().after_unlock();
                open_book(ctx, store, &unlocked.data_key, Some(&unlocked.kek), header_bytes, route).await?;
                if unlocked.needs_nfc_rewrap {
                    rewrap_in_nfc(ctx, unlocked.data_key, zeroize::Zeroizing::new(pass.clone()));
                }
                if crate::vault::kdf_is_outdated(&header) {
                    ctx.pending_upgrade.set_value(Some(zeroize::Zeroizing::new(pass.clone())));
                    ctx.upgrade_offered.set(Some(header.kdf));
                }
                Ok::<(), String>(())
            }
            .await;
            passphrase.set(String::new());
            busy.set(false);
            if let Err(message) = result {
                ctx.book.set(Book::default());
                problem.fail(message);
            }
        });
    };

    view! {
        <section class="card vault-card" aria-labelledby="unlock-title">
            <h1 id="unlock-title">{t("Unlock your client book")}</h1>
            {move || ctx.lock_reason.get().map(|reason| view! { <p class="notice">{reason}</p> })}
            <form on:submit=submit on:input=move |_| problem.edited() novalidate>
                <label for="unlock-passphrase">{t("Passphrase")}</label>
                <input id="unlock-passphrase" type="password" autocomplete="current-password" bind:value=passphrase
                    autofocus />
                <ProblemLine problem />
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
