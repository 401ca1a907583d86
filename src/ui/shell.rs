//! The open book's frame: navigation, Lock, the damaged-records banner and the toast.

use leptos::prelude::*;

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
                <span class="brand">"Clientele"</span>
                <nav aria-label="Sections" class="nav">
                    {nav_button(View::Today, "Today")}
                    {nav_button(View::Clients, "Clients")}
                    {nav_button(View::Segments, "Segments")}
                    {nav_button(View::Trash, "Trash")}
                    {nav_button(View::Backup, "Backup")}
                    {nav_button(View::Settings, "Settings")}
                </nav>
                <button type="button" class="lock" title="Lock now (Ctrl+Shift+L)" aria-keyshortcuts="Control+Shift+L"
                    on:click=move |_| ctx.lock()>"Lock"</button>
            </header>

            <super::security::KdfUpgradeOffer />

            <Show when=move || !damaged().is_empty()>
                <div class="banner warning" role="alert">
                    <p>
                        {move || format!("{} stored record(s) could not be read and were skipped. \
                            They are kept as they are; restore them from a backup if you need them.", damaged().len())}
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
                                    <button type="button" on:click=move |_| undo(ctx, previous.get_value())>"Undo"</button>
                                }
                            })}
                            <button type="button" class="dismiss" aria-label="Dismiss message"
                                on:click=move |_| ctx.toast.set(None)>"×"</button>
                        </div>
                    }
                })}
            </div>
        </div>
    }
}
