//! Browser observers, each kept as a signal and disconnected with its owner: an element's width
//! or size (ResizeObserver, one mechanism for both: the grid's 24-column maths and one-column switch, a panel's query step and
//! chart size), whether a panel has come into view (IntersectionObserver, so panels below the
//! fold query only when scrolled to) and whether it is in view now (charts paint only then),
//! and the window's height.

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

/// Whether the element meets the viewport now, kept current (charts paint only while in
/// view). False until the first observation.
pub fn observe_in_view(node: NodeRef<Div>) -> RwSignal<bool> {
    let in_view = RwSignal::new(false);
    on_intersection(node, move |seen| {
        if in_view.try_get_untracked() != Some(seen) {
            in_view.try_set(seen);
        }
        false
    });
    in_view
}

/// Whether the dashboard item around a component is in view: provided by the dashboard grid,
/// absent elsewhere (a chart without it is always in view).
#[derive(Clone, Copy)]
pub struct InView(pub Signal<bool>);

/// The enclosing dashboard item's [`InView`], if any.
pub fn use_in_view() -> Option<Signal<bool>> {
    use_context::<InView>().map(|v| v.0)
}

/// Calls `seen` with whether the element intersects the viewport, on every change, from its
/// mount until the owner is cleaned up or `seen` returns true (done observing).
fn on_intersection(node: NodeRef<Div>, seen: impl Fn(bool) -> bool + Clone + 'static) {
    let keep: StoredValue<Option<(IntersectionObserver, IntersectionCallback)>, LocalStorage> =
        StoredValue::new_local(None);
    Effect::new(move |_| {
        let Some(element) = node.get() else {
            return;
        };
        // Already on screen when mounted: say so now, not a frame later when the observer's
        // first report comes (the first panels start their queries at once).
        if in_viewport(&element) && seen(true) {
            return;
        }
        let (seen, seen_without_observer) = (seen.clone(), seen.clone());
        let callback: IntersectionCallback = Closure::new(
            move |entries: js_sys::Array, observer: IntersectionObserver| {
                // Entries come in time order: the last one is the state now.
                if let Some(last) = entries.iter().last() {
                    let last = last.unchecked_into::<IntersectionObserverEntry>();
                    if seen(last.is_intersecting()) {
                        observer.disconnect();
                    }
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
            // Without the observer (very old browsers) everything counts as in view.
            Err(_) => {
                seen_without_observer(true);
            }
        }
    });
    on_cleanup(move || {
        if let Some(Some((observer, _))) = keep.try_update_value(Option::take) {
            observer.disconnect();
        }
    });
}

/// Whether the element's box overlaps the window now (a laid-out, non-empty box).
fn in_viewport(element: &web_sys::HtmlDivElement) -> bool {
    let rect = element.get_bounding_client_rect();
    let Some(window) = web_sys::window() else {
        return false;
    };
    let size = |v: Result<JsValue, JsValue>| v.ok().and_then(|v| v.as_f64()).unwrap_or(0.0);
    let (w, h) = (size(window.inner_width()), size(window.inner_height()));
    rect.width() > 0.0
        && rect.height() > 0.0
        && rect.bottom() > 0.0
        && rect.right() > 0.0
        && rect.top() < h
        && rect.left() < w
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
