//! What the PromQL editor should complete at the cursor: a metric name, a label name inside
//! `{...}`, or a label value inside quotes after `label=`; and applying a chosen suggestion.

/// The kind of token under the cursor and the part already typed.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum CompletionContext {
    Metric {
        prefix: String,
    },
    LabelName {
        metric: Option<String>,
        prefix: String,
    },
    LabelValue {
        metric: Option<String>,
        label: String,
        prefix: String,
    },
    None,
}

impl CompletionContext {
    /// Bytes before the cursor the suggestion replaces.
    pub fn prefix_len(&self) -> usize {
        match self {
            CompletionContext::Metric { prefix }
            | CompletionContext::LabelName { prefix, .. }
            | CompletionContext::LabelValue { prefix, .. } => prefix.len(),
            CompletionContext::None => 0,
        }
    }
}

fn is_ident(c: char) -> bool {
    c.is_ascii_alphanumeric() || c == '_' || c == ':'
}

/// The trailing identifier of `text`.
fn trailing_ident(text: &str) -> &str {
    let start = text.rfind(|c: char| !is_ident(c)).map_or(0, |i| i + 1);
    &text[start..]
}

/// Reads the context at byte `cursor` (clamped to a char boundary).
pub fn completion_context(text: &str, cursor: usize) -> CompletionContext {
    let mut cursor = cursor.min(text.len());
    while !text.is_char_boundary(cursor) {
        cursor -= 1;
    }
    let before = &text[..cursor];
    // Scan for an unclosed `{` and an open quote, honouring escapes.
    let (mut brace, mut quote): (Option<usize>, Option<(usize, char)>) = (None, None);
    let mut escaped = false;
    for (i, c) in before.char_indices() {
        if let Some((_, q)) = quote {
            if escaped {
                escaped = false;
            } else if c == '\\' {
                escaped = true;
            } else if c == q {
                quote = None;
            }
            continue;
        }
        match c {
            '"' | '\'' | '`' => quote = Some((i, c)),
            '{' => brace = Some(i),
            '}' => brace = None,
            _ => {}
        }
    }
    let metric_before = |b: usize| {
        Some(trailing_ident(&before[..b]).to_string())
            .filter(|m| !m.is_empty() && !m.starts_with(|c: char| c.is_ascii_digit()))
    };
    match (brace, quote) {
        (Some(b), Some((q, _))) if q > b => {
            let lhs = before[..q]
                .trim_end()
                .trim_end_matches(['=', '~', '!'])
                .trim_end();
            let label = trailing_ident(lhs).to_string();
            if label.is_empty() {
                return CompletionContext::None;
            }
            CompletionContext::LabelValue {
                metric: metric_before(b),
                label,
                prefix: before[q + 1..].to_string(),
            }
        }
        (_, Some(_)) => CompletionContext::None,
        (Some(b), None) => {
            let prefix = trailing_ident(before).to_string();
            // After an operator the user is typing a value, not a name.
            let head = before[..before.len() - prefix.len()].trim_end();
            if head.ends_with(['=', '~']) {
                return CompletionContext::None;
            }
            CompletionContext::LabelName {
                metric: metric_before(b),
                prefix,
            }
        }
        (None, None) => {
            let prefix = trailing_ident(before).to_string();
            if prefix.is_empty() || prefix.starts_with(|c: char| c.is_ascii_digit()) {
                return CompletionContext::None;
            }
            CompletionContext::Metric { prefix }
        }
    }
}

/// Replaces the `prefix_len` bytes before `cursor` with `insert`; returns the text and the new cursor.
pub fn apply_completion(
    text: &str,
    cursor: usize,
    prefix_len: usize,
    insert: &str,
) -> (String, usize) {
    let cursor = cursor.min(text.len());
    let start = cursor.saturating_sub(prefix_len);
    if !text.is_char_boundary(start) || !text.is_char_boundary(cursor) {
        return (text.to_string(), cursor);
    }
    let out = format!("{}{insert}{}", &text[..start], &text[cursor..]);
    (out, start + insert.len())
}

/// Suggestions from `candidates` that start with (then contain) `prefix`, at most `limit`.
pub fn rank_suggestions(candidates: &[String], prefix: &str, limit: usize) -> Vec<String> {
    let lower = prefix.to_ascii_lowercase();
    let mut starts: Vec<&String> = candidates
        .iter()
        .filter(|c| c.to_ascii_lowercase().starts_with(&lower) && c.as_str() != prefix)
        .collect();
    let mut contains: Vec<&String> = candidates
        .iter()
        .filter(|c| {
            !c.to_ascii_lowercase().starts_with(&lower) && c.to_ascii_lowercase().contains(&lower)
        })
        .collect();
    starts.truncate(limit);
    contains.truncate(limit.saturating_sub(starts.len()));
    starts.into_iter().chain(contains).cloned().collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn contexts() {
        assert_eq!(
            completion_context("rate(http_req", 13),
            CompletionContext::Metric {
                prefix: "http_req".into()
            }
        );
        assert_eq!(
            completion_context("up{jo", 5),
            CompletionContext::LabelName {
                metric: Some("up".into()),
                prefix: "jo".into()
            }
        );
        assert_eq!(
            completion_context("up{job=\"pro", 11),
            CompletionContext::LabelValue {
                metric: Some("up".into()),
                label: "job".into(),
                prefix: "pro".into()
            }
        );
        assert_eq!(
            completion_context("up{job=~\"a\", ins", 16),
            CompletionContext::LabelName {
                metric: Some("up".into()),
                prefix: "ins".into()
            }
        );
        assert_eq!(
            completion_context("{job!=\"", 7),
            CompletionContext::LabelValue {
                metric: None,
                label: "job".into(),
                prefix: String::new()
            }
        );
        assert_eq!(
            completion_context("up{job=\"a\"} > 1", 15),
            CompletionContext::None
        );
        assert_eq!(completion_context("", 0), CompletionContext::None);
        assert_eq!(completion_context("é", 1), CompletionContext::None);
    }

    #[test]
    fn applies_and_ranks() {
        assert_eq!(
            apply_completion("rate(http_r[5m])", 11, 6, "http_requests_total"),
            ("rate(http_requests_total[5m])".to_string(), 24)
        );
        let c = vec![
            "up".to_string(),
            "node_up".to_string(),
            "upload".to_string(),
        ];
        assert_eq!(
            rank_suggestions(&c, "up", 10),
            vec!["upload".to_string(), "node_up".to_string()]
        );
    }
}
