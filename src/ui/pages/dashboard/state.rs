//! The live state of one open dashboard: its variables, its panels (with row state), the
//! interpolation scope every panel shares, and how its variable refreshes are going.

use crate::core::dashboard::{with_row_states, Dashboard, Panel, RowStates};
use crate::core::variables::{Variable, VariableScope};
use leptos::prelude::*;
use std::collections::{BTreeMap, BTreeSet};

#[derive(Clone, Copy)]
pub struct DashState {
    /// The dashboard as loaded (export starts from it).
    pub meta: StoredValue<Dashboard>,
    pub variables: RwSignal<Vec<Variable>>,
    /// Top-level panels as loaded; a collapsed row holds its panels in `children`.
    pub panels: RwSignal<Vec<Panel>>,
    /// Rows the user opened or closed (by grid key; repeated rows one by one).
    pub rows: RwSignal<RowStates>,
    /// The scope built from the variables: one Memo, so panels only see real changes.
    pub scope: Memo<VariableScope>,
    /// Per variable: why its options could not be read.
    pub var_errors: RwSignal<BTreeMap<String, String>>,
    /// Variables whose options are being fetched.
    pub var_loading: RwSignal<BTreeSet<String>>,
    /// True once the first variable refresh is done: panels wait for it.
    pub ready: RwSignal<bool>,
    /// Bumped when the edit session changed the variables' definitions (settings, undo): the
    /// page reads their options again.
    pub definitions_edited: RwSignal<u64>,
}

impl DashState {
    pub fn new(dashboard: Dashboard) -> DashState {
        let variables = RwSignal::new(dashboard.variables.clone());
        let panels = RwSignal::new(dashboard.panels.clone());
        DashState {
            meta: StoredValue::new(dashboard),
            variables,
            panels,
            rows: RwSignal::new(RowStates::new()),
            scope: Memo::new(move |_| variables.with(|v| VariableScope::from_variables(v))),
            var_errors: RwSignal::new(BTreeMap::new()),
            var_loading: RwSignal::new(BTreeSet::new()),
            ready: RwSignal::new(false),
            definitions_edited: RwSignal::new(0),
        }
    }

    /// The dashboard with the current variables, row state, time and refresh (for export).
    pub fn dashboard_now(&self, from: &str, to: &str, refresh: Option<String>) -> Dashboard {
        let mut dashboard = self.meta.get_value();
        dashboard.variables = self.variables.get_untracked();
        dashboard.panels = self.panels.with_untracked(|panels| {
            self.rows
                .with_untracked(|rows| with_row_states(panels, rows))
        });
        dashboard.time.from = from.to_string();
        dashboard.time.to = to.to_string();
        dashboard.refresh = refresh;
        dashboard
    }
}
