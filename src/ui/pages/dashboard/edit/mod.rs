//! Edit mode of the dashboard page (issue 18): the [`EditContext`] holds core's
//! [`EditSession`] for the open dashboard and drives core's authoring API (see
//! `meshboard_core::authoring`'s module doc for the flow); the components here are its
//! controls: the header toolbar, the panel menu's remove/duplicate, the save-conflict dialog,
//! the draft banner, and the keyboard and page-leave listeners; the page's variables follow
//! the session (`live_variables`).
//!
//! The controls and the authoring code only they run are edit mode's chunk (issue 17): the
//! main module keeps the context, the listeners and the places in the page (`entry`), which
//! draw the chunk's controls ([`EditCode`], built by [`edit_code`]) once it has arrived.

mod conflict;
mod draft;
mod drag;
mod entry;
mod explore_target;
mod grid_edit;
mod handles;
mod keys;
mod live_settings;
mod live_variables;
mod menu;
mod row_edit;
mod toolbar;

pub use drag::ItemDrag;
pub use entry::{
    ConflictDialog, DraftBanner, EditNotices, EditToolbar, GridHandles, PanelEditEntries,
    RowEditControls,
};
pub use explore_target::{add_to_dashboard, ExploreTarget};
pub use grid_edit::GridEdit;
pub use live_settings::use_live_settings;

use super::load::Source;
use super::state::DashState;
use super::store::{self, now_ms, with_store};
use crate::core::authoring::{
    export_json, Conflict, Draft, DraftOffer, DraftThrottle, Edit, EditSession, SaveError,
    SaveRequest, Saved, DRAFT_INTERVAL_MS,
};
use crate::core::dashboard::{export_dashboard, Dashboard};
use leptos::prelude::*;

/// What the last save (or other action) said: a plain sentence, and whether it is a failure.
#[derive(Debug, Clone, PartialEq)]
pub struct Notice {
    pub text: String,
    pub failed: bool,
}

/// Edit mode's code in its chunk: the controls drawn while editing and the actions the main
/// module's listeners and grid handlers hand over to it.
#[derive(Clone, Copy)]
pub struct EditCode {
    pub controls: fn(EditContext) -> AnyView,
    pub notices: fn(EditContext) -> AnyView,
    pub draft_banner: fn(EditContext) -> AnyView,
    pub conflict: fn(EditContext) -> AnyView,
    pub panel_entries: fn(i64, RwSignal<bool>) -> AnyView,
    pub handles: fn(i64, String) -> AnyView,
    pub row_controls: fn(i64, String) -> AnyView,
    pub undo: fn(EditContext),
    pub redo: fn(EditContext),
    pub save: fn(EditContext),
    pub keep_draft: fn(EditContext, bool),
    pub restore_offered: fn(EditContext),
    pub drag_down: fn(ItemDrag, &web_sys::PointerEvent),
    pub drag_moved: fn(ItemDrag, &web_sys::PointerEvent),
    pub drag_up: fn(ItemDrag, bool),
}

/// The table edit mode's chunk returns (only its split point calls this, so everything it
/// names is cut out of the main module).
pub fn edit_code() -> EditCode {
    EditCode {
        controls: |ctx| view! { <toolbar::EditingControls ctx /> }.into_any(),
        notices: |ctx| view! { <toolbar::SaveNotices ctx /> }.into_any(),
        draft_banner: |ctx| view! { <draft::DraftBanner ctx /> }.into_any(),
        conflict: |ctx| view! { <conflict::ConflictDialog ctx /> }.into_any(),
        panel_entries: |id, open| view! { <menu::PanelEditEntries id open /> }.into_any(),
        handles: |id, title| view! { <handles::GridHandles id title /> }.into_any(),
        row_controls: |id, title| view! { <row_edit::RowEditControls id title /> }.into_any(),
        undo: |ctx| ctx.undo(),
        redo: |ctx| ctx.redo(),
        save: |ctx| ctx.save(),
        keep_draft: |ctx, force| ctx.keep_draft(force),
        restore_offered: draft::restore_offered,
        drag_down: |drag, ev| drag.down_editing(ev),
        drag_moved: |drag, ev| drag.moved_editing(ev),
        drag_up: |drag, commit| drag.up_editing(commit),
    }
}

/// The editing state of one open dashboard, shared by its controls (a Leptos context).
#[derive(Clone, Copy)]
pub struct EditContext {
    pub state: DashState,
    pub uid: StoredValue<String>,
    /// A built-in dashboard: a save keeps a local copy overriding the shipped file.
    pub builtin: bool,
    session: StoredValue<EditSession>,
    throttle: StoredValue<DraftThrottle>,
    /// A held-back draft write is scheduled.
    draft_timer: StoredValue<bool>,
    pub editing: RwSignal<bool>,
    /// Bumped after every change, so the undo/redo/unsaved flags are read again.
    pub revision: RwSignal<u64>,
    /// The saved version shown (`None`: not saved in this browser).
    pub version: RwSignal<Option<u64>>,
    /// Whether a built-in dashboard is shown from its local copy.
    pub local_copy: RwSignal<bool>,
    pub notice: RwSignal<Option<Notice>>,
    pub conflict: RwSignal<Option<Conflict>>,
    pub draft_offer: RwSignal<Option<DraftOffer>>,
    /// Edit mode's code, once its chunk arrived (`entry::use_edit_code`).
    pub code: RwSignal<Option<EditCode>>,
    /// Why edit mode's chunk could not be loaded (shown in the header).
    pub code_failed: RwSignal<Option<String>>,
}

impl EditContext {
    /// Starts the context for the dashboard `state` shows (as loaded) and provides it.
    pub fn provide(state: DashState, source: Source, uid: &str) -> EditContext {
        let loaded = state.meta.get_value();
        let saved = store::get(uid);
        // The loaded file's JSON is only needed to compare with a kept draft: most opens have
        // none, and exporting the whole dashboard before its first paint is wasted work.
        let has_draft = with_store(|s| s.draft(uid)).is_ok_and(|d| d.is_some());
        let offer = has_draft
            .then(|| {
                let source_json = export_json(&loaded).text;
                with_store(|s| s.draft_offer(uid, saved.as_ref(), &source_json))
                    .ok()
                    .flatten()
            })
            .flatten();
        // Just given a panel from Explore: its draft is the edit to show, unsaved, at once.
        let from_explore = explore_target::take_open_editing(uid);
        let ctx = EditContext {
            state,
            uid: StoredValue::new(uid.to_string()),
            builtin: source == Source::BuiltIn,
            session: StoredValue::new(EditSession::new(loaded, saved.as_ref().map(|s| s.version))),
            throttle: StoredValue::new(DraftThrottle::default()),
            draft_timer: StoredValue::new(false),
            editing: RwSignal::new(from_explore),
            revision: RwSignal::new(0),
            version: RwSignal::new(saved.as_ref().map(|s| s.version)),
            local_copy: RwSignal::new(saved.is_some_and(|s| s.builtin_override)),
            notice: RwSignal::new(None),
            conflict: RwSignal::new(None),
            draft_offer: RwSignal::new(offer),
            code: RwSignal::new((crate::ui::lazy::EDIT_MODE.loaded)()),
            code_failed: RwSignal::new(None),
        };
        provide_context(ctx);
        keys::use_edit_listeners(ctx);
        live_variables::use_live_variables(ctx);
        // Loads edit mode's chunk when wanted (at once here when a panel just came from
        // Explore: its draft is restored once the code is there).
        entry::use_edit_code(ctx, from_explore);
        ctx
    }

    /// Reads a session flag, tracking every change.
    pub fn read<T>(&self, f: impl FnOnce(&EditSession) -> T) -> T {
        self.revision.track();
        self.session.with_value(f)
    }

    /// Whether there are unsaved changes (false once the page is gone: listeners may outlive
    /// it by a moment).
    pub fn has_unsaved_changes(&self) -> bool {
        self.session
            .try_with_value(EditSession::has_unsaved_changes)
            .unwrap_or(false)
    }

    /// Applies one edit; a refused edit is said in the notice.
    pub fn apply(&self, edit: Edit) {
        let result = self.session.try_update_value(|s| s.apply(&edit, now_ms()));
        match result {
            Some(Ok(true)) => self.changed(),
            Some(Err(e)) => self.say(e.to_string(), true),
            _ => {}
        }
    }

    /// Applies one edit as its own undo step (a committed settings field, an added, moved or
    /// removed variable: not typing that joins the step before it).
    pub fn apply_step(&self, edit: Edit) {
        self.session.try_update_value(EditSession::break_coalescing);
        self.apply(edit);
    }

    pub fn undo(&self) {
        if self.session.try_update_value(EditSession::undo) == Some(true) {
            self.changed();
        }
    }

    pub fn redo(&self) {
        if self.session.try_update_value(EditSession::redo) == Some(true) {
            self.changed();
        }
    }

    /// Shows the session's dashboard and keeps the draft.
    fn changed(&self) {
        let dashboard = self.session.with_value(|s| s.dashboard().clone());
        self.state.panels.set(dashboard.panels.clone());
        self.state.meta.set_value(dashboard);
        self.revision.update(|r| *r += 1);
        self.keep_draft(false);
    }

    /// Writes the draft when due (`force`: the page is being hidden or left); with no
    /// unsaved change there is no draft to keep (undone back to the saved dashboard).
    pub fn keep_draft(&self, force: bool) {
        // Listeners and timers may outlive the page by a moment: then there is nothing to do.
        let Some(unsaved) = self
            .session
            .try_with_value(EditSession::has_unsaved_changes)
        else {
            return;
        };
        let uid = self.uid.get_value();
        let now = now_ms();
        if !unsaved {
            // A draft still offered (neither restored nor discarded) stays for the next visit.
            if self.draft_offer.with_untracked(Option::is_none) {
                let _ = with_store(|s| s.clear_draft(&uid));
            }
            return;
        }
        let due = self
            .throttle
            .try_update_value(|t| t.due(now, force))
            .unwrap_or(false);
        if !due {
            self.write_later();
            return;
        }
        let (json, base_version) = self
            .session
            .with_value(|s| (export_json(s.dashboard()).text, s.base_version));
        let draft = Draft {
            uid,
            base_version,
            json,
            updated_at_ms: now,
        };
        if let Err(e) = with_store(|s| s.write_draft(&draft)) {
            self.say(format!("The draft could not be kept: {e}"), true);
        }
    }

    /// A change the throttle held back is written once the interval has passed (one timer
    /// at a time), so a crash loses at most that interval of typing.
    fn write_later(&self) {
        if self.draft_timer.get_value() {
            return;
        }
        self.draft_timer.set_value(true);
        let ctx = *self;
        set_timeout(
            move || {
                // `None` is success: the page (and its timer flag) is still there.
                if ctx.draft_timer.try_set_value(false).is_none() {
                    ctx.keep_draft(false);
                }
            },
            std::time::Duration::from_millis(DRAFT_INTERVAL_MS),
        );
    }

    /// Starts from a kept draft (its changes show as unsaved) in edit mode.
    pub fn restore_draft(&self, dashboard: Dashboard) {
        self.session.update_value(|s| s.restore_draft(dashboard));
        self.editing.set(true);
        self.changed();
    }

    /// Replaces the session with a stored version (a reload after a conflict).
    pub fn reset(&self, dashboard: Dashboard, version: u64) {
        self.session
            .update_value(|s| s.reset(dashboard, Some(version)));
        self.version.set(Some(version));
        self.changed();
    }

    pub fn say(&self, text: String, failed: bool) {
        self.notice.set(Some(Notice { text, failed }));
    }

    /// The dashboard as it would be saved or exported.
    pub fn export_value(&self) -> serde_json::Value {
        self.session.with_value(|s| export_dashboard(s.dashboard()))
    }

    /// Saves through the store; a conflict opens the dialog, a storage error is said.
    pub fn save(&self) {
        let uid = self.uid.get_value();
        let value = self.export_value();
        let based_on = self.session.with_value(|s| s.base_version);
        let request = SaveRequest {
            uid: &uid,
            dashboard: &value,
            based_on,
            builtin: self.builtin,
            message: "",
        };
        match with_store(|s| s.save(&request, now_ms())) {
            Ok(saved) => self.saved(&saved),
            Err(SaveError::Conflict(conflict)) => self.conflict.set(Some(*conflict)),
            Err(e) => self.say(
                format!(
                    "{}. The last saved version is unchanged; Export JSON still works.",
                    sentence_case(&e.to_string())
                ),
                true,
            ),
        }
    }

    /// After a save (or a conflict resolved by saving) of this dashboard.
    pub fn saved(&self, saved: &Saved) {
        self.session.update_value(|s| s.mark_saved(saved.version));
        self.version.set(Some(saved.version));
        self.local_copy.set(self.builtin);
        self.draft_offer.set(None);
        let mut text = format!("Saved as version {}", saved.version);
        if self.builtin {
            text.push_str(": a local copy in this browser, shown instead of the shipped dashboard");
        }
        if saved.history_dropped > 0 {
            text.push_str(&format!(
                " ({} older versions given up for room)",
                saved.history_dropped
            ));
        }
        if !store::is_persistent() {
            text.push_str(" (for this session only: this browser blocks storage)");
        }
        self.say(text, false);
        self.revision.update(|r| *r += 1);
    }
}

/// Core's messages start in lower case (they also appear mid-sentence); a notice is a sentence.
fn sentence_case(text: &str) -> String {
    let mut chars = text.chars();
    chars.next().map_or_else(String::new, |first| {
        first.to_uppercase().chain(chars).collect()
    })
}

/// The edit context of the open dashboard, if any (panels outside a dashboard page have none).
pub fn use_edit_context() -> Option<EditContext> {
    use_context::<EditContext>()
}
