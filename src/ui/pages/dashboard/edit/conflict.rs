//! The two-tab save conflict: another tab saved since this one loaded, so the save asks what
//! to do, never dropping either side: overwrite (theirs stays in the history), save ours as a
//! copy (theirs stays current), or reload theirs (ours is dropped on the user's word). A
//! modal dialog: focus moves in and back to the save button, Escape closes (keeps editing).

use super::super::store::{now_ms, with_store};
use super::EditContext;
use crate::core::authoring::{ConflictChoice, Resolution};
use crate::core::dashboard::Dashboard;
use crate::ui::pages::dashboard_index::use_dashboard_index;
use crate::ui::view_state::app_href;
use leptos::prelude::*;
use wasm_bindgen::JsCast;

#[component]
pub fn ConflictDialog(ctx: EditContext) -> impl IntoView {
    let index = use_dashboard_index();
    // Focus goes into the dialog when it opens and back to the save button when it closes
    // (on the next frame: the dialog is drawn by then).
    Effect::new(move |was_open: Option<bool>| {
        let open = ctx.conflict.with(Option::is_some);
        if open {
            request_animation_frame(|| focus_by_testid("conflict-overwrite"));
        } else if was_open == Some(true) {
            request_animation_frame(|| focus_by_testid("dashboard-save"));
        }
        open
    });
    let choose = move |choice: ConflictChoice| {
        let Some(conflict) = ctx.conflict.get_untracked() else {
            return;
        };
        let builtin: Vec<String> = index.entries().into_iter().map(|e| e.uid).collect();
        match with_store(|s| s.resolve(&conflict, &choice, &builtin, now_ms())) {
            Ok(Resolution::Saved(saved)) if saved.uid == conflict.uid => ctx.saved(&saved),
            Ok(Resolution::Saved(copy)) => {
                // Ours now lives in the copy, which opens; this uid keeps theirs.
                if let Ok(theirs) = Dashboard::parse(&conflict.theirs.json) {
                    ctx.reset(theirs, conflict.theirs.version);
                }
                if let Some(window) = web_sys::window() {
                    let _ = window
                        .location()
                        .assign(&app_href(&format!("/d/{}", copy.uid)));
                }
            }
            Ok(Resolution::Reloaded(theirs)) => match Dashboard::parse(&theirs.json) {
                Ok(dashboard) => ctx.reset(dashboard, theirs.version),
                Err(e) => ctx.say(format!("The saved version could not be read: {e}"), true),
            },
            Err(e) => ctx.say(e.to_string(), true),
        }
        ctx.conflict.set(None);
    };
    let on_key = move |ev: leptos::ev::KeyboardEvent| match ev.key().as_str() {
        "Escape" => {
            ev.stop_propagation();
            ctx.conflict.set(None);
        }
        "Tab" => keep_focus_inside(&ev),
        _ => {}
    };
    let their_version = move || {
        ctx.conflict
            .with(|c| c.as_ref().map_or(0, |c| c.theirs.version))
    };
    let copy_title = move || format!("{} (copy)", ctx.state.meta.with_value(|m| m.title.clone()));
    view! {
        <Show when=move || ctx.conflict.with(Option::is_some)>
            <div class="edit-backdrop">
                <div class="edit-dialog" role="dialog" aria-modal="true" aria-labelledby="conflict-title"
                    data-testid="save-conflict" on:keydown=on_key>
                    <h2 id="conflict-title">"Someone else saved this dashboard"</h2>
                    <p>{move || format!("It was saved as version {} in another tab or window after you opened it. Your changes are not saved yet.", their_version())}</p>
                    <div class="edit-dialog-actions">
                        <button class="btn primary" data-testid="conflict-overwrite" on:click=move |_| choose(ConflictChoice::Overwrite)>"Overwrite with mine"</button>
                        <button class="btn" data-testid="conflict-save-copy" on:click=move |_| choose(ConflictChoice::SaveAsCopy { title: copy_title() })>"Save mine as a copy"</button>
                        <button class="btn" data-testid="conflict-reload" on:click=move |_| choose(ConflictChoice::Reload)>"Reload theirs (drop mine)"</button>
                        <button class="btn" data-testid="conflict-cancel" on:click=move |_| ctx.conflict.set(None)>"Cancel"</button>
                    </div>
                </div>
            </div>
        </Show>
    }
}

/// Focuses the element with this `data-testid` (where focus returns after a dialog).
pub fn focus_by_testid(testid: &str) {
    let element = web_sys::window().and_then(|w| w.document()).and_then(|d| {
        d.query_selector(&format!("[data-testid=\"{testid}\"]"))
            .ok()
            .flatten()
    });
    if let Some(element) = element {
        let _ = element.unchecked_into::<web_sys::HtmlElement>().focus();
    }
}

/// Tab from the last button goes to the first (Shift+Tab from the first, to the last): a
/// modal dialog keeps the focus.
fn keep_focus_inside(ev: &web_sys::KeyboardEvent) {
    let Some(dialog) = ev
        .current_target()
        .and_then(|t| t.dyn_into::<web_sys::Element>().ok())
    else {
        return;
    };
    let button = |which: &str| {
        dialog
            .query_selector(&format!(".edit-dialog-actions button:{which}"))
            .ok()
            .flatten()
    };
    let (Some(first), Some(last)) = (button("first-child"), button("last-child")) else {
        return;
    };
    let active = web_sys::window()
        .and_then(|w| w.document())
        .and_then(|d| d.active_element());
    let active: Option<web_sys::Node> = active.map(Into::into);
    let wrap_to = match (ev.shift_key(), active) {
        (false, Some(a)) if a.is_same_node(Some(&last.clone().into())) => first,
        (true, Some(a)) if a.is_same_node(Some(&first.clone().into())) => last,
        _ => return,
    };
    ev.prevent_default();
    let _ = wrap_to.unchecked_into::<web_sys::HtmlElement>().focus();
}
