//! Focus inside a popup (WCAG 2.4.3 focus order, 2.1.2 no keyboard trap): opening moves the
//! focus to the popup's first control, Tab and Shift+Tab cycle inside it (as Grafana's time
//! picker does with react-aria's `FocusScope contain autoFocus restoreFocus`), Escape and a
//! press outside close it, and closing gives the focus back to the button that opened it.
//! Escape is the way out, so the containment is not a trap.

use leptos::html::Div;
use leptos::prelude::*;
use wasm_bindgen::JsCast;

const FOCUSABLE: &str = "button:not([disabled]), input:not([disabled]), select:not([disabled]), \
    textarea:not([disabled]), a[href], [tabindex]:not([tabindex=\"-1\"])";

/// The focusable elements inside `root`, in document order.
fn focusables(root: &web_sys::Element) -> Vec<web_sys::HtmlElement> {
    let Ok(list) = root.query_selector_all(FOCUSABLE) else {
        return Vec::new();
    };
    (0..list.length())
        .filter_map(|i| list.item(i))
        .filter_map(|n| n.dyn_into::<web_sys::HtmlElement>().ok())
        .collect()
}

/// Focuses the first control of `root` (nothing when it has none).
pub fn focus_first(root: &web_sys::Element) {
    if let Some(first) = focusables(root).first() {
        let _ = first.focus();
    }
}

/// Keeps Tab inside `root`: from the last control Tab goes to the first, from the first
/// Shift+Tab goes to the last. Returns true when it moved the focus itself.
pub fn contain_tab(ev: &web_sys::KeyboardEvent, root: &web_sys::Element) -> bool {
    if ev.key() != "Tab" {
        return false;
    }
    let items = focusables(root);
    let (Some(first), Some(last)) = (items.first(), items.last()) else {
        return false;
    };
    let active = web_sys::window()
        .and_then(|w| w.document())
        .and_then(|d| d.active_element());
    let at = |el: &web_sys::HtmlElement| active.as_ref() == Some(el.unchecked_ref());
    let target = match (ev.shift_key(), at(first), at(last)) {
        (true, true, _) => last,
        (false, _, true) => first,
        _ => return false,
    };
    ev.prevent_default();
    let _ = target.focus();
    true
}

/// Wires a popup: while `open`, focus its first control when it appears, contain Tab,
/// close on Escape (focus back on `button`) and on a press outside `scope` (the button and
/// the popup together). Returns the popup's keydown handler.
pub fn use_popup_focus(
    open: RwSignal<bool>,
    scope: NodeRef<Div>,
    popup: NodeRef<Div>,
    button: NodeRef<leptos::html::Button>,
) -> impl Fn(web_sys::KeyboardEvent) + Clone + 'static {
    Effect::new(move |_| {
        if open.get() {
            if let Some(el) = popup.get() {
                focus_first(&el);
            }
        }
    });
    let outside = window_event_listener(leptos::ev::pointerdown, move |ev| {
        if !open.get_untracked() {
            return;
        }
        let target = ev.target().and_then(|t| t.dyn_into::<web_sys::Node>().ok());
        let inside = scope
            .get_untracked()
            .is_some_and(|s| s.contains(target.as_ref()));
        if !inside {
            open.set(false);
        }
    });
    on_cleanup(move || outside.remove());
    move |ev: web_sys::KeyboardEvent| {
        if ev.key() == "Escape" {
            ev.prevent_default();
            ev.stop_propagation();
            close_to(open, button);
        } else if let Some(el) = popup.get_untracked() {
            contain_tab(&ev, &el);
        }
    }
}

/// Closes the popup and gives the focus back to its button.
pub fn close_to(open: RwSignal<bool>, button: NodeRef<leptos::html::Button>) {
    open.set(false);
    if let Some(b) = button.get_untracked() {
        let _ = b.focus();
    }
}
