//! The time series' Graph styles group (Grafana's `getGraphFieldConfig`): style, bar
//! alignment (bars only), line interpolation and line style (lines only), line width and fill
//! opacity as sliders with their number, gradient mode as a radio group,
//! connect null values (never, always, or gaps shorter than a threshold), show points, point
//! size (a slider) and stacking, each shown when Grafana shows it for the chosen style.

use super::fields::SelectField;
use super::options::Group;
use super::radio::RadioField;
use super::slider::SliderField;
use super::EditedPanel;
use crate::core::authoring::panel_edit::text_at;
use crate::core::panel_options::styles::{
    line_style_json, line_style_name, span_nulls_form, span_nulls_json, BAR_ALIGNMENTS,
    DRAW_STYLES, GRADIENT_MODES, LINE_INTERPOLATIONS, LINE_STYLES, SHOW_POINTS, SLIDERS,
    SPAN_NULLS, STACKING_MODES,
};
use leptos::prelude::*;

const CUSTOM: &str = "/fieldConfig/defaults/custom";

#[component]
pub fn GraphStylesGroup(panel: EditedPanel) -> impl IntoView {
    let style = Memo::new(move |_| {
        panel.with(String::new(), |p| {
            text_at(p, &format!("{CUSTOM}/drawStyle"))
        })
    });
    let is_line = move || matches!(style.get().as_str(), "" | "line");
    let not_points = move || style.get() != "points";
    let p = |name: &str| format!("{CUSTOM}/{name}");
    view! {
        <Group title="Graph styles" testid="pe-group-graph-styles">
            <SelectField panel label="Style" pointer=p("drawStyle") testid="panel-editor-draw-style" choices=DRAW_STYLES default="line" />
            <Show when=move || style.get() == "bars">
                <RadioField panel label="Bar alignment" pointer="/fieldConfig/defaults/custom/barAlignment" testid="panel-editor-bar-alignment" choices=BAR_ALIGNMENTS default="0" numeric=true />
            </Show>
            <Show when=is_line>
                <SelectField panel label="Line interpolation" pointer=p("lineInterpolation") testid="panel-editor-line-interpolation" choices=LINE_INTERPOLATIONS default="linear" />
            </Show>
            <Show when=not_points>
                <Slider panel which=0 testid="panel-editor-line-width" />
                <Slider panel which=1 testid="panel-editor-fill-opacity" />
                <RadioField panel label="Gradient mode" pointer="/fieldConfig/defaults/custom/gradientMode" testid="panel-editor-gradient-mode" choices=GRADIENT_MODES default="none" />
            </Show>
            <Show when=is_line>
                <LineStyleField panel />
            </Show>
            <Show when=not_points>
                <ConnectNullsField panel />
                <SelectField panel label="Show points" pointer=p("showPoints") testid="panel-editor-show-points" choices=SHOW_POINTS default="auto" />
            </Show>
            <Slider panel which=2 testid="panel-editor-point-size" />
            <SelectField panel label="Stack series" pointer=p("stacking/mode") testid="panel-editor-stacking" choices=STACKING_MODES default="none" />
        </Group>
    }
}

/// One of core's `SLIDERS` (line width, fill opacity, point size).
#[component]
fn Slider(panel: EditedPanel, which: usize, testid: &'static str) -> impl IntoView {
    const POINTERS: [&str; 3] = [
        "/fieldConfig/defaults/custom/lineWidth",
        "/fieldConfig/defaults/custom/fillOpacity",
        "/fieldConfig/defaults/custom/pointSize",
    ];
    let (_, label, min, max, step, default) = SLIDERS[which];
    view! { <SliderField panel label pointer=POINTERS[which] testid min max step default /> }
}

/// Line style: solid, dash or dots, stored as Grafana's `lineStyle` object with its pattern.
#[component]
fn LineStyleField(panel: EditedPanel) -> impl IntoView {
    const POINTER: &str = "/fieldConfig/defaults/custom/lineStyle";
    let current = move || panel.with("solid", |p| line_style_name(p.pointer(POINTER)));
    view! {
        <label class="pe-field">
            <span class="pe-label">"Line style"</span>
            <select data-testid="panel-editor-line-style" prop:value=current
                on:change=move |ev| panel.set_step(POINTER, Some(line_style_json(&event_target_value(&ev))))>
                {LINE_STYLES.iter().map(|(v, n)| view! { <option value=*v selected=move || current() == *v>{*n}</option> }).collect_view()}
            </select>
        </label>
    }
}

/// Connect null values: never, always, or across gaps shorter than an interval (`1h`).
#[component]
fn ConnectNullsField(panel: EditedPanel) -> impl IntoView {
    const POINTER: &str = "/fieldConfig/defaults/custom/spanNulls";
    let form = Memo::new(move |_| {
        panel.with(("never", String::new()), |p| {
            span_nulls_form(p.pointer(POINTER))
        })
    });
    let problem = RwSignal::new(None::<String>);
    let write = move |choice: &str, threshold: &str| match span_nulls_json(choice, threshold) {
        Ok(v) => {
            problem.set(None);
            panel.set_step(POINTER, Some(v));
        }
        Err(why) => problem.set(Some(why)),
    };
    let choice = move || form.with(|f| f.0);
    view! {
        <div class="pe-field-row">
            <label class="pe-field">
                <span class="pe-label">"Connect null values"</span>
                <select data-testid="panel-editor-span-nulls" prop:value=choice on:change=move |ev| write(&event_target_value(&ev), "")>
                    {SPAN_NULLS.iter().map(|(v, n)| view! { <option value=*v selected=move || choice() == *v>{*n}</option> }).collect_view()}
                </select>
            </label>
            <Show when=move || choice() == "threshold">
                <label class="pe-field">
                    <span class="pe-label">"Shorter than"</span>
                    <input type="text" data-testid="panel-editor-span-nulls-threshold" placeholder="1h"
                        aria-invalid=move || problem.with(Option::is_some).to_string()
                        prop:value=move || form.with(|f| f.1.clone()) on:change=move |ev| write("threshold", &event_target_value(&ev)) />
                    {move || problem.get().map(|why| view! { <span class="pe-problem" role="alert">{why}</span> })}
                </label>
            </Show>
        </div>
    }
}
