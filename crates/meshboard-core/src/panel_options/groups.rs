//! Which option groups the editor shows for a panel type, in the order Grafana's options pane
//! lists them. Grafana builds each plugin's set in its `module.tsx`: the time series adds
//! tooltip, legend, axis, graph styles and stacking; stat, gauge, bar gauge and table keep to
//! the standard options; text, alert list, logs, traces and node graph have their own options
//! only. Groups Meshboard does not draw anything for are left out rather than shown inert.

/// One group of the options pane (or the Transform data tab).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum OptionGroup {
    /// Title, description, transparent, panel links: every type.
    PanelOptions,
    Tooltip,
    Legend,
    Axis,
    GraphStyles,
    /// Unit, min, max, decimals, display name, no value and the colour scheme.
    StandardOptions,
    /// Field data links (the chart's tooltip and table cells open them).
    DataLinks,
    ValueMappings,
    Thresholds,
    Overrides,
    /// The Transform data tab beside the queries (Grafana hides it for panels without a query).
    Transformations,
    /// The alert list's Options, Filter and Alert state filter groups.
    AlertList,
}

use OptionGroup::*;

const TIME_SERIES: &[OptionGroup] = &[
    PanelOptions,
    Tooltip,
    Legend,
    Axis,
    GraphStyles,
    StandardOptions,
    DataLinks,
    ValueMappings,
    Thresholds,
    Overrides,
    Transformations,
];
const SINGLE_VALUE: &[OptionGroup] = &[
    PanelOptions,
    StandardOptions,
    ValueMappings,
    Thresholds,
    Overrides,
    Transformations,
];
const TABLE: &[OptionGroup] = &[
    PanelOptions,
    StandardOptions,
    DataLinks,
    ValueMappings,
    Thresholds,
    Overrides,
    Transformations,
];
const OVER_TIME: &[OptionGroup] = &[
    PanelOptions,
    Tooltip,
    Legend,
    StandardOptions,
    ValueMappings,
    Thresholds,
    Overrides,
    Transformations,
];
const QUERY_ONLY: &[OptionGroup] = &[PanelOptions, Transformations];
const NO_QUERY: &[OptionGroup] = &[PanelOptions];
const ALERT_LIST: &[OptionGroup] = &[PanelOptions, AlertList];

/// The groups `panel_type` shows, in Grafana's order.
pub fn groups_for(panel_type: &str) -> &'static [OptionGroup] {
    match panel_type {
        "timeseries" => TIME_SERIES,
        "stat" | "gauge" | "bargauge" => SINGLE_VALUE,
        "table" => TABLE,
        "state-timeline" | "heatmap" => OVER_TIME,
        "logs" | "traces" | "nodeGraph" => QUERY_ONLY,
        "alertlist" => ALERT_LIST,
        _ => NO_QUERY,
    }
}

/// Whether `panel_type` shows `group`.
pub fn shows(panel_type: &str, group: OptionGroup) -> bool {
    groups_for(panel_type).contains(&group)
}

/// Whether Meshboard applies a panel's transformations when it draws `panel_type` (the table
/// runs them; the editor says so elsewhere rather than hiding saved transformations).
pub fn applies_transformations(panel_type: &str) -> bool {
    panel_type == "table"
}
