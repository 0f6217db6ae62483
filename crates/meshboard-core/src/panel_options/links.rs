//! Panel links (`panel.links`, the header's links menu) and field data links
//! (`fieldConfig.defaults.links`, offered by a value in the chart's tooltip and a table cell)
//! as the editor's rows: a title, a URL that may use variables (`${__url_time_range}`,
//! `${__field.labels.job}`), and "Open in new tab". Grafana's `DataLinksInlineEditor` edits
//! the same three fields. A URL is checked with core's `safe_url` before it is stored: a
//! `javascript:` or `data:` URL is refused with the reason, so no saved link can run code
//! (what a link becomes after its variables are filled in is checked again when it is drawn).
//! Rows are edited in place in the JSON array so keys this editor does not show survive.

use serde_json::{json, Value};

use crate::markdown::safe_url;

/// One link as the editor shows it.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct LinkRow {
    pub title: String,
    pub url: String,
    pub new_tab: bool,
}

/// A field of a link row the editor sets.
#[derive(Debug, Clone, PartialEq)]
pub enum LinkField {
    Title(String),
    Url(String),
    NewTab(bool),
}

/// The rows of a `links` array (anything else is no rows).
pub fn link_rows(links: Option<&Value>) -> Vec<LinkRow> {
    links
        .and_then(Value::as_array)
        .map(|items| {
            items
                .iter()
                .map(|l| {
                    let text = |k: &str| l.get(k).and_then(Value::as_str).unwrap_or("").to_string();
                    LinkRow {
                        title: text("title"),
                        url: text("url"),
                        new_tab: l.get("targetBlank").and_then(Value::as_bool) == Some(true),
                    }
                })
                .collect()
        })
        .unwrap_or_default()
}

/// Why `url` cannot be a link (`None`: it can; an empty URL is an unfinished link, not a
/// refused one).
pub fn url_problem(url: &str) -> Option<String> {
    (!url.trim().is_empty() && safe_url(url).is_none())
        .then(|| "Only http(s), mailto and relative URLs can be links".to_string())
}

/// `links` with a new empty link at the end (Grafana's "+ Add link").
pub fn add_link(links: Option<&Value>) -> Value {
    let mut items = links.and_then(Value::as_array).cloned().unwrap_or_default();
    items.push(json!({"title": "", "url": ""}));
    Value::Array(items)
}

/// `links` without link `i`; `None` when none is left (Grafana leaves an empty list out).
pub fn remove_link(links: Option<&Value>, i: usize) -> Option<Value> {
    let mut items = links.and_then(Value::as_array).cloned().unwrap_or_default();
    if i < items.len() {
        items.remove(i);
    }
    (!items.is_empty()).then_some(Value::Array(items))
}

/// `links` with `field` of link `i` set; `Err` (nothing changed) when the URL is refused.
pub fn set_link_field(links: Option<&Value>, i: usize, field: LinkField) -> Result<Value, String> {
    let mut items = links.and_then(Value::as_array).cloned().unwrap_or_default();
    let Some(Value::Object(link)) = items.get_mut(i) else {
        return Err(format!("There is no link {}", i + 1));
    };
    match field {
        LinkField::Title(t) => {
            link.insert("title".into(), Value::String(t));
        }
        LinkField::Url(u) => {
            if let Some(why) = url_problem(&u) {
                return Err(why);
            }
            link.insert("url".into(), Value::String(u.trim().to_string()));
        }
        LinkField::NewTab(true) => {
            link.insert("targetBlank".into(), Value::Bool(true));
        }
        LinkField::NewTab(false) => {
            link.remove("targetBlank");
        }
    }
    Ok(Value::Array(items))
}
