//! Collapsing repeated log lines, with Grafana's three strategies and a count per kept line.

use std::borrow::Cow;

/// How two consecutive lines are judged the same.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum DedupStrategy {
    #[default]
    None,
    /// Equal text, ignoring ISO 8601 timestamps inside the line.
    Exact,
    /// Equal once all digits are ignored.
    Numbers,
    /// Equal "shape": only the non-word characters (punctuation, whitespace) are compared.
    Signature,
}

impl DedupStrategy {
    /// Reads Grafana's `dedupStrategy` names.
    pub fn parse(text: &str) -> Option<DedupStrategy> {
        Some(match text {
            "none" => DedupStrategy::None,
            "exact" => DedupStrategy::Exact,
            "numbers" => DedupStrategy::Numbers,
            "signature" => DedupStrategy::Signature,
            _ => return None,
        })
    }

    pub fn as_str(self) -> &'static str {
        match self {
            DedupStrategy::None => "none",
            DedupStrategy::Exact => "exact",
            DedupStrategy::Numbers => "numbers",
            DedupStrategy::Signature => "signature",
        }
    }
}

/// The rows left after dedup and, for each, how many following duplicates it absorbed.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct DedupResult {
    pub rows: Vec<usize>,
    pub duplicates: Vec<u32>,
}

impl DedupResult {
    /// Total number of rows hidden as duplicates.
    pub fn hidden(&self) -> u64 {
        self.duplicates.iter().map(|&d| u64::from(d)).sum()
    }
}

/// Collapses runs of consecutive equal lines (as Grafana does: a duplicate must follow the
/// line it repeats). `lines` is in display order; the result indexes into it.
pub fn dedup_rows<S: AsRef<str>>(lines: &[S], strategy: DedupStrategy) -> DedupResult {
    let mut result = DedupResult::default();
    let mut previous_key: Option<Cow<'_, str>> = None;
    for (row, line) in lines.iter().enumerate() {
        let key = dedup_key(line.as_ref(), strategy);
        let is_duplicate = strategy != DedupStrategy::None && previous_key.as_ref() == Some(&key);
        if is_duplicate {
            if let Some(count) = result.duplicates.last_mut() {
                *count += 1;
            }
        } else {
            result.rows.push(row);
            result.duplicates.push(0);
            previous_key = Some(key);
        }
    }
    result
}

fn dedup_key(line: &str, strategy: DedupStrategy) -> Cow<'_, str> {
    match strategy {
        DedupStrategy::None => Cow::Borrowed(""),
        DedupStrategy::Exact => strip_iso_timestamps(line),
        DedupStrategy::Numbers => {
            Cow::Owned(line.chars().filter(|c| !c.is_ascii_digit()).collect())
        }
        DedupStrategy::Signature => Cow::Owned(
            line.chars()
                .filter(|c| !(c.is_ascii_alphanumeric() || *c == '_'))
                .collect(),
        ),
    }
}

/// Removes `YYYY-MM-DDTHH:MM:SS[.,]fraction(Z|±HH:MM)` occurrences (Grafana's `isoDateRegexp`),
/// so two lines differing only in an embedded timestamp count as exact duplicates.
fn strip_iso_timestamps(line: &str) -> Cow<'_, str> {
    let bytes = line.as_bytes();
    let mut out: Option<String> = None;
    let mut copied_up_to = 0;
    let mut i = 0;
    while i + 19 < bytes.len() {
        match iso_timestamp_len(&bytes[i..]) {
            Some(len) => {
                let out = out.get_or_insert_with(|| String::with_capacity(line.len()));
                out.push_str(&line[copied_up_to..i]);
                i += len;
                copied_up_to = i;
            }
            None => i += 1,
        }
    }
    match out {
        None => Cow::Borrowed(line),
        Some(mut out) => {
            out.push_str(&line[copied_up_to..]);
            Cow::Owned(out)
        }
    }
}

/// Length of an ISO timestamp with fraction and zone at the start of `b`, if there is one.
fn iso_timestamp_len(b: &[u8]) -> Option<usize> {
    let digit = |i: usize| b.get(i).is_some_and(u8::is_ascii_digit);
    let is = |i: usize, c: u8| b.get(i) == Some(&c);
    let shape = (0..4).all(digit)
        && is(4, b'-')
        && digit(5)
        && digit(6)
        && is(7, b'-')
        && digit(8)
        && digit(9)
        && is(10, b'T')
        && digit(11)
        && digit(12)
        && is(13, b':')
        && digit(14)
        && digit(15)
        && is(16, b':')
        && digit(17)
        && digit(18)
        && (is(19, b'.') || is(19, b','))
        && digit(20);
    if !shape {
        return None;
    }
    let mut end = 20;
    while digit(end) {
        end += 1;
    }
    if is(end, b'Z') {
        return Some(end + 1);
    }
    let zone = (is(end, b'+') || is(end, b'-'))
        && digit(end + 1)
        && digit(end + 2)
        && is(end + 3, b':')
        && digit(end + 4)
        && digit(end + 5);
    zone.then_some(end + 6)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn exact_ignores_embedded_iso_timestamps() {
        let lines = [
            "2024-01-01T10:00:00.123Z msg=hello",
            "2024-01-01T10:00:01.456Z msg=hello",
            "2024-01-01T10:00:02,7+02:00 msg=hello",
            "msg=other",
            "msg=hello",
        ];
        let result = dedup_rows(&lines, DedupStrategy::Exact);
        assert_eq!(result.rows, vec![0, 3, 4]);
        assert_eq!(result.duplicates, vec![2, 0, 0]);
        assert_eq!(result.hidden(), 2);
    }

    #[test]
    fn numbers_and_signature() {
        let lines = [
            "took 12ms id=7",
            "took 345ms id=9",
            "took abc id=q",
            "fetched x, y",
            "moved a, b",
        ];
        assert_eq!(
            dedup_rows(&lines, DedupStrategy::Numbers).rows,
            vec![0, 2, 3, 4]
        );
        let signature = dedup_rows(&lines, DedupStrategy::Signature);
        assert_eq!(signature.rows, vec![0, 3]);
        assert_eq!(signature.duplicates, vec![2, 1]);
    }

    #[test]
    fn none_keeps_everything_and_only_consecutive_lines_merge() {
        let lines = ["a", "a", "b", "a"];
        assert_eq!(
            dedup_rows(&lines, DedupStrategy::None).rows,
            vec![0, 1, 2, 3]
        );
        assert_eq!(dedup_rows(&lines, DedupStrategy::Exact).rows, vec![0, 2, 3]);
        assert_eq!(
            dedup_rows::<&str>(&[], DedupStrategy::Exact),
            DedupResult::default()
        );
        assert_eq!(
            DedupStrategy::parse("signature"),
            Some(DedupStrategy::Signature)
        );
    }

    #[test]
    fn non_ascii_lines_are_safe() {
        let lines = [
            "日本語 2024-01-01T10:00:00.1Z ü",
            "日本語 2024-01-01T11:00:00.1Z ü",
        ];
        assert_eq!(dedup_rows(&lines, DedupStrategy::Exact).rows, vec![0]);
    }
}
