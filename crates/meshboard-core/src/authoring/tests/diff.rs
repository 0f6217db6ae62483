//! Version diff: hunks apply as a patch and are minimal against a brute-force comparison.
use super::*;
use crate::authoring::{diff_lines, diff_versions, pretty_json, Edit, Hunk, LineKind};
use crate::dashboard::export_dashboard;

/// `old` patched with `hunks`, checking every kept and removed line against `old`.
fn patch(old: &str, hunks: &[Hunk]) -> String {
    let old: Vec<&str> = old.lines().collect();
    let mut out: Vec<String> = Vec::new();
    let mut next = 0; // index into old
    for hunk in hunks {
        let first_old = hunk
            .lines
            .iter()
            .find_map(|l| l.old_line)
            .map_or(next, |n| n - 1);
        while next < first_old {
            out.push(old[next].to_string());
            next += 1;
        }
        for line in &hunk.lines {
            match line.kind {
                LineKind::Same | LineKind::Removed => {
                    assert_eq!(line.old_line, Some(next + 1));
                    assert_eq!(old[next], line.text);
                    next += 1;
                    if line.kind == LineKind::Same {
                        out.push(line.text.clone());
                    }
                }
                LineKind::Added => out.push(line.text.clone()),
            }
        }
    }
    out.extend(old[next..].iter().map(|s| s.to_string()));
    out.join("\n")
}

fn lcs(a: &[&str], b: &[&str]) -> usize {
    let mut dp = vec![vec![0usize; b.len() + 1]; a.len() + 1];
    for i in (0..a.len()).rev() {
        for j in (0..b.len()).rev() {
            dp[i][j] = if a[i] == b[j] {
                dp[i + 1][j + 1] + 1
            } else {
                dp[i + 1][j].max(dp[i][j + 1])
            };
        }
    }
    dp[0][0]
}

#[test]
fn one_changed_line_is_one_hunk_with_context_and_line_numbers() {
    let old = "a\nb\nc\nd\ne\nf\ng\nh\ni";
    let new = "a\nb\nc\nD\ne\nf\ng\nh\ni";
    let hunks = diff_lines(old, new);
    assert_eq!(hunks.len(), 1);
    let h = &hunks[0];
    assert_eq!(h.header(), "@@ -1,7 +1,7 @@");
    let kinds: Vec<(LineKind, Option<usize>, Option<usize>, &str)> = h
        .lines
        .iter()
        .map(|l| (l.kind, l.old_line, l.new_line, l.text.as_str()))
        .collect();
    assert_eq!(kinds[3], (LineKind::Removed, Some(4), None, "d"));
    assert_eq!(kinds[4], (LineKind::Added, None, Some(4), "D"));
    assert_eq!(kinds[6], (LineKind::Same, Some(6), Some(6), "f"));
    assert!(diff_lines(old, old).is_empty());
}

#[test]
fn far_apart_changes_are_separate_hunks_and_near_ones_share_one() {
    let old: Vec<String> = (1..=30).map(|i| format!("line {i}")).collect();
    let mut far = old.clone();
    far[1] = "changed 2".into();
    far[25] = "changed 26".into();
    let hunks = diff_lines(&old.join("\n"), &far.join("\n"));
    assert_eq!(
        hunks.iter().map(Hunk::header).collect::<Vec<_>>(),
        vec!["@@ -1,5 +1,5 @@", "@@ -23,7 +23,7 @@"]
    );
    let mut near = old.clone();
    near[10] = "x".into();
    near[15] = "y".into();
    assert_eq!(diff_lines(&old.join("\n"), &near.join("\n")).len(), 1);
}

#[test]
fn insertions_and_deletions_at_the_ends() {
    let hunks = diff_lines("b\nc", "a\nb\nc\nd");
    let added: Vec<(Option<usize>, &str)> = hunks
        .iter()
        .flat_map(|h| &h.lines)
        .filter(|l| l.kind == LineKind::Added)
        .map(|l| (l.new_line, l.text.as_str()))
        .collect();
    assert_eq!(added, vec![(Some(1), "a"), (Some(4), "d")]);
    let gone = diff_lines("a\nb", "");
    assert_eq!(gone[0].header(), "@@ -1,2 +0,0 @@");
    let born = diff_lines("", "a\nb");
    assert_eq!(born[0].header(), "@@ -0,0 +1,2 @@");
}

#[test]
fn the_diff_is_minimal_and_patches_old_into_new() {
    // Deterministic pseudo-random texts over a small alphabet, so lines repeat.
    let mut seed: u64 = 0x9e37_79b9_7f4a_7c15;
    let mut next = || {
        seed ^= seed << 13;
        seed ^= seed >> 7;
        seed ^= seed << 17;
        seed
    };
    for _ in 0..300 {
        let mut text = |len: u64| -> String {
            let n = next() % len;
            (0..n)
                .map(|_| ["{", "}", "\"a\": 1,", "\"b\": 2,", "x"][(next() % 5) as usize])
                .collect::<Vec<_>>()
                .join("\n")
        };
        let (old, new) = (text(14), text(14));
        let hunks = diff_lines(&old, &new);
        assert_eq!(patch(&old, &hunks), new, "old: {old:?}\nnew: {new:?}");
        let a: Vec<&str> = old.lines().collect();
        let b: Vec<&str> = new.lines().collect();
        let changes = hunks
            .iter()
            .flat_map(|h| &h.lines)
            .filter(|l| l.kind != LineKind::Same)
            .count();
        assert_eq!(
            changes,
            a.len() + b.len() - 2 * lcs(&a, &b),
            "old: {old:?}\nnew: {new:?}"
        );
    }
}

#[test]
fn two_versions_of_a_real_dashboard_differ_where_they_were_edited() {
    let d = load(NODE_MIXIN_NODES);
    let edited = crate::authoring::apply(
        &d,
        &Edit::RenameRow {
            id: 4,
            title: "Memory, renamed".into(),
        },
    )
    .unwrap();
    let old = serde_json::to_string(&export_dashboard(&d)).unwrap();
    let new = serde_json::to_string(&export_dashboard(&edited)).unwrap();
    let hunks = diff_versions(&old, &new).unwrap();
    let pretty_new = pretty_json(&new).unwrap();
    let new_lines: Vec<&str> = pretty_new.lines().collect();
    let added: Vec<_> = hunks
        .iter()
        .flat_map(|h| &h.lines)
        .filter(|l| l.kind == LineKind::Added)
        .collect();
    assert!(
        added
            .iter()
            .any(|l| l.text.contains("\"title\": \"Memory, renamed\"")),
        "{hunks:#?}"
    );
    for line in hunks.iter().flat_map(|h| &h.lines) {
        if let Some(n) = line.new_line {
            assert_eq!(
                new_lines[n - 1],
                line.text,
                "line numbers point at the pretty text"
            );
        }
    }
    assert_eq!(patch(&pretty_json(&old).unwrap(), &hunks), pretty_new);
    // The whole Node Exporter Full against itself with a panel added: the patch holds.
    let full = Dashboard::parse(crate::test_fixtures::NODE_EXPORTER_FULL).unwrap();
    let added = crate::authoring::apply(
        &full,
        &Edit::AddPanel {
            panel_type: "stat".into(),
            at: None,
        },
    )
    .unwrap();
    let (a, b) = (
        pretty_json(&serde_json::to_string(&export_dashboard(&full)).unwrap()).unwrap(),
        pretty_json(&serde_json::to_string(&export_dashboard(&added)).unwrap()).unwrap(),
    );
    assert_eq!(patch(&a, &diff_lines(&a, &b)), b);
    assert!(diff_versions("{", "{}").is_err());
}
