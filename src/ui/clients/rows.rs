//! The rows of the client list, virtualized: a scrolling box as tall as every match, in which
//! only the rows in view (and a few either side, `visible_rows`) exist in the page. Rows have
//! one fixed height, so positions are arithmetic; their text is clamped to fit. A query that
//! matches the whole book costs a list of positions, never a row per client.
//!
//! For people who do not scroll with a mouse: every row is a button, Tab and the arrow keys
//! (also Page Up/Down, Home, End) move through all matches and scroll the view along, and the
//! focused row stays in the page even when scrolled out of view, so recycling rows never drops
//! focus. For screen readers each row says its place in the whole list (aria-posinset of
//! aria-setsize), not in the handful that exist.
//!
//! Each row shows the client's lifecycle stage as a badge, and where the list is wide enough
//! (a wide screen, by a media query in `style/main.css`; never on a phone) their held visits, lifetime value
//! in the book's currency and last visit, under column heads that sort by them.

use leptos::ev::{FocusEvent, KeyboardEvent};
use leptos::html;
use leptos::prelude::*;
use leptos::tachys::view::Render;
use wasm_bindgen::JsCast;

use crate::book::visible_rows::{row_after_key, RowLayout};
use crate::book::{Book, SortBy};
use crate::i18n::{format_date, format_money, lang, t, tf};
use crate::insight::BookInsight;

use super::super::actions::open_detail;
use super::super::widgets::TagChip;
use super::super::{use_app, Detail};
use super::rows_in_page::{Placed, RowsInPage};

/// One row every 76 px: three lines of text (name; contact and tags; the pinned alert), the
/// padding around them and the gap to the next row. `style/main.css` sizes rows from it.
const LAYOUT: RowLayout = RowLayout { row_height: 76.0, overscan: 4 };

/// What a query found: where its matches sit in the book, in display order (see
/// `Book::matching`), and how many clients the book holds.
#[derive(Clone, Default, PartialEq)]
pub struct Matches {
    pub positions: Vec<usize>,
    pub total: usize,
}

/// The list's scroll position, shared with the search and filters so that new results start at
/// the top.
#[derive(Clone, Copy)]
pub struct ListScroll {
    top: RwSignal<f64>,
    scroller: NodeRef<html::Div>,
}

impl ListScroll {
    /// A list box scrolled to `top`, which outlives it (`ListState::top`): a list drawn again
    /// opens where it was left.
    pub fn new(top: RwSignal<f64>) -> Self {
        Self { top, scroller: NodeRef::new() }
    }

    /// Back to the first row. Called before the query changes, so the new results render
    /// once, at the top, rather than at the old position and then again. Leaves the box alone
    /// when it is at the top already: setting (or reading) its scroll position makes the
    /// browser lay out the page there and then, on every keystroke.
    pub fn to_top(self) {
        if self.top.get_untracked() == 0.0 {
            return;
        }
        if let Some(scroller) = self.scroller.get_untracked() {
            scroller.set_scroll_top(0);
        }
        self.top.set(0.0);
    }
}

/// A row as drawn (wherever it is in the list): only the rows in the page are ever built.
#[derive(Clone, PartialEq)]
struct Row {
    id: String,
    name: String,
    alias: String,
    contact: String,
    alert: String,
    blocked: bool,
    tags: Vec<(String, String)>,
    /// Their profile (or its editor) is open beside the list.
    current: bool,
    /// The list is in selection mode: the row has a checkbox. (Whether it is ticked is written
    /// into the page by the list, so ticking does not rebuild the row and lose focus.)
    selecting: bool,
    /// The lifecycle stage's key and name, once the insight is complete.
    stage: Option<(&'static str, &'static str)>,
    /// Held visits, lifetime value and last visit, as shown; once the insight is complete.
    figures: Option<[String; 3]>,
}

impl Row {
    /// The row of the client at `position` in the book.
    fn of(
        book: &Book,
        insight: Option<&BookInsight>,
        position: usize,
        current: Option<&str>,
        selecting: bool,
    ) -> Option<Self> {
        let entry = book.entry_at(position)?;
        let c = &entry.client;
        let known = insight.and_then(|i| i.client(&c.id));
        let currency = &book.settings.currency;
        let figures = known.map(|i| {
            [
                i.value.visits.to_string(),
                i.value.paid.get(currency).map_or_else(|| "—".to_owned(), |&paid| format_money(lang(), paid, currency)),
                i.value.last_visit.map_or_else(|| "—".to_owned(), |d| format_date(lang(), d)),
            ]
        });
        Some(Self {
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
            current: current == Some(c.id.as_str()),
            selecting,
            stage: known.map(|i| (i.stage.key(), i.stage.label())),
            figures,
        })
    }
}

#[component]
pub fn ClientRows(
    /// The current query's matches.
    matches: Memo<Matches>,
    /// The scroll position, which the search and filters reset.
    scroll: ListScroll,
    /// False while the list is hidden (a phone showing a profile in its place).
    #[prop(into)]
    shown: Signal<bool>,
    /// The selected clients, while the list is in selection mode.
    selection: super::bulk::Selection,
) -> impl IntoView {
    let ctx = use_app();
    // The height of the list's box; until it is measured, the window's, which it cannot
    // exceed. Measured when the box appears and when the window changes size.
    let view_height = RwSignal::new(window_height());
    // (`try_`: also called at the next frame, when the list may have gone: the book was locked.)
    let measure = move || {
        let height = scroll.scroller.try_get_untracked().flatten().map_or(0, |scroller| scroller.client_height());
        if height > 0 && view_height.try_get_untracked().is_some_and(|h| h != f64::from(height)) {
            view_height.try_set(f64::from(height));
        }
    };
    let resize = window_event_listener(leptos::ev::resize, move |_| measure());
    on_cleanup(move || resize.remove());
    // The row that has keyboard focus: it and its neighbours stay in the page wherever the
    // view scrolls.
    let focused = RwSignal::new(None::<usize>);

    let count = Memo::new(move |_| matches.with(|m| m.positions.len()));
    let drawn =
        Memo::new(move |_| LAYOUT.rows_to_draw(scroll.top.get(), view_height.get(), count.get(), focused.get()));
    let current = Memo::new(move |_| match ctx.detail.get() {
        Detail::Profile(id) | Detail::Edit(Some(id)) => Some(id),
        _ => None,
    });
    let selecting = Memo::new(move |_| selection.with(Option::is_some));
    let rows = Memo::new(move |_| {
        let current = current.get();
        let selecting = selecting.get();
        // Looked up by id for the few rows drawn: a hash each, not one per client in the book.
        let insight = super::complete_insight(ctx);
        drawn.with(|drawn| {
            matches.with(|m| {
                ctx.book.with(|book| {
                    drawn
                        .iter()
                        .filter_map(|&i| {
                            let row =
                                Row::of(book, insight.as_deref(), *m.positions.get(i)?, current.as_deref(), selecting)?;
                            Some((i, row))
                        })
                        .collect::<Vec<_>>()
                })
            })
        })
    });
    let list = NodeRef::<html::Ul>::new();
    let in_page = StoredValue::new_local(RowsInPage::<String, Row>::default());
    let owner = Owner::current();
    // Leptos may redraw this list into the same <ul> element (the Clients section opened
    // again): take our rows out with us.
    on_cleanup(move || {
        in_page.try_update_value(RowsInPage::clear);
    });
    // Rows hold no reactive attribute of their own: a signal keeps every reader it ever had (a
    // row that left the page included) and copies that list whenever it changes, so thousands
    // of short-lived rows would slow every keystroke. A row that changes is rebuilt; the list's
    // size, which changes with almost every keystroke, is written into the rows here.
    Effect::new(move |_| {
        let rows = rows.get();
        let set_size = count.get().to_string();
        let ticked = selection.get().unwrap_or_default();
        let (Some(list), Some(owner)) = (list.get(), owner.as_ref()) else { return };
        in_page.update_value(|in_page| {
            let wanted = rows.into_iter().map(|(index, row)| Placed { index, key: row.id.clone(), row }).collect();
            let build = |index, row| {
                // Each row has an owner of its own, so its effects end when it leaves the page.
                let row_owner = owner.with(Owner::new);
                let view = row_owner
                    .with(|| view! { <ClientRow index=index row=row selection=selection /> }.into_any().build());
                (view, row_owner)
            };
            in_page.update(wanted, &list, build, place_row);
            in_page.set_attribute_everywhere("aria-setsize", &set_size);
        });
        if let Ok(boxes) = list.query_selector_all("input.select-row") {
            for at in 0..boxes.length() {
                if let Some(checkbox) = boxes.item(at).and_then(|n| n.dyn_into::<web_sys::HtmlInputElement>().ok()) {
                    let id = checkbox.get_attribute("data-id").unwrap_or_default();
                    checkbox.set_checked(ticked.contains(&id));
                }
            }
        }
    });

    let on_scroll = move |_| {
        if let Some(scroller) = scroll.scroller.get_untracked() {
            scroll.top.set(f64::from(scroller.scroll_top()));
        }
    };
    // A row the keyboard asked for that was not in the page yet (a jump of a screen or more).
    let pending_focus = StoredValue::new(None::<usize>);
    let on_keydown = move |ev: KeyboardEvent| {
        if ev.alt_key() || ev.ctrl_key() || ev.meta_key() || ev.shift_key() {
            return;
        }
        // From the row a previous key asked for, if it has not taken focus yet.
        let current = pending_focus.get_value().or(focused.get_untracked());
        let (Some(current), Some(scroller)) = (current, scroll.scroller.get_untracked()) else {
            return;
        };
        let height = f64::from(scroller.client_height());
        let per_screen = LAYOUT.rows_per_screen(height);
        let Some(target) = row_after_key(&ev.key(), current, count.get_untracked(), per_screen) else {
            return;
        };
        ev.prevent_default();
        if let Some(top) = LAYOUT.scroll_to_show(target, f64::from(scroller.scroll_top()), height) {
            scroller.set_scroll_top(top as i32);
            scroll.top.set(top);
        }
        pending_focus.set_value(None);
        // A neighbour is already in the page (see `rows_to_draw`). A farther row comes in with
        // the scroll above, in the microtasks after this event: focus it at the next frame
        // (unless another key has asked for another row since). Until then the row that has
        // focus keeps it, so focus is never left nowhere.
        if !focus_row(&scroller, target) {
            pending_focus.set_value(Some(target));
            request_animation_frame(move || {
                // `try_`: the list may have gone by the next frame (the book was locked).
                let still_wanted =
                    pending_focus.try_update_value(|pending| pending.take_if(|p| *p == target).is_some());
                if still_wanted == Some(true) {
                    focus_row(&scroller, target);
                }
            });
        }
    };
    // When the box appears (and when it comes back after a phone showed a profile in its
    // place, scrolled to the top), at the next frame, once it is laid out: measure it, and put
    // it back where the person left it.
    Effect::new(move |_| {
        let (true, Some(scroller)) = (shown.get(), scroll.scroller.get_untracked()) else { return };
        let top = scroll.top.get_untracked();
        request_animation_frame(move || {
            if f64::from(scroller.scroll_top()) != top.floor() {
                scroller.set_scroll_top(top as i32);
            }
            measure();
        });
    });
    // Which row has focus, from the row itself: rows keep their element when their place
    // changes, so the place is read from the page, not remembered.
    let on_focusin = move |ev: FocusEvent| {
        focused.set(row_index_of(&ev));
    };
    let on_focusout = move |ev: FocusEvent| {
        // Moving to another row, its focusin follows and records it. (`try_`: a focused row
        // that leaves the page loses focus, which may be after the list itself has gone.)
        let left = row_index_of(&ev);
        if left.is_some() && focused.try_get_untracked() == Some(left) {
            focused.try_set(None);
        }
    };

    view! {
        <div class="client-scroller" node_ref=scroll.scroller on:scroll=on_scroll
            style:--row-height=format!("{}px", LAYOUT.row_height)>
            // Its rows are put in by `RowsInPage`, below.
            <ul class="client-list" role="list" aria-label=t("Clients") node_ref=list on:keydown=on_keydown
                on:focusin=on_focusin on:focusout=on_focusout
                style:height=move || format!("{}px", LAYOUT.height(count.get()))></ul>
        </div>
    }
}

/// One client at row `index`, as a button that opens the profile. (The list writes its
/// aria-setsize, and its place when it moves: `place_row`.)
#[component]
fn ClientRow(index: usize, row: Row, selection: super::bulk::Selection) -> impl IntoView {
    let ctx = use_app();
    let id = StoredValue::new(row.id.clone());
    let toggle = move |_| {
        selection.update(|s| {
            if let Some(s) = s {
                let id = id.get_value();
                if !s.remove(&id) {
                    s.insert(id);
                }
            }
        })
    };
    view! {
        <li aria-posinset=index + 1 style:top=format!("{}px", LAYOUT.top(index)) class:selecting=row.selecting>
            {row.selecting.then(|| view! {
                <input type="checkbox" class="select-row" data-id=row.id.clone() aria-label=tf("Select {name}", &[("name", row.name.clone())])
                    on:change=toggle />
            })}
            <button type="button" class="client-row" class:blocked=row.blocked class:current=row.current
                aria-current=if row.current { "true" } else { "false" }
                on:click=move |_| open_detail(ctx, Detail::Profile(id.get_value()))>
                <span class="name">
                    {row.name}
                    {(!row.alias.is_empty()).then(|| view! { <span class="alias">{format!(" “{}”", row.alias)}</span> })}
                </span>
                <span class="badges">
                    {row.blocked.then(|| view! { <span class="badge blocked">{t("Blocked")}</span> })}
                    {row.stage.map(|(key, label)| view! { <span class=format!("badge stage stage-{key}")>{label}</span> })}
                </span>
                {row.figures.map(|[visits, value, last]| view! {
                    <span class="figures">
                        <span class="figure visits"><span class="visually-hidden">{t("Held visits")}": "</span>{visits}</span>
                        <span class="figure value"><span class="visually-hidden">{t("Lifetime value")}": "</span>{value}</span>
                        <span class="figure last"><span class="visually-hidden">{t("Last visit")}": "</span>{last}</span>
                    </span>
                })}
                <span class="detail">
                    <span class="contact">{row.contact}</span>
                    <span class="tags">
                        {row.tags.into_iter().map(|(name, color)| view! { <TagChip name=name color=color /> }).collect_view()}
                    </span>
                </span>
                {(!row.alert.is_empty()).then(|| view! { <span class="pinned">{format!("⚑ {}", row.alert)}</span> })}
            </button>
        </li>
    }
}

/// The heads of the figures' columns, which sort by them; shown only where the rows show the
/// figures (`style/main.css`).
#[component]
pub fn ColumnHeads(
    sort: RwSignal<SortBy>,
    /// Called before the sort changes (new results start at the top).
    on_sort: Callback<()>,
) -> impl IntoView {
    let head = move |by: SortBy, class: &'static str, label: &'static str| {
        view! {
            <button type="button" class=format!("column-head {class}")
                aria-pressed=move || if sort.get() == by { "true" } else { "false" }
                aria-label=tf("Sort by {column}", &[("column", label.to_owned())])
                on:click=move |_| { on_sort.run(()); sort.set(by); }>
                {label}
            </button>
        }
    };
    view! {
        <div class="list-columns">
            {head(SortBy::HeldVisits, "visits", t("Visits"))}
            {head(SortBy::LifetimeValue, "value", t("Lifetime value"))}
            {head(SortBy::LastVisit, "last", t("Last visit"))}
        </div>
    }
}

/// Moves a row's element to its place in the list: the same as `ClientRow` writes.
fn place_row(row: &web_sys::Element, index: usize) {
    let _ = row.set_attribute("aria-posinset", &(index + 1).to_string());
    if let Some(row) = row.dyn_ref::<web_sys::HtmlElement>() {
        let _ = row.style().set_property("top", &format!("{}px", LAYOUT.top(index)));
    }
}

/// The place in the list of the row an event happened in.
fn row_index_of(ev: &FocusEvent) -> Option<usize> {
    let target = ev.target()?.dyn_into::<web_sys::Element>().ok()?;
    let row = target.closest("li[aria-posinset]").ok()??;
    row.get_attribute("aria-posinset")?.parse::<usize>().ok()?.checked_sub(1)
}

/// Focuses the button of the row at `index`, found by its place in the list; false when that
/// row is not in the page.
fn focus_row(scroller: &web_sys::HtmlDivElement, index: usize) -> bool {
    let selector = format!("li[aria-posinset=\"{}\"] button", index + 1);
    let button =
        scroller.query_selector(&selector).ok().flatten().and_then(|b| b.dyn_into::<web_sys::HtmlElement>().ok());
    button.is_some_and(|button| button.focus().is_ok())
}

/// The window's height in CSS pixels: the most the list's box can show.
fn window_height() -> f64 {
    window().inner_height().ok().and_then(|h| h.as_f64()).unwrap_or(800.0)
}
