//! The window listeners of edit mode: Ctrl/Cmd+Z undo, Ctrl/Cmd+Shift+Z (and Ctrl+Y) redo,
//! Ctrl/Cmd+S save; the draft written at once when the page is hidden or left; and leaving
//! with unsaved changes asks first (the browser's own prompt on unload, a confirm for links
//! inside the app, caught before the router follows them). Undo, redo, save and the draft
//! write are edit mode's chunk's code (`EditCode`): they run once it has arrived (there is
//! nothing to undo or keep before an edit, and every edit is made by that code).

use super::EditContext;
use leptos::prelude::*;
use wasm_bindgen::closure::Closure;
use wasm_bindgen::JsCast;

const LEAVE_QUESTION: &str = "This dashboard has unsaved changes. Leave without saving?";

pub fn use_edit_listeners(ctx: EditContext) {
    let keys = window_event_listener(leptos::ev::keydown, move |ev| {
        if !ctx.editing.get_untracked() || !(ev.ctrl_key() || ev.meta_key()) || typing_in_field(&ev)
        {
            return;
        }
        let Some(code) = ctx.code.get_untracked() else {
            return;
        };
        match (ev.key().to_lowercase().as_str(), ev.shift_key()) {
            ("z", false) => (code.undo)(ctx),
            ("z", true) | ("y", false) => (code.redo)(ctx),
            ("s", _) => (code.save)(ctx),
            _ => return,
        }
        ev.prevent_default();
    });
    let hidden = window_event_listener(leptos::ev::pagehide, move |_| keep_draft_now(ctx));
    let visibility = window_event_listener(leptos::ev::visibilitychange, move |_| {
        let hidden = web_sys::window()
            .and_then(|w| w.document())
            .is_some_and(|d| d.hidden());
        if hidden {
            keep_draft_now(ctx);
        }
    });
    let unload = window_event_listener(leptos::ev::beforeunload, move |ev| {
        if ctx.has_unsaved_changes() {
            keep_draft_now(ctx);
            ev.prevent_default();
            ev.set_return_value(LEAVE_QUESTION);
        }
    });
    let links = guard_app_links(ctx);
    on_cleanup(move || {
        keys.remove();
        hidden.remove();
        visibility.remove();
        unload.remove();
        links.try_with_value(|closure| {
            if let Some(window) = web_sys::window() {
                let _ = window.remove_event_listener_with_callback_and_bool(
                    "click",
                    closure.as_ref().unchecked_ref(),
                    true,
                );
            }
        });
    });
}

/// Writes the draft at once (the page is hidden or left); without edit mode's code there has
/// been no edit, so no draft to write.
fn keep_draft_now(ctx: EditContext) {
    if let Some(code) = ctx.code.try_get_untracked().flatten() {
        (code.keep_draft)(ctx, true);
    }
}

/// Undo in a text field is the field's own.
fn typing_in_field(ev: &web_sys::KeyboardEvent) -> bool {
    ev.target()
        .and_then(|t| t.dyn_into::<web_sys::Element>().ok())
        .is_some_and(|e| matches!(e.tag_name().as_str(), "INPUT" | "TEXTAREA" | "SELECT"))
}

/// A click on a link that would leave the dashboard asks first when there are unsaved
/// changes; refused, the click never reaches the router (capture phase, stopped).
type ClickListener = Closure<dyn Fn(web_sys::MouseEvent)>;

fn guard_app_links(ctx: EditContext) -> StoredValue<ClickListener, LocalStorage> {
    let closure = Closure::<dyn Fn(web_sys::MouseEvent)>::new(move |ev: web_sys::MouseEvent| {
        if !ctx.has_unsaved_changes() {
            return;
        }
        let link = ev
            .target()
            .and_then(|t| t.dyn_into::<web_sys::Element>().ok())
            .and_then(|e| e.closest("a[href]").ok().flatten());
        if link.is_none() {
            return;
        }
        let confirmed = web_sys::window()
            .and_then(|w| w.confirm_with_message(LEAVE_QUESTION).ok())
            .unwrap_or(true);
        if !confirmed {
            ev.prevent_default();
            ev.stop_propagation();
        }
    });
    if let Some(window) = web_sys::window() {
        let _ = window.add_event_listener_with_callback_and_bool(
            "click",
            closure.as_ref().unchecked_ref(),
            true,
        );
    }
    StoredValue::new_local(closure)
}
