//! The editor's label data, fetched from Loki on demand through `use_query`: the label names
//! once (again after a failure), and each label's values (`label/<name>/values`) with the log
//! volume each selects (`index/volume`, when the server has it), kept per label once loaded.
//! A failure is the editor's problem note.

use std::collections::BTreeMap;

use leptos::prelude::*;

use crate::api::loki::{configured, LokiClient};
use crate::core::load::LoadState;
use crate::core::logs_view::label_browser::{value_volumes, values_volume_query, ValueVolumes};
use crate::core::loki::query::VolumeQuery;
use crate::core::loki::NsTime;
use crate::ui::clock::{now_ms, utc_offset_min};
use crate::ui::query::{use_query, Query};
use crate::ui::view_state::use_time_range;

/// Values of a label with their volume, by label.
pub(super) type ValuesByLabel = BTreeMap<String, ValueVolumes>;

#[derive(Clone, Copy)]
pub(super) struct LabelLookups {
    names_wanted: RwSignal<bool>,
    names: Query<Vec<String>>,
    values_wanted: RwSignal<Option<String>>,
    pub values: RwSignal<ValuesByLabel>,
    pub problem: RwSignal<Option<String>>,
}

impl LabelLookups {
    /// The label names loaded so far (tracked).
    pub fn names(&self) -> Vec<String> {
        self.names.latest().unwrap_or_default()
    }

    /// Loads the names unless they are loaded or loading.
    pub fn ensure_names(&self) {
        if !self.names_wanted.get_untracked() {
            self.names_wanted.set(true);
        } else if self.names.with_state(|s| s.error().is_some()) {
            self.names.reload();
        }
    }

    /// Loads the values of `name` unless they are loaded.
    pub fn ensure_values(&self, name: &str) {
        if !self.values.with_untracked(|v| v.contains_key(name)) {
            self.values_wanted.set(Some(name.to_string()));
        }
    }
}

pub(super) fn use_label_lookups(client: Option<LokiClient>) -> LabelLookups {
    let range = use_time_range();
    // Resolved when a lookup starts: label data for the range the user is looking at.
    let resolve = move || {
        let (s, e) = range.get_untracked().0.resolve(now_ms(), utc_offset_min());
        (NsTime::from_millis(s), NsTime::from_millis(e))
    };
    let has_loki = client.is_some();
    let names_wanted = RwSignal::new(false);
    let names_client = client.clone();
    let names = use_query(
        move || (has_loki && names_wanted.get()).then_some(()),
        move |(), signal| {
            let (client, (start, end)) = (names_client.clone(), resolve());
            async move { configured(client)?.labels(start, end, None, &signal).await }
        },
    );
    let values = RwSignal::new(ValuesByLabel::new());
    let values_wanted = RwSignal::new(None::<String>);
    let loaded_values = use_query(
        move || {
            let name = values_wanted.get().filter(|_| has_loki)?;
            (!values.with(|v| v.contains_key(&name))).then_some(name)
        },
        move |name: String, signal| {
            let (client, (start, end)) = (client.clone(), resolve());
            async move {
                let client = configured(client)?;
                let values = client
                    .label_values(&name, start, end, None, &signal)
                    .await?;
                let query = VolumeQuery {
                    start,
                    end,
                    ..values_volume_query(&name)
                };
                // Loki before 2.9 has no index/volume (404): the values alone are still useful.
                let volume = client.volume(&query, &signal).await.ok();
                Ok((name.clone(), value_volumes(values, volume.as_ref(), &name)))
            }
        },
    );
    let problem = RwSignal::new(None::<String>);
    Effect::new(move |_| match loaded_values.state() {
        LoadState::Ready((name, counts)) => values.update(|v| {
            v.insert(name, counts);
        }),
        LoadState::Failed(e) => problem.set(Some(e.to_string())),
        LoadState::Idle | LoadState::Loading => {}
    });
    Effect::new(move |_| {
        if let Some(e) = names.error_text() {
            problem.set(Some(e));
        }
    });
    LabelLookups {
        names_wanted,
        names,
        values_wanted,
        values,
        problem,
    }
}
