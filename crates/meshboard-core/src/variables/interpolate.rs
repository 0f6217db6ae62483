//! Interpolation of variable values into queries and titles with Grafana's syntaxes
//! (`$var`, `${var}`, `[[var]]`, `${var:format}`, `[[var:format]]`) and formats.
//!
//! Names not in the scope (built-ins such as `$__interval`, `$__range`, or `$1` in a
//! `label_replace`) are left exactly as written: the step module substitutes the built-ins.

use std::collections::BTreeMap;
use std::sync::OnceLock;

use regex_lite::{Captures, Regex};

use super::model::{Variable, VariableKind, ALL_TEXT};

/// What one variable stands for during interpolation.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct ScopedValue {
    pub values: Vec<String>,
    pub texts: Vec<String>,
    /// Multi-value or include-all: expands to a `(a|b)` regex by default in queries.
    pub multi: bool,
    /// A custom "All" value: written unformatted, as Grafana does.
    pub custom_all: bool,
}

impl ScopedValue {
    /// One plain value (repeat clones and tests use it).
    pub fn single(value: impl Into<String>) -> Self {
        let value = value.into();
        ScopedValue {
            texts: vec![value.clone()],
            values: vec![value],
            multi: false,
            custom_all: false,
        }
    }
}

/// Variable name -> value, built from the dashboard's variables plus any repeat overrides.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct VariableScope {
    pub values: BTreeMap<String, ScopedValue>,
}

impl VariableScope {
    /// The scope of the variables' current selections.
    pub fn from_variables(variables: &[Variable]) -> Self {
        let mut scope = VariableScope::default();
        for variable in variables {
            if let VariableKind::Unsupported { .. } = variable.kind {
                continue;
            }
            let value = if variable.current.is_all() {
                match &variable.all_value {
                    Some(custom) => ScopedValue {
                        values: vec![custom.clone()],
                        texts: vec![ALL_TEXT.to_string()],
                        multi: true,
                        custom_all: true,
                    },
                    None => {
                        let values = variable.effective_values();
                        ScopedValue {
                            texts: vec![ALL_TEXT.to_string()],
                            values,
                            multi: true,
                            custom_all: false,
                        }
                    }
                }
            } else {
                ScopedValue {
                    values: variable.effective_values(),
                    texts: variable.current.texts.clone(),
                    multi: variable.is_multi_like(),
                    custom_all: false,
                }
            };
            scope.values.insert(variable.name.clone(), value);
        }
        scope
    }

    /// A copy with some names overridden (a repeated panel's own value).
    pub fn with_overrides(&self, overrides: &BTreeMap<String, String>) -> Self {
        let mut scope = self.clone();
        for (name, value) in overrides {
            scope
                .values
                .insert(name.clone(), ScopedValue::single(value.clone()));
        }
        scope
    }

    pub fn insert(&mut self, name: impl Into<String>, value: ScopedValue) {
        self.values.insert(name.into(), value);
    }
}

/// The format used when a reference names none.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum DefaultFormat {
    /// Prometheus/Loki query: multi-values become `(a|b)` with regex escaping, single values
    /// get PromQL string escaping (Grafana's Prometheus `interpolateQueryExpr`).
    Query,
    /// Titles and text: option texts joined with ` + ` (Grafana's `text` format).
    Text,
    /// Regex escaping (`regex` format): for a variable's own regex filter.
    Regex,
    /// Grafana's `uriencode` format, the one a data link's URL is interpolated with.
    Uri,
}

/// Grafana's variable syntax; data links match their own variables with it too.
pub(crate) fn syntax() -> &'static Regex {
    static SYNTAX: OnceLock<Regex> = OnceLock::new();
    SYNTAX.get_or_init(|| {
        // Grafana's variableRegex: $var | [[var(:fmt)?]] | ${var(.path)?(:fmt)?}
        Regex::new(r"\$(\w+)|\[\[(\w+?)(?::(\w+))?\]\]|\$\{(\w+)(?:\.([^:^\}]+))?(?::([^\}]+))?\}")
            .expect("static interpolation pattern compiles")
    })
}

/// Names referenced anywhere in `text`, in order of appearance (duplicates removed).
pub fn referenced_names(text: &str) -> Vec<String> {
    let mut names: Vec<String> = Vec::new();
    for caps in syntax().captures_iter(text) {
        let name = caps
            .get(1)
            .or_else(|| caps.get(2))
            .or_else(|| caps.get(4))
            .map(|m| m.as_str().to_string());
        if let Some(name) = name {
            if !names.contains(&name) {
                names.push(name);
            }
        }
    }
    names
}

/// Interpolates a Prometheus/Loki query.
pub fn interpolate_query(text: &str, scope: &VariableScope) -> String {
    interpolate(text, scope, DefaultFormat::Query)
}

/// Interpolates a title, description or legend (texts, joined with ` + `).
pub fn interpolate_text(text: &str, scope: &VariableScope) -> String {
    interpolate(text, scope, DefaultFormat::Text)
}

/// Replaces every reference to a variable in `scope`; everything else stays as written.
pub fn interpolate(text: &str, scope: &VariableScope, default: DefaultFormat) -> String {
    if !text.contains('$') && !text.contains("[[") {
        return text.to_string();
    }
    syntax()
        .replace_all(text, |caps: &Captures| {
            let whole = caps.get(0).map(|m| m.as_str()).unwrap_or_default();
            let (name, format) = if let Some(name) = caps.get(1) {
                (name.as_str(), None)
            } else if let Some(name) = caps.get(2) {
                (name.as_str(), caps.get(3).map(|m| m.as_str()))
            } else if let Some(name) = caps.get(4) {
                (name.as_str(), caps.get(6).map(|m| m.as_str()))
            } else {
                return whole.to_string();
            };
            match scope.values.get(name) {
                Some(value) => format_value(name, value, format, default),
                None => whole.to_string(),
            }
        })
        .into_owned()
}

/// Grafana's `kbn.regexEscape`.
fn regex_escape(value: &str) -> String {
    let mut out = String::with_capacity(value.len());
    for c in value.chars() {
        if "\\^$*+?.()|[]{}/".contains(c) {
            out.push('\\');
        }
        out.push(c);
    }
    out
}

/// Grafana's `prometheusRegularEscape`: for a value inside a PromQL string literal.
fn prometheus_regular_escape(value: &str) -> String {
    value.replace('\\', "\\\\").replace('\'', "\\\\'")
}

/// Grafana's `prometheusSpecialRegexEscape`: a regex-escaped value inside a PromQL string
/// literal (so the backslashes are doubled).
fn prometheus_regex_escape(value: &str) -> String {
    let mut out = String::with_capacity(value.len() * 2);
    for c in value.chars() {
        match c {
            '\\' => out.push_str("\\\\\\\\"),
            c if "$^*{}[]'+?.()|".contains(c) => {
                out.push_str("\\\\");
                out.push(c);
            }
            c => out.push(c),
        }
    }
    out
}

fn alternation(parts: Vec<String>) -> String {
    if parts.len() == 1 {
        parts.into_iter().next().unwrap_or_default()
    } else {
        format!("({})", parts.join("|"))
    }
}

/// `encodeURIComponent`.
fn percent_encode(value: &str) -> String {
    let mut out = String::new();
    for byte in value.bytes() {
        if byte.is_ascii_alphanumeric() || b"-_.!~*'()".contains(&byte) {
            out.push(byte as char);
        } else {
            out.push_str(&format!("%{byte:02X}"));
        }
    }
    out
}

fn json_string(value: &str) -> String {
    serde_json::to_string(value).unwrap_or_default()
}

fn format_value(
    name: &str,
    value: &ScopedValue,
    format: Option<&str>,
    default: DefaultFormat,
) -> String {
    let values = &value.values;
    let is_list = values.len() != 1;
    let text_like = matches!(format, Some("text") | Some("percentencode"))
        || (format.is_none() && default == DefaultFormat::Text);
    if value.custom_all && !text_like {
        return values.first().cloned().unwrap_or_default();
    }
    match format {
        None => match default {
            DefaultFormat::Query if value.multi => {
                alternation(values.iter().map(|v| prometheus_regex_escape(v)).collect())
            }
            DefaultFormat::Query => values
                .first()
                .map(|v| prometheus_regular_escape(v))
                .unwrap_or_default(),
            DefaultFormat::Text => value.texts.join(" + "),
            DefaultFormat::Regex => alternation(values.iter().map(|v| regex_escape(v)).collect()),
            DefaultFormat::Uri => uri_encode_values(value),
        },
        Some("uriencode") => uri_encode_values(value),
        Some("regex") => alternation(values.iter().map(|v| regex_escape(v)).collect()),
        Some("pipe") => values.join("|"),
        Some("csv") | Some("raw") => values.join(","),
        Some("text") => value.texts.join(" + "),
        Some("json") => {
            if is_list {
                serde_json::to_string(values).unwrap_or_default()
            } else {
                json_string(&values[0])
            }
        }
        Some("singlequote") => values
            .iter()
            .map(|v| format!("'{}'", v.replace('\'', "\\'")))
            .collect::<Vec<_>>()
            .join(","),
        Some("doublequote") => values
            .iter()
            .map(|v| format!("\"{}\"", v.replace('"', "\\\"")))
            .collect::<Vec<_>>()
            .join(","),
        Some("percentencode") => percent_encode(&glob(values)),
        Some("queryparam") => values
            .iter()
            .map(|v| format!("var-{}={}", percent_encode(name), percent_encode(v)))
            .collect::<Vec<_>>()
            .join("&"),
        // `glob` and, as in Grafana, any unknown format.
        Some(_) => glob(values),
    }
}

/// Grafana 11's `uriencode`: a multi-value variable as `{a,b}` (even with one value), then
/// `encodeURI` with `!'()*` escaped too.
fn uri_encode_values(value: &ScopedValue) -> String {
    let text = if value.multi {
        format!("{{{}}}", value.values.join(","))
    } else {
        value.values.first().cloned().unwrap_or_default()
    };
    encode_uri_strict(&text)
}

/// JavaScript's `encodeURI` with the sub-delimiters `!'()*` escaped as well (scenes'
/// `encodeURIStrict`): URL syntax characters such as `:/?&=#` stay as they are.
pub fn encode_uri_strict(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for byte in text.bytes() {
        if byte.is_ascii_alphanumeric() || b"-_.~;/?:@&=+$,#".contains(&byte) {
            out.push(byte as char);
        } else {
            out.push_str(&format!("%{byte:02X}"));
        }
    }
    out
}

fn glob(values: &[String]) -> String {
    if values.len() > 1 {
        format!("{{{}}}", values.join(","))
    } else {
        values.first().cloned().unwrap_or_default()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn scope() -> VariableScope {
        let mut scope = VariableScope::default();
        scope.insert("job", ScopedValue::single("agent-mesh"));
        scope.insert(
            "inst",
            ScopedValue {
                values: vec!["a.b:9100".into(), "c:9100".into()],
                texts: vec!["A".into(), "C".into()],
                multi: true,
                custom_all: false,
            },
        );
        scope
    }

    #[test]
    fn all_syntaxes_and_formats() {
        let s = scope();
        let cases = [
            ("up{job=\"$job\"}", "up{job=\"agent-mesh\"}"),
            ("${job}", "agent-mesh"),
            ("[[job]]", "agent-mesh"),
            (
                "{instance=~\"$inst\"}",
                "{instance=~\"(a\\\\.b:9100|c:9100)\"}",
            ),
            ("${inst:regex}", "(a\\.b:9100|c:9100)"),
            ("${inst:pipe}", "a.b:9100|c:9100"),
            ("${inst:csv}", "a.b:9100,c:9100"),
            ("${inst:raw}", "a.b:9100,c:9100"),
            ("${inst:json}", "[\"a.b:9100\",\"c:9100\"]"),
            ("${job:json}", "\"agent-mesh\""),
            ("${inst:text}", "A + C"),
            ("${inst:glob}", "{a.b:9100,c:9100}"),
            ("[[inst:csv]]", "a.b:9100,c:9100"),
            ("${inst:singlequote}", "'a.b:9100','c:9100'"),
            ("${job:queryparam}", "var-job=agent-mesh"),
            ("${inst:percentencode}", "%7Ba.b%3A9100%2Cc%3A9100%7D"),
        ];
        for (template, expected) in cases {
            assert_eq!(interpolate_query(template, &s), expected, "{template}");
        }
    }

    #[test]
    fn builtins_and_unknowns_stay() {
        let s = scope();
        let q = "rate(x[$__rate_interval]) $missing ${__range} [[nope]] label_replace($1)";
        assert_eq!(interpolate_query(q, &s), q);
    }

    #[test]
    fn titles_use_texts() {
        assert_eq!(
            interpolate_text("CPU on $inst ($job)", &scope()),
            "CPU on A + C (agent-mesh)"
        );
    }

    #[test]
    fn single_value_gets_promql_escaping() {
        let mut s = VariableScope::default();
        s.insert("v", ScopedValue::single("it's"));
        assert_eq!(interpolate_query("'$v'", &s), "'it\\\\'s'");
    }

    #[test]
    fn custom_all_value_is_raw() {
        let mut s = VariableScope::default();
        s.insert(
            "job",
            ScopedValue {
                values: vec![".*".into()],
                texts: vec!["All".into()],
                multi: true,
                custom_all: true,
            },
        );
        assert_eq!(interpolate_query("{job=~\"$job\"}", &s), "{job=~\".*\"}");
        assert_eq!(interpolate_text("$job", &s), "All");
    }

    #[test]
    fn references_are_listed_once() {
        assert_eq!(
            referenced_names("$a ${b:csv} [[c]] $a ${d.path}"),
            vec!["a", "b", "c", "d"]
        );
    }
}
