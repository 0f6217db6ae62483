//! The keyboard rules of the variable multi-select's option list (WAI-ARIA listbox pattern,
//! multi-select): which options a typed filter keeps, what a key does, and where the active
//! option moves. The UI keeps the focus on the listbox and points `aria-activedescendant`
//! at the active option.

use crate::variables::VariableOption;

/// What a key pressed in the open list means.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ListKey {
    Next,
    Previous,
    First,
    Last,
    /// Space or Enter: select or unselect the active option.
    Toggle,
    /// Escape: close the list, focus back on its button.
    Close,
    /// A printable character: extends the typeahead filter.
    Type(char),
    /// Backspace: drops the filter's last character.
    Erase,
}

/// Reads a `KeyboardEvent.key`; `None` for keys the list leaves alone (Tab, modifiers).
pub fn list_key(key: &str) -> Option<ListKey> {
    Some(match key {
        "ArrowDown" => ListKey::Next,
        "ArrowUp" => ListKey::Previous,
        "Home" | "PageUp" => ListKey::First,
        "End" | "PageDown" => ListKey::Last,
        " " | "Enter" => ListKey::Toggle,
        "Escape" => ListKey::Close,
        "Backspace" => ListKey::Erase,
        other => {
            let mut chars = other.chars();
            match (chars.next(), chars.next()) {
                (Some(c), None) if !c.is_control() => ListKey::Type(c),
                _ => return None,
            }
        }
    })
}

/// The indices of `options` whose text or value contains `filter`, ignoring case (all of
/// them for an empty filter), as Grafana's variable picker filters while typing.
pub fn filtered_options(options: &[VariableOption], filter: &str) -> Vec<usize> {
    let needle = filter.trim().to_lowercase();
    options
        .iter()
        .enumerate()
        .filter(|(_, o)| {
            needle.is_empty()
                || o.text.to_lowercase().contains(&needle)
                || o.value.to_lowercase().contains(&needle)
        })
        .map(|(i, _)| i)
        .collect()
}

/// The active position (in a list of `len` shown options) after `key`; positions clamp at
/// the ends (no wrap, as the listbox pattern suggests for lists that scroll).
pub fn moved_active(active: Option<usize>, key: &ListKey, len: usize) -> Option<usize> {
    if len == 0 {
        return None;
    }
    let last = len - 1;
    Some(match (key, active) {
        (ListKey::Next, None) | (ListKey::First, _) => 0,
        (ListKey::Next, Some(i)) => (i + 1).min(last),
        (ListKey::Previous, None) | (ListKey::Last, _) => last,
        (ListKey::Previous, Some(i)) => i.saturating_sub(1),
        (_, Some(i)) => i.min(last),
        (_, None) => 0,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn options(names: &[&str]) -> Vec<VariableOption> {
        names
            .iter()
            .map(|n| VariableOption {
                text: n.to_string(),
                value: n.to_lowercase(),
            })
            .collect()
    }

    #[test]
    fn keys_are_read_as_the_listbox_pattern_says() {
        assert_eq!(list_key("ArrowDown"), Some(ListKey::Next));
        assert_eq!(list_key(" "), Some(ListKey::Toggle));
        assert_eq!(list_key("Enter"), Some(ListKey::Toggle));
        assert_eq!(list_key("Escape"), Some(ListKey::Close));
        assert_eq!(list_key("n"), Some(ListKey::Type('n')));
        assert_eq!(list_key("Tab"), None);
        assert_eq!(list_key("Shift"), None);
    }

    #[test]
    fn the_filter_keeps_options_containing_it_in_any_case() {
        let list = options(&["All", "node-1", "Node-2", "db"]);
        assert_eq!(filtered_options(&list, ""), vec![0, 1, 2, 3]);
        assert_eq!(filtered_options(&list, "NODE"), vec![1, 2]);
        assert_eq!(filtered_options(&list, "-2"), vec![2]);
        assert!(filtered_options(&list, "zzz").is_empty());
    }

    #[test]
    fn the_active_option_moves_and_clamps() {
        assert_eq!(moved_active(None, &ListKey::Next, 3), Some(0));
        assert_eq!(moved_active(Some(0), &ListKey::Next, 3), Some(1));
        assert_eq!(moved_active(Some(2), &ListKey::Next, 3), Some(2));
        assert_eq!(moved_active(Some(0), &ListKey::Previous, 3), Some(0));
        assert_eq!(moved_active(None, &ListKey::Previous, 3), Some(2));
        assert_eq!(moved_active(Some(1), &ListKey::Last, 3), Some(2));
        assert_eq!(moved_active(Some(2), &ListKey::First, 3), Some(0));
        // A filter that shrinks the list keeps the active option inside it.
        assert_eq!(moved_active(Some(5), &ListKey::Type('a'), 2), Some(1));
        assert_eq!(moved_active(Some(1), &ListKey::Next, 0), None);
    }
}
