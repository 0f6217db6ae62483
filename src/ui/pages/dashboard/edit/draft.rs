//! The draft banner: unsaved changes kept from an earlier visit (a reload, a crash, a closed
//! tab) are offered back until restored (into edit mode, still unsaved) or discarded.

use super::super::store::with_store;
use super::EditContext;
use crate::core::dashboard::Dashboard;
use leptos::prelude::*;

#[component]
pub fn DraftBanner(ctx: EditContext) -> impl IntoView {
    let restore = move |_| restore_offered(ctx);
    let discard = move |_| {
        let uid = ctx.uid.get_value();
        if let Err(e) = with_store(|s| s.clear_draft(&uid)) {
            ctx.say(format!("The draft could not be discarded: {e}"), true);
        }
        ctx.draft_offer.set(None);
    };
    let when =
        move || {
            ctx.draft_offer.with(|o| {
                o.as_ref().map(|o| {
                let at = js_sys::Date::new(&(o.draft.updated_at_ms as f64).into());
                let at: String = at.to_locale_string("default", &js_sys::Object::new()).into();
                let stale = if o.stale {
                    " This dashboard was saved again since; saving the draft will ask what to keep."
                } else {
                    ""
                };
                format!("You have unsaved changes to this dashboard from {at}.{stale}")
            })
            })
        };
    view! {
        <Show when=move || ctx.draft_offer.with(Option::is_some)>
            <div class="edit-draft-banner" role="region" aria-label="Unsaved draft" data-testid="draft-banner">
                <span>{when}</span>
                <button class="btn primary" data-testid="draft-restore" on:click=restore>"Restore draft"</button>
                <button class="btn" data-testid="draft-discard" on:click=discard>"Discard draft"</button>
            </div>
        </Show>
    }
}

/// Restores the draft on offer (the banner's button, or a panel just added from Explore).
pub fn restore_offered(ctx: EditContext) {
    let Some(offer) = ctx.draft_offer.get_untracked() else {
        return;
    };
    match Dashboard::parse(&offer.draft.json) {
        Ok(dashboard) => {
            ctx.restore_draft(dashboard);
            ctx.draft_offer.set(None);
        }
        Err(e) => ctx.say(format!("The draft could not be read: {e}"), true),
    }
}
