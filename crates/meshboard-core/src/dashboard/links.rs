//! A dashboard's `links`: where each one goes. A `link` entry is its (interpolated) URL, a
//! `dashboards` entry the dashboards carrying its tags (a dropdown or a row of links); either
//! may carry the time range and the variables. Only web URLs are links: `javascript:` and
//! other schemes are dropped.

use super::model::DashboardLink;
use crate::dashboard_index::DashboardEntry;
use crate::url_state::{percent_encode, ViewState};
use crate::variables::{interpolate_text, url_params, Variable, VariableScope};

/// What a link may carry from the page it is on.
pub struct LinkContext<'a> {
    pub scope: &'a VariableScope,
    pub variables: &'a [Variable],
    /// The view state now (its `from`/`to` travel with `keepTime`).
    pub view: &'a ViewState,
    /// The app's base path (`""` at the root), for `dashboards` entries.
    pub base_path: &'a str,
}

/// The `href` of `link`, or `None` when its URL is not a web one. A `dashboards` entry drawn
/// as one link (no dashboard index at hand) goes to the list filtered by its tags.
pub fn link_href(link: &DashboardLink, ctx: &LinkContext) -> Option<String> {
    let base = match (&link.url, link.link_type.as_str()) {
        (Some(url), "link") => interpolate_text(url, ctx.scope),
        _ => format!(
            "{}/?search={}",
            ctx.base_path,
            percent_encode(&link.tags.join(" "))
        ),
    };
    if !is_safe_url(&base) {
        return None;
    }
    Some(with_carried_params(base, link, ctx))
}

/// `base` with the time range (`keepTime`) and the variables (`includeVars`) appended, as
/// Grafana's `getLinkUrl` appends them.
fn with_carried_params(base: String, link: &DashboardLink, ctx: &LinkContext) -> String {
    let mut extra = ViewState::default();
    if link.keep_time {
        extra.from = ctx.view.from.clone();
        extra.to = ctx.view.to.clone();
    }
    let mut query = extra.to_query();
    if link.include_vars {
        for (key, value) in url_params(ctx.variables) {
            if !query.is_empty() {
                query.push('&');
            }
            query.push_str(&format!(
                "{}={}",
                percent_encode(&key),
                percent_encode(&value)
            ));
        }
    }
    match (query.is_empty(), base.contains('?')) {
        (true, _) => base,
        (false, true) => format!("{base}&{query}"),
        (false, false) => format!("{base}?{query}"),
    }
}

/// One dashboard a `dashboards` link lists.
#[derive(Debug, Clone, PartialEq)]
pub struct LinkedDashboard {
    pub uid: String,
    pub title: String,
    pub href: String,
}

/// The dashboards a `dashboards` entry lists, as Grafana's `DashboardLinksDashboard`
/// resolves them: every dashboard carrying all of the entry's tags (any dashboard when it
/// names none), the current one left out, by title, at most 100 (its search limit), each
/// with the time range and variables when the entry keeps them.
pub fn linked_dashboards(
    link: &DashboardLink,
    entries: &[DashboardEntry],
    current_uid: &str,
    ctx: &LinkContext,
) -> Vec<LinkedDashboard> {
    let mut hits: Vec<&DashboardEntry> = Vec::new();
    for entry in entries {
        let tagged = link.tags.iter().all(|t| entry.tags.contains(t));
        if tagged && entry.uid != current_uid && !hits.iter().any(|h| h.uid == entry.uid) {
            hits.push(entry);
        }
    }
    crate::sort::sort_by_key(&mut hits, |e| e.title.to_lowercase());
    hits.into_iter()
        .take(100)
        .map(|e| LinkedDashboard {
            uid: e.uid.clone(),
            title: e.title.clone(),
            href: with_carried_params(
                format!("{}/d/{}", ctx.base_path, percent_encode(&e.uid)),
                link,
                ctx,
            ),
        })
        .collect()
}

/// Whether `url` is relative, http(s) or mailto: the one rule every link of the app follows
/// ([`crate::markdown::safe_url`], which also reads schemes hidden by tabs and newlines).
pub fn is_safe_url(url: &str) -> bool {
    crate::markdown::safe_url(url).is_some()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::variables::ScopedValue;
    use serde_json::json;

    fn link(url: Option<&str>, link_type: &str) -> DashboardLink {
        DashboardLink {
            title: "t".into(),
            link_type: link_type.into(),
            url: url.map(str::to_string),
            tags: vec!["mesh".into(), "ops".into()],
            include_vars: false,
            keep_time: false,
            target_blank: false,
            ..DashboardLink::default()
        }
    }

    #[test]
    fn only_web_and_relative_urls_are_links() {
        assert!(is_safe_url("https://example.com/x"));
        assert!(is_safe_url("HTTP://example.com"));
        assert!(is_safe_url("/d/other?x=a:b"));
        assert!(is_safe_url("d/other"));
        assert!(!is_safe_url(" javascript:alert(1)"));
        assert!(!is_safe_url("data:text/html,x"));
        // As Grafana's sanitizeUrl (braintree/sanitize-url): mail links are links.
        assert!(is_safe_url("mailto:a@b"));
        assert!(!is_safe_url("java\tscript:alert(1)"));
    }

    #[test]
    fn links_carry_time_and_variables_when_asked() {
        let mut scope = VariableScope::default();
        scope.insert("job", ScopedValue::single("api"));
        let variables: Vec<Variable> = [json!({"name": "job", "type": "custom", "query": "api,db",
            "current": {"text": "api", "value": "api"}})]
        .iter()
        .filter_map(Variable::from_json)
        .collect();
        let view = ViewState {
            from: Some("now-1h".into()),
            to: Some("now".into()),
            ..ViewState::default()
        };
        let ctx = LinkContext {
            scope: &scope,
            variables: &variables,
            view: &view,
            base_path: "/ops",
        };
        let mut l = link(Some("https://wiki/$job?tab=1"), "link");
        assert_eq!(link_href(&l, &ctx).unwrap(), "https://wiki/api?tab=1");
        l.keep_time = true;
        l.include_vars = true;
        assert_eq!(
            link_href(&l, &ctx).unwrap(),
            "https://wiki/api?tab=1&from=now-1h&to=now&var-job=api"
        );
        let list = link(None, "dashboards");
        assert_eq!(link_href(&list, &ctx).unwrap(), "/ops/?search=mesh%20ops");
        assert_eq!(link_href(&link(Some("javascript:x()"), "link"), &ctx), None);
    }

    const KUBERNETES_NODE: &str = include_str!(
        "../../../../tests/fixtures/grafana/broader/kubernetes-mixin-k8s-resources-node.json"
    );

    #[test]
    fn a_dashboards_link_lists_the_tagged_dashboards_but_this_one() {
        // kubernetes-mixin's "Kubernetes" dropdown: tag kubernetes-mixin, time and variables kept.
        let dashboard = crate::dashboard::Dashboard::parse(KUBERNETES_NODE).expect("fixture");
        let link = &dashboard.links[0];
        assert_eq!(link.link_type, "dashboards");
        assert!(link.as_dropdown);
        let entry = |uid: &str, title: &str, tags: &[&str]| DashboardEntry {
            uid: uid.into(),
            title: title.into(),
            tags: tags.iter().map(|t| t.to_string()).collect(),
            file: String::new(),
        };
        let entries = [
            entry(
                "pods",
                "Kubernetes / Compute Resources / Pod",
                &["kubernetes-mixin"],
            ),
            entry(&dashboard.uid, &dashboard.title, &["kubernetes-mixin"]),
            entry("ops", "Operations", &["ops"]),
            entry(
                "apiserver",
                "Kubernetes / API server",
                &["kubernetes-mixin", "apiserver"],
            ),
            entry("pods", "duplicate uid", &["kubernetes-mixin"]),
        ];
        let scope = VariableScope::default();
        let variables: Vec<Variable> = [json!({"name": "node", "type": "custom", "query": "a,b",
            "current": {"text": "b", "value": "b"}})]
        .iter()
        .filter_map(Variable::from_json)
        .collect();
        let view = ViewState {
            from: Some("now-3h".into()),
            to: Some("now".into()),
            ..ViewState::default()
        };
        let ctx = LinkContext {
            scope: &scope,
            variables: &variables,
            view: &view,
            base_path: "/ops",
        };
        let listed = linked_dashboards(link, &entries, &dashboard.uid, &ctx);
        let titles: Vec<&str> = listed.iter().map(|d| d.title.as_str()).collect();
        assert_eq!(
            titles,
            [
                "Kubernetes / API server",
                "Kubernetes / Compute Resources / Pod"
            ]
        );
        assert_eq!(
            listed[0].href,
            "/ops/d/apiserver?from=now-3h&to=now&var-node=b"
        );
        // Every tag must match.
        let mut two = link.clone();
        two.tags.push("apiserver".into());
        assert_eq!(linked_dashboards(&two, &entries, "", &ctx).len(), 1);
    }
}
