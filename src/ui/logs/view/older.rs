//! "Load older lines": each click asks, through `use_query`, for the page before the oldest
//! line shown (core's `older_page`), merges it in and offers the button again while pages come
//! back full. A new run cancels a page still loading.

use std::rc::Rc;

use leptos::prelude::*;

use super::lines::Runs;
use super::shown::ShownLines;
use crate::api::loki::{configured, LokiClient};
use crate::core::load::LoadState;
use crate::core::logs_view::paging::{merge_older, older_page, OlderPage};
use crate::core::loki::{QueryData, QueryResponse};
use crate::ui::query::{use_query, Query};

#[component]
pub(super) fn LoadOlder(
    client: Option<LokiClient>,
    runs: Runs,
    shown: ShownLines,
    limit: u32,
    notice: RwSignal<Option<String>>,
) -> impl IntoView {
    let request = RwSignal::new(None::<OlderPage>);
    let clicks = StoredValue::new(0u64);
    Effect::new(move |_| {
        runs.phase.track();
        request.set(None);
    });
    let has_loki = client.is_some();
    let page = use_query(
        move || request.get().filter(|_| has_loki),
        move |page: OlderPage, signal| {
            let client = client.clone();
            async move {
                configured(client)?
                    .query_range(&page.query, &signal)
                    .await
                    .map(Rc::new)
            }
        },
    );
    merge_pages(page, runs, shown, limit, notice);
    let load = move |_| {
        let Some(spec) = runs.phase.with_untracked(|p| p.spec().cloned()) else {
            return;
        };
        clicks.update_value(|c| *c += 1);
        let next = shown
            .table
            .with_untracked(|t| older_page(&spec, t, limit, clicks.get_value()));
        if next.is_some() {
            request.set(next);
        }
    };
    let loading = move || page.with_state(LoadState::is_loading);
    view! {
        <Show when=move || runs.more_older.get()>
            <button class="btn logs-older" data-testid="logs-load-older" disabled=loading
                on:click=load>{move || if loading() { "Loading…" } else { "Load older lines" }}</button>
        </Show>
    }
}

/// Merges each older page into the table; a failure is a notice, the lines stay.
fn merge_pages(
    page: Query<Rc<QueryResponse>>,
    runs: Runs,
    shown: ShownLines,
    limit: u32,
    notice: RwSignal<Option<String>>,
) {
    Effect::new(move |_| match page.state() {
        LoadState::Ready(response) => {
            if let QueryData::Streams(streams) = &response.data {
                let more = shown.edit(|t| merge_older(t, streams.clone(), limit));
                runs.more_older.set(more.unwrap_or(false));
            }
        }
        LoadState::Failed(e) => notice.set(Some(format!("Loading older lines failed: {e}"))),
        LoadState::Idle | LoadState::Loading => {}
    });
}
