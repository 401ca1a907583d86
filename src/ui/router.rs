//! Keeps the page's address and the open book's screen in step (the routes are in
//! `navigation`). Screens never write the address: they set the app's state as they always
//! did (`go_to`, `open_detail`, or a signal), and one effect here turns the route that state
//! shows into a history entry, as `Route::step` says. Back and Forward (`popstate`, which the
//! back gesture of an installed app fires too) go the other way: the address is read, and the
//! state set to match.
//!
//! What an address may not carry, the list's search text and tag filter, and the scroll
//! positions, are remembered here per history entry, in memory only, so Back shows a screen as
//! it was left. Nothing of it goes into `history.state`, which the browser keeps on disk for
//! session restore: each entry's state holds only a key and its place in the history.
//! Locking forgets it all.
//!
//! The address stays in the URL while the book is locked (it holds ids only), and unlocking
//! returns to it (`arrive`). Only the hash is ever written, never the path, so the app works
//! from any sub-path.

use std::cell::RefCell;
use std::collections::HashMap;

use leptos::prelude::*;
use wasm_bindgen::JsValue;

use super::clients::ListMemory;
use super::{AppContext, Detail, Screen, View};
use crate::i18n::t;
use crate::navigation::{HistoryStep, Route};

/// A history entry as the app knows it, kept in the entry's `history.state`.
#[derive(Clone, Default)]
struct Entry {
    /// Tells entries apart, to find what is remembered of one: this page load's time and a
    /// counter, so an entry from before a reload never finds another's memory.
    key: String,
    /// Its place in the tab's history, to return to a form whose unsaved input the user kept
    /// when asked.
    index: i32,
}

impl Entry {
    fn to_state(&self) -> JsValue {
        let state = js_sys::Object::new();
        let _ = js_sys::Reflect::set(&state, &"key".into(), &self.key.as_str().into());
        let _ = js_sys::Reflect::set(&state, &"index".into(), &self.index.into());
        state.into()
    }

    /// The entry in a `history.state`; `None` for one the app did not write (an address typed
    /// into the address bar, or the page's first).
    fn from_state(state: &JsValue) -> Option<Self> {
        if !state.is_object() {
            return None;
        }
        let field = |name: &str| js_sys::Reflect::get(state, &name.into()).ok();
        Some(Self { key: field("key")?.as_string()?, index: field("index")?.as_f64()? as i32 })
    }
}

/// What is remembered of an entry the user left, to show it again as it was.
#[derive(Clone, Default)]
struct Memory {
    /// The window's scroll position.
    scroll_y: f64,
    /// The client list's search text, tag filter and scroll position, when the entry is the list.
    list: Option<ListMemory>,
}

#[derive(Default)]
struct Navigator {
    /// The route of the current entry, which the app shows.
    route: Option<Route>,
    entry: Entry,
    memory: HashMap<String, Memory>,
    /// The index of the entry that `history.go()` is taking the user back to, after they kept
    /// a form's unsaved input: its `popstate` only confirms it.
    expected: Option<i32>,
    /// Back or Forward is putting a scroll position back: the section does not start at the top.
    restoring_scroll: bool,
    /// Entries made since the page loaded, for their keys.
    made: u32,
}

impl Navigator {
    fn new_key(&mut self) -> String {
        self.made += 1;
        format!("{}-{}", PAGE_LOADED.with(|t| *t), self.made)
    }

    fn memory(&mut self) -> &mut Memory {
        self.memory.entry(self.entry.key.clone()).or_default()
    }
}

thread_local! {
    static NAVIGATOR: RefCell<Navigator> = RefCell::new(Navigator::default());
    static PAGE_LOADED: u64 = js_sys::Date::now() as u64;
}

fn with_navigator<R>(f: impl FnOnce(&mut Navigator) -> R) -> R {
    NAVIGATOR.with_borrow_mut(f)
}

fn history() -> Option<web_sys::History> {
    window().history().ok()
}

/// The route the page's address names.
pub fn address() -> Route {
    Route::parse(&window().location().hash().unwrap_or_default())
}

/// Listens to Back and Forward, and starts the effect that writes the address. Once, for the
/// page's life.
pub fn install(ctx: AppContext) {
    if let Some(history) = history() {
        // Back and Forward put the scroll position back themselves, once the screen is drawn.
        let _ = history.set_scroll_restoration(web_sys::ScrollRestoration::Manual);
    }
    // The app lives as long as the page, and so do these listeners.
    let _ = window_event_listener(leptos::ev::popstate, move |ev| on_popstate(ctx, &ev.state()));
    let _ = window_event_listener(leptos::ev::scroll, move |_| {
        let y = window().scroll_y().unwrap_or(0.0);
        with_navigator(|n| n.memory().scroll_y = y);
    });
    Effect::new(move |_| {
        if ctx.screen.get() == Screen::Open {
            follow(ctx, route_of(ctx));
        }
    });
}

/// Shows `route` as the book opens, in the current history entry: the address the user was on
/// after an unlock, Today for a new book.
pub fn arrive(ctx: AppContext, route: Route) {
    let state = history().and_then(|h| h.state().ok()).unwrap_or(JsValue::NULL);
    let entry = with_navigator(|n| {
        n.memory.clear();
        n.expected = None;
        n.entry = Entry::from_state(&state).unwrap_or_else(|| Entry { key: n.new_key(), ..Entry::default() });
        n.route = Some(route.clone());
        n.entry.clone()
    });
    write(&entry, &route, false);
    show(ctx, &route);
}

/// Forgets what was remembered of every entry: the book is locking.
pub fn forget() {
    with_navigator(|n| {
        n.memory.clear();
        n.expected = None;
        n.route = None;
    });
}

/// True while Back or Forward puts a scroll position back, so the screen does not jump to
/// its top (see `BookShell`).
pub fn restoring_scroll() -> bool {
    with_navigator(|n| n.restoring_scroll)
}

/// The route the app's state shows (read with tracking, for the effect).
fn route_of(ctx: AppContext) -> Route {
    match ctx.view.get() {
        View::Today => Route::Today,
        View::Calendar => {
            let place = ctx.calendar.get();
            Route::Calendar { date: place.map(|p| p.date), span: place.map(|p| p.span) }
        }
        View::Clients => Route::Clients {
            list: ctx.list.view(ctx.list_segment.with(|s| s.as_ref().map(|s| s.id.clone()))),
            pane: ctx.detail.get(),
        },
        View::Dashboard => Route::Dashboard { range: ctx.dashboard.get() },
        View::Segments => Route::Segments,
        View::Trash => Route::Trash,
        View::Backup => Route::Backup,
        View::Settings => Route::Settings,
        View::Import => Route::Import,
        View::Cleanup => Route::Cleanup,
    }
}

/// The section a route is in.
fn section(route: &Route) -> View {
    match route {
        Route::Today => View::Today,
        Route::Calendar { .. } => View::Calendar,
        Route::Clients { .. } => View::Clients,
        Route::Dashboard { .. } => View::Dashboard,
        Route::Segments => View::Segments,
        Route::Trash => View::Trash,
        Route::Backup => View::Backup,
        Route::Settings => View::Settings,
        Route::Import => View::Import,
        Route::Cleanup => View::Cleanup,
    }
}

/// Sets the app's state to show `route`, changing only what differs (a signal set to the
/// same value still redraws what reads it).
fn show(ctx: AppContext, route: &Route) {
    match route {
        Route::Clients { list, pane } => {
            ctx.list.show(list);
            let shown = ctx.list_segment.with_untracked(|s| s.as_ref().map(|s| s.id.clone()));
            if shown != list.segment {
                let segment = list.segment.as_ref().and_then(|id| {
                    ctx.book.with_untracked(|b| b.settings.segments.iter().find(|s| s.id == *id).cloned())
                });
                if list.segment.is_some() && segment.is_none() {
                    super::actions::show(ctx, t("That segment is no longer in the book; the list shows every client."));
                }
                ctx.list_segment.set(segment);
            }
            if ctx.detail.with_untracked(|d| d != pane) {
                super::actions::show_detail(ctx, pane.clone());
            }
        }
        Route::Calendar { date, span } => {
            let shown = ctx.calendar.get_untracked();
            let default = super::calendar::Place::default_for_screen();
            let place = super::calendar::Place {
                date: date.unwrap_or_else(|| shown.map_or(default.date, |p| p.date)),
                span: span.unwrap_or_else(|| shown.map_or(default.span, |p| p.span)),
            };
            if shown != Some(place) {
                ctx.calendar.set(Some(place));
            }
            if ctx.detail.with_untracked(|d| *d != Detail::Nothing) {
                ctx.detail.set(Detail::Nothing);
            }
        }
        Route::Dashboard { range } => {
            if ctx.dashboard.get_untracked() != *range {
                ctx.dashboard.set(*range);
            }
            if ctx.detail.with_untracked(|d| *d != Detail::Nothing) {
                ctx.detail.set(Detail::Nothing);
            }
        }
        _ => {
            if ctx.detail.with_untracked(|d| *d != Detail::Nothing) {
                ctx.detail.set(Detail::Nothing);
            }
        }
    }
    let view = section(route);
    if ctx.view.get_untracked() != view {
        ctx.view.set(view);
    }
}

/// Writes the entry and its address into the history: a new entry, or in place of the current.
fn write(entry: &Entry, route: &Route, push: bool) {
    let Some(history) = history() else { return };
    let (state, hash) = (entry.to_state(), route.to_hash());
    let _ = if push {
        history.push_state_with_url(&state, "", Some(&hash))
    } else {
        history.replace_state_with_url(&state, "", Some(&hash))
    };
}

/// Keeps what the address cannot carry of the screen being left.
fn remember_leaving(ctx: AppContext, left: &Route) {
    if left.is_client_list() {
        let list = ctx.list.memory();
        with_navigator(|n| n.memory().list = Some(list));
    }
}

/// Makes the history follow the app's state to `to`.
fn follow(ctx: AppContext, to: Route) {
    let (from, waiting) = with_navigator(|n| (n.route.clone(), n.expected.is_some()));
    // Before the book opened (`arrive` sets the route), or while the return to a kept form is
    // on its way: its `popstate` follows the state from there.
    let Some(from) = from.filter(|_| !waiting) else { return };
    match from.step(&to) {
        HistoryStep::Stay => {}
        HistoryStep::Replace => {
            let entry = with_navigator(|n| {
                n.route = Some(to.clone());
                n.entry.clone()
            });
            write(&entry, &to, false);
        }
        HistoryStep::Push => {
            remember_leaving(ctx, &from);
            // The list opened anew starts as the list does: no search, no filter but the
            // segment it was opened for. (Back to an earlier list shows that one as it was.)
            let to = if to.is_client_list() && !from.is_client_list() {
                ctx.list.reset();
                untrack(|| route_of(ctx))
            } else {
                to
            };
            let entry = with_navigator(|n| {
                n.entry = Entry { key: n.new_key(), index: n.entry.index + 1 };
                n.route = Some(to.clone());
                n.entry.clone()
            });
            write(&entry, &to, true);
        }
    }
}

/// Back or Forward (or an address typed into the address bar) moved to another entry.
fn on_popstate(ctx: AppContext, state: &JsValue) {
    // While locked the address waits: unlocking goes to it.
    if ctx.screen.get_untracked() != Screen::Open {
        return;
    }
    let to = address();
    let (from, current, expected) =
        with_navigator(|n| (n.route.clone().unwrap_or(Route::Today), n.entry.clone(), n.expected.take()));
    let arrived = Entry::from_state(state).unwrap_or_else(|| {
        // An address typed into the address bar: the browser added an entry after this one.
        let entry = with_navigator(|n| Entry { key: n.new_key(), index: current.index + 1 });
        write(&entry, &to, false);
        entry
    });
    if expected == Some(arrived.index) {
        // Back at the form the user kept; the state may have moved on since.
        with_navigator(|n| n.entry = arrived);
        follow(ctx, untrack(|| route_of(ctx)));
        return;
    }
    if !from.same_screen(&to) && !super::actions::confirm_discard(ctx) {
        // The user keeps the form: back to its entry, and its address.
        let delta = current.index - arrived.index;
        if delta == 0 {
            write(&current, &from, false);
        } else if let Some(history) = history() {
            with_navigator(|n| n.expected = Some(current.index));
            let _ = history.go_with_delta(delta);
        }
        return;
    }
    remember_leaving(ctx, &from);
    let memory = with_navigator(|n| {
        n.route = Some(to.clone());
        n.entry = arrived;
        n.restoring_scroll = true;
        n.memory().clone()
    });
    // A list that stayed on screen keeps its search; one drawn again gets back what it had.
    if to.is_client_list() && !from.is_client_list() {
        ctx.list.restore(memory.list.unwrap_or_default());
    }
    show(ctx, &to);
    // Once the screen is drawn.
    request_animation_frame(move || {
        window().scroll_to_with_x_and_y(0.0, memory.scroll_y);
        with_navigator(|n| n.restoring_scroll = false);
    });
}
