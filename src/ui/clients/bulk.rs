//! Editing many clients at once: the selection bar of the client list. The selection is a set
//! of client ids; "Select all matching" takes every match of the current search and filters.
//! The edits themselves are `book::bulk`.

use std::collections::BTreeSet;

use leptos::prelude::*;

use crate::book::bulk::{bulk_changes, BulkEdit};
use crate::export::{clients_csv, vcards};
use crate::i18n::{t, tp};
use crate::model::Status;
use crate::web::files::download;

use super::super::actions::{commit, ensure_full, now, show, show_error};
use super::super::use_app;
use super::rows::Matches;

/// The ids selected; `None` while the list is not in selection mode.
pub type Selection = RwSignal<Option<BTreeSet<String>>>;

#[component]
pub fn BulkBar(selection: Selection, matches: Memo<Matches>) -> impl IntoView {
    let ctx = use_app();
    let tag = RwSignal::new(String::new());
    let busy = RwSignal::new(false);
    let count = move || selection.with(|s| s.as_ref().map_or(0, BTreeSet::len));
    let selected = move || selection.with_untracked(|s| s.iter().flatten().cloned().collect::<Vec<String>>());

    let run = move |edit: BulkEdit, done: fn(u64) -> String| {
        let ids = selected();
        if ids.is_empty() {
            return;
        }
        busy.set(true);
        leptos::task::spawn_local(async move {
            let outcome = async {
                ensure_full(ctx, &ids).await?;
                let (changes, missing) = ctx.book.with_untracked(|b| bulk_changes(b, &ids, &edit, now()));
                if !missing.is_empty() {
                    return Err(t("Waiting for the full history to load.").to_owned());
                }
                let changed = changes.clients.len();
                if changed > 0 {
                    commit(ctx, changes).await?;
                }
                Ok::<_, String>(changed)
            }
            .await;
            busy.set(false);
            match outcome {
                Ok(changed) => {
                    show(ctx, done(changed as u64));
                    if matches!(edit, BulkEdit::MoveToTrash) {
                        selection.set(Some(BTreeSet::new()));
                    }
                }
                Err(message) => show_error(ctx, message),
            }
        });
    };
    let export = move |vcard: bool| {
        let ids: BTreeSet<String> = selection.with_untracked(|s| s.clone().unwrap_or_default());
        let (text, name, mime) = ctx.book.with_untracked(|b| {
            let chosen = b.entries().filter(|e| ids.contains(&e.client.id));
            if vcard {
                (vcards(chosen.map(|e| &e.client)), "clients.vcf", "text/vcard")
            } else {
                (clients_csv(chosen.map(|e| (&e.client, &e.stats)), &b.settings), "clients.csv", "text/csv")
            }
        });
        if let Err(message) = download(text.as_bytes(), name, mime) {
            show_error(ctx, message);
        }
    };

    view! {
        <div class="bulk-bar" role="region" aria-label=t("Selected clients")>
            <p aria-live="polite">{move || tp("{n} client selected", "{n} clients selected", count() as u64)}</p>
            <div class="actions">
                <button type="button" on:click=move |_| {
                    let all: BTreeSet<String> = matches.with_untracked(|m| ctx.book.with_untracked(|b| {
                        m.positions.iter().filter_map(|&at| b.entry_at(at)).map(|e| e.client.id.clone()).collect()
                    }));
                    selection.set(Some(all));
                }>{move || tp("Select all {n} matching", "Select all {n} matching", matches.with(|m| m.positions.len()) as u64)}</button>
                <button type="button" on:click=move |_| selection.set(Some(BTreeSet::new()))>{t("Clear the selection")}</button>
            </div>
            // Folded until wanted, so the list keeps its room while clients are being ticked.
            <details class="bulk-edits">
            <summary>{t("Edit the selected clients")}</summary>
            <div class="field">
                <label for="bulk-tag">{t("Tag")}</label>
                <input id="bulk-tag" type="text" prop:value=tag on:input=move |ev| tag.set(event_target_value(&ev)) />
            </div>
            <div class="actions">
                <button type="button" disabled=move || busy.get() || count() == 0 || tag.get().trim().is_empty()
                    on:click=move |_| run(BulkEdit::AddTag(tag.get_untracked()), |n| tp("Tag added to {n} client.", "Tag added to {n} clients.", n))>{t("Add tag")}</button>
                <button type="button" disabled=move || busy.get() || count() == 0 || tag.get().trim().is_empty()
                    on:click=move |_| run(BulkEdit::RemoveTag(tag.get_untracked()), |n| tp("Tag removed from {n} client.", "Tag removed from {n} clients.", n))>{t("Remove tag")}</button>
            </div>
            <div class="field">
                <label for="bulk-status">{t("Set status")}</label>
                <select id="bulk-status" disabled=move || busy.get() || count() == 0 on:change=move |ev| {
                    let status = match event_target_value(&ev).as_str() {
                        "Lead" => Status::Lead,
                        "Active" => Status::Active,
                        "Inactive" => Status::Inactive,
                        _ => return,
                    };
                    run(BulkEdit::SetStatus(status), |n| tp("Status set for {n} client.", "Status set for {n} clients.", n));
                }>
                    <option value="" selected=true>{t("Choose a status")}</option>
                    <option value="Lead">{t("Lead")}</option>
                    <option value="Active">{t("Active")}</option>
                    <option value="Inactive">{t("Inactive")}</option>
                </select>
            </div>
            <div class="actions">
                <button type="button" class="danger" disabled=move || busy.get() || count() == 0
                    on:click=move |_| run(BulkEdit::MoveToTrash, |n| tp("Moved {n} client to Trash.", "Moved {n} clients to Trash.", n))>{t("Move to Trash")}</button>
                <button type="button" disabled=move || count() == 0 on:click=move |_| export(false)>{t("Export as CSV")}</button>
                <button type="button" disabled=move || count() == 0 on:click=move |_| export(true)>{t("Export as vCard")}</button>
            </div>
            </details>
        </div>
    }
}
