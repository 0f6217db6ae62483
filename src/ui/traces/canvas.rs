//! Canvas plumbing shared by the trace views: the HiDPI 2D context (from `ui::canvas2d`),
//! theme colours read from the CSS variables, pointer positions, and guarded clipboard writes.
//! Service colours are core's (`core::trace::service_color`).

pub use crate::ui::canvas2d::prepare;

/// Colours of the current theme (CSS variables), read once per paint.
#[derive(Debug, Clone)]
pub struct Colors {
    pub text: String,
    pub muted: String,
    pub grid: String,
    pub accent: String,
    pub error: String,
    pub raised: String,
}

fn css_var(name: &str, fallback: &str) -> String {
    web_sys::window()
        .and_then(|w| {
            let root = w.document()?.document_element()?;
            w.get_computed_style(&root).ok().flatten()
        })
        .and_then(|style| style.get_property_value(name).ok())
        .map(|v| v.trim().to_string())
        .filter(|v| !v.is_empty())
        .unwrap_or_else(|| fallback.to_string())
}

impl Colors {
    pub fn read() -> Colors {
        Colors {
            text: css_var("--text", "#ccccdc"),
            muted: css_var("--text-muted", "#8e8e9e"),
            grid: css_var("--grid", "rgba(204,204,220,0.12)"),
            accent: css_var("--accent", "#3d71d9"),
            error: css_var("--error", "#e0226e"),
            raised: css_var("--bg-raised", "#22252b"),
        }
    }
}

/// Mouse position relative to an element's top-left corner, in CSS pixels.
pub fn local_xy(ev: &web_sys::MouseEvent, element: &web_sys::Element) -> (f64, f64) {
    let rect = element.get_bounding_client_rect();
    (
        f64::from(ev.client_x()) - rect.left(),
        f64::from(ev.client_y()) - rect.top(),
    )
}

/// Copies text when the page may (secure context); otherwise does nothing, quietly.
pub fn copy_text(text: String) {
    let Some(window) = web_sys::window() else {
        return;
    };
    let navigator = window.navigator();
    let has_clipboard = js_sys::Reflect::get(&navigator, &"clipboard".into())
        .is_ok_and(|v| !v.is_undefined() && !v.is_null());
    if !has_clipboard {
        return;
    }
    let promise = navigator.clipboard().write_text(&text);
    // Await it so a refusal (no focus, no permission) is handled instead of logged as uncaught.
    // A clipboard write, not a data load: nothing to show, abort or keep, so no `use_query`.
    leptos::task::spawn_local(async move {
        let _ = wasm_bindgen_futures::JsFuture::from(promise).await;
    });
}
