//! Keyed views kept in a parent element in key order, each left exactly where it is for as long
//! as it stays: the virtualized client list puts its rows into the page with this.
//!
//! Leptos's `For` would do, but its diff moves some items that stay whenever items come in at
//! both ends at once, which scrolling a virtual list does all the time. A moved row loses
//! keyboard focus, and a click whose press and release straddle the move never happens.

use std::collections::BTreeMap;

use leptos::prelude::Owner;
use leptos::tachys::view::any_view::AnyViewState;
use leptos::tachys::view::Mountable;

/// The views in the page, by key (a row's place in the list), with what each was built from.
pub struct RowsInPage<R> {
    rows: BTreeMap<usize, RowInPage<R>>,
}

struct RowInPage<R> {
    row: R,
    view: AnyViewState,
    /// Owns the view's effects, which end when the view leaves the page.
    owner: Owner,
}

impl<R> Default for RowsInPage<R> {
    fn default() -> Self {
        Self { rows: BTreeMap::new() }
    }
}

impl<R: PartialEq> RowsInPage<R> {
    /// Makes `parent` show exactly `rows`, in key order: removes the views whose key is gone or
    /// whose row changed, and builds each new one (`build` returns it with its owner) and puts
    /// it before the next one in key order. A view that stays is never touched.
    pub fn update(
        &mut self,
        rows: impl IntoIterator<Item = (usize, R)>,
        parent: &web_sys::Element,
        build: impl Fn(R) -> (AnyViewState, Owner),
    ) where
        R: Clone,
    {
        let mut wanted: BTreeMap<usize, R> = rows.into_iter().collect();
        self.rows.retain(|key, shown| {
            let stays = wanted.get(key) == Some(&shown.row);
            if stays {
                wanted.remove(key);
            } else {
                shown.view.unmount();
                shown.owner.cleanup();
            }
            stays
        });
        for (key, row) in wanted {
            let (mut view, owner) = build(row.clone());
            match self.rows.range(key + 1..).next() {
                Some((_, next)) => {
                    next.view.insert_before_this(&mut view);
                }
                None => view.mount(parent, None),
            }
            self.rows.insert(key, RowInPage { row, view, owner });
        }
    }

    /// Sets an attribute on the top element of every view.
    pub fn set_attribute_everywhere(&self, name: &str, value: &str) {
        for element in self.rows.values().flat_map(|shown| shown.view.elements()) {
            if element.get_attribute(name).as_deref() != Some(value) {
                let _ = element.set_attribute(name, value);
            }
        }
    }

    /// Takes every view out of the page.
    pub fn clear(&mut self) {
        for (_, mut shown) in std::mem::take(&mut self.rows) {
            shown.view.unmount();
            shown.owner.cleanup();
        }
    }
}
