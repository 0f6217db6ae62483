//! Explore's "Add to dashboard": the panel made from a PromQL or LogQL query, on an existing
//! dashboard and on a new one.
use super::*;
use crate::authoring::{ExploreQuery, ExploreSource, EXPLORE_PANEL_TITLE};
use crate::dashboard::{export_dashboard, DatasourceKind, PanelKind};

fn query(source: ExploreSource, expr: &str) -> ExploreQuery {
    ExploreQuery {
        source,
        expr: expr.into(),
        from: Some("now-1h".into()),
        to: Some("now".into()),
    }
}

#[test]
fn a_promql_query_becomes_a_time_series_panel_at_the_top() {
    let d = compacted(&load(GO_RUNTIME));
    let q = query(
        ExploreSource::Metrics,
        "sum(rate(go_gc_duration_seconds_count[5m]))",
    );
    let after = q.add_to(&d).expect("added");
    let added = &after.panels[0];
    assert_eq!(added.id, 28, "the next free id");
    assert_eq!(added.kind, PanelKind::TimeSeries);
    assert_eq!(added.title, EXPLORE_PANEL_TITLE);
    assert_eq!(
        added.targets[0].expr.as_deref(),
        Some("sum(rate(go_gc_duration_seconds_count[5m]))")
    );
    assert_eq!(pos(&after, 28), (0, 0, 12, 8));
    assert_eq!(pos(&after, 16), (0, 8, 12, 8), "the others went down");
    let exported = export_dashboard(&after);
    let panel = &exported["panels"][0];
    assert_eq!(panel["datasource"]["type"], "prometheus");
    assert_eq!(panel["targets"][0]["refId"], "A");
    assert_eq!(after.panels.len(), d.panels.len() + 1);
}

#[test]
fn a_logql_query_becomes_a_full_width_logs_panel_on_loki() {
    let d = compacted(&load(GO_RUNTIME));
    let q = query(ExploreSource::Logs, "{job=\"shop\"} |= \"error\"");
    let after = q.add_to(&d).expect("added");
    let added = &after.panels[0];
    assert_eq!(added.kind, PanelKind::Logs);
    assert_eq!(pos(&after, added.id), (0, 0, 24, 8));
    let ds = added.datasource.as_ref().expect("a datasource");
    assert_eq!(ds.kind(), DatasourceKind::Loki);
}

#[test]
fn a_new_dashboard_takes_the_explore_range_and_the_panel() {
    let q = query(ExploreSource::Metrics, "up");
    let d = q.new_dashboard("my-board", "My board").expect("made");
    assert_eq!(d.uid, "my-board");
    assert_eq!(d.title, "My board");
    assert_eq!(d.panels.len(), 1);
    assert_eq!(pos(&d, 1), (0, 0, 12, 8));
    let exported = export_dashboard(&d);
    assert_eq!(exported["time"]["from"], "now-1h");
    assert_eq!(exported["time"]["to"], "now");
    let no_range = ExploreQuery {
        from: None,
        to: None,
        ..q
    };
    let d = no_range.new_dashboard("b", "B").expect("made");
    assert_eq!(export_dashboard(&d)["time"]["from"], "now-6h");
}

#[test]
fn a_new_dashboard_kept_only_as_a_draft_opens_over_itself_without_panels() {
    let q = query(ExploreSource::Logs, "{job=\"web\"} |= \"error\"");
    let made = q
        .new_dashboard("from-explore", "From Explore")
        .expect("made");
    let draft = crate::authoring::export_json(&made).text;
    let base = crate::authoring::explore::unsaved_base(&draft).expect("a base");
    assert_eq!(base.uid, "from-explore");
    assert_eq!(base.title, "From Explore");
    assert!(base.panels.is_empty(), "the panel is the unsaved change");
    assert_eq!(base.time.from, "now-1h");
    assert_ne!(base, made);
    assert_eq!(made.panels[0].kind, PanelKind::Logs);
    assert!(crate::authoring::explore::unsaved_base("[1]").is_err());
}
