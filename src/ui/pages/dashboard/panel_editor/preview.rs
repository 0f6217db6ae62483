//! The editor's live preview: the dashboard's own panel component, fed the edited panel's JSON
//! and drawn again whenever that JSON changes (a new query, unit or title shows at once).

use super::super::grid::panel_scope;
use super::EditedPanel;
use crate::core::dashboard::Panel;
use crate::ui::panels::PanelView;
use leptos::prelude::*;

/// The preview's height in pixels (Grafana's editor gives the preview the top part too).
const PREVIEW_HEIGHT_PX: f64 = 320.0;

#[component]
pub fn EditorPreview(panel: EditedPanel) -> impl IntoView {
    let state = panel.ctx.state;
    view! {
        <div class="panel-editor-preview" data-testid="panel-editor-preview"
            style:height=format!("{PREVIEW_HEIGHT_PX}px")>
            {move || panel.json.get().map(|json| {
                let model = Panel::from_json(&json, panel.id);
                let scope = panel_scope(state, &model);
                view! { <PanelView panel=model scope visible=Signal::derive(|| true) height_px=Signal::derive(|| PREVIEW_HEIGHT_PX) /> }
            })}
        </div>
    }
}
