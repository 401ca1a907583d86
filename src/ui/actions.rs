//! Every change to stored data, in one place: save, then update the in-memory book, then tell
//! the user. A change shows as done only after the store has committed it.

use chrono::{DateTime, Local, NaiveDate, Utc};
use leptos::prelude::*;

use crate::i18n::t;

use super::{AppContext, Detail, Toast, View};
use crate::book::{delete_client, save_client, save_settings};
use crate::model::{Client, Settings};

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

/// Seals and stores `client`, then puts it in the book. Errors come back as the message to show.
pub async fn persist(ctx: AppContext, client: Client) -> Result<(), String> {
    let (store, cipher) = ctx.session().ok_or_else(|| t("The book is locked. Unlock it and try again.").to_owned())?;
    save_client(&store, &cipher, &client).await.map_err(|e| e.to_string())?;
    super::mark("clientele:save-committed");
    // Locked while saving: the write landed, but the book must stay empty.
    if ctx.session().is_some() {
        ctx.book.update(|book| book.upsert(client, now()));
    }
    Ok(())
}

pub async fn persist_settings(ctx: AppContext, settings: Settings) -> Result<(), String> {
    let (store, cipher) = ctx.session().ok_or_else(|| t("The book is locked. Unlock it and try again.").to_owned())?;
    save_settings(&store, &cipher, &settings).await.map_err(|e| e.to_string())?;
    if ctx.session().is_some() {
        ctx.book.update(|book| book.settings = settings);
    }
    Ok(())
}

/// Applies `edit` to a stored client and saves it; for forms that stay open on failure.
pub async fn update_client(ctx: AppContext, id: &str, edit: impl FnOnce(&mut Client)) -> Result<(), String> {
    let mut client = ctx
        .book
        .with_untracked(|b| b.get(id).cloned())
        .ok_or_else(|| t("This client is no longer in the book.").to_owned())?;
    edit(&mut client);
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
    let Some(previous) = ctx.book.with_untracked(|b| b.get(id).cloned()) else {
        return;
    };
    let mut changed = previous.clone();
    edit(&mut changed);
    changed.updated = now();
    let message = message.into();
    leptos::task::spawn_local(async move {
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

/// Deletes a client from Trash for good. Undo (in this session) writes it back.
pub fn delete_forever(ctx: AppContext, id: String) {
    let Some(previous) = ctx.book.with_untracked(|b| b.get(&id).cloned()) else {
        return;
    };
    let Some((store, _)) = ctx.session() else { return };
    leptos::task::spawn_local(async move {
        match delete_client(&store, &id).await {
            Ok(()) => {
                ctx.book.update(|book| {
                    book.remove(&id);
                });
                toast(ctx, t("Deleted for good.").into(), false, Some(previous));
            }
            Err(error) => show_error(ctx, error.to_string()),
        }
    });
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

pub fn go_to(ctx: AppContext, view: View) {
    if confirm_discard(ctx) {
        ctx.view.set(view);
        ctx.detail.set(Detail::Nothing);
    }
}

pub fn open_detail(ctx: AppContext, detail: Detail) {
    if confirm_discard(ctx) {
        // Setting a signal notifies even when the value is the same, and the shell rebuilds
        // the whole view on that: from the client list itself, that would clear the search.
        if ctx.view.get_untracked() != View::Clients {
            ctx.view.set(View::Clients);
        }
        ctx.detail.set(detail);
    }
}
