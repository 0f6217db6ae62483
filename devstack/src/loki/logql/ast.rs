//! LogQL as a syntax tree: log queries (selector + pipeline) and metric queries (range
//! aggregations, unwrapped ranges, vector aggregations, binary operators, literals).

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

/// `|= "x"`, `!= "x"`, `|~ "re"`, `!~ "re"` (regexes search, they are not anchored), with
/// `or` alternatives: `|= "a" or "b"` keeps lines with either, `!= "a" or "b"` drops both.
#[derive(Debug, Clone)]
pub struct LineFilter {
    pub op: LineOp,
    pub patterns: Vec<String>,
    pub res: Vec<Regex>,
    /// `|= ip("...")` / `!= ip("...")`: lines holding an address in the pattern.
    pub ip: Option<IpPattern>,
}

impl PartialEq for LineFilter {
    fn eq(&self, o: &Self) -> bool {
        self.op == o.op && self.patterns == o.patterns && self.ip == o.ip
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

/// An `ip("...")` pattern: one address, a CIDR block or an inclusive `a-b` range.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum IpPattern {
    Single(std::net::IpAddr),
    Cidr(std::net::IpAddr, u8),
    Range(std::net::IpAddr, std::net::IpAddr),
}

impl IpPattern {
    /// Reads the pattern as Loki's `ip()` does (netip: address, prefix or range).
    pub fn parse(text: &str) -> Option<IpPattern> {
        let text = text.trim();
        if let Some((a, b)) = text.split_once('-') {
            let (a, b) = (a.trim().parse().ok()?, b.trim().parse().ok()?);
            return (same_family(a, b) && bits(a) <= bits(b)).then_some(IpPattern::Range(a, b));
        }
        if let Some((a, n)) = text.split_once('/') {
            let a: std::net::IpAddr = a.parse().ok()?;
            let n: u8 = n.parse().ok()?;
            let max = if a.is_ipv4() { 32 } else { 128 };
            return (n <= max).then_some(IpPattern::Cidr(a, n));
        }
        text.parse().ok().map(IpPattern::Single)
    }

    pub fn contains(&self, ip: std::net::IpAddr) -> bool {
        match *self {
            IpPattern::Single(a) => a == ip,
            IpPattern::Range(a, b) => {
                same_family(a, ip) && bits(a) <= bits(ip) && bits(ip) <= bits(b)
            }
            IpPattern::Cidr(a, n) => {
                let width = if a.is_ipv4() { 32 } else { 128 };
                let shift = width - u32::from(n);
                same_family(a, ip) && (shift >= 128 || bits(a) >> shift == bits(ip) >> shift)
            }
        }
    }
}

fn same_family(a: std::net::IpAddr, b: std::net::IpAddr) -> bool {
    a.is_ipv4() == b.is_ipv4()
}

fn bits(a: std::net::IpAddr) -> u128 {
    match a {
        std::net::IpAddr::V4(v) => u128::from(u32::from(v)),
        std::net::IpAddr::V6(v) => u128::from(v),
    }
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
    /// `addr = ip("10.0.0.0/8")` (or `!=`): the label's value is an address in the pattern.
    Ip {
        name: String,
        negate: bool,
        pattern: IpPattern,
    },
}

/// `line_format` template: literal text and `{{.field}}` references.
#[derive(Debug, Clone, PartialEq)]
pub enum TemplatePart {
    Text(String),
    Field(String),
}

/// `label_format dst=src` (rename) or `dst="{{.template}}"`.
#[derive(Debug, Clone, PartialEq)]
pub enum LabelFmt {
    Rename(String),
    Template(Vec<TemplatePart>),
}

/// A `drop`/`keep` argument: a bare name, or a matcher that must hold for the label.
#[derive(Debug, Clone, PartialEq)]
pub enum NameMatcher {
    Name(String),
    Matcher(Matcher),
}

impl NameMatcher {
    pub fn name(&self) -> &str {
        match self {
            NameMatcher::Name(n) => n,
            NameMatcher::Matcher(m) => &m.name,
        }
    }
}

/// A `pattern` expression: literals and `<name>` captures (`<_>` captures nothing).
#[derive(Debug, Clone, PartialEq)]
pub enum PatternPart {
    Lit(String),
    Capture(Option<String>),
}

/// `regexp` with its named groups.
#[derive(Debug, Clone)]
pub struct RegexpStage(pub Regex);

impl PartialEq for RegexpStage {
    fn eq(&self, o: &Self) -> bool {
        self.0.as_str() == o.0.as_str()
    }
}

#[derive(Debug, Clone, PartialEq)]
pub enum Stage {
    Line(LineFilter),
    /// `json` or `json a="path.b", c` (only the named fields, by JSON path).
    Json(Vec<(String, Vec<String>)>),
    /// `logfmt [--strict] [--keep-empty]`: without `--strict` bad pairs are skipped and no
    /// error is set; without `--keep-empty` keys without a value give no label.
    Logfmt {
        strict: bool,
        keep_empty: bool,
    },
    /// `unpack`: a JSON object of strings (Promtail/Alloy `pack`): `_entry` becomes the line,
    /// every other key a label.
    Unpack,
    Regexp(RegexpStage),
    Pattern(Vec<PatternPart>),
    Labels(LabelFilter),
    LineFormat(Vec<TemplatePart>),
    LabelFormat(Vec<(String, LabelFmt)>),
    Drop(Vec<NameMatcher>),
    Keep(Vec<NameMatcher>),
    Decolorize,
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
    BytesRate,
    AbsentOverTime,
    // Unwrapped ranges (`rate` also takes an unwrap).
    SumOverTime,
    AvgOverTime,
    MinOverTime,
    MaxOverTime,
    FirstOverTime,
    LastOverTime,
    StddevOverTime,
    StdvarOverTime,
    QuantileOverTime,
}

impl RangeFn {
    pub fn from_name(w: &str) -> Option<RangeFn> {
        Some(match w {
            "count_over_time" => RangeFn::CountOverTime,
            "rate" => RangeFn::Rate,
            "bytes_over_time" => RangeFn::BytesOverTime,
            "bytes_rate" => RangeFn::BytesRate,
            "absent_over_time" => RangeFn::AbsentOverTime,
            "sum_over_time" => RangeFn::SumOverTime,
            "avg_over_time" => RangeFn::AvgOverTime,
            "min_over_time" => RangeFn::MinOverTime,
            "max_over_time" => RangeFn::MaxOverTime,
            "first_over_time" => RangeFn::FirstOverTime,
            "last_over_time" => RangeFn::LastOverTime,
            "stddev_over_time" => RangeFn::StddevOverTime,
            "stdvar_over_time" => RangeFn::StdvarOverTime,
            "quantile_over_time" => RangeFn::QuantileOverTime,
            _ => return None,
        })
    }

    /// Functions over an unwrapped label value (Loki refuses them without `unwrap`).
    pub fn needs_unwrap(self) -> bool {
        !matches!(
            self,
            RangeFn::CountOverTime
                | RangeFn::Rate
                | RangeFn::BytesOverTime
                | RangeFn::BytesRate
                | RangeFn::AbsentOverTime
        )
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum AggOp {
    Sum,
    Avg,
    Min,
    Max,
    Count,
    Stddev,
    Stdvar,
    Topk,
    Bottomk,
}

impl AggOp {
    pub fn from_name(w: &str) -> Option<AggOp> {
        Some(match w {
            "sum" => AggOp::Sum,
            "avg" => AggOp::Avg,
            "min" => AggOp::Min,
            "max" => AggOp::Max,
            "count" => AggOp::Count,
            "stddev" => AggOp::Stddev,
            "stdvar" => AggOp::Stdvar,
            "topk" => AggOp::Topk,
            "bottomk" => AggOp::Bottomk,
            _ => return None,
        })
    }
}

/// `unwrap` conversions: plain numbers, `duration()`/`duration_seconds()` (seconds), `bytes()`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Conv {
    Float,
    Duration,
    Bytes,
}

#[derive(Debug, Clone, PartialEq)]
pub struct Unwrap {
    pub label: String,
    pub conv: Conv,
    /// Label filters after the unwrap (`| unwrap x | __error__=""`).
    pub post: Vec<LabelFilter>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum BinOp {
    Add,
    Sub,
    Mul,
    Div,
    Mod,
    Pow,
    Eq,
    Neq,
    Gt,
    Gte,
    Lt,
    Lte,
    And,
    Or,
    Unless,
}

impl BinOp {
    pub fn is_comparison(self) -> bool {
        matches!(
            self,
            BinOp::Eq | BinOp::Neq | BinOp::Gt | BinOp::Gte | BinOp::Lt | BinOp::Lte
        )
    }

    pub fn is_set(self) -> bool {
        matches!(self, BinOp::And | BinOp::Or | BinOp::Unless)
    }
}

/// Which side of a vector match may have many series per match group.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Card {
    OneToOne,
    /// `group_left`: many on the left.
    ManyToOne,
    /// `group_right`: many on the right.
    OneToMany,
}

/// `on (...)`/`ignoring (...)` with `group_left (...)`/`group_right (...)`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct VectorMatching {
    pub on: bool,
    pub labels: Vec<String>,
    pub card: Card,
    /// Labels copied from the "one" side (`group_left (b)`).
    pub include: Vec<String>,
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
        offset_ns: i64,
        unwrap: Option<Unwrap>,
        /// `quantile_over_time`'s φ.
        param: Option<f64>,
        /// Unwrapped ranges may group: `max_over_time(... [1m]) by (x)`.
        grouping: Option<Grouping>,
    },
    Agg {
        op: AggOp,
        grouping: Option<Grouping>,
        k: Option<usize>,
        inner: Box<MetricExpr>,
    },
    Binary {
        op: BinOp,
        return_bool: bool,
        matching: Option<VectorMatching>,
        lhs: Box<MetricExpr>,
        rhs: Box<MetricExpr>,
    },
    /// `label_replace(v, dst, replacement, src, regex)` (the regex anchored, as in PromQL).
    LabelReplace {
        inner: Box<MetricExpr>,
        dst: String,
        replacement: String,
        src: String,
        regex: String,
    },
    /// A number literal: a scalar.
    Number(f64),
    /// `vector(x)`: one series without labels.
    Vector(f64),
}

#[derive(Debug, Clone, PartialEq)]
pub enum Query {
    Log(LogQuery),
    Metric(MetricExpr),
}
