//! How an open dashboard and the URL agree: the time range in effect (the URL's, else the
//! dashboard's own), the variables' values as the `var-<name>` lists the URL carries, and the
//! panel a `viewPanel=` or `panelId=` names.

use super::model::Dashboard;
use super::panel::{Panel, PanelKind};
use super::repeat::expand_repeats;
use crate::url_state::ViewState;
use crate::variables::{url_params, Variable};

/// The time range strings in effect: the URL's `from`/`to`, else the dashboard's `time`.
pub fn effective_time(view: &ViewState, dashboard: &Dashboard) -> (String, String) {
    (
        view.from
            .clone()
            .unwrap_or_else(|| dashboard.time.from.clone()),
        view.to.clone().unwrap_or_else(|| dashboard.time.to.clone()),
    )
}

/// Each variable's `var-<name>` values, one entry per name in the variables' order.
pub fn url_var_values(vars: &[Variable]) -> Vec<(String, Vec<String>)> {
    let mut grouped: Vec<(String, Vec<String>)> = Vec::new();
    for (key, value) in url_params(vars) {
        let name = key.trim_start_matches("var-").to_string();
        match grouped.iter_mut().find(|(n, _)| *n == name) {
            Some((_, values)) => values.push(value),
            None => grouped.push((name, vec![value])),
        }
    }
    grouped
}

/// The panel `id` (the URL's text) names, searched everywhere: inside collapsed rows too, and
/// among repeat clones (the first clone keeps the id). The error is what the page says.
pub fn panel_for_url_id(
    panels: &[Panel],
    vars: &[Variable],
    id: Option<&str>,
) -> Result<Panel, String> {
    let Some(id) = id else {
        return Err("No panel id given: add panelId=<id> to the URL.".to_string());
    };
    let missing = || format!("This dashboard has no panel with id \"{id}\".");
    let wanted = id.trim().parse::<i64>().map_err(|_| missing())?;
    let all: Vec<Panel> = panels
        .iter()
        .flat_map(|p| std::iter::once(p.clone()).chain(p.children.iter().cloned()))
        .collect();
    expand_repeats(&all, vars)
        .into_iter()
        .find(|p| p.id == wanted && p.kind != PanelKind::Row)
        .ok_or_else(missing)
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn the_url_range_wins_over_the_dashboards_own() {
        let dashboard =
            Dashboard::parse(r#"{"title": "d", "time": {"from": "now-6h", "to": "now"}}"#).unwrap();
        let mut view = ViewState::default();
        assert_eq!(
            effective_time(&view, &dashboard),
            ("now-6h".to_string(), "now".to_string())
        );
        view.from = Some("now-1h".into());
        assert_eq!(
            effective_time(&view, &dashboard),
            ("now-1h".to_string(), "now".to_string())
        );
    }

    #[test]
    fn multi_values_group_under_one_name() {
        let vars: Vec<Variable> = [
            json!({"name": "job", "type": "custom", "query": "a,b,c", "multi": true,
                "current": {"text": ["a", "b"], "value": ["a", "b"]}}),
            json!({"name": "env", "type": "constant", "query": "prod"}),
            json!({"name": "q", "type": "textbox", "query": "x", "current": {"text": "x", "value": "x"}}),
        ]
        .iter()
        .filter_map(Variable::from_json)
        .collect();
        let grouped = url_var_values(&vars);
        assert_eq!(
            grouped[0],
            ("job".to_string(), vec!["a".to_string(), "b".to_string()])
        );
        assert!(grouped.iter().any(|(n, v)| n == "q" && v == &["x"]));
    }

    #[test]
    fn view_panel_finds_panels_in_collapsed_rows_and_says_what_is_missing() {
        let dashboard = Dashboard::parse(
            r#"{"title": "d", "panels": [
                {"id": 1, "type": "timeseries", "title": "top", "gridPos": {"x": 0, "y": 0, "w": 12, "h": 8}},
                {"id": 2, "type": "row", "title": "more", "collapsed": true, "gridPos": {"x": 0, "y": 8, "w": 24, "h": 1},
                 "panels": [{"id": 3, "type": "stat", "title": "inner", "gridPos": {"x": 0, "y": 9, "w": 6, "h": 4}}]}
            ]}"#,
        )
        .unwrap();
        let find = |id: Option<&str>| panel_for_url_id(&dashboard.panels, &[], id);
        assert_eq!(find(Some(" 1 ")).unwrap().title, "top");
        assert_eq!(find(Some("3")).unwrap().title, "inner");
        assert_eq!(
            find(Some("2")).unwrap_err(),
            "This dashboard has no panel with id \"2\".",
            "a row is no panel to show"
        );
        assert_eq!(
            find(Some("x")).unwrap_err(),
            "This dashboard has no panel with id \"x\"."
        );
        assert_eq!(
            find(None).unwrap_err(),
            "No panel id given: add panelId=<id> to the URL."
        );
    }
}
