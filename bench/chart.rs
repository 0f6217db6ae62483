//! The chart engine and the Prometheus parser exposed to bench/harness.js: charts with their
//! data already in wasm (loading is not timed), and a response body parsed on demand.

use meshboard::chart::{ChartSpec, ChartTheme, TimeSeriesChart};
use meshboard::core::frame::{Frame, Series};
use meshboard::core::prometheus::parse_query_frame;
use std::sync::Arc;
use wasm_bindgen::prelude::*;
use web_sys::HtmlCanvasElement;

/// One chart with its data already in wasm (loading is not part of what is timed).
#[wasm_bindgen]
pub struct BenchChart {
    chart: TimeSeriesChart,
    theme: ChartTheme,
    frame: Arc<Frame>,
    range: (f64, f64),
}

#[wasm_bindgen]
impl BenchChart {
    #[wasm_bindgen(constructor)]
    pub fn new(data: HtmlCanvasElement, overlay: HtmlCanvasElement) -> Result<BenchChart, JsValue> {
        Ok(BenchChart {
            chart: TimeSeriesChart::new(data, overlay)?,
            theme: ChartTheme::default(),
            frame: Arc::new(Frame::default()),
            range: (0.0, 1.0),
        })
    }

    /// Shared times (epoch ms) and `values` holding each series one after the other;
    /// `right_axis` lists the series drawn against the second y axis.
    pub fn load(&mut self, times_ms: Vec<f64>, values: Vec<f64>, right_axis: Vec<u32>) {
        let n = times_ms.len().max(1);
        let series = values
            .chunks(n)
            .enumerate()
            .map(|(i, chunk)| {
                let mut s = Series::default();
                s.labels.insert("series".into(), i.to_string());
                s.times_ms = times_ms.clone();
                s.values = chunk.to_vec();
                s
            })
            .collect();
        self.range = (
            times_ms.first().copied().unwrap_or(0.0),
            times_ms.last().copied().unwrap_or(1.0),
        );
        self.frame = Arc::new(Frame {
            series,
            notices: Vec::new(),
        });
        let spec = ChartSpec {
            right_axis_series: right_axis.into_iter().map(|i| i as usize).collect(),
            ..ChartSpec::default()
        };
        self.chart.set_spec(spec);
    }

    pub fn set_range(&mut self, from_ms: f64, to_ms: f64) {
        self.range = (from_ms, to_ms);
    }

    pub fn resize(&mut self, css_width: f64, css_height: f64, dpr: f64) {
        self.chart.resize(css_width, css_height, dpr);
    }

    /// Hands the frame to the chart for the current range and paints it if in view, as the
    /// dashboard does; returns points drawn (0 when out of view: it paints when scrolled in).
    pub fn render(&mut self) -> u32 {
        self.chart.set_data(self.frame.clone(), self.range);
        self.chart
            .request_draw(&self.theme)
            .map_or(0, |s| s.points_drawn as u32)
    }

    /// What the page's IntersectionObserver says, as the dashboard grid tells its charts.
    pub fn set_in_view(&mut self, in_view: bool) {
        self.chart.set_in_view(in_view);
    }

    /// Paints of the data canvas so far.
    pub fn draws(&self) -> f64 {
        self.chart.draws() as f64
    }

    /// One pointer move: hit test plus crosshair and markers on the overlay; returns the
    /// number of series in the tooltip.
    pub fn hover(&self, x: f64, y: f64) -> u32 {
        self.chart
            .hover(x, y)
            .map_or(0, |info| info.series.len() as u32)
    }
}

/// A Prometheus response body copied into wasm once, parsed on demand.
#[wasm_bindgen]
pub struct BenchParser {
    text: String,
}

#[wasm_bindgen]
impl BenchParser {
    #[wasm_bindgen(constructor)]
    pub fn new(text: String) -> BenchParser {
        BenchParser { text }
    }

    /// Parses into columnar frames; returns the number of samples (so nothing is elided).
    pub fn parse(&self) -> Result<u32, JsValue> {
        let frame = parse_query_frame(&self.text).map_err(|e| JsValue::from_str(&e.to_string()))?;
        Ok(frame.point_count() as u32)
    }
}
