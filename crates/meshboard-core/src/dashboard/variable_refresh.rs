//! The refreshes of an open dashboard's template variables: why one runs (first load, a
//! `var-*` change in the URL, a new time range), the queue that runs them one at a time, and
//! how each starts (datasource options, `auto` intervals, URL values, what to re-query).
//!
//! One at a time, because a refresh works on a copy of the variables and publishes once at the
//! end: two at once would each publish a half. A refresh asked for while one runs waits, and
//! reads the URL and time range when its turn comes, so no change is lost.

use std::collections::BTreeMap;

use crate::config::Config;
use crate::variables::{
    apply_url_values, interpolate_query, DatasourceInfo, RefreshTrigger, Variable, VariableKind,
    VariableQuery, VariableScope,
};

/// Why a refresh is wanted.
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
pub enum Want {
    /// The dashboard opened.
    Load,
    /// `var-*` in the URL changed (a picker, back/forward, a host page).
    Url,
    /// The time range changed.
    Time,
}

/// One queued refresh; `seq` tells two refreshes for the same reason apart.
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
pub struct RefreshJob {
    pub seq: u64,
    pub want: Want,
}

/// The refreshes in order; the first one is the one running.
#[derive(Debug, Default)]
pub struct RefreshQueue {
    jobs: Vec<RefreshJob>,
    next_seq: u64,
}

impl RefreshQueue {
    /// Queues `want` unless the same is already waiting (not running): the waiting one reads
    /// the newest URL and range when it starts, so a second would repeat it.
    pub fn push(&mut self, want: Want) -> bool {
        if self.jobs.iter().skip(1).any(|job| job.want == want) {
            return false;
        }
        self.jobs.push(RefreshJob {
            seq: self.next_seq,
            want,
        });
        self.next_seq += 1;
        true
    }

    /// The refresh to run now.
    pub fn head(&self) -> Option<RefreshJob> {
        self.jobs.first().copied()
    }

    /// Drops the refresh `seq` once it is done, so the next one starts.
    pub fn finish(&mut self, seq: u64) {
        if self.head().is_some_and(|job| job.seq == seq) {
            self.jobs.remove(0);
        }
    }
}

/// What a refresh is for, with what it reads when it starts.
#[derive(Clone, Debug, PartialEq)]
pub enum SyncCause {
    /// First load, with the URL's `var-*` values: datasource options, every query variable.
    Load(BTreeMap<String, Vec<String>>),
    /// The URL's `var-*` values changed: what depends on the changed variables.
    Url(BTreeMap<String, Vec<String>>),
    /// The time range changed: `auto` intervals and `refresh: 2` variables.
    Time,
}

/// How a refresh begins: which dependency plans to run, and whether the variables may be
/// published before any option arrives.
#[derive(Clone, Debug, PartialEq)]
pub struct RefreshStart {
    pub triggers: Vec<RefreshTrigger>,
    /// Every variable's value is known before its options arrive (on "All" with a custom
    /// `allValue`, a saved or URL selection, or no query): panels may start now, and query
    /// again only if the options replace a value.
    pub publish_now: bool,
}

/// Applies what `cause` changes to `vars` (a copy) over `range_ms`; `None` when the URL
/// changed no variable, so there is nothing to refresh.
pub fn start_refresh(
    vars: &mut [Variable],
    cause: &SyncCause,
    datasources: &[DatasourceInfo],
    range_ms: (i64, i64),
) -> Option<RefreshStart> {
    let span = range_ms.1.saturating_sub(range_ms.0).max(1);
    match cause {
        SyncCause::Load(url) => {
            for v in vars.iter_mut() {
                v.apply_datasources(datasources);
                v.update_auto_interval(span);
            }
            apply_url_values(vars, url);
            Some(RefreshStart {
                triggers: vec![RefreshTrigger::DashboardLoad],
                publish_now: vars.iter().all(Variable::value_known_before_options),
            })
        }
        SyncCause::Url(url) => {
            let changed = apply_url_values(vars, url);
            (!changed.is_empty()).then(|| RefreshStart {
                triggers: changed
                    .into_iter()
                    .map(RefreshTrigger::VariableChanged)
                    .collect(),
                publish_now: false,
            })
        }
        SyncCause::Time => {
            for v in vars.iter_mut() {
                v.update_auto_interval(span);
            }
            Some(RefreshStart {
                triggers: vec![RefreshTrigger::TimeRangeChange],
                publish_now: false,
            })
        }
    }
}

/// The request of a query variable, interpolated with `scope`, or why it cannot be made.
pub fn query_of(variable: &Variable, scope: &VariableScope) -> Result<VariableQuery, String> {
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
pub fn datasource_infos(config: &Config) -> Vec<DatasourceInfo> {
    [
        (config.prometheus.is_some(), "Prometheus", "prometheus"),
        (config.loki.is_some(), "Loki", "loki"),
        (config.jaeger.is_some(), "Jaeger", "jaeger"),
    ]
    .into_iter()
    .filter(|(present, _, _)| *present)
    .map(|(_, name, plugin)| DatasourceInfo {
        name: name.to_string(),
        uid: plugin.to_string(),
        plugin: plugin.to_string(),
    })
    .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn variable(raw: serde_json::Value) -> Variable {
        Variable::from_json(&raw).expect("a variable")
    }

    fn job_and_instance() -> Vec<Variable> {
        vec![
            variable(json!({"name": "job", "type": "query", "query": "label_values(up, job)"})),
            variable(json!({"name": "instance", "type": "query",
                "query": "label_values(up{job=\"$job\"}, instance)"})),
        ]
    }

    #[test]
    fn the_queue_runs_one_at_a_time_and_merges_waiting_duplicates() {
        let mut queue = RefreshQueue::default();
        assert_eq!(queue.head(), None);
        assert!(queue.push(Want::Load));
        // The running Load does not stop another one from waiting.
        assert!(queue.push(Want::Load));
        assert!(queue.push(Want::Url));
        assert!(!queue.push(Want::Url), "a Url refresh is already waiting");
        let running = queue.head().unwrap();
        assert_eq!(running.want, Want::Load);
        queue.finish(running.seq + 7);
        assert_eq!(queue.head(), Some(running), "only the running one finishes");
        queue.finish(running.seq);
        let next = queue.head().unwrap();
        assert_eq!(next.want, Want::Load);
        assert_ne!(next.seq, running.seq);
        queue.finish(next.seq);
        assert_eq!(queue.head().map(|j| j.want), Some(Want::Url));
        assert!(
            queue.push(Want::Url),
            "the running Url does not count as waiting"
        );
    }

    #[test]
    fn a_load_applies_the_url_and_plans_every_variable() {
        let mut vars = job_and_instance();
        let url: BTreeMap<String, Vec<String>> =
            [("job".to_string(), vec!["api".to_string()])].into();
        let start = start_refresh(&mut vars, &SyncCause::Load(url), &[], (0, 3_600_000)).unwrap();
        assert_eq!(start.triggers, vec![RefreshTrigger::DashboardLoad]);
        assert!(!start.publish_now, "the panels need the options of `job`");
        assert_eq!(vars[0].current.values, vec!["api"]);
    }

    #[test]
    fn variables_on_all_with_a_custom_all_value_publish_at_once() {
        let mut vars = vec![variable(json!({"name": "job", "type": "query",
            "query": "label_values(up, job)", "includeAll": true, "allValue": ".*",
            "current": {"text": "All", "value": "$__all"}}))];
        let start =
            start_refresh(&mut vars, &SyncCause::Load(BTreeMap::new()), &[], (0, 1)).unwrap();
        assert!(start.publish_now);
    }

    #[test]
    fn saved_selections_publish_at_once_but_all_from_the_options_waits() {
        let load = |vars: &mut Vec<Variable>| {
            start_refresh(vars, &SyncCause::Load(BTreeMap::new()), &[], (0, 1))
                .unwrap()
                .publish_now
        };
        let saved = || {
            variable(
                json!({"name": "job", "type": "query", "query": "label_values(up, job)",
                "current": {"text": "api", "value": "api"}}),
            )
        };
        assert!(
            load(&mut vec![saved()]),
            "a saved value is what panels query"
        );
        let mut chained = job_and_instance();
        chained[0] = saved();
        assert!(
            !load(&mut chained),
            "`instance` has no value until its options arrive"
        );
        let expanded = variable(json!({"name": "job", "type": "query",
            "query": "label_values(up, job)", "includeAll": true,
            "current": {"text": "All", "value": "$__all"}}));
        assert!(
            !load(&mut vec![expanded]),
            "All without allValue is the options"
        );
        let blank = variable(json!({"name": "job", "type": "query",
            "query": "label_values(up, job)", "current": {"text": "", "value": ""}}));
        assert!(!load(&mut vec![blank]), "an empty value is no selection");
    }

    #[test]
    fn a_saved_value_the_options_no_longer_offer_is_replaced() {
        // The panels queried `gone` early; the refresh publishes `api`, so they query again.
        let mut vars = vec![variable(json!({"name": "job", "type": "query",
            "query": "label_values(up, job)", "current": {"text": "gone", "value": "gone"}}))];
        assert!(vars[0].value_known_before_options());
        let before = vars.clone();
        vars[0].apply_query_result(&["api".into(), "db".into()], &VariableScope::default());
        assert_eq!(vars[0].current.values, vec!["api"]);
        assert_ne!(
            VariableScope::from_variables(&before),
            VariableScope::from_variables(&vars)
        );
    }

    #[test]
    fn a_url_change_plans_only_the_changed_variables() {
        let mut vars = job_and_instance();
        let same = start_refresh(&mut vars, &SyncCause::Url(BTreeMap::new()), &[], (0, 1));
        assert_eq!(same, None, "nothing changed, nothing to refresh");
        let url: BTreeMap<String, Vec<String>> =
            [("job".to_string(), vec!["db".to_string()])].into();
        let start = start_refresh(&mut vars, &SyncCause::Url(url), &[], (0, 1)).unwrap();
        assert_eq!(
            start.triggers,
            vec![RefreshTrigger::VariableChanged("job".into())]
        );
    }

    #[test]
    fn a_new_range_updates_auto_intervals() {
        let mut vars = vec![variable(json!({"name": "iv", "type": "interval",
            "query": "1m,10m", "auto": true, "auto_count": 30, "auto_min": "10s",
            "current": {"text": "auto", "value": "$__auto_interval_iv"}}))];
        let auto_value = |vars: &[Variable]| match &vars[0].kind {
            VariableKind::Interval { auto_value, .. } => auto_value.clone(),
            other => panic!("{other:?}"),
        };
        let start = start_refresh(&mut vars, &SyncCause::Time, &[], (0, 3_600_000)).unwrap();
        assert_eq!(start.triggers, vec![RefreshTrigger::TimeRangeChange]);
        let hour = auto_value(&vars).expect("auto is worked out");
        start_refresh(&mut vars, &SyncCause::Time, &[], (0, 24 * 3_600_000)).unwrap();
        assert_ne!(
            auto_value(&vars),
            Some(hour),
            "a day asks for a coarser interval"
        );
    }

    #[test]
    fn query_of_names_what_is_wrong() {
        let scope = VariableScope::default();
        let vars = job_and_instance();
        assert!(matches!(
            query_of(&vars[0], &scope),
            Ok(VariableQuery::LabelValues { .. })
        ));
        let empty = variable(json!({"name": "e", "type": "query", "query": " "}));
        assert_eq!(
            query_of(&empty, &scope).unwrap_err(),
            "`e` has an empty query"
        );
        let text = variable(json!({"name": "t", "type": "textbox", "query": "x"}));
        assert_eq!(
            query_of(&text, &scope).unwrap_err(),
            "`t` is not a query variable"
        );
    }

    #[test]
    fn datasource_options_are_the_configured_backends() {
        let config = Config::parse(
            r#"{"datasources": {"prometheus": {"url": "p"}, "jaeger": {"url": "j"}}}"#,
        )
        .unwrap();
        let names: Vec<(String, String)> = datasource_infos(&config)
            .into_iter()
            .map(|d| (d.name, d.plugin))
            .collect();
        assert_eq!(
            names,
            vec![
                ("Prometheus".to_string(), "prometheus".to_string()),
                ("Jaeger".to_string(), "jaeger".to_string())
            ]
        );
    }
}
