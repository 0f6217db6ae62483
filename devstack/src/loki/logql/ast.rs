//! The LogQL subset as a syntax tree: log queries (selector + pipeline) and metric queries
//! (range aggregations under `sum`/`count`/`topk`).

use regex::Regex;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum MatchOp {
    Eq,
    Neq,
    Re,
    Nre,
}

/// A label matcher (`job="a"`, `level=~"warn|error"`). Regexes are anchored, as in Prometheus.
#[derive(Debug, Clone)]
pub struct Matcher {
    pub name: String,
    pub op: MatchOp,
    pub value: String,
    pub re: Option<Regex>,
}

impl Matcher {
    pub fn matches(&self, value: Option<&str>) -> bool {
        // A missing label matches like the empty string, as in Prometheus.
        let v = value.unwrap_or("");
        match self.op {
            MatchOp::Eq => v == self.value,
            MatchOp::Neq => v != self.value,
            MatchOp::Re => self.re.as_ref().is_some_and(|r| r.is_match(v)),
            MatchOp::Nre => !self.re.as_ref().is_some_and(|r| r.is_match(v)),
        }
    }
}

impl PartialEq for Matcher {
    fn eq(&self, o: &Self) -> bool {
        self.name == o.name && self.op == o.op && self.value == o.value
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum LineOp {
    Contains,
    NotContains,
    Match,
    NotMatch,
}

/// `|= "x"`, `!= "x"`, `|~ "re"`, `!~ "re"` (regexes search, they are not anchored).
#[derive(Debug, Clone)]
pub struct LineFilter {
    pub op: LineOp,
    pub pattern: String,
    pub re: Option<Regex>,
}

impl PartialEq for LineFilter {
    fn eq(&self, o: &Self) -> bool {
        self.op == o.op && self.pattern == o.pattern
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum CmpOp {
    Eq,
    Neq,
    Gt,
    Gte,
    Lt,
    Lte,
}

impl CmpOp {
    pub fn holds(self, a: f64, b: f64) -> bool {
        match self {
            CmpOp::Eq => a == b,
            CmpOp::Neq => a != b,
            CmpOp::Gt => a > b,
            CmpOp::Gte => a >= b,
            CmpOp::Lt => a < b,
            CmpOp::Lte => a <= b,
        }
    }
}

/// The literal on the right of a numeric label filter decides how the label value is read.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum CmpValue {
    Number(f64),
    /// Nanoseconds; the label value is parsed as a Go duration.
    Duration(i64),
    /// Bytes; the label value is parsed as a byte size.
    Bytes(f64),
}

#[derive(Debug, Clone, PartialEq)]
pub enum LabelFilter {
    And(Box<LabelFilter>, Box<LabelFilter>),
    Or(Box<LabelFilter>, Box<LabelFilter>),
    Str(Matcher),
    Cmp {
        name: String,
        op: CmpOp,
        value: CmpValue,
    },
}

/// `line_format` template: literal text and `{{.field}}` references.
#[derive(Debug, Clone, PartialEq)]
pub enum TemplatePart {
    Text(String),
    Field(String),
}

#[derive(Debug, Clone, PartialEq)]
pub enum Stage {
    Line(LineFilter),
    Json,
    Logfmt,
    Labels(LabelFilter),
    LineFormat(Vec<TemplatePart>),
}

#[derive(Debug, Clone, PartialEq)]
pub struct LogQuery {
    pub matchers: Vec<Matcher>,
    pub stages: Vec<Stage>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum RangeFn {
    CountOverTime,
    Rate,
    BytesOverTime,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum AggOp {
    Sum,
    Count,
    Topk,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Grouping {
    pub without: bool,
    pub labels: Vec<String>,
}

#[derive(Debug, Clone, PartialEq)]
pub enum MetricExpr {
    Range {
        func: RangeFn,
        query: LogQuery,
        range_ns: i64,
    },
    Agg {
        op: AggOp,
        grouping: Option<Grouping>,
        k: Option<usize>,
        inner: Box<MetricExpr>,
    },
}

impl MetricExpr {
    /// The log query at the bottom of the expression (its selector drives the scan).
    pub fn log_query(&self) -> &LogQuery {
        match self {
            MetricExpr::Range { query, .. } => query,
            MetricExpr::Agg { inner, .. } => inner.log_query(),
        }
    }

    /// The widest range any range aggregation looks back.
    pub fn range_ns(&self) -> i64 {
        match self {
            MetricExpr::Range { range_ns, .. } => *range_ns,
            MetricExpr::Agg { inner, .. } => inner.range_ns(),
        }
    }
}

#[derive(Debug, Clone, PartialEq)]
pub enum Query {
    Log(LogQuery),
    Metric(MetricExpr),
}
