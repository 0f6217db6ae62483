//! Running the search the URL asks for: core plans it from the URL's fields and the top bar's
//! range (again on every refresh, so a relative range moves), `use_query` runs it, and this
//! says what the results panel shows.

use std::sync::Arc;

use leptos::prelude::*;

use crate::core::load::LoadState;
use crate::core::trace::{summarize_all, TraceSummary};
use crate::core::trace_explore::search_form::SearchForm;
use crate::ui::clock::{now_ms, utc_offset_min};
use crate::ui::query::use_query;
use crate::ui::refresh::RefreshTick;
use crate::ui::traces::loading::jaeger_client;
use crate::ui::view_state::use_time_range;

/// What a search found: the rows of the list, and Jaeger's complaints about some traces.
#[derive(Clone)]
struct Found {
    rows: Arc<Vec<TraceSummary>>,
    warnings: Vec<String>,
}

/// What the results panel shows of the URL's search.
#[derive(Clone, Copy)]
pub struct SearchOutcome {
    /// `loading|ok|empty|error`.
    pub state: Signal<&'static str>,
    pub error: Signal<Option<String>>,
    /// While a search runs, the rows of the last finished one (none after a failure).
    pub rows: Signal<Arc<Vec<TraceSummary>>>,
    /// Jaeger's warnings of the last search that succeeded.
    pub warnings: Signal<Vec<String>>,
}

/// Runs the search of `url` (the form's fields as the URL has them).
pub fn use_url_search(url: [Memo<String>; 6]) -> SearchOutcome {
    let client = jaeger_client();
    let range = use_time_range();
    let tick = expect_context::<RefreshTick>();
    let plan = Memo::new(move |_| {
        let form = SearchForm::from_values(url.map(|m| m.get()));
        let (time_range, _) = range.get();
        tick.0.track();
        let (start_ms, end_ms) = time_range.resolve(now_ms(), utc_offset_min());
        form.plan(start_ms, end_ms)
    });
    // The tick is part of the key: a refresh of an unchanged (absolute) search asks again.
    let key = move || {
        let tick = tick.0.get();
        plan.with(|p| p.query().cloned()).map(|query| (query, tick))
    };
    let search = use_query(key, move |(query, _), signal| {
        let client = client.clone();
        async move {
            let found = client?.search(&query, &signal).await?;
            Ok(Found {
                rows: Arc::new(summarize_all(&found.traces)),
                warnings: found.warnings,
            })
        }
    });
    let rows = Memo::new(move |previous: Option<&Arc<Vec<TraceSummary>>>| {
        search.with_state(|state| match state {
            LoadState::Ready(found) => found.rows.clone(),
            LoadState::Loading => previous.cloned().unwrap_or_default(),
            LoadState::Idle | LoadState::Failed(_) => Arc::default(),
        })
    });
    SearchOutcome {
        state: Signal::derive(move || match plan.with(|p| p.problem().is_some()) {
            true => "error",
            false => search.data_state(|found| found.rows.is_empty()),
        }),
        error: Signal::derive(move || {
            plan.with(|p| p.problem().map(str::to_string))
                .or_else(|| search.error_text())
        }),
        rows: rows.into(),
        warnings: Signal::derive(move || {
            search
                .latest()
                .map(|found| found.warnings)
                .unwrap_or_default()
        }),
    }
}
