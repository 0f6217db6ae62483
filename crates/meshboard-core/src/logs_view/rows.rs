//! The rows the list shows: which table rows survive the chosen deduplication, the count in
//! the toolbar, each row's time, and the selected row (a copy that outlives the table changing
//! under it, and clicking it again closes it).

use std::hash::{Hash, Hasher};

use crate::frame::Labels;
use crate::loki::{dedup_rows, DedupResult, DedupStrategy, LogLevel, LogTable, NsTime};
use crate::time_range::format_local;

/// Every row in table order, none hidden (the list without deduplication).
pub fn all_rows(len: usize) -> DedupResult {
    DedupResult {
        rows: (0..len).collect(),
        duplicates: vec![0; len],
    }
}

/// The rows to show under `strategy`.
pub fn shown_rows(table: &LogTable, strategy: DedupStrategy) -> DedupResult {
    match strategy {
        DedupStrategy::None => all_rows(table.len()),
        _ => dedup_rows(table.lines(), strategy),
    }
}

/// The toolbar's count: lines loaded, and how many deduplication hides.
pub fn count_text(loaded: usize, hidden: u64) -> String {
    if hidden > 0 {
        format!("{loaded} lines ({hidden} duplicates hidden)")
    } else {
        format!("{loaded} lines")
    }
}

/// `YYYY-MM-DD HH:MM:SS.mmm` in the viewer's zone.
pub fn format_row_time(ts: NsTime, utc_offset_min: i32) -> String {
    let ms = ts.as_millis();
    format!(
        "{}.{:03}",
        format_local(ms, utc_offset_min),
        ms.rem_euclid(1000)
    )
}

/// A cheap identity for a line (to mark the selected row without keeping its index).
pub fn line_hash(line: &str) -> u64 {
    let mut hasher = std::collections::hash_map::DefaultHasher::new();
    line.hash(&mut hasher);
    hasher.finish()
}

/// A copy of one row, so the details survive the table changing under them (live tail).
#[derive(Debug, Clone, PartialEq)]
pub struct RowSnapshot {
    pub ts: NsTime,
    pub line: String,
    pub line_hash: u64,
    pub level: LogLevel,
    pub labels: Labels,
    pub structured_metadata: Labels,
    pub parsed: Labels,
}

impl RowSnapshot {
    pub fn of(table: &LogTable, row: usize) -> Option<RowSnapshot> {
        let line = table.lines().get(row)?.clone();
        let extra = table.row_labels(row).cloned().unwrap_or_default();
        Some(RowSnapshot {
            ts: table.timestamps()[row],
            line_hash: line_hash(&line),
            line,
            level: table.levels()[row],
            labels: table.indexed_labels(row),
            structured_metadata: extra.structured_metadata,
            parsed: extra.parsed,
        })
    }

    pub fn same_row(&self, other: &RowSnapshot) -> bool {
        self.ts == other.ts && self.line_hash == other.line_hash && self.labels == other.labels
    }

    /// What the list marks as selected: the time and the line's hash.
    pub fn mark(&self) -> (NsTime, u64) {
        (self.ts, self.line_hash)
    }
}

/// The selection after a click on `clicked`: clicking the selected row again closes it.
pub fn toggle_selection(
    current: Option<RowSnapshot>,
    clicked: Option<RowSnapshot>,
) -> Option<RowSnapshot> {
    match (current, clicked) {
        (Some(old), Some(new)) if old.same_row(&new) => None,
        (_, new) => new,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::loki::{Direction, LogEntry, LogStream};

    fn table(lines: &[&str]) -> LogTable {
        let entries = lines
            .iter()
            .enumerate()
            .map(|(i, line)| LogEntry {
                ts: NsTime(1_000_000 * (i as i64 + 1)),
                line: (*line).to_string(),
                ..LogEntry::default()
            })
            .collect();
        let labels = Labels::from([("job".to_string(), "a".to_string())]);
        LogTable::from_streams(vec![LogStream { labels, entries }], Direction::Forward)
    }

    #[test]
    fn dedup_choice_and_count() {
        let t = table(&["same", "same", "other"]);
        let none = shown_rows(&t, DedupStrategy::None);
        assert_eq!((none.hidden(), none.rows), (0, vec![0, 1, 2]));
        let exact = shown_rows(&t, DedupStrategy::Exact);
        assert_eq!(exact.hidden(), 1);
        assert_eq!(
            count_text(3, exact.hidden()),
            "3 lines (1 duplicates hidden)"
        );
        assert_eq!(count_text(3, 0), "3 lines");
        assert_eq!(
            all_rows(0),
            DedupResult {
                rows: vec![],
                duplicates: vec![]
            }
        );
    }

    #[test]
    fn row_time_has_milliseconds_in_the_viewers_zone() {
        let ts = NsTime::from_millis(1_700_000_000_123);
        assert_eq!(format_row_time(ts, 0), "2023-11-14 22:13:20.123");
        assert_eq!(format_row_time(ts, 60), "2023-11-14 23:13:20.123");
    }

    #[test]
    fn clicking_the_selected_row_closes_it() {
        let t = table(&["a", "b"]);
        let first = RowSnapshot::of(&t, 0);
        assert_eq!(first.as_ref().map(|r| r.labels["job"].as_str()), Some("a"));
        assert!(RowSnapshot::of(&t, 9).is_none());
        let selected = toggle_selection(None, first.clone());
        assert_eq!(selected, first);
        assert_eq!(toggle_selection(selected.clone(), first.clone()), None);
        let second = RowSnapshot::of(&t, 1);
        assert_eq!(toggle_selection(selected, second.clone()), second);
        let mark = second.map(|r| r.mark());
        assert_eq!(mark, Some((NsTime(2_000_000), line_hash("b"))));
    }
}
