//! View state in the URL: a reactive read of the query string and one way to change it.
//! Changes push a history entry, so back/forward walk through time ranges and themes.

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

/// The time range the URL asks for (default: the last 6 hours) and any parse problem.
pub fn use_time_range() -> Memo<(TimeRange, Option<String>)> {
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
