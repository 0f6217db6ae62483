//! The keyboard cursor of the long virtualized lists (the logs list, the trace timeline):
//! which keys move it, where it lands, and how far the list scrolls so the row is in view
//! (the row may not be rendered yet: only rows near the viewport exist in the DOM).

/// What a key does in a focused list.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum RowKey {
    Up,
    Down,
    PageUp,
    PageDown,
    First,
    Last,
    /// Enter or Space: open the row (its details).
    Activate,
}

/// The action of a `KeyboardEvent.key`; `None` leaves it to the page.
pub fn row_key(key: &str) -> Option<RowKey> {
    Some(match key {
        "ArrowUp" => RowKey::Up,
        "ArrowDown" => RowKey::Down,
        "PageUp" => RowKey::PageUp,
        "PageDown" => RowKey::PageDown,
        "Home" => RowKey::First,
        "End" => RowKey::Last,
        "Enter" | " " => RowKey::Activate,
        _ => return None,
    })
}

/// The active row after `key` in a list of `total` rows showing `page` rows at once; from
/// no active row, any move starts at the first row (End: the last). Activate keeps it.
pub fn move_row(current: Option<usize>, key: RowKey, total: usize, page: usize) -> Option<usize> {
    if total == 0 {
        return None;
    }
    let last = total - 1;
    let Some(at) = current.map(|c| c.min(last)) else {
        return Some(if key == RowKey::Last { last } else { 0 });
    };
    let page = page.max(1);
    Some(match key {
        RowKey::Up => at.saturating_sub(1),
        RowKey::Down => (at + 1).min(last),
        RowKey::PageUp => at.saturating_sub(page),
        RowKey::PageDown => (at + page).min(last),
        RowKey::First => 0,
        RowKey::Last => last,
        RowKey::Activate => at,
    })
}

/// The scroll offset that brings row `index` (each `row_h` px) fully into a `viewport_h`
/// view scrolled to `scroll_top`, or `None` when it is already in view.
pub fn scroll_to_show(index: usize, row_h: f64, scroll_top: f64, viewport_h: f64) -> Option<f64> {
    let top = index as f64 * row_h;
    let bottom = top + row_h;
    if top < scroll_top {
        Some(top)
    } else if bottom > scroll_top + viewport_h {
        Some((bottom - viewport_h).max(0.0))
    } else {
        None
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn keys_map_and_others_pass_through() {
        assert_eq!(row_key("ArrowDown"), Some(RowKey::Down));
        assert_eq!(row_key("Enter"), Some(RowKey::Activate));
        assert_eq!(row_key("Tab"), None);
    }

    #[test]
    fn the_active_row_moves_and_stops_at_the_ends() {
        assert_eq!(move_row(None, RowKey::Down, 10, 4), Some(0));
        assert_eq!(move_row(None, RowKey::Last, 10, 4), Some(9));
        assert_eq!(move_row(Some(0), RowKey::Up, 10, 4), Some(0));
        assert_eq!(move_row(Some(8), RowKey::Down, 10, 4), Some(9));
        assert_eq!(move_row(Some(9), RowKey::Down, 10, 4), Some(9));
        assert_eq!(move_row(Some(2), RowKey::PageDown, 10, 4), Some(6));
        assert_eq!(move_row(Some(8), RowKey::PageDown, 10, 4), Some(9));
        assert_eq!(move_row(Some(3), RowKey::PageUp, 10, 4), Some(0));
        assert_eq!(move_row(Some(5), RowKey::Activate, 10, 4), Some(5));
        // The list shrank under the cursor (a new query).
        assert_eq!(move_row(Some(50), RowKey::Up, 10, 4), Some(8));
        assert_eq!(move_row(Some(1), RowKey::Down, 0, 4), None);
    }

    #[test]
    fn scrolling_brings_the_row_into_view_only_when_needed() {
        // Rows of 20 px, a 100 px view at 200: rows 10..=14 are in view.
        assert_eq!(scroll_to_show(12, 20.0, 200.0, 100.0), None);
        assert_eq!(scroll_to_show(9, 20.0, 200.0, 100.0), Some(180.0));
        assert_eq!(scroll_to_show(15, 20.0, 200.0, 100.0), Some(220.0));
        // A row taller than the view shows its bottom edge.
        assert_eq!(scroll_to_show(0, 20.0, 0.0, 10.0), Some(10.0));
    }
}
