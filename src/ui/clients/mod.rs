//! The client list with search, sort and filters, and the detail pane beside it (two panes on
//! a wide screen, one at a time on a phone). A query costs one pass over the book, which
//! answers with the positions of its matches (`Book::matching`); `rows` draws only the rows in
//! view, never the whole book.
//!
//! The list's state (`ListState`) lives in the app context rather than in the component: the
//! address carries its sort and filters (`navigation::Route`), so Back, Forward and a reload
//! set them, and it outlives the list on screen, so the list comes back as it was left.
//!
//! The list reads the book's insight (`crate::insight`) for each client's lifecycle stage and
//! value, the stage and RFM filters and the value sorts. Until the full histories have loaded it
//! says so, and those filters find no one and those sorts keep name order (`Book::matching`).

mod bulk;
mod rows;
mod rows_in_page;

use leptos::prelude::*;

use crate::i18n::{fill, t, tf, tp};

use super::actions::{change_client, now, open_detail, today};
use super::widgets::{CheckInput, SelectInput};
use super::{use_app, Detail};
use std::sync::Arc;

use crate::book::{ListQuery, SortBy};
use crate::insight::{BookInsight, RfmSegment, Stage};
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
    pub stage: RwSignal<Option<Stage>>,
    pub rfm: RwSignal<Option<RfmSegment>>,
    /// The list's scroll position (see `rows::ListScroll`).
    pub top: RwSignal<f64>,
    /// The filter another screen opened the list with (`open_filtered_list`), until the list
    /// has opened: the router resets a list it opens anew (`reset`), and this survives that
    /// one reset.
    opened_for: StoredValue<Option<ListFilter>>,
}

/// A filter of the book's insight that another screen can open the client list with.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ListFilter {
    Stage(Stage),
    Rfm(RfmSegment),
}

/// Opens the client list showing the clients in one lifecycle stage or RFM segment, and no
/// other filter; the list says which filter is on and lets it be cleared.
pub fn open_filtered_list(ctx: super::AppContext, filter: ListFilter) {
    if !super::actions::confirm_discard(ctx) {
        return;
    }
    ctx.list.opened_for.set_value(None);
    ctx.list.reset();
    ctx.list_segment.set(None);
    ctx.list.apply(filter);
    // Coming from another screen, the router opens the list anew and resets it (see
    // `ui::router`): the filter is kept for that reset. On the list already, there is none.
    if ctx.view.get_untracked() != super::View::Clients {
        ctx.list.opened_for.set_value(Some(filter));
    }
    ctx.detail.set(Detail::Nothing);
    ctx.view.set(super::View::Clients);
}

/// The book's insight once it is complete: `None` while the full histories load (then it is
/// not even computed), so a screen never shows numbers from part of the history.
pub fn complete_insight(ctx: super::AppContext) -> Option<Arc<BookInsight>> {
    if !ctx.history.with(|h| h.is_complete()) {
        return None;
    }
    Some(ctx.insight.get()).filter(|insight| insight.complete)
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
            stage: RwSignal::new(None),
            rfm: RwSignal::new(None),
            top: RwSignal::new(0.0),
            opened_for: StoredValue::new(None),
        }
    }

    /// The view state an address carries, read with tracking.
    pub fn view(&self, segment: Option<String>) -> ListView {
        ListView {
            sort: self.sort.get(),
            status: self.status.get(),
            has_appointment: self.has_appointment.get(),
            stage: self.stage.get(),
            rfm: self.rfm.get(),
            segment,
        }
    }

    /// Sets the sort and filters an address names (its segment is the caller's).
    pub fn show(&self, view: &ListView) {
        set_if_changed(self.sort, view.sort);
        set_if_changed(self.status, view.status);
        set_if_changed(self.has_appointment, view.has_appointment);
        set_if_changed(self.stage, view.stage);
        set_if_changed(self.rfm, view.rfm);
    }

    pub fn memory(&self) -> ListMemory {
        ListMemory { text: self.text.get_untracked(), tag: self.tag.get_untracked(), top: self.top.get_untracked() }
    }

    pub fn restore(&self, memory: ListMemory) {
        set_if_changed(self.text, memory.text);
        set_if_changed(self.tag, memory.tag);
        set_if_changed(self.top, memory.top);
    }

    /// The list as it first opens: no search, sorted by name, no filter (but a segment, or the
    /// filter another screen opened it with). Also what locking leaves of it.
    pub fn reset(&self) {
        self.show(&ListView::default());
        self.restore(ListMemory::default());
        if let Some(filter) = self.opened_for.try_update_value(Option::take).flatten() {
            self.apply(filter);
        }
    }

    fn apply(&self, filter: ListFilter) {
        match filter {
            ListFilter::Stage(stage) => set_if_changed(self.stage, Some(stage)),
            ListFilter::Rfm(segment) => set_if_changed(self.rfm, Some(segment)),
        }
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
    let ListState { text, sort, status, tag, has_appointment, stage, rfm, top, .. } = ctx.list;
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
            stage: stage.get(),
            rfm: rfm.get(),
            in_trash: false,
        };
        let insight = complete_insight(ctx);
        ctx.book.with(|book| Matches {
            positions: book.matching(&query, insight.as_deref(), today(), now()),
            total: book.len(),
        })
    });
    // A stage or RFM filter, a value sort or a segment with insight rules waits for the whole
    // history: say so rather than show an empty or unsorted list without a word.
    let waiting_for_insight = Memo::new(move |_| {
        let asks = stage.with(Option::is_some)
            || rfm.with(Option::is_some)
            || sort.get().needs_insight()
            || ctx.list_segment.with(|s| s.as_ref().is_some_and(crate::segment::Segment::needs_insight));
        asks && complete_insight(ctx).is_none()
    });
    let tag_options = Memo::new(move |_| ctx.book.with(|b| b.tags_in_use()));
    let editing = move || !matches!(ctx.detail.get(), Detail::Nothing);
    // New results start at the first row.
    let reset_page = move || scroll.to_top();

    let sort_options: Vec<(String, String)> =
        SortBy::ALL.into_iter().map(|s| (s.key().to_owned(), sort_label(s).to_owned())).collect();
    let stage_options: Vec<(String, String)> = std::iter::once(("".to_owned(), t("Any stage").to_owned()))
        .chain(Stage::ALL.iter().map(|s| (s.key().to_owned(), s.label().to_owned())))
        .collect();
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
                        value=Signal::derive(move || sort.get().key().to_owned())
                        on_change=Callback::new(move |v: String| {
                            reset_page();
                            sort.set(SortBy::from_key(&v).unwrap_or_default());
                        }) />
                    <SelectInput id="status-filter" label=t("Filter by status") options=status_options
                        value=Signal::derive(move || status.get().map(|s| format!("{s:?}")).unwrap_or_default())
                        on_change=Callback::new(move |v: String| {
                            reset_page();
                            status.set(StatusKind::ALL.into_iter().find(|s| format!("{s:?}") == v));
                        }) />
                    <SelectInput id="stage-filter" label=t("Filter by stage") options=stage_options
                        value=Signal::derive(move || stage.get().map(|s| s.key().to_owned()).unwrap_or_default())
                        on_change=Callback::new(move |v: String| {
                            reset_page();
                            stage.set(Stage::from_key(&v));
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
                {move || rfm.get().map(|segment| view! {
                    <p class="segment-chip">
                        {tf("RFM segment: {name}", &[("name", segment.label().to_owned())])}
                        <button type="button" on:click=move |_| { reset_page(); rfm.set(None) }>{t("Clear the RFM filter")}</button>
                    </p>
                })}
                {move || stage.get().map(|shown| view! {
                    <p class="segment-chip">
                        {tf("Stage: {name}", &[("name", shown.label().to_owned())])}
                        <button type="button" on:click=move |_| { reset_page(); stage.set(None) }>{t("Clear the stage filter")}</button>
                    </p>
                })}
                <Show when=move || waiting_for_insight.get()>
                    <p class="hint insight-wait" role="status">
                        {t("Waiting for the full history to load.")}" "
                        {t("Until then stage and RFM filters find no one, and the list is sorted by name.")}
                    </p>
                </Show>
                <p class="count" aria-live="polite">
                    {move || matches.with(|m| {
                        let (found, total) = (m.positions.len(), m.total);
                        if found == total { tp("{n} client", "{n} clients", total as u64) } else { fill(&tp("Found {matches} of {n} client", "Found {matches} of {n} clients", total as u64), &[("matches", crate::i18n::format_number(crate::i18n::lang(), found as f64, 0))]) }
                    })}
                </p>
                <rows::ColumnHeads sort=sort on_sort=Callback::new(move |_| reset_page()) />
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

/// A sort's name in the sort select.
fn sort_label(sort: SortBy) -> &'static str {
    match sort {
        SortBy::Name => t("Name"),
        SortBy::LastVisit => t("Last visit"),
        SortBy::TotalPaid => t("Total paid"),
        SortBy::Created => t("Newest"),
        SortBy::LifetimeValue => t("Lifetime value"),
        SortBy::HeldVisits => t("Held visits"),
        SortBy::AverageTicket => t("Average ticket"),
        SortBy::DaysSinceLastVisit => t("Longest since the last visit"),
        SortBy::NextExpected => t("Next expected visit"),
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
