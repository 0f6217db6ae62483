//! Escape hides whatever hover or focus card is showing (WCAG 1.4.13: content on hover or
//! focus is dismissible without moving the pointer or the focus). The cards are CSS-only
//! (`:hover`/`:focus` shows them), so Escape sets `data-cards-dismissed` on `<html>`, which
//! style/a11y.css uses to hide them; the next pointer move or focus change brings them back.

use leptos::prelude::*;

const ATTRIBUTE: &str = "data-cards-dismissed";

fn set_dismissed(on: bool) {
    let Some(root) = web_sys::window()
        .and_then(|w| w.document())
        .and_then(|d| d.document_element())
    else {
        return;
    };
    let _ = if on {
        root.set_attribute(ATTRIBUTE, "")
    } else if root.has_attribute(ATTRIBUTE) {
        root.remove_attribute(ATTRIBUTE)
    } else {
        Ok(())
    };
}

/// Listens for Escape (hide the cards) and for pointer moves and focus changes (allow them
/// again) for as long as the calling component lives.
pub fn install_escape_dismiss() {
    let keys = window_event_listener(leptos::ev::keydown, |ev| {
        if ev.key() == "Escape" {
            set_dismissed(true);
        }
    });
    let moves = window_event_listener(leptos::ev::pointermove, |_| set_dismissed(false));
    let focus = window_event_listener(leptos::ev::focusin, |_| set_dismissed(false));
    on_cleanup(move || {
        keys.remove();
        moves.remove();
        focus.remove();
    });
}
