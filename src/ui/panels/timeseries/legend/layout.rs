//! Where the legend goes and what it leaves the chart, as Grafana's `VizLayout` decides: core's
//! [`legend_box`] estimates the box from the text before the browser lays the legend out, then
//! the legend's measured size replaces the estimate, so the chart ends exactly where the legend
//! starts (no blank band, whatever the fonts).

use crate::core::dashboard::field_resolve::ResolvedSeries;
use crate::core::dashboard::{LegendOptions, LegendPlacement};
use crate::core::legend::{legend_box, legend_model, LegendBox, LegendModel};
use crate::ui::observe::{observe_size, window_width};
use crate::ui::panels::data::PanelData;
use leptos::html::Div;
use leptos::prelude::*;

/// The legend of one chart: what it lists, its box, and the chart's size beside it.
#[derive(Clone, Copy)]
pub struct LegendLayout {
    pub options: StoredValue<LegendOptions>,
    pub model: Memo<LegendModel>,
    /// `None` without a legend.
    pub legend_box: Memo<Option<LegendBox>>,
    /// The chart's width and height, px.
    pub chart_size: Memo<(f64, f64)>,
    /// The legend element, measured.
    pub node: NodeRef<Div>,
}

/// Lays out the legend of `data` (series settings `resolved`) in a viz area `width` x `height`.
pub fn use_legend_layout(
    data: PanelData,
    resolved: Signal<Vec<ResolvedSeries>>,
    options: LegendOptions,
    width: Signal<f64>,
    height: Signal<f64>,
) -> LegendLayout {
    let options = StoredValue::new(options);
    let model = Memo::new(move |_| {
        let result = data.result();
        let values: Vec<&[f64]> = result
            .as_deref()
            .map(|r| r.frame.series.iter().map(|s| s.values.as_slice()).collect())
            .unwrap_or_default();
        resolved.with(|series| options.with_value(|o| legend_model(o, series, &values)))
    });
    let viewport = window_width(1920.0);
    let legend_box = Memo::new(move |_| {
        let (w, h) = (width.get(), height.get());
        model.with(|m| options.with_value(|o| legend_box(o, m, w, h, viewport)))
    });
    let node = NodeRef::<Div>::new();
    let measured = observe_size(node);
    let chart_size = Memo::new(move |_| {
        let (w, h) = (width.get(), height.get());
        let Some(mut b) = legend_box.get() else {
            return (w, h);
        };
        // The laid-out legend's size wins over the estimate once it is known.
        if let Some((mw, mh)) = measured.get().filter(|(mw, mh)| *mw > 0.0 || *mh > 0.0) {
            match b.placement {
                LegendPlacement::Bottom => b.height = mh.min(b.max),
                LegendPlacement::Right => b.width = mw,
            }
        }
        b.chart_size(w, h)
    });
    LegendLayout {
        options,
        model,
        legend_box,
        chart_size,
        node,
    }
}
