//! The variable refreshes of an open dashboard, through `use_query`: the query's key is the
//! head of core's refresh queue, so one refresh runs at a time and the next starts when it
//! is done; leaving the page cancels the one running.
//!
//! A refresh works on a copy of the variables and publishes once at the end, so a change of
//! `job` that also re-reads `instance` updates the panels once, with both values settled
//! (Grafana waits for dependent variables the same way). While it runs it reports which
//! variables are loading and which failed, as the variables bar shows.

use super::state::DashState;
use crate::api::prometheus::run_variable_query;
use crate::core::config::Config;
use crate::core::dashboard::{
    datasource_infos, query_of, start_refresh, RefreshJob, RefreshQueue, SyncCause, Want,
};
use crate::core::load::LoadState;
use crate::core::variables::{refresh_plan, VariableScope};
use crate::ui::query::use_query;
use leptos::prelude::*;
use std::collections::{BTreeMap, BTreeSet};
use web_sys::AbortSignal;

/// What a refresh reads when it starts, and what to do after publishing.
#[derive(Clone)]
pub struct SyncContext {
    pub config: Config,
    /// `var-<name>` values in the URL now.
    pub url_vars: Memo<BTreeMap<String, Vec<String>>>,
    /// The time range now (resolved when the refresh starts).
    pub range: Callback<(), (i64, i64)>,
    /// Runs after variables were published (writes the settled values into the URL).
    pub after: Callback<()>,
}

/// Queues refreshes of one dashboard's variables.
#[derive(Clone, Copy)]
pub struct VariableRefresh {
    queue: RwSignal<RefreshQueue>,
}

impl VariableRefresh {
    /// Asks for a refresh; it runs after the ones before it.
    pub fn schedule(self, want: Want) {
        self.queue.try_update(|q| q.push(want));
    }
}

/// Runs `state`'s refreshes one at a time as they are scheduled.
pub fn use_variable_refresh(state: DashState, ctx: SyncContext) -> VariableRefresh {
    let queue = RwSignal::new(RefreshQueue::default());
    let run_ctx = ctx.clone();
    let running = use_query(
        move || queue.with(RefreshQueue::head),
        move |job: RefreshJob, signal| {
            let ctx = run_ctx.clone();
            async move {
                let changed = run_job(state, &ctx, job.want, &signal).await;
                Ok((job.seq, changed))
            }
        },
    );
    // A finished refresh: write the URL if it published, then let the next one start.
    Effect::new(move |_| {
        let done = running.with_state(|s| match s {
            LoadState::Ready((seq, changed)) => Some((*seq, *changed)),
            _ => None,
        });
        let Some((seq, changed)) = done else { return };
        let is_head = queue.with_untracked(|q| q.head().is_some_and(|job| job.seq == seq));
        if !is_head {
            return;
        }
        if changed {
            untrack(|| ctx.after.run(()));
        }
        queue.update(|q| q.finish(seq));
    });
    VariableRefresh { queue }
}

/// One refresh for `want`, reading the URL and time range now. Returns whether it published
/// (false when the URL changed no variable).
async fn run_job(state: DashState, ctx: &SyncContext, want: Want, signal: &AbortSignal) -> bool {
    let Some(url) = ctx.url_vars.try_get_untracked() else {
        return false;
    };
    let cause = match want {
        Want::Load => SyncCause::Load(url),
        Want::Url => SyncCause::Url(url),
        Want::Time => SyncCause::Time,
    };
    let range = ctx.range.run(());
    sync(state, &ctx.config, cause, range, signal).await
}

/// Refreshes the variables for `cause` over `range_ms`, then publishes them.
async fn sync(
    state: DashState,
    config: &Config,
    cause: SyncCause,
    range_ms: (i64, i64),
    signal: &AbortSignal,
) -> bool {
    let Some(mut vars) = state.variables.try_get_untracked() else {
        return false;
    };
    let Some(start) = start_refresh(&mut vars, &cause, &datasource_infos(config), range_ms) else {
        return false;
    };
    if start.publish_now {
        // Panels may start before the options arrive (they cannot change what they query);
        // the options, arriving later with unchanged values, re-query nothing.
        state.variables.try_set(vars.clone());
        state.ready.try_set(true);
    }
    let mut done: BTreeSet<usize> = BTreeSet::new();
    for trigger in start.triggers {
        let plan = refresh_plan(&vars, &trigger);
        for error in &plan.errors {
            state
                .var_errors
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
                    state
                        .var_errors
                        .try_update(|e| e.insert(name.clone(), message));
                    continue;
                }
            };
            state.var_loading.try_update(|l| l.insert(name.clone()));
            let result = run_variable_query(config, &query, range_ms, signal).await;
            state.var_loading.try_update(|l| l.remove(&name));
            match result {
                Ok(values) => {
                    vars[index].apply_query_result(&values, &scope);
                    state.var_errors.try_update(|e| e.remove(&name));
                }
                // The page went away: nothing is left to publish to.
                Err(error) if error.is_aborted() => return false,
                Err(error) => {
                    state.var_errors.try_update(|e| {
                        e.insert(
                            name.clone(),
                            format!("options of `{name}` could not be read: {error}"),
                        )
                    });
                }
            }
        }
    }
    // Only a real change notifies: an equal list must not wake every panel.
    if state
        .variables
        .try_with_untracked(|current| *current != vars)
        == Some(true)
    {
        state.variables.try_set(vars);
    }
    state.ready.try_set(true);
    true
}
