//! Hostile content on the way in and out. Titles, descriptions, units and legend formats are
//! plain strings in the model and the UI only ever sets them as text, so they need nothing
//! here; links are the one place a dashboard can carry something active. Every link list of a
//! dashboard (its `links`, panels' `links`, data links in field config and overrides, legacy
//! `dataLinks`) is checked with the app's one URL rule ([`crate::markdown::safe_url`]): an
//! import or an export drops the links it refuses and says which.

use serde_json::Value;

use super::validate::locate;
use crate::dashboard::{export_dashboard, import_dashboard, Dashboard, ImportedDashboard};

/// A link whose URL the app refuses (`javascript:`, `data:`, `vbscript:` ...).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct UnsafeLink {
    /// JSON pointer of the link object.
    pub pointer: String,
    pub url: String,
}

/// Keys whose value is a list of `{title, url}` links.
const LINK_LISTS: [&str; 2] = ["links", "dataLinks"];

fn escape(key: &str) -> String {
    key.replace('~', "~0").replace('/', "~1")
}

/// The links of one link list (`[{"url": ...}, ...]` at `pointer`) the app would not follow.
fn unsafe_in_list(list: &Value, pointer: &str, found: &mut Vec<UnsafeLink>) {
    let Some(items) = list.as_array() else { return };
    for (i, item) in items.iter().enumerate() {
        if let Some(url) = item.get("url").and_then(Value::as_str) {
            if crate::markdown::safe_url(url).is_none() {
                found.push(UnsafeLink {
                    pointer: format!("{pointer}/{i}"),
                    url: url.to_string(),
                });
            }
        }
    }
}

fn walk(value: &Value, pointer: &str, found: &mut Vec<UnsafeLink>) {
    match value {
        Value::Object(map) => {
            for (key, child) in map {
                let child_pointer = format!("{pointer}/{}", escape(key));
                if LINK_LISTS.contains(&key.as_str()) {
                    unsafe_in_list(child, &child_pointer, found);
                }
                // Overrides carry links as `{"id": "links", "value": [...]}`.
                if key == "value" && map.get("id").and_then(Value::as_str) == Some("links") {
                    unsafe_in_list(child, &child_pointer, found);
                }
                walk(child, &child_pointer, found);
            }
        }
        Value::Array(items) => {
            for (i, item) in items.iter().enumerate() {
                walk(item, &format!("{pointer}/{i}"), found);
            }
        }
        _ => {}
    }
}

/// Every link in `dashboard` (a dashboard JSON value) whose URL the app refuses.
pub fn unsafe_links(dashboard: &Value) -> Vec<UnsafeLink> {
    let mut found = Vec::new();
    walk(dashboard, "", &mut found);
    found
}

/// Removes the links [`unsafe_links`] finds and returns them.
pub fn strip_unsafe_links(dashboard: &mut Value) -> Vec<UnsafeLink> {
    let found = unsafe_links(dashboard);
    // Last first, so earlier indices stay right.
    for link in found.iter().rev() {
        let Some((list, index)) = link.pointer.rsplit_once('/') else {
            continue;
        };
        let (Some(items), Ok(index)) = (
            dashboard.pointer_mut(list).and_then(Value::as_array_mut),
            index.parse::<usize>(),
        ) else {
            continue;
        };
        if index < items.len() {
            items.remove(index);
        }
    }
    found
}

/// A dashboard exported for download or copy: Grafana JSON, pretty-printed.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ExportedJson {
    pub text: String,
    /// Links left out because the app refuses their URL.
    pub removed_links: Vec<UnsafeLink>,
}

/// The export of `dashboard` (as [`export_dashboard`], without refused links).
pub fn export_json(dashboard: &Dashboard) -> ExportedJson {
    let mut value = export_dashboard(dashboard);
    let removed_links = strip_unsafe_links(&mut value);
    ExportedJson {
        text: serde_json::to_string_pretty(&value).unwrap_or_default(),
        removed_links,
    }
}

/// An import with the refused links taken out (after Grafana's constant inputs are filled,
/// so an input cannot smuggle a `javascript:` URL in). Errors are the import page's sentence.
pub fn import_checked(
    source: &str,
    builtin_uids: &[String],
) -> Result<(ImportedDashboard, Vec<UnsafeLink>), String> {
    let imported = import_dashboard(source, builtin_uids)?;
    let mut value: Value = serde_json::from_str(&imported.json).map_err(|e| e.to_string())?;
    let removed = strip_unsafe_links(&mut value);
    if removed.is_empty() {
        return Ok((imported, removed));
    }
    let mut dashboard = Dashboard::from_value(value).map_err(|e| e.to_string())?;
    dashboard.uid = imported.dashboard.uid.clone();
    let json = serde_json::to_string(&export_dashboard(&dashboard)).map_err(|e| e.to_string())?;
    Ok((ImportedDashboard { dashboard, json }, removed))
}

/// Where a refused link is in `text` (1-based line and column), for the JSON editor.
pub fn link_position(text: &str, link: &UnsafeLink) -> Option<(usize, usize)> {
    locate(text, &link.pointer)
}
