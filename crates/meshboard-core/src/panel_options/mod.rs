//! The panel editor's option groups (issue 18), pure: which of Grafana's option groups a panel
//! type shows (Grafana builds one option set per plugin: `module.tsx` of each panel with the
//! shared builders `addAxisConfig`, `addLegendOptions`, `addTooltipOptions`,
//! `addStackingConfig`, the standard options and the `FieldColorEditor`), and what each of the
//! editors this module backs writes into the panel's JSON:
//!
//! - [`catalog`]: every visualization Meshboard draws with its name and a short description,
//!   the picker's search and its listbox keys (arrows, Home/End, typeahead);
//! - [`groups`]: the option groups each panel type shows, in Grafana's order;
//! - [`styles`]: the choices of the Axis and Graph styles groups and the JSON their composite
//!   editors store (`scaleDistribution`, `lineStyle`, `spanNulls`);
//! - [`color`]: the colour scheme editor's modes and the `color` object it stores;
//! - [`links`]: panel links and field data links as editable rows, URLs checked with core's
//!   `safe_url` (no `javascript:`);
//! - [`transforms`]: the Transform data tab: the transformations core runs, added, removed,
//!   moved, disabled and their options edited as JSON;
//! - [`transform_forms`]: each transformation's form: its options read and written by
//!   pointer, the field names it receives, organize's rows, reducer lists, operands;
//! - [`transform_row_forms`]: the group by, convert field type and filter by value forms' rows;
//! - [`alertlist`]: the alert list's Options, Filter and state groups.

pub mod alertlist;
pub mod catalog;
pub mod color;
pub mod groups;
pub mod links;
pub mod styles;
pub mod transform_forms;
pub mod transform_row_forms;
pub mod transforms;

#[cfg(test)]
mod form_tests;
#[cfg(test)]
mod row_form_tests;
#[cfg(test)]
mod tests;
