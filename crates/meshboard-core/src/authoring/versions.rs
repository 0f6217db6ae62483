//! The versions view as data: the kept versions as rows (number, when, message, which is
//! current), the pair chosen for a diff put oldest first, and a diff's hunks as the text rows
//! the view draws (`@@` headers, then ` `, `-` or `+` lines with both line numbers).

use super::diff::{Hunk, LineKind};
use super::store::VersionMeta;
use crate::transform::view::format_time;

/// One line of the versions list.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct VersionRow {
    pub version: u64,
    /// `YYYY-MM-DD HH:mm:ss` in the viewer's offset.
    pub saved_at: String,
    /// The save's message, or what the save was when none was written.
    pub message: String,
    /// The version the dashboard is at now (the newest).
    pub current: bool,
}

/// The kept versions, newest first as [`super::DashboardStore::versions`] gives them, as
/// rows; `offset_min` is the viewer's offset from UTC.
pub fn version_rows(versions: &[VersionMeta], offset_min: i32) -> Vec<VersionRow> {
    let newest = versions.iter().map(|v| v.version).max();
    versions
        .iter()
        .map(|v| VersionRow {
            version: v.version,
            saved_at: format_time(v.saved_at_ms as f64, offset_min),
            message: if v.message.trim().is_empty() {
                if v.version == 1 {
                    "First save".to_string()
                } else {
                    "Saved".to_string()
                }
            } else {
                v.message.clone()
            },
            current: Some(v.version) == newest,
        })
        .collect()
}

/// Two chosen versions as (older, newer), whatever order they were picked in.
pub fn ordered_pair(a: u64, b: u64) -> (u64, u64) {
    (a.min(b), a.max(b))
}

/// What a drawn diff row is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum RowKind {
    Header,
    Same,
    Removed,
    Added,
}

/// One drawn row of a diff.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DiffRow {
    pub kind: RowKind,
    /// `@@`, ` `, `-` or `+`: the row reads as a unified diff without colour.
    pub marker: &'static str,
    pub old_line: Option<usize>,
    pub new_line: Option<usize>,
    pub text: String,
}

/// The hunks of [`super::diff_versions`] as rows to draw, each hunk after its header.
pub fn diff_rows(hunks: &[Hunk]) -> Vec<DiffRow> {
    let mut rows = Vec::new();
    for hunk in hunks {
        rows.push(DiffRow {
            kind: RowKind::Header,
            marker: "@@",
            old_line: None,
            new_line: None,
            text: hunk.header(),
        });
        rows.extend(hunk.lines.iter().map(|line| {
            let (kind, marker) = match line.kind {
                LineKind::Same => (RowKind::Same, " "),
                LineKind::Removed => (RowKind::Removed, "-"),
                LineKind::Added => (RowKind::Added, "+"),
            };
            DiffRow {
                kind,
                marker,
                old_line: line.old_line,
                new_line: line.new_line,
                text: line.text.clone(),
            }
        }));
    }
    rows
}

/// Lines added and removed in a diff, for its summary ("3 lines added, 1 removed").
pub fn diff_counts(hunks: &[Hunk]) -> (usize, usize) {
    hunks
        .iter()
        .flat_map(|h| &h.lines)
        .fold((0, 0), |(added, removed), line| match line.kind {
            LineKind::Added => (added + 1, removed),
            LineKind::Removed => (added, removed + 1),
            LineKind::Same => (added, removed),
        })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::authoring::diff_versions;

    fn meta(version: u64, message: &str) -> VersionMeta {
        VersionMeta {
            version,
            saved_at_ms: 1_765_100_000_000 + version * 60_000,
            title: "T".into(),
            message: message.into(),
        }
    }

    #[test]
    fn rows_say_when_and_which_is_current() {
        let rows = version_rows(
            &[meta(3, "Restored from version 1"), meta(2, ""), meta(1, "")],
            60,
        );
        assert_eq!(rows[0].version, 3);
        assert!(rows[0].current && !rows[1].current && !rows[2].current);
        assert_eq!(rows[0].message, "Restored from version 1");
        assert_eq!(rows[1].message, "Saved");
        assert_eq!(rows[2].message, "First save");
        // 1765100060000 ms is 2025-12-07 09:34:20 UTC; an offset of +60 min shows 10:34:20.
        assert_eq!(rows[2].saved_at, "2025-12-07 10:34:20");
    }

    #[test]
    fn a_changed_title_is_one_removed_and_one_added_row() {
        let old = r#"{"title": "Before", "tags": ["a"], "uid": "u"}"#;
        let new = r#"{"title": "After", "tags": ["a"], "uid": "u"}"#;
        let hunks = diff_versions(old, new).expect("json");
        let rows = diff_rows(&hunks);
        assert_eq!(rows[0].kind, RowKind::Header);
        let removed: Vec<&DiffRow> = rows.iter().filter(|r| r.kind == RowKind::Removed).collect();
        let added: Vec<&DiffRow> = rows.iter().filter(|r| r.kind == RowKind::Added).collect();
        assert_eq!(removed.len(), 1);
        assert_eq!(added.len(), 1);
        assert_eq!(removed[0].text.trim(), r#""title": "Before","#);
        assert_eq!((removed[0].marker, added[0].marker), ("-", "+"));
        assert_eq!(added[0].text.trim(), r#""title": "After","#);
        assert_eq!(removed[0].old_line, added[0].new_line);
        assert_eq!(diff_counts(&hunks), (1, 1));
        assert_eq!(ordered_pair(4, 2), (2, 4));
    }
}
