//! Chart engine: draws core frames as time-series charts on an HTML canvas, fast.
//!
//! The geometry (scales, layout, ticks, stacking, bars, thresholds, gaps, hover, drag-zoom,
//! legend stats) lives in `meshboard_core::chart` and is re-exported here, so callers see one
//! `chart` module. This module adds the painting, which exists only on wasm32:
//! [`TimeSeriesChart`] replays the geometry on a data canvas, drawing each series as one path
//! built in JS from a typed-array view of wasm memory (`fastpath.js`), and draws hover and
//! selection on a separate overlay canvas so the data is never repainted.

pub use meshboard_core::chart::*;

mod fastpath;
mod overlay;
mod paint;
mod text_cache;
mod time_series_chart;

pub use time_series_chart::{DrawStats, TimeSeriesChart};
