//! Stream-selector completion and the label browser's selector builder: pure text functions
//! over the query and the cursor position, so they are tested without a browser.

/// What the cursor is typing inside a `{...}` stream selector.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Completion {
    /// A label name; `start` is the byte where its prefix begins.
    LabelName { prefix: String, start: usize },
    /// A value inside the quotes of `name="`.
    LabelValue {
        name: String,
        prefix: String,
        start: usize,
    },
}

/// The completion context at byte `cursor` of `text`, if the cursor is inside a selector.
pub fn completion_at(text: &str, cursor: usize) -> Option<Completion> {
    let cursor = cursor.min(text.len());
    if !text.is_char_boundary(cursor) {
        return None;
    }
    let head = &text[..cursor];
    let bytes = head.as_bytes();
    let (mut depth, mut in_string, mut string_start, mut escaped) = (0usize, false, 0usize, false);
    for (i, &b) in bytes.iter().enumerate() {
        if in_string {
            match b {
                _ if escaped => escaped = false,
                b'\\' => escaped = true,
                b'"' => in_string = false,
                _ => {}
            }
            continue;
        }
        match b {
            b'"' => {
                in_string = true;
                string_start = i;
            }
            b'{' => depth += 1,
            b'}' => depth = depth.saturating_sub(1),
            _ => {}
        }
    }
    if depth == 0 {
        return None;
    }
    if in_string {
        let before = head[..string_start].trim_end();
        let before = before.trim_end_matches(['=', '!', '~']).trim_end();
        let name_start = before
            .rfind(|c: char| !(c.is_ascii_alphanumeric() || c == '_'))
            .map_or(0, |i| i + 1);
        let name = &before[name_start..];
        if name.is_empty() {
            return None;
        }
        return Some(Completion::LabelValue {
            name: name.to_string(),
            prefix: head[string_start + 1..].to_string(),
            start: string_start + 1,
        });
    }
    let start = head
        .rfind(|c: char| !(c.is_ascii_alphanumeric() || c == '_'))
        .map_or(0, |i| i + 1);
    let before = head[..start].trim_end();
    (before.ends_with('{') || before.ends_with(',')).then(|| Completion::LabelName {
        prefix: head[start..].to_string(),
        start,
    })
}

/// Applies a chosen suggestion; returns the new text and the cursor after the insertion.
pub fn apply_completion(
    text: &str,
    cursor: usize,
    completion: &Completion,
    chosen: &str,
) -> (String, usize) {
    let cursor = cursor.min(text.len());
    let (start, insert) = match completion {
        Completion::LabelName { start, .. } => (*start, format!("{chosen}=\"")),
        Completion::LabelValue { start, .. } => {
            let closing = if text[cursor..].starts_with('"') {
                ""
            } else {
                "\""
            };
            (*start, format!("{}{closing}", escape_in_quotes(chosen)))
        }
    };
    let start = start.min(cursor);
    let mut out = String::with_capacity(text.len() + insert.len());
    out.push_str(&text[..start]);
    out.push_str(&insert);
    let mut after = start + insert.len();
    if matches!(completion, Completion::LabelValue { .. }) && text[cursor..].starts_with('"') {
        after += 1;
    }
    out.push_str(&text[cursor..]);
    let len = out.len();
    (out, after.min(len))
}

fn escape_in_quotes(value: &str) -> String {
    value.replace('\\', "\\\\").replace('"', "\\\"")
}

/// Escapes regex metacharacters (for `=~"a|b"` built from several chosen values).
fn escape_regex(value: &str) -> String {
    let mut out = String::with_capacity(value.len());
    for c in value.chars() {
        if "\\.+*?()|[]{}^$".contains(c) {
            out.push('\\');
        }
        out.push(c);
    }
    out
}

/// The stream selector for the label browser's choices: one value per label becomes `=`,
/// several become an anchored-regex alternative `=~"a|b"`.
pub fn selector_from_choices(choices: &[(String, Vec<String>)]) -> String {
    let matchers: Vec<String> = choices
        .iter()
        .filter(|(_, values)| !values.is_empty())
        .map(|(name, values)| match values.as_slice() {
            [one] => format!("{name}=\"{}\"", escape_in_quotes(one)),
            many => {
                let alternatives: Vec<String> = many.iter().map(|v| escape_regex(v)).collect();
                format!("{name}=~\"{}\"", escape_in_quotes(&alternatives.join("|")))
            }
        })
        .collect();
    format!("{{{}}}", matchers.join(", "))
}

/// Adds a query to the front of the recent list (no duplicates, at most `max`).
pub fn remember(recent: &mut Vec<String>, query: &str, max: usize) {
    let query = query.trim();
    if query.is_empty() {
        return;
    }
    recent.retain(|q| q != query);
    recent.insert(0, query.to_string());
    recent.truncate(max);
}

/// Converts a UTF-16 offset (what `selectionStart` reports) to a byte offset in `text`.
pub fn utf16_to_byte(text: &str, utf16: usize) -> usize {
    let mut units = 0;
    for (i, c) in text.char_indices() {
        if units >= utf16 {
            return i;
        }
        units += c.len_utf16();
    }
    text.len()
}

/// Converts a byte offset in `text` to UTF-16 units (for `setSelectionRange`).
pub fn byte_to_utf16(text: &str, byte: usize) -> u32 {
    text[..byte.min(text.len())].encode_utf16().count() as u32
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn utf16_offsets() {
        let text = "{a=\"é😀\"}";
        assert_eq!(utf16_to_byte(text, 4), 4);
        assert_eq!(utf16_to_byte(text, 5), 6);
        assert_eq!(utf16_to_byte(text, 7), 10);
        assert_eq!(byte_to_utf16(text, 10), 7);
        assert_eq!(utf16_to_byte(text, 99), text.len());
    }

    #[test]
    fn names_and_values() {
        assert_eq!(
            completion_at("{jo", 3),
            Some(Completion::LabelName {
                prefix: "jo".into(),
                start: 1
            })
        );
        assert_eq!(
            completion_at(r#"{job="a", le"#, 12),
            Some(Completion::LabelName {
                prefix: "le".into(),
                start: 10
            })
        );
        assert_eq!(
            completion_at(r#"{job=~"agent"#, 12),
            Some(Completion::LabelValue {
                name: "job".into(),
                prefix: "agent".into(),
                start: 7
            })
        );
        assert_eq!(completion_at(r#"{job="a"} |= "x"#, 15), None);
        assert_eq!(completion_at("rate(", 5), None);
    }

    #[test]
    fn applying() {
        let c = completion_at("{jo", 3).unwrap();
        assert_eq!(
            apply_completion("{jo", 3, &c, "job"),
            ("{job=\"".to_string(), 6)
        );
        let text = r#"{job="ag"}"#;
        let c = completion_at(text, 8).unwrap();
        let (out, at) = apply_completion(text, 8, &c, "agent-mesh");
        assert_eq!(out, r#"{job="agent-mesh"}"#);
        assert_eq!(at, 17);
    }

    #[test]
    fn selector_builder() {
        let choices = vec![
            ("job".to_string(), vec!["agent-mesh".to_string()]),
            (
                "level".to_string(),
                vec!["error".to_string(), "warn.x".to_string()],
            ),
            ("empty".to_string(), vec![]),
        ];
        assert_eq!(
            selector_from_choices(&choices),
            r#"{job="agent-mesh", level=~"error|warn\\.x"}"#
        );
    }

    #[test]
    fn recent_list() {
        let mut recent = vec!["a".to_string(), "b".to_string()];
        remember(&mut recent, "b", 2);
        assert_eq!(recent, vec!["b", "a"]);
        remember(&mut recent, "c", 2);
        assert_eq!(recent, vec!["c", "b"]);
    }
}
