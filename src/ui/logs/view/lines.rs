//! The view's runs and their first page: a run per query, range or refresh change while the
//! view is visible, its lines loaded through `use_query` into the table, and the status the
//! view reports (`data-state`, the panel error) from core's `lines_status`.

use std::rc::Rc;

use leptos::prelude::*;

use super::shown::ShownLines;
use crate::api::error::CallError;
use crate::api::loki::LokiClient;
use crate::core::load::LoadState;
use crate::core::logs_view::paging::{count_lines, more_after_first};
use crate::core::logs_view::run::{first_page, lines_status, LinesStatus, RunPhase, RunSpec};
use crate::core::loki::{LogTable, QueryData, QueryResponse, StatsSummary};
use crate::ui::clock::{now_ms, utc_offset_min};
use crate::ui::query::{use_query, Query};
use crate::ui::refresh::RefreshTick;
use crate::ui::view_state::use_time_range;

/// The runs and what they brought.
#[derive(Clone, Copy)]
pub(super) struct Runs {
    pub phase: RwSignal<RunPhase>,
    pub status: Memo<LinesStatus>,
    /// Lines from the live tail reached the table since this run started.
    pub tail_delivered: RwSignal<bool>,
    /// Whether "Load older lines" is offered.
    pub more_older: RwSignal<bool>,
    pub warnings: RwSignal<Vec<String>>,
    pub stats: RwSignal<Option<StatsSummary>>,
}

impl Runs {
    /// The current run's query and range (tracked).
    pub fn spec(&self) -> Option<RunSpec> {
        self.phase.with(|p| p.spec().cloned())
    }
}

pub(super) fn use_runs(
    query: Signal<String>,
    visible: Signal<bool>,
    client: Result<LokiClient, CallError>,
    limit: u32,
    shown: ShownLines,
) -> Runs {
    let range = use_time_range();
    let tick = expect_context::<RefreshTick>();
    let phase = RwSignal::new(RunPhase::Waiting);
    let tail_delivered = RwSignal::new(false);
    let seq = StoredValue::new(0u64);
    Effect::new(move |_| {
        let q = query.get();
        let (time_range, _) = range.get();
        tick.0.track();
        if !visible.get() {
            return;
        }
        let (start_ms, end_ms) = time_range.resolve(now_ms(), utc_offset_min());
        seq.update_value(|s| *s += 1);
        tail_delivered.set(false);
        phase.set(RunPhase::of(&q, start_ms, end_ms, seq.get_value()));
    });

    let unconfigured = client.as_ref().err().map(ToString::to_string);
    let has_loki = client.is_ok();
    // `seq` is part of the key: a refresh over the same absolute range loads again.
    let page = use_query(
        move || {
            let spec = phase.with(|p| p.spec().cloned()).filter(|_| has_loki)?;
            first_page(&spec, limit).map(|q| (spec.seq, q))
        },
        move |(_, q), signal| {
            let client = client.clone();
            async move { client?.query_range(&q, &signal).await.map(Rc::new) }
        },
    );
    let runs = Runs {
        phase,
        status: Memo::new(move |_| {
            let delivered = tail_delivered.get();
            phase.with(|p| {
                page.with_state(|s| lines_status(p, unconfigured.as_deref(), s, delivered))
            })
        }),
        tail_delivered,
        more_older: RwSignal::new(false),
        warnings: RwSignal::new(Vec::new()),
        stats: RwSignal::new(None),
    };
    show_pages(page, runs, limit, shown);
    runs
}

/// Puts each first page in the table (a failure empties it).
fn show_pages(page: Query<Rc<QueryResponse>>, runs: Runs, limit: u32, shown: ShownLines) {
    Effect::new(move |_| match page.state() {
        LoadState::Ready(response) => {
            runs.warnings.set(response.warnings.clone());
            runs.stats.set(response.stats);
            if let QueryData::Streams(streams) = &response.data {
                runs.more_older
                    .set(more_after_first(count_lines(streams), limit));
                shown.selected.set(None);
                let direction = shown.direction.get_untracked();
                shown.edit(|t| *t = LogTable::from_streams(streams.clone(), direction));
            }
        }
        LoadState::Failed(_) => {
            shown.edit(LogTable::clear);
        }
        LoadState::Idle | LoadState::Loading => {}
    });
}
