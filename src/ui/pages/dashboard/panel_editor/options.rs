//! The options pane: the visualization picker, then the option groups as Grafana's editor
//! lists them for the chosen type (Panel options, Tooltip, Legend, Graph styles, Standard
//! options, Value mappings, Thresholds, Overrides), each a collapsible section bound to the panel's JSON.

use super::fields::{CheckField, NumberField, SelectField, TextAreaField, TextField};
use super::mappings::MappingsEditor;
use super::overrides::OverridesEditor;
use super::thresholds::ThresholdsEditor;
use super::unit_picker::UnitPicker;
use super::EditedPanel;
use crate::core::authoring::panel_edit::{change_type, text_at, PANEL_TYPES};
use leptos::prelude::*;

#[component]
pub fn OptionsPane(panel: EditedPanel) -> impl IntoView {
    let kind = Memo::new(move |_| panel.with(String::new(), |p| text_at(p, "/type")));
    let is = move |types: &'static [&'static str]| move || types.contains(&kind.get().as_str());
    view! {
        <aside class="panel-editor-options" data-testid="panel-editor-options" aria-label="Panel options">
            <TypePicker panel kind />
            <Group title="Panel options" testid="pe-group-panel">
                <TextField panel label="Title" pointer="/title".to_string() testid="panel-editor-title" />
                <TextAreaField panel label="Description" pointer="/description" testid="panel-editor-description" />
                <CheckField panel label="Transparent background" pointer="/transparent".to_string() testid="panel-editor-transparent" />
            </Group>
            <Show when=is(&["timeseries", "state-timeline", "heatmap"])>
                <TooltipGroup panel />
                <LegendGroup panel />
            </Show>
            <Show when=is(&["timeseries"])>
                <GraphStylesGroup panel />
            </Show>
            <Show when=move || !is(&["text", "alertlist", "logs", "traces", "nodeGraph"])()>
                <Group title="Standard options" testid="pe-group-standard">
                    <UnitPicker panel />
                    <NumberField panel label="Min" pointer="/fieldConfig/defaults/min" testid="panel-editor-min" placeholder="auto" />
                    <NumberField panel label="Max" pointer="/fieldConfig/defaults/max" testid="panel-editor-max" placeholder="auto" />
                    <NumberField panel label="Decimals" pointer="/fieldConfig/defaults/decimals" testid="panel-editor-decimals" placeholder="auto" />
                    <TextField panel label="Display name" pointer="/fieldConfig/defaults/displayName".to_string() testid="panel-editor-display-name" />
                    <TextField panel label="No value" pointer="/fieldConfig/defaults/noValue".to_string() testid="panel-editor-no-value" />
                </Group>
                <Group title="Value mappings" testid="pe-group-mappings">
                    <MappingsEditor panel />
                </Group>
                <Group title="Thresholds" testid="pe-group-thresholds">
                    <ThresholdsEditor panel />
                </Group>
                <Group title="Overrides" testid="pe-group-overrides">
                    <OverridesEditor panel />
                </Group>
            </Show>
        </aside>
    }
}

/// One collapsible group of options, open at first (Grafana's `OptionsPaneCategory`).
#[component]
fn Group(title: &'static str, testid: &'static str, children: Children) -> impl IntoView {
    view! {
        <details class="pe-group" data-testid=testid open=true>
            <summary class="pe-group-title">{title}</summary>
            <div class="pe-group-body">{children()}</div>
        </details>
    }
}

/// The visualization picker over every type Meshboard draws.
#[component]
fn TypePicker(panel: EditedPanel, kind: Memo<String>) -> impl IntoView {
    let on_change = move |ev| {
        if let Some(json) = panel.json.get_untracked() {
            panel.replace(change_type(&json, &event_target_value(&ev)));
        }
    };
    view! {
        <label class="pe-field pe-type">
            <span class="pe-label">"Visualization"</span>
            <select data-testid="panel-editor-type" on:change=on_change prop:value=move || kind.get()>
                {PANEL_TYPES.iter().map(|t| view! { <option value=t.id selected=move || kind.get() == t.id>{t.name}</option> }).collect_view()}
            </select>
        </label>
    }
}

const TOOLTIP_MODES: &[(&str, &str)] =
    &[("single", "Single"), ("multi", "All"), ("none", "Hidden")];
const SORT_ORDERS: &[(&str, &str)] = &[
    ("none", "None"),
    ("asc", "Ascending"),
    ("desc", "Descending"),
];
const LEGEND_MODES: &[(&str, &str)] = &[("list", "List"), ("table", "Table")];
const PLACEMENTS: &[(&str, &str)] = &[("bottom", "Bottom"), ("right", "Right")];
const DRAW_STYLES: &[(&str, &str)] = &[("line", "Lines"), ("bars", "Bars"), ("points", "Points")];
const STACKING: &[(&str, &str)] = &[("none", "Off"), ("normal", "Normal"), ("percent", "100%")];

#[component]
fn TooltipGroup(panel: EditedPanel) -> impl IntoView {
    view! {
        <Group title="Tooltip" testid="pe-group-tooltip">
            <SelectField panel label="Tooltip mode" pointer="/options/tooltip/mode".to_string() testid="panel-editor-tooltip-mode" choices=TOOLTIP_MODES default="single" />
            <SelectField panel label="Values sort order" pointer="/options/tooltip/sort".to_string() testid="panel-editor-tooltip-sort" choices=SORT_ORDERS default="none" />
        </Group>
    }
}

#[component]
fn LegendGroup(panel: EditedPanel) -> impl IntoView {
    view! {
        <Group title="Legend" testid="pe-group-legend">
            <CheckField panel label="Visibility" pointer="/options/legend/showLegend".to_string() testid="panel-editor-legend-show" default=true />
            <SelectField panel label="Mode" pointer="/options/legend/displayMode".to_string() testid="panel-editor-legend-mode" choices=LEGEND_MODES default="list" />
            <SelectField panel label="Placement" pointer="/options/legend/placement".to_string() testid="panel-editor-legend-placement" choices=PLACEMENTS default="bottom" />
        </Group>
    }
}

#[component]
fn GraphStylesGroup(panel: EditedPanel) -> impl IntoView {
    view! {
        <Group title="Graph styles" testid="pe-group-graph-styles">
            <SelectField panel label="Style" pointer="/fieldConfig/defaults/custom/drawStyle".to_string() testid="panel-editor-draw-style" choices=DRAW_STYLES default="line" />
            <NumberField panel label="Line width" pointer="/fieldConfig/defaults/custom/lineWidth" testid="panel-editor-line-width" placeholder="1" />
            <NumberField panel label="Fill opacity" pointer="/fieldConfig/defaults/custom/fillOpacity" testid="panel-editor-fill-opacity" placeholder="0" />
            <SelectField panel label="Stack series" pointer="/fieldConfig/defaults/custom/stacking/mode".to_string() testid="panel-editor-stacking" choices=STACKING default="none" />
        </Group>
    }
}
