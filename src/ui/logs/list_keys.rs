//! The keyboard cursor of a virtualized list (the logs list and the trace timeline): Up/Down,
//! PageUp/PageDown and Home/End move an active row, the list scrolls to show it (it may not
//! be rendered yet), a polite live region reads it, and Enter or Space opens it. The rules
//! are core's `chart_a11y::rows`.

use crate::core::chart_a11y::rows::{move_row, row_key, scroll_to_show, RowKey};
use leptos::html::Div;
use leptos::prelude::*;

/// What the cursor needs from its list.
#[derive(Clone, Copy)]
pub struct ListKeys {
    pub scroller: NodeRef<Div>,
    pub scroll_top: RwSignal<f64>,
    pub total: Signal<usize>,
    pub row_h: f64,
    pub viewport_h: Signal<f64>,
    /// The words a screen reader hears for row `i`.
    pub describe: Callback<usize, String>,
    /// Enter/Space on row `i`.
    pub activate: Callback<usize>,
}

/// The keydown handler, the active row (for its highlight) and the live region's text.
pub fn use_list_keys(
    keys: ListKeys,
) -> (
    impl Fn(web_sys::KeyboardEvent) + Clone,
    RwSignal<Option<usize>>,
    RwSignal<String>,
) {
    let active = RwSignal::new(None::<usize>);
    let announce = RwSignal::new(String::new());
    let on_key = move |ev: web_sys::KeyboardEvent| {
        // Keys typed into a control inside a row (a fold button) stay the control's.
        let on_list = ev
            .target()
            .zip(keys.scroller.get_untracked())
            .is_some_and(|(t, s)| {
                let s: &web_sys::EventTarget = s.as_ref();
                &t == s
            });
        let Some(key) = row_key(&ev.key()).filter(|_| on_list) else {
            return;
        };
        let viewport = keys.viewport_h.get_untracked();
        let page = (viewport / keys.row_h).floor() as usize;
        let total = keys.total.get_untracked();
        let Some(i) = move_row(active.get_untracked(), key, total, page) else {
            return;
        };
        ev.prevent_default();
        active.set(Some(i));
        if let Some(top) = scroll_to_show(i, keys.row_h, keys.scroll_top.get_untracked(), viewport)
        {
            if let Some(el) = keys.scroller.get_untracked() {
                el.set_scroll_top(top as i32);
            }
            keys.scroll_top.set(top);
        }
        if key == RowKey::Activate {
            keys.activate.run(i);
        }
        announce.set(format!(
            "{}, row {} of {total}",
            keys.describe.run(i),
            i + 1
        ));
    };
    (on_key, active, announce)
}
