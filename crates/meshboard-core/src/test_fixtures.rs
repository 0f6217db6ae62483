//! Test support shared by the core's test modules: real dashboards of the corpus
//! (`tests/fixtures/grafana/`, see SOURCE.txt there) and their panels found by title, and
//! series built from labels and points.

use serde_json::Value;

use crate::dashboard::Panel;
use crate::frame::Series;

/// grafana.com dashboard 1860, Node Exporter Full.
pub const NODE_EXPORTER_FULL: &str =
    include_str!("../../../tests/fixtures/grafana/node-exporter-full.json");

/// The panel of `dashboard` (JSON text) with this title, rows' nested panels included.
pub fn fixture_panel(dashboard: &str, title: &str) -> Panel {
    fn find(panels: &[Value], title: &str) -> Option<Value> {
        panels.iter().find_map(|p| {
            if p["title"] == title {
                return Some(p.clone());
            }
            find(
                p["panels"].as_array().map(Vec::as_slice).unwrap_or(&[]),
                title,
            )
        })
    }
    let dashboard: Value = serde_json::from_str(dashboard).expect("fixture JSON");
    let raw = find(dashboard["panels"].as_array().expect("panels"), title).expect(title);
    Panel::from_json(&raw, 1)
}

/// A series with these labels and (time ms, value) points.
pub fn series(labels: &[(&str, &str)], points: &[(f64, f64)]) -> Series {
    let mut s = Series::new(
        labels
            .iter()
            .map(|(k, v)| (k.to_string(), v.to_string()))
            .collect(),
    );
    for &(t, v) in points {
        s.push(t, v);
    }
    s
}
