//! "Save as" a copy (`editview=save_as`): the dashboard as it is now saved under a new title
//! and a new uid made from it (core's `DashboardStore::save_as`: neither a saved nor a
//! built-in dashboard has it), then opened. The dashboard being edited keeps its own state.

use super::super::edit::EditContext;
use super::super::store::{now_ms, with_store};
use crate::ui::pages::dashboard_index::use_dashboard_index;
use leptos::prelude::*;
use leptos_router::hooks::use_navigate;

#[component]
pub fn SaveAsView(ctx: EditContext) -> impl IntoView {
    let index = use_dashboard_index();
    let navigate = use_navigate();
    let start = untrack(|| ctx.read(|s| format!("{} Copy", s.dashboard().title)));
    let title = RwSignal::new(start);
    let error = RwSignal::new(None::<String>);
    let save = move |_| {
        let wanted = title.get_untracked().trim().to_string();
        if wanted.is_empty() {
            error.set(Some("The copy needs a title.".into()));
            return;
        }
        let builtin: Vec<String> = index.entries().into_iter().map(|e| e.uid).collect();
        let value = ctx.export_value();
        match with_store(|s| s.save_as(&value, &wanted, &builtin, now_ms())) {
            Ok(saved) => {
                error.set(None);
                ctx.say(
                    format!("Saved a copy as \"{wanted}\" ({})", saved.uid),
                    false,
                );
                navigate(&format!("/d/{}", saved.uid), Default::default());
            }
            Err(e) => error.set(Some(format!(
                "The copy was not saved: {e}. Export JSON still works."
            ))),
        }
    };
    view! {
        <form class="settings-form" data-testid="settings-save-as" on:submit=move |ev| { ev.prevent_default(); save(()) }>
            <h2>"Save as a copy"</h2>
            <p class="muted settings-hint">"A new dashboard in this browser with its own address and versions; this one stays as it is."</p>
            <label for="save-as-title">"Title of the copy"</label>
            <input id="save-as-title" class="input" data-testid="save-as-title" prop:value=move || title.get()
                on:input=move |ev| title.set(event_target_value(&ev)) />
            {move || error.get().map(|e| view! { <p class="inline-error" role="alert" data-testid="save-as-error">{e}</p> })}
            <div class="settings-actions">
                <button type="submit" class="btn primary" data-testid="save-as-submit">"Save copy"</button>
            </div>
        </form>
    }
}
