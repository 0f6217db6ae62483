//! Columnar storage of log lines for the UI: parallel columns instead of one struct per row.
//!
//! A 5,000-line result is five flat vectors plus a small table of distinct streams, which the
//! virtualized list indexes by row number. Rows are kept sorted by the table's direction.

use std::collections::HashMap;

use crate::frame::Labels;

use super::level::{detect_level, LogLevel};
use super::query::Direction;
use super::response::LogStream;
use super::time::NsTime;

/// Marks a row without structured metadata or parsed labels.
const NO_EXTRA: u32 = u32::MAX;

/// The per-entry labels of the `categorize-labels` encoding.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct RowLabels {
    pub structured_metadata: Labels,
    pub parsed: Labels,
}

/// Log lines in columns, sorted newest-first (backward) or oldest-first (forward).
#[derive(Debug, Clone, Default)]
pub struct LogTable {
    direction: Direction,
    /// Distinct stream label sets; `stream` indexes into it.
    streams: Vec<Labels>,
    stream_ids: HashMap<Labels, u32>,
    ts: Vec<NsTime>,
    stream: Vec<u32>,
    line: Vec<String>,
    level: Vec<LogLevel>,
    extra: Vec<u32>,
    extras: Vec<RowLabels>,
}

impl LogTable {
    pub fn new(direction: Direction) -> Self {
        LogTable {
            direction,
            ..Self::default()
        }
    }

    /// A table holding every entry of `streams`, sorted by `direction`.
    pub fn from_streams(streams: Vec<LogStream>, direction: Direction) -> Self {
        let mut table = LogTable::new(direction);
        table.merge(streams);
        table
    }

    pub fn direction(&self) -> Direction {
        self.direction
    }

    pub fn len(&self) -> usize {
        self.ts.len()
    }

    pub fn is_empty(&self) -> bool {
        self.ts.is_empty()
    }

    pub fn timestamps(&self) -> &[NsTime] {
        &self.ts
    }

    pub fn lines(&self) -> &[String] {
        &self.line
    }

    pub fn levels(&self) -> &[LogLevel] {
        &self.level
    }

    pub fn stream_ids(&self) -> &[u32] {
        &self.stream
    }

    pub fn streams(&self) -> &[Labels] {
        &self.streams
    }

    /// Stream labels of a row (empty for an out-of-range row).
    pub fn stream_labels(&self, row: usize) -> &Labels {
        static EMPTY: Labels = Labels::new();
        self.stream
            .get(row)
            .and_then(|&id| self.streams.get(id as usize))
            .unwrap_or(&EMPTY)
    }

    /// Structured metadata and parsed labels of a row, if it had any.
    pub fn row_labels(&self, row: usize) -> Option<&RowLabels> {
        let index = *self.extra.get(row)?;
        if index == NO_EXTRA {
            return None;
        }
        self.extras.get(index as usize)
    }

    /// The stream labels that are indexed labels proper: with `categorize-labels`, Loki's
    /// stream object also repeats structured metadata and parsed labels, which are removed here.
    pub fn indexed_labels(&self, row: usize) -> Labels {
        let mut labels = self.stream_labels(row).clone();
        if let Some(extra) = self.row_labels(row) {
            labels.retain(|k, _| {
                !extra.structured_metadata.contains_key(k) && !extra.parsed.contains_key(k)
            });
        }
        labels
    }

    /// Switches between newest-first and oldest-first (a reversal: rows are already sorted).
    pub fn set_direction(&mut self, direction: Direction) {
        if direction != self.direction {
            self.direction = direction;
            let order: Vec<usize> = (0..self.len()).rev().collect();
            self.reorder(&order);
        }
    }

    /// Adds the entries of `streams` that are not already in the table and restores the sort
    /// order. Returns how many rows were added: 0 after a "load older" page means the end.
    ///
    /// A row already present (same timestamp, stream and line) is skipped; this is what removes
    /// the boundary lines a following page returns again (see [`Self::older_page_end`]).
    /// Identical lines inside one response are all kept: Loki sent them as separate entries.
    pub fn merge(&mut self, streams: Vec<LogStream>) -> usize {
        let existing = self.rows_by_key_in_range(&streams);
        let before = self.len();
        for stream in streams {
            let stream_id = self.intern_stream(stream.labels);
            for entry in stream.entries {
                let duplicate = existing
                    .get(&(entry.ts, stream_id))
                    .is_some_and(|rows| rows.iter().any(|&row| self.line[row] == entry.line));
                if duplicate {
                    continue;
                }
                let labels = &self.streams[stream_id as usize];
                let level = detect_level(labels, &entry.structured_metadata, &entry.line);
                let extra = if entry.structured_metadata.is_empty() && entry.parsed.is_empty() {
                    NO_EXTRA
                } else {
                    self.extras.push(RowLabels {
                        structured_metadata: entry.structured_metadata,
                        parsed: entry.parsed,
                    });
                    u32::try_from(self.extras.len() - 1).unwrap_or(NO_EXTRA)
                };
                self.ts.push(entry.ts);
                self.stream.push(stream_id);
                self.line.push(entry.line);
                self.level.push(level);
                self.extra.push(extra);
            }
        }
        let added = self.len() - before;
        if added > 0 {
            self.sort();
        }
        added
    }

    /// Existing rows whose timestamps fall inside the incoming entries' range, by
    /// (timestamp, stream); only those can be duplicates.
    fn rows_by_key_in_range(&self, streams: &[LogStream]) -> HashMap<(NsTime, u32), Vec<usize>> {
        let incoming = streams.iter().flat_map(|s| s.entries.iter().map(|e| e.ts));
        let (Some(min), Some(max)) = (incoming.clone().min(), incoming.max()) else {
            return HashMap::new();
        };
        let mut rows: HashMap<(NsTime, u32), Vec<usize>> = HashMap::new();
        for (row, &ts) in self.ts.iter().enumerate() {
            if ts >= min && ts <= max {
                rows.entry((ts, self.stream[row])).or_default().push(row);
            }
        }
        rows
    }

    fn intern_stream(&mut self, labels: Labels) -> u32 {
        if let Some(&id) = self.stream_ids.get(&labels) {
            return id;
        }
        let id = u32::try_from(self.streams.len()).unwrap_or(u32::MAX - 1);
        self.streams.push(labels.clone());
        self.stream_ids.insert(labels, id);
        id
    }

    /// Stable sort by timestamp in the table's direction (ties keep their arrival order).
    fn sort(&mut self) {
        let mut order: Vec<usize> = (0..self.len()).collect();
        let ts = &self.ts;
        match self.direction {
            Direction::Forward => crate::sort::sort_by_key(&mut order, |&i| ts[i]),
            Direction::Backward => {
                crate::sort::sort_by_key(&mut order, |&i| std::cmp::Reverse(ts[i]))
            }
        }
        if order
            .iter()
            .enumerate()
            .any(|(position, &row)| position != row)
        {
            self.reorder(&order);
        }
    }

    /// Rearranges every column so that new row `i` is old row `order[i]` (`order` is a
    /// permutation of a subset of rows; rows not in it are dropped).
    fn reorder(&mut self, order: &[usize]) {
        fn take<T: Default>(column: &mut [T], order: &[usize]) -> Vec<T> {
            order
                .iter()
                .map(|&i| std::mem::take(&mut column[i]))
                .collect()
        }
        self.ts = order.iter().map(|&i| self.ts[i]).collect();
        self.stream = order.iter().map(|&i| self.stream[i]).collect();
        self.level = order.iter().map(|&i| self.level[i]).collect();
        self.extra = order.iter().map(|&i| self.extra[i]).collect();
        self.line = take(&mut self.line, order);
    }

    pub fn oldest(&self) -> Option<NsTime> {
        match self.direction {
            Direction::Forward => self.ts.first().copied(),
            Direction::Backward => self.ts.last().copied(),
        }
    }

    pub fn newest(&self) -> Option<NsTime> {
        match self.direction {
            Direction::Forward => self.ts.last().copied(),
            Direction::Backward => self.ts.first().copied(),
        }
    }

    /// The `end` of the "load older" request. Loki's `end` is exclusive, so it is the oldest
    /// loaded timestamp plus one nanosecond: lines sharing that exact timestamp which did not
    /// fit in the last page come back, and [`Self::merge`] drops those already shown.
    pub fn older_page_end(&self) -> Option<NsTime> {
        self.oldest().map(|t| t.saturating_add(1))
    }

    /// The `start` of a "load newer" request (inclusive; duplicates are merged away).
    pub fn newer_page_start(&self) -> Option<NsTime> {
        self.newest()
    }

    /// Keeps at most `max_rows`, dropping the oldest: the bound on a live tail's memory.
    pub fn retain_newest(&mut self, max_rows: usize) {
        if self.len() <= max_rows {
            return;
        }
        let keep: Vec<usize> = match self.direction {
            Direction::Backward => (0..max_rows).collect(),
            Direction::Forward => (self.len() - max_rows..self.len()).collect(),
        };
        self.reorder(&keep);
        self.compact_extras();
    }

    /// Drops metadata no longer referenced by a row (after rows were dropped).
    fn compact_extras(&mut self) {
        let mut kept = Vec::new();
        for extra in &mut self.extra {
            if *extra != NO_EXTRA {
                let row_labels = std::mem::take(&mut self.extras[*extra as usize]);
                kept.push(row_labels);
                *extra = u32::try_from(kept.len() - 1).unwrap_or(NO_EXTRA);
            }
        }
        self.extras = kept;
    }

    pub fn clear(&mut self) {
        *self = LogTable::new(self.direction);
    }

    /// The rows as plain text, one line each: `<RFC 3339 time> <level> <line>`.
    pub fn export_text(&self, rows: &[usize]) -> String {
        let mut text = String::new();
        for &row in rows.iter().filter(|&&r| r < self.len()) {
            text.push_str(&self.ts[row].to_rfc3339());
            text.push(' ');
            text.push_str(self.level[row].as_str());
            text.push(' ');
            text.push_str(&self.line[row]);
            text.push('\n');
        }
        text
    }

    /// The rows as a JSON array of `{timestamp (ns string), time, level, line, labels}`.
    pub fn export_json(&self, rows: &[usize]) -> String {
        let items: Vec<serde_json::Value> = rows
            .iter()
            .filter(|&&r| r < self.len())
            .map(|&row| {
                let mut item = serde_json::json!({
                    "timestamp": self.ts[row].to_string(),
                    "time": self.ts[row].to_rfc3339(),
                    "level": self.level[row].as_str(),
                    "line": self.line[row],
                    "labels": self.stream_labels(row),
                });
                if let Some(extra) = self.row_labels(row) {
                    item["structuredMetadata"] = serde_json::json!(extra.structured_metadata);
                    item["parsed"] = serde_json::json!(extra.parsed);
                }
                item
            })
            .collect();
        serde_json::Value::Array(items).to_string()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::loki::response::LogEntry;

    fn stream(labels: &[(&str, &str)], entries: &[(i64, &str)]) -> LogStream {
        LogStream {
            labels: labels
                .iter()
                .map(|(k, v)| (k.to_string(), v.to_string()))
                .collect(),
            entries: entries
                .iter()
                .map(|(ts, line)| LogEntry {
                    ts: NsTime(*ts),
                    line: line.to_string(),
                    ..LogEntry::default()
                })
                .collect(),
        }
    }

    #[test]
    fn merges_streams_sorted_by_direction() {
        let streams = vec![
            stream(&[("app", "a")], &[(30, "a30"), (10, "a10 error")]),
            stream(&[("app", "b")], &[(20, "b20"), (40, "b40")]),
        ];
        let table = LogTable::from_streams(streams.clone(), Direction::Backward);
        assert_eq!(table.lines(), ["b40", "a30", "b20", "a10 error"]);
        assert_eq!(table.levels()[3], LogLevel::Error);
        assert_eq!(table.stream_labels(0)["app"], "b");
        assert_eq!(table.streams().len(), 2);
        let mut forward = LogTable::from_streams(streams, Direction::Forward);
        assert_eq!(forward.lines(), ["a10 error", "b20", "a30", "b40"]);
        forward.set_direction(Direction::Backward);
        assert_eq!(forward.lines(), ["b40", "a30", "b20", "a10 error"]);
    }

    #[test]
    fn load_older_paging_dedups_the_boundary() {
        // First page (limit 3, backward): the oldest line at ts 20 shares its ns with another
        // line that did not fit.
        let mut table = LogTable::from_streams(
            vec![stream(&[("app", "a")], &[(40, "x"), (30, "y"), (20, "z1")])],
            Direction::Backward,
        );
        assert_eq!(table.older_page_end(), Some(NsTime(21)));
        // The next page (end=21, exclusive) repeats z1 and brings z2 and older lines.
        let added = table.merge(vec![stream(
            &[("app", "a")],
            &[(20, "z1"), (20, "z2"), (10, "w")],
        )]);
        assert_eq!(added, 2);
        assert_eq!(table.lines(), ["x", "y", "z1", "z2", "w"]);
        // A page with nothing new signals the end.
        assert_eq!(table.merge(vec![stream(&[("app", "a")], &[(10, "w")])]), 0);
        assert_eq!(table.newer_page_start(), Some(NsTime(40)));
    }

    #[test]
    fn identical_lines_in_one_response_are_kept() {
        let table = LogTable::from_streams(
            vec![stream(&[], &[(5, "same"), (5, "same")])],
            Direction::Backward,
        );
        assert_eq!(table.len(), 2);
    }

    #[test]
    fn tail_bound_keeps_newest_and_metadata() {
        let mut entries = stream(&[("app", "a")], &[(1, "one"), (2, "two"), (3, "three")]);
        entries.entries[2]
            .structured_metadata
            .insert("trace_id".into(), "t3".into());
        entries.entries[0].parsed.insert("k".into(), "v".into());
        let mut table = LogTable::from_streams(vec![entries], Direction::Forward);
        table.retain_newest(2);
        assert_eq!(table.lines(), ["two", "three"]);
        assert_eq!(
            table.row_labels(1).unwrap().structured_metadata["trace_id"],
            "t3"
        );
        assert!(table.row_labels(0).is_none());
        let mut backward = table.clone();
        backward.set_direction(Direction::Backward);
        backward.retain_newest(1);
        assert_eq!(backward.lines(), ["three"]);
        table.clear();
        assert!(table.is_empty());
        assert_eq!(table.older_page_end(), None);
    }

    #[test]
    fn categorized_labels_split_out_of_the_stream() {
        let mut s = stream(
            &[("app", "a"), ("trace_id", "t"), ("msg", "m")],
            &[(1, "x")],
        );
        s.entries[0]
            .structured_metadata
            .insert("trace_id".into(), "t".into());
        s.entries[0].parsed.insert("msg".into(), "m".into());
        let table = LogTable::from_streams(vec![s], Direction::Backward);
        let indexed = table.indexed_labels(0);
        assert_eq!(indexed.keys().collect::<Vec<_>>(), ["app"]);
        assert!(table.stream_labels(99).is_empty());
    }

    #[test]
    fn exports_text_and_json() {
        let table = LogTable::from_streams(
            vec![stream(
                &[("app", "a")],
                &[(1_569_266_497_240_578_000, "<b>hi</b> \u{1b}[31m")],
            )],
            Direction::Backward,
        );
        assert_eq!(
            table.export_text(&[0, 7]),
            "2019-09-23T19:21:37.240578Z unknown <b>hi</b> \u{1b}[31m\n"
        );
        let json: serde_json::Value = serde_json::from_str(&table.export_json(&[0])).unwrap();
        assert_eq!(json[0]["timestamp"], "1569266497240578000");
        assert_eq!(json[0]["labels"]["app"], "a");
    }
}
