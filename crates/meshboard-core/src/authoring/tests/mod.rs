//! Host tests of authoring, on real dashboards of the corpus where layout matters.

mod diff;
mod edit;
mod explore;
mod gesture;
mod history;
mod links;
mod store;
mod validate;

use crate::dashboard::Dashboard;

pub(super) const NODE_MIXIN_NODES: &str =
    include_str!("../../../../../tests/fixtures/grafana/node-mixin-nodes.json");
pub(super) const GO_RUNTIME: &str =
    include_str!("../../../../../tests/fixtures/grafana/go-runtime-mixin.json");
pub(super) const PROMETHEUS_OVERVIEW: &str =
    include_str!("../../../../../tests/fixtures/grafana/prometheus-mixin-overview.json");

pub(super) fn load(text: &str) -> Dashboard {
    Dashboard::parse(text).expect("fixture dashboard")
}

/// `d` laid out as Grafana's grid shows it (sorted and compacted): node-mixin-nodes leaves a
/// two-unit gap above its third row, which the grid closes.
pub(super) fn compacted(d: &Dashboard) -> Dashboard {
    let mut c = d.clone();
    super::grid::sort_by_grid_pos(&mut c.panels);
    super::grid::settle(&mut c.panels, &c.variables);
    c
}

/// `(id, x, y, w, h)` of the top-level panels in list order.
pub(super) fn layout(d: &Dashboard) -> Vec<(i64, u32, u32, u32, u32)> {
    d.panels
        .iter()
        .map(|p| (p.id, p.grid_pos.x, p.grid_pos.y, p.grid_pos.w, p.grid_pos.h))
        .collect()
}

pub(super) fn pos(d: &Dashboard, id: i64) -> (u32, u32, u32, u32) {
    let p = d
        .all_panels()
        .into_iter()
        .find(|p| p.id == id)
        .unwrap_or_else(|| panic!("panel {id}"));
    (p.grid_pos.x, p.grid_pos.y, p.grid_pos.w, p.grid_pos.h)
}
