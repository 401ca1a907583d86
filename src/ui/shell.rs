//! The open book's frame: navigation, Lock, the damaged-records banner and the toast.
//!
//! The navigation is one list of sections drawn two ways. On a wide screen every section
//! shows in the top bar. On a phone the main sections sit in a bar at the bottom, within
//! reach of a thumb, and the others in its More menu: the bar holds at most five items with
//! More, so each label fits whole in every language.

use leptos::prelude::*;
use wasm_bindgen::JsCast;

use crate::i18n::{t, tf, tp};

use super::actions::{go_to, undo};
use super::{use_app, View};

/// The sections in a phone's bottom bar, in order. At most four: with More, five labels fit
/// a 320 px screen in every language.
const MAIN_SECTIONS: [View; 4] = [View::Today, View::Calendar, View::Clients, View::Dashboard];
/// The sections in a phone's More menu; on a wide screen they follow the main ones.
const MORE_SECTIONS: [View; 4] = [View::Segments, View::Trash, View::Backup, View::Settings];

/// A section's name in the navigation.
fn section_label(view: View) -> &'static str {
    match view {
        View::Today => t("Today"),
        View::Calendar => t("Calendar"),
        View::Clients => t("Clients"),
        View::Dashboard => t("Dashboard"),
        View::Segments => t("Segments"),
        View::Trash => t("Trash"),
        View::Backup => t("Backup"),
        View::Settings => t("Settings"),
        View::Import => t("Import"),
        View::Cleanup => t("Clean up"),
    }
}

/// A section's icon, drawn in the text colour.
pub(super) fn section_icon(view: View) -> impl IntoView {
    icon(icon_outline(view))
}

/// The outline of a section's icon (24 × 24; see `.icon`).
fn icon_outline(view: View) -> &'static str {
    match view {
        // A sun.
        View::Today => "M8 12a4 4 0 1 0 8 0a4 4 0 1 0 -8 0M12 2v2M12 20v2M4.9 4.9l1.4 1.4M17.7 17.7l1.4 1.4M2 12h2M20 12h2M4.9 19.1l1.4 -1.4M17.7 6.3l1.4 -1.4",
        // A page of a calendar with two rings.
        View::Calendar => "M4 6h16v14h-16zM4 10h16M8 3v5M16 3v5M8 14h2M14 14h2M8 17h2",
        // Two people.
        View::Clients => "M5.5 8a3.5 3.5 0 1 0 7 0a3.5 3.5 0 1 0 -7 0M2.5 20c0 -3.6 2.9 -6 6.5 -6s6.5 2.4 6.5 6M16 4.6a3.5 3.5 0 0 1 0 6.8M18 14.3c2 .8 3.5 2.8 3.5 5.7",
        // Bars of a chart on a baseline.
        View::Dashboard => "M4 20h16M6 16v-4M10 16v-9M14 16v-6M18 16v-11",
        // A funnel.
        View::Segments => "M3 4h18l-7 8.5v6.5l-4 2v-8.5z",
        // A bin.
        View::Trash => "M4 7h16M9 7v-3h6v3M6 7l1 13h10l1 -13M10 11v6M14 11v6",
        // An archive box.
        View::Backup => "M3 4h18v4h-18zM5 8v12h14v-12M10 12h4",
        // Sliders.
        View::Settings => "M4 6h9M17 6h3M4 12h3M11 12h9M4 18h11M19 18h1M13 6a2 2 0 1 0 4 0a2 2 0 1 0 -4 0M7 12a2 2 0 1 0 4 0a2 2 0 1 0 -4 0M15 18a2 2 0 1 0 4 0a2 2 0 1 0 -4 0",
        // An arrow into a tray.
        View::Import => "M12 3v12M7 10l5 5l5 -5M4 17v3h16v-3",
        // A broom.
        View::Cleanup => "M14 3l-4 9M6 12h8l2 9h-12z",
    }
}

/// The icon of the More menu: three dots.
const MORE_ICON: &str = "M4 12a1.2 1.2 0 1 0 2.4 0a1.2 1.2 0 1 0 -2.4 0M10.8 12a1.2 1.2 0 1 0 2.4 0a1.2 1.2 0 1 0 -2.4 0M17.6 12a1.2 1.2 0 1 0 2.4 0a1.2 1.2 0 1 0 -2.4 0";

fn icon(outline: &'static str) -> impl IntoView {
    view! {
        <svg class="icon" viewBox="0 0 24 24" aria-hidden="true" focusable="false"><path d=outline /></svg>
    }
}

/// The sections: a row in the top bar on a wide screen; on a phone the bottom bar and its More
/// menu, a disclosure button whose list opens above it.
#[component]
fn SectionNav() -> impl IntoView {
    let ctx = use_app();
    let open = RwSignal::new(false);
    let more = NodeRef::<leptos::html::Div>::new();
    let toggle = NodeRef::<leptos::html::Button>::new();
    let menu = NodeRef::<leptos::html::Div>::new();

    // (`try_`: the handlers below also run while the navigation goes away, as when the
    // language changes: removing the focused button fires `focusout`.)
    let is_open = move || open.try_get_untracked().unwrap_or(false);
    let focus_toggle = move || {
        if let Some(button) = toggle.try_get_untracked().flatten() {
            let _ = button.focus();
        }
    };
    // A section chosen in the menu closes it, and the focus goes back to More rather than
    // to the page's start.
    let nav_button = move |view: View, in_menu: bool| {
        let current = move || ctx.view.get() == view;
        view! {
            <button type="button" class="nav-item" class:active=current
                aria-current=move || if current() { "page" } else { "false" }
                on:click=move |_| {
                    open.set(false);
                    go_to(ctx, view);
                    if in_menu {
                        focus_toggle();
                    }
                }>
                {section_icon(view)}
                <span class="nav-label">{section_label(view)}</span>
            </button>
        }
    };
    // Opening moves the focus to the menu's current section, or its first, for the keyboard;
    // the menu is drawn on the next frame.
    let open_menu = move || {
        open.set(true);
        request_animation_frame(move || {
            let Some(menu) = menu.try_get_untracked().flatten() else { return };
            let target = menu
                .query_selector("[aria-current=page]")
                .ok()
                .flatten()
                .or_else(|| menu.query_selector("button").ok().flatten());
            if let Some(button) = target.and_then(|e| e.dyn_into::<web_sys::HtmlElement>().ok()) {
                let _ = button.focus();
            }
        });
    };
    let inside_more = move |target: Option<web_sys::EventTarget>| {
        let node = target.and_then(|t| t.dyn_into::<web_sys::Node>().ok());
        more.try_get_untracked().flatten().is_some_and(|more| more.contains(node.as_ref()))
    };
    // A tap anywhere else closes the menu (Safari does not move the focus on a tap, so
    // `focusout` alone would miss it).
    let outside_tap = window_event_listener(leptos::ev::pointerdown, move |ev| {
        if is_open() && !inside_more(ev.target()) {
            open.set(false);
        }
    });
    on_cleanup(move || outside_tap.remove());

    view! {
        <nav aria-label=t("Sections") class="nav">
            {MAIN_SECTIONS.into_iter().map(|view| nav_button(view, false)).collect_view()}
            <div class="nav-more" node_ref=more
                on:keydown=move |ev: leptos::ev::KeyboardEvent| {
                    if ev.key() == "Escape" && is_open() {
                        ev.prevent_default();
                        open.set(false);
                        focus_toggle();
                    }
                }
                on:focusout=move |ev: leptos::ev::FocusEvent| {
                    if is_open() && !inside_more(ev.related_target()) {
                        open.set(false);
                    }
                }>
                <button type="button" class="nav-item more-toggle" node_ref=toggle
                    class:active=move || MORE_SECTIONS.contains(&ctx.view.get())
                    aria-expanded=move || if open.get() { "true" } else { "false" } aria-controls="more-sections"
                    on:click=move |_| if is_open() { open.set(false) } else { open_menu() }>
                    {icon(MORE_ICON)}
                    <span class="nav-label">{t("More")}</span>
                </button>
                <div id="more-sections" class="more-menu" class:open=open node_ref=menu>
                    {MORE_SECTIONS.into_iter().map(|view| nav_button(view, true)).collect_view()}
                </div>
            </div>
        </nav>
    }
}

#[component]
pub fn BookShell() -> impl IntoView {
    let ctx = use_app();
    let damaged = move || ctx.book.with(|b| b.damaged.clone());
    // Every section opens at its top, not where the last one was scrolled to, but for Back
    // and Forward, which put back where it was left (`router`).
    Effect::new(move |_| {
        ctx.view.track();
        if !super::router::restoring_scroll() {
            window().scroll_to_with_x_and_y(0.0, 0.0);
        }
    });

    view! {
        <div class="shell">
            <header class="topbar">
                <span class="brand">{t("Clientele")}</span>
                <SectionNav />
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
                    View::Calendar => view! { <super::calendar::CalendarView /> }.into_any(),
                    View::Clients => view! { <super::clients::ClientsView /> }.into_any(),
                    View::Dashboard => view! { <super::insight::dashboard::DashboardView /> }.into_any(),
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
