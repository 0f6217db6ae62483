//! The option strings a template variable's query yields from Prometheus' answers, as Grafana
//! makes them: `metrics(regex)` names filtered by the regex, `query_result(expr)` one line per
//! sample, `series` as `name{k="v",...}` selectors. (The variable's own `regex` and `sort`
//! come after, in `core::variables`.)

use crate::frame::{Frame, Labels};
use crate::prometheus::format_sample_value;
use crate::variables::{compile_js_regex, query_result_text};

/// `metrics(regex)`: the metric names the regex matches; an empty regex keeps every name.
pub fn matching_metric_names(names: Vec<String>, regex: &str) -> Result<Vec<String>, String> {
    if regex.trim().is_empty() {
        return Ok(names);
    }
    let (re, _) = compile_js_regex(regex).map_err(|e| format!("metrics({regex}): {e}"))?;
    Ok(names.into_iter().filter(|n| re.is_match(n)).collect())
}

/// `query_result(expr)`: each series' last sample as `name{label="v",...} value timestamp`.
pub fn query_result_values(frame: &Frame) -> Vec<String> {
    frame
        .series
        .iter()
        .filter_map(|s| {
            let (t, v) = (*s.times_ms.last()?, *s.values.last()?);
            let labels: Vec<(String, String)> = s
                .labels
                .iter()
                .map(|(k, v)| (k.clone(), v.clone()))
                .collect();
            Some(query_result_text(
                &labels,
                &format_sample_value(v),
                t as i64,
            ))
        })
        .collect()
}

/// A `series` answer's label set as Grafana lists it: `name{k="v",k2="v2"}` (values as sent,
/// braces even when empty).
pub fn series_selector_text(labels: &Labels) -> String {
    let name = labels.get("__name__").cloned().unwrap_or_default();
    let pairs: Vec<String> = labels
        .iter()
        .filter(|(k, _)| k.as_str() != "__name__")
        .map(|(k, v)| format!("{k}=\"{v}\""))
        .collect();
    format!("{name}{{{}}}", pairs.join(","))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::frame::Series;

    fn labels(pairs: &[(&str, &str)]) -> Labels {
        pairs
            .iter()
            .map(|(k, v)| (k.to_string(), v.to_string()))
            .collect()
    }

    #[test]
    fn metric_names_are_filtered_by_a_js_regex() {
        let names = vec![
            "up".to_string(),
            "http_requests_total".into(),
            "go_gc".into(),
        ];
        assert_eq!(matching_metric_names(names.clone(), " ").unwrap(), names);
        assert_eq!(
            matching_metric_names(names.clone(), "/^http_/").unwrap(),
            vec!["http_requests_total"]
        );
        assert_eq!(
            matching_metric_names(names.clone(), "/^UP$/i").unwrap(),
            vec!["up"]
        );
        let error = matching_metric_names(names, "(").unwrap_err();
        assert!(error.starts_with("metrics((): "), "{error}");
    }

    #[test]
    fn query_results_are_one_line_per_series_last_sample() {
        let mut a = Series::new(labels(&[("__name__", "up"), ("job", "api")]));
        a.push(1000.0, 0.0);
        a.push(2000.0, 1.0);
        let mut b = Series::new(labels(&[("job", "db")]));
        b.push(3000.0, f64::INFINITY);
        let empty = Series::new(labels(&[("job", "none")]));
        let frame = Frame {
            series: vec![a, b, empty],
            notices: vec![],
        };
        assert_eq!(
            query_result_values(&frame),
            vec!["up{job=\"api\"} 1 2000", "{job=\"db\"} +Inf 3000"]
        );
    }

    #[test]
    fn series_are_listed_as_selectors() {
        assert_eq!(
            series_selector_text(&labels(&[("__name__", "up"), ("job", "api"), ("a", "1")])),
            "up{a=\"1\",job=\"api\"}"
        );
        assert_eq!(series_selector_text(&labels(&[("__name__", "up")])), "up{}");
        assert_eq!(
            series_selector_text(&labels(&[("job", "x")])),
            "{job=\"x\"}"
        );
    }
}
