//! Paging through a run's lines: the first page is the newest `limit` lines of the range;
//! "Load older lines" asks for the page that ends where the oldest shown line is, merges it
//! into the table (dropping the boundary lines it repeats), and is offered again only while
//! pages come back full and add something. Tail batches merge the same way, bounded to
//! [`MAX_LINES`].

use super::run::{RunSpec, MAX_LINES};
use crate::loki::query::RangeQuery;
use crate::loki::{Direction, LogStream, LogTable, NsTime};

/// Lines in a batch of streams.
pub fn count_lines(streams: &[LogStream]) -> usize {
    streams.iter().map(|s| s.entries.len()).sum()
}

/// A request for the page of lines older than those shown. `click` tells two clicks apart, so
/// asking again after a failure is a new request.
#[derive(Debug, Clone, PartialEq)]
pub struct OlderPage {
    pub click: u64,
    pub query: RangeQuery,
}

/// The page before the table's oldest line, within the run's range; `None` with no lines.
pub fn older_page(spec: &RunSpec, table: &LogTable, limit: u32, click: u64) -> Option<OlderPage> {
    let end = table.older_page_end()?;
    Some(OlderPage {
        click,
        query: RangeQuery {
            query: spec.query.clone(),
            start: NsTime::from_millis(spec.start_ms),
            end,
            limit: Some(limit),
            direction: Direction::Backward,
            step_seconds: None,
            interval_seconds: None,
        },
    })
}

/// Whether older lines may exist after the first page: it came back full.
pub fn more_after_first(received: usize, limit: u32) -> bool {
    received >= limit as usize
}

/// Merges an older page into the table; returns whether yet older lines may exist (the page
/// was full and added lines: a page of repeats means the start of the range was reached).
pub fn merge_older(table: &mut LogTable, streams: Vec<LogStream>, limit: u32) -> bool {
    let received = count_lines(&streams);
    let added = table.merge(streams);
    received >= limit as usize && added > 0
}

/// Merges live tail lines, keeping the newest [`MAX_LINES`].
pub fn merge_tail(table: &mut LogTable, streams: Vec<LogStream>) {
    table.merge(streams);
    table.retain_newest(MAX_LINES);
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::loki::LogEntry;

    fn stream(times: impl IntoIterator<Item = i64>) -> Vec<LogStream> {
        let entries = times
            .into_iter()
            .map(|t| LogEntry {
                ts: NsTime(t),
                line: format!("line {t}"),
                ..LogEntry::default()
            })
            .collect();
        vec![LogStream {
            labels: Default::default(),
            entries,
        }]
    }

    fn spec() -> RunSpec {
        RunSpec {
            query: "{job=\"a\"}".into(),
            start_ms: 1,
            end_ms: 2,
            seq: 1,
        }
    }

    #[test]
    fn older_page_ends_just_after_the_oldest_line() {
        let empty = LogTable::new(Direction::Backward);
        assert!(older_page(&spec(), &empty, 10, 1).is_none());
        let table = LogTable::from_streams(stream([500, 400, 300]), Direction::Backward);
        let page = older_page(&spec(), &table, 10, 3).expect("a page");
        // Loki's end is exclusive: lines at the oldest timestamp come back and merge away.
        assert_eq!(page.query.end, NsTime(301));
        assert_eq!(page.query.start, NsTime::from_millis(1));
        assert_eq!((page.query.limit, page.click), (Some(10), 3));
        assert_eq!(page.query.direction, Direction::Backward);
    }

    #[test]
    fn older_pages_stop_when_short_or_repeating() {
        assert!(more_after_first(10, 10));
        assert!(!more_after_first(9, 10));
        let mut table = LogTable::from_streams(stream([500, 400, 300]), Direction::Backward);
        assert!(merge_older(&mut table, stream([300, 200, 100]), 3));
        assert_eq!(table.len(), 5);
        // Full page but only repeats: nothing older.
        assert!(!merge_older(&mut table, stream([300, 200, 100]), 3));
        // Short page: the start of the range.
        assert!(!merge_older(&mut table, stream([50]), 3));
        assert_eq!(table.len(), 6);
    }

    #[test]
    fn tail_keeps_the_newest_lines() {
        let mut table = LogTable::from_streams(stream(0..MAX_LINES as i64), Direction::Backward);
        merge_tail(&mut table, stream([1_000_000, 1_000_001]));
        assert_eq!(table.len(), MAX_LINES);
        assert_eq!(table.newest(), Some(NsTime(1_000_001)));
        assert_eq!(table.oldest(), Some(NsTime(2)));
        assert_eq!(count_lines(&stream([1, 2, 3])), 3);
    }
}
