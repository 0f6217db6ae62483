//! Fetching the pages' chunks before they are asked for, once the first page is drawn and the
//! browser is idle, so a later click on Logs or Traces does not wait for the network.
//!
//! "Drawn" is read from the page's own loading markers in view (a dashboard still loading its
//! file, a panel or view whose `data-state` is `loading`): the prefetch must not compete with
//! the first dashboard's file and queries for the browser's connections. Panels below the fold
//! only load when scrolled to, so they do not hold it back.

use super::chunks::ALL;
use super::panel_chunks::PREFETCHES as PANEL_PREFETCHES;
use std::rc::Rc;
use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;

/// What still loading looks like on the page.
const STILL_LOADING: &str = "[data-testid=\"dashboard-loading\"], [data-state=\"loading\"]";

/// Idle periods to wait for the page to finish loading before prefetching anyway (a panel whose
/// backend never answers must not keep the other pages from being fetched).
const MAX_IDLE_WAITS: u32 = 600;

/// Starts the idle prefetch of every chunk (once per app start), if `wanted` still says so
/// then (a kiosk wall screen or an embedded single panel never navigates to another page).
pub fn prefetch_when_idle(wanted: impl Fn() -> bool + 'static) {
    when_idle(0, Rc::new(wanted));
}

fn when_idle(waited: u32, wanted: Rc<dyn Fn() -> bool>) {
    let Some(window) = web_sys::window() else {
        return;
    };
    let callback = Closure::once_into_js(move || {
        if waited < MAX_IDLE_WAITS && page_still_loading() {
            when_idle(waited + 1, wanted);
        } else if wanted() {
            leptos::task::spawn_local(prefetch_all());
        }
    });
    let callback: &js_sys::Function = callback.unchecked_ref();
    // Safari has no requestIdleCallback: a short timer stands in for an idle period there.
    if window.request_idle_callback(callback).is_err() {
        let _ = window.set_timeout_with_callback_and_timeout_and_arguments_0(callback, 100);
    }
}

/// Whether something the user can see is still loading.
fn page_still_loading() -> bool {
    let Some(window) = web_sys::window() else {
        return false;
    };
    let view_height = window
        .inner_height()
        .ok()
        .and_then(|h| h.as_f64())
        .unwrap_or(0.0);
    let Some(loading) = window
        .document()
        .and_then(|d| d.query_selector_all(STILL_LOADING).ok())
    else {
        return false;
    };
    (0..loading.length())
        .filter_map(|i| loading.item(i)?.dyn_into::<web_sys::Element>().ok())
        .any(|element| {
            let rect = element.get_bounding_client_rect();
            rect.width() > 0.0 && rect.bottom() > 0.0 && rect.top() < view_height
        })
}

/// One chunk after the other, so the prefetch never holds more than one connection; a failure
/// is left for the visit to report (the loader logs it and does not cache it). The panel types
/// come first: the next dashboard opened may show one; then edit mode.
async fn prefetch_all() {
    for prefetch in PANEL_PREFETCHES {
        let _ = prefetch().await;
    }
    // Edit mode next: the Edit button is on every dashboard.
    let _ = (super::code_chunks::EDIT_MODE.prefetch)().await;
    for chunk in ALL {
        let _ = (chunk.prefetch)().await;
    }
}
