//! The chart colours, read from the theme's CSS variables so canvases follow dark/light.

use crate::chart::ChartTheme;

/// The chart theme of the page now (`--bg-panel`, `--text`, `--text-muted`, `--grid`,
/// `--crosshair`); the engine's defaults where a variable is unset.
pub fn chart_theme() -> ChartTheme {
    let mut theme = ChartTheme::default();
    let Some(window) = web_sys::window() else {
        return theme;
    };
    let Some(root) = window.document().and_then(|d| d.document_element()) else {
        return theme;
    };
    let Ok(Some(style)) = window.get_computed_style(&root) else {
        return theme;
    };
    let var = |name: &str| {
        style
            .get_property_value(name)
            .ok()
            .map(|v| v.trim().to_string())
            .filter(|v| !v.is_empty())
    };
    if let Some(v) = var("--bg-panel") {
        theme.background = v;
    }
    if let Some(v) = var("--text") {
        theme.text = v.clone();
        theme.axis = v;
    }
    if let Some(v) = var("--text-muted") {
        theme.axis = v;
    }
    if let Some(v) = var("--grid") {
        theme.grid = v;
    }
    if let Some(v) = var("--crosshair") {
        theme.crosshair = v;
    }
    theme
}

/// The theme applied to the page (`data-theme` on `<html>`), for the series colours Grafana
/// picks per theme.
pub fn page_theme_mode() -> crate::core::dashboard::field_resolve::ThemeMode {
    use crate::core::dashboard::field_resolve::ThemeMode;
    let light = web_sys::window()
        .and_then(|w| w.document())
        .and_then(|d| d.document_element())
        .and_then(|root| root.get_attribute("data-theme"))
        .is_some_and(|t| t == "light");
    if light {
        ThemeMode::Light
    } else {
        ThemeMode::Dark
    }
}
