//! A dashboard's `links`: where each one goes. A `link` entry is its (interpolated) URL, a
//! `dashboards` entry the dashboard list filtered by its tags; either may carry the time range
//! and the variables. Only web URLs are links: `javascript:` and other schemes are dropped.

use super::model::DashboardLink;
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

/// The `href` of `link`, or `None` when its URL is not a web one.
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
    Some(match (query.is_empty(), base.contains('?')) {
        (true, _) => base,
        (false, true) => format!("{base}&{query}"),
        (false, false) => format!("{base}?{query}"),
    })
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
}
