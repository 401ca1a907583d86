//! Every change to stored data, in one place: commit, then update the in-memory book, then
//! tell the user. A change shows as done only after the store has committed it. Also where the
//! full client records are read: in the background after unlock, or at once for a profile.

use chrono::{DateTime, Local, NaiveDate, Utc};
use leptos::prelude::*;

use crate::i18n::t;

use super::{AppContext, Detail, SharedSession, Toast, View};
use crate::book::{Book, Changes, CommitPlan, ErasePlan, HistoryChunk, Pause};
use crate::model::{Client, Settings};
use crate::vault::VaultError;
use crate::web::BrowserPause;

pub fn now() -> DateTime<Utc> {
    Utc::now()
}

/// Today in the user's time zone.
pub fn today() -> NaiveDate {
    Local::now().date_naive()
}

/// A UTC instant as local date and time, written the way the interface language writes it.
pub fn local_datetime(instant: DateTime<Utc>) -> String {
    crate::i18n::format_datetime(crate::i18n::lang(), instant.with_timezone(&Local).naive_local())
}

pub fn local_date(instant: DateTime<Utc>) -> String {
    crate::i18n::format_date(crate::i18n::lang(), instant.with_timezone(&Local).date_naive())
}

pub fn show(ctx: AppContext, message: impl Into<String>) {
    toast(ctx, message.into(), false, None);
}

pub fn show_error(ctx: AppContext, message: impl Into<String>) {
    toast(ctx, message.into(), true, None);
}

/// Shows a toast. Messages fade after a few seconds, offers to undo after longer, and errors
/// stay until dismissed.
fn toast(ctx: AppContext, message: String, is_error: bool, undo: Option<Client>) {
    let serial = ctx.toast.with_untracked(|t| t.as_ref().map_or(0, |t| t.serial + 1));
    let linger = if undo.is_some() { 12 } else { 5 };
    ctx.toast.set(Some(Toast { serial, message, is_error, undo }));
    if !is_error {
        set_timeout(
            move || {
                if ctx.toast.with_untracked(|t| t.as_ref().is_some_and(|t| t.serial == serial)) {
                    ctx.toast.set(None);
                }
            },
            std::time::Duration::from_secs(linger),
        );
    }
}

fn locked_error() -> String {
    t("The book is locked. Unlock it and try again.").to_owned()
}

/// Writes `changes` as one commit, then applies them to the book in memory. Errors come back as
/// the message to show. Every change to stored data goes through here.
pub async fn commit(ctx: AppContext, changes: Changes) -> Result<(), String> {
    commit_with(ctx, |_| Ok(changes)).await
}

/// Commits the changes `make` draws from the book as it stands once this write's turn has
/// come: two quick edits of the same record then build on each other, instead of the second
/// undoing the first.
async fn commit_with(ctx: AppContext, make: impl FnOnce(&Book) -> Result<Changes, String>) -> Result<(), String> {
    let session = ctx.session().ok_or_else(locked_error)?;
    let mut vault = session.lock().await;
    let changes = ctx.book.with_untracked(make)?;
    let plan = ctx.book.with_untracked(|b| CommitPlan::new(b, changes, now())).map_err(|e| e.to_string())?;
    vault.commit(&plan, &BrowserPause, now()).await.map_err(|e| e.to_string())?;
    super::mark("clientele:save-committed");
    // Locked while saving: the write landed, but the book must stay empty.
    if ctx.session().is_some_and(|current| std::rc::Rc::ptr_eq(&current, &session)) {
        ctx.book.update(|book| book.apply(plan.changes, now()));
    }
    Ok(())
}

/// Reads the full records of these clients now, if the background load has not yet.
pub async fn ensure_full(ctx: AppContext, ids: &[String]) -> Result<(), String> {
    let missing: Vec<String> =
        ctx.book.with_untracked(|b| ids.iter().filter(|id| b.entry(id).is_some_and(|e| !e.full)).cloned().collect());
    if missing.is_empty() {
        return Ok(());
    }
    let session = ctx.session().ok_or_else(locked_error)?;
    let chunk = session.lock().await.load_clients(&missing).await.map_err(|e| e.to_string())?;
    if ctx.session().is_some_and(|current| std::rc::Rc::ptr_eq(&current, &session)) {
        ctx.book.update(|book| attach(book, chunk));
        ctx.history.set(ctx.book.with_untracked(|b| b.history));
    }
    Ok(())
}

fn attach(book: &mut crate::book::Book, chunk: HistoryChunk) {
    book.attach_full(chunk.clients, now());
    book.mark_unavailable(&chunk.unavailable);
    book.damaged.extend(chunk.damaged);
}

/// How many full client records one step of the background load reads: small enough that
/// checking, decrypting and parsing them stays well under 50 ms.
const HISTORY_CHUNK: usize = 200;

/// How many clients' search text one step folds after unlock.
const SEARCH_INDEX_CHUNK: usize = 1500;

/// Loads every client's full record after the first paint, a chunk per task, and marks the end
/// for the benchmark. The book is updated quietly; one notification at the end refreshes
/// whatever shows totals over whole histories.
pub fn load_history_in_background(ctx: AppContext, session: SharedSession) {
    leptos::task::spawn_local(async move {
        // First the search text of every summary, so typing in the list is fast.
        loop {
            BrowserPause.pause().await;
            if !ctx.session().is_some_and(|current| std::rc::Rc::ptr_eq(&current, &session)) {
                return;
            }
            let mut done = false;
            ctx.book.update_untracked(|book| done = book.index_search(SEARCH_INDEX_CHUNK));
            if done {
                break;
            }
        }
        loop {
            BrowserPause.pause().await;
            let still_open = || ctx.session().is_some_and(|current| std::rc::Rc::ptr_eq(&current, &session));
            if !still_open() {
                return;
            }
            let chunk = session.lock().await.load_history_chunk(HISTORY_CHUNK).await;
            if !still_open() {
                return;
            }
            match chunk {
                Ok(Some(chunk)) => {
                    let damaged = !chunk.damaged.is_empty();
                    ctx.book.update_untracked(|book| attach(book, chunk));
                    if damaged {
                        ctx.book.update(|_| {});
                    }
                    ctx.history.set(ctx.book.with_untracked(|b| b.history));
                }
                Ok(None) => break,
                Err(error) => {
                    show_error(ctx, error.to_string());
                    return;
                }
            }
        }
        ctx.book.update(|_| {});
        ctx.history.set(ctx.book.with_untracked(|b| b.history));
        super::mark("clientele:history-loaded");
    });
}

/// The whole book, for a backup or an export: waits until every full record has loaded (the
/// screen says so meanwhile, see `backup::HistoryWait`).
pub async fn whole_book(ctx: AppContext) -> Result<crate::backup::BackupPayload, String> {
    loop {
        if ctx.session().is_none() {
            return Err(locked_error());
        }
        if let Some(payload) = ctx.book.with_untracked(|b| b.payload()) {
            return Ok(payload);
        }
        super::sleep(100).await;
    }
}

/// Seals and stores `client`, then puts it in the book.
pub async fn persist(ctx: AppContext, client: Client) -> Result<(), String> {
    let _saving = SaveUnderWay::start();
    commit(ctx, Changes::client(client)).await
}

thread_local! {
    static SAVES_IN_FLIGHT: std::cell::Cell<u32> = const { std::cell::Cell::new(0) };
}

/// Counts a form's save from its start (which may first wait for a history to load) to its end.
struct SaveUnderWay;

impl SaveUnderWay {
    fn start() -> Self {
        SAVES_IN_FLIGHT.with(|n| n.set(n.get() + 1));
        Self
    }
}

impl Drop for SaveUnderWay {
    fn drop(&mut self) {
        SAVES_IN_FLIGHT.with(|n| n.set(n.get().saturating_sub(1)));
    }
}

/// How many client saves are under way; a lock does not keep their forms as drafts.
pub fn saves_in_flight() -> u32 {
    SAVES_IN_FLIGHT.with(std::cell::Cell::get)
}

pub async fn persist_settings(ctx: AppContext, settings: Settings) -> Result<(), String> {
    commit(ctx, Changes::settings(settings)).await
}

/// Applies `change` to the settings as they are when its write starts, and saves them.
pub async fn edit_settings(ctx: AppContext, change: impl FnOnce(&mut Settings)) -> Result<(), String> {
    commit_with(ctx, |book| {
        let mut settings = book.settings.clone();
        change(&mut settings);
        Ok(Changes::settings(settings))
    })
    .await
}

/// The client with their whole history, loading it first if needed.
async fn writable(ctx: AppContext, id: &str) -> Result<Client, String> {
    ensure_full(ctx, &[id.to_owned()]).await?;
    ctx.book
        .with_untracked(|b| b.get_writable(id).cloned())
        .ok_or_else(|| t("This client is no longer in the book.").to_owned())
}

/// Applies `edit` to a stored client and saves it; for forms that stay open on failure.
pub async fn update_client(ctx: AppContext, id: &str, edit: impl FnOnce(&mut Client)) -> Result<(), String> {
    try_update_client(ctx, id, |client| {
        edit(client);
        Ok(())
    })
    .await
}

/// Like `update_client`, for an edit that may refuse: then nothing is written, and its
/// message is the error.
pub async fn try_update_client(
    ctx: AppContext,
    id: &str,
    edit: impl FnOnce(&mut Client) -> Result<(), String>,
) -> Result<(), String> {
    let _saving = SaveUnderWay::start();
    let mut client = writable(ctx, id).await?;
    edit(&mut client)?;
    client.updated = now();
    persist(ctx, client).await
}

/// Applies `edit` to a stored client and saves it. With `undoable`, the toast offers Undo,
/// which saves the client back as it was.
pub fn change_client(
    ctx: AppContext,
    id: &str,
    message: impl Into<String>,
    undoable: bool,
    edit: impl FnOnce(&mut Client) + 'static,
) {
    let id = id.to_owned();
    let message = message.into();
    leptos::task::spawn_local(async move {
        let previous = match writable(ctx, &id).await {
            Ok(client) => client,
            Err(error) => return show_error(ctx, error),
        };
        let mut changed = previous.clone();
        edit(&mut changed);
        changed.updated = now();
        match persist(ctx, changed).await {
            Ok(()) => toast(ctx, message, false, undoable.then_some(previous)),
            Err(error) => show_error(ctx, error),
        }
    });
}

/// Undo: saves the client exactly as it was before the last destructive action.
pub fn undo(ctx: AppContext, previous: Client) {
    leptos::task::spawn_local(async move {
        match persist(ctx, previous).await {
            Ok(()) => show(ctx, t("Undone.")),
            Err(error) => show_error(ctx, error),
        }
    });
}

/// Deletes a client from Trash. The toast's Undo writes it back from memory, so the message
/// says that undoing is possible only while it shows: it goes after a few seconds, when
/// another message replaces it, when dismissed, or when the book locks.
pub fn delete_forever(ctx: AppContext, id: String) {
    leptos::task::spawn_local(async move {
        let previous = match writable(ctx, &id).await {
            Ok(client) => client,
            Err(error) => return show_error(ctx, error),
        };
        match commit(ctx, Changes { deleted: vec![id], ..Changes::default() }).await {
            Ok(()) => toast(
                ctx,
                t("Deleted from this device. Undo is possible only while this message is shown.").into(),
                false,
                Some(previous),
            ),
            Err(error) => show_error(ctx, error),
        }
    });
}

/// Erases a client and every link to them, once every client that names them is loaded.
pub async fn erase_client(ctx: AppContext, id: &str) -> Result<(), String> {
    let referring: Vec<String> = ctx.book.with_untracked(|b| {
        b.entries()
            .filter(|e| e.client.source.referred_by.as_deref() == Some(id))
            .map(|e| e.client.id.clone())
            .collect()
    });
    ensure_full(ctx, &referring).await?;
    let plan = ctx.book.with_untracked(|b| ErasePlan::new(b, id)).ok_or_else(|| VaultError::NotLoaded.to_string())?;
    commit(ctx, plan.changes).await
}

/// True when there is nothing unsaved, or the user agrees to discard it.
pub fn confirm_discard(ctx: AppContext) -> bool {
    if !ctx.dirty.get_untracked() {
        return true;
    }
    let discard = web_sys::window()
        .and_then(|w| w.confirm_with_message(t("You have unsaved changes. Leave without saving?")).ok())
        .unwrap_or(false);
    if discard {
        ctx.dirty.set(false);
    }
    discard
}

/// Opens a section, asking first if a form has unsaved input. (The router adds the history
/// entry: `router`.) The client list opens anew, even from itself: no search, no filter but
/// the segment it shows; Back is the way to a list as it was left.
pub fn go_to(ctx: AppContext, view: View) {
    if confirm_discard(ctx) {
        if view == View::Clients {
            ctx.list.reset();
        }
        ctx.view.set(view);
        ctx.detail.set(Detail::Nothing);
    }
}

/// Opens a profile, a form or the bare list in the client list's pane, asking first if a form
/// has unsaved input.
pub fn open_detail(ctx: AppContext, detail: Detail) {
    if confirm_discard(ctx) {
        show_detail(ctx, detail);
    }
}

/// Shows `detail` in the client list's pane, without asking: the caller has (or Back, whose
/// `popstate` the router asks for).
pub fn show_detail(ctx: AppContext, detail: Detail) {
    // A profile shows the whole history: read it now rather than wait for the background.
    if let Detail::Profile(id) | Detail::Edit(Some(id)) = &detail {
        let id = id.clone();
        leptos::task::spawn_local(async move {
            if let Err(error) = ensure_full(ctx, &[id]).await {
                show_error(ctx, error);
            }
        });
    }
    // Setting a signal notifies even when the value is the same, and the shell rebuilds the
    // whole view on that.
    if ctx.view.get_untracked() != View::Clients {
        ctx.view.set(View::Clients);
    }
    ctx.detail.set(detail);
}
