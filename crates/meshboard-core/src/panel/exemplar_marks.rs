//! Exemplar dots placed on a drawn chart: where each sits (with the scales just drawn) and
//! what its tooltip says.

use crate::chart::geometry::ChartGeometry;
use crate::chart::marks::place_points;
use crate::prometheus::ExemplarDot;
use crate::time_range::format_local;
use crate::units::format_value;

/// A placed dot, with what its tooltip says.
#[derive(Debug, Clone, PartialEq)]
pub struct PlacedExemplar {
    /// CSS px from the chart's top-left.
    pub x: f64,
    pub y: f64,
    pub trace_id: String,
    pub title: String,
}

/// Places the `dots` that fall inside the plot of `geometry`; `unit` (id, decimals) formats
/// the value and the time reads `utc_offset_min` east of UTC.
pub fn place_exemplars(
    geometry: &ChartGeometry,
    dots: &[ExemplarDot],
    unit: &(String, Option<u32>),
    utc_offset_min: i32,
) -> Vec<PlacedExemplar> {
    place_points(geometry, dots.iter().map(|d| (d.time_ms, d.value)))
        .into_iter()
        .map(|mark| {
            let dot = &dots[mark.index];
            PlacedExemplar {
                x: mark.x,
                y: mark.y,
                trace_id: dot.trace_id.clone(),
                title: format!(
                    "exemplar {} at {}\ntrace {} (click to open)",
                    format_value(dot.value, &unit.0, unit.1),
                    format_local(dot.time_ms as i64, utc_offset_min),
                    dot.trace_id
                ),
            }
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::chart::marks::tests::drawn_model;

    fn dot(time_ms: f64, value: f64, trace_id: &str) -> ExemplarDot {
        ExemplarDot {
            time_ms,
            value,
            trace_id: trace_id.into(),
        }
    }

    #[test]
    fn dots_inside_the_plot_are_placed_with_their_trace_and_tooltip() {
        let m = drawn_model();
        let dots = [dot(5000.0, 5.0, "abc"), dot(-1.0, 5.0, "gone")];
        let placed = place_exemplars(m.geometry(), &dots, &("s".to_string(), Some(1)), 0);
        assert_eq!(placed.len(), 1, "the dot before the range is left out");
        let mark = &placed[0];
        assert_eq!(mark.trace_id, "abc");
        assert!(mark.x > 0.0 && mark.y > 0.0);
        assert_eq!(
            mark.title,
            format!(
                "exemplar {} at {}\ntrace abc (click to open)",
                format_value(5.0, "s", Some(1)),
                format_local(5000, 0)
            )
        );
        let east = place_exemplars(m.geometry(), &dots, &("s".to_string(), Some(1)), 120);
        assert!(east[0].title.contains(&format_local(5000, 120)));
    }
}
