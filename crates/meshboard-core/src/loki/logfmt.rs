//! A small logfmt reader and writer (`key=value key2="quoted \"value\"" flag`).
//!
//! Follows go-logfmt: keys end at `=`, space or `"`; values are bare up to the next space or
//! double-quoted with JSON-style escapes; a key with no `=` has an empty value. It never fails:
//! unterminated quotes run to the end of the line and stray characters are skipped.

/// Iterates over the `(key, value)` pairs of a logfmt line, in order.
pub struct LogfmtPairs<'a> {
    rest: &'a str,
}

impl<'a> LogfmtPairs<'a> {
    pub fn new(line: &'a str) -> Self {
        LogfmtPairs { rest: line }
    }
}

impl Iterator for LogfmtPairs<'_> {
    type Item = (String, String);

    fn next(&mut self) -> Option<(String, String)> {
        loop {
            self.rest = self.rest.trim_start_matches(is_separator);
            if self.rest.is_empty() {
                return None;
            }
            let key_end = self
                .rest
                .find(|c: char| c == '=' || c == '"' || is_separator(c));
            let key_end = key_end.unwrap_or(self.rest.len());
            if key_end == 0 {
                // A `=` or `"` with no key in front: garbage, skip one character.
                let skip = self.rest.chars().next().map_or(1, char::len_utf8);
                self.rest = &self.rest[skip..];
                continue;
            }
            let key = self.rest[..key_end].to_string();
            self.rest = &self.rest[key_end..];
            let Some(after_equals) = self.rest.strip_prefix('=') else {
                return Some((key, String::new()));
            };
            self.rest = after_equals;
            let value = if let Some(quoted) = self.rest.strip_prefix('"') {
                let (value, consumed) = read_quoted(quoted);
                self.rest = &quoted[consumed..];
                value
            } else {
                let end = self.rest.find(is_separator).unwrap_or(self.rest.len());
                let value = self.rest[..end].to_string();
                self.rest = &self.rest[end..];
                value
            };
            return Some((key, value));
        }
    }
}

fn is_separator(c: char) -> bool {
    c.is_whitespace() || c.is_control()
}

/// Reads a quoted value's body (after the opening quote); returns it unescaped and the number
/// of bytes consumed including the closing quote.
fn read_quoted(text: &str) -> (String, usize) {
    let mut value = String::new();
    let mut chars = text.char_indices();
    while let Some((i, c)) = chars.next() {
        match c {
            '"' => return (value, i + 1),
            '\\' => match chars.next() {
                Some((_, 'n')) => value.push('\n'),
                Some((_, 't')) => value.push('\t'),
                Some((_, 'r')) => value.push('\r'),
                Some((_, 'b')) => value.push('\u{8}'),
                Some((_, 'f')) => value.push('\u{c}'),
                Some((_, 'u')) => {
                    let hex: String = chars.clone().take(4).map(|(_, h)| h).collect();
                    match u32::from_str_radix(&hex, 16).ok().and_then(char::from_u32) {
                        Some(decoded) if hex.len() == 4 => {
                            value.push(decoded);
                            for _ in 0..4 {
                                chars.next();
                            }
                        }
                        _ => value.push_str("\\u"),
                    }
                }
                Some((_, other)) => value.push(other),
                None => value.push('\\'),
            },
            other => value.push(other),
        }
    }
    (value, text.len())
}

/// All pairs of a logfmt line.
pub fn parse_logfmt(line: &str) -> Vec<(String, String)> {
    LogfmtPairs::new(line).collect()
}

/// Writes one value for a logfmt line, quoting and escaping only when it must.
pub fn format_logfmt_value(value: &str) -> String {
    let needs_quotes = value.is_empty()
        || value
            .chars()
            .any(|c| c == '"' || c == '=' || c == '\\' || is_separator(c));
    if !needs_quotes {
        return value.to_string();
    }
    let mut quoted = String::with_capacity(value.len() + 2);
    quoted.push('"');
    for c in value.chars() {
        match c {
            '"' => quoted.push_str("\\\""),
            '\\' => quoted.push_str("\\\\"),
            '\n' => quoted.push_str("\\n"),
            '\t' => quoted.push_str("\\t"),
            '\r' => quoted.push_str("\\r"),
            c if c.is_control() => quoted.push_str(&format!("\\u{:04x}", c as u32)),
            c => quoted.push(c),
        }
    }
    quoted.push('"');
    quoted
}

/// Writes `key=value` pairs as one logfmt line.
pub fn format_logfmt<'a>(pairs: impl IntoIterator<Item = (&'a str, &'a str)>) -> String {
    pairs
        .into_iter()
        .map(|(key, value)| format!("{key}={}", format_logfmt_value(value)))
        .collect::<Vec<_>>()
        .join(" ")
}

#[cfg(test)]
mod tests {
    use super::*;

    fn pairs(line: &str) -> Vec<(String, String)> {
        parse_logfmt(line)
    }

    fn p(k: &str, v: &str) -> (String, String) {
        (k.to_string(), v.to_string())
    }

    #[test]
    fn bare_quoted_and_flags() {
        assert_eq!(
            pairs(r#"level=info msg="hello \"world\"" dur=1.5ms flag path=/a=b"#),
            vec![
                p("level", "info"),
                p("msg", "hello \"world\""),
                p("dur", "1.5ms"),
                p("flag", ""),
                p("path", "/a=b"),
            ]
        );
    }

    #[test]
    fn escapes_and_unicode() {
        assert_eq!(
            pairs(r#"a="x\ny\t\u00e9\\" b="""#),
            vec![p("a", "x\ny\té\\"), p("b", "")]
        );
        assert_eq!(pairs(r#"a="\uZZZZ""#), vec![p("a", "\\uZZZZ")]);
        assert_eq!(
            pairs("msg=\"日本 語\" k=v"),
            vec![p("msg", "日本 語"), p("k", "v")]
        );
    }

    #[test]
    fn garbage_never_fails() {
        assert_eq!(
            pairs(r#"=x "y" a="unterminated"#),
            vec![p("x", ""), p("y", ""), p("a", "unterminated")]
        );
        assert_eq!(pairs("   "), vec![]);
        assert_eq!(pairs("a= b=1"), vec![p("a", ""), p("b", "1")]);
        assert_eq!(pairs("trailing\\"), vec![p("trailing\\", "")]);
        assert_eq!(
            pairs(r#"a="ends with backslash\"#),
            vec![p("a", "ends with backslash\\")]
        );
    }

    #[test]
    fn writes_what_it_reads() {
        let line = format_logfmt([("error", "true"), ("msg", "a \"b\" c"), ("empty", "")]);
        assert_eq!(line, r#"error=true msg="a \"b\" c" empty="""#);
        assert_eq!(
            pairs(&line),
            vec![p("error", "true"), p("msg", "a \"b\" c"), p("empty", "")]
        );
    }
}
