//! Drawing the chart: whenever the data, size, spec, hidden series, exemplars or theme
//! change (never on hover, which only touches the overlay), and only while the chart is in
//! view on a dashboard: a change out of view is painted when the chart scrolls back in.

use super::theme::chart_theme;
use crate::chart::{ChartSpec, DrawStats, LegendStats, TimeSeriesChart};
use crate::ui::observe::use_in_view;
use crate::ui::panels::data::PanelData;
use leptos::html::Canvas;
use leptos::prelude::*;

/// What a draw reads and where it reports.
#[derive(Clone, Copy)]
pub struct ChartDraw {
    /// The engine, created on the first draw once both canvases exist.
    pub chart: StoredValue<Option<TimeSeriesChart>, LocalStorage>,
    pub data: PanelData,
    pub spec: Signal<ChartSpec>,
    /// Series the legend hides.
    pub hidden: RwSignal<Vec<usize>>,
    pub width: Signal<f64>,
    pub height: Signal<f64>,
    pub canvas_ref: NodeRef<Canvas>,
    pub overlay_ref: NodeRef<Canvas>,
    /// Written after each draw: visible series and points drawn.
    pub stats: RwSignal<(usize, usize)>,
    pub legend_stats: RwSignal<Vec<LegendStats>>,
}

/// Draws on every change; the returned counter is bumped after each draw (the exemplar dots
/// are placed with the scales just drawn; the canvas shows it as `data-draws`).
pub fn use_chart_draw(d: ChartDraw) -> RwSignal<u64> {
    let draws = RwSignal::new(0u64);
    let in_view = use_in_view();
    let report = move |drawn: Option<Option<(DrawStats, Vec<LegendStats>)>>| {
        if let Some(Some((s, ls))) = drawn {
            d.stats.set((s.series, s.points_drawn));
            d.legend_stats.set(ls);
            draws.update(|n| *n += 1);
        }
    };
    if let Some(in_view) = in_view {
        // Scrolled into view: paint what changed while it was away (nothing else).
        Effect::new(move |_| {
            let now = in_view.get();
            report(d.chart.try_update_value(|c| {
                let c = c.as_mut()?;
                let s = c.set_in_view(now)?;
                Some((s, c.legend_stats()))
            }));
        });
    }
    // `transparent` changes the panel colour the chart paints, as the theme does.
    let theme_key = crate::ui::theme::use_paint_key();
    Effect::new(move |_| {
        let result = d.data.result();
        let (w, h) = (d.width.get(), d.height.get());
        let mut spec = d.spec.get();
        spec.hidden_series = d.hidden.get();
        spec.y_include = d.data.exemplars().iter().map(|dot| dot.value).collect();
        theme_key.track();
        let (Some(canvas), Some(overlay)) = (d.canvas_ref.get(), d.overlay_ref.get()) else {
            return;
        };
        if d.chart.with_value(|c| c.is_none()) {
            match TimeSeriesChart::new(canvas, overlay) {
                Ok(mut c) => {
                    if let Some(in_view) = in_view {
                        c.set_in_view(in_view.get_untracked());
                    }
                    d.chart.set_value(Some(c))
                }
                Err(_) => return,
            }
        }
        let Some(result) = result else { return };
        if w < 10.0 {
            return;
        }
        let mut theme = chart_theme();
        // From the view state, not the CSS: this draw may run before `data-transparent` is on
        // <html>. An empty background paints nothing, so the panel behind shows through.
        if theme_key.get_untracked().1 {
            theme.background.clear();
        }
        let drawn = d.chart.try_update_value(|c| {
            let c = c.as_mut()?;
            c.set_spec(spec);
            c.set_data(result.frame.clone(), result.range());
            c.set_series_names(result.names.clone());
            c.resize(w, h, crate::ui::canvas2d::device_pixel_ratio());
            let s = c.request_draw(&theme)?;
            Some((s, c.legend_stats()))
        });
        report(drawn);
    });
    draws
}
