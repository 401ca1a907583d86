//! Views kept in a parent element in list order, each left exactly where it is while it stays:
//! the virtualized client list puts its rows into the page with this.
//!
//! A view is known by its key (a client's id), not by its place in the list, so when a search
//! narrows the rows above a client, that client's row stays and is only placed anew. Leptos's
//! `For` would not do: its diff moves items that stay whenever items come in at both ends at
//! once, which scrolling a virtual list does all the time, and a moved row loses keyboard
//! focus, and a click whose press and release straddle the move never happens.

use std::collections::HashMap;
use std::hash::Hash;

use leptos::prelude::Owner;
use leptos::tachys::view::any_view::AnyViewState;
use leptos::tachys::view::Mountable;

/// A row wanted in the page: its place in the list, who it shows, and what.
pub struct Placed<K, R> {
    pub index: usize,
    pub key: K,
    pub row: R,
}

/// The views in the page, in list order, with what each was built from.
pub struct RowsInPage<K, R> {
    rows: Vec<RowInPage<K, R>>,
}

struct RowInPage<K, R> {
    index: usize,
    key: K,
    row: R,
    view: AnyViewState,
    /// Owns the view's effects, which end when the view leaves the page.
    owner: Owner,
}

impl<K, R> Default for RowsInPage<K, R> {
    fn default() -> Self {
        Self { rows: Vec::new() }
    }
}

impl<K: Eq + Hash + Clone, R: PartialEq + Clone> RowsInPage<K, R> {
    /// Makes `parent` show exactly `wanted` (in list order). A view whose key is still wanted
    /// with the same row stays where it is, and `place` tells it its new place if that changed;
    /// the others leave, and each new row is built (`build` returns the view with its owner)
    /// and put before the next row in the list. A view that would now be out of order (the
    /// sort changed) is rebuilt rather than moved.
    pub fn update(
        &mut self,
        wanted: Vec<Placed<K, R>>,
        parent: &web_sys::Element,
        build: impl Fn(usize, R) -> (AnyViewState, Owner),
        place: impl Fn(&web_sys::Element, usize),
    ) {
        let at: HashMap<K, usize> = wanted.iter().enumerate().map(|(at, w)| (w.key.clone(), at)).collect();
        let mut kept: Vec<Option<RowInPage<K, R>>> = wanted.iter().map(|_| None).collect();
        let mut last_kept = None;
        for shown in std::mem::take(&mut self.rows) {
            match at.get(&shown.key) {
                Some(&to) if wanted[to].row == shown.row && last_kept.is_none_or(|last| to > last) => {
                    last_kept = Some(to);
                    kept[to] = Some(shown);
                }
                _ => shown.remove(),
            }
        }
        // From the end, so that the next row is always in the page already.
        let mut rows: Vec<RowInPage<K, R>> = Vec::with_capacity(wanted.len());
        for (to, wanted) in wanted.into_iter().enumerate().rev() {
            let row = match kept[to].take() {
                Some(mut shown) => {
                    if shown.index != wanted.index {
                        shown.index = wanted.index;
                        shown.view.elements().iter().for_each(|element| place(element, wanted.index));
                    }
                    shown
                }
                None => {
                    let (mut view, owner) = build(wanted.index, wanted.row.clone());
                    match rows.last() {
                        Some(next) => {
                            next.view.insert_before_this(&mut view);
                        }
                        None => view.mount(parent, None),
                    }
                    RowInPage { index: wanted.index, key: wanted.key, row: wanted.row, view, owner }
                }
            };
            rows.push(row);
        }
        rows.reverse();
        self.rows = rows;
    }

    /// Sets an attribute on the top element of every view.
    pub fn set_attribute_everywhere(&self, name: &str, value: &str) {
        for element in self.rows.iter().flat_map(|shown| shown.view.elements()) {
            if element.get_attribute(name).as_deref() != Some(value) {
                let _ = element.set_attribute(name, value);
            }
        }
    }

    /// Takes every view out of the page.
    pub fn clear(&mut self) {
        std::mem::take(&mut self.rows).into_iter().for_each(RowInPage::remove);
    }
}

impl<K, R> RowInPage<K, R> {
    fn remove(mut self) {
        self.view.unmount();
        self.owner.cleanup();
    }
}
