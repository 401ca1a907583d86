//! The Leptos app. Screens call the core (`vault`, `book`, `model`, `segment`, `today`) and
//! hold no rules of their own; every change to stored data goes through `actions`.
//! Decrypted data lives only in the `book` signal while unlocked.

mod actions;
mod backup;
mod calendar;
mod cleanup;
mod clients;
mod drafts;
mod editor;
mod ics_download;
mod import;
mod insight;
mod preferences;
mod profile;
mod router;
mod security;
mod segments;
mod settings;
mod shell;
mod single_tab;
mod today;
mod trash;
mod vault_screens;
mod widgets;

use leptos::prelude::*;

use crate::i18n::t;
use wasm_bindgen::JsCast;
use zeroize::Zeroizing;

use crate::book::{Book, HistoryProgress, VaultSession};
use crate::model::Client;
use crate::segment::Segment;
use crate::vault::kdf::KdfParams;
use crate::vault::read_header;
use crate::web::{BrowserStore, WebCryptoCipher, APP_STORE_NAME};

/// The open vault, shared by every action. Writes and the background load take turns through
/// the lock, so two commits never start from the same state.
pub type Session = VaultSession<BrowserStore, WebCryptoCipher>;
pub type SharedSession = std::rc::Rc<futures::lock::Mutex<Session>>;

thread_local! {
    /// The app's one key-derivation worker, shared by every screen.
    static KDF: crate::web::WorkerKdf = crate::web::WorkerKdf::new();
}

/// The key derivation the app uses: Argon2id in a Web Worker, so the page stays responsive.
pub fn kdf() -> crate::web::WorkerKdf {
    KDF.with(Clone::clone)
}

/// Which screen is showing.
#[derive(Clone, PartialEq)]
pub enum Screen {
    Starting,
    Create,
    /// A fresh browser, restoring a backup file instead of starting an empty book.
    Restore,
    Unlock,
    Open,
    /// The vault cannot be used; the message says why and what to do. Nothing is written.
    Broken(String),
    /// Another tab holds the book (see `single_tab`); `taken_over` when it took it from this one.
    Elsewhere {
        taken_over: bool,
    },
}

/// The sections of the open book.
#[derive(Clone, Copy, PartialEq, Eq)]
pub enum View {
    Today,
    Calendar,
    Clients,
    /// The numbers of the book over a date range (`insight::dashboard`).
    Dashboard,
    Segments,
    Trash,
    Backup,
    Settings,
    /// Import contacts from a CSV or vCard file; reached from the client list and an empty book.
    Import,
    /// Duplicates, merge and the data-quality report; reached from the client list.
    Cleanup,
}

/// What the detail pane of the client list shows: nothing, a profile, or the profile editor
/// (`Edit(None)` for a new client). The same as the pane an address names.
pub use crate::navigation::ClientPane as Detail;

/// A message after an action, with the state to restore when it can be undone.
#[derive(Clone)]
pub struct Toast {
    /// Tells toasts with the same text apart, so a timer only clears its own toast.
    pub serial: u64,
    pub message: String,
    pub is_error: bool,
    /// The client as it was before the action; Undo saves it back.
    pub undo: Option<Client>,
}

/// The handles every screen shares. All `Copy`; the browser objects stay in local storage
/// because they cannot cross threads.
#[derive(Clone, Copy)]
pub struct AppContext {
    pub screen: RwSignal<Screen>,
    pub book: RwSignal<Book>,
    pub store: StoredValue<Option<BrowserStore>, LocalStorage>,
    /// The open vault while unlocked.
    pub vault: StoredValue<Option<SharedSession>, LocalStorage>,
    /// How far the background load of full client records has come. Views that need whole
    /// histories (backups, exports) wait for it; the book itself is updated without notice.
    pub history: RwSignal<HistoryProgress>,
    pub view: RwSignal<View>,
    pub detail: RwSignal<Detail>,
    /// A segment opened as a filtered client list.
    pub list_segment: RwSignal<Option<Segment>>,
    /// The calendar's date and span; `None` until it is first opened.
    pub calendar: RwSignal<Option<calendar::Place>>,
    /// The dashboard's range; `None` for its default.
    pub dashboard: RwSignal<Option<crate::insight::dashboard::Range>>,
    /// The client list's search, sort and filters (see `clients::ListState`).
    pub list: clients::ListState,
    pub toast: RwSignal<Option<Toast>>,
    /// A form has changes that are not saved; leaving it asks first.
    pub dirty: RwSignal<bool>,
    /// What the open form would keep as a draft if the book locked now (see `drafts`).
    pub draft_source: StoredValue<Option<drafts::DraftSource>, LocalStorage>,
    /// The draft the user chose to continue, until its form takes it.
    pub resumed: StoredValue<Option<crate::book::DraftForm>, LocalStorage>,
    /// Why the book was locked without the user asking (idle, hidden tab), shown at unlock.
    pub lock_reason: RwSignal<Option<String>>,
    /// The passphrase typed at unlock, kept only while a key-settings upgrade is on offer.
    pub pending_upgrade: StoredValue<Option<Zeroizing<String>>, LocalStorage>,
    /// The older key settings of this book, while their upgrade is on offer.
    pub upgrade_offered: RwSignal<Option<KdfParams>>,
    /// A new build is installed and waits for "Reload".
    pub update_ready: RwSignal<bool>,
    /// The interface language; changing it redraws every screen.
    pub lang: RwSignal<crate::i18n::Lang>,
    /// What the book means (`crate::insight`), computed in the background after each change
    /// (`insight::background_insight`).
    pub insight: ReadSignal<std::sync::Arc<crate::insight::BookInsight>>,
}

impl AppContext {
    /// Drops every decrypted record and the key, and returns to the unlock screen. The Rust
    /// copy of the data key was already zeroized when it was imported into WebCrypto.
    pub fn lock(&self) {
        self.lock_with_reason(None);
    }

    /// Locks, and says on the unlock screen why when it was not the user's doing. A form with
    /// unsaved input is kept as a sealed draft first.
    pub fn lock_with_reason(&self, reason: Option<String>) {
        self.lock_reason.set(reason);
        drafts::keep_on_lock(*self);
        self.close_book();
    }

    /// Locks because another tab took the book over. No draft is written: that tab now holds
    /// the vault, and a write from here would collide with its next save.
    pub fn lock_taken_over(&self) {
        self.lock_reason.set(None);
        self.close_book();
    }

    fn close_book(&self) {
        self.draft_source.set_value(None);
        self.resumed.set_value(None);
        self.pending_upgrade.set_value(None);
        self.upgrade_offered.set(None);
        self.vault.set_value(None);
        self.history.set(HistoryProgress::default());
        self.book.set(Book::default());
        self.detail.set(Detail::Nothing);
        self.list_segment.set(None);
        self.calendar.set(None);
        self.dashboard.set(None);
        self.list.reset();
        router::forget();
        self.toast.set(None);
        self.dirty.set(false);
        self.view.set(View::Today);
        self.screen.set(Screen::Unlock);
    }

    /// The open vault, when unlocked.
    pub fn session(&self) -> Option<SharedSession> {
        self.vault.get_value()
    }
}

pub fn use_app() -> AppContext {
    expect_context::<AppContext>()
}

#[component]
pub fn App() -> impl IntoView {
    let book = RwSignal::new(Book::default());
    let history = RwSignal::new(HistoryProgress::default());
    let ctx = AppContext {
        screen: RwSignal::new(Screen::Starting),
        book,
        store: StoredValue::new_local(None),
        vault: StoredValue::new_local(None),
        history,
        view: RwSignal::new(View::Today),
        detail: RwSignal::new(Detail::Nothing),
        list_segment: RwSignal::new(None),
        calendar: RwSignal::new(None),
        dashboard: RwSignal::new(None),
        list: clients::ListState::new(),
        toast: RwSignal::new(None),
        dirty: RwSignal::new(false),
        draft_source: StoredValue::new_local(None),
        resumed: StoredValue::new_local(None),
        lock_reason: RwSignal::new(None),
        pending_upgrade: StoredValue::new_local(None),
        upgrade_offered: RwSignal::new(None),
        update_ready: RwSignal::new(false),
        lang: RwSignal::new(preferences::initial_lang()),
        insight: insight::background_insight(book, history),
    };
    preferences::apply_lang(ctx.lang.get_untracked(), false);
    preferences::apply_theme(&preferences::initial_theme());
    provide_context(ctx);
    warn_before_leaving_unsaved(ctx);
    router::install(ctx);
    security::install_lock_triggers(ctx);
    crate::web::pwa::register_service_worker(move || ctx.update_ready.set(true));

    single_tab::acquire(ctx, false, move || open_store(ctx));

    view! {
        <main class="app">
            {move || {
                // Every text is looked up while rendering, so a language change redraws it all.
                ctx.lang.track();
                view! {
                    <Show when=move || ctx.update_ready.get()>
                        <div class="banner update" role="status">
                            <span>{t("Update available — reload to use the new version.")}</span>
                            <button type="button" class="primary"
                                on:click=move |_| leptos::task::spawn_local(crate::web::pwa::apply_update())>{t("Reload")}</button>
                        </div>
                    </Show>
                    {move || match ctx.screen.get() {
                        Screen::Starting => view! { <p class="starting">{t("Opening your client book…")}</p> }.into_any(),
                        Screen::Create => view! { <vault_screens::CreateVault /> }.into_any(),
                        Screen::Restore => view! { <vault_screens::RestoreVault /> }.into_any(),
                        Screen::Unlock => view! { <vault_screens::UnlockVault /> }.into_any(),
                        Screen::Open => view! { <shell::BookShell /> }.into_any(),
                        Screen::Elsewhere { taken_over } => view! { <single_tab::OpenElsewhere taken_over /> }.into_any(),
                        Screen::Broken(message) => view! {
                            <section class="card" aria-labelledby="broken-title">
                                <h1 id="broken-title">{t("The client book cannot be opened")}</h1>
                                <p role="alert">{message}</p>
                            </section>
                        }.into_any(),
                    }}
                }
            }}
        </main>
    }
}

/// Opens storage and reads the header (again, after another tab may have changed it), then
/// shows Create or Unlock.
fn open_store(ctx: AppContext) {
    leptos::task::spawn_local(async move {
        let store = match BrowserStore::open(APP_STORE_NAME).await {
            Ok(store) => store,
            Err(error) => return ctx.screen.set(Screen::Broken(error.to_string())),
        };
        let next = match read_header(&store).await {
            Ok(None) => Screen::Create,
            Ok(Some(_)) => Screen::Unlock,
            Err(error) => Screen::Broken(error.to_string()),
        };
        ctx.store.set_value(Some(store));
        ctx.screen.set(next);
    });
}

/// Closing or reloading the tab with unsaved changes makes the browser ask first.
fn warn_before_leaving_unsaved(ctx: AppContext) {
    let handler = wasm_bindgen::closure::Closure::<dyn FnMut(web_sys::BeforeUnloadEvent)>::new(
        move |event: web_sys::BeforeUnloadEvent| {
            if ctx.dirty.get_untracked() {
                event.prevent_default();
            }
        },
    );
    if let Some(window) = web_sys::window() {
        let _ = window.add_event_listener_with_callback("beforeunload", handler.as_ref().unchecked_ref());
    }
    // The app lives as long as the page, so the listener does too.
    handler.forget();
}

/// A User Timing mark, read by the benchmark (scripts/bench.sh). Names only, never data.
pub fn mark(name: &str) {
    if let Some(performance) = web_sys::window().and_then(|w| w.performance()) {
        let _ = performance.mark(name);
    }
}

/// Lets the browser paint (a status message, a spinner) before work starts.
pub async fn let_browser_paint() {
    sleep(50).await;
}

/// Resolves after `ms` milliseconds.
pub async fn sleep(ms: i32) {
    let promise = js_sys::Promise::new(&mut |resolve, _| {
        if let Some(window) = web_sys::window() {
            let _ = window.set_timeout_with_callback_and_timeout_and_arguments_0(resolve.unchecked_ref(), ms);
        }
    });
    let _ = wasm_bindgen_futures::JsFuture::from(promise).await;
}
