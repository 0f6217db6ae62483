//! The history view's diff of two versions: both pretty-printed the same way (two-space
//! indents, keys sorted) and compared line by line with Myers' O(ND) algorithm, grouped into
//! hunks with a few lines of context and the line numbers of both sides.
//!
//! Written here rather than taken from the `similar` crate (pure, and it builds for wasm32):
//! one line diff is all the app needs. Measured on wasm32 (opt-level z, LTO, over a baseline
//! that splits lines into strings): `similar` 2.7 with only its `text` feature, grouped ops
//! with context, adds 39.4 KB (15.9 KB gzip); this file adds 9.5 KB (4.1 KB gzip).

use serde_json::Value;

/// Lines of unchanged context around each change.
pub const CONTEXT_LINES: usize = 3;
/// Past this many differing lines the middle is shown as all removed and all added (keeps
/// time and memory bounded for unrelated versions).
const MAX_EDIT_DISTANCE: usize = 1_000;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum LineKind {
    Same,
    Removed,
    Added,
}

/// One line of a hunk; line numbers count from 1.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DiffLine {
    pub kind: LineKind,
    /// Its line in the old text (`None` for an added line).
    pub old_line: Option<usize>,
    /// Its line in the new text (`None` for a removed line).
    pub new_line: Option<usize>,
    pub text: String,
}

/// A run of changes with context, as a unified diff's `@@ -old_start,old_len +new_start,new_len @@`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Hunk {
    pub old_start: usize,
    pub old_len: usize,
    pub new_start: usize,
    pub new_len: usize,
    pub lines: Vec<DiffLine>,
}

impl Hunk {
    /// The unified-diff header of this hunk.
    pub fn header(&self) -> String {
        format!(
            "@@ -{},{} +{},{} @@",
            self.old_start, self.old_len, self.new_start, self.new_len
        )
    }
}

/// A dashboard JSON text as the diff shows it.
pub fn pretty_json(text: &str) -> Result<String, String> {
    let value: Value = serde_json::from_str(text).map_err(|e| e.to_string())?;
    serde_json::to_string_pretty(&value).map_err(|e| e.to_string())
}

/// The diff of two versions' JSON texts (each pretty-printed first).
pub fn diff_versions(old_json: &str, new_json: &str) -> Result<Vec<Hunk>, String> {
    Ok(diff_lines(&pretty_json(old_json)?, &pretty_json(new_json)?))
}

/// Operation of the edit script.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Op {
    Same(usize, usize),
    Removed(usize),
    Added(usize),
}

/// The line diff of `old` and `new` as hunks (empty when equal).
pub fn diff_lines(old: &str, new: &str) -> Vec<Hunk> {
    let a: Vec<&str> = old.lines().collect();
    let b: Vec<&str> = new.lines().collect();
    let ops = edit_script(&a, &b);
    hunks(&ops, &a, &b)
}

fn edit_script(a: &[&str], b: &[&str]) -> Vec<Op> {
    // Equal ends first: most edits change a small part of a long file.
    let prefix = a.iter().zip(b).take_while(|(x, y)| x == y).count();
    let suffix = a[prefix..]
        .iter()
        .rev()
        .zip(b[prefix..].iter().rev())
        .take_while(|(x, y)| x == y)
        .count();
    let mut ops: Vec<Op> = (0..prefix).map(|i| Op::Same(i, i)).collect();
    let mid_a = &a[prefix..a.len() - suffix];
    let mid_b = &b[prefix..b.len() - suffix];
    match myers(mid_a, mid_b) {
        Some(mid) => ops.extend(mid.into_iter().map(|op| match op {
            Op::Same(i, j) => Op::Same(i + prefix, j + prefix),
            Op::Removed(i) => Op::Removed(i + prefix),
            Op::Added(j) => Op::Added(j + prefix),
        })),
        None => {
            ops.extend((0..mid_a.len()).map(|i| Op::Removed(i + prefix)));
            ops.extend((0..mid_b.len()).map(|j| Op::Added(j + prefix)));
        }
    }
    let (sa, sb) = (a.len() - suffix, b.len() - suffix);
    ops.extend((0..suffix).map(|k| Op::Same(sa + k, sb + k)));
    ops
}

/// Myers' greedy shortest edit script; `None` past [`MAX_EDIT_DISTANCE`]. Each step `d` keeps
/// its frontier (2d + 1 diagonals) for the walk back.
fn myers(a: &[&str], b: &[&str]) -> Option<Vec<Op>> {
    let (n, m) = (a.len() as isize, b.len() as isize);
    let max = (n + m) as usize;
    let limit = max.min(MAX_EDIT_DISTANCE);
    // v[k + offset]: furthest x on diagonal k; `trace[d]` is v after step d, diagonals -d..=d.
    let mut trace: Vec<Vec<isize>> = Vec::new();
    let mut v: Vec<isize> = vec![0; 3];
    let at = |v: &Vec<isize>, d: isize, k: isize| v[(k + d) as usize];
    let mut found = None;
    for d in 0..=limit as isize {
        let prev = v.clone();
        let prev_d = (d - 1).max(0);
        let mut cur = vec![0isize; (2 * d + 1) as usize];
        let mut k = -d;
        while k <= d {
            let down = k == -d || (k != d && at(&prev, prev_d, k - 1) < at(&prev, prev_d, k + 1));
            let mut x = if d == 0 {
                0
            } else if down {
                at(&prev, prev_d, k + 1)
            } else {
                at(&prev, prev_d, k - 1) + 1
            };
            let mut y = x - k;
            while x < n && y < m && a[x as usize] == b[y as usize] {
                x += 1;
                y += 1;
            }
            cur[(k + d) as usize] = x;
            if x >= n && y >= m {
                found = Some(d);
                break;
            }
            k += 2;
        }
        trace.push(cur.clone());
        v = cur;
        if found.is_some() {
            break;
        }
    }
    let d_end = found?;
    // Walk back from (n, m): each step d is an edit from the frontier of step d - 1 followed
    // by a snake of equal lines.
    let mut ops = Vec::new();
    let (mut x, mut y) = (n, m);
    for d in (1..=d_end).rev() {
        let prev = &trace[(d - 1) as usize];
        let get = |k: isize| prev[(k + d - 1) as usize];
        let k = x - y;
        let down = k == -d || (k != d && get(k - 1) < get(k + 1));
        let prev_k = if down { k + 1 } else { k - 1 };
        let prev_x = get(prev_k);
        let prev_y = prev_x - prev_k;
        let (edit_x, edit_y) = if down {
            (prev_x, prev_y + 1)
        } else {
            (prev_x + 1, prev_y)
        };
        while x > edit_x && y > edit_y {
            x -= 1;
            y -= 1;
            ops.push(Op::Same(x as usize, y as usize));
        }
        ops.push(if down {
            Op::Added(prev_y as usize)
        } else {
            Op::Removed(prev_x as usize)
        });
        x = prev_x;
        y = prev_y;
    }
    while x > 0 && y > 0 {
        x -= 1;
        y -= 1;
        ops.push(Op::Same(x as usize, y as usize));
    }
    ops.reverse();
    Some(ops)
}

fn hunks(ops: &[Op], a: &[&str], b: &[&str]) -> Vec<Hunk> {
    let changed: Vec<usize> = ops
        .iter()
        .enumerate()
        .filter(|(_, op)| !matches!(op, Op::Same(..)))
        .map(|(i, _)| i)
        .collect();
    let mut result = Vec::new();
    let mut i = 0;
    while i < changed.len() {
        let start = changed[i].saturating_sub(CONTEXT_LINES);
        let mut end = changed[i];
        // Changes closer than twice the context share a hunk.
        while i + 1 < changed.len() && changed[i + 1] <= end + 2 * CONTEXT_LINES + 1 {
            i += 1;
            end = changed[i];
        }
        let end = (end + CONTEXT_LINES).min(ops.len() - 1);
        let lines: Vec<DiffLine> = ops[start..=end]
            .iter()
            .map(|op| match *op {
                Op::Same(x, y) => DiffLine {
                    kind: LineKind::Same,
                    old_line: Some(x + 1),
                    new_line: Some(y + 1),
                    text: a[x].to_string(),
                },
                Op::Removed(x) => DiffLine {
                    kind: LineKind::Removed,
                    old_line: Some(x + 1),
                    new_line: None,
                    text: a[x].to_string(),
                },
                Op::Added(y) => DiffLine {
                    kind: LineKind::Added,
                    old_line: None,
                    new_line: Some(y + 1),
                    text: b[y].to_string(),
                },
            })
            .collect();
        let old_len = lines.iter().filter(|l| l.kind != LineKind::Added).count();
        let new_len = lines.iter().filter(|l| l.kind != LineKind::Removed).count();
        // Where the hunk starts on each side: its first line there, or (for an empty side)
        // the line before it, as unified diffs number them.
        let old_start = lines
            .iter()
            .find_map(|l| l.old_line)
            .unwrap_or_else(|| position_before(ops, start, true));
        let new_start = lines
            .iter()
            .find_map(|l| l.new_line)
            .unwrap_or_else(|| position_before(ops, start, false));
        result.push(Hunk {
            old_start,
            old_len,
            new_start,
            new_len,
            lines,
        });
        i += 1;
    }
    result
}

/// The 1-based line number on one side before op `at` (0 at the top).
fn position_before(ops: &[Op], at: usize, old: bool) -> usize {
    ops[..at]
        .iter()
        .filter(|op| match op {
            Op::Same(..) => true,
            Op::Removed(_) => old,
            Op::Added(_) => !old,
        })
        .count()
}
