//! The live state of one open dashboard: its variables, its panels (with row state), the
//! interpolation scope every panel shares, and the chained variable refreshes.
//!
//! Refreshes work on a copy of the variables and publish once at the end, so a change of
//! `job` that also re-reads `instance` updates the panels once, with both values settled
//! (Grafana waits for dependent variables the same way). Refreshes run one at a time: a
//! request arriving meanwhile is queued and reads the URL and time range when its turn
//! comes, so no change is lost and no stale result overwrites a newer one.

use crate::api::prometheus::run_variable_query;
use crate::core::config::Config;
use crate::core::dashboard::{Dashboard, Panel};
use crate::core::variables::{
    apply_url_values, interpolate_query, refresh_plan, DatasourceInfo, RefreshTrigger, Variable,
    VariableKind, VariableQuery, VariableScope,
};
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
    queue: StoredValue<Vec<Want>>,
    busy: StoredValue<bool>,
}

/// A refresh waiting its turn.
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
pub enum Want {
    Load,
    Url,
    Time,
}

/// What a refresh reads when it runs, and what to do after publishing.
#[derive(Clone)]
pub struct SyncContext {
    pub config: Config,
    /// `var-<name>` values in the URL now.
    pub url_vars: Memo<BTreeMap<String, Vec<String>>>,
    /// The time range now (resolved when the refresh runs).
    pub range: Callback<(), (i64, i64)>,
    /// Runs after variables were published (writes the settled values into the URL).
    pub after: Callback<()>,
}

/// What started a refresh.
#[derive(Clone)]
pub enum SyncCause {
    /// First load: URL values, datasource options, every query variable.
    Load(BTreeMap<String, Vec<String>>),
    /// `var-*` in the URL changed (a picker, back/forward, a host page).
    Url(BTreeMap<String, Vec<String>>),
    /// The time range changed: `auto` intervals and `refresh: 2` variables.
    Time,
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
            queue: StoredValue::new(Vec::new()),
            busy: StoredValue::new(false),
        }
    }

    /// Queues a refresh; starts the worker unless one is running.
    pub fn schedule(self, want: Want, ctx: SyncContext) {
        let queued = self.queue.try_update_value(|q| {
            if !q.contains(&want) {
                q.push(want);
            }
        });
        if queued.is_none() || self.busy.try_get_value() != Some(false) {
            return;
        }
        self.busy.set_value(true);
        leptos::task::spawn_local(async move {
            while let Some(Some(want)) = self
                .queue
                .try_update_value(|q| (!q.is_empty()).then(|| q.remove(0)))
            {
                let Some(url) = ctx.url_vars.try_get_untracked() else {
                    return;
                };
                let cause = match want {
                    Want::Load => SyncCause::Load(url),
                    Want::Url => SyncCause::Url(url),
                    Want::Time => SyncCause::Time,
                };
                let range = ctx.range.run(());
                if self.sync(ctx.config.clone(), cause, range).await {
                    ctx.after.run(());
                }
            }
            self.busy.try_set_value(false);
        });
    }

    /// Runs a refresh for `cause` over the time range `range_ms`, then publishes the
    /// variables. Returns false when there was nothing to do.
    async fn sync(self, config: Config, cause: SyncCause, range_ms: (i64, i64)) -> bool {
        let Some(mut vars) = self.variables.try_get_untracked() else {
            return false;
        };
        let span = range_ms.1.saturating_sub(range_ms.0).max(1);
        let mut plans: Vec<RefreshTrigger> = Vec::new();
        match &cause {
            SyncCause::Load(url) => {
                let datasources = datasource_infos(&config);
                for v in vars.iter_mut() {
                    v.apply_datasources(&datasources);
                    v.update_auto_interval(span);
                }
                apply_url_values(&mut vars, url);
                plans.push(RefreshTrigger::DashboardLoad);
                // Dashboards on "All" (with `allValue`) query the same whatever the options
                // turn out to be: let the panels start now instead of after every variable
                // query (the options arrive later and, unchanged values, re-query nothing).
                if vars.iter().all(|v| v.value_independent_of_options()) {
                    self.variables.try_set(vars.clone());
                    self.ready.try_set(true);
                }
            }
            SyncCause::Url(url) => {
                let changed = apply_url_values(&mut vars, url);
                if changed.is_empty() {
                    return false;
                }
                plans.extend(changed.into_iter().map(RefreshTrigger::VariableChanged));
            }
            SyncCause::Time => {
                for v in vars.iter_mut() {
                    v.update_auto_interval(span);
                }
                plans.push(RefreshTrigger::TimeRangeChange);
            }
        }
        let mut done: BTreeSet<usize> = BTreeSet::new();
        for trigger in plans {
            let plan = refresh_plan(&vars, &trigger);
            for error in &plan.errors {
                self.var_errors
                    .try_update(|e| e.insert(error.variable.clone(), error.message.clone()));
            }
            for index in plan.order {
                if !done.insert(index) {
                    continue;
                }
                let name = vars[index].name.clone();
                let scope = VariableScope::from_variables(&vars);
                let query = match query_of(&vars[index], &scope) {
                    Ok(query) => query,
                    Err(message) => {
                        self.var_errors
                            .try_update(|e| e.insert(name.clone(), message));
                        continue;
                    }
                };
                self.var_loading.try_update(|l| l.insert(name.clone()));
                let result = run_variable_query(&config, &query, range_ms).await;
                self.var_loading.try_update(|l| l.remove(&name));
                match result {
                    Ok(values) => {
                        vars[index].apply_query_result(&values, &scope);
                        self.var_errors.try_update(|e| e.remove(&name));
                    }
                    Err(message) => {
                        self.var_errors.try_update(|e| {
                            e.insert(
                                name.clone(),
                                format!("options of `{name}` could not be read: {message}"),
                            )
                        });
                    }
                }
            }
        }
        // Only a real change notifies: an equal list must not wake every panel.
        if self
            .variables
            .try_with_untracked(|current| *current != vars)
            == Some(true)
        {
            self.variables.try_set(vars);
        }
        self.ready.try_set(true);
        true
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

/// The parsed request of a query variable, or why it cannot be made.
fn query_of(variable: &Variable, scope: &VariableScope) -> Result<VariableQuery, String> {
    let VariableKind::Query { definition, .. } = &variable.kind else {
        return Err(format!("`{}` is not a query variable", variable.name));
    };
    if definition.trim().is_empty() {
        return Err(format!("`{}` has an empty query", variable.name));
    }
    VariableQuery::parse(&interpolate_query(definition, scope))
        .map_err(|e| format!("the query of `{}` cannot be read: {e}", variable.name))
}

/// The configured datasources, as `datasource` variables list them.
fn datasource_infos(config: &Config) -> Vec<DatasourceInfo> {
    let mut infos = Vec::new();
    for (present, name, plugin) in [
        (config.prometheus.is_some(), "Prometheus", "prometheus"),
        (config.loki.is_some(), "Loki", "loki"),
        (config.jaeger.is_some(), "Jaeger", "jaeger"),
    ] {
        if present {
            infos.push(DatasourceInfo {
                name: name.to_string(),
                uid: plugin.to_string(),
                plugin: plugin.to_string(),
            });
        }
    }
    infos
}
