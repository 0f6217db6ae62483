//! The Grafana-compatible dashboard model: reading classic dashboard JSON (schemaVersion 16 to
//! 41, the older `rows[]` layout and the `{"dashboard": {...}}` wrapper), panels and their
//! field config, grid layout maths, repeats, and export back to Grafana JSON.
//!
//! Parsing is lenient per panel: one odd panel becomes [`PanelKind::Unsupported`] with a
//! message saying what is unsupported; the rest of the dashboard still works.

mod arrange;
mod data_links;
mod datasource;
pub(crate) mod export;
mod field_config;
pub mod field_resolve;
mod import_text;
mod layout;
mod legacy;
mod links;
mod model;
mod naming;
mod option_list;
mod options;
mod panel;
mod panel_links;
mod repeat;
mod url_sync;
mod variable_picker;
mod variable_refresh;
mod variable_values;

pub use arrange::{
    arrange, arrange_places, compact, grid_bottom, panel_key, placed_rects, with_row_states,
    CompactItem, GridPlace, GridRect, OnGrid, PanelSource, Placed, RowStates, DEFAULT_MAX_PER_ROW,
};
pub use data_links::{
    data_links, page_link_text, point_link_value, resolve_data_link, under_base_path, DataLink,
    LinkPage, LinkValue, ResolvedLink, RowLookup,
};
pub use datasource::{DatasourceKind, DatasourceRef};
pub use export::export_dashboard;
pub use field_config::{
    FieldColor, FieldConfig, FieldDefaults, FieldMatcher, FieldOverride, OverrideProperty,
    ThresholdStep, Thresholds, ThresholdsMode,
};
pub use import_text::{import_dashboard, ImportedDashboard};
pub use layout::{
    toggle_row, GridPos, PanelRect, GRID_COLUMNS, GRID_MARGIN_PX, ONE_COLUMN_BELOW_PX, ROW_UNIT_PX,
};
pub use links::{is_safe_url, link_href, linked_dashboards, LinkContext, LinkedDashboard};
pub(crate) use model::strings as json_strings;
pub use model::{Annotation, Dashboard, DashboardError, DashboardLink, GraphTooltip, TimeSettings};
pub use naming::{export_file_name, import_uid, slugify};
pub use option_list::{filtered_options, list_key, moved_active, ListKey};
pub use options::{
    LegendDisplay, LegendOptions, LegendPlacement, PanelOptions, PanelTimeOptions, ReduceOptions,
    TooltipMode, TooltipOptions,
};
pub use panel::{Panel, PanelKind, Repeat, RepeatDirection, Target};
pub use panel_links::{panel_link_href, panel_link_title, panel_links, PanelLink};
pub use repeat::{expand_repeats, repeat_copies};
pub use url_sync::{effective_time, panel_for_url_id, url_var_values};
pub use variable_picker::{
    multi_summary, options_with_current, shown_variables, toggled_selection,
};
pub use variable_refresh::{
    datasource_infos, query_of, start_refresh, RefreshJob, RefreshQueue, RefreshStart, SyncCause,
    Want,
};
pub use variable_values::{matching_metric_names, query_result_values, series_selector_text};
