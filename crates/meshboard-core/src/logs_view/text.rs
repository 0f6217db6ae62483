//! Turning log text into what the row shows: control characters made visible (an ANSI escape
//! reads as `␛[31m`, never colours anything) and line-filter matches split out for `<mark>`.
//! The output is plain strings: the view puts them in text nodes, never in HTML.

/// Replaces C0 control characters (except tab) and DEL with their Unicode "control picture",
/// so a terminal escape sequence is visible as characters instead of being dropped or acted on.
pub fn visible_text(text: &str) -> String {
    text.chars()
        .map(|c| match c {
            '\t' => c,
            '\u{0}'..='\u{1f}' => char::from_u32(0x2400 + c as u32).unwrap_or('\u{fffd}'),
            '\u{7f}' => '\u{2421}',
            _ => c,
        })
        .collect()
}

/// Splits `line` at the byte `ranges` (sorted, merged, as `highlight_ranges` returns them) into
/// `(text, highlighted)` pieces, each made visible with [`visible_text`]. Ranges that are out
/// of bounds or not on character boundaries are ignored rather than trusted.
pub fn highlight_segments(line: &str, ranges: &[(usize, usize)]) -> Vec<(String, bool)> {
    let mut out = Vec::new();
    let mut at = 0;
    for &(start, end) in ranges {
        if start < at || end <= start || end > line.len() {
            continue;
        }
        if !line.is_char_boundary(start) || !line.is_char_boundary(end) {
            continue;
        }
        if start > at {
            out.push((visible_text(&line[at..start]), false));
        }
        out.push((visible_text(&line[start..end]), true));
        at = end;
    }
    if at < line.len() || out.is_empty() {
        out.push((visible_text(&line[at..]), false));
    }
    out
}

/// Bytes as a short human figure for the inspector (`1.5 MB`).
pub fn human_bytes(bytes: u64) -> String {
    const UNITS: [&str; 5] = ["B", "kB", "MB", "GB", "TB"];
    let mut value = bytes as f64;
    let mut unit = 0;
    while value >= 1000.0 && unit < UNITS.len() - 1 {
        value /= 1000.0;
        unit += 1;
    }
    if unit == 0 {
        format!("{bytes} B")
    } else {
        format!("{value:.1} {}", UNITS[unit])
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn escapes_become_visible_characters() {
        assert_eq!(visible_text("\u{1b}[31mred\u{1b}[0m\tx"), "␛[31mred␛[0m\tx");
        assert_eq!(
            visible_text("<img src=x onerror=alert(1)>"),
            "<img src=x onerror=alert(1)>"
        );
        assert_eq!(visible_text("a\r\nb\u{7f}"), "a␍␊b␡");
    }

    #[test]
    fn segments_cover_the_line() {
        let line = "error: disk error here";
        let segs = highlight_segments(line, &[(0, 5), (12, 17)]);
        assert_eq!(
            segs,
            vec![
                ("error".to_string(), true),
                (": disk ".to_string(), false),
                ("error".to_string(), true),
                (" here".to_string(), false)
            ]
        );
        assert_eq!(highlight_segments("", &[]), vec![(String::new(), false)]);
        // Bad ranges are skipped, never panic.
        let segs = highlight_segments("héllo", &[(2, 3), (4, 99)]);
        assert_eq!(segs, vec![("héllo".to_string(), false)]);
    }

    #[test]
    fn bytes() {
        assert_eq!(human_bytes(12), "12 B");
        assert_eq!(human_bytes(1_500_000), "1.5 MB");
    }
}
