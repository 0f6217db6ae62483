//! The options pane: the visualization picker, then the option groups the chosen type shows
//! (core's `groups_for`, Grafana's per-plugin option sets) in Grafana's order: Panel options
//! (with panel links), the alert list's own groups, Tooltip, Legend, Axis, Graph styles, Standard options (with the colour
//! scheme), Data links, Value mappings, Thresholds (with "Show thresholds" on a time series),
//! Overrides. Each is a collapsible section bound to the panel's JSON.

use super::alertlist_options::AlertListGroups;
use super::axis::AxisGroup;
use super::color_scheme::ColorSchemeField;
use super::fields::{CheckField, NumberField, SelectField, TextAreaField, TextField};
use super::graph_styles::GraphStylesGroup;
use super::links::LinksEditor;
use super::mappings::MappingsEditor;
use super::overrides::OverridesEditor;
use super::thresholds::ThresholdsEditor;
use super::type_picker::TypePicker;
use super::unit_picker::UnitPicker;
use super::EditedPanel;
use crate::core::authoring::panel_edit::text_at;
use crate::core::panel_options::groups::{shows, OptionGroup};
use crate::core::panel_options::styles::THRESHOLDS_STYLES;
use leptos::prelude::*;

#[component]
pub fn OptionsPane(panel: EditedPanel) -> impl IntoView {
    let kind = Memo::new(move |_| panel.with(String::new(), |p| text_at(p, "/type")));
    let has = move |group: OptionGroup| move || shows(&kind.get(), group);
    view! {
        <aside class="panel-editor-options" data-testid="panel-editor-options" aria-label="Panel options">
            <TypePicker panel kind />
            <Group title="Panel options" testid="pe-group-panel">
                <TextField panel label="Title" pointer="/title".to_string() testid="panel-editor-title" />
                <TextAreaField panel label="Description" pointer="/description" testid="panel-editor-description" />
                <CheckField panel label="Transparent background" pointer="/transparent".to_string() testid="panel-editor-transparent" />
                <h4 class="pe-subtitle">"Panel links"</h4>
                <LinksEditor panel pointer="/links" testid="panel-editor-panel-link" add_label="+ Add link" />
            </Group>
            <Show when=has(OptionGroup::AlertList)><AlertListGroups panel /></Show>
            <Show when=has(OptionGroup::Tooltip)><TooltipGroup panel /></Show>
            <Show when=has(OptionGroup::Legend)><LegendGroup panel /></Show>
            <Show when=has(OptionGroup::Axis)><AxisGroup panel /></Show>
            <Show when=has(OptionGroup::GraphStyles)><GraphStylesGroup panel /></Show>
            <Show when=has(OptionGroup::StandardOptions)>
                <Group title="Standard options" testid="pe-group-standard">
                    <UnitPicker panel />
                    <NumberField panel label="Min" pointer="/fieldConfig/defaults/min" testid="panel-editor-min" placeholder="auto" />
                    <NumberField panel label="Max" pointer="/fieldConfig/defaults/max" testid="panel-editor-max" placeholder="auto" />
                    <NumberField panel label="Decimals" pointer="/fieldConfig/defaults/decimals" testid="panel-editor-decimals" placeholder="auto" />
                    <TextField panel label="Display name" pointer="/fieldConfig/defaults/displayName".to_string() testid="panel-editor-display-name" />
                    <ColorSchemeField panel />
                    <TextField panel label="No value" pointer="/fieldConfig/defaults/noValue".to_string() testid="panel-editor-no-value" />
                </Group>
            </Show>
            <Show when=has(OptionGroup::DataLinks)>
                <Group title="Data links" testid="pe-group-data-links">
                    <LinksEditor panel pointer="/fieldConfig/defaults/links" testid="panel-editor-data-link" add_label="+ Add link" />
                </Group>
            </Show>
            <Show when=has(OptionGroup::ValueMappings)>
                <Group title="Value mappings" testid="pe-group-mappings">
                    <MappingsEditor panel />
                </Group>
            </Show>
            <Show when=has(OptionGroup::Thresholds)>
                <Group title="Thresholds" testid="pe-group-thresholds">
                    <ThresholdsEditor panel />
                    <Show when=has(OptionGroup::GraphStyles)>
                        <SelectField panel label="Show thresholds" pointer="/fieldConfig/defaults/custom/thresholdsStyle/mode".to_string() testid="panel-editor-thresholds-style" choices=THRESHOLDS_STYLES default="off" />
                    </Show>
                </Group>
            </Show>
            <Show when=has(OptionGroup::Overrides)>
                <Group title="Overrides" testid="pe-group-overrides">
                    <OverridesEditor panel />
                </Group>
            </Show>
        </aside>
    }
}

/// One collapsible group of options, open at first (Grafana's `OptionsPaneCategory`).
#[component]
pub fn Group(title: &'static str, testid: &'static str, children: Children) -> impl IntoView {
    view! {
        <details class="pe-group" data-testid=testid open=true>
            <summary class="pe-group-title">{title}</summary>
            <div class="pe-group-body">{children()}</div>
        </details>
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
