//! Recursive-descent parser of LogQL. Errors read the way Loki's yacc parser words them:
//! `syntax error: unexpected X[, expecting A or B]` at the token, and `parse error : ...` for
//! the checks Loki makes after parsing (`pkg/logql/syntax`).

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
        _ => Query::Metric(p.expr()?),
    };
    if *p.peek() != Tok::End {
        // `| unwrap` outside a range aggregation: yacc stops at the keyword, not at the pipe.
        if p.at_unwrap() {
            p.next();
        }
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

    /// True at `| unwrap`: the pipeline of a range aggregation ends there.
    fn at_unwrap(&self) -> bool {
        *self.peek() == Tok::Punct("|")
            && self.toks.get(self.pos + 1).map(|t| &t.tok) == Some(&Tok::Keyword("unwrap"))
    }

    fn stages(&mut self) -> Result<Vec<Stage>, ParseError> {
        let mut stages = Vec::new();
        loop {
            let op = match self.peek() {
                Tok::Punct("|=") => Some(LineOp::Contains),
                Tok::Punct("!=") => Some(LineOp::NotContains),
                Tok::Punct("|~") => Some(LineOp::Match),
                Tok::Punct("!~") => Some(LineOp::NotMatch),
                Tok::Punct("|") if !self.at_unwrap() => None,
                _ => return Ok(stages),
            };
            self.next();
            if let Some(op) = op {
                // `|= ip("...")`, `!= ip("...")` (Loki allows no regex form).
                if *self.peek() == Tok::Keyword("ip")
                    && matches!(op, LineOp::Contains | LineOp::NotContains)
                {
                    let pattern = self.ip_pattern()?;
                    let mut f = line_filter(op, Vec::new())?;
                    f.ip = Some(pattern);
                    stages.push(Stage::Line(f));
                    continue;
                }
                let mut patterns = vec![self.expect_string(&["STRING", "ip"])?];
                // `|= "a" or "b"`: alternatives of one filter.
                while *self.peek() == Tok::Keyword("or")
                    && matches!(
                        self.toks.get(self.pos + 1).map(|t| &t.tok),
                        Some(Tok::Str(_))
                    )
                {
                    self.next();
                    patterns.push(self.expect_string(&["STRING"])?);
                }
                stages.push(Stage::Line(line_filter(op, patterns)?));
                continue;
            }
            match self.peek().clone() {
                Tok::Keyword("json") => {
                    self.next();
                    let mut fields = Vec::new();
                    if matches!(self.peek(), Tok::Ident(_)) {
                        loop {
                            let name = self.ident(&["IDENTIFIER"])?;
                            let path = if *self.peek() == Tok::Punct("=") {
                                self.next();
                                json_path(&self.expect_string(&["STRING"])?)
                            } else {
                                vec![name.clone()]
                            };
                            fields.push((name, path));
                            if *self.peek() != Tok::Punct(",") {
                                break;
                            }
                            self.next();
                        }
                    }
                    stages.push(Stage::Json(fields));
                }
                Tok::Keyword("logfmt") => {
                    self.next();
                    let (mut strict, mut keep_empty) = (false, false);
                    loop {
                        match self.peek() {
                            Tok::Keyword("--strict") => strict = true,
                            Tok::Keyword("--keep-empty") => keep_empty = true,
                            _ => break,
                        }
                        self.next();
                    }
                    stages.push(Stage::Logfmt { strict, keep_empty });
                }
                Tok::Keyword("unpack") => {
                    self.next();
                    stages.push(Stage::Unpack);
                }
                Tok::Keyword("decolorize") => {
                    self.next();
                    stages.push(Stage::Decolorize);
                }
                Tok::Keyword("regexp") => {
                    self.next();
                    let text = self.expect_string(&["STRING"])?;
                    let re = Regex::new(&text).map_err(|e| {
                        ParseError::plain(format!("error parsing regexp: {}", first_line(&e)))
                    })?;
                    if re.capture_names().flatten().next().is_none() {
                        return Err(ParseError::plain(format!(
                            "stage '| regexp {}' : at least one named capture must be supplied",
                            quote_logql(&text)
                        )));
                    }
                    stages.push(Stage::Regexp(RegexpStage(re)));
                }
                Tok::Keyword("pattern") => {
                    self.next();
                    let text = self.expect_string(&["STRING"])?;
                    stages.push(Stage::Pattern(parse_pattern(&text)?));
                }
                Tok::Keyword("line_format") => {
                    self.next();
                    let text = self.expect_string(&["STRING"])?;
                    stages.push(Stage::LineFormat(parse_template("line_format", &text)?));
                }
                Tok::Keyword("label_format") => {
                    self.next();
                    let mut list = Vec::new();
                    loop {
                        let dst = self.ident(&["IDENTIFIER"])?;
                        self.expect_punct("=", &["="])?;
                        let src = match self.peek().clone() {
                            Tok::Str(t) => {
                                self.next();
                                LabelFmt::Template(parse_template("label_format", &t)?)
                            }
                            Tok::Ident(n) => {
                                self.next();
                                LabelFmt::Rename(n)
                            }
                            _ => return Err(self.unexpected(&["STRING", "IDENTIFIER"])),
                        };
                        list.push((dst, src));
                        if *self.peek() != Tok::Punct(",") {
                            break;
                        }
                        self.next();
                    }
                    stages.push(Stage::LabelFormat(list));
                }
                Tok::Keyword(w @ ("drop" | "keep")) => {
                    self.next();
                    let mut list = Vec::new();
                    loop {
                        let name = self.label_name(&["IDENTIFIER"])?;
                        let op = match self.peek() {
                            Tok::Punct("=") => Some(MatchOp::Eq),
                            Tok::Punct("!=") => Some(MatchOp::Neq),
                            Tok::Punct("=~") => Some(MatchOp::Re),
                            Tok::Punct("!~") => Some(MatchOp::Nre),
                            _ => None,
                        };
                        list.push(match op {
                            Some(op) => {
                                self.next();
                                let v = self.expect_string(&["STRING"])?;
                                NameMatcher::Matcher(matcher(name, op, v)?)
                            }
                            None => NameMatcher::Name(name),
                        });
                        if *self.peek() != Tok::Punct(",") {
                            break;
                        }
                        self.next();
                    }
                    stages.push(if w == "drop" {
                        Stage::Drop(list)
                    } else {
                        Stage::Keep(list)
                    });
                }
                Tok::Ident(_) | Tok::Keyword("__error__") | Tok::Punct("(") => {
                    stages.push(Stage::Labels(self.label_or()?))
                }
                _ => return Err(self.unexpected(&[])),
            }
        }
    }

    fn ident(&mut self, expected: &[&str]) -> Result<String, ParseError> {
        match self.peek().clone() {
            Tok::Ident(n) => {
                self.next();
                Ok(n)
            }
            _ => Err(self.unexpected(expected)),
        }
    }

    /// A label name in a pipeline: identifiers, and `__error__` (a keyword in Loki's lexer).
    fn label_name(&mut self, expected: &[&str]) -> Result<String, ParseError> {
        if *self.peek() == Tok::Keyword("__error__") {
            self.next();
            return Ok("__error__".into());
        }
        self.ident(expected)
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
                Tok::Ident(_) | Tok::Keyword("__error__") | Tok::Punct("(") => {}
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
        let name = self.label_name(&["IDENTIFIER", "("])?;
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
        // `name = ip("...")` / `name != ip("...")`.
        if *self.peek() == Tok::Keyword("ip") && matches!(cmp, Some(CmpOp::Eq | CmpOp::Neq)) {
            let pattern = self.ip_pattern()?;
            return Ok(LabelFilter::Ip {
                name,
                negate: cmp == Some(CmpOp::Neq),
                pattern,
            });
        }
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

    /// `ip("...")`, the pattern checked as Loki checks it.
    fn ip_pattern(&mut self) -> Result<IpPattern, ParseError> {
        self.next();
        self.expect_punct("(", &["("])?;
        let text = self.expect_string(&["STRING"])?;
        self.expect_punct(")", &[")"])?;
        IpPattern::parse(&text)
            .ok_or_else(|| ParseError::plain(format!("invalid ip pattern: {text}")))
    }

    /// A metric expression with binary operators, lowest precedence first:
    /// `or` < `and`/`unless` < comparisons < `+ -` < `* / %` < `^` (right-associative).
    fn expr(&mut self) -> Result<MetricExpr, ParseError> {
        self.binary(0)
    }

    fn binary(&mut self, level: usize) -> Result<MetricExpr, ParseError> {
        const LEVELS: &[&[(&str, BinOp)]] = &[
            &[("or", BinOp::Or)],
            &[("and", BinOp::And), ("unless", BinOp::Unless)],
            &[
                ("==", BinOp::Eq),
                ("!=", BinOp::Neq),
                (">", BinOp::Gt),
                (">=", BinOp::Gte),
                ("<", BinOp::Lt),
                ("<=", BinOp::Lte),
            ],
            &[("+", BinOp::Add), ("-", BinOp::Sub)],
            &[("*", BinOp::Mul), ("/", BinOp::Div), ("%", BinOp::Mod)],
            &[("^", BinOp::Pow)],
        ];
        if level == LEVELS.len() {
            return self.unary();
        }
        let mut left = self.binary(level + 1)?;
        loop {
            let op = match self.peek() {
                Tok::Punct(p) | Tok::Keyword(p) => LEVELS[level]
                    .iter()
                    .find(|(t, _)| t == p)
                    .map(|(_, op)| *op),
                _ => None,
            };
            let Some(op) = op else {
                return Ok(left);
            };
            self.next();
            let return_bool = op.is_comparison() && *self.peek() == Tok::Keyword("bool");
            if return_bool {
                self.next();
            }
            let matching = self.vector_matching()?;
            // `^` is right-associative: its right side is parsed at the same level.
            let right = if op == BinOp::Pow {
                self.binary(level)?
            } else {
                self.binary(level + 1)?
            };
            // Loki's check (`pkg/logql/syntax/ast.go`), the number printed with Go's `%f`.
            if op.is_set() {
                for (leg, side) in [("left", &left), ("right", &right)] {
                    if let MetricExpr::Number(n) = side {
                        return Err(ParseError::plain(format!(
                            "unexpected literal for {leg} leg of logical/set binary operation ({}): {n:.6}",
                            op_text(op)
                        )));
                    }
                }
            }
            left = MetricExpr::Binary {
                op,
                return_bool,
                matching,
                lhs: Box::new(left),
                rhs: Box::new(right),
            };
        }
    }

    fn unary(&mut self) -> Result<MetricExpr, ParseError> {
        match self.peek().clone() {
            Tok::Punct("-") => {
                self.next();
                Ok(match self.unary()? {
                    MetricExpr::Number(n) => MetricExpr::Number(-n),
                    e => MetricExpr::Binary {
                        op: BinOp::Mul,
                        return_bool: false,
                        matching: None,
                        lhs: Box::new(e),
                        rhs: Box::new(MetricExpr::Number(-1.0)),
                    },
                })
            }
            Tok::Punct("+") => {
                self.next();
                self.unary()
            }
            Tok::Number(n) => {
                self.next();
                Ok(MetricExpr::Number(n))
            }
            Tok::Punct("(") => {
                self.next();
                let e = self.expr()?;
                self.expect_punct(")", &[")"])?;
                Ok(e)
            }
            Tok::Keyword("vector") => {
                self.next();
                self.expect_punct("(", &["("])?;
                let n = match self.peek() {
                    Tok::Number(n) => *n,
                    _ => return Err(self.unexpected(&["NUMBER"])),
                };
                self.next();
                self.expect_punct(")", &[")"])?;
                Ok(MetricExpr::Vector(n))
            }
            Tok::Keyword("label_replace") => self.label_replace(),
            Tok::Keyword(w) if RangeFn::from_name(w).is_some() || AggOp::from_name(w).is_some() => {
                self.metric()
            }
            _ => Err(self.unexpected(&[])),
        }
    }

    fn metric(&mut self) -> Result<MetricExpr, ParseError> {
        let tok = self.next();
        let word = match tok.tok {
            Tok::Keyword(w) => w,
            _ => unreachable!("metric() is only entered on a function keyword"),
        };
        if let Some(func) = RangeFn::from_name(word) {
            return self.range_aggregation(word, func);
        }
        let Some(op) = AggOp::from_name(word) else {
            return Err(ParseError::at(
                format!("syntax error: unexpected {word}"),
                tok.line,
                tok.col,
            ));
        };
        let mut grouping = self.grouping()?;
        self.expect_punct("(", &["("])?;
        let mut k = None;
        if matches!(op, AggOp::Topk | AggOp::Bottomk) {
            let n = match self.peek() {
                Tok::Number(n) => *n,
                _ => return Err(self.unexpected(&["NUMBER"])),
            };
            if n.fract() != 0.0 || n < 1.0 {
                return Err(ParseError::plain(format!(
                    "invalid parameter (must be strictly positive integer) {word}({n},"
                )));
            }
            self.next();
            self.expect_punct(",", &[","])?;
            k = Some(n as usize);
        }
        let inner = self.expr()?;
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

    /// `func([φ,] selector pipeline [| unwrap x] [range] [offset d] [pipeline] [unwrap]) [by]`.
    fn range_aggregation(&mut self, word: &str, func: RangeFn) -> Result<MetricExpr, ParseError> {
        self.expect_punct("(", &["("])?;
        let mut param = None;
        if func == RangeFn::QuantileOverTime {
            param = Some(match self.peek() {
                Tok::Number(n) => *n,
                _ => return Err(self.unexpected(&["NUMBER"])),
            });
            self.next();
            self.expect_punct(",", &[","])?;
        }
        let mut query = self.log_query()?;
        let mut unwrap = self.unwrap()?;
        let range_ns = match self.peek() {
            Tok::Range(r) => *r,
            _ => return Err(self.unexpected(&["RANGE"])),
        };
        self.next();
        let mut offset_ns = 0;
        if *self.peek() == Tok::Keyword("offset") {
            self.next();
            offset_ns = match self.peek() {
                Tok::Duration(d) => *d,
                _ => return Err(self.unexpected(&["DURATION"])),
            };
            self.next();
        }
        // Loki also accepts the pipeline after the range: `rate({a="b"}[5m] |= "x")`.
        if unwrap.is_none() {
            query.stages.extend(self.stages()?);
            unwrap = self.unwrap()?;
        }
        self.expect_punct(")", &[")"])?;
        let grouping = self.grouping()?;
        if grouping.is_some()
            && !matches!(
                func,
                RangeFn::AvgOverTime
                    | RangeFn::StddevOverTime
                    | RangeFn::StdvarOverTime
                    | RangeFn::QuantileOverTime
                    | RangeFn::MaxOverTime
                    | RangeFn::MinOverTime
                    | RangeFn::FirstOverTime
                    | RangeFn::LastOverTime
            )
        {
            return Err(ParseError::plain(format!(
                "grouping not allowed for {word} aggregation"
            )));
        }
        match (&unwrap, func.needs_unwrap()) {
            (Some(_), false) if !matches!(func, RangeFn::Rate | RangeFn::AbsentOverTime) => {
                return Err(ParseError::plain(format!(
                    "invalid aggregation {word} with unwrap"
                )))
            }
            (None, true) => {
                return Err(ParseError::plain(format!(
                    "invalid aggregation {word} without unwrap"
                )))
            }
            _ => {}
        }
        Ok(MetricExpr::Range {
            func,
            query,
            range_ns,
            offset_ns,
            unwrap,
            param,
            grouping,
        })
    }

    /// `| unwrap label`, `| unwrap duration(label)`, `| unwrap bytes(label)`, then any label
    /// filters that apply after it.
    fn unwrap(&mut self) -> Result<Option<Unwrap>, ParseError> {
        if !self.at_unwrap() {
            return Ok(None);
        }
        self.next();
        self.next();
        let conv = match self.peek() {
            Tok::Keyword("duration" | "duration_seconds") => Some(Conv::Duration),
            Tok::Keyword("bytes") => Some(Conv::Bytes),
            _ => None,
        };
        let label = match conv {
            Some(_) => {
                self.next();
                self.expect_punct("(", &["("])?;
                let l = self.ident(&["IDENTIFIER"])?;
                self.expect_punct(")", &[")"])?;
                l
            }
            None => self.ident(&["IDENTIFIER", "bytes", "duration", "duration_seconds"])?,
        };
        let mut post = Vec::new();
        while *self.peek() == Tok::Punct("|") {
            self.next();
            post.push(self.label_or()?);
        }
        Ok(Some(Unwrap {
            label,
            conv: conv.unwrap_or(Conv::Float),
            post,
        }))
    }

    fn grouping(&mut self) -> Result<Option<Grouping>, ParseError> {
        let without = match self.peek() {
            Tok::Keyword("by") => false,
            Tok::Keyword("without") => true,
            _ => return Ok(None),
        };
        self.next();
        let labels = self.label_list()?;
        Ok(Some(Grouping { without, labels }))
    }

    /// `(a, b)`: label names in parentheses, possibly none.
    fn label_list(&mut self) -> Result<Vec<String>, ParseError> {
        self.expect_punct("(", &["("])?;
        let mut labels = Vec::new();
        if *self.peek() == Tok::Punct(")") {
            self.next();
            return Ok(labels);
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
                    return Ok(labels);
                }
                _ => return Err(self.unexpected(&[")", ","])),
            }
        }
    }

    /// `on (a)` / `ignoring (a)`, then `group_left [(b)]` / `group_right [(b)]`.
    fn vector_matching(&mut self) -> Result<Option<VectorMatching>, ParseError> {
        let on = match self.peek() {
            Tok::Keyword("on") => true,
            Tok::Keyword("ignoring") => false,
            _ => return Ok(None),
        };
        self.next();
        let labels = self.label_list()?;
        let card = match self.peek() {
            Tok::Keyword("group_left") => Card::ManyToOne,
            Tok::Keyword("group_right") => Card::OneToMany,
            _ => {
                return Ok(Some(VectorMatching {
                    on,
                    labels,
                    card: Card::OneToOne,
                    include: Vec::new(),
                }))
            }
        };
        self.next();
        let include = if *self.peek() == Tok::Punct("(") {
            self.label_list()?
        } else {
            Vec::new()
        };
        Ok(Some(VectorMatching {
            on,
            labels,
            card,
            include,
        }))
    }

    /// `label_replace(v, "dst", "replacement", "src", "regex")`.
    fn label_replace(&mut self) -> Result<MetricExpr, ParseError> {
        self.next();
        self.expect_punct("(", &["("])?;
        let inner = self.expr()?;
        let mut args = Vec::new();
        for _ in 0..4 {
            self.expect_punct(",", &[","])?;
            args.push(self.expect_string(&["STRING"])?);
        }
        self.expect_punct(")", &[")"])?;
        let [dst, replacement, src, regex] = <[String; 4]>::try_from(args).expect("four arguments");
        if Regex::new(&format!("^(?:{regex})$")).is_err() {
            return Err(ParseError::plain(format!(
                "invalid regular expression in label_replace(): {regex}"
            )));
        }
        if !is_label_name(&dst) {
            return Err(ParseError::plain(format!(
                "invalid destination label name in label_replace(): {dst}"
            )));
        }
        Ok(MetricExpr::LabelReplace {
            inner: Box::new(inner),
            dst,
            replacement,
            src,
            regex,
        })
    }
}

fn is_label_name(s: &str) -> bool {
    let mut chars = s.chars();
    chars
        .next()
        .is_some_and(|c| c.is_ascii_alphabetic() || c == '_')
        && chars.all(|c| c.is_ascii_alphanumeric() || c == '_')
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

fn line_filter(op: LineOp, patterns: Vec<String>) -> Result<LineFilter, ParseError> {
    let res = match op {
        LineOp::Match | LineOp::NotMatch => patterns
            .iter()
            .map(|p| {
                Regex::new(p).map_err(|e| {
                    ParseError::plain(format!("error parsing regexp: {}", first_line(&e)))
                })
            })
            .collect::<Result<_, _>>()?,
        _ => Vec::new(),
    };
    Ok(LineFilter {
        op,
        patterns,
        res,
        ip: None,
    })
}

fn op_text(op: BinOp) -> &'static str {
    match op {
        BinOp::And => "and",
        BinOp::Or => "or",
        _ => "unless",
    }
}

/// `json a="b.c[0]"`: the path as keys (array indexes as numbers).
fn json_path(text: &str) -> Vec<String> {
    text.split(['.', '['])
        .map(|p| p.trim_end_matches(']').trim_matches('"').to_string())
        .filter(|p| !p.is_empty())
        .collect()
}

/// Loki's pattern expressions: `<name>` captures, `<_>` skips, the rest literal; at least one
/// named capture and no two captures side by side (`pkg/logql/log/pattern`).
fn parse_pattern(text: &str) -> Result<Vec<PatternPart>, ParseError> {
    let err =
        |why: &str| ParseError::plain(format!("stage '| pattern {}' : {why}", quote_logql(text)));
    let mut parts = Vec::new();
    let mut rest = text;
    while !rest.is_empty() {
        let capture = rest.strip_prefix('<').and_then(|r| {
            let end = r.find('>')?;
            let name = &r[..end];
            (name == "_"
                || (!name.is_empty() && name.chars().all(|c| c.is_alphanumeric() || c == '_')))
            .then_some((name, &r[end + 1..]))
        });
        match capture {
            Some((name, r)) => {
                if matches!(parts.last(), Some(PatternPart::Capture(_))) {
                    return Err(err("found consecutive capture"));
                }
                parts.push(PatternPart::Capture(
                    (name != "_").then(|| name.to_string()),
                ));
                rest = r;
            }
            None => {
                let next = rest[1..].find('<').map(|i| i + 1).unwrap_or(rest.len());
                match parts.last_mut() {
                    Some(PatternPart::Lit(l)) => l.push_str(&rest[..next]),
                    _ => parts.push(PatternPart::Lit(rest[..next].to_string())),
                }
                rest = &rest[next..];
            }
        }
    }
    if !parts
        .iter()
        .any(|p| matches!(p, PatternPart::Capture(Some(_))))
    {
        return Err(err("at least one capture is required"));
    }
    Ok(parts)
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
fn parse_template(stage: &str, text: &str) -> Result<Vec<TemplatePart>, ParseError> {
    let stage_err = |why: String| {
        ParseError::plain(format!(
            "stage '| {stage} {}' : invalid line template: template: line:1: {why}",
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
        assert!(matches!(q.stages[2], Stage::Json(_)));
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
    fn the_rest_of_logql() {
        for q in [
            r#"{a="b"} | pattern "<ip> - <_> <status>""#,
            r#"{a="b"} | regexp "(?P<method>\\w+) (?P<path>\\S+)""#,
            r#"{a="b"} |= "x" or "y" != "z""#,
            r#"{a="b"} | json | label_format who=user, msg="{{.method}} {{.path}}""#,
            r#"{a="b"} | json | drop __error__, __error_details__, level="info""#,
            r#"{a="b"} | logfmt | keep level, instance | __error__="""#,
            r#"{a="b"} | json first="a.b", second | decolorize"#,
            r#"avg_over_time({a="b"} | logfmt | unwrap duration(took) | __error__="" [1m]) by (x)"#,
            r#"quantile_over_time(0.99, {a="b"} | json | unwrap bytes(size) [5m])"#,
            r#"sum(rate({a="b"}[1m])) / 2"#,
            r#"sum(rate({a="b"}[1m] offset 1h)) > bool 0.5 or vector(0)"#,
            r#"count_over_time({a="b"}[5m]) - count_over_time({a="b"}[5m] offset 5m)"#,
            r#"bottomk(2, max by (x) (max_over_time({a="b"} | json | unwrap n [1m])))"#,
            r#"2 ^ 3 ^ 2 * -1"#,
        ] {
            assert!(parse(q).is_ok(), "{q}: {:?}", parse(q).err());
        }
        assert_eq!(
            err(r#"count_over_time({a="b"})"#),
            "parse error at line 1, col 24: syntax error: unexpected ), expecting RANGE"
        );
        assert_eq!(
            err(r#"rate({a="b"}[1m]) by (x)"#),
            "parse error : grouping not allowed for rate aggregation"
        );
        assert_eq!(
            err(r#"sum_over_time({a="b"}[1m])"#),
            "parse error : invalid aggregation sum_over_time without unwrap"
        );
        assert_eq!(
            err(r#"count_over_time({a="b"} | unwrap x [1m])"#),
            "parse error : invalid aggregation count_over_time with unwrap"
        );
        assert_eq!(
            err(r#"{a="b"} | line_format "{{ upper .x }}""#),
            "parse error : stage '| line_format \"{{ upper .x }}\"' : invalid line template: template: line:1: function \"upper\" not defined"
        );
        assert!(parse_selector(r#"{a="b"} |= "x""#)
            .unwrap_err()
            .to_string()
            .contains("only label matchers"));
    }
}
