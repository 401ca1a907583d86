//! What keeps an unattended book closed: auto-lock after idle time or when the tab is hidden,
//! the lock shortcut, copying contact details with a clipboard that clears itself, the
//! passphrase change and the key-settings upgrade offered at unlock. Also the parts every
//! passphrase form shares: the new-passphrase fields and a message that follows the input.

use std::cell::Cell;

use leptos::ev::SubmitEvent;
use leptos::prelude::*;

use crate::i18n::{t, tf, tp};
use wasm_bindgen::closure::Closure;
use wasm_bindgen::{JsCast, JsValue};
use zeroize::Zeroizing;

use super::actions::{show, show_error, whole_book};
use super::{kdf, let_browser_paint, use_app, AppContext, Screen};
use crate::passphrase::{assess, check_change};
use crate::vault::kdf::KdfParams;
use crate::vault::keys::DataKey;
use crate::vault::{new_key_part, rewrap_header, unlock};
use crate::web::{BrowserPause, WebCrypto, WebCryptoCipher};

/// The message of a form, true to what is typed now. It says nothing until the first submit;
/// from then on the form's rule is checked again on every keystroke, so a message goes the
/// moment its mistake is fixed. A failure found by the work itself (a wrong passphrase, a
/// storage error) was about the input as it was, so it shows only until the next edit.
#[derive(Clone, Copy)]
pub struct FormProblem {
    submitted: RwSignal<bool>,
    failure: RwSignal<Option<String>>,
    rule: Memo<Option<String>>,
}

impl FormProblem {
    /// `rule` reads the form's inputs and says what is wrong with them, if anything.
    pub fn new(rule: impl Fn() -> Result<(), String> + Send + Sync + 'static) -> Self {
        Self { submitted: RwSignal::new(false), failure: RwSignal::new(None), rule: Memo::new(move |_| rule().err()) }
    }

    /// The user submitted: whether the input passes the rule. When not, its message shows.
    pub fn submit(self) -> bool {
        self.submitted.set(true);
        self.failure.set(None);
        self.rule.with_untracked(Option::is_none)
    }

    /// The work failed; the message shows until the input changes.
    pub fn fail(self, message: String) {
        self.submitted.set(false);
        self.failure.set(Some(message));
    }

    /// The input changed: a failure found for the previous input no longer applies.
    pub fn edited(self) {
        self.failure.set(None);
    }

    /// Back to an untouched form (after success, or when the form asks for something else).
    pub fn reset(self) {
        self.submitted.set(false);
        self.failure.set(None);
    }

    pub fn message(self) -> Option<String> {
        self.failure.get().or_else(|| if self.submitted.get() { self.rule.get() } else { None })
    }
}

/// A form's message line, announced when it appears.
#[component]
pub fn ProblemLine(problem: FormProblem) -> impl IntoView {
    view! {
        <Show when=move || problem.message().is_some()>
            <p class="error" role="alert">{move || problem.message()}</p>
        </Show>
    }
}

/// A new passphrase typed twice, with its strength said as it is typed. Every place where a
/// passphrase is chosen uses it, so each follows the same rules in the same words.
#[component]
pub fn NewPassphraseFields(
    /// The first input's id; the strength line's id is made from it.
    id: &'static str,
    /// The repeat input's id.
    repeat_id: &'static str,
    /// The first input's label.
    label: &'static str,
    /// The repeat input's label.
    repeat_label: &'static str,
    passphrase: RwSignal<String>,
    repeat: RwSignal<String>,
) -> impl IntoView {
    let strength = Memo::new(move |_| assess(&passphrase.get()));
    let strength_id = format!("{id}-strength");
    view! {
        <label for=id>{label}</label>
        <input id=id type="password" autocomplete="new-password" bind:value=passphrase
            aria-describedby=strength_id.clone() />
        <div id=strength_id class="strength" aria-live="polite">
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
        <label for=repeat_id>{repeat_label}</label>
        <input id=repeat_id type="password" autocomplete="new-password" bind:value=repeat />
    }
}

/// How often the idle check runs. The lock happens at most this late.
const IDLE_CHECK_MS: i32 = 5_000;
/// A copied phone or email is cleared from the clipboard after this long.
const CLIPBOARD_CLEAR_AFTER: std::time::Duration = std::time::Duration::from_secs(30);

thread_local! {
    /// When the user last touched the page, in milliseconds since the epoch.
    static LAST_ACTIVITY: Cell<f64> = Cell::new(js_sys::Date::now());
    /// How long the default key derivation takes on this device, from the last unlock.
    static KDF_MS_AT_DEFAULT: Cell<f64> = const { Cell::new(1_000.0) };
}

/// Notes how long a derivation took, so a costlier one can say how long it will take.
pub fn remember_kdf_time(params: &KdfParams, elapsed_ms: f64) {
    let relative = params.cost_relative_to_default();
    if relative > 0.0 && elapsed_ms > 0.0 {
        KDF_MS_AT_DEFAULT.with(|t| t.set(elapsed_ms / relative));
    }
}

/// How long a derivation with `params` should take here, from the last unlock's.
pub fn expected_kdf_ms(params: &KdfParams) -> f64 {
    KDF_MS_AT_DEFAULT.with(Cell::get) * params.cost_relative_to_default()
}

/// A progress bar for a long key derivation: Argon2id cannot report progress, so it is
/// estimated from how long the last unlock took on this device, and never shows done early.
#[component]
pub fn KdfProgress(
    /// The parameters being derived.
    params: KdfParams,
) -> impl IntoView {
    let expected = expected_kdf_ms(&params).max(1.0);
    let started = js_sys::Date::now();
    let elapsed = RwSignal::new(0.0);
    let handle = set_interval_with_handle(
        move || elapsed.set(js_sys::Date::now() - started),
        std::time::Duration::from_millis(250),
    )
    .ok();
    on_cleanup(move || {
        if let Some(handle) = handle {
            handle.clear();
        }
    });
    let share = move || (elapsed.get() / expected).min(0.95);
    view! {
        <div class="kdf-progress" role="status">
            <progress max="1" value=move || share().to_string() aria-label=t("Deriving the key")></progress>
            <span>{move || {
                let left = ((expected - elapsed.get()) / 1000.0).max(1.0).round();
                tf("Deriving the key, about {seconds} s left. The page stays usable.", &[("seconds", left.to_string())])
            }}</span>
        </div>
    }
}

/// Installs the page-wide lock triggers once: activity tracking, the idle check, the hidden-tab
/// lock and the Ctrl+Shift+L (Cmd+Shift+L) shortcut. They live as long as the page.
pub fn install_lock_triggers(ctx: AppContext) {
    let Some(window) = web_sys::window() else { return };
    let touched = Closure::<dyn FnMut()>::new(|| LAST_ACTIVITY.with(|t| t.set(js_sys::Date::now())));
    for event in ["pointerdown", "keydown", "input", "wheel", "touchstart"] {
        let _ = window.add_event_listener_with_callback(event, touched.as_ref().unchecked_ref());
    }
    touched.forget();

    let shortcut = Closure::<dyn FnMut(web_sys::KeyboardEvent)>::new(move |event: web_sys::KeyboardEvent| {
        let modifier = event.ctrl_key() || event.meta_key();
        if modifier && event.shift_key() && event.key().eq_ignore_ascii_case("l") && is_open(ctx) {
            event.prevent_default();
            ctx.lock_with_reason(None);
        }
    });
    let _ = window.add_event_listener_with_callback("keydown", shortcut.as_ref().unchecked_ref());
    shortcut.forget();

    let idle_check = Closure::<dyn FnMut()>::new(move || {
        let minutes = ctx.book.with_untracked(|b| b.settings.auto_lock_minutes);
        let idle_ms = js_sys::Date::now() - LAST_ACTIVITY.with(Cell::get);
        if is_open(ctx) && minutes > 0 && idle_ms >= f64::from(minutes) * 60_000.0 {
            ctx.lock_with_reason(Some(tf(
                "Locked after {minutes} min without use.",
                &[("minutes", minutes.to_string())],
            )));
        }
    });
    let _ = window
        .set_interval_with_callback_and_timeout_and_arguments_0(idle_check.as_ref().unchecked_ref(), IDLE_CHECK_MS);
    idle_check.forget();

    let hidden = Closure::<dyn FnMut()>::new(move || {
        let document_hidden = web_sys::window()
            .and_then(|w| w.document())
            .is_some_and(|d| d.visibility_state() == web_sys::VisibilityState::Hidden);
        if document_hidden && is_open(ctx) && ctx.book.with_untracked(|b| b.settings.lock_when_hidden) {
            ctx.lock_with_reason(Some(t("Locked when the tab was hidden.").into()));
        }
    });
    if let Some(document) = window.document() {
        let _ = document.add_event_listener_with_callback("visibilitychange", hidden.as_ref().unchecked_ref());
    }
    hidden.forget();
}

fn is_open(ctx: AppContext) -> bool {
    ctx.screen.with_untracked(|s| *s == Screen::Open)
}

/// `navigator.clipboard`, which web-sys only exposes behind its unstable-API flag.
fn clipboard() -> Option<JsValue> {
    let navigator = web_sys::window()?.navigator();
    js_sys::Reflect::get(&navigator, &JsValue::from_str("clipboard")).ok().filter(|c| !c.is_undefined())
}

async fn call_clipboard(method: &str, argument: Option<&str>) -> Result<JsValue, JsValue> {
    let clipboard = clipboard().ok_or(JsValue::NULL)?;
    let function: js_sys::Function = js_sys::Reflect::get(&clipboard, &JsValue::from_str(method))?.dyn_into()?;
    let promise: js_sys::Promise = match argument {
        Some(text) => function.call1(&clipboard, &JsValue::from_str(text))?,
        None => function.call0(&clipboard)?,
    }
    .dyn_into()?;
    wasm_bindgen_futures::JsFuture::from(promise).await
}

/// Copies `value` and clears the clipboard 30 s later if it still holds that value. When the
/// browser refuses to let us read the clipboard back, it is cleared anyway: a client's phone
/// left behind is worse than losing something copied since.
pub fn copy_then_clear(ctx: AppContext, value: String, what: &'static str) {
    leptos::task::spawn_local(async move {
        if call_clipboard("writeText", Some(&value)).await.is_err() {
            return show_error(ctx, t("The browser did not allow copying. Select the text and copy it instead."));
        }
        show(ctx, tf("{what} copied. The clipboard is cleared in 30 seconds.", &[("what", what.to_owned())]));
        let value = Zeroizing::new(value);
        set_timeout(
            move || {
                leptos::task::spawn_local(async move {
                    let still_ours = match call_clipboard("readText", None).await {
                        Ok(current) => current.as_string().is_some_and(|c| c == *value),
                        Err(_) => true,
                    };
                    if still_ours {
                        let _ = call_clipboard("writeText", Some("")).await;
                    }
                });
            },
            CLIPBOARD_CLEAR_AFTER,
        );
    });
}

/// Settings section: when to lock, and the passphrase change.
#[component]
pub fn SecuritySettings() -> impl IntoView {
    let ctx = use_app();
    let minutes = move || ctx.book.with(|b| b.settings.auto_lock_minutes);
    let set_minutes = move |value: String| {
        let Ok(m) = value.parse::<u32>() else { return };
        super::settings::edit(ctx, t("Auto-lock saved."), move |s| s.auto_lock_minutes = m);
    };
    let toggle_hidden = move |ev: leptos::ev::Event| {
        let on = event_target_checked(&ev);
        super::settings::edit(ctx, t("Auto-lock saved."), move |s| s.lock_when_hidden = on);
    };
    view! {
        <section aria-labelledby="security-title">
            <h2 id="security-title">{t("Security")}</h2>
            <div class="field">
                <label for="auto-lock">{t("Lock after no use for")}</label>
                <select id="auto-lock" on:change=move |ev| set_minutes(event_target_value(&ev))>
                    {[1u32, 2, 5, 10, 15, 30, 60, 0].into_iter().map(|m| {
                        let text = if m == 0 { t("Never").to_owned() } else { tf("{n} min", &[("n", m.to_string())]) };
                        view! { <option value=m.to_string() selected=move || minutes() == m>{text}</option> }
                    }).collect_view()}
                </select>
            </div>
            <div class="field check">
                <input id="lock-hidden" type="checkbox" prop:checked=move || ctx.book.with(|b| b.settings.lock_when_hidden)
                    on:change=toggle_hidden />
                <label for="lock-hidden">{t("Lock when the tab is hidden")}</label>
            </div>
            <p class="hint">{t("Lock at any time with the Lock button or Ctrl+Shift+L (⌘+Shift+L on a Mac).")}</p>
            <ChangePassphrase />
            <ReplaceDataKey />
        </section>
    }
}

#[component]
fn ChangePassphrase() -> impl IntoView {
    let ctx = use_app();
    let current = RwSignal::new(String::new());
    let next = RwSignal::new(String::new());
    let repeat = RwSignal::new(String::new());
    let busy = RwSignal::new(false);
    let problem = FormProblem::new(move || check_change(&current.get(), &next.get(), &repeat.get()));

    let submit = move |ev: SubmitEvent| {
        ev.prevent_default();
        if busy.get_untracked() || !problem.submit() {
            return;
        }
        let (old, new) = (Zeroizing::new(current.get_untracked()), Zeroizing::new(next.get_untracked()));
        busy.set(true);
        leptos::task::spawn_local(async move {
            let_browser_paint().await;
            let result = rewrap(ctx, &old, &new, KdfParams::DEFAULT).await;
            busy.set(false);
            match result {
                Ok(()) => {
                    current.set(String::new());
                    next.set(String::new());
                    repeat.set(String::new());
                    problem.reset();
                    show(ctx, t("Passphrase changed. Use the new one from now on."));
                }
                Err(message) => problem.fail(message),
            }
        });
    };

    view! {
        <form class="subform" on:submit=submit on:input=move |_| problem.edited() novalidate
            aria-labelledby="change-pass-title">
            <h3 id="change-pass-title">{t("Change passphrase")}</h3>
            <label for="current-passphrase">{t("Current passphrase")}</label>
            <input id="current-passphrase" type="password" autocomplete="current-password" bind:value=current />
            <NewPassphraseFields id="changed-passphrase" repeat_id="changed-passphrase-repeat"
                label=t("New passphrase") repeat_label=t("Repeat new passphrase") passphrase=next repeat=repeat />
            <ProblemLine problem />
            <button type="submit" disabled=move || busy.get()>
                {move || if busy.get() { t("Changing…") } else { t("Change passphrase") }}
            </button>
        </form>
    }
}

/// Re-wraps the data key under `new` and `params` (fresh salt and nonce) and stores the header.
/// The current passphrase unwraps the data key first, so a wrong one changes nothing.
async fn rewrap(ctx: AppContext, old: &str, new: &str, params: KdfParams) -> Result<(), String> {
    let session = ctx.session().ok_or_else(|| t("The book is locked. Unlock it and try again.").to_owned())?;
    let mut vault = session.lock().await;
    let current = vault.header().clone();
    let unlocked = unlock(&current, old, &kdf(), &WebCrypto).await.map_err(|e| e.to_string())?;
    let next = rewrap_header(&current, &unlocked.data_key, vault.cipher(), new, params, &kdf(), &WebCrypto)
        .await
        .map_err(|e| e.to_string())?;
    vault.replace_header(next).await.map_err(|e| e.to_string())
}

/// Re-encrypts every record under a fresh data key, wrapped under `passphrase`, in one commit.
async fn replace_data_key(ctx: AppContext, passphrase: &str) -> Result<(), String> {
    let session = ctx.session().ok_or_else(|| t("The book is locked. Unlock it and try again.").to_owned())?;
    // Every record is sealed again from its plaintext, so every history must be in memory.
    whole_book(ctx).await?;
    let mut vault = session.lock().await;
    let current = vault.header().clone();
    unlock(&current, passphrase, &kdf(), &WebCrypto).await.map_err(|e| e.to_string())?;
    let fresh = DataKey::generate().map_err(|e| e.to_string())?;
    let params = if crate::vault::kdf_is_outdated(&current) { KdfParams::DEFAULT } else { current.kdf };
    let key_part = new_key_part(&fresh, passphrase, params, &kdf(), &WebCrypto).await.map_err(|e| e.to_string())?;
    let cipher = WebCryptoCipher::import(fresh.as_bytes()).await.map_err(|e| e.to_string())?;
    drop(fresh);
    let everything =
        ctx.book.with_untracked(|b| b.all_changes()).ok_or_else(|| crate::vault::VaultError::NotLoaded.to_string())?;
    vault
        .replace_data_key(everything, cipher, key_part, &BrowserPause, super::actions::now())
        .await
        .map_err(|e| e.to_string())
}

/// Settings section: re-encrypt everything under a new data key, and when that matters.
#[component]
pub fn ReplaceDataKey() -> impl IntoView {
    let ctx = use_app();
    let passphrase = RwSignal::new(String::new());
    let busy = RwSignal::new(false);
    let problem = FormProblem::new(move || match passphrase.with(String::is_empty) {
        true => Err(t("Enter your current passphrase.").into()),
        false => Ok(()),
    });
    let submit = move |ev: SubmitEvent| {
        ev.prevent_default();
        if busy.get_untracked() || !problem.submit() {
            return;
        }
        let pass = Zeroizing::new(passphrase.get_untracked());
        busy.set(true);
        leptos::task::spawn_local(async move {
            let_browser_paint().await;
            let result = replace_data_key(ctx, &pass).await;
            busy.set(false);
            passphrase.set(String::new());
            match result {
                Ok(()) => {
                    problem.reset();
                    show(ctx, t("Every record is now encrypted under a new key. Older copies of this browser's storage open nothing stored from now on."));
                }
                Err(message) => problem.fail(message),
            }
        });
    };
    view! {
        <form class="subform" on:submit=submit on:input=move |_| problem.edited() novalidate
            aria-labelledby="replace-key-title">
            <h3 id="replace-key-title">{t("Replace the data key")}</h3>
            <p class="hint">{t("A passphrase change keeps the key that encrypts your records: someone who copied this browser's storage earlier and knows the old passphrase could still read it. Replacing the key re-encrypts every record under a new one, so those old copies open nothing stored from now on. Do it after changing a passphrase someone may know.")}</p>
            <super::backup::HistoryWait waiting=busy />
            <label for="replace-key-passphrase">{t("Your passphrase, to confirm")}</label>
            <input id="replace-key-passphrase" type="password" autocomplete="current-password" bind:value=passphrase />
            <ProblemLine problem />
            <button type="submit" disabled=move || busy.get()>
                {move || if busy.get() { t("Re-encrypting…") } else { t("Replace the data key") }}
            </button>
        </form>
    }
}

/// Shown after unlocking a book whose key settings are older and weaker than today's default.
/// The passphrase typed at unlock is held (zeroized on drop) only until the user decides.
#[component]
pub fn KdfUpgradeOffer() -> impl IntoView {
    let ctx = use_app();
    let busy = RwSignal::new(false);
    let upgrade = move |_| {
        let Some(passphrase) = ctx.pending_upgrade.get_value() else { return };
        busy.set(true);
        leptos::task::spawn_local(async move {
            let_browser_paint().await;
            let result = rewrap(ctx, &passphrase, &passphrase, KdfParams::DEFAULT).await;
            busy.set(false);
            ctx.pending_upgrade.set_value(None);
            ctx.upgrade_offered.set(None);
            match result {
                Ok(()) => show(ctx, t("Key settings upgraded. Your passphrase is unchanged.")),
                Err(message) => show_error(ctx, message),
            }
        });
    };
    let decline = move |_| {
        ctx.pending_upgrade.set_value(None);
        ctx.upgrade_offered.set(None);
    };
    view! {
        <Show when=move || ctx.upgrade_offered.get().is_some()>
            <div class="banner" role="region" aria-labelledby="kdf-upgrade-title">
                <h2 id="kdf-upgrade-title">{t("Stronger key settings are available")}</h2>
                <p>
                    {move || ctx.upgrade_offered.get().map(|old| tf(
                        "This client book's passphrase is protected with older settings ({memory} MiB, {passes}). Upgrading to {new_memory} MiB and {new_passes} makes guessing it much slower; the passphrase stays the same.",
                        &[
                            ("memory", (old.memory_kib / 1024).to_string()),
                            ("passes", tp("{n} pass", "{n} passes", u64::from(old.iterations))),
                            ("new_memory", (KdfParams::DEFAULT.memory_kib / 1024).to_string()),
                            ("new_passes", tp("{n} pass", "{n} passes", u64::from(KdfParams::DEFAULT.iterations))),
                        ],
                    ))}
                </p>
                <div class="row">
                    <button type="button" class="primary" disabled=move || busy.get() on:click=upgrade>
                        {move || if busy.get() { t("Upgrading…") } else { t("Upgrade now") }}
                    </button>
                    <button type="button" on:click=decline>{t("Not now")}</button>
                </div>
            </div>
        </Show>
    }
}
