//! The SVG document: drawing goes through plotters' SVG backend, one layer at a time, and each
//! layer becomes a `<g>` with its own attributes (a series' name, its dash pattern, a clip to
//! the plot), which plotters' flat element list has no way to say.
//!
//! Coordinates come in as CSS pixels (f64, what the core's view models give) and are written
//! at [`UNITS_PER_PX`] units per pixel, because plotters' backend takes whole numbers: half a
//! pixel keeps lines where the canvas puts them and 1.5 px strokes 1.5 px wide. The document's
//! `width`/`height` stay the panel's CSS size; its `viewBox` is in those units.

use std::fmt::Write as _;

use plotters::backend::DrawingBackend;
use plotters::prelude::{
    FontDesc, FontFamily, FontStyle, FontTransform, RGBAColor, SVGBackend, ShapeStyle, TextStyle,
};
use plotters::style::text_anchor::{HPos, Pos, VPos};

/// A point in the backend's whole units.
type BackendCoord = (i32, i32);

/// SVG units per CSS pixel.
pub const UNITS_PER_PX: f64 = 2.0;
/// The fonts text is set in: the app's own stack, so a viewer without the first falls back.
pub const FONT_FAMILY: &str =
    "Inter, system-ui, -apple-system, \"Segoe UI\", Roboto, Helvetica, Arial, sans-serif";
/// plotters writes `font-size` as the size it is given divided by this (its pt/px guess).
const PLOTTERS_FONT_RATIO: f64 = 1.24;

/// Escapes text for an attribute value or element content.
pub fn escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '&' => out.push_str("&amp;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&apos;"),
            // Control characters are not allowed in XML 1.0 at all.
            c if (c as u32) < 0x20 && c != '\t' && c != '\n' => out.push(' '),
            c => out.push(c),
        }
    }
    out
}

/// A colour for plotters, with its alpha.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Paint {
    pub rgb: (u8, u8, u8),
    pub alpha: f64,
}

impl Paint {
    pub fn with_alpha(self, alpha: f64) -> Paint {
        Paint {
            alpha: (self.alpha * alpha).clamp(0.0, 1.0),
            ..self
        }
    }

    fn rgba(self) -> RGBAColor {
        RGBAColor(self.rgb.0, self.rgb.1, self.rgb.2, self.alpha)
    }
}

/// Where a text's anchor point is on the text.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum Anchor {
    Start,
    Middle,
    End,
}

/// How a text is set: size in CSS px, anchor, vertical centre or top, bold, turned.
#[derive(Debug, Clone, Copy)]
pub struct TextSpec {
    pub px: f64,
    pub anchor: Anchor,
    /// The y given is the text's middle (else its top).
    pub middle: bool,
    pub bold: bool,
    /// Reads upwards (a left axis title).
    pub upwards: bool,
}

impl TextSpec {
    pub fn new(px: f64, anchor: Anchor) -> TextSpec {
        TextSpec {
            px,
            anchor,
            middle: true,
            bold: false,
            upwards: false,
        }
    }
}

/// Draws one layer through plotters' SVG backend, in CSS pixels.
pub struct Pen<'a> {
    backend: SVGBackend<'a>,
}

fn coord(x: f64, y: f64) -> BackendCoord {
    let unit = |v: f64| (v * UNITS_PER_PX).round().clamp(-1.0e7, 1.0e7) as i32;
    (unit(x), unit(y))
}

fn stroke(paint: Paint, width_px: f64, filled: bool) -> ShapeStyle {
    ShapeStyle {
        color: paint.rgba(),
        filled,
        stroke_width: (width_px * UNITS_PER_PX).round().max(1.0) as u32,
    }
}

impl Pen<'_> {
    pub fn line(&mut self, from: (f64, f64), to: (f64, f64), paint: Paint, width: f64) {
        let style = stroke(paint, width, false);
        let _ = self
            .backend
            .draw_line(coord(from.0, from.1), coord(to.0, to.1), &style);
    }

    /// One polyline through `points` (x, y pairs).
    pub fn polyline(&mut self, points: &[(f64, f64)], paint: Paint, width: f64) {
        if points.len() < 2 {
            return;
        }
        let style = stroke(paint, width, false);
        let coords = points.iter().map(|&(x, y)| coord(x, y));
        let _ = self.backend.draw_path(coords, &style);
    }

    pub fn polygon(&mut self, points: &[(f64, f64)], paint: Paint) {
        if points.len() < 3 {
            return;
        }
        let coords = points.iter().map(|&(x, y)| coord(x, y));
        let _ = self.backend.fill_polygon(coords, &stroke(paint, 1.0, true));
    }

    pub fn rect(&mut self, x: f64, y: f64, w: f64, h: f64, paint: Paint) {
        if !(w > 0.0 && h > 0.0) {
            return;
        }
        let style = stroke(paint, 1.0, true);
        let _ = self
            .backend
            .draw_rect(coord(x, y), coord(x + w, y + h), &style, true);
    }

    pub fn circle(&mut self, x: f64, y: f64, r: f64, paint: Paint) {
        let radius = (r * UNITS_PER_PX).round().max(1.0) as u32;
        let style = stroke(paint, 1.0, true);
        let _ = self.backend.draw_circle(coord(x, y), radius, &style, true);
    }

    /// Text as an SVG `<text>`: selectable and searchable in any viewer.
    pub fn text(&mut self, text: &str, x: f64, y: f64, spec: TextSpec, paint: Paint) {
        if text.is_empty() {
            return;
        }
        let style = if spec.bold {
            FontStyle::Bold
        } else {
            FontStyle::Normal
        };
        let size = spec.px * UNITS_PER_PX * PLOTTERS_FONT_RATIO;
        let mut font = FontDesc::new(FontFamily::Name(FONT_FAMILY), size, style);
        if spec.upwards {
            font = font.transform(FontTransform::Rotate270);
        }
        let h = match spec.anchor {
            Anchor::Start => HPos::Left,
            Anchor::Middle => HPos::Center,
            Anchor::End => HPos::Right,
        };
        let v = if spec.middle { VPos::Center } else { VPos::Top };
        let color = paint.rgba();
        let text_style = TextStyle::from(font).color(&color).pos(Pos::new(h, v));
        let _ = self.backend.draw_text(text, &text_style, coord(x, y));
    }
}

/// An SVG document being built, `width` x `height` CSS px.
pub struct SvgDoc {
    pub width: f64,
    pub height: f64,
    /// Prefix of this document's element ids, so documents nested in a report stay apart.
    pub id_prefix: String,
    defs: String,
    body: String,
}

impl SvgDoc {
    pub fn new(width: f64, height: f64, id_prefix: &str) -> SvgDoc {
        SvgDoc {
            width: width.max(1.0),
            height: height.max(1.0),
            id_prefix: id_prefix.to_string(),
            defs: String::new(),
            body: String::new(),
        }
    }

    fn units(&self) -> (u32, u32) {
        let u = |v: f64| (v * UNITS_PER_PX).ceil().max(1.0) as u32;
        (u(self.width), u(self.height))
    }

    /// A clip rectangle (CSS px) named `name`; returns the `clip-path` value that uses it.
    pub fn clip(&mut self, name: &str, x: f64, y: f64, w: f64, h: f64) -> String {
        let id = format!("{}{name}", self.id_prefix);
        let u = |v: f64| v * UNITS_PER_PX;
        let _ = write!(
            self.defs,
            "<clipPath id=\"{}\"><rect x=\"{}\" y=\"{}\" width=\"{}\" height=\"{}\"/></clipPath>",
            escape(&id),
            u(x),
            u(y),
            u(w.max(0.0)),
            u(h.max(0.0))
        );
        format!("url(#{id})")
    }

    /// Draws a layer with `draw` and adds it as a `<g>` with `attrs` (names and values are
    /// escaped here).
    pub fn layer(&mut self, attrs: &[(&str, &str)], draw: impl FnOnce(&mut Pen)) {
        let mut drawn = String::new();
        {
            let backend = SVGBackend::with_string(&mut drawn, self.units());
            let mut pen = Pen { backend };
            draw(&mut pen);
            let _ = pen.backend.present();
        }
        // plotters wrote a whole document: keep what is between its <svg> and </svg>.
        let inner = drawn
            .split_once(">\n")
            .map(|(_, rest)| rest)
            .unwrap_or("")
            .trim_end()
            .trim_end_matches("</svg>");
        self.body.push_str("<g");
        for (name, value) in attrs {
            let _ = write!(self.body, " {}=\"{}\"", escape(name), escape(value));
        }
        self.body.push_str(">\n");
        self.body.push_str(inner);
        self.body.push_str("</g>\n");
    }

    /// Raw markup this module wrote itself (a nested panel document).
    fn push_raw(&mut self, markup: &str) {
        self.body.push_str(markup);
    }

    /// The document inside another at (`x`, `y`) CSS px, as a nested `<svg>`.
    pub fn nest(&mut self, inner: &SvgDoc, x: f64, y: f64, attrs: &[(&str, &str)]) {
        let (w, h) = inner.units();
        let mut markup = format!(
            "<svg x=\"{}\" y=\"{}\" width=\"{w}\" height=\"{h}\" viewBox=\"0 0 {w} {h}\"",
            x * UNITS_PER_PX,
            y * UNITS_PER_PX,
        );
        for (name, value) in attrs {
            let _ = write!(markup, " {}=\"{}\"", escape(name), escape(value));
        }
        markup.push_str(">\n");
        markup.push_str(&inner.content());
        markup.push_str("</svg>\n");
        self.push_raw(&markup);
    }

    fn content(&self) -> String {
        let defs = if self.defs.is_empty() {
            String::new()
        } else {
            format!("<defs>{}</defs>\n", self.defs)
        };
        format!("{defs}{}", self.body)
    }

    /// The finished document; `title` names it for viewers and screen readers.
    pub fn finish(&self, title: &str) -> String {
        let (w, h) = self.units();
        format!(
            "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"{}\" height=\"{}\" viewBox=\"0 0 {w} {h}\" \
             font-family=\"{}\" role=\"img\">\n<title>{}</title>\n{}</svg>\n",
            self.width,
            self.height,
            escape(FONT_FAMILY),
            escape(title),
            self.content()
        )
    }
}
