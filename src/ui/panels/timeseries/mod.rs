//! The time-series body (`timeseries` and legacy `graph`): the canvas chart engine with a
//! legend (list or table, below or right, sized to what it shows; click isolates,
//! ctrl/cmd-click toggles), a DOM tooltip over the overlay, drag-to-zoom, double-click zoom
//! out, the shared crosshair (and shared tooltip), exemplar dots, dashboard annotations,
//! redraw on resize, and the text alternative and keyboard cursor (`text_alt`, `keyboard`). Each of those is its own file; this one wires them together.

mod draw;
mod keyboard;
mod legend;
mod marker;
mod overlay;
mod text_alt;
mod theme;
mod tooltip;
mod tooltip_links;

pub use theme::{chart_theme, page_theme_mode};

use super::annotations::{AnnotationMarks, PanelAnnotations};
use super::data::PanelData;
use super::exemplars::ExemplarMarks;
use crate::chart::{ChartSpec, LegendStats, TimeSeriesChart};
use crate::core::annotations::place_annotations;
use crate::core::dashboard::field_resolve::ResolvedSeries;
use crate::core::dashboard::{LegendOptions, LegendPlacement};
use crate::core::legend::toggle_hidden;
use crate::core::panel::place_exemplars;
use crate::ui::clock::utc_offset_min;
use crate::ui::panels::chrome::table_view::PanelA11y;
use draw::{use_chart_draw, ChartDraw};
use legend::{use_legend_layout, Legend};
use leptos::html::{Canvas, Div};
use leptos::prelude::*;
use overlay::ChartOverlay;
use text_alt::{next_chart_id, unit_of, ChartTextAlternative};
use tooltip::{ChartTooltip, Tooltip, TooltipSource};

#[component]
pub fn TimeSeriesBody(
    data: PanelData,
    #[prop(into)] spec: Signal<ChartSpec>,
    legend: LegendOptions,
    /// Each series' resolved settings: the legend's names, colours, units, `hideFrom.legend`.
    #[prop(into)]
    resolved: Signal<Vec<ResolvedSeries>>,
    #[prop(into)] height_px: Signal<f64>,
    /// Written after each draw: visible series and points drawn.
    stats: RwSignal<(usize, usize)>,
    /// The data canvas (for PNG export).
    canvas_ref: NodeRef<Canvas>,
    /// The container, whose width drives the chart (and the query step).
    container: NodeRef<Div>,
    #[prop(into)] width: Signal<f64>,
) -> impl IntoView {
    let overlay_ref = NodeRef::<Canvas>::new();
    let chart = StoredValue::new_local(None::<TimeSeriesChart>);
    let hidden = RwSignal::new(Vec::<usize>::new());
    let legend_stats = RwSignal::new(Vec::<LegendStats>::new());
    let tooltip = RwSignal::new(None::<Tooltip>);
    let pinned = RwSignal::new(None::<Tooltip>);
    let synced = RwSignal::new(None::<Tooltip>);
    let names = Signal::derive(move || {
        data.with_result(|r| r.map(|r| r.names.clone()).unwrap_or_default())
    });
    let layout = use_legend_layout(data, resolved, legend, width, height_px);
    let has_legend = Memo::new(move |_| layout.legend_box.with(Option::is_some));
    let right = Memo::new(move |_| {
        let placement = layout.legend_box.with(|b| b.map(|b| b.placement));
        placement == Some(LegendPlacement::Right)
    });
    let chart_width = Signal::derive(move || layout.chart_size.get().0);
    let chart_height = Signal::derive(move || layout.chart_size.get().1.max(60.0));
    let draws = use_chart_draw(ChartDraw {
        chart,
        data,
        spec,
        hidden,
        width: chart_width,
        height: chart_height,
        canvas_ref,
        overlay_ref,
        stats,
        legend_stats,
    });
    let unit = Signal::derive(move || spec.with(|s| (s.unit.clone(), s.decimals)));
    let exemplar_marks = Memo::new(move |_| {
        draws.track();
        let dots = data.exemplars();
        let unit = unit.get();
        chart.with_value(|c| {
            c.as_ref()
                .map(|c| place_exemplars(c.model().geometry(), &dots, &unit, utc_offset_min()))
                .unwrap_or_default()
        })
    });
    // The time axis as drawn, `{"from","to","ticks":[[ms,label]...]}` (issue 18: its zone).
    let time_axis = move || {
        draws.track();
        chart.with_value(|c| {
            c.as_ref().map(|c| {
                let g = c.model().geometry();
                let ticks: Vec<(f64, &str)> = (g.time_ticks.iter())
                    .map(|t| (g.x_scale.invert(t.px).round(), t.label.as_str()))
                    .collect();
                let (from, to) = (g.x_scale.from_ms, g.x_scale.to_ms);
                serde_json::json!({"from": from, "to": to, "ticks": ticks}).to_string()
            })
        })
    };
    let annotations = use_context::<PanelAnnotations>();
    let annotation_marks = Memo::new(move |_| {
        draws.track();
        let events = annotations.map(|a| a.0.get()).unwrap_or_default();
        chart.with_value(|c| {
            c.as_ref()
                .map(|c| place_annotations(c.model().geometry(), &events))
                .unwrap_or_default()
        })
    });
    // The chart's name is its panel's title; the table view reads each series' unit from here.
    let panel_a11y = use_context::<PanelA11y>();
    let label = Signal::derive(move || {
        panel_a11y
            .map(|p| p.title.get())
            .unwrap_or_else(|| "Chart".into())
    });
    if let Some(p) = panel_a11y {
        Effect::new(move |_| {
            let count = names.with(Vec::len);
            let units: Vec<_> = spec.with(|s| (0..count).map(|i| unit_of(s, i)).collect());
            p.units.set(units);
        });
    }
    let summary_id = next_chart_id();
    let announce = RwSignal::new(String::new());
    let toggle = Callback::new(move |(i, additive): (usize, bool)| {
        let count = names.with(Vec::len);
        hidden.update(|h| *h = toggle_hidden(h, i, count, additive));
    });
    view! {
        // Under an open table view the chart is covered: out of the tab order and the tree.
        <div class="ts-body" class:right=right node_ref=container
            inert=move || panel_a11y.is_some_and(|p| p.table_open.get())>
            <div class="ts-chart">
                <div class="ts-canvas-wrap" style:height=move || format!("{}px", chart_height.get())>
                    <canvas class="ts-data" aria-hidden="true" node_ref=canvas_ref data-draws=move || draws.get() data-time-axis=time_axis></canvas>
                    <ChartOverlay chart overlay_ref tooltip pinned synced draws label described_by=summary_id.clone() announce />
                    <ChartTextAlternative id=summary_id data spec announce />
                    <AnnotationMarks marks=annotation_marks.into() />
                    <ExemplarMarks marks=exemplar_marks.into() />
                    <ChartTooltip tooltip pinned synced source=TooltipSource { unit, width: chart_width, data, resolved } />
                </div>
            </div>
            <Show when=move || has_legend.get()>
                <Legend layout hidden=hidden.into() on_click=toggle />
            </Show>
        </div>
    }
}
