//! The client list with search, sort and filters, and the detail pane beside it (two panes on
//! a wide screen, one at a time on a phone). A query costs one pass over the book, which
//! answers with the positions of its matches (`Book::matching`); `rows` draws only the rows in
//! view, never the whole book.
//!
//! The list's state (`ListState`) lives in the app context rather than in the component: the
//! address carries its sort and filters (`navigation::Route`), so Back, Forward and a reload
//! set them, and it outlives the list on screen, so the list comes back as it was left.

mod bulk;
mod rows;
mod rows_in_page;

use leptos::prelude::*;

use crate::i18n::{fill, t, tf, tp};

use super::actions::{change_client, now, open_detail, today};
use super::widgets::{CheckInput, SelectInput};
use super::{use_app, Detail};
use crate::book::{ListQuery, SortBy};
use crate::model::StatusKind;
use crate::navigation::ListView;
use bulk::{BulkBar, Selection};
use rows::{ClientRows, ListScroll, Matches};

/// What the client list shows: its search text, sort and filters, and how far it is scrolled.
/// The segment it may be filtered by is the context's `list_segment`.
#[derive(Clone, Copy)]
pub struct ListState {
    pub text: RwSignal<String>,
    pub sort: RwSignal<SortBy>,
    pub status: RwSignal<Option<StatusKind>>,
    /// A tag's name, so never in the address.
    pub tag: RwSignal<Option<String>>,
    pub has_appointment: RwSignal<bool>,
    /// The list's scroll position (see `rows::ListScroll`).
    pub top: RwSignal<f64>,
}

/// What the router keeps of a list the user left that the address cannot carry.
#[derive(Clone, Default)]
pub struct ListMemory {
    text: String,
    tag: Option<String>,
    top: f64,
}

impl ListState {
    pub fn new() -> Self {
        Self {
            text: RwSignal::new(String::new()),
            sort: RwSignal::new(SortBy::Name),
            status: RwSignal::new(None),
            tag: RwSignal::new(None),
            has_appointment: RwSignal::new(false),
            top: RwSignal::new(0.0),
        }
    }

    /// The view state an address carries, read with tracking.
    pub fn view(&self, segment: Option<String>) -> ListView {
        ListView {
            sort: self.sort.get(),
            status: self.status.get(),
            has_appointment: self.has_appointment.get(),
            segment,
        }
    }

    /// Sets the sort and filters an address names (its segment is the caller's).
    pub fn show(&self, view: &ListView) {
        set_if_changed(self.sort, view.sort);
        set_if_changed(self.status, view.status);
        set_if_changed(self.has_appointment, view.has_appointment);
    }

    pub fn memory(&self) -> ListMemory {
        ListMemory { text: self.text.get_untracked(), tag: self.tag.get_untracked(), top: self.top.get_untracked() }
    }

    pub fn restore(&self, memory: ListMemory) {
        set_if_changed(self.text, memory.text);
        set_if_changed(self.tag, memory.tag);
        set_if_changed(self.top, memory.top);
    }

    /// The list as it first opens: no search, sorted by name, no filter (but a segment). Also
    /// what locking leaves of it.
    pub fn reset(&self) {
        self.show(&ListView::default());
        self.restore(ListMemory::default());
    }
}

/// Sets a signal only to a new value: setting one notifies what reads it even when unchanged.
fn set_if_changed<T: PartialEq + Send + Sync + 'static>(signal: RwSignal<T>, value: T) {
    if signal.with_untracked(|v| *v != value) {
        signal.set(value);
    }
}

#[component]
pub fn ClientsView() -> impl IntoView {
    let ctx = use_app();
    let ListState { text, sort, status, tag, has_appointment, top } = ctx.list;
    let scroll = ListScroll::new(top);
    let filtered = untrack(|| ctx.list.view(None) != ListView::default() || tag.with(Option::is_some));
    let selection: Selection = RwSignal::new(None);

    // One pass over the book per change, keeping positions only: rows are built for the few
    // in view.
    let matches = Memo::new(move |_| {
        let query = ListQuery {
            text: text.get(),
            sort: sort.get(),
            status: status.get(),
            tag: tag.get(),
            has_appointment: has_appointment.get(),
            segment: ctx.list_segment.get(),
            in_trash: false,
        };
        ctx.book.with(|book| Matches { positions: book.matching(&query, today(), now()), total: book.len() })
    });
    let tag_options = Memo::new(move |_| ctx.book.with(|b| b.tags_in_use()));
    let editing = move || !matches!(ctx.detail.get(), Detail::Nothing);
    // New results start at the first row.
    let reset_page = move || scroll.to_top();

    let sort_options = vec![
        ("name".to_owned(), t("Name").to_owned()),
        ("last".to_owned(), t("Last visit").to_owned()),
        ("paid".to_owned(), t("Total paid").to_owned()),
        ("created".to_owned(), t("Newest").to_owned()),
    ];
    let status_options: Vec<(String, String)> = std::iter::once(("".to_owned(), t("Any status").to_owned()))
        .chain(StatusKind::ALL.iter().map(|s| (format!("{s:?}"), s.label().to_owned())))
        .collect();

    // Whether the client the pane names is in the book. A memo, so the pane is drawn again
    // only when that changes, not on every save.
    let named = Memo::new(move |_| match ctx.detail.get() {
        Detail::Profile(id) | Detail::Edit(Some(id)) => ctx.book.with(|b| match b.get(&id) {
            None => Named::Missing,
            Some(c) if c.trashed.is_some() => Named::InTrash,
            Some(_) => Named::InBook,
        }),
        _ => Named::InBook,
    });

    // A profile or a form opens at its top, not where the last one was scrolled to.
    let detail_pane = NodeRef::<leptos::html::Section>::new();
    Effect::new(move |_| {
        ctx.detail.track();
        if let Some(pane) = detail_pane.get_untracked() {
            pane.set_scroll_top(0);
        }
    });

    view! {
        <div class="clients" class:editing=editing>
            <section class="list-pane" aria-label=t("Clients")>
                <div class="list-tools">
                    <input type="search" aria-label=t("Search clients") placeholder=t("Name, phone, email, notes")
                        prop:value=text on:input=move |ev| { reset_page(); text.set(event_target_value(&ev)); } />
                    <button type="button" class="primary" on:click=move |_| open_detail(ctx, Detail::Edit(None))>
                        {t("New client")}
                    </button>
                    <button type="button" on:click=move |_| super::actions::go_to(ctx, super::View::Import)>{t("Import")}</button>
                    <button type="button" on:click=move |_| super::actions::go_to(ctx, super::View::Cleanup)>{t("Clean up")}</button>
                    <button type="button" aria-pressed=move || if selection.with(Option::is_some) { "true" } else { "false" }
                        on:click=move |_| selection.update(|s| *s = if s.is_some() { None } else { Some(Default::default()) })>{t("Select")}</button>
                </div>
                <Show when=move || selection.with(Option::is_some)>
                    <BulkBar selection=selection matches=matches />
                </Show>
                // Open when the list comes back filtered (Back, a reload), so no filter is hidden.
                <details class="filters" open=filtered>
                    <summary>{t("Sort and filter")}</summary>
                    <SelectInput id="sort" label=t("Sort by") options=sort_options
                        value=Signal::derive(move || match sort.get() {
                            SortBy::Name => "name", SortBy::LastVisit => "last", SortBy::TotalPaid => "paid", SortBy::Created => "created",
                        }.to_owned())
                        on_change=Callback::new(move |v: String| {
                            reset_page();
                            sort.set(match v.as_str() {
                                "last" => SortBy::LastVisit, "paid" => SortBy::TotalPaid, "created" => SortBy::Created, _ => SortBy::Name,
                            });
                        }) />
                    <SelectInput id="status-filter" label=t("Filter by status") options=status_options
                        value=Signal::derive(move || status.get().map(|s| format!("{s:?}")).unwrap_or_default())
                        on_change=Callback::new(move |v: String| {
                            reset_page();
                            status.set(StatusKind::ALL.into_iter().find(|s| format!("{s:?}") == v));
                        }) />
                    <div class="field">
                        <label for="tag-filter">{t("Filter by tag")}</label>
                        <select id="tag-filter" on:change=move |ev| {
                            let v = event_target_value(&ev);
                            reset_page();
                            tag.set((!v.is_empty()).then_some(v));
                        }>
                            <option value="">{t("Any tag")}</option>
                            {move || tag_options.get().into_iter().map(|t| {
                                let selected = tag.get().as_deref() == Some(t.as_str());
                                view! { <option value=t.clone() selected=selected>{t.clone()}</option> }
                            }).collect_view()}
                        </select>
                    </div>
                    <CheckInput id="has-appointment" label=t("Has an appointment") checked=has_appointment
                        on_change=Callback::new(move |v| { reset_page(); has_appointment.set(v); }) />
                </details>
                {move || ctx.list_segment.get().map(|segment| view! {
                    <p class="segment-chip">
                        {tf("Segment: {name}", &[("name", segment.name.clone())])}
                        <button type="button" on:click=move |_| { reset_page(); ctx.list_segment.set(None) }>{t("Show all clients")}</button>
                    </p>
                })}
                <p class="count" aria-live="polite">
                    {move || matches.with(|m| {
                        let (found, total) = (m.positions.len(), m.total);
                        if found == total { tp("{n} client", "{n} clients", total as u64) } else { fill(&tp("Found {matches} of {n} client", "Found {matches} of {n} clients", total as u64), &[("matches", crate::i18n::format_number(crate::i18n::lang(), found as f64, 0))]) }
                    })}
                </p>
                <ClientRows matches=matches scroll=scroll selection=selection shown=Signal::derive(move || !editing()) />
                <super::import::EmptyBook />
            </section>

            <section class="detail-pane" aria-label=t("Client details") node_ref=detail_pane>
                {move || match (ctx.detail.get(), named.get()) {
                    (Detail::Nothing, _) => view! { <NoClientOpen /> }.into_any(),
                    (_, Named::Missing) => view! { <MissingClient /> }.into_any(),
                    (Detail::Profile(id) | Detail::Edit(Some(id)), Named::InTrash) => view! { <ClientInTrash id=id /> }.into_any(),
                    (Detail::Profile(id), _) => view! { <super::profile::ProfileView id=id /> }.into_any(),
                    (Detail::Edit(id), _) => view! { <super::editor::ProfileEditor id=id /> }.into_any(),
                }}
            </section>
        </div>
    }
}

/// What the detail pane says before a client is picked (on a wide screen; a phone shows the
/// list instead). An empty book says nothing here: the list's first steps speak for it.
#[component]
fn NoClientOpen() -> impl IntoView {
    let ctx = use_app();
    let empty = Memo::new(move |_| ctx.book.with(|b| b.is_empty()));
    move || {
        (!empty.get()).then(|| {
            view! {
                <div class="no-client">
                    {super::shell::section_icon(super::View::Clients)}
                    <p>{t("Pick a client from the list to open their profile here, or add a new one.")}</p>
                </div>
            }
        })
    }
}

/// Where the client a profile or form address names is.
#[derive(Clone, Copy, PartialEq)]
enum Named {
    /// In the book (or no client named: a new client's form, the bare list).
    InBook,
    InTrash,
    /// Not in the book: deleted for good, or an address from elsewhere.
    Missing,
}

/// The pane for an address whose client is not in the book: an old bookmark, or a client
/// deleted for good since.
#[component]
fn MissingClient() -> impl IntoView {
    let ctx = use_app();
    view! {
        <div class="missing-client" role="alert">
            <p>{t("This client is not in the book. They may have been deleted for good, or the address is from another book.")}</p>
            <div class="actions">
                <button type="button" on:click=move |_| open_detail(ctx, Detail::Nothing)>{t("Back to list")}</button>
            </div>
        </div>
    }
}

/// The pane for an address whose client is in Trash (Back after "Move to Trash", a bookmark):
/// what Trash shows of them, and Restore, which brings the profile back in place.
#[component]
fn ClientInTrash(
    /// The client's id.
    id: String,
) -> impl IntoView {
    let ctx = use_app();
    let (name, when) = ctx.book.with_untracked(|b| {
        b.get(&id).map_or_else(Default::default, |c| {
            (c.name.clone(), c.trashed.map(super::actions::local_date).unwrap_or_default())
        })
    });
    let id = StoredValue::new(id);
    view! {
        <div class="missing-client">
            <h2>{name.clone()}</h2>
            <p>{tf("This client was moved to Trash {when}.", &[("when", when)])}</p>
            <div class="actions">
                <button type="button" class="primary" on:click=move |_| change_client(ctx, &id.get_value(), t("Restored."), true, |c| c.trashed = None)>
                    {tf("Restore {name}", &[("name", name.clone())])}
                </button>
                <button type="button" on:click=move |_| open_detail(ctx, Detail::Nothing)>{t("Back to list")}</button>
            </div>
        </div>
    }
}
