//! Label widths measured once: `measureText` is slow, and tick labels repeat between redraws.

use std::collections::HashMap;

use web_sys::CanvasRenderingContext2d;

/// Beyond this many labels the cache starts over (zooming through many ranges makes new labels).
const MAX_ENTRIES: usize = 1024;

#[derive(Debug, Default)]
pub struct TextCache {
    font: String,
    widths: HashMap<String, f64>,
}

impl TextCache {
    /// Makes `font` the context's font; forgets the widths measured with another font.
    pub fn use_font(&mut self, ctx: &CanvasRenderingContext2d, font: &str) {
        if self.font != font {
            self.font.clear();
            self.font.push_str(font);
            self.widths.clear();
        }
        ctx.set_font(font);
    }

    /// The width in CSS px of `label` in the current font.
    pub fn width(&mut self, ctx: &CanvasRenderingContext2d, label: &str) -> f64 {
        if let Some(&w) = self.widths.get(label) {
            return w;
        }
        let w = ctx.measure_text(label).map(|m| m.width()).unwrap_or(0.0);
        if self.widths.len() >= MAX_ENTRIES {
            self.widths.clear();
        }
        self.widths.insert(label.to_string(), w);
        w
    }
}
