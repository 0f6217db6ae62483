//! Chart geometry: everything about a time-series chart that is pure maths.
//!
//! Scales, layout, ticks, stacking, bars, thresholds, gaps, hover, drag-zoom and legend stats,
//! tied together by [`model::ChartModel`]. The app's `chart` module replays this geometry on an
//! HTML canvas; keeping it here means the compiler, not a convention, keeps it free of browser
//! crates, and plain `cargo test` covers it.

pub mod axis_ticks;
pub mod bars;
pub mod drawn;
pub mod geometry;
pub mod hit;
pub mod interpolate;
pub mod layout;
pub mod legend_stats;
pub mod m4_cache;
pub mod marks;
pub mod model;
pub mod path;
pub mod redraw_gate;
pub mod scale;
pub mod spec;
pub mod stack;
pub mod theme;
pub mod thresholds;
pub mod zoom;

pub use drawn::{drawn_series, drawn_thresholds};
pub use geometry::{CanvasSize, ChartGeometry, SeriesGeometry};
pub use hit::{HoverInfo, HoverSeries};
pub use legend_stats::LegendStats;
pub use model::ChartModel;
pub use redraw_gate::RedrawGate;
pub use spec::{
    AxisOptions, AxisSide, ChartKind, ChartSpec, FillGradient, Interpolation, PointsMode,
    SeriesStyle, StackKey, Threshold, ThresholdStyle,
};
pub use theme::{ChartTheme, CLASSIC_PALETTE};

#[cfg(test)]
mod model_tests;
