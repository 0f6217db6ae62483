//! The live state of one open dashboard: its variables, its panels (with row state), the
//! interpolation scope every panel shares, and how its variable refreshes are going.

use crate::core::dashboard::{Dashboard, Panel};
use crate::core::variables::{Variable, VariableScope};
use leptos::prelude::*;
use std::collections::{BTreeMap, BTreeSet};

#[derive(Clone, Copy)]
pub struct DashState {
    /// The dashboard as loaded (export starts from it).
    pub meta: StoredValue<Dashboard>,
    pub variables: RwSignal<Vec<Variable>>,
    /// Top-level panels; a collapsed row holds its panels in `children`.
    pub panels: RwSignal<Vec<Panel>>,
    /// The scope built from the variables: one Memo, so panels only see real changes.
    pub scope: Memo<VariableScope>,
    /// Per variable: why its options could not be read.
    pub var_errors: RwSignal<BTreeMap<String, String>>,
    /// Variables whose options are being fetched.
    pub var_loading: RwSignal<BTreeSet<String>>,
    /// True once the first variable refresh is done: panels wait for it.
    pub ready: RwSignal<bool>,
}

impl DashState {
    pub fn new(dashboard: Dashboard) -> DashState {
        let variables = RwSignal::new(dashboard.variables.clone());
        let panels = RwSignal::new(dashboard.panels.clone());
        DashState {
            meta: StoredValue::new(dashboard),
            variables,
            panels,
            scope: Memo::new(move |_| variables.with(|v| VariableScope::from_variables(v))),
            var_errors: RwSignal::new(BTreeMap::new()),
            var_loading: RwSignal::new(BTreeSet::new()),
            ready: RwSignal::new(false),
        }
    }

    /// The dashboard with the current variables, row state, time and refresh (for export).
    pub fn dashboard_now(&self, from: &str, to: &str, refresh: Option<String>) -> Dashboard {
        let mut dashboard = self.meta.get_value();
        dashboard.variables = self.variables.get_untracked();
        dashboard.panels = self.panels.get_untracked();
        dashboard.time.from = from.to_string();
        dashboard.time.to = to.to_string();
        dashboard.refresh = refresh;
        dashboard
    }
}
