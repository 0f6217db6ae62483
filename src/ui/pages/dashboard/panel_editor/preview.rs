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
    // Keyed by the JSON's text, so each change mounts a fresh panel. A plain `move ||` view
    // rebuilds the previous panel's DOM in place instead, and the attributes the metric panel
    // passes through its chrome (`data-series-meta`, `data-axes`) stayed bound to an earlier
    // panel: the preview said `[]` while it drew every series in the chosen colour.
    let current = move || {
        panel
            .json
            .get()
            .map(|json| (json.to_string(), json))
            .into_iter()
            .collect::<Vec<_>>()
    };
    view! {
        <div class="panel-editor-preview" data-testid="panel-editor-preview"
            style:height=format!("{PREVIEW_HEIGHT_PX}px")>
            <For each=current key=|(text, _)| text.clone() children=move |(_, json)| {
                let model = Panel::from_json(&json, panel.id);
                let scope = panel_scope(state, &model);
                view! { <PanelView panel=model scope visible=Signal::derive(|| true) height_px=Signal::derive(|| PREVIEW_HEIGHT_PX) /> }
            } />
        </div>
    }
}
