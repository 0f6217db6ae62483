//! The theme: `theme=` in the URL wins, else the system's `prefers-color-scheme`. It is applied
//! as `data-theme` on `<html>`, where the CSS variables of style/ pick it up. `transparent` in the
//! URL sets `data-transparent` there too, which drops the page and panel backgrounds.

use super::view_state::{use_update_view, use_view_state};
use crate::core::url_state::Theme;
use leptos::prelude::*;

fn system_theme() -> Theme {
    let prefers_light = web_sys::window()
        .and_then(|w| {
            w.match_media("(prefers-color-scheme: light)")
                .ok()
                .flatten()
        })
        .is_some_and(|query| query.matches());
    if prefers_light {
        Theme::Light
    } else {
        Theme::Dark
    }
}

/// Counts the times the theme attributes were (re)applied to `<html>`: canvas paintings read
/// their colours from the CSS variables those attributes select, so they must repaint after
/// the attributes changed, not merely after the URL did.
#[derive(Clone, Copy)]
struct ThemeApplied(RwSignal<u64>);

/// What canvas paintings track to repaint when the page's look changes: the theme as applied
/// (see [`ThemeApplied`]) and whether the panel background is transparent (read from the URL
/// by the time-series chart, which paints its own background).
pub fn use_paint_key() -> Memo<(u64, bool)> {
    let view = use_view_state();
    let applied = use_context::<ThemeApplied>();
    Memo::new(move |_| {
        let generation = applied.map_or(0, |a| a.0.get());
        (generation, view.with(|v| v.transparent))
    })
}

/// The theme in effect, kept on `<html data-theme>` (with `data-transparent` beside it).
pub fn use_effective_theme() -> Memo<Theme> {
    let view = use_view_state();
    let theme = Memo::new(move |_| view.get().theme.unwrap_or_else(system_theme));
    let applied = RwSignal::new(0u64);
    provide_context(ThemeApplied(applied));
    // The series palette is part of the look: provided beside the theme (issue 19).
    crate::ui::a11y::palette::provide_palette_preference();
    Effect::new(move |_| {
        let name = theme.get().as_str();
        if let Some(root) = web_sys::window()
            .and_then(|w| w.document())
            .and_then(|d| d.document_element())
        {
            let _ = root.set_attribute("data-theme", name);
        }
        applied.update(|n| *n += 1);
    });
    let transparent = Memo::new(move |_| view.get().transparent);
    Effect::new(move |_| {
        let on = transparent.get();
        if let Some(root) = web_sys::window()
            .and_then(|w| w.document())
            .and_then(|d| d.document_element())
        {
            let _ = if on {
                root.set_attribute("data-transparent", "")
            } else {
                root.remove_attribute("data-transparent")
            };
        }
        applied.update(|n| *n += 1);
    });
    theme
}

#[component]
pub fn ThemeToggle(theme: Memo<Theme>) -> impl IntoView {
    let update = use_update_view();
    let label = move || match theme.get() {
        Theme::Dark => "Light theme",
        Theme::Light => "Dark theme",
    };
    view! {
        <button class="btn" data-testid="theme-toggle" title="Toggle dark and light theme"
            on:click=move |_| {
                let next = theme.get_untracked().toggled();
                update(&|state| state.theme = Some(next));
            }>
            {label}
        </button>
    }
}
