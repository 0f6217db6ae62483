//! View state in the URL: a reactive read of the query string and one way to change it.
//! Changes push a history entry, so back/forward walk through time ranges and themes.
//! On a dashboard, the range queries run over is the URL's after the dashboard's
//! `timepicker.nowDelay` ([`NowDelay`]); the picker shows the URL's own ([`use_picked_time_range`]).

use crate::core::time_range::TimeRange;
use crate::core::url_state::ViewState;
use leptos::prelude::*;
use leptos_router::hooks::{use_location, use_navigate};
use leptos_router::NavigateOptions;

/// The current URL's view state; re-evaluates when the URL changes.
pub fn use_view_state() -> Memo<ViewState> {
    let location = use_location();
    Memo::new(move |_| ViewState::from_query(&location.search.get()))
}

/// The open dashboard's `timepicker.nowDelay` (e.g. `5m`; empty: none), provided by the
/// dashboard page and kept in step with its edit session, so an unsaved change takes effect.
#[derive(Clone, Copy)]
pub struct NowDelay(pub RwSignal<String>);

impl NowDelay {
    /// Makes `delay` the delay of every range resolved below.
    pub fn provide(delay: String) -> NowDelay {
        let now_delay = NowDelay(RwSignal::new(delay));
        provide_context(now_delay);
        now_delay
    }
}

/// The time range the URL asks for (default: the last 6 hours) and any parse problem, as the
/// picker shows it: before the dashboard's `nowDelay`.
pub fn use_picked_time_range() -> Memo<(TimeRange, Option<String>)> {
    let view = use_view_state();
    Memo::new(move |_| {
        let state = view.get();
        let from = state.from.as_deref().unwrap_or("now-6h");
        let to = state.to.as_deref().unwrap_or("now");
        match TimeRange::parse(from, to) {
            Ok(range) => (range, None),
            Err(err) => (
                TimeRange::default(),
                Some(format!("{err}; showing the last 6 hours")),
            ),
        }
    })
}

/// The time range queries run over: the URL's, with a range ending at `now` moved back by the
/// dashboard's `nowDelay` (Grafana's `evaluateTimeRange`); a delay that cannot be read is
/// ignored and said why.
pub fn use_time_range() -> Memo<(TimeRange, Option<String>)> {
    let picked = use_picked_time_range();
    let delay = use_context::<NowDelay>();
    Memo::new(move |_| {
        let (range, problem) = picked.get();
        let Some(delay) = delay else {
            return (range, problem);
        };
        let delayed = delay.0.with(|d| range.with_now_delay(d));
        (delayed.range, problem.or(delayed.ignored))
    })
}

/// Returns a function that edits the view state and navigates to the result (same path).
pub fn use_update_view() -> impl Fn(&dyn Fn(&mut ViewState)) + Clone {
    let location = use_location();
    let navigate = use_navigate();
    move |edit: &dyn Fn(&mut ViewState)| {
        let mut state = ViewState::from_query(&location.search.get_untracked());
        edit(&mut state);
        let path = router_path(&location.pathname.get_untracked());
        let query = state.to_query();
        let target = if query.is_empty() {
            path
        } else {
            format!("{path}?{query}")
        };
        // Same page, new view: stay where the user is (a zoom on a chart far down a long
        // dashboard must not jump to the top, as the router's default scroll would).
        navigate(
            &target,
            NavigateOptions {
                scroll: false,
                ..NavigateOptions::default()
            },
        );
    }
}

/// The router's path for a page path: without the base, since the router prepends it when
/// navigating.
pub fn router_path(pathname: &str) -> String {
    crate::core::config::path_within_base(pathname, &crate::api::config::base_path())
}

/// An in-app link target for `<A href>` and plain anchors: the router base plus `path`.
/// (leptos_router passes absolute hrefs through untouched, while `navigate` adds the base
/// itself: links need it written out, navigation must not have it.)
pub fn app_href(path: &str) -> String {
    format!("{}{path}", crate::api::config::base_path())
}

/// The query string to carry along when following a link, so time and theme survive it.
pub fn carried_query(state: &ViewState) -> String {
    let carried = ViewState {
        from: state.from.clone(),
        to: state.to.clone(),
        refresh: state.refresh.clone(),
        theme: state.theme,
        kiosk: state.kiosk,
        transparent: state.transparent,
        ..ViewState::default()
    };
    let query = carried.to_query();
    if query.is_empty() {
        String::new()
    } else {
        format!("?{query}")
    }
}
