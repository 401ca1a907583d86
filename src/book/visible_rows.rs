//! Which rows of a long list are on screen, and where the keyboard moves among them. The client
//! list draws only these rows (and a few around them), so a 10,000-client book keeps a couple
//! of dozen rows in the page whatever its size. Every row has the same height, so it is all
//! arithmetic: the UI reads the scroll position and the view's height from the page and passes
//! them in. Plain Rust, no browser, so it tests natively.

use std::ops::Range;

/// A list of rows of one height, seen through a scrolling view.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct RowLayout {
    /// From the top of one row to the top of the next, in CSS pixels.
    pub row_height: f64,
    /// Rows drawn beyond each edge of the view, so that a quick scroll shows rows rather than a
    /// gap, and Tab always finds the next row already in the page.
    pub overscan: usize,
}

impl RowLayout {
    /// The rows to draw when the view shows `viewport` pixels from `scroll_top`, out of `len`.
    pub fn rows_in_view(&self, scroll_top: f64, viewport: f64, len: usize) -> Range<usize> {
        if len == 0 || self.row_height <= 0.0 {
            return 0..0;
        }
        let first_seen = (scroll_top.max(0.0) / self.row_height).floor() as usize;
        let past_last_seen = ((scroll_top.max(0.0) + viewport.max(0.0)) / self.row_height).ceil() as usize;
        let start = first_seen.saturating_sub(self.overscan).min(len);
        let end = past_last_seen.saturating_add(self.overscan).min(len);
        // A view scrolled past the end (the list just got shorter) still shows its last rows.
        if start == end {
            return len.saturating_sub(self.overscan.max(1))..len;
        }
        start..end
    }

    /// The rows to draw: those in view (`rows_in_view`), and around the row that has keyboard
    /// focus, wherever the view is. Focus then survives scrolling away from its row, and the
    /// next Tab or arrow key finds its row already in the page, however fast the keys come. In
    /// list order, which is also the order Tab follows.
    pub fn rows_to_draw(&self, scroll_top: f64, viewport: f64, len: usize, focused: Option<usize>) -> Vec<usize> {
        let mut rows: Vec<usize> = self.rows_in_view(scroll_top, viewport, len).collect();
        if let Some(focused) = focused.filter(|&row| row < len) {
            let near = focused.saturating_sub(self.overscan)..focused.saturating_add(self.overscan + 1).min(len);
            rows.extend(near);
            rows.sort_unstable();
            rows.dedup();
        }
        rows
    }

    /// The height of `len` rows: the scrolling area, so the scroll bar tells the list's length.
    pub fn height(&self, len: usize) -> f64 {
        len as f64 * self.row_height
    }

    /// The top edge of row `index`.
    pub fn top(&self, index: usize) -> f64 {
        index as f64 * self.row_height
    }

    /// Where to scroll so that row `index` is wholly in view, moving as little as possible;
    /// `None` when it already is. A view shorter than a row shows the row's top.
    pub fn scroll_to_show(&self, index: usize, scroll_top: f64, viewport: f64) -> Option<f64> {
        let top = self.top(index);
        let bottom = top + self.row_height;
        if viewport < self.row_height {
            (top != scroll_top).then_some(top)
        } else if top < scroll_top {
            Some(top)
        } else if bottom > scroll_top + viewport {
            Some((bottom - viewport).max(0.0))
        } else {
            None
        }
    }

    /// How many whole rows one screen holds (at least one): the step of Page Up and Page Down.
    pub fn rows_per_screen(&self, viewport: f64) -> usize {
        if self.row_height <= 0.0 {
            return 1;
        }
        ((viewport / self.row_height).floor() as usize).max(1)
    }
}

/// The row a key moves to from row `current` of `len`, as in any list a person scrolls with
/// the keyboard; `None` for a key that does not move (or a move that would leave the list).
pub fn row_after_key(key: &str, current: usize, len: usize, per_screen: usize) -> Option<usize> {
    let last = len.checked_sub(1)?;
    let target = match key {
        "ArrowDown" => current.checked_add(1).filter(|&row| row <= last)?,
        "ArrowUp" => current.checked_sub(1)?,
        "PageDown" => current.saturating_add(per_screen).min(last),
        "PageUp" => current.saturating_sub(per_screen),
        "Home" => 0,
        "End" => last,
        _ => return None,
    };
    (target != current).then_some(target)
}

#[cfg(test)]
mod tests {
    use super::*;

    const LAYOUT: RowLayout = RowLayout { row_height: 76.0, overscan: 4 };

    #[test]
    fn the_first_screen_draws_its_rows_and_the_overscan_below() {
        // 800 px show rows 0..=10 (the 11th only in part); 4 more below.
        assert_eq!(LAYOUT.rows_in_view(0.0, 800.0, 10_000), 0..15);
        assert_eq!(LAYOUT.rows_in_view(0.0, 800.0, 3), 0..3);
        assert_eq!(LAYOUT.rows_in_view(0.0, 800.0, 0), 0..0);
    }

    #[test]
    fn a_scrolled_view_draws_the_rows_it_shows_and_a_few_either_side() {
        // Scrolled to row 100 exactly, 760 px high: rows 100..110 are seen.
        assert_eq!(LAYOUT.rows_in_view(7600.0, 760.0, 10_000), 96..114);
        // Half a row further: row 110 shows in part and is drawn.
        assert_eq!(LAYOUT.rows_in_view(7638.0, 760.0, 10_000), 96..115);
    }

    #[test]
    fn the_end_of_the_list_draws_the_last_row() {
        let len = 10_000;
        let bottom = LAYOUT.height(len) - 600.0;
        let rows = LAYOUT.rows_in_view(bottom, 600.0, len);
        assert_eq!(rows.end, len);
        assert!(rows.len() < 20, "{rows:?}");
    }

    #[test]
    fn a_view_left_below_a_list_that_shrank_still_draws_its_last_rows() {
        assert_eq!(LAYOUT.rows_in_view(50_000.0, 800.0, 12), 8..12);
        assert_eq!(LAYOUT.rows_in_view(50_000.0, 800.0, 1), 0..1);
    }

    #[test]
    fn the_focused_row_and_its_neighbours_are_drawn_wherever_the_view_is() {
        // In view: 96..114. Focus far above, on row 10: rows 6..=14 join, in list order.
        let rows = LAYOUT.rows_to_draw(7600.0, 760.0, 10_000, Some(10));
        assert_eq!(rows, (6..15).chain(96..114).collect::<Vec<_>>());
        // Focus in view adds the rows past it, and nothing twice.
        let rows = LAYOUT.rows_to_draw(7600.0, 760.0, 10_000, Some(113));
        assert_eq!(rows, (96..118).collect::<Vec<_>>());
        // Near the end, and a focus the list no longer has.
        assert_eq!(LAYOUT.rows_to_draw(0.0, 760.0, 12, Some(11)), (0..12).collect::<Vec<_>>());
        assert_eq!(LAYOUT.rows_to_draw(0.0, 152.0, 3, Some(40)), vec![0, 1, 2]);
    }

    #[test]
    fn scrolling_to_show_a_row_moves_only_as_far_as_needed() {
        // The view shows 0..760 px: row 9 (684..760) is in, row 10 (760..836) is below.
        assert_eq!(LAYOUT.scroll_to_show(9, 0.0, 760.0), None);
        assert_eq!(LAYOUT.scroll_to_show(10, 0.0, 760.0), Some(76.0));
        // Scrolled to 760: row 9 is above and comes back to the top.
        assert_eq!(LAYOUT.scroll_to_show(9, 760.0, 760.0), Some(684.0));
        // A view shorter than a row shows the row's top.
        assert_eq!(LAYOUT.scroll_to_show(1, 0.0, 50.0), Some(76.0));
        assert_eq!(LAYOUT.scroll_to_show(1, 76.0, 50.0), None);
    }

    #[test]
    fn keys_move_one_row_a_screen_or_to_either_end_and_stop_at_the_edges() {
        let len = 100;
        assert_eq!(row_after_key("ArrowDown", 5, len, 10), Some(6));
        assert_eq!(row_after_key("ArrowUp", 5, len, 10), Some(4));
        assert_eq!(row_after_key("PageDown", 5, len, 10), Some(15));
        assert_eq!(row_after_key("PageUp", 5, len, 10), Some(0));
        assert_eq!(row_after_key("Home", 50, len, 10), Some(0));
        assert_eq!(row_after_key("End", 50, len, 10), Some(99));
        assert_eq!(row_after_key("PageDown", 95, len, 10), Some(99));
        assert_eq!(row_after_key("ArrowDown", 99, len, 10), None);
        assert_eq!(row_after_key("ArrowUp", 0, len, 10), None);
        assert_eq!(row_after_key("Home", 0, len, 10), None);
        assert_eq!(row_after_key("Enter", 5, len, 10), None);
        assert_eq!(row_after_key("ArrowDown", 0, 0, 10), None);
    }

    #[test]
    fn a_screen_holds_at_least_one_row() {
        assert_eq!(LAYOUT.rows_per_screen(800.0), 10);
        assert_eq!(LAYOUT.rows_per_screen(30.0), 1);
    }
}
