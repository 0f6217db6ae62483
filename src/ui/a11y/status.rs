//! The page's one polite status region (WCAG 4.1.3). Panels report their state to a
//! [`PanelStatusBoard`] the page provides; once the panels have been quiet for a moment the
//! [`StatusAnnouncer`] asks core's `status_announce` whether there is news and, if so, puts the
//! summary sentence in its `role="status"` element. Pages without a board ignore the reports.
//! Dashboards provide the board in their view; Explore pages wrap their content in
//! [`PageStatus`].

use crate::core::load::DataState;
use crate::core::status_announce::{announcement, PanelCounts};
use leptos::leptos_dom::helpers::TimeoutHandle;
use leptos::prelude::*;
use std::collections::BTreeMap;
use std::time::Duration;

/// How long the panels must stay unchanged before the region speaks: one summary after a
/// burst of answers, not one per answer.
const QUIET: Duration = Duration::from_millis(1200);

/// Every panel's current state on this page, by a per-page report id.
#[derive(Clone, Copy)]
pub struct PanelStatusBoard {
    states: RwSignal<BTreeMap<u64, DataState>>,
    next_id: StoredValue<u64>,
}

impl PanelStatusBoard {
    /// Provides a board for the panels below.
    pub fn provide() -> PanelStatusBoard {
        let board = PanelStatusBoard {
            states: RwSignal::new(BTreeMap::new()),
            next_id: StoredValue::new(0),
        };
        provide_context(board);
        board
    }

    fn counts(&self) -> PanelCounts {
        self.states
            .with_untracked(|s| PanelCounts::from_states(s.values().copied()))
    }
}

/// Called by a panel: keeps its state on the page's board, if the page has one, and takes
/// it off when the panel goes away.
pub fn report_panel_status(status: Signal<DataState>) {
    let Some(board) = use_context::<PanelStatusBoard>() else {
        return;
    };
    let id = board.next_id.get_value();
    board.next_id.set_value(id + 1);
    Effect::new(move |_| {
        let state = status.get();
        board.states.update(|s| {
            s.insert(id, state);
        });
    });
    on_cleanup(move || {
        board.states.try_update(|s| s.remove(&id));
    });
}

/// Called by a view outside the panel chrome (Explore's logs list, trace search, trace and
/// dependency graph) with its `data-state` word; same as [`report_panel_status`].
pub fn report_view_status(state: impl Fn() -> &'static str + Send + Sync + 'static) {
    report_panel_status(Signal::derive(move || match state() {
        "ok" => DataState::Ok,
        "empty" => DataState::Empty,
        "error" => DataState::Error,
        _ => DataState::Loading,
    }));
}

/// A page's own status region around its content: provides the board the views below report
/// to and the region that speaks for them (Explore pages; dashboards wire it themselves).
#[component]
pub fn PageStatus(#[prop(into)] page: Signal<String>, children: Children) -> impl IntoView {
    let board = PanelStatusBoard::provide();
    view! {
        <StatusAnnouncer board page />
        {children()}
    }
}

/// The visually hidden `role="status"` region that says what the page's panels did.
#[component]
pub fn StatusAnnouncer(
    board: PanelStatusBoard,
    #[prop(into)] page: Signal<String>,
) -> impl IntoView {
    let message = RwSignal::new(String::new());
    // How often the panels fell quiet and were judged, and how often that was news: the
    // end-to-end suite waits on the first to check the second (no sleeping in tests).
    let checks = RwSignal::new(0u32);
    let said = RwSignal::new(0u32);
    let last = StoredValue::new(None::<PanelCounts>);
    let pending = StoredValue::new(None::<TimeoutHandle>);
    Effect::new(move |_| {
        board.states.track();
        if let Some(handle) = pending.get_value() {
            handle.clear();
        }
        let speak = move || {
            let now = board.counts();
            let previous = last.get_value();
            if let Some(text) = announcement(&page.get_untracked(), previous.as_ref(), &now) {
                last.set_value(Some(now));
                message.set(text);
                said.update(|n| *n += 1);
            }
            checks.update(|n| *n += 1);
        };
        pending.set_value(set_timeout_with_handle(speak, QUIET).ok());
    });
    on_cleanup(move || {
        if let Some(handle) = pending.get_value() {
            handle.clear();
        }
    });
    view! {
        <p class="visually-hidden" role="status" aria-live="polite" data-testid="page-status"
            data-checks=move || checks.get() data-said=move || said.get()>
            {move || message.get()}
        </p>
    }
}
