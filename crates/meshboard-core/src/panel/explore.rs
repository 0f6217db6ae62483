//! The metrics Explore page's small rules: its list of recent queries, and where the editor's
//! cursor is in the query text.

/// How many recent queries the page keeps.
pub const HISTORY_MAX: usize = 20;

/// Puts `query` first in `history` (once), keeping at most [`HISTORY_MAX`].
pub fn remember_query(history: &mut Vec<String>, query: &str) {
    history.retain(|q| q != query);
    history.insert(0, query.to_string());
    history.truncate(HISTORY_MAX);
}

/// The byte offset of a cursor the browser gives in UTF-16 units (`selectionStart`); past
/// the end is the end.
pub fn utf16_to_byte(text: &str, units: usize) -> usize {
    let mut count = 0;
    for (i, c) in text.char_indices() {
        if count >= units {
            return i;
        }
        count += c.len_utf16();
    }
    text.len()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_run_query_moves_to_the_front_once() {
        let mut history = vec!["a".to_string(), "b".to_string()];
        remember_query(&mut history, "b");
        assert_eq!(history, vec!["b", "a"]);
        remember_query(&mut history, "c");
        assert_eq!(history, vec!["c", "b", "a"]);
    }

    #[test]
    fn the_history_keeps_the_newest_twenty() {
        let mut history = Vec::new();
        for i in 0..25 {
            remember_query(&mut history, &format!("q{i}"));
        }
        assert_eq!(history.len(), HISTORY_MAX);
        assert_eq!(history[0], "q24");
        assert_eq!(history[HISTORY_MAX - 1], "q5");
    }

    #[test]
    fn utf16_cursors_become_byte_offsets() {
        assert_eq!(utf16_to_byte("up{job", 3), 3);
        // "é" is one UTF-16 unit and two bytes; "😀" is two units and four bytes.
        assert_eq!(utf16_to_byte("é{a", 2), 3);
        assert_eq!(utf16_to_byte("😀x", 2), 4);
        assert_eq!(utf16_to_byte("up", 99), 2);
        assert_eq!(utf16_to_byte("", 0), 0);
    }
}
