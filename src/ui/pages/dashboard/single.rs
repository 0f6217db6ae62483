//! One panel alone, filling the window: `viewPanel=<id>` on the dashboard page (below its
//! header) and `d-solo` (the whole frame).

use super::grid::panel_scope;
use super::state::DashState;
use crate::core::dashboard::panel_for_url_id;
use crate::ui::observe::window_height;
use crate::ui::panels::PanelView;
use leptos::prelude::*;

/// The panel `id` names (inside collapsed rows too; repeats expanded), or why there is none.
#[component]
pub fn SinglePanel(state: DashState, id: Option<String>, solo: bool) -> impl IntoView {
    let found = state.panels.with_untracked(|panels| {
        state
            .variables
            .with_untracked(|vars| panel_for_url_id(panels, vars, id.as_deref()))
    });
    let panel = match found {
        Ok(panel) => panel,
        Err(text) => {
            return view! { <p class="inline-error" data-testid="dashboard-error">{text}</p> }
                .into_any()
        }
    };
    let height = window_height();
    // What the page keeps above the panel: its header and variables, or nothing on d-solo.
    let offset = if solo { 8.0 } else { 190.0 };
    let height_px = Signal::derive(move || (height.get() - offset).max(200.0));
    let scope = panel_scope(state, &panel);
    view! {
        <div class="dash-single" style:height=move || format!("{}px", height_px.get())>
            <PanelView panel scope visible=Signal::derive(|| true) height_px />
        </div>
    }
    .into_any()
}
