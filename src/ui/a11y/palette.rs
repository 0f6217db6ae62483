//! The viewer's series palette preference (issue 19): Grafana's classic colours or the
//! colour-blind-safe Okabe-Ito ones (core `chart_a11y::palette`). Chosen on /settings, kept
//! in `localStorage` for the next visit and applied at once: charts, legends, tooltips and
//! stat/bar gauge values read [`use_series_palette`] when they resolve their colours. It is
//! also mirrored as `data-palette` on `<html>` for code that runs outside the reactive tree
//! (the SVG export reads [`page_palette`]).

use crate::core::chart_a11y::palette::SeriesPalette;
use leptos::prelude::*;

const STORAGE_KEY: &str = "meshboard.seriesPalette";
const ATTRIBUTE: &str = "data-palette";

#[derive(Clone, Copy)]
struct PalettePreference(RwSignal<SeriesPalette>);

fn storage() -> Option<web_sys::Storage> {
    web_sys::window().and_then(|w| w.local_storage().ok().flatten())
}

fn root() -> Option<web_sys::Element> {
    web_sys::window()
        .and_then(|w| w.document())
        .and_then(|d| d.document_element())
}

/// Reads the stored preference, provides it to the app and keeps `data-palette` in step.
pub fn provide_palette_preference() {
    let stored = storage()
        .and_then(|s| s.get_item(STORAGE_KEY).ok().flatten())
        .map(|name| SeriesPalette::from_name(&name))
        .unwrap_or_default();
    let palette = RwSignal::new(stored);
    provide_context(PalettePreference(palette));
    Effect::new(move |_| {
        let name = palette.get().name();
        if let Some(root) = root() {
            let _ = root.set_attribute(ATTRIBUTE, name);
        }
    });
}

/// The palette series take now (classic where no preference was provided).
pub fn use_series_palette() -> Signal<SeriesPalette> {
    match use_context::<PalettePreference>() {
        Some(PalettePreference(palette)) => palette.into(),
        None => Signal::stored(SeriesPalette::Classic),
    }
}

/// The palette the page shows, read from `<html data-palette>` (untracked callers).
pub fn page_palette() -> SeriesPalette {
    root()
        .and_then(|r| r.get_attribute(ATTRIBUTE))
        .map(|name| SeriesPalette::from_name(&name))
        .unwrap_or_default()
}

/// The /settings control: a named select that applies and stores the choice at once.
#[component]
pub fn PalettePreferenceControl() -> impl IntoView {
    let Some(PalettePreference(palette)) = use_context::<PalettePreference>() else {
        return ().into_any();
    };
    let choose = move |name: String| {
        let chosen = SeriesPalette::from_name(&name);
        if let Some(s) = storage() {
            // A refused write (private mode, quota) still applies the choice for this visit.
            let _ = s.set_item(STORAGE_KEY, chosen.name());
        }
        palette.set(chosen);
    };
    let option = move |value: SeriesPalette, text: &'static str| {
        view! { <option value=value.name() selected=move || palette.get() == value>{text}</option> }
    };
    view! {
        <section class="settings-display" aria-labelledby="settings-display-heading">
            <h2 id="settings-display-heading">"Display"</h2>
            <label class="settings-field">
                <span>"Series colours"</span>
                <select class="select" data-testid="palette-preference"
                    prop:value=move || palette.get().name()
                    on:change=move |ev| choose(event_target_value(&ev))>
                    {option(SeriesPalette::Classic, "Classic (the dashboard's palette)")}
                    {option(SeriesPalette::ColorBlindSafe, "Colour-blind safe (Okabe-Ito)")}
                </select>
            </label>
            <p class="muted">
                "Applies to series that take their colour from the palette, in every chart, legend, "
                "tooltip, stat and bar gauge, and in exported SVG. Series given a fixed or threshold "
                "colour keep it. Kept in this browser."
            </p>
        </section>
    }
    .into_any()
}
