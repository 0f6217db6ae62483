//! Series told apart by shape as well as colour (WCAG 1.4.1): each series index gets one of
//! six marker shapes, drawn on the chart's crosshair markers and beside the colour swatch in
//! the legend and tooltip, so "the triangle series" can be matched without seeing hue. Also
//! the Okabe-Ito palette, eight colours that stay distinct under the common colour-vision
//! deficiencies (Okabe & Ito, "Color Universal Design", 2008).

/// A marker shape, cycled by series index.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Marker {
    Circle,
    Square,
    TriangleUp,
    Diamond,
    TriangleDown,
    Cross,
}

const ORDER: [Marker; 6] = [
    Marker::Circle,
    Marker::Square,
    Marker::TriangleUp,
    Marker::Diamond,
    Marker::TriangleDown,
    Marker::Cross,
];

/// The Okabe-Ito colours, black left out (it vanishes on the dark theme), as CSS hex.
pub const OKABE_ITO: [&str; 7] = [
    "#E69F00", "#56B4E9", "#009E73", "#F0E442", "#0072B2", "#D55E00", "#CC79A7",
];

/// The shape of series `index`.
pub fn marker_of(index: usize) -> Marker {
    ORDER[index % ORDER.len()]
}

impl Marker {
    /// Its name, for `data-marker` and screen-reader text.
    pub fn name(self) -> &'static str {
        match self {
            Marker::Circle => "circle",
            Marker::Square => "square",
            Marker::TriangleUp => "triangle",
            Marker::Diamond => "diamond",
            Marker::TriangleDown => "inverted triangle",
            Marker::Cross => "cross",
        }
    }

    /// The outline around (`cx`, `cy`) fitting a circle of radius `r`, as a closed polygon
    /// (a circle as 16 vertices): one path for the canvas and the SVG swatch alike.
    pub fn polygon(self, cx: f64, cy: f64, r: f64) -> Vec<(f64, f64)> {
        let unit: Vec<(f64, f64)> = match self {
            Marker::Circle => (0..16)
                .map(|i| {
                    let a = f64::from(i) * std::f64::consts::TAU / 16.0;
                    (a.cos(), a.sin())
                })
                .collect(),
            Marker::Square => vec![(-0.8, -0.8), (0.8, -0.8), (0.8, 0.8), (-0.8, 0.8)],
            Marker::TriangleUp => vec![(0.0, -1.0), (0.95, 0.75), (-0.95, 0.75)],
            Marker::TriangleDown => vec![(0.0, 1.0), (0.95, -0.75), (-0.95, -0.75)],
            Marker::Diamond => vec![(0.0, -1.0), (1.0, 0.0), (0.0, 1.0), (-1.0, 0.0)],
            Marker::Cross => {
                let (a, b) = (0.3, 1.0);
                vec![
                    (-a, -b),
                    (a, -b),
                    (a, -a),
                    (b, -a),
                    (b, a),
                    (a, a),
                    (a, b),
                    (-a, b),
                    (-a, a),
                    (-b, a),
                    (-b, -a),
                    (-a, -a),
                ]
            }
        };
        unit.into_iter()
            .map(|(x, y)| (cx + x * r, cy + y * r))
            .collect()
    }

    /// The polygon as an SVG path (`M x y L ... Z`) in a box centred on 0 of radius `r`.
    pub fn svg_path(self, r: f64) -> String {
        let mut d = String::new();
        for (i, (x, y)) in self.polygon(0.0, 0.0, r).into_iter().enumerate() {
            d.push_str(if i == 0 { "M" } else { " L" });
            d.push_str(&format!("{:.2} {:.2}", x, y));
        }
        d.push_str(" Z");
        d
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn six_series_get_six_shapes_then_they_repeat() {
        let shapes: Vec<Marker> = (0..6).map(marker_of).collect();
        for (i, a) in shapes.iter().enumerate() {
            assert!(!shapes[i + 1..].contains(a), "{a:?} used twice");
        }
        assert_eq!(marker_of(6), Marker::Circle);
        assert_eq!(marker_of(8).name(), "triangle");
    }

    #[test]
    fn polygons_sit_inside_their_radius_around_the_centre() {
        for m in ORDER {
            let poly = m.polygon(10.0, 20.0, 4.0);
            assert!(poly.len() >= 3, "{m:?}");
            for (x, y) in poly {
                let d = ((x - 10.0).powi(2) + (y - 20.0).powi(2)).sqrt();
                assert!(d <= 4.0 * 1.42 + 1e-9, "{m:?} vertex at {d}");
            }
        }
    }

    #[test]
    fn the_svg_path_is_the_polygon() {
        assert_eq!(
            Marker::Diamond.svg_path(4.0),
            "M0.00 -4.00 L4.00 0.00 L0.00 4.00 L-4.00 0.00 Z"
        );
    }
}
