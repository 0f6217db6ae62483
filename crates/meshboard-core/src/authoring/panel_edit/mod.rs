//! The panel editor's pure side (issue 18, `/d/<uid>?editPanel=<id>`): what the editor does to
//! one panel's JSON before it goes into the dashboard as an [`super::Edit`] (a form field is
//! [`super::Edit::SetPanelField`]; a whole-panel change such as a new query or another
//! visualization is [`super::Edit::ReplacePanel`]), so undo, drafts and save cover the editor:
//!
//! - [`types`]: the visualizations Meshboard draws, and changing a panel's type keeping the
//!   options the new type understands, as Grafana does;
//! - [`queries`]: the queries of a panel: add (the next free `refId`), remove, hide, and which
//!   query language the editor offers for them;
//! - [`units`]: the searchable unit picker over the units catalogue;
//! - [`thresholds`]: the threshold steps list (add, remove, set a step);
//! - [`mappings`]: value mappings as the editor's rows and back;
//! - [`overrides`]: field overrides, their matchers and properties typed into JSON;
//! - [`fields`]: reading a form field's value out of the panel JSON, and a typed number field
//!   into JSON.

pub mod fields;
pub mod mappings;
pub mod overrides;
pub mod queries;
pub mod thresholds;
pub mod types;
pub mod units;

pub use fields::{bool_at, number_input, text_at};
pub use mappings::{mapping_rows, mappings_json, MappingMatch, MappingRow};
pub use overrides::{
    add_override, add_property, property_text, property_value, PropertyKind, MATCHERS, PROPERTIES,
};
pub use queries::{add_query, next_ref_id, query_language, remove_query, QueryLanguage};
pub use thresholds::{
    add_threshold, remove_threshold, threshold_steps, thresholds_json, ThresholdStep,
};
pub use types::{change_type, PanelType, PANEL_TYPES};
pub use units::search_units;

#[cfg(test)]
mod tests;
