//! Recursive-descent parser of the LogQL subset. Anything outside the subset fails the way
//! Loki's yacc parser fails: `syntax error: unexpected X[, expecting A or B]` at the token.

use super::ast::*;
use super::lexer::{tokenize, Tok, Token};
use super::ParseError;
use meshboard_core::loki::logql::quote_logql;
use regex::Regex;

pub fn parse(input: &str) -> Result<Query, ParseError> {
    let tokens = tokenize(input)?;
    let mut p = Parser {
        toks: tokens,
        pos: 0,
    };
    let q = match p.peek() {
        Tok::Punct("{") => Query::Log(p.log_query()?),
        Tok::Keyword("count_over_time" | "rate" | "bytes_over_time" | "sum" | "count" | "topk") => {
            Query::Metric(p.metric()?)
        }
        _ => return Err(p.unexpected(&[])),
    };
    if *p.peek() != Tok::End {
        return Err(p.unexpected(&[]));
    }
    Ok(q)
}

/// Parses a bare stream selector (the `match[]`/`query` of the label, series and volume APIs).
pub fn parse_selector(input: &str) -> Result<Vec<Matcher>, ParseError> {
    match parse(input)? {
        Query::Log(q) if q.stages.is_empty() => Ok(q.matchers),
        _ => Err(ParseError::plain("only label matchers are supported")),
    }
}

struct Parser {
    toks: Vec<Token>,
    pos: usize,
}

impl Parser {
    fn peek(&self) -> &Tok {
        &self.toks[self.pos].tok
    }

    fn next(&mut self) -> Token {
        let t = self.toks[self.pos].clone();
        if self.pos < self.toks.len() - 1 {
            self.pos += 1;
        }
        t
    }

    /// yacc's message: the expected list is only printed when it has at most four entries.
    fn unexpected(&self, expected: &[&str]) -> ParseError {
        let t = &self.toks[self.pos];
        let mut msg = format!("syntax error: unexpected {}", t.tok.display());
        if !expected.is_empty() && expected.len() <= 4 {
            msg.push_str(", expecting ");
            msg.push_str(&expected.join(" or "));
        }
        ParseError::at(msg, t.line, t.col)
    }

    fn expect_punct(&mut self, p: &'static str, expected: &[&str]) -> Result<(), ParseError> {
        if *self.peek() == Tok::Punct(p) {
            self.next();
            Ok(())
        } else {
            Err(self.unexpected(expected))
        }
    }

    fn expect_string(&mut self, expected: &[&str]) -> Result<String, ParseError> {
        match self.peek().clone() {
            Tok::Str(s) => {
                self.next();
                Ok(s)
            }
            _ => Err(self.unexpected(expected)),
        }
    }

    fn log_query(&mut self) -> Result<LogQuery, ParseError> {
        let matchers = self.selector()?;
        let stages = self.stages()?;
        Ok(LogQuery { matchers, stages })
    }

    fn selector(&mut self) -> Result<Vec<Matcher>, ParseError> {
        self.expect_punct("{", &["{"])?;
        let mut matchers = Vec::new();
        loop {
            let name = match self.peek().clone() {
                Tok::Ident(n) => n,
                // Keywords are valid label names only where Loki's lexer leaves them identifiers.
                _ => return Err(self.unexpected(&["IDENTIFIER"])),
            };
            self.next();
            let op = match self.peek() {
                Tok::Punct("=") => MatchOp::Eq,
                Tok::Punct("!=") => MatchOp::Neq,
                Tok::Punct("=~") => MatchOp::Re,
                Tok::Punct("!~") => MatchOp::Nre,
                _ => return Err(self.unexpected(&["=", "=~", "!~", "!="])),
            };
            self.next();
            let value = self.expect_string(&["STRING"])?;
            matchers.push(matcher(name, op, value)?);
            match self.peek() {
                Tok::Punct(",") => {
                    self.next();
                }
                Tok::Punct("}") => {
                    self.next();
                    break;
                }
                _ => return Err(self.unexpected(&["}", ","])),
            }
        }
        // Loki refuses selectors that would match every stream.
        if matchers.iter().all(|m| m.matches(Some(""))) {
            return Err(ParseError::plain(
                "queries require at least one regexp or equality matcher that does not have an \
                 empty-compatible value. For instance, app=~\".*\" does not meet this requirement, \
                 but app=~\".+\" will",
            ));
        }
        Ok(matchers)
    }

    fn stages(&mut self) -> Result<Vec<Stage>, ParseError> {
        let mut stages = Vec::new();
        loop {
            let op = match self.peek() {
                Tok::Punct("|=") => Some(LineOp::Contains),
                Tok::Punct("!=") => Some(LineOp::NotContains),
                Tok::Punct("|~") => Some(LineOp::Match),
                Tok::Punct("!~") => Some(LineOp::NotMatch),
                Tok::Punct("|") => None,
                _ => return Ok(stages),
            };
            self.next();
            if let Some(op) = op {
                let pattern = self.expect_string(&["STRING", "ip"])?;
                stages.push(Stage::Line(line_filter(op, pattern)?));
                continue;
            }
            match self.peek().clone() {
                Tok::Keyword("json") => {
                    self.next();
                    stages.push(Stage::Json);
                }
                Tok::Keyword("logfmt") => {
                    self.next();
                    stages.push(Stage::Logfmt);
                }
                Tok::Keyword("line_format") => {
                    self.next();
                    let text = self.expect_string(&["STRING"])?;
                    stages.push(Stage::LineFormat(parse_template(&text)?));
                }
                Tok::Ident(_) | Tok::Punct("(") => stages.push(Stage::Labels(self.label_or()?)),
                _ => return Err(self.unexpected(&[])),
            }
        }
    }

    fn label_or(&mut self) -> Result<LabelFilter, ParseError> {
        let mut left = self.label_and()?;
        while *self.peek() == Tok::Keyword("or") {
            self.next();
            let right = self.label_and()?;
            left = LabelFilter::Or(Box::new(left), Box::new(right));
        }
        Ok(left)
    }

    fn label_and(&mut self) -> Result<LabelFilter, ParseError> {
        let mut left = self.label_primary()?;
        loop {
            match self.peek() {
                Tok::Keyword("and") | Tok::Punct(",") => {
                    self.next();
                }
                // Loki reads `| a="x" b="y"` (space-separated filters) as `and`.
                Tok::Ident(_) | Tok::Punct("(") => {}
                _ => return Ok(left),
            }
            let right = self.label_primary()?;
            left = LabelFilter::And(Box::new(left), Box::new(right));
        }
    }

    fn label_primary(&mut self) -> Result<LabelFilter, ParseError> {
        if *self.peek() == Tok::Punct("(") {
            self.next();
            let inner = self.label_or()?;
            self.expect_punct(")", &[")", "and", "or", ","])?;
            return Ok(inner);
        }
        let name = match self.peek().clone() {
            Tok::Ident(n) => n,
            _ => return Err(self.unexpected(&["IDENTIFIER", "("])),
        };
        self.next();
        let op_tok = self.peek().clone();
        let cmp = match op_tok {
            Tok::Punct("==") | Tok::Punct("=") => Some(CmpOp::Eq),
            Tok::Punct("!=") => Some(CmpOp::Neq),
            Tok::Punct(">") => Some(CmpOp::Gt),
            Tok::Punct(">=") => Some(CmpOp::Gte),
            Tok::Punct("<") => Some(CmpOp::Lt),
            Tok::Punct("<=") => Some(CmpOp::Lte),
            Tok::Punct("=~") | Tok::Punct("!~") => None,
            _ => return Err(self.unexpected(&[])),
        };
        self.next();
        let value = match self.peek().clone() {
            Tok::Str(s) => {
                let op = match op_tok {
                    Tok::Punct("=") => MatchOp::Eq,
                    Tok::Punct("!=") => MatchOp::Neq,
                    Tok::Punct("=~") => MatchOp::Re,
                    Tok::Punct("!~") => MatchOp::Nre,
                    _ => return Err(self.unexpected(&["NUMBER", "DURATION", "BYTES"])),
                };
                self.next();
                return Ok(LabelFilter::Str(matcher(name, op, s)?));
            }
            _ if cmp.is_none() => return Err(self.unexpected(&["STRING"])),
            Tok::Number(n) => CmpValue::Number(n),
            Tok::Duration(d) => CmpValue::Duration(d),
            Tok::Bytes(b) => CmpValue::Bytes(b),
            _ => return Err(self.unexpected(&[])),
        };
        self.next();
        Ok(LabelFilter::Cmp {
            name,
            op: cmp.unwrap_or(CmpOp::Eq),
            value,
        })
    }

    fn metric(&mut self) -> Result<MetricExpr, ParseError> {
        let tok = self.next();
        let word = match tok.tok {
            Tok::Keyword(w) => w,
            _ => unreachable!("metric() is only entered on a function keyword"),
        };
        let func = match word {
            "count_over_time" => Some(RangeFn::CountOverTime),
            "rate" => Some(RangeFn::Rate),
            "bytes_over_time" => Some(RangeFn::BytesOverTime),
            _ => None,
        };
        if let Some(func) = func {
            self.expect_punct("(", &["("])?;
            let mut query = self.log_query()?;
            let range_ns = match self.peek() {
                Tok::Range(r) => *r,
                _ => return Err(self.unexpected(&["RANGE"])),
            };
            self.next();
            // Loki also accepts the pipeline after the range: `rate({a="b"}[5m] |= "x")`.
            query.stages.extend(self.stages()?);
            self.expect_punct(")", &[")"])?;
            if matches!(self.peek(), Tok::Keyword("by" | "without")) {
                return Err(ParseError::plain(format!(
                    "grouping not allowed for {word} aggregation"
                )));
            }
            return Ok(MetricExpr::Range {
                func,
                query,
                range_ns,
            });
        }
        let op = match word {
            "sum" => AggOp::Sum,
            "count" => AggOp::Count,
            "topk" => AggOp::Topk,
            _ => {
                return Err(ParseError::at(
                    format!("syntax error: unexpected {word}"),
                    tok.line,
                    tok.col,
                ))
            }
        };
        let mut grouping = self.grouping()?;
        self.expect_punct("(", &["("])?;
        let mut k = None;
        if op == AggOp::Topk {
            let n = match self.peek() {
                Tok::Number(n) => *n,
                _ => return Err(self.unexpected(&["NUMBER"])),
            };
            if n.fract() != 0.0 || n < 1.0 {
                return Err(ParseError::plain(format!(
                    "invalid parameter (must be strictly positive integer) topk({n},"
                )));
            }
            self.next();
            self.expect_punct(",", &[","])?;
            k = Some(n as usize);
        }
        let inner = match self.peek() {
            Tok::Keyword(
                "count_over_time" | "rate" | "bytes_over_time" | "sum" | "count" | "topk",
            ) => self.metric()?,
            _ => return Err(self.unexpected(&[])),
        };
        self.expect_punct(")", &[")"])?;
        if grouping.is_none() {
            grouping = self.grouping()?;
        }
        Ok(MetricExpr::Agg {
            op,
            grouping,
            k,
            inner: Box::new(inner),
        })
    }

    fn grouping(&mut self) -> Result<Option<Grouping>, ParseError> {
        let without = match self.peek() {
            Tok::Keyword("by") => false,
            Tok::Keyword("without") => true,
            _ => return Ok(None),
        };
        self.next();
        self.expect_punct("(", &["("])?;
        let mut labels = Vec::new();
        if *self.peek() == Tok::Punct(")") {
            self.next();
            return Ok(Some(Grouping { without, labels }));
        }
        loop {
            match self.peek().clone() {
                Tok::Ident(n) => labels.push(n),
                _ => return Err(self.unexpected(&["IDENTIFIER"])),
            }
            self.next();
            match self.peek() {
                Tok::Punct(",") => {
                    self.next();
                }
                Tok::Punct(")") => {
                    self.next();
                    return Ok(Some(Grouping { without, labels }));
                }
                _ => return Err(self.unexpected(&[")", ","])),
            }
        }
    }
}

fn matcher(name: String, op: MatchOp, value: String) -> Result<Matcher, ParseError> {
    let re = match op {
        MatchOp::Re | MatchOp::Nre => {
            Some(Regex::new(&format!("^(?s:{value})$")).map_err(|e| {
                ParseError::plain(format!("error parsing regexp: {}", first_line(&e)))
            })?)
        }
        _ => None,
    };
    Ok(Matcher {
        name,
        op,
        value,
        re,
    })
}

fn line_filter(op: LineOp, pattern: String) -> Result<LineFilter, ParseError> {
    let re =
        match op {
            LineOp::Match | LineOp::NotMatch => Some(Regex::new(&pattern).map_err(|e| {
                ParseError::plain(format!("error parsing regexp: {}", first_line(&e)))
            })?),
            _ => None,
        };
    Ok(LineFilter { op, pattern, re })
}

fn first_line(e: &regex::Error) -> String {
    e.to_string()
        .lines()
        .last()
        .unwrap_or_default()
        .trim()
        .to_string()
}

/// Parses the `{{.field}}` subset of Go templates; other actions fail like Loki's stage check.
fn parse_template(text: &str) -> Result<Vec<TemplatePart>, ParseError> {
    let stage_err = |why: String| {
        ParseError::plain(format!(
            "stage '| line_format {}' : invalid line template: template: line:1: {why}",
            // Loki prints the stage with Go's `strconv.Quote`; the app's LogQL quoting escapes
            // the same `"`, `\`, newline, CR and tab (Go also escapes rarer control characters).
            quote_logql(text)
        ))
    };
    let mut parts = Vec::new();
    let mut rest = text;
    while let Some(open) = rest.find("{{") {
        if open > 0 {
            parts.push(TemplatePart::Text(rest[..open].to_string()));
        }
        let after = &rest[open + 2..];
        let close = after
            .find("}}")
            .ok_or_else(|| stage_err("unclosed action".into()))?;
        let action = after[..close].trim_matches(|c: char| c == '-' || c.is_whitespace());
        match action.strip_prefix('.') {
            Some(field)
                if !field.is_empty() && field.chars().all(|c| c.is_alphanumeric() || c == '_') =>
            {
                parts.push(TemplatePart::Field(field.to_string()))
            }
            _ => {
                let word = action.split_whitespace().next().unwrap_or("");
                return Err(stage_err(if word.is_empty() {
                    "missing value for command".into()
                } else if word.starts_with(|c: char| c.is_alphabetic()) {
                    format!("function \"{word}\" not defined")
                } else {
                    format!("unexpected \"{word}\" in operand")
                }));
            }
        }
        rest = &after[close + 2..];
    }
    if !rest.is_empty() {
        parts.push(TemplatePart::Text(rest.to_string()));
    }
    Ok(parts)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn err(q: &str) -> String {
        parse(q).unwrap_err().to_string()
    }

    #[test]
    fn log_queries() {
        let Query::Log(q) = parse(r#"{job="fl", level=~"warn|error"} |= "round" != "debug" | json | level="error" | duration > 1s or status >= 500 | line_format "{{.event}} {{ .round_id }}""#).unwrap() else {
            panic!("not a log query")
        };
        assert_eq!(q.matchers.len(), 2);
        assert_eq!(q.stages.len(), 6);
        assert!(matches!(q.stages[2], Stage::Json));
        assert_eq!(
            q.stages[4],
            Stage::Labels(LabelFilter::Or(
                Box::new(LabelFilter::Cmp {
                    name: "duration".into(),
                    op: CmpOp::Gt,
                    value: CmpValue::Duration(1_000_000_000)
                }),
                Box::new(LabelFilter::Cmp {
                    name: "status".into(),
                    op: CmpOp::Gte,
                    value: CmpValue::Number(500.0)
                }),
            ))
        );
        assert_eq!(
            q.stages[5],
            Stage::LineFormat(vec![
                TemplatePart::Field("event".into()),
                TemplatePart::Text(" ".into()),
                TemplatePart::Field("round_id".into())
            ])
        );
    }

    #[test]
    fn label_filter_precedence_and_commas() {
        let Query::Log(q) =
            parse(r#"{a="b"} | logfmt | x="1", y!="2" or (z=~"3.*" and w < 5KB)"#).unwrap()
        else {
            panic!()
        };
        let Stage::Labels(LabelFilter::Or(l, r)) = &q.stages[1] else {
            panic!("{:?}", q.stages[1])
        };
        assert!(matches!(**l, LabelFilter::And(..)));
        assert!(matches!(**r, LabelFilter::And(..)));
    }

    #[test]
    fn metric_queries() {
        let Query::Metric(m) =
            parse(r#"topk(3, sum by (instance) (rate({job="api"} |= "error" [5m])))"#).unwrap()
        else {
            panic!()
        };
        let MetricExpr::Agg {
            op: AggOp::Topk,
            k: Some(3),
            inner,
            grouping: None,
        } = m
        else {
            panic!()
        };
        let MetricExpr::Agg {
            op: AggOp::Sum,
            grouping: Some(g),
            inner,
            ..
        } = *inner
        else {
            panic!()
        };
        assert_eq!(
            g,
            Grouping {
                without: false,
                labels: vec!["instance".into()]
            }
        );
        assert!(matches!(
            *inner,
            MetricExpr::Range {
                func: RangeFn::Rate,
                range_ns: 300_000_000_000,
                ..
            }
        ));

        assert!(parse(r#"sum(count_over_time({a="b"}[1m])) without (x, y)"#).is_ok());
        assert!(parse(r#"count(bytes_over_time({a="b"}[1h] | json | level="error"))"#).is_ok());
        assert!(parse(r#"sum by () (count_over_time({a="b"}[1m]))"#).is_ok());
    }

    #[test]
    fn loki_error_messages() {
        assert_eq!(
            err(r#"{foo="bar}"#),
            "parse error at line 1, col 6: literal not terminated"
        );
        assert_eq!(
            err(r#"{foo="bar""#),
            "parse error at line 1, col 11: syntax error: unexpected $end, expecting } or ,"
        );
        assert_eq!(
            err(r#"{foo="bar"} |~"#),
            "parse error at line 1, col 15: syntax error: unexpected $end, expecting STRING or ip"
        );
        assert_eq!(
            err(r#"{foo="bar"} "foo""#),
            "parse error at line 1, col 13: syntax error: unexpected STRING"
        );
        assert_eq!(
            err(r#"{foo="bar"} foo"#),
            "parse error at line 1, col 13: syntax error: unexpected IDENTIFIER"
        );
        assert_eq!(
            err("{}"),
            "parse error at line 1, col 2: syntax error: unexpected }, expecting IDENTIFIER"
        );
        assert_eq!(
            err(""),
            "parse error at line 1, col 1: syntax error: unexpected $end"
        );
        assert!(err(r#"{a=""}"#).starts_with("parse error : queries require at least one regexp"));
        assert!(err(r#"{a=~"("}"#).starts_with("parse error : error parsing regexp"));
    }

    #[test]
    fn outside_the_subset_is_a_syntax_error() {
        assert_eq!(
            err(r#"{a="b"} | pattern "<x>""#),
            "parse error at line 1, col 11: syntax error: unexpected pattern"
        );
        assert_eq!(
            err(r#"avg_over_time({a="b"} | unwrap x [1m])"#),
            "parse error at line 1, col 1: syntax error: unexpected avg_over_time"
        );
        assert_eq!(
            err(r#"sum(rate({a="b"}[1m])) / 2"#),
            "parse error at line 1, col 24: syntax error: unexpected /"
        );
        assert_eq!(
            err(r#"count_over_time({a="b"})"#),
            "parse error at line 1, col 24: syntax error: unexpected ), expecting RANGE"
        );
        assert_eq!(
            err(r#"rate({a="b"}[1m]) by (x)"#),
            "parse error : grouping not allowed for rate aggregation"
        );
        assert_eq!(
            err(r#"{a="b"} | line_format "{{ upper .x }}""#),
            "parse error : stage '| line_format \"{{ upper .x }}\"' : invalid line template: template: line:1: function \"upper\" not defined"
        );
        assert_eq!(
            err(r#"{a="b"} | json foo="bar""#),
            "parse error at line 1, col 16: syntax error: unexpected IDENTIFIER"
        );
        assert!(parse_selector(r#"{a="b"} |= "x""#)
            .unwrap_err()
            .to_string()
            .contains("only label matchers"));
    }
}
