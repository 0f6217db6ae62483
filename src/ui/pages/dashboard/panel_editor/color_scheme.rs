//! Standard options > Color scheme (Grafana's `FieldColorEditor`): the scheme, then its colour
//! for a single colour or shades (a Grafana colour name or a CSS colour, with a swatch and the
//! browser's colour chooser), or "Color series by" for the by-value schemes of a time series.
//! Unset, the select shows what the type starts with (classic palette for a time series,
//! thresholds for the rest), as the resolver reads it.

use super::EditedPanel;
use crate::core::authoring::panel_edit::text_at;
use crate::core::dashboard::field_resolve::ResolveOptions;
use crate::core::panel_options::color::{
    color_scheme, color_with_mode, is_color_text, COLOR_SCHEMES, SERIES_BY,
};
use leptos::prelude::*;
use serde_json::Value;

const POINTER: &str = "/fieldConfig/defaults/color";

#[component]
pub fn ColorSchemeField(panel: EditedPanel) -> impl IntoView {
    let mode = Memo::new(move |_| {
        panel.with(String::new(), |p| {
            let set = text_at(p, &format!("{POINTER}/mode"));
            if set.is_empty() {
                ResolveOptions::for_panel_type(&text_at(p, "/type")).default_color_mode
            } else {
                set
            }
        })
    });
    let scheme = move || color_scheme(&mode.get());
    let is_chart = move || panel.with(false, |p| text_at(p, "/type") == "timeseries");
    let on_mode = move |ev| {
        let chosen = event_target_value(&ev);
        panel.set_step(
            POINTER,
            Some(color_with_mode(
                panel.at_untracked(POINTER).as_ref(),
                &chosen,
            )),
        );
    };
    view! {
        <label class="pe-field">
            <span class="pe-label">"Color scheme"</span>
            <select data-testid="panel-editor-color-mode" prop:value=move || mode.get() on:change=on_mode>
                {COLOR_SCHEMES.iter().map(|s| view! { <option value=s.mode selected=move || mode.get() == s.mode>{s.name}</option> }).collect_view()}
                // A mode Meshboard does not know stays selectable as written.
                {move || scheme().is_none().then(|| view! { <option value=mode.get() selected=true>{mode.get()}</option> })}
            </select>
        </label>
        <Show when=move || scheme().is_some_and(|s| s.takes_color)>
            <FixedColorField panel />
        </Show>
        <Show when=move || is_chart() && scheme().is_some_and(|s| s.by_value)>
            <SeriesByField panel />
        </Show>
    }
}

/// The colour of a single colour or shades scheme.
#[component]
fn FixedColorField(panel: EditedPanel) -> impl IntoView {
    let pointer = format!("{POINTER}/fixedColor");
    let p2 = pointer.clone();
    let color = Memo::new(move |_| panel.with(String::new(), |p| text_at(p, &pointer)));
    let problem = RwSignal::new(None::<String>);
    let store = move |text: String| {
        if is_color_text(&text) {
            problem.set(None);
            panel.set(&p2, Some(Value::String(text.trim().to_string())));
        } else {
            problem.set(Some(format!("“{text}” is not a colour name or #rrggbb")));
        }
    };
    let store2 = store.clone();
    // The native chooser works in #rrggbb; a named colour shows as black there until chosen.
    let hex = move || {
        let c = color.get();
        if c.len() == 7 && c.starts_with('#') {
            c
        } else {
            "#000000".to_string()
        }
    };
    view! {
        <div class="pe-field">
            <label class="pe-label" for="pe-fixed-color">"Color"</label>
            <div class="pe-color-row">
                <span class="pe-swatch" style:background-color=move || color.get() aria-hidden="true"></span>
                <input id="pe-fixed-color" type="text" data-testid="panel-editor-fixed-color"
                    aria-invalid=move || problem.with(Option::is_some).to_string()
                    prop:value=move || color.get() on:change=move |ev| store(event_target_value(&ev)) />
                <input type="color" aria-label="Choose a colour" data-testid="panel-editor-fixed-color-picker"
                    prop:value=hex on:change=move |ev| store2(event_target_value(&ev)) />
            </div>
            {move || problem.get().map(|why| view! { <span class="pe-problem" role="alert">{why}</span> })}
        </div>
    }
}

/// "Color series by" (last, min, max) for the by-value schemes of a time series.
#[component]
fn SeriesByField(panel: EditedPanel) -> impl IntoView {
    let pointer = format!("{POINTER}/seriesBy");
    let p2 = pointer.clone();
    let current = move || {
        let v = panel.with(String::new(), |p| text_at(p, &pointer));
        if v.is_empty() {
            "last".to_string()
        } else {
            v
        }
    };
    view! {
        <label class="pe-field">
            <span class="pe-label">"Color series by"</span>
            <select data-testid="panel-editor-color-series-by" prop:value=current.clone()
                on:change=move |ev| panel.set_step(&p2, Some(Value::String(event_target_value(&ev))))>
                {SERIES_BY.iter().map(|(v, n)| { let c = current.clone(); view! { <option value=*v selected=move || c() == *v>{*n}</option> } }).collect_view()}
            </select>
        </label>
    }
}
