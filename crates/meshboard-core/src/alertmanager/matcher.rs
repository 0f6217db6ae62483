//! Label matchers in Alertmanager's own syntax (`pkg/labels/parse.go` of Alertmanager 0.25,
//! what its API's `filter` parameter, amtool and its UI read): `{alertname="X",
//! severity=~"critical|warning"}`, the braces optional, matchers split on commas outside
//! quotes, values quoted or bare with OpenMetrics escapes (`\"`, `\n`, `\\`), regexes anchored
//! (`^(?:…)$`). Errors carry Alertmanager's words (`bad matcher format: foo`).

use std::collections::BTreeMap;
use std::fmt;

use regex_lite::Regex;

use super::api::ApiMatcher;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum MatchType {
    Equal,
    NotEqual,
    Regexp,
    NotRegexp,
}

impl MatchType {
    pub fn as_str(self) -> &'static str {
        match self {
            MatchType::Equal => "=",
            MatchType::NotEqual => "!=",
            MatchType::Regexp => "=~",
            MatchType::NotRegexp => "!~",
        }
    }

    fn is_regex(self) -> bool {
        matches!(self, MatchType::Regexp | MatchType::NotRegexp)
    }
}

/// One matcher; a regex one carries its anchored, compiled form.
#[derive(Debug, Clone)]
pub struct Matcher {
    pub kind: MatchType,
    pub name: String,
    pub value: String,
    regex: Option<Regex>,
}

impl PartialEq for Matcher {
    fn eq(&self, other: &Self) -> bool {
        (self.kind, &self.name, &self.value) == (other.kind, &other.name, &other.value)
    }
}

impl Matcher {
    /// `labels.NewMatcher`: compiles a regex value anchored as Alertmanager does.
    pub fn new(kind: MatchType, name: &str, value: &str) -> Result<Matcher, String> {
        let regex = if kind.is_regex() {
            Some(compile_anchored(value)?)
        } else {
            None
        };
        Ok(Matcher {
            kind,
            name: name.to_string(),
            value: value.to_string(),
            regex,
        })
    }

    /// Whether `value` (the empty string for an absent label) satisfies the matcher.
    pub fn matches(&self, value: &str) -> bool {
        match (self.kind, &self.regex) {
            (MatchType::Equal, _) => value == self.value,
            (MatchType::NotEqual, _) => value != self.value,
            (MatchType::Regexp, Some(re)) => re.is_match(value),
            (MatchType::NotRegexp, Some(re)) => !re.is_match(value),
            (_, None) => false,
        }
    }
}

impl MatcherParts {
    /// From a silence's matcher, as Alertmanager converts `isEqual`/`isRegex`.
    pub fn from_api(m: &ApiMatcher) -> MatcherParts {
        let kind = match (m.is_equal, m.is_regex) {
            (true, false) => MatchType::Equal,
            (false, false) => MatchType::NotEqual,
            (true, true) => MatchType::Regexp,
            (false, true) => MatchType::NotRegexp,
        };
        MatcherParts {
            kind,
            name: m.name.clone(),
            value: m.value.clone(),
        }
    }
}

/// `name="value"` with the value escaped as Alertmanager prints it (`Matcher.String`).
impl fmt::Display for MatcherParts {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let escaped = self
            .value
            .replace('\\', r"\\")
            .replace('"', "\\\"")
            .replace('\n', r"\n");
        write!(f, "{}{}\"{}\"", self.name, self.kind.as_str(), escaped)
    }
}

/// `{a="1", b=~"2"}`: the matchers as one text that `parse_matchers` reads back.
pub fn matchers_text(matchers: &[MatcherParts]) -> String {
    let parts: Vec<String> = matchers.iter().map(MatcherParts::to_string).collect();
    format!("{{{}}}", parts.join(", "))
}

/// Whether every matcher holds for `labels`, an absent label read as `""` (how a silence
/// matches an alert: `labels.Matchers.Matches`).
pub fn all_match(matchers: &[Matcher], labels: &BTreeMap<String, String>) -> bool {
    matchers
        .iter()
        .all(|m| m.matches(labels.get(&m.name).map_or("", String::as_str)))
}

/// `ParseMatchers`: a comma-separated list, `{`/`}` optional, commas inside quotes kept.
pub fn parse_matchers(text: &str) -> Result<Vec<Matcher>, String> {
    split_matchers(text)
        .iter()
        .map(|t| parse_matcher(t))
        .collect()
}

/// The list's syntax only, regexes not compiled: a silence draft leaves those to Alertmanager,
/// whose Go regexes are the ones that count.
pub fn parse_matcher_parts(text: &str) -> Result<Vec<MatcherParts>, String> {
    split_matchers(text)
        .iter()
        .map(|t| matcher_parts(t))
        .collect()
}

/// A matcher as written: name, operator, unescaped value.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct MatcherParts {
    pub kind: MatchType,
    pub name: String,
    pub value: String,
}

impl MatcherParts {
    pub fn compile(&self) -> Result<Matcher, String> {
        Matcher::new(self.kind, &self.name, &self.value)
    }

    pub fn to_api(&self) -> ApiMatcher {
        ApiMatcher {
            name: self.name.clone(),
            value: self.value.clone(),
            is_regex: self.kind.is_regex(),
            is_equal: matches!(self.kind, MatchType::Equal | MatchType::Regexp),
        }
    }
}

/// The list split on commas outside quotes, `{`/`}` trimmed, a trailing comma dropped.
fn split_matchers(text: &str) -> Vec<String> {
    let text = text.strip_prefix('{').unwrap_or(text);
    let text = text.strip_suffix('}').unwrap_or(text);
    let (mut tokens, mut token) = (Vec::new(), String::new());
    let (mut inside_quotes, mut escaped) = (false, false);
    for c in text.chars() {
        match c {
            ',' if !inside_quotes => {
                tokens.push(std::mem::take(&mut token));
                continue;
            }
            ',' => {}
            '"' if !escaped => inside_quotes = !inside_quotes,
            '"' => escaped = false,
            '\\' => escaped = !escaped,
            _ => escaped = false,
        }
        token.push(c);
    }
    if !token.trim().is_empty() {
        tokens.push(token.trim().to_string());
    }
    tokens
}

/// `ParseMatcher`: `name op value`, whitespace around each token ignored.
pub fn parse_matcher(text: &str) -> Result<Matcher, String> {
    matcher_parts(text)?.compile()
}

fn matcher_parts(text: &str) -> Result<MatcherParts, String> {
    let bad = || format!("bad matcher format: {text}");
    let trimmed = text.trim_start();
    let name_len = trimmed
        .char_indices()
        .find(|&(i, c)| {
            !(c.is_ascii_alphabetic() || c == '_' || c == ':' || (i > 0 && c.is_ascii_digit()))
        })
        .map_or(trimmed.len(), |(i, _)| i);
    if name_len == 0 {
        return Err(bad());
    }
    let (name, rest) = trimmed.split_at(name_len);
    let rest = rest.trim_start();
    // `=~` before `=`: otherwise the `~` would be read as part of the value.
    let (kind, raw) = if let Some(r) = rest.strip_prefix("=~") {
        (MatchType::Regexp, r)
    } else if let Some(r) = rest.strip_prefix("!=") {
        (MatchType::NotEqual, r)
    } else if let Some(r) = rest.strip_prefix("!~") {
        (MatchType::NotRegexp, r)
    } else if let Some(r) = rest.strip_prefix('=') {
        (MatchType::Equal, r)
    } else {
        return Err(bad());
    };
    let raw_value = raw.trim();
    let value = unescape(raw_value)
        .ok_or_else(|| format!("matcher value contains unescaped double quote: {raw_value}"))?;
    Ok(MatcherParts {
        kind,
        name: name.to_string(),
        value,
    })
}

/// The value with OpenMetrics escapes resolved; `None` for an unescaped `"` anywhere but the
/// two ends (or an opening quote never closed). A lone or unknown `\` stays literal.
fn unescape(raw: &str) -> Option<String> {
    let (body, quoted) = match raw.strip_prefix('"') {
        Some(b) => (b, true),
        None => (raw, false),
    };
    let mut expect_trailing_quote = quoted;
    let mut value = String::new();
    let mut chars = body.char_indices().peekable();
    while let Some((i, c)) = chars.next() {
        let last = i + c.len_utf8() == body.len();
        match c {
            '\\' if !last => {
                let (_, next) = chars.next()?;
                match next {
                    'n' => value.push('\n'),
                    '"' | '\\' => value.push(next),
                    other => {
                        value.push('\\');
                        value.push(other);
                    }
                }
            }
            '"' if expect_trailing_quote && last => expect_trailing_quote = false,
            '"' => return None,
            other => value.push(other),
        }
    }
    (!expect_trailing_quote).then_some(value)
}

/// `^(?:value)$` compiled, or Go's `regexp` error for it as Alertmanager reports it.
fn compile_anchored(value: &str) -> Result<Regex, String> {
    let anchored = format!("^(?:{value})$");
    Regex::new(&anchored).map_err(|e| go_regexp_error(&e.to_string(), &anchored))
}

/// Go's error for `pattern` as written (how a silence's regex is validated), if it has one.
pub(crate) fn regex_error(pattern: &str) -> Option<String> {
    Regex::new(pattern)
        .err()
        .map(|e| go_regexp_error(&e.to_string(), pattern))
}

/// Go's wording (`error parsing regexp: missing closing ): `…``) for the regex errors users
/// make; any other keeps regex-lite's words in the same frame.
pub(crate) fn go_regexp_error(lite: &str, pattern: &str) -> String {
    const WORDS: [(&str, &str); 8] = [
        ("open group without closing", "missing closing )"),
        ("closing ')' without matching", "unexpected )"),
        ("unclosed character class", "missing closing ]"),
        ("has no closing bracket", "missing closing ]"),
        (
            "invalid range in character class",
            "invalid character class range",
        ),
        (
            "must be applied to a sub-expression",
            "missing argument to repetition operator",
        ),
        ("unrecognized escape", "invalid escape sequence"),
        (
            "look-around is not supported",
            "invalid or unsupported Perl syntax",
        ),
    ];
    let code = WORDS
        .iter()
        .find(|(lite_words, _)| lite.contains(lite_words))
        .map_or_else(|| last_line(lite), |(_, go)| go.to_string());
    format!(
        "error parsing regexp: {code}: `{}`",
        go_fragment(&code, pattern)
    )
}

/// The part of the pattern Go quotes: from the unclosed `[` on, the repetition operator alone,
/// the whole pattern otherwise.
fn go_fragment<'p>(code: &str, pattern: &'p str) -> &'p str {
    match code {
        "missing closing ]" => pattern.rfind('[').map_or(pattern, |i| &pattern[i..]),
        "missing argument to repetition operator" => {
            let bytes = pattern.as_bytes();
            (1..bytes.len())
                .find(|&i| {
                    matches!(bytes[i], b'*' | b'+' | b'?')
                        && matches!(bytes[i - 1], b'(' | b'|' | b':')
                        && !(bytes[i] == b'?' && bytes[i - 1] == b'(')
                })
                .map_or(pattern, |i| &pattern[i..i + 1])
        }
        _ => pattern,
    }
}

/// regex-lite's message is several lines (the pattern, a caret, the reason): the reason.
fn last_line(text: &str) -> String {
    text.lines()
        .rev()
        .find(|l| !l.trim().is_empty())
        .unwrap_or(text)
        .trim()
        .trim_start_matches("error: ")
        .to_string()
}
