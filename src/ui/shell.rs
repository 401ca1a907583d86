//! The open book's frame: navigation, Lock, the damaged-records banner and the toast.

use leptos::prelude::*;

use crate::i18n::{t, tf, tp};

use super::actions::{go_to, undo};
use super::{use_app, View};

#[component]
pub fn BookShell() -> impl IntoView {
    let ctx = use_app();
    let damaged = move || ctx.book.with(|b| b.damaged.clone());
    let nav_button = move |view: View, label: &'static str| {
        view! {
            <button type="button" class="nav-item" class:active=move || ctx.view.get() == view
                aria-current=move || if ctx.view.get() == view { "page" } else { "false" }
                on:click=move |_| go_to(ctx, view)>
                {label}
            </button>
        }
    };

    view! {
        <div class="shell">
            <header class="topbar">
                <span class="brand">{t("Clientele")}</span>
                <nav aria-label=t("Sections") class="nav">
                    {nav_button(View::Today, t("Today"))}
                    {nav_button(View::Clients, t("Clients"))}
                    {nav_button(View::Segments, t("Segments"))}
                    {nav_button(View::Trash, t("Trash"))}
                    {nav_button(View::Backup, t("Backup"))}
                    {nav_button(View::Settings, t("Settings"))}
                </nav>
                <button type="button" class="lock" title=t("Lock now (Ctrl+Shift+L)") aria-keyshortcuts="Control+Shift+L"
                    on:click=move |_| ctx.lock()>{t("Lock")}</button>
            </header>

            <super::security::KdfUpgradeOffer />
            <super::drafts::DraftOffer />

            <Show when=move || !damaged().is_empty()>
                <div class="banner warning" role="alert">
                    <p>
                        {move || tf("{records} could not be read and were skipped. They are kept as they are; restore them from a backup if you need them.",
                            &[("records", tp("{n} stored record", "{n} stored records", damaged().len() as u64))])}
                    </p>
                    <ul>
                        {move || damaged().into_iter().map(|d| view! {
                            <li><code>{d.id}</code>" — "{d.damage.to_string()}</li>
                        }).collect_view()}
                    </ul>
                </div>
            </Show>

            <div class="view">
                {move || match ctx.view.get() {
                    View::Today => view! { <super::today::TodayView /> }.into_any(),
                    View::Clients => view! { <super::clients::ClientsView /> }.into_any(),
                    View::Segments => view! { <super::segments::SegmentsView /> }.into_any(),
                    View::Trash => view! { <super::trash::TrashView /> }.into_any(),
                    View::Backup => view! { <super::backup::BackupView /> }.into_any(),
                    View::Import => view! { <super::import::ImportView /> }.into_any(),
                    View::Cleanup => view! { <super::cleanup::CleanupView /> }.into_any(),
                    View::Settings => view! { <super::settings::SettingsView /> }.into_any(),
                }}
            </div>

            <div class="toast-region" role="status" aria-live="polite">
                {move || ctx.toast.get().map(|toast| {
                    let restore = toast.undo.clone();
                    view! {
                        <div class="toast" class:error=toast.is_error>
                            <span>{toast.message.clone()}</span>
                            {restore.map(|previous| {
                                let previous = StoredValue::new(previous);
                                view! {
                                    <button type="button" on:click=move |_| undo(ctx, previous.get_value())>{t("Undo")}</button>
                                }
                            })}
                            <button type="button" class="dismiss" aria-label=t("Dismiss message")
                                on:click=move |_| ctx.toast.set(None)>"×"</button>
                        </div>
                    }
                })}
            </div>
        </div>
    }
}
