//! Data links: the `links` of a field's config (`fieldConfig.defaults.links` and override
//! `links` properties), offered by a value: the chart's pinned tooltip (the hovered series at
//! its nearest point) and a table cell. Their URLs are interpolated as Grafana 11 does
//! (scenes' `sceneInterpolator` over the link with the `uriencode` format; the title with
//! none): the value (`${__value.raw|numeric|text|time}`), its field (`${__field.name}`,
//! `${__field.labels}`, `${__field.labels.<name>}`), its series (`${__series.name}`), its row
//! (`${__data.fields.<name>}`), the page (`${__url_time_range}`, `${__all_variables}`,
//! `${__from}`, `${__to}`) and the dashboard's variables, in one pass so that a value is never
//! read as a variable. Panel links go through the same page variables.

use serde_json::Value;

use super::links::is_safe_url;
use crate::frame::Labels;
use crate::url_state::{percent_encode, ViewState};
use crate::variables::interpolate::syntax;
use crate::variables::{encode_uri_strict, interpolate, DefaultFormat, VariableScope};

/// One data link as written.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct DataLink {
    pub title: String,
    pub url: String,
    pub target_blank: bool,
}

/// The links of a field config's `links` (entries without a URL are left out, as Grafana's
/// editor cannot save them).
pub fn data_links(links: &Value) -> Vec<DataLink> {
    let Some(items) = links.as_array() else {
        return Vec::new();
    };
    items
        .iter()
        .filter_map(|l| {
            let url = l.get("url")?.as_str()?.trim();
            (!url.is_empty()).then(|| DataLink {
                title: l
                    .get("title")
                    .and_then(Value::as_str)
                    .unwrap_or_default()
                    .to_string(),
                url: url.to_string(),
                target_blank: l.get("targetBlank").and_then(Value::as_bool) == Some(true),
            })
        })
        .collect()
}

/// The page a link is followed from.
pub struct LinkPage<'a> {
    pub scope: &'a VariableScope,
    /// The page's URL state: `from`/`to` as written (`${__url_time_range}`) and the variables'
    /// settled values (`${__all_variables}`).
    pub view: &'a ViewState,
    /// The resolved range in epoch ms (`${__from}`, `${__to}`).
    pub range_ms: (i64, i64),
    /// The app's base path (`""` at the root): a link starting with `/` is under it, as
    /// Grafana's `assureBaseUrl` puts it under its sub-path.
    pub base_path: &'a str,
}

/// `url` under the app's base path when it is absolute on this host (`/d/x`), as Grafana's
/// `locationUtil.assureBaseUrl` does; a URL already under it is left as it is.
pub fn under_base_path(url: &str, base_path: &str) -> String {
    let base = base_path.trim_end_matches('/');
    if base.is_empty() || !url.starts_with('/') {
        return url.to_string();
    }
    let rest = url
        .strip_prefix(base)
        .filter(|r| r.is_empty() || r.starts_with(['/', '?', '#']))
        .unwrap_or(url);
    format!("{base}{rest}")
}

/// A row's field text by `__data.fields` path.
pub type RowLookup<'a> = dyn Fn(&str) -> Option<String> + 'a;

/// The value a data link is made for: one point of a series, or one table cell.
#[derive(Default)]
pub struct LinkValue<'a> {
    /// The field's name (`Value` for a Prometheus series, the column's for a table).
    pub field_name: &'a str,
    pub labels: Option<&'a Labels>,
    /// The series' display name (its legend name, after a `displayName` override).
    pub series_name: &'a str,
    /// The row's time, epoch ms (`${__value.time}`).
    pub time_ms: Option<f64>,
    /// The value as JavaScript's `String(value)` writes it (`${__value.raw}`).
    pub raw: String,
    /// The display number (`${__value.numeric}`), as written by `String(number)`.
    pub numeric: String,
    /// The display text without prefix and suffix (`${__value.text}`).
    pub text: String,
    /// Prefix, text and suffix (`${__value}`).
    pub formatted: String,
    /// The row's other fields by `__data.fields` path (`pod`, `["pod"]`, `0`).
    pub row: Option<&'a RowLookup<'a>>,
}

/// One point of a chart series as a link value: its field is `Value` (the name Grafana's
/// Prometheus frames give it), the number as `String(value)` writes it, the text in the
/// series' unit.
pub fn point_link_value<'a>(
    labels: &'a Labels,
    series_name: &'a str,
    time_ms: f64,
    value: f64,
    (unit, decimals): (&str, Option<u32>),
) -> LinkValue<'a> {
    let shown = crate::units::value_format(unit).format(value, decimals);
    let number = crate::panel_calc::value_mapping::js_number_text(value);
    LinkValue {
        field_name: "Value",
        labels: Some(labels),
        series_name,
        time_ms: Some(time_ms),
        raw: number.clone(),
        numeric: number,
        text: shown.text.clone(),
        formatted: shown.to_string(),
        row: None,
    }
}

/// A link ready to draw: `href` is `None` when the URL is not a web or relative one
/// (`javascript:` and other schemes), and then the link is shown as text only.
#[derive(Debug, Clone, PartialEq)]
pub struct ResolvedLink {
    pub title: String,
    pub href: Option<String>,
    pub target_blank: bool,
}

/// `link` interpolated for `value` on `page`.
pub fn resolve_data_link(link: &DataLink, value: &LinkValue, page: &LinkPage) -> ResolvedLink {
    let url = under_base_path(link.url.replace('\n', "").trim(), page.base_path);
    let href = link_text(&url, value, page, true);
    let title = link_text(&link.title, value, page, false);
    ResolvedLink {
        title: if title.is_empty() {
            href.clone()
        } else {
            title
        },
        href: is_safe_url(&href).then_some(href),
        target_blank: link.target_blank,
    }
}

/// Replaces the page variables a panel link may use (`${__url_time_range}`,
/// `${__all_variables}`, `${__from}`, `${__to}`) and the dashboard's variables as titles
/// show them.
pub fn page_link_text(template: &str, page: &LinkPage) -> String {
    link_text(template, &LinkValue::default(), page, false)
}

/// One pass over `template`: each reference is a data macro, a page macro or a variable of
/// the scope; what it is replaced with is never read again. `in_url` formats values with
/// `uriencode` unless the reference names its own format.
fn link_text(template: &str, value: &LinkValue, page: &LinkPage, in_url: bool) -> String {
    if !template.contains('$') && !template.contains("[[") {
        return template.to_string();
    }
    let default = if in_url {
        DefaultFormat::Uri
    } else {
        DefaultFormat::Text
    };
    syntax()
        .replace_all(template, |caps: &regex_lite::Captures| {
            let whole = &caps[0];
            let name = caps
                .get(1)
                .or_else(|| caps.get(2))
                .or_else(|| caps.get(4))
                .map_or("", |m| m.as_str());
            let path = caps.get(5).map(|m| m.as_str());
            let format = caps.get(3).or_else(|| caps.get(6)).map(|m| m.as_str());
            match macro_value(name, path, format, value, page) {
                Some(Macro::Formatted(text)) => text,
                Some(Macro::Value(text)) => format_macro(&text, format, in_url),
                None => interpolate(whole, page.scope, default),
            }
        })
        .into_owned()
}

enum Macro {
    /// A value still to be formatted.
    Value(String),
    /// Query parameters, already encoded (scenes' `SkipFormattingValue`).
    Formatted(String),
}

fn macro_value(
    name: &str,
    path: Option<&str>,
    format: Option<&str>,
    value: &LinkValue,
    page: &LinkPage,
) -> Option<Macro> {
    let text = match (name, path) {
        ("__url_time_range", _) => return Some(Macro::Formatted(url_time_range(page.view))),
        ("__all_variables", _) => return Some(Macro::Formatted(all_variables(page.view))),
        ("__from", None) => return Some(Macro::Formatted(time_macro(page.range_ms.0, format))),
        ("__to", None) => return Some(Macro::Formatted(time_macro(page.range_ms.1, format))),
        // Without a value (panel links) the data macros stay as written, as in Grafana.
        (_, _) if value.field_name.is_empty() && value.row.is_none() => return None,
        ("__value", None) => value.formatted.clone(),
        ("__value", Some("raw")) => value.raw.clone(),
        ("__value", Some("numeric")) => value.numeric.clone(),
        ("__value", Some("text")) => value.text.clone(),
        ("__value", Some("time")) => value
            .time_ms
            .map(crate::panel_calc::value_mapping::js_number_text)
            .unwrap_or_default(),
        ("__series", Some("name")) => value.series_name.to_string(),
        ("__field", Some("name")) => value.field_name.to_string(),
        ("__field", Some("displayName")) => value.series_name.to_string(),
        ("__field", Some(path)) => field_labels(value.labels, path)?,
        // The Angular table's `${__cell}` and `${__cell_N}` (its migration keeps them).
        ("__cell", None) => value.raw.clone(),
        (cell, None) if cell.starts_with("__cell_") => value
            .row
            .and_then(|row| row(&cell["__cell_".len()..]))
            .unwrap_or_default(),
        ("__data", Some(path)) => {
            let field = path.strip_prefix("fields")?.trim_start_matches('.');
            value.row.and_then(|row| row(field)).unwrap_or_default()
        }
        _ => return None,
    };
    Some(Macro::Value(text))
}

/// `${__field.labels}` (every label as `name="value"`, sorted, comma separated: Grafana's
/// `formatLabels` without braces), `${__field.labels.<name>}` (empty when absent) and
/// `${__field.labels.__values}`.
fn field_labels(labels: Option<&Labels>, path: &str) -> Option<String> {
    let rest = path
        .strip_prefix("labels")
        .or_else(|| path.strip_prefix("formattedLabels"))?;
    let Some(labels) = labels else {
        return Some(String::new());
    };
    Some(match rest.strip_prefix('.') {
        None if rest.is_empty() => labels
            .iter()
            .map(|(k, v)| format!("{k}=\"{v}\""))
            .collect::<Vec<_>>()
            .join(", "),
        Some("__values") => {
            let mut values: Vec<&str> = labels.values().map(String::as_str).collect();
            values.sort_unstable();
            values.join(", ")
        }
        Some(name) => labels
            .get(name.trim_matches(|c| c == '"' || c == '[' || c == ']'))
            .cloned()
            .unwrap_or_default(),
        None => return None,
    })
}

/// A macro's value in the format its reference names; the URL's default is `uriencode`.
fn format_macro(text: &str, format: Option<&str>, in_url: bool) -> String {
    match format {
        Some("percentencode") => percent_encode(text),
        Some("uriencode") => encode_uri_strict(text),
        Some("json") => serde_json::to_string(text).unwrap_or_default(),
        Some(_) => text.to_string(),
        None if in_url => encode_uri_strict(text),
        None => text.to_string(),
    }
}

/// `${__from}` / `${__to}`: epoch ms, or `:date:seconds`, `:date` / `:date:iso`.
fn time_macro(ms: i64, format: Option<&str>) -> String {
    match format {
        Some("date:seconds") => (ms as f64 / 1000.0).round().to_string(),
        Some("date") | Some("date:iso") => crate::time_range::format_iso_utc(ms),
        _ => ms.to_string(),
    }
}

/// `from=<as written>&to=<as written>`: the page's own time range.
fn url_time_range(view: &ViewState) -> String {
    ViewState {
        from: view.from.clone(),
        to: view.to.clone(),
        ..ViewState::default()
    }
    .to_query()
}

/// `var-<name>=<value>` for every value of every variable the page's URL carries.
fn all_variables(view: &ViewState) -> String {
    view.vars
        .iter()
        .flat_map(|(name, values)| values.iter().map(move |value| (name, value)))
        .map(|(name, value)| format!("var-{}={}", percent_encode(name), percent_encode(value)))
        .collect::<Vec<_>>()
        .join("&")
}

#[cfg(test)]
#[path = "data_links_tests.rs"]
mod tests;
