//! Canvas plumbing shared by the trace views: sizing for the device pixel ratio, the 2D
//! context, theme colours read from the CSS variables, and guarded clipboard writes.

use wasm_bindgen::JsCast;
use web_sys::{CanvasRenderingContext2d, HtmlCanvasElement};

use crate::chart::CLASSIC_PALETTE;
use crate::core::trace::service_color_index;

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

/// The stable colour of a service.
pub fn service_color(service: &str) -> &'static str {
    CLASSIC_PALETTE[service_color_index(service, CLASSIC_PALETTE.len())]
}

/// Sizes the canvas backing store for `css_w` × `css_h` at the device pixel ratio and returns
/// a context scaled so that drawing happens in CSS pixels.
pub fn prepare(
    canvas: &HtmlCanvasElement,
    css_w: f64,
    css_h: f64,
) -> Option<CanvasRenderingContext2d> {
    let dpr = web_sys::window()
        .map_or(1.0, |w| w.device_pixel_ratio())
        .max(1.0);
    let (w, h) = (css_w.max(1.0), css_h.max(1.0));
    let (bw, bh) = ((w * dpr).round() as u32, (h * dpr).round() as u32);
    if canvas.width() != bw {
        canvas.set_width(bw);
    }
    if canvas.height() != bh {
        canvas.set_height(bh);
    }
    // CSSOM writes: allowed by the CSP, unlike style attributes in markup.
    let style = canvas.style();
    let _ = style.set_property("width", &format!("{w}px"));
    let _ = style.set_property("height", &format!("{h}px"));
    let ctx = canvas
        .get_context("2d")
        .ok()
        .flatten()?
        .dyn_into::<CanvasRenderingContext2d>()
        .ok()?;
    let _ = ctx.set_transform(dpr, 0.0, 0.0, dpr, 0.0, 0.0);
    ctx.clear_rect(0.0, 0.0, w, h);
    Some(ctx)
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
    leptos::task::spawn_local(async move {
        let _ = wasm_bindgen_futures::JsFuture::from(promise).await;
    });
}
