//! LogQL text helpers for the logs UI: reading out the stream selector and line filters (for
//! highlighting), and editing the query for "filter for / filter out".
//!
//! A light scanner, not a LogQL parser: it understands string literals (`"..."` with escapes
//! and raw `` `...` ``), braces and the filter operators, which is all these edits need.

use regex_lite::Regex;

use crate::frame::Labels;

/// A line filter's operator.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum LineFilterOp {
    /// `|=`
    Contains,
    /// `!=`
    NotContains,
    /// `|~`
    Regex,
    /// `!~`
    NotRegex,
}

impl LineFilterOp {
    pub fn is_negative(self) -> bool {
        matches!(self, LineFilterOp::NotContains | LineFilterOp::NotRegex)
    }
}

/// One line filter with its (unescaped) value.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LineFilter {
    pub op: LineFilterOp,
    pub value: String,
}

/// What [`parse_log_query`] reads out of a query.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct LogQueryParts {
    /// The first stream selector, braces included (`{app="x"}`).
    pub selector: Option<String>,
    pub line_filters: Vec<LineFilter>,
}

/// Label filter operator for "filter for" (`=`) and "filter out" (`!=`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum FilterOp {
    Equal,
    NotEqual,
}

impl FilterOp {
    fn as_str(self) -> &'static str {
        match self {
            FilterOp::Equal => "=",
            FilterOp::NotEqual => "!=",
        }
    }

    fn opposite(self) -> FilterOp {
        match self {
            FilterOp::Equal => FilterOp::NotEqual,
            FilterOp::NotEqual => FilterOp::Equal,
        }
    }
}

/// Token classes the scanner needs to tell `!=` as a line filter (after a selector or another
/// line filter) from `!=` in a label filter (after a label name).
#[derive(Clone, Copy, PartialEq, Eq)]
enum Previous {
    Nothing,
    SelectorEnd,
    LineFilterValue,
    Word,
    Other,
}

/// Reads the stream selector and the line filters of a log (or metric) query.
pub fn parse_log_query(query: &str) -> LogQueryParts {
    let mut parts = LogQueryParts::default();
    let bytes = query.as_bytes();
    let mut previous = Previous::Nothing;
    let mut pending: Option<LineFilterOp> = None;
    let mut last_op: Option<LineFilterOp> = None;
    let mut i = 0;
    while i < bytes.len() {
        let c = bytes[i];
        match c {
            b' ' | b'\t' | b'\n' | b'\r' => i += 1,
            b'"' | b'`' => {
                let (value, next) = read_string(query, i);
                i = next;
                match pending.take() {
                    Some(op) => {
                        parts.line_filters.push(LineFilter { op, value });
                        last_op = Some(op);
                        previous = Previous::LineFilterValue;
                    }
                    None => previous = Previous::Other,
                }
            }
            b'{' if parts.selector.is_none() => {
                let end = matching_brace(query, i);
                parts.selector = Some(query[i..end].to_string());
                i = end;
                previous = Previous::SelectorEnd;
            }
            b'|' | b'!' if matches!(bytes.get(i + 1), Some(b'=') | Some(b'~')) => {
                let op = match (c, bytes[i + 1]) {
                    (b'|', b'=') => LineFilterOp::Contains,
                    (b'|', _) => LineFilterOp::Regex,
                    (_, b'=') => LineFilterOp::NotContains,
                    _ => LineFilterOp::NotRegex,
                };
                let is_line_filter = c == b'|'
                    || matches!(previous, Previous::SelectorEnd | Previous::LineFilterValue);
                pending = is_line_filter.then_some(op);
                previous = Previous::Other;
                i += 2;
            }
            c if c.is_ascii_alphanumeric() || c == b'_' => {
                let start = i;
                while i < bytes.len() && (bytes[i].is_ascii_alphanumeric() || bytes[i] == b'_') {
                    i += 1;
                }
                // `|= "a" or "b"`: the next string is another filter with the same operator.
                if &query[start..i] == "or" && previous == Previous::LineFilterValue {
                    pending = last_op;
                } else {
                    previous = Previous::Word;
                    pending = None;
                }
            }
            _ => {
                previous = Previous::Other;
                pending = None;
                i += query[i..].chars().next().map_or(1, char::len_utf8);
            }
        }
    }
    parts
}

/// Reads a string literal starting at `start` (on its quote); returns its value and the
/// index after the closing quote (or the end of the text if unterminated).
fn read_string(text: &str, start: usize) -> (String, usize) {
    let quote = text.as_bytes()[start] as char;
    let mut value = String::new();
    let mut chars = text[start + 1..].char_indices();
    while let Some((offset, c)) = chars.next() {
        if c == quote {
            return (value, start + 1 + offset + 1);
        }
        if c == '\\' && quote == '"' {
            match chars.next() {
                Some((_, 'n')) => value.push('\n'),
                Some((_, 't')) => value.push('\t'),
                Some((_, 'r')) => value.push('\r'),
                Some((_, other)) => value.push(other),
                None => value.push('\\'),
            }
        } else {
            value.push(c);
        }
    }
    (value, text.len())
}

/// Index just past the `}` matching the `{` at `start`, skipping string literals.
fn matching_brace(text: &str, start: usize) -> usize {
    let bytes = text.as_bytes();
    let mut depth = 0usize;
    let mut i = start;
    while i < bytes.len() {
        match bytes[i] {
            b'"' | b'`' => {
                i = read_string(text, i).1;
                continue;
            }
            b'{' => depth += 1,
            b'}' => {
                depth = depth.saturating_sub(1);
                if depth == 0 {
                    return i + 1;
                }
            }
            _ => {}
        }
        i += 1;
    }
    text.len()
}

/// Escapes a value for a double-quoted LogQL string.
pub fn quote_logql(value: &str) -> String {
    let mut out = String::with_capacity(value.len() + 2);
    out.push('"');
    for c in value.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            '\n' => out.push_str("\\n"),
            '\r' => out.push_str("\\r"),
            '\t' => out.push_str("\\t"),
            c => out.push(c),
        }
    }
    out.push('"');
    out
}

/// True for a log query (a selector plus pipeline), false for a metric query.
pub fn is_log_query(query: &str) -> bool {
    query.trim_start().starts_with('{')
}

/// Adds a label filter stage (`| key="value"` or `| key!="value"`) to the log expression of a
/// query: at the end of a log query, or just before the range (`[5m]`) of a metric query.
/// The same stage is not added twice; the opposite stage is replaced (filter out, then for).
pub fn add_label_filter(query: &str, key: &str, value: &str, op: FilterOp) -> String {
    let stage = format!("| {key}{}{}", op.as_str(), quote_logql(value));
    let opposite = format!("| {key}{}{}", op.opposite().as_str(), quote_logql(value));
    if query.contains(&stage) {
        return query.to_string();
    }
    if query.contains(&opposite) {
        return query.replacen(&opposite, &stage, 1);
    }
    insert_stage(query, &stage)
}

/// Adds a parser stage (`| json`, `| logfmt`) unless the query already has a parser.
pub fn add_parser_stage(query: &str, parser: &str) -> String {
    const PARSERS: [&str; 5] = ["json", "logfmt", "regexp", "pattern", "unpack"];
    let has_parser = query.split('|').skip(1).any(|stage| {
        PARSERS
            .iter()
            .any(|p| stage.split_whitespace().next() == Some(p))
    });
    if has_parser {
        query.to_string()
    } else {
        insert_stage(query, &format!("| {parser}"))
    }
}

fn insert_stage(query: &str, stage: &str) -> String {
    let trimmed = query.trim_end();
    if let Some(range_start) = range_after_selector(trimmed) {
        let head = trimmed[..range_start].trim_end();
        return format!("{head} {stage} {}", &trimmed[range_start..]);
    }
    if trimmed.is_empty() {
        return stage.to_string();
    }
    format!("{trimmed} {stage}")
}

/// Position of the `[` of a range vector following the first selector, outside strings.
fn range_after_selector(query: &str) -> Option<usize> {
    let bytes = query.as_bytes();
    let mut after_selector = false;
    let mut i = 0;
    while i < bytes.len() {
        match bytes[i] {
            b'"' | b'`' => {
                i = read_string(query, i).1;
                continue;
            }
            b'{' if !after_selector => {
                i = matching_brace(query, i);
                after_selector = true;
                continue;
            }
            b'[' if after_selector => return Some(i),
            b')' if after_selector => return None,
            _ => {}
        }
        i += 1;
    }
    None
}

/// The log volume query for the histogram above the lines, or `None` for a metric query.
/// `interval` is the range (`1m`, or `$__interval` where variables are interpolated later).
///
/// Grouped by `level` (a stream label) and `detected_level` (the structured metadata Loki 3
/// adds to every entry), so streams without a `level` label still stack by severity. When the
/// query has a pipeline stage that can fail on a line (a parser, a label filter, a format),
/// `| drop __error__, __error_details__` is appended: Loki refuses a metric query over lines
/// that still carry `__error__` (`pipeline error: 'JSONParserErr' ...`) while the same log
/// query returns those lines, so without it the histogram fails where the lines load.
pub fn logs_volume_query(log_query: &str, interval: &str) -> Option<String> {
    if !is_log_query(log_query) {
        return None;
    }
    let query = log_query.trim();
    let drop = if has_fallible_stage(query) {
        " | drop __error__, __error_details__"
    } else {
        ""
    };
    // After a `# comment` the range must start on a new line, or it would be commented out.
    let gap = if query.contains('#') { "\n" } else { " " };
    Some(format!(
        "sum by (level, detected_level) (count_over_time({query}{drop}{gap}[{interval}]))"
    ))
}

/// True when the log query has a pipeline stage other than line filters (`|=`, `|~`, `!=`,
/// `!~`): parsers, label filters and formats are where Loki sets `__error__`.
pub fn has_fallible_stage(query: &str) -> bool {
    let bytes = query.as_bytes();
    let mut after_selector = false;
    let mut i = 0;
    while i < bytes.len() {
        match bytes[i] {
            b'"' | b'`' => {
                i = read_string(query, i).1;
                continue;
            }
            b'{' if !after_selector => {
                i = matching_brace(query, i);
                after_selector = true;
                continue;
            }
            b'#' => {
                // A comment runs to the end of its line.
                while i < bytes.len() && bytes[i] != b'\n' {
                    i += 1;
                }
                continue;
            }
            b'|' if after_selector && !matches!(bytes.get(i + 1), Some(b'=') | Some(b'~')) => {
                return true;
            }
            _ => {}
        }
        i += 1;
    }
    false
}

/// The "logs for this trace" query: the given stream selector filtered on the trace id. An
/// empty selector becomes `{service_name=~".+"}` (Loki refuses an empty one).
pub fn logs_for_trace_query(selector: &str, trace_id: &str) -> String {
    let selector = if selector.trim().is_empty() {
        r#"{service_name=~".+"}"#
    } else {
        selector.trim()
    };
    format!("{selector} |= {}", quote_logql(trace_id))
}

/// A selector matching exactly one stream (for "show context").
pub fn stream_selector(labels: &Labels) -> String {
    let matchers: Vec<String> = labels
        .iter()
        .map(|(k, v)| format!("{k}={}", quote_logql(v)))
        .collect();
    format!("{{{}}}", matchers.join(", "))
}

/// Byte ranges of `line` matched by the positive line filters, sorted and merged, for
/// highlighting. Invalid regexes are ignored (Loki would have rejected the query anyway).
pub fn highlight_ranges(line: &str, filters: &[LineFilter]) -> Vec<(usize, usize)> {
    let mut ranges = Vec::new();
    for filter in filters
        .iter()
        .filter(|f| !f.op.is_negative() && !f.value.is_empty())
    {
        match filter.op {
            LineFilterOp::Contains => {
                ranges.extend(
                    line.match_indices(&filter.value)
                        .map(|(i, m)| (i, i + m.len())),
                );
            }
            _ => {
                if let Ok(regex) = Regex::new(&filter.value) {
                    ranges.extend(
                        regex
                            .find_iter(line)
                            .filter(|m| !m.is_empty())
                            .map(|m| (m.start(), m.end())),
                    );
                }
            }
        }
    }
    crate::sort::sort(&mut ranges);
    let mut merged: Vec<(usize, usize)> = Vec::with_capacity(ranges.len());
    for (start, end) in ranges {
        match merged.last_mut() {
            Some(last) if start <= last.1 => last.1 = last.1.max(end),
            _ => merged.push((start, end)),
        }
    }
    merged
}

#[cfg(test)]
mod tests {
    use super::*;

    fn filter(op: LineFilterOp, value: &str) -> LineFilter {
        LineFilter {
            op,
            value: value.to_string(),
        }
    }

    #[test]
    fn reads_selector_and_line_filters() {
        let parts = parse_log_query(
            r#"{app="mesh", msg=~"a|b}"} |= "round" != `raw \d` |~ "(?i)err" | json | status != "500" !~ "x""#,
        );
        assert_eq!(
            parts.selector.as_deref(),
            Some(r#"{app="mesh", msg=~"a|b}"}"#)
        );
        assert_eq!(
            parts.line_filters,
            vec![
                filter(LineFilterOp::Contains, "round"),
                filter(LineFilterOp::NotContains, r"raw \d"),
                filter(LineFilterOp::Regex, "(?i)err"),
            ]
        );
    }

    #[test]
    fn or_chains_escapes_and_metric_queries() {
        let parts = parse_log_query(r#"sum(count_over_time({a="b"} |= "x" or "y \"q\"" [5m]))"#);
        assert_eq!(parts.selector.as_deref(), Some(r#"{a="b"}"#));
        assert_eq!(
            parts.line_filters,
            vec![
                filter(LineFilterOp::Contains, "x"),
                filter(LineFilterOp::Contains, "y \"q\"")
            ]
        );
        assert_eq!(parse_log_query(""), LogQueryParts::default());
        assert_eq!(
            parse_log_query(r#"{a="unterminated"#).selector.as_deref(),
            Some(r#"{a="unterminated"#)
        );
    }

    #[test]
    fn filter_for_and_out() {
        let q = r#"{app="mesh"} |= "round""#;
        let for_q = add_label_filter(q, "level", "error", FilterOp::Equal);
        assert_eq!(for_q, r#"{app="mesh"} |= "round" | level="error""#);
        assert_eq!(
            add_label_filter(&for_q, "level", "error", FilterOp::Equal),
            for_q
        );
        let out_q = add_label_filter(&for_q, "level", "error", FilterOp::NotEqual);
        assert_eq!(out_q, r#"{app="mesh"} |= "round" | level!="error""#);
        assert_eq!(
            add_label_filter(
                r#"rate({a="b"} | json [5m])"#,
                "msg",
                "say \"hi\"",
                FilterOp::Equal
            ),
            r#"rate({a="b"} | json | msg="say \"hi\"" [5m])"#
        );
        assert_eq!(
            add_label_filter("", "a", "b", FilterOp::Equal),
            r#"| a="b""#
        );
    }

    #[test]
    fn parser_stage_is_added_once() {
        assert_eq!(add_parser_stage(r#"{a="b"}"#, "json"), r#"{a="b"} | json"#);
        assert_eq!(
            add_parser_stage(r#"{a="b"} | logfmt"#, "json"),
            r#"{a="b"} | logfmt"#
        );
        assert_eq!(
            add_parser_stage(r#"count_over_time({a="b"}[1m])"#, "logfmt"),
            r#"count_over_time({a="b"} | logfmt [1m])"#
        );
    }

    #[test]
    fn volume_and_trace_queries() {
        assert_eq!(
            logs_volume_query(r#" {app="mesh"} |= "x" or "y" != `z` "#, "$__interval").as_deref(),
            Some(
                r#"sum by (level, detected_level) (count_over_time({app="mesh"} |= "x" or "y" != `z` [$__interval]))"#
            ),
            "line filters cannot fail: nothing to drop"
        );
        // Issue 16: real Loki answers `pipeline error: 'JSONParserErr'` to a metric query over
        // lines a parser could not read, unless the error labels are dropped.
        assert_eq!(
            logs_volume_query(r#"{app="mesh"} | json | status >= 500"#, "30s").as_deref(),
            Some(
                r#"sum by (level, detected_level) (count_over_time({app="mesh"} | json | status >= 500 | drop __error__, __error_details__ [30s]))"#
            )
        );
        for fallible in [
            r#"{a="b"} |= "x" | logfmt"#,
            r#"{a="b"} | pattern "<ip> <_>""#,
            r#"{a="b"} | line_format "{{.msg}}""#,
            r#"{a="b"}|json"#,
        ] {
            assert!(has_fallible_stage(fallible), "{fallible}");
        }
        for plain in [
            r#"{a="b|json"}"#,
            r#"{a="b"} |= "| json" !~ "x|y""#,
            "{a=\"b\"} # | json\n|= \"x\"",
        ] {
            assert!(!has_fallible_stage(plain), "{plain}");
        }
        assert_eq!(
            logs_volume_query("{a=\"b\"} # note", "1m").as_deref(),
            Some("sum by (level, detected_level) (count_over_time({a=\"b\"} # note\n[1m]))")
        );
        assert_eq!(logs_volume_query("rate({a=\"b\"}[1m])", "1m"), None);
        assert_eq!(
            logs_for_trace_query(r#"{app="mesh"}"#, "abc123"),
            r#"{app="mesh"} |= "abc123""#
        );
        assert_eq!(
            logs_for_trace_query("", "abc"),
            r#"{service_name=~".+"} |= "abc""#
        );
        let labels: Labels = [
            ("a".to_string(), "x\"y".to_string()),
            ("b".to_string(), "2".to_string()),
        ]
        .into();
        assert_eq!(stream_selector(&labels), r#"{a="x\"y", b="2"}"#);
    }

    #[test]
    fn highlights_merge_and_skip_negatives() {
        let filters = vec![
            filter(LineFilterOp::Contains, "round"),
            filter(LineFilterOp::Regex, "r[a-z]+d 4"),
            filter(LineFilterOp::NotContains, "late"),
            filter(LineFilterOp::Regex, "(unclosed"),
            filter(LineFilterOp::Regex, "x*"),
        ];
        assert_eq!(
            highlight_ranges("round 42 late round", &filters),
            vec![(0, 7), (14, 19)]
        );
        assert!(highlight_ranges("nothing", &filters).is_empty());
    }
}
