//! The unlocked book: search, the client list, and the editor beside it (two panes on a wide
//! screen, one at a time on a phone). Renders at most `limit` rows, never the whole book.

use leptos::prelude::*;

use super::client_editor::ClientEditor;
use super::use_app;
use crate::model::Client;
use crate::search::SearchQuery;

/// Rows rendered at first and added by "Show more".
const PAGE: usize = 100;

/// What the editor pane shows.
#[derive(Clone, PartialEq)]
pub enum Selection {
    New,
    Existing(String),
}

#[derive(Clone, PartialEq)]
struct Row {
    id: String,
    name: String,
    detail: String,
}

impl Row {
    fn of(client: &Client) -> Self {
        let detail = if client.phone.is_empty() {
            client.email.clone()
        } else {
            client.phone.clone()
        };
        Self {
            id: client.id.clone(),
            name: client.name.clone(),
            detail,
        }
    }
}

#[component]
pub fn BookScreen() -> impl IntoView {
    let ctx = use_app();
    let query = RwSignal::new(String::new());
    let limit = RwSignal::new(PAGE);
    let selected = RwSignal::new(None::<Selection>);
    let notice = RwSignal::new(None::<String>);
    // Choosing another client or a new form starts with a clean status line.
    let select = move |selection: Option<Selection>| {
        notice.set(None);
        selected.set(selection);
    };

    // One pass over the book per keystroke; only the first `limit` matches become rows.
    let results = Memo::new(move |_| {
        let parsed = SearchQuery::parse(&query.get());
        let limit = limit.get();
        ctx.book.with(|book| {
            let mut rows = Vec::new();
            let mut matches = 0usize;
            for client in book.search(&parsed) {
                if rows.len() < limit {
                    rows.push(Row::of(client));
                }
                matches += 1;
            }
            (rows, matches, book.len())
        })
    });
    let damaged = move || ctx.book.with(|b| b.damaged.clone());

    view! {
        <div class="book" class:editing=move || selected.get().is_some()>
            <header class="topbar">
                <h1 class="brand">"Clientele"</h1>
                <button type="button" class="lock" on:click=move |_| ctx.lock()>"Lock"</button>
            </header>

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

            <section class="list-pane" aria-label="Clients">
                <div class="list-tools">
                    <input type="search" aria-label="Search clients" placeholder="Name, phone, email, notes"
                        bind:value=query on:input=move |_| limit.set(PAGE) />
                    <button type="button" class="primary" on:click=move |_| select(Some(Selection::New))>
                        "New client"
                    </button>
                </div>
                <p class="count" aria-live="polite">
                    {move || {
                        let (_, matches, total) = results.get();
                        if query.with(|q| q.trim().is_empty()) {
                            format!("{total} clients")
                        } else {
                            format!("{matches} of {total} clients match")
                        }
                    }}
                </p>
                <ul class="client-list">
                    <For each=move || results.get().0 key=|row| (row.id.clone(), row.name.clone(), row.detail.clone()) let:row>
                        {
                            let id = row.id.clone();
                            let is_current = {
                                let id = id.clone();
                                move || selected.with(|s| matches!(s, Some(Selection::Existing(x)) if *x == id))
                            };
                            view! {
                                <li>
                                    <button type="button" class="client-row"
                                        class:current=is_current.clone()
                                        aria-current=move || if is_current() { "true" } else { "false" }
                                        on:click=move |_| select(Some(Selection::Existing(id.clone())))>
                                        <span class="name">{row.name}</span>
                                        <span class="detail">{row.detail}</span>
                                    </button>
                                </li>
                            }
                        }
                    </For>
                </ul>
                <Show when=move || { let (rows, matches, _) = results.get(); rows.len() < matches }>
                    <button type="button" class="more" on:click=move |_| limit.update(|l| *l += PAGE)>"Show more"</button>
                </Show>
                <Show when=move || results.get().2 == 0>
                    <p class="empty">"No clients yet. Add your first with “New client”."</p>
                </Show>
            </section>

            <section class="detail-pane" aria-label="Client details">
                <p class="notice" role="status">{move || notice.get()}</p>
                {move || match selected.get() {
                    Some(selection) => view! {
                        <ClientEditor selection=selection selected=selected notice=notice />
                    }.into_any(),
                    None => view! { <p class="placeholder">"Select a client, or add a new one."</p> }.into_any(),
                }}
            </section>
        </div>
    }
}
