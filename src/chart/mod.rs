//! Chart engine: draws core frames as time-series charts on an HTML canvas, fast.
//!
//! Geometry is pure and host-tested (scales, layout, ticks, stacking, bars, thresholds, gaps,
//! hover, drag-zoom, legend stats: [`model::ChartModel`] ties them together). Painting exists
//! only on wasm32: [`TimeSeriesChart`] replays the geometry on a data canvas, drawing each
//! series as one path built in JS from a typed-array view of wasm memory (`fastpath.js`), and
//! draws hover and selection on a separate overlay canvas so the data is never repainted.

pub mod axis_ticks;
pub mod bars;
pub mod geometry;
pub mod hit;
pub mod layout;
pub mod legend_stats;
pub mod marks;
pub mod model;
pub mod path;
pub mod scale;
pub mod spec;
pub mod stack;
pub mod theme;
pub mod thresholds;
pub mod zoom;

#[cfg(target_arch = "wasm32")]
mod fastpath;
#[cfg(target_arch = "wasm32")]
mod overlay;
#[cfg(target_arch = "wasm32")]
mod paint;
#[cfg(target_arch = "wasm32")]
mod text_cache;
#[cfg(target_arch = "wasm32")]
mod time_series_chart;

pub use geometry::{CanvasSize, ChartGeometry, SeriesGeometry};
pub use hit::{HoverInfo, HoverSeries};
pub use legend_stats::LegendStats;
pub use model::ChartModel;
pub use spec::{AxisSide, ChartKind, ChartSpec, Threshold, ThresholdStyle};
pub use theme::{ChartTheme, CLASSIC_PALETTE};
#[cfg(target_arch = "wasm32")]
pub use time_series_chart::{DrawStats, TimeSeriesChart};

#[cfg(test)]
mod model_tests;
