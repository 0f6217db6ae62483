//! A panel's own `links` (the link menu in its header, as Grafana draws it): read in both
//! spellings Grafana has saved them in, and their URLs with Grafana's link variables
//! `${__url_time_range}` (the view's `from`/`to`), `${__all_variables}` (every variable
//! as `var-<name>=<value>`), `${__from}`/`${__to}` besides the dashboard's own, replaced as
//! data links replace them (`data_links::page_link_text`). Only safe URLs become links.

use serde_json::Value;

use super::data_links::{page_link_text, under_base_path, LinkPage};
use super::links::is_safe_url;
use crate::url_state::percent_encode;
use crate::variables::{interpolate_text, VariableScope};

/// One entry of a panel's `links`.
#[derive(Debug, Clone, PartialEq)]
pub struct PanelLink {
    pub title: String,
    /// The URL as written, Grafana's link variables not yet replaced.
    pub url: String,
    pub target_blank: bool,
}

/// The panel's `links`. Grafana 7+ writes `{title, url, targetBlank}`; older panels wrote
/// `{type: "absolute"|"dashboard", url|dashUri, params, keepTime, includeVars}`, which its
/// migration turns into the same URL with `${__url_time_range}` and `${__all_variables}`
/// appended when kept: this reads both the same way.
pub fn panel_links(raw: &Value) -> Vec<PanelLink> {
    let Some(items) = raw.get("links").and_then(Value::as_array) else {
        return Vec::new();
    };
    items.iter().filter_map(panel_link).collect()
}

fn panel_link(item: &Value) -> Option<PanelLink> {
    let text = |key: &str| item.get(key).and_then(Value::as_str).unwrap_or_default();
    let flag = |key: &str| item.get(key).and_then(Value::as_bool).unwrap_or(false);
    let mut url = match text("type") {
        "dashboard" if !text("dashUri").is_empty() => format!("d/{}", text("dashUri")),
        "dashboard" if !text("dashboard").is_empty() => {
            format!("/?search={}", percent_encode(text("dashboard")))
        }
        _ => text("url").to_string(),
    };
    let mut params: Vec<&str> = Vec::new();
    if !text("params").is_empty() {
        params.push(text("params"));
    }
    if flag("keepTime") {
        params.push("${__url_time_range}");
    }
    if flag("includeVars") {
        params.push("${__all_variables}");
    }
    if !params.is_empty() {
        url.push(if url.contains('?') { '&' } else { '?' });
        url.push_str(&params.join("&"));
    }
    if url.is_empty() {
        return None;
    }
    let title = match text("title") {
        "" => url.clone(),
        title => title.to_string(),
    };
    Some(PanelLink {
        title,
        url,
        target_blank: flag("targetBlank"),
    })
}

/// The link's title with the dashboard's variables replaced, as Grafana shows it.
pub fn panel_link_title(link: &PanelLink, scope: &VariableScope) -> String {
    interpolate_text(&link.title, scope)
}

/// The `href` of a panel link, or `None` when it does not come out as a web or relative URL.
/// The page's URL state gives `${__url_time_range}` and `${__all_variables}` (the dashboard
/// writes its time range and its variables' settled values there, as Grafana's URL does);
/// the variables are replaced in the same pass ([`page_link_text`]), so a value is never
/// read as a variable.
pub fn panel_link_href(link: &PanelLink, page: &LinkPage) -> Option<String> {
    let href = page_link_text(&under_base_path(&link.url, page.base_path), page);
    is_safe_url(&href).then_some(href)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::url_state::ViewState;
    use crate::variables::ScopedValue;
    use serde_json::json;

    /// A page at `?from=now-6h&to=now&var-instance=node-1:9100`.
    fn href(link: &PanelLink) -> Option<String> {
        let mut scope = VariableScope::default();
        scope.insert("instance", ScopedValue::single("node-1:9100"));
        let view = ViewState {
            from: Some("now-6h".into()),
            to: Some("now".into()),
            vars: vec![("instance".into(), vec!["node-1:9100".into()])],
            ..ViewState::default()
        };
        let page = LinkPage {
            scope: &scope,
            view: &view,
            range_ms: (0, 0),
            base_path: "",
        };
        panel_link_href(link, &page)
    }

    #[test]
    fn grafana_7_links_with_link_variables() {
        // The shape of a panel link of Node Exporter Full's "Quick CPU / Mem / Disk" panels.
        let links = panel_links(&json!({"links": [
            {"title": "Node details", "url": "/d/rYdddlPWk/node?${__url_time_range}&${__all_variables}",
             "targetBlank": true},
            {"title": "Docs for $instance", "url": "https://example.com/hosts/$instance"},
            {"title": "bad", "url": "javascript:alert(1)"}
        ]}));
        assert_eq!(links.len(), 3);
        assert!(links[0].target_blank);
        assert_eq!(
            href(&links[0]).as_deref(),
            Some("/d/rYdddlPWk/node?from=now-6h&to=now&var-instance=node-1%3A9100")
        );
        assert_eq!(
            href(&links[1]).as_deref(),
            Some("https://example.com/hosts/node-1:9100")
        );
        assert_eq!(href(&links[2]), None, "never a javascript: link");
        let mut scope = VariableScope::default();
        scope.insert("instance", ScopedValue::single("node-1:9100"));
        assert_eq!(panel_link_title(&links[1], &scope), "Docs for node-1:9100");
    }

    #[test]
    fn legacy_links_keep_time_and_variables_as_the_migration_does() {
        let links = panel_links(&json!({"links": [
            {"type": "dashboard", "dashUri": "db/node-exporter", "title": "Node",
             "keepTime": true, "includeVars": true, "params": "orgId=1"},
            {"type": "absolute", "url": "https://wiki.example.com/runbook", "targetBlank": true}
        ]}));
        assert_eq!(
            links[0].url,
            "d/db/node-exporter?orgId=1&${__url_time_range}&${__all_variables}"
        );
        assert_eq!(
            href(&links[0]).as_deref(),
            Some("d/db/node-exporter?orgId=1&from=now-6h&to=now&var-instance=node-1%3A9100")
        );
        assert_eq!(links[1].title, "https://wiki.example.com/runbook");
        assert!(links[1].target_blank);
        assert!(panel_links(&json!({"links": [{"title": "empty"}]})).is_empty());
        assert!(panel_links(&json!({})).is_empty());
    }
}
