//! What a query variable asks Prometheus for ([`VariableQuery`], executed by the api layer),
//! and turning the answer into options: the JS-style `regex` filter and `sort`.

use regex_lite::Regex;

use super::model::VariableOption;
use super::sort::{sort_options, VariableSort};

/// A parsed Prometheus variable query (Grafana's `PrometheusMetricFindQuery` forms).
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum VariableQuery {
    /// `label_names()` or `label_names(<selector>)`: `/api/v1/labels`.
    LabelNames { matcher: Option<String> },
    /// `label_values(label)` or `label_values(<selector>, label)`:
    /// `/api/v1/label/<label>/values` with `match[]=<selector>` when given.
    LabelValues {
        metric: Option<String>,
        label: String,
    },
    /// `metrics(<regex>)`: metric names (`/api/v1/label/__name__/values`) matching the regex.
    Metrics { regex: String },
    /// `query_result(<expr>)`: an instant query; each sample becomes one line formatted by
    /// [`query_result_text`].
    QueryResult { expr: String },
    /// Any other text is a series selector: `/api/v1/series?match[]=<selector>`, each series
    /// rendered as `name{labels}`.
    Series { matcher: String },
}

fn is_label_name(s: &str) -> bool {
    let mut chars = s.chars();
    matches!(chars.next(), Some(c) if c.is_ascii_alphabetic() || c == '_' || c == '$')
        && chars.all(|c| c.is_ascii_alphanumeric() || c == '_')
}

/// The inside of `name( ... )` when `text` has that shape.
fn call_argument<'a>(text: &'a str, name: &str) -> Option<&'a str> {
    let rest = text.strip_prefix(name)?.trim_start();
    let inner = rest.strip_prefix('(')?.trim_end().strip_suffix(')')?;
    Some(inner.trim())
}

impl VariableQuery {
    /// Parses an (already interpolated) variable query.
    pub fn parse(text: &str) -> Result<VariableQuery, String> {
        let text = text.trim();
        if text.is_empty() {
            return Err("the variable query is empty".into());
        }
        if let Some(arg) = call_argument(text, "label_names") {
            return Ok(VariableQuery::LabelNames {
                matcher: (!arg.is_empty()).then(|| arg.to_string()),
            });
        }
        if let Some(arg) = call_argument(text, "label_values") {
            // Grafana's `(?:(.+),\s*)?label`: the label follows the last comma.
            let (metric, label) = match arg.rfind(',') {
                Some(at) => (Some(arg[..at].trim()), arg[at + 1..].trim()),
                None => (None, arg),
            };
            if !is_label_name(label) {
                return Err(format!("label_values: `{label}` is not a label name"));
            }
            return Ok(VariableQuery::LabelValues {
                metric: metric.filter(|m| !m.is_empty()).map(str::to_string),
                label: label.to_string(),
            });
        }
        if let Some(arg) = call_argument(text, "metrics") {
            return Ok(VariableQuery::Metrics {
                regex: arg.to_string(),
            });
        }
        if let Some(arg) = call_argument(text, "query_result") {
            if arg.is_empty() {
                return Err("query_result() needs an expression".into());
            }
            return Ok(VariableQuery::QueryResult {
                expr: arg.to_string(),
            });
        }
        Ok(VariableQuery::Series {
            matcher: text.to_string(),
        })
    }
}

/// Formats one instant-query sample as Grafana does for `query_result`:
/// `name{label="v",...} <value> <timestamp ms>`; labels in the order given.
pub fn query_result_text(labels: &[(String, String)], value: &str, timestamp_ms: i64) -> String {
    let name = labels
        .iter()
        .find(|(k, _)| k == "__name__")
        .map(|(_, v)| v.as_str())
        .unwrap_or("");
    let pairs: Vec<String> = labels
        .iter()
        .filter(|(k, _)| k != "__name__")
        .map(|(k, v)| format!("{k}=\"{v}\""))
        .collect();
    format!("{name}{{{}}} {value} {timestamp_ms}", pairs.join(","))
}

/// A JS regex literal `/pattern/flags` (or a bare pattern) compiled for regex-lite.
/// Returns the regex and whether it is global (`g`: every match counts).
pub fn compile_js_regex(source: &str) -> Result<(Regex, bool), String> {
    let (pattern, flags) = match source
        .strip_prefix('/')
        .and_then(|s| s.rfind('/').map(|i| (s, i)))
    {
        Some((body, end)) => (&body[..end], &body[end + 1..]),
        None => (source, ""),
    };
    let mut inline = String::new();
    for flag in flags.chars() {
        match flag {
            'i' | 'm' | 's' => inline.push(flag),
            // `g`, `u`, `y`, `d` change iteration or Unicode handling, not what matches here.
            _ => {}
        }
    }
    // JS writes named groups `(?<name>...)`; regex-lite also accepts `(?P<name>...)`.
    let pattern = pattern
        .replace("(?<", "(?P<")
        .replace("(?P<=", "(?<=")
        .replace("(?P<!", "(?<!");
    let full = if inline.is_empty() {
        pattern
    } else {
        format!("(?{inline}){pattern}")
    };
    Regex::new(&full)
        .map(|re| (re, flags.contains('g')))
        .map_err(|e| format!("invalid variable regex `{source}`: {e}"))
}

/// Grafana's `metricNamesToVariableValues`: filter/extract with the regex, dedupe by value,
/// sort. An invalid regex keeps the values unfiltered rather than emptying the picker.
pub(crate) fn options_from_values(
    values: &[String],
    regex: Option<&str>,
    sort: VariableSort,
) -> Vec<VariableOption> {
    let compiled = regex.and_then(|r| compile_js_regex(r).ok());
    let mut options: Vec<VariableOption> = Vec::new();
    for item in values {
        let Some((re, global)) = &compiled else {
            options.push(VariableOption::same(item.clone()));
            continue;
        };
        let matches: Vec<regex_lite::Captures> = if *global {
            re.captures_iter(item).collect()
        } else {
            re.captures(item).into_iter().collect()
        };
        if matches.is_empty() {
            continue;
        }
        let group = |name: &str| {
            matches
                .iter()
                .find_map(|m| m.name(name).map(|g| g.as_str().to_string()))
                .filter(|s| !s.is_empty())
        };
        let (value_group, text_group) = (group("value"), group("text"));
        if value_group.is_some() || text_group.is_some() {
            let value = value_group.clone().or_else(|| text_group.clone());
            let text = text_group.or(value_group);
            if let (Some(text), Some(value)) = (text, value) {
                options.push(VariableOption { text, value });
            }
            continue;
        }
        let first_groups: Vec<String> = matches
            .iter()
            .filter(|m| m.len() > 1)
            .map(|m| m.get(1).map(|g| g.as_str().to_string()).unwrap_or_default())
            .collect();
        match first_groups.len() {
            0 => options.push(VariableOption::same(item.clone())),
            1 if matches.len() == 1 => options.push(VariableOption::same(first_groups[0].clone())),
            _ => options.extend(first_groups.into_iter().map(VariableOption::same)),
        }
    }
    let mut seen = std::collections::HashSet::new();
    options.retain(|o| seen.insert(o.value.clone()));
    sort_options(&mut options, sort);
    options
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_every_form() {
        assert_eq!(
            VariableQuery::parse("label_values(job)"),
            Ok(VariableQuery::LabelValues {
                metric: None,
                label: "job".into()
            })
        );
        assert_eq!(
            VariableQuery::parse(r#"label_values(up{job=~"a,b"}, instance)"#),
            Ok(VariableQuery::LabelValues {
                metric: Some(r#"up{job=~"a,b"}"#.into()),
                label: "instance".into()
            })
        );
        assert_eq!(
            VariableQuery::parse("metrics(fl_.*)"),
            Ok(VariableQuery::Metrics {
                regex: "fl_.*".into()
            })
        );
        assert_eq!(
            VariableQuery::parse("query_result(topk(3, up))"),
            Ok(VariableQuery::QueryResult {
                expr: "topk(3, up)".into()
            })
        );
        assert_eq!(
            VariableQuery::parse("label_names()"),
            Ok(VariableQuery::LabelNames { matcher: None })
        );
        assert_eq!(
            VariableQuery::parse("up{job=\"x\"}"),
            Ok(VariableQuery::Series {
                matcher: "up{job=\"x\"}".into()
            })
        );
        assert!(VariableQuery::parse("label_values(up, 1bad)").is_err());
        assert!(VariableQuery::parse("  ").is_err());
    }

    #[test]
    fn query_result_lines_look_like_grafana() {
        let labels = vec![
            ("__name__".to_string(), "up".to_string()),
            ("job".to_string(), "fedzk".to_string()),
        ];
        assert_eq!(
            query_result_text(&labels, "1", 1_700_000_000_000),
            "up{job=\"fedzk\"} 1 1700000000000"
        );
    }

    fn texts_values(options: &[VariableOption]) -> Vec<(String, String)> {
        options
            .iter()
            .map(|o| (o.text.clone(), o.value.clone()))
            .collect()
    }

    #[test]
    fn regex_capture_group_extracts() {
        let values = vec!["node-1:9100".to_string(), "node-2:9100".into(), "x".into()];
        let options =
            options_from_values(&values, Some("/(node-\\d+):.*/"), VariableSort::Disabled);
        assert_eq!(
            texts_values(&options),
            vec![
                ("node-1".into(), "node-1".into()),
                ("node-2".into(), "node-2".into())
            ]
        );
    }

    #[test]
    fn regex_named_text_value_groups() {
        let values = vec![r#"up{job="api",instance="h:1"} 1 1000"#.to_string()];
        let options = options_from_values(
            &values,
            Some(r#"/job="(?<text>[^"]+)".*instance="(?<value>[^"]+)"/"#),
            VariableSort::Disabled,
        );
        assert_eq!(texts_values(&options), vec![("api".into(), "h:1".into())]);
    }

    #[test]
    fn regex_flags_and_global_matches() {
        let values = vec!["A1 a2".to_string()];
        let options = options_from_values(&values, Some("/a(\\d)/gi"), VariableSort::Disabled);
        assert_eq!(options.len(), 2);
        let bad = options_from_values(&values, Some("/(/"), VariableSort::Disabled);
        assert_eq!(bad.len(), 1, "invalid regex keeps values");
    }

    #[test]
    fn dedupes_and_sorts() {
        let values = vec!["b".to_string(), "a".into(), "b".into()];
        let options = options_from_values(&values, None, VariableSort::AlphabeticalAsc);
        assert_eq!(texts_values(&options).len(), 2);
        assert_eq!(options[0].value, "a");
    }
}
