//! Charts for people who do not see the canvas: the text alternative of a time-series chart
//! (`summary`, with its `trend` rule), the keyboard cursor that walks its points and series
//! and what it announces (`cursor`), and the same data as a table (`table`). Pure: the UI
//! hands in the frame's slices, the visible range and the viewer's UTC offset.

pub mod cursor;
pub mod grid;
pub mod marker;
pub mod palette;
pub mod rows;
pub mod summary;
pub mod table;
pub mod trend;
pub mod zone;

use crate::units::format_value;

/// One series as the text views read it: its display name, samples and unit.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct SeriesText<'a> {
    pub name: &'a str,
    pub times_ms: &'a [f64],
    pub values: &'a [f64],
    /// Grafana unit id (empty: none) and decimals, as the tooltip formats the value.
    pub unit: &'a str,
    pub decimals: Option<u32>,
}

impl SeriesText<'_> {
    /// A value of this series as the tooltip writes it (with its unit).
    pub fn format(&self, value: f64) -> String {
        format_value(value, self.unit, self.decimals)
    }

    /// The samples `(time, value)` whose time lies in `range` (inclusive), finite values only.
    pub fn finite_in(&self, range: (f64, f64)) -> impl Iterator<Item = (f64, f64)> + '_ {
        let n = self.times_ms.len().min(self.values.len());
        self.times_ms[..n]
            .iter()
            .zip(&self.values[..n])
            .filter(move |(t, v)| **t >= range.0 && **t <= range.1 && v.is_finite())
            .map(|(t, v)| (*t, *v))
    }
}
