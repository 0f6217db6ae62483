//! Series display names: Grafana's `legendFormat` templating (`{{instance}} {{status}}`)
//! and the fallback to the series' label set, `metric{a="b", c="d"}`; and the legend under a
//! chart: what a click hides, and how much height it takes.

use crate::frame::Labels;

/// The display name of a series: the `legendFormat` template when one is set, otherwise
/// the label set; an unlabelled series (a scalar, `sum(x)`) is named by its expression.
/// Grafana's `__auto` and an empty template both mean "automatic".
pub fn series_name(legend_format: Option<&str>, labels: &Labels, expr: &str) -> String {
    match legend_format.map(str::trim) {
        Some(template) if !template.is_empty() && template != "__auto" => {
            render_legend(template, labels)
        }
        _ if labels.is_empty() => expr.to_owned(),
        _ => label_set_name(labels),
    }
}

/// Fills `{{ name }}` placeholders from the labels. As in Grafana, whitespace inside the
/// braces is allowed, an unknown label renders as nothing, and an unclosed `{{` stays as
/// written.
pub fn render_legend(template: &str, labels: &Labels) -> String {
    let mut out = String::with_capacity(template.len() + 16);
    let mut rest = template;
    while let Some(open) = rest.find("{{") {
        out.push_str(&rest[..open]);
        let after = &rest[open + 2..];
        match after.find("}}") {
            Some(close) => {
                if let Some(value) = labels.get(after[..close].trim()) {
                    out.push_str(value);
                }
                rest = &after[close + 2..];
            }
            None => {
                out.push_str(&rest[open..]);
                rest = "";
            }
        }
    }
    out.push_str(rest);
    out
}

/// `metric{a="b", c="d"}` (Prometheus' notation, `__name__` as the metric name, values
/// escaped); `{a="b"}` without a name.
pub fn label_set_name(labels: &Labels) -> String {
    let mut out = labels.get("__name__").cloned().unwrap_or_default();
    let mut pairs = labels
        .iter()
        .filter(|(name, _)| name.as_str() != "__name__")
        .peekable();
    if pairs.peek().is_none() && !out.is_empty() {
        return out;
    }
    out.push('{');
    for (i, (name, value)) in pairs.enumerate() {
        if i > 0 {
            out.push_str(", ");
        }
        out.push_str(name);
        out.push_str("=\"");
        for c in value.chars() {
            match c {
                '\\' => out.push_str("\\\\"),
                '"' => out.push_str("\\\""),
                '\n' => out.push_str("\\n"),
                c => out.push(c),
            }
        }
        out.push('"');
    }
    out.push('}');
    out
}

/// The series hidden after a legend click on `index` (of `count`), as in Grafana: a plain
/// click shows only that series, or all again when it already was the only one shown;
/// ctrl/cmd-click (`additive`) toggles just that one.
pub fn toggle_hidden(hidden: &[usize], index: usize, count: usize, additive: bool) -> Vec<usize> {
    if additive {
        let mut next = hidden.to_vec();
        match next.iter().position(|x| *x == index) {
            Some(pos) => {
                next.remove(pos);
            }
            None => next.push(index),
        }
        return next;
    }
    let isolated = hidden.len() + 1 == count && !hidden.contains(&index);
    if isolated {
        Vec::new()
    } else {
        (0..count).filter(|x| *x != index).collect()
    }
}

/// The height of a legend of `rows` series below a chart, px: up to four 20 px rows (more
/// scroll), plus the header of a table legend or a list's padding; none without rows.
pub fn legend_height_px(rows: usize, table: bool) -> f64 {
    if rows == 0 {
        return 0.0;
    }
    let extra = if table { 22.0 } else { 6.0 };
    ((rows.min(4) as f64) * 20.0 + extra).min(110.0)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn labels(pairs: &[(&str, &str)]) -> Labels {
        pairs
            .iter()
            .map(|(k, v)| (k.to_string(), v.to_string()))
            .collect()
    }

    #[test]
    fn templates_fill_labels_like_grafana() {
        let l = labels(&[("instance", "a:9100"), ("status", "500")]);
        assert_eq!(render_legend("{{instance}} {{status}}", &l), "a:9100 500");
        assert_eq!(
            render_legend("{{ instance }}/{{\tstatus }}", &l),
            "a:9100/500"
        );
        assert_eq!(render_legend("x {{missing}}y", &l), "x y");
        assert_eq!(render_legend("{{instance", &l), "{{instance");
        assert_eq!(render_legend("}} {{status}} {", &l), "}} 500 {");
        assert_eq!(render_legend("{{}}é", &l), "é");
        assert_eq!(render_legend("", &l), "");
    }

    #[test]
    fn falls_back_to_the_label_set() {
        let l = labels(&[("__name__", "up"), ("job", "api"), ("a", "q\"\\")]);
        assert_eq!(series_name(None, &l, "up"), r#"up{a="q\"\\", job="api"}"#);
        assert_eq!(
            series_name(Some("__auto"), &l, "up"),
            r#"up{a="q\"\\", job="api"}"#
        );
        assert_eq!(
            series_name(Some("  "), &labels(&[("job", "x")]), "e"),
            r#"{job="x"}"#
        );
        assert_eq!(series_name(None, &labels(&[("__name__", "up")]), "e"), "up");
        assert_eq!(series_name(None, &Labels::new(), "sum(up)"), "sum(up)");
        assert_eq!(series_name(Some("{{job}}"), &l, "up"), "api");
    }

    #[test]
    fn a_click_isolates_and_a_second_click_shows_all_again() {
        let isolated = toggle_hidden(&[], 1, 3, false);
        assert_eq!(isolated, vec![0, 2]);
        assert_eq!(toggle_hidden(&isolated, 1, 3, false), Vec::<usize>::new());
        // Clicking another series while one is isolated isolates that one instead.
        assert_eq!(toggle_hidden(&isolated, 0, 3, false), vec![1, 2]);
    }

    #[test]
    fn a_ctrl_click_toggles_one_series() {
        assert_eq!(toggle_hidden(&[], 2, 3, true), vec![2]);
        assert_eq!(toggle_hidden(&[0, 2], 2, 3, true), vec![0]);
    }

    #[test]
    fn the_legend_grows_to_four_rows() {
        assert_eq!(legend_height_px(0, true), 0.0);
        assert_eq!(legend_height_px(1, false), 26.0);
        assert_eq!(legend_height_px(3, true), 82.0);
        assert_eq!(legend_height_px(40, false), 86.0);
        assert_eq!(legend_height_px(40, true), 102.0);
    }
}
