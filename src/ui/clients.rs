//! The client list with search, sort and filters, and the detail pane beside it (two panes on
//! a wide screen, one at a time on a phone). Renders at most `limit` rows, never the whole book.

use leptos::prelude::*;

use crate::i18n::{t, tf, tp};

use super::actions::{now, open_detail, today};
use super::widgets::{CheckInput, SelectInput, TagChip};
use super::{use_app, Detail};
use crate::book::{ListQuery, SortBy};
use crate::model::StatusKind;

/// Rows rendered at first and added by "Show more".
const PAGE: usize = 50;

#[derive(Clone, PartialEq, Eq, Hash)]
struct Row {
    id: String,
    name: String,
    alias: String,
    contact: String,
    alert: String,
    blocked: bool,
    tags: Vec<(String, String)>,
}

#[component]
pub fn ClientsView() -> impl IntoView {
    let ctx = use_app();
    let text = RwSignal::new(String::new());
    let sort = RwSignal::new(SortBy::Name);
    let status = RwSignal::new(None::<StatusKind>);
    let tag = RwSignal::new(None::<String>);
    let has_appointment = RwSignal::new(false);
    let limit = RwSignal::new(PAGE);

    // One pass over the book per change; only the first `limit` matches become rows.
    let results = Memo::new(move |_| {
        let query = ListQuery {
            text: text.get(),
            sort: sort.get(),
            status: status.get(),
            tag: tag.get(),
            has_appointment: has_appointment.get(),
            segment: ctx.list_segment.get(),
            in_trash: false,
        };
        let limit = limit.get();
        ctx.book.with(|book| {
            let found = book.list(&query, today(), now());
            let rows: Vec<Row> = found
                .iter()
                .take(limit)
                .map(|e| {
                    let c = &e.client;
                    Row {
                        id: c.id.clone(),
                        name: c.name.clone(),
                        alias: c.alias.clone(),
                        contact: c
                            .phones
                            .first()
                            .map(|p| p.number.clone())
                            .or_else(|| c.emails.first().cloned())
                            .unwrap_or_default(),
                        alert: c.alert.clone(),
                        blocked: c.is_blocked(),
                        tags: c.tags.iter().map(|t| (t.clone(), book.settings.tag_color(t).to_owned())).collect(),
                    }
                })
                .collect();
            (rows, found.len(), book.len())
        })
    });
    let tag_options = Memo::new(move |_| ctx.book.with(|b| b.tags_in_use()));
    let editing = move || !matches!(ctx.detail.get(), Detail::Nothing);
    let reset_page = move || limit.set(PAGE);

    let sort_options = vec![
        ("name".to_owned(), t("Name").to_owned()),
        ("last".to_owned(), t("Last visit").to_owned()),
        ("paid".to_owned(), t("Total paid").to_owned()),
        ("created".to_owned(), t("Newest").to_owned()),
    ];
    let status_options: Vec<(String, String)> = std::iter::once(("".to_owned(), t("Any status").to_owned()))
        .chain(StatusKind::ALL.iter().map(|s| (format!("{s:?}"), s.label().to_owned())))
        .collect();

    view! {
        <div class="clients" class:editing=editing>
            <section class="list-pane" aria-label=t("Clients")>
                <div class="list-tools">
                    <input type="search" aria-label=t("Search clients") placeholder=t("Name, phone, email, notes")
                        prop:value=text on:input=move |ev| { text.set(event_target_value(&ev)); reset_page(); } />
                    <button type="button" class="primary" on:click=move |_| open_detail(ctx, Detail::Edit(None))>
                        {t("New client")}
                    </button>
                </div>
                <details class="filters">
                    <summary>{t("Sort and filter")}</summary>
                    <SelectInput id="sort" label=t("Sort by") options=sort_options
                        value=Signal::derive(move || match sort.get() {
                            SortBy::Name => "name", SortBy::LastVisit => "last", SortBy::TotalPaid => "paid", SortBy::Created => "created",
                        }.to_owned())
                        on_change=Callback::new(move |v: String| sort.set(match v.as_str() {
                            "last" => SortBy::LastVisit, "paid" => SortBy::TotalPaid, "created" => SortBy::Created, _ => SortBy::Name,
                        })) />
                    <SelectInput id="status-filter" label=t("Filter by status") options=status_options
                        value=Signal::derive(move || status.get().map(|s| format!("{s:?}")).unwrap_or_default())
                        on_change=Callback::new(move |v: String| {
                            status.set(StatusKind::ALL.into_iter().find(|s| format!("{s:?}") == v));
                            reset_page();
                        }) />
                    <div class="field">
                        <label for="tag-filter">{t("Filter by tag")}</label>
                        <select id="tag-filter" on:change=move |ev| {
                            let v = event_target_value(&ev);
                            tag.set((!v.is_empty()).then_some(v));
                            reset_page();
                        }>
                            <option value="">{t("Any tag")}</option>
                            {move || tag_options.get().into_iter().map(|t| {
                                let selected = tag.get().as_deref() == Some(t.as_str());
                                view! { <option value=t.clone() selected=selected>{t.clone()}</option> }
                            }).collect_view()}
                        </select>
                    </div>
                    <CheckInput id="has-appointment" label=t("Has an appointment") checked=has_appointment
                        on_change=Callback::new(move |v| { has_appointment.set(v); reset_page(); }) />
                </details>
                {move || ctx.list_segment.get().map(|segment| view! {
                    <p class="segment-chip">
                        {tf("Segment: {name}", &[("name", segment.name.clone())])}
                        <button type="button" on:click=move |_| ctx.list_segment.set(None)>{t("Show all clients")}</button>
                    </p>
                })}
                <p class="count" aria-live="polite">
                    {move || {
                        let (_, matches, total) = results.get();
                        if matches == total { tp("{n} client", "{n} clients", total as u64) } else { tf("{matches} of {total} match", &[("matches", matches.to_string()), ("total", tp("{n} client", "{n} clients", total as u64))]) }
                    }}
                </p>
                <ul class="client-list">
                    <For each=move || results.get().0 key=|row| row.clone() let:row>
                        {
                            let id = row.id.clone();
                            let current_id = id.clone();
                            let is_current = move || matches!(ctx.detail.get(), Detail::Profile(ref x) | Detail::Edit(Some(ref x)) if *x == current_id);
                            view! {
                                <li>
                                    <button type="button" class="client-row" class:blocked=row.blocked
                                        class:current=is_current.clone()
                                        aria-current=move || if is_current() { "true" } else { "false" }
                                        on:click=move |_| open_detail(ctx, Detail::Profile(id.clone()))>
                                        <span class="name">
                                            {row.name.clone()}
                                            {(!row.alias.is_empty()).then(|| view! { <span class="alias">{format!(" “{}”", row.alias)}</span> })}
                                        </span>
                                        {row.blocked.then(|| view! { <span class="badge blocked">{t("Blocked")}</span> })}
                                        <span class="detail">{row.contact.clone()}</span>
                                        {(!row.alert.is_empty()).then(|| view! { <span class="pinned">{format!("⚑ {}", row.alert)}</span> })}
                                        <span class="tags">
                                            {row.tags.iter().map(|(n, c)| view! { <TagChip name=n.clone() color=c.clone() /> }).collect_view()}
                                        </span>
                                    </button>
                                </li>
                            }
                        }
                    </For>
                </ul>
                <Show when=move || { let (rows, matches, _) = results.get(); rows.len() < matches }>
                    <button type="button" class="more" on:click=move |_| limit.update(|l| *l += PAGE)>{t("Show more")}</button>
                </Show>
                <Show when=move || results.get().2 == 0>
                    <p class="empty">{t("No clients yet. Add your first with “New client”.")}</p>
                </Show>
            </section>

            <section class="detail-pane" aria-label=t("Client details")>
                {move || match ctx.detail.get() {
                    Detail::Nothing => view! { <p class="placeholder">{t("Select a client, or add a new one.")}</p> }.into_any(),
                    Detail::Profile(id) => view! { <super::profile::ProfileView id=id /> }.into_any(),
                    Detail::Edit(id) => view! { <super::editor::ProfileEditor id=id /> }.into_any(),
                }}
            </section>
        </div>
    }
}
