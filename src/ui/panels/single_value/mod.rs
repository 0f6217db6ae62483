//! `stat`, `gauge`, `bargauge` and legacy `singlestat` bodies. Core's
//! [`SinglePanel`](crate::core::panel_calc::single_panel::SinglePanel) decides what each value
//! shows (reducers, `values: true`, mappings, units, colours, each series' overrides) and
//! `value_layout` where it goes; the components here only place it: [`stat`] (BigValue with
//! its sparkline), [`gauge`] (an SVG arc fitted to its box) and [`bar_gauge`].
//!
//! An empty result draws nothing here: the panel chrome says "No data" (or `noValue`) over the
//! body. Every value exposes what it shows for tests (`data-value-text`, `data-value-color`,
//! `data-percent`).

mod bar_gauge;
mod gauge;
mod sparkline;
mod stat;

use super::data::PanelData;
use crate::core::dashboard::field_resolve::ThemeMode;
use crate::core::dashboard::Panel;
use crate::core::panel_calc::repeat_grid::RepeatGrid;
use crate::core::panel_calc::single_panel::{SeriesInput, Shown, SingleKind, SinglePanel};
use crate::core::panel_calc::single_value::Orientation;
use crate::core::panel_calc::value_layout::repeat_box;
use crate::ui::observe::observe_width;
use leptos::html::Div;
use leptos::prelude::*;
use std::sync::Arc;

/// Px between values laid out side by side or stacked.
const GAP: f64 = 6.0;
/// The panel body's bottom padding (style/panels.css), not part of the values' box.
const BODY_PADDING: f64 = 6.0;

/// One value to draw, with its series' points for the sparkline.
#[derive(Clone, PartialEq)]
pub(super) struct Item {
    pub shown: Shown,
    pub points: Arc<Vec<(f64, f64)>>,
}

/// The theme the page shows now (`data-theme` on `<html>`), tracked through the paint key.
fn theme_mode() -> Memo<ThemeMode> {
    let paint = crate::ui::theme::use_paint_key();
    Memo::new(move |_| {
        paint.track();
        let light = web_sys::window()
            .and_then(|w| w.document())
            .and_then(|d| d.document_element())
            .and_then(|e| e.get_attribute("data-theme"))
            .is_some_and(|t| t == "light");
        if light {
            ThemeMode::Light
        } else {
            ThemeMode::Dark
        }
    })
}

#[component]
pub fn SingleValueBody(
    data: PanelData,
    panel: Panel,
    #[prop(into)] height_px: Signal<f64>,
) -> impl IntoView {
    let model = Arc::new(SinglePanel::of(&panel));
    let root = NodeRef::<Div>::new();
    let width = observe_width(root, 300.0);
    let height = Signal::derive(move || (height_px.get() - BODY_PADDING).max(16.0));
    let theme = theme_mode();
    let palette = crate::ui::a11y::palette::use_series_palette();
    let items_model = model.clone();
    let items = Memo::new(move |_| {
        let (theme, palette) = (theme.get(), palette.get());
        data.with_result(|r| {
            let Some(r) = r.filter(|r| !r.frame.series.is_empty()) else {
                return Vec::new();
            };
            let inputs = SeriesInput::of_result(r);
            items_model
                .values_in_palette(&panel, &inputs, theme, palette)
                .into_iter()
                .map(|shown| {
                    // Rows of a frame without time (after `reduce`) draw no sparkline.
                    let points = shown
                        .series
                        .filter(|&i| !data.untimed(i))
                        .and_then(|i| r.frame.series.get(i))
                        .map(|s| {
                            s.times_ms
                                .iter()
                                .copied()
                                .zip(s.values.iter().copied())
                                .collect()
                        })
                        .unwrap_or_default();
                    Item {
                        shown,
                        points: Arc::new(points),
                    }
                })
                .collect::<Vec<_>>()
        })
    });
    let kind = model.kind;
    let kind_class = match kind {
        SingleKind::Stat => "stat",
        SingleKind::Gauge => "gauge",
        SingleKind::BarGauge => "bargauge",
    };
    let layout_model = model.clone();
    let side = Signal::derive(move || layout_model.side_by_side(width.get(), height.get()));
    // Gauges in auto orientation go in Grafana's autoGrid: each value placed in its own cell.
    let gauge_grid = kind == SingleKind::Gauge && model.options.orientation == Orientation::Auto;
    view! {
        <div class=format!("sv-grid sv-{kind_class}") node_ref=root class:side=side
            style:position=gauge_grid.then_some("relative")
            style:height=move || format!("{}px", height.get())>
            {move || {
                let list = items.get();
                let (w, h, side) = (width.get(), height.get(), side.get());
                let count = list.len();
                let (bw, bh) = repeat_box(count, w, h, side, GAP);
                let bh = if side { bh } else { model.max_viz_height.map_or(bh, |m| bh.min(m)) };
                let light = theme.get() == ThemeMode::Light;
                let cells = gauge_grid.then(|| RepeatGrid::of(count, w, h, GAP));
                list.into_iter()
                    .enumerate()
                    .map(|(i, item)| match kind {
                        SingleKind::Stat => stat::stat_view(item, &model.options, count, bw, bh, light).into_any(),
                        SingleKind::Gauge => {
                            let cell = cells.map_or((0.0, 0.0, bw, bh), |g| g.cell(i));
                            gauge::gauge_view(item, model.threshold_markers, count, cell, gauge_grid).into_any()
                        }
                        SingleKind::BarGauge => bar_gauge::bar_view(item, &model, count, side, bw, bh, light).into_any(),
                    })
                    .collect_view()
            }}
        </div>
    }
}
