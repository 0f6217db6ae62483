//! LogQL tokenizer: turns a query into tokens with 1-based line/column positions, naming each
//! token the way Loki's yacc grammar does so syntax errors read like Loki's.

use super::ParseError;
use crate::loki::duration::{parse_bytes, parse_logql_duration};

#[derive(Debug, Clone, PartialEq)]
pub enum Tok {
    /// `{ } ( ) [ ] ,` and operators, kept as their text.
    Punct(&'static str),
    Ident(String),
    Str(String),
    Number(f64),
    Duration(i64),
    Bytes(f64),
    /// `[5m]`: Loki lexes a range as one token.
    Range(i64),
    /// Keyword or function name, kept as its text (`json`, `by`, `sum`, `count_over_time`...).
    Keyword(&'static str),
    End,
}

impl Tok {
    /// The name yacc prints in `unexpected X` / `expecting Y`.
    pub fn display(&self) -> String {
        match self {
            Tok::Punct(p) | Tok::Keyword(p) => (*p).to_string(),
            Tok::Ident(_) => "IDENTIFIER".into(),
            Tok::Str(_) => "STRING".into(),
            Tok::Number(_) => "NUMBER".into(),
            Tok::Duration(_) => "DURATION".into(),
            Tok::Bytes(_) => "BYTES".into(),
            Tok::Range(_) => "RANGE".into(),
            Tok::End => "$end".into(),
        }
    }
}

#[derive(Debug, Clone, PartialEq)]
pub struct Token {
    pub tok: Tok,
    pub line: usize,
    pub col: usize,
}

/// Words that are keywords wherever they appear (Loki's `tokens` map).
const KEYWORDS: &[&str] = &[
    "by",
    "without",
    "bool",
    "on",
    "ignoring",
    "group_left",
    "group_right",
    "and",
    "or",
    "unless",
    "json",
    "logfmt",
    "regexp",
    "unpack",
    "pattern",
    "line_format",
    "label_format",
    "unwrap",
    "offset",
    "ip",
    "drop",
    "keep",
    "decolorize",
    "distinct",
    "__error__",
];

/// Function names: keywords only when followed by `(`, `by` or `without` (as in Loki's lexer),
/// so a label may still be called `rate` or `count`.
const FUNCTIONS: &[&str] = &[
    "rate",
    "rate_counter",
    "count_over_time",
    "bytes_rate",
    "bytes_over_time",
    "avg_over_time",
    "sum_over_time",
    "min_over_time",
    "max_over_time",
    "stddev_over_time",
    "stdvar_over_time",
    "quantile_over_time",
    "first_over_time",
    "last_over_time",
    "absent_over_time",
    "sum",
    "avg",
    "max",
    "min",
    "count",
    "stddev",
    "stdvar",
    "bottomk",
    "topk",
    "sort",
    "sort_desc",
    "approx_topk",
    "label_replace",
    "vector",
    "duration",
    "duration_seconds",
    "bytes",
];

/// The flags of the logfmt parser (Loki's `PARSER_FLAG` token).
const PARSER_FLAGS: &[&str] = &["--strict", "--keep-empty"];

const OPERATORS: &[&str] = &[
    "|=", "|~", "|>", "!=", "!~", "=~", "==", ">=", "<=", "=", ">", "<", "|", "{", "}", "(", ")",
    "[", "]", ",", "+", "-", "*", "/", "%", "^", ".",
];

fn intern(list: &[&'static str], word: &str) -> Option<&'static str> {
    list.iter().copied().find(|k| *k == word)
}

pub fn tokenize(input: &str) -> Result<Vec<Token>, ParseError> {
    let chars: Vec<char> = input.chars().collect();
    let mut out = Vec::new();
    let (mut i, mut line, mut col) = (0usize, 1usize, 1usize);
    // Advances over `n` chars keeping line/column right.
    let advance = |i: &mut usize, line: &mut usize, col: &mut usize, n: usize| {
        for _ in 0..n {
            if chars[*i] == '\n' {
                *line += 1;
                *col = 1;
            } else {
                *col += 1;
            }
            *i += 1;
        }
    };
    while i < chars.len() {
        let c = chars[i];
        if c.is_whitespace() {
            advance(&mut i, &mut line, &mut col, 1);
            continue;
        }
        if c == '#' {
            // Comments run to the end of the line, as in Loki.
            while i < chars.len() && chars[i] != '\n' {
                advance(&mut i, &mut line, &mut col, 1);
            }
            continue;
        }
        let (tline, tcol) = (line, col);
        let push = |out: &mut Vec<Token>, tok| {
            out.push(Token {
                tok,
                line: tline,
                col: tcol,
            })
        };

        if c == '"' || c == '`' {
            let (s, used) = lex_string(&chars[i..], c)
                .ok_or_else(|| ParseError::at("literal not terminated", tline, tcol))?;
            push(&mut out, Tok::Str(s));
            advance(&mut i, &mut line, &mut col, used);
            continue;
        }
        if c == '[' {
            // `[5m]` is one RANGE token; anything else inside brackets is Loki's lexer error.
            let close = chars[i..].iter().position(|&ch| ch == ']');
            if let Some(close) = close {
                let inner: String = chars[i + 1..i + close].iter().collect();
                let Some(ns) = parse_logql_duration(inner.trim()) else {
                    return Err(ParseError::at(
                        format!(
                            "syntax error: unexpected RANGE, invalid duration \"{}\"",
                            inner.trim()
                        ),
                        tline,
                        tcol,
                    ));
                };
                push(&mut out, Tok::Range(ns));
                advance(&mut i, &mut line, &mut col, close + 1);
                continue;
            }
        }
        if c.is_ascii_digit() || (c == '.' && chars.get(i + 1).is_some_and(|d| d.is_ascii_digit()))
        {
            let len = chars[i..]
                .iter()
                .position(|ch| !(ch.is_ascii_alphanumeric() || *ch == '.' || *ch == 'µ'))
                .unwrap_or(chars.len() - i);
            let text: String = chars[i..i + len].iter().collect();
            let tok = if let Ok(n) = text.parse::<f64>() {
                Tok::Number(n)
            } else if let Some(ns) = parse_logql_duration(&text) {
                Tok::Duration(ns)
            } else if let Some(b) = parse_bytes(&text) {
                Tok::Bytes(b)
            } else {
                return Err(ParseError::at(
                    format!("syntax error: unexpected {text}"),
                    tline,
                    tcol,
                ));
            };
            push(&mut out, tok);
            advance(&mut i, &mut line, &mut col, len);
            continue;
        }
        if c.is_alphabetic() || c == '_' {
            let len = chars[i..]
                .iter()
                .position(|ch| !(ch.is_alphanumeric() || *ch == '_'))
                .unwrap_or(chars.len() - i);
            let word: String = chars[i..i + len].iter().collect();
            let tok = if let Some(f) =
                intern(FUNCTIONS, &word).filter(|_| followed_by_call(&chars[i + len..]))
            {
                Tok::Keyword(f)
            } else if let Some(k) = intern(KEYWORDS, &word) {
                Tok::Keyword(k)
            } else {
                Tok::Ident(word)
            };
            push(&mut out, tok);
            advance(&mut i, &mut line, &mut col, len);
            continue;
        }
        // Parser flags (`| logfmt --strict --keep-empty`): one token each, as in Loki's lexer.
        if c == '-' && chars.get(i + 1) == Some(&'-') {
            let len = chars[i + 2..]
                .iter()
                .position(|ch| !(ch.is_alphanumeric() || *ch == '-' || *ch == '_'))
                .unwrap_or(chars.len() - i - 2);
            let word: String = chars[i..i + 2 + len].iter().collect();
            if let Some(flag) = intern(PARSER_FLAGS, &word) {
                push(&mut out, Tok::Keyword(flag));
                advance(&mut i, &mut line, &mut col, 2 + len);
                continue;
            }
        }
        let rest: String = chars[i..chars.len().min(i + 2)].iter().collect();
        if let Some(op) = OPERATORS.iter().copied().find(|op| rest.starts_with(op)) {
            push(&mut out, Tok::Punct(op));
            advance(&mut i, &mut line, &mut col, op.chars().count());
            continue;
        }
        return Err(ParseError::at(
            format!("syntax error: unexpected {c}"),
            tline,
            tcol,
        ));
    }
    out.push(Token {
        tok: Tok::End,
        line,
        col,
    });
    Ok(out)
}

/// True when the next non-space text is `(`, `by` or `without`: the word is a function call.
fn followed_by_call(rest: &[char]) -> bool {
    let s: String = rest.iter().collect();
    let t = s.trim_start();
    t.starts_with('(') || starts_with_word(t, "by") || starts_with_word(t, "without")
}

fn starts_with_word(s: &str, w: &str) -> bool {
    s.starts_with(w) && !s[w.len()..].starts_with(|c: char| c.is_alphanumeric() || c == '_')
}

/// Lexes a double-quoted (Go escapes) or backtick (raw) string; returns it and the chars used.
fn lex_string(chars: &[char], quote: char) -> Option<(String, usize)> {
    let mut s = String::new();
    let mut i = 1;
    while i < chars.len() {
        let c = chars[i];
        if c == quote {
            return Some((s, i + 1));
        }
        if c == '\\' && quote == '"' {
            let next = *chars.get(i + 1)?;
            i += 2;
            match next {
                'n' => s.push('\n'),
                't' => s.push('\t'),
                'r' => s.push('\r'),
                '\\' => s.push('\\'),
                '"' => s.push('"'),
                '\'' => s.push('\''),
                'a' => s.push('\u{7}'),
                'b' => s.push('\u{8}'),
                'f' => s.push('\u{c}'),
                'v' => s.push('\u{b}'),
                'u' | 'x' => {
                    let n = if next == 'u' { 4 } else { 2 };
                    let hex: String = chars.get(i..i + n)?.iter().collect();
                    s.push(char::from_u32(u32::from_str_radix(&hex, 16).ok()?)?);
                    i += n;
                }
                // Unknown escapes are kept, so regex classes like `\d` still reach the regex.
                other => {
                    s.push('\\');
                    s.push(other);
                }
            }
            continue;
        }
        if c == '\n' && quote == '"' {
            return None;
        }
        s.push(c);
        i += 1;
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    fn toks(q: &str) -> Vec<Tok> {
        tokenize(q).unwrap().into_iter().map(|t| t.tok).collect()
    }

    #[test]
    fn selector_filters_and_ranges() {
        assert_eq!(
            toks(r#"{job="a", x!~"b.*"} |= `raw\d` [5m]"#),
            vec![
                Tok::Punct("{"),
                Tok::Ident("job".into()),
                Tok::Punct("="),
                Tok::Str("a".into()),
                Tok::Punct(","),
                Tok::Ident("x".into()),
                Tok::Punct("!~"),
                Tok::Str("b.*".into()),
                Tok::Punct("}"),
                Tok::Punct("|="),
                Tok::Str("raw\\d".into()),
                Tok::Range(300_000_000_000),
                Tok::End,
            ]
        );
    }

    #[test]
    fn functions_only_before_a_call() {
        assert_eq!(toks("rate(")[0], Tok::Keyword("rate"));
        assert_eq!(toks("sum by (a)")[0], Tok::Keyword("sum"));
        assert_eq!(toks("rate > 1")[0], Tok::Ident("rate".into()));
        assert_eq!(toks("| json")[1], Tok::Keyword("json"));
    }

    #[test]
    fn literals() {
        assert_eq!(
            toks("> 1.5 250ms 5KB")[1..4],
            [
                Tok::Number(1.5),
                Tok::Duration(250_000_000),
                Tok::Bytes(5000.0)
            ]
        );
        assert_eq!(toks(r#""a\"b\n""#)[0], Tok::Str("a\"b\n".into()));
    }

    #[test]
    fn positions_and_errors() {
        let t = tokenize("{a=\"b\"}\n  |= \"x\"").unwrap();
        assert_eq!((t[5].line, t[5].col), (2, 3));
        let e = tokenize(r#"{foo="bar}"#).unwrap_err();
        assert_eq!(
            e.to_string(),
            "parse error at line 1, col 6: literal not terminated"
        );
    }
}
