//! Browser observers, each kept as a signal and disconnected with its owner: an element's width
//! or size (ResizeObserver, one mechanism for both: the grid's 24-column maths and one-column switch, a panel's query step and
//! chart size), whether a panel has come into view (IntersectionObserver, so panels below the
//! fold query only when scrolled to), and the window's height.

use leptos::html::Div;
use leptos::prelude::*;
use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;
use web_sys::{IntersectionObserver, IntersectionObserverEntry, ResizeObserver};

type Resizing = (ResizeObserver, Closure<dyn FnMut()>);

/// The element's client width in px, kept current. It reads `initial` until the element is
/// measured: a guess close to the real width saves a second layout (or a second query whose
/// step depends on the width).
pub fn observe_width(node: NodeRef<Div>, initial: f64) -> RwSignal<f64> {
    let width = RwSignal::new(initial.max(0.0));
    on_resize(node, move |element| {
        let w = f64::from(element.client_width());
        // A detached or hidden container measures 0: keep the last real width.
        if w > 0.0
            && width
                .try_get_untracked()
                .is_some_and(|old| (old - w).abs() >= 1.0)
        {
            width.try_set(w);
        }
    });
    width
}

/// The element's border-box size (offset width and height), kept current while it is
/// mounted; `None` until measured.
pub fn observe_size(node: NodeRef<Div>) -> RwSignal<Option<(f64, f64)>> {
    let size = RwSignal::new(None::<(f64, f64)>);
    on_resize(node, move |element| {
        let next = (
            f64::from(element.offset_width()),
            f64::from(element.offset_height()),
        );
        if size.try_get_untracked().flatten() != Some(next) {
            size.try_set(Some(next));
        }
    });
    size
}

/// Calls `measure` once the element is mounted and on every resize of it, until the owner is
/// cleaned up (a re-mounted element replaces the observer of the old one).
fn on_resize(node: NodeRef<Div>, measure: impl Fn(&web_sys::HtmlDivElement) + Clone + 'static) {
    let keep: StoredValue<Option<Resizing>, LocalStorage> = StoredValue::new_local(None);
    Effect::new(move |_| {
        let Some(element) = node.get() else {
            return;
        };
        let (measured, measure) = (element.clone(), measure.clone());
        let measure = move || measure(&measured);
        measure();
        let callback = Closure::<dyn FnMut()>::new(measure);
        if let Ok(observer) = ResizeObserver::new(callback.as_ref().unchecked_ref()) {
            observer.observe(&element);
            if let Some(Some((old, _))) = keep.try_update_value(|k| k.replace((observer, callback)))
            {
                old.disconnect();
            }
        }
    });
    on_cleanup(move || {
        if let Some(Some((observer, _))) = keep.try_update_value(Option::take) {
            observer.disconnect();
        }
    });
}

type IntersectionCallback = Closure<dyn FnMut(js_sys::Array, IntersectionObserver)>;

/// Becomes true the first time the element intersects the viewport and stays true: a panel
/// that has loaded keeps refreshing with the dashboard.
pub fn latch_visible(node: NodeRef<Div>) -> RwSignal<bool> {
    let visible = RwSignal::new(false);
    let keep: StoredValue<Option<(IntersectionObserver, IntersectionCallback)>, LocalStorage> =
        StoredValue::new_local(None);
    Effect::new(move |_| {
        let Some(element) = node.get() else {
            return;
        };
        let callback: IntersectionCallback = Closure::new(
            move |entries: js_sys::Array, observer: IntersectionObserver| {
                let seen = entries.iter().any(|e| {
                    e.unchecked_into::<IntersectionObserverEntry>()
                        .is_intersecting()
                });
                if seen {
                    visible.try_set(true);
                    observer.disconnect();
                }
            },
        );
        match IntersectionObserver::new(callback.as_ref().unchecked_ref()) {
            Ok(observer) => {
                observer.observe(&element);
                if let Some(Some((old, _))) =
                    keep.try_update_value(|k| k.replace((observer, callback)))
                {
                    old.disconnect();
                }
            }
            // Without the observer (very old browsers) every panel loads at once.
            Err(_) => visible.set(true),
        }
    });
    on_cleanup(move || {
        if let Some(Some((observer, _))) = keep.try_update_value(Option::take) {
            observer.disconnect();
        }
    });
    visible
}

/// The window's inner width in px, or `fallback` outside a browser window.
pub fn window_width(fallback: f64) -> f64 {
    web_sys::window()
        .and_then(|w| w.inner_width().ok())
        .and_then(|v| v.as_f64())
        .unwrap_or(fallback)
}

/// The window's inner height in px, kept current (full-screen and solo panels fill it).
pub fn window_height() -> RwSignal<f64> {
    let read = || {
        web_sys::window()
            .and_then(|w| w.inner_height().ok())
            .and_then(|v| v.as_f64())
            .unwrap_or(800.0)
    };
    let height = RwSignal::new(read());
    let handle = window_event_listener(leptos::ev::resize, move |_| {
        height.try_set(read());
    });
    on_cleanup(move || handle.remove());
    height
}
