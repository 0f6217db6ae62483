//! The names the PromQL editor completes (metric names, label names, a label's values),
//! fetched through `use_query` when the editor first needs them and kept for the page's life.

use crate::api::prometheus::{datasource, fetch_data};
use crate::core::config::Config;
use crate::core::prometheus::PromRequest;
use crate::core::promql_complete::{rank_suggestions, CompletionContext};
use crate::ui::query::{use_query, Query};
use leptos::prelude::*;
use std::collections::HashMap;

/// How many suggestions the list shows.
const SUGGESTIONS: usize = 15;

#[derive(Clone, Copy)]
pub struct CompletionSource {
    want_metrics: RwSignal<bool>,
    want_labels: RwSignal<bool>,
    /// The label whose values were asked for last.
    value_label: RwSignal<Option<String>>,
    metrics: Query<((), Vec<String>)>,
    labels: Query<((), Vec<String>)>,
    /// Every label's values fetched so far.
    values: RwSignal<HashMap<String, Vec<String>>>,
}

/// Fetches the names `request(key)` lists whenever `key` asks for some.
fn use_names<K: Clone + PartialEq + 'static>(
    key: impl Fn() -> Option<K> + 'static,
    request: fn(&K) -> PromRequest,
) -> Query<(K, Vec<String>)> {
    let config = expect_context::<Config>();
    use_query(key, move |key: K, signal| {
        let config = config.clone();
        async move {
            let ds = datasource(&config)?;
            let (response, _) = fetch_data::<Vec<String>>(ds, &request(&key), &signal).await?;
            Ok((key, response.data))
        }
    })
}

fn all_metric_names(_: &()) -> PromRequest {
    label_values("__name__")
}

fn all_label_names(_: &()) -> PromRequest {
    PromRequest::Labels {
        matchers: vec![],
        start_ms: None,
        end_ms: None,
    }
}

fn label_values(label: &str) -> PromRequest {
    PromRequest::LabelValues {
        name: label.to_string(),
        matchers: vec![],
        start_ms: None,
        end_ms: None,
    }
}

pub fn use_completion_source() -> CompletionSource {
    let want_metrics = RwSignal::new(false);
    let want_labels = RwSignal::new(false);
    let value_label = RwSignal::new(None::<String>);
    let metrics = use_names(move || want_metrics.get().then_some(()), all_metric_names);
    let labels = use_names(move || want_labels.get().then_some(()), all_label_names);
    let label_values = use_names(
        move || value_label.get(),
        |label: &String| label_values(label),
    );
    let values = RwSignal::new(HashMap::new());
    Effect::new(move |_| {
        if let Some((label, list)) = label_values.with_state(|s| s.ready().cloned()) {
            values.update(|v| {
                v.insert(label, list);
            });
        }
    });
    CompletionSource {
        want_metrics,
        want_labels,
        value_label,
        metrics,
        labels,
        values,
    }
}

impl CompletionSource {
    /// Asks for what `ctx` completes, unless it was asked for already.
    pub fn ensure(self, ctx: &CompletionContext) {
        match ctx {
            CompletionContext::Metric { .. } if !self.want_metrics.get_untracked() => {
                self.want_metrics.set(true)
            }
            CompletionContext::LabelName { .. } if !self.want_labels.get_untracked() => {
                self.want_labels.set(true)
            }
            CompletionContext::LabelValue { label, .. }
                if !self.values.with_untracked(|v| v.contains_key(label)) =>
            {
                self.value_label.set(Some(label.clone()));
            }
            _ => {}
        }
    }

    /// The best names for `ctx`, from what has arrived (tracked).
    pub fn suggestions(self, ctx: &CompletionContext) -> Vec<String> {
        let rank = |names: &[String], prefix: &str| rank_suggestions(names, prefix, SUGGESTIONS);
        match ctx {
            CompletionContext::Metric { prefix } => self
                .metrics
                .with_state(|s| s.ready().map(|(_, m)| rank(m, prefix)))
                .unwrap_or_default(),
            CompletionContext::LabelName { prefix, .. } => self
                .labels
                .with_state(|s| s.ready().map(|(_, l)| rank(l, prefix)))
                .unwrap_or_default(),
            CompletionContext::LabelValue { label, prefix, .. } => self
                .values
                .with(|v| v.get(label).map(|m| rank(m, prefix)))
                .unwrap_or_default(),
            CompletionContext::None => Vec::new(),
        }
    }
}
