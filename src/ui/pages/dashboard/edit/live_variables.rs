//! The open dashboard's variables follow the edit session (issue 18): a variable added,
//! changed, moved or removed in the settings (or by undo, the JSON model, a restored draft)
//! reaches the variables bar and the panels' queries at once, not after a save and reload.
//! Core's [`follow_edited_variables`] says what the live list becomes; here it is published,
//! stale `var-*` values leave the URL, and the page reads the options again.

use super::super::nav::{use_edit_view, History};
use super::EditContext;
use crate::core::authoring::follow_edited_variables;
use leptos::prelude::*;

/// Publishes the session's variable definitions to the page after every change.
pub fn use_live_variables(ctx: EditContext) {
    let edit_url = use_edit_view();
    Effect::new(move |_| {
        let edited = ctx.read(|s| s.dashboard().variables.clone());
        // Tracked too: a refresh that started before the edit publishes the copy it began
        // with (the old definitions); the edited ones are put back over it.
        let Some(followed) = ctx
            .state
            .variables
            .try_with(|live| follow_edited_variables(live, &edited))
            .flatten()
        else {
            return;
        };
        if !followed.stale_in_url.is_empty() {
            let stale = followed.stale_in_url;
            // What their old definitions failed with is no longer true (a query variable made
            // custom); the refresh that follows says again what still fails.
            ctx.state.var_errors.update(|errors| {
                for name in &stale {
                    errors.remove(name);
                }
            });
            // Replace: an edit is not a place to go back to; undo is how to go back.
            edit_url(History::Replace, &|v| {
                v.vars.retain(|(name, _)| !stale.contains(name))
            });
        }
        ctx.state.variables.set(followed.variables);
        ctx.state.definitions_edited.update(|n| *n += 1);
    });
}
