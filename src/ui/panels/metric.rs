//! A panel that queries Prometheus (`timeseries`, `graph`, `stat`, `gauge`, `bargauge`,
//! `table`, `heatmap`, `state-timeline`): its data, its menu, and the body for its kind.

use super::chrome::{MenuActions, PanelChrome};
use super::data::{use_panel_data, PanelData};
use super::{heatmap, single_value, state_timeline, timeseries};
use crate::chart::ChartSpec;
use crate::core::chart::{drawn_series, drawn_thresholds};
use crate::core::dashboard::field_resolve::{ResolvedSeries, SeriesMeta};
use crate::core::dashboard::{Panel, PanelKind};
use crate::core::panel::{panel_queries, resolve_panel_series, series_chart_spec, PanelQuery};
use crate::core::panel_calc::frame_csv;
use crate::core::transform::panel_series::SeriesShape;
use crate::core::variables::VariableScope;
use leptos::html::{Canvas, Div};
use leptos::prelude::*;

/// A panel that queries Prometheus and draws the result with one of the metric bodies.
#[component]
pub fn MetricPanel(
    panel: Panel,
    title: Signal<String>,
    scope: Signal<VariableScope>,
    visible: Signal<bool>,
    height_px: Signal<f64>,
) -> impl IntoView {
    let queries_panel = panel.clone();
    // Re-queries only when the interpolated queries change, not on every scope change.
    let queries = Memo::new(move |_| scope.with(|s| panel_queries(&queries_panel, s)));
    // `timeFrom`/`timeShift` written with variables (`$long_term_interval`) take the values
    // the panel mounts with.
    let mut panel = panel;
    panel.time = scope.with_untracked(|s| panel.time.interpolated(s));
    metric_panel_view(panel, title, queries.into(), visible, height_px, true)
}

/// The metric panel around given queries: shared by dashboards and the Explore page.
/// `with_view` offers the full-screen "view" menu entry (dashboards only).
pub fn metric_panel_view(
    panel: Panel,
    title: Signal<String>,
    queries: Signal<Vec<PanelQuery>>,
    visible: Signal<bool>,
    height_px: Signal<f64>,
    with_view: bool,
) -> AnyView {
    let container = NodeRef::<Div>::new();
    // 0 until measured (the query step assumes at least 300 px meanwhile).
    let width = crate::ui::observe::observe_width(container, 0.0);
    let data = use_panel_data(
        queries,
        panel.time.clone(),
        visible,
        Signal::derive(move || width.get().max(300.0)),
    );
    // The one place a panel's answer becomes what its body draws: through its
    // transformations (the table transforms its own frames).
    let data = match transform_shape(&panel) {
        Some(shape) => data.with_transformations(&panel, shape),
        None => data,
    };
    // The chart counts what it drew (hidden series and decimation change it); the other
    // bodies show every series and point of the result.
    let drawn = RwSignal::new((0usize, 0usize));
    let canvas_ref = NodeRef::<Canvas>::new();
    let is_chart = panel.kind == PanelKind::TimeSeries;
    let series = Signal::derive(move || match is_chart {
        true => drawn.get().0,
        false => data.with_result(|r| r.map_or(0, |r| r.frame.series.len())),
    });
    let points = Signal::derive(move || match is_chart {
        true => drawn.get().1,
        false => data.with_result(|r| r.map_or(0, |r| r.frame.point_count())),
    });
    // Each series' field config, resolved once per data change (and per theme: Grafana's
    // colours differ by theme), never per point or hover. The chart draws from it and the
    // panel root exposes it as `data-series-meta` (hidden series included, marked hidden).
    let paint = crate::ui::theme::use_paint_key();
    let palette = crate::ui::a11y::palette::use_series_palette();
    let resolve_panel = panel.clone();
    let resolved = Memo::new(move |_| {
        paint.track();
        if !is_chart {
            return Vec::new();
        }
        let (theme, palette) = (timeseries::page_theme_mode(), palette.get());
        data.with_result(|r| {
            r.map(|r| {
                let mut series = resolve_panel_series(&resolve_panel, r, theme);
                crate::core::chart_a11y::palette::apply_palette(&mut series, palette, theme);
                series
            })
            .unwrap_or_default()
        })
    });
    let spec_panel = panel.clone();
    // Time axis ticks on the dashboard's `timezone` wall clock over the drawn span (issue 18).
    let axis_zone = crate::ui::a11y::zone::use_axis_zone();
    let spec = Memo::new(move |_| {
        let utc = crate::ui::clock::utc_offset_min();
        let mut spec = resolved.with(|r| series_chart_spec(&spec_panel, r, utc));
        spec.time_zone = data.with_result(|r| r.map(|r| axis_zone(r.range().0, r.range().1)));
        spec
    });
    // What the chart drew each series with (a setting it ignores shows as what it drew).
    let series_meta = move || {
        (is_chart && data.result().is_some()).then(|| {
            resolved.with(|r| spec.with(|s| SeriesMeta::json_drawn(r, &drawn_series(r, s))))
        })
    };
    // The y axes as drawn (unit, title, the series on the right), next to the series meta.
    let axes = move || {
        (is_chart && data.result().is_some())
            .then(|| resolved.with(|r| spec.with(|s| axes_json(s, r))))
    };
    let mut actions = menu_actions(&panel, with_view, queries, data, canvas_ref);
    let svg_source = super::svg_export::SvgSource {
        panel: panel.clone(),
        title,
        data,
        width: width.into(),
        height: height_px,
        container,
        annotations: use_context(),
    };
    let exportable = meshboard_export::exportable(&panel.kind);
    if exportable && with_view {
        super::report_export::register_for_report(svg_source.clone());
    }
    actions.svg = exportable.then(|| super::svg_export::svg_download(svg_source));
    let png_name = Signal::derive(move || meshboard_export::download_name(&title.get(), "png"));
    actions.png_2x = is_chart
        .then(|| super::png_hidpi::png_2x_download(data, spec.into(), canvas_ref, png_name));
    let body_height = Signal::derive(move || (height_px.get() - 34.0).max(40.0));
    // A body whose code is a chunk (the table) holds the panel in "loading" until it arrives.
    let code = RwSignal::new(crate::ui::lazy::BodyCode::Ready);
    // Shared by the body (the chart's name, its units) and the chrome's table view (issue 19).
    provide_context(super::chrome::table_view::PanelA11y::new(title));
    let body = metric_body(
        &panel,
        data,
        ChartSettings { spec, resolved },
        body_height,
        BodyTargets {
            drawn,
            canvas_ref,
            container,
            code,
        },
        width.into(),
        visible,
    );
    // Grafana's message in place of a drawing the transformed frames cannot make.
    let body = match data.is_transformed() {
        false => body,
        true => view! {
            {move || data.warning().map(|text| view! { <div class="panel-empty panel-data-warning" data-testid="panel-data-warning" role="status">{text}</div> })}
            <div class="panel-fill" style:display=move || data.warning().is_some().then_some("none")>{body}</div>
        }
        .into_any(),
    };
    view! {
        <PanelChrome title description=panel.description.clone() status=Signal::derive(move || code.with(|c| c.panel_state(data.status())))
            error=Signal::derive(move || code.with(|c| c.failure()).or_else(|| data.error_text())) data series points actions class=format!("panel-{}", panel.type_name)
            empty_text=crate::core::panel_calc::single_panel::panel_no_data_text(&panel)
            attr:data-series-meta=series_meta attr:data-axes=axes>
            {body}
        </PanelChrome>
    }
    .into_any()
}

/// How `panel`'s body reads transformed frames; `None` for the table (its own frames).
fn transform_shape(panel: &Panel) -> Option<SeriesShape> {
    match panel.kind {
        PanelKind::TimeSeries | PanelKind::Heatmap | PanelKind::StateTimeline => {
            Some(SeriesShape::Graph)
        }
        PanelKind::Stat | PanelKind::Gauge | PanelKind::BarGauge => {
            let rows = panel.raw.pointer("/options/reduceOptions/values");
            Some(SeriesShape::Values {
                rows: rows.and_then(serde_json::Value::as_bool) == Some(true),
            })
        }
        _ => None,
    }
}

/// The menu of a metric panel: view (dashboards), explore, CSV, and PNG for canvas bodies.
fn menu_actions(
    panel: &Panel,
    with_view: bool,
    queries: Signal<Vec<PanelQuery>>,
    data: PanelData,
    canvas_ref: NodeRef<Canvas>,
) -> MenuActions {
    MenuActions {
        panel_id: with_view.then_some(panel.id),
        explore_expr: Some(Signal::derive(move || {
            queries.with(|q| q.first().map(|q| q.expr.clone()))
        })),
        csv: Some(Callback::new(move |_| {
            data.with_result(|r| r.map(|r| frame_csv(&r.frame, &r.names)))
        })),
        png: matches!(
            panel.kind,
            PanelKind::TimeSeries | PanelKind::Heatmap | PanelKind::StateTimeline
        )
        .then_some(canvas_ref),
        ..MenuActions::default()
    }
}

/// `data-axes`: each drawn y axis' unit and title, and which series the right one measures.
fn axes_json(spec: &ChartSpec, resolved: &[ResolvedSeries]) -> String {
    let right = (!spec.right_axis_series.is_empty()).then(|| {
        let names: Vec<&str> = spec
            .right_axis_series
            .iter()
            .filter_map(|&i| resolved.get(i).map(|r| r.display_name.as_str()))
            .collect();
        serde_json::json!({"unit": spec.right_unit, "label": spec.right_axis.label, "series": names})
    });
    serde_json::json!({
        "left": {"unit": spec.unit, "label": spec.left_axis.label},
        "right": right,
        "thresholds": drawn_thresholds(spec),
    })
    .to_string()
}

/// A chart's per-series settings: resolved once per data change, and the chart options
/// made of them.
#[derive(Clone, Copy)]
struct ChartSettings {
    spec: Memo<ChartSpec>,
    resolved: Memo<Vec<ResolvedSeries>>,
}

/// Where a body draws and reports: the chart's counts, the canvas (PNG export) and the
/// container whose width is measured.
#[derive(Clone, Copy)]
struct BodyTargets {
    drawn: RwSignal<(usize, usize)>,
    canvas_ref: NodeRef<Canvas>,
    container: NodeRef<Div>,
    code: RwSignal<crate::ui::lazy::BodyCode>,
}

/// The body that draws `panel`'s kind; `container` is the element whose width is measured.
fn metric_body(
    panel: &Panel,
    data: PanelData,
    settings: ChartSettings,
    height_px: Signal<f64>,
    targets: BodyTargets,
    width: Signal<f64>,
    visible: Signal<bool>,
) -> AnyView {
    let BodyTargets {
        drawn,
        canvas_ref,
        container,
        code,
    } = targets;
    let ChartSettings { spec, resolved } = settings;
    let panel = panel.clone();
    match panel.kind {
        PanelKind::TimeSeries => {
            view! { <timeseries::TimeSeriesBody data spec legend=panel.options.legend.clone() resolved height_px stats=drawn canvas_ref container width /> }.into_any()
        }
        PanelKind::Stat | PanelKind::Gauge | PanelKind::BarGauge => {
            view! { <div class="panel-fill" node_ref=container><single_value::SingleValueBody data panel height_px /></div> }.into_any()
        }
        // The table and its transformations are a chunk loaded with the first table (ui::lazy).
        PanelKind::Table => view! { <div class="panel-fill" node_ref=container>{crate::ui::lazy::lazy_table_body(data, panel, height_px, visible, code)}</div> }.into_any(),
        PanelKind::Heatmap => {
            view! { <div class="panel-fill" node_ref=container><heatmap::HeatmapBody data height_px width canvas_ref /></div> }.into_any()
        }
        PanelKind::StateTimeline => {
            view! { <div class="panel-fill" node_ref=container><state_timeline::StateTimelineBody data panel height_px width canvas_ref /></div> }.into_any()
        }
        _ => view! { <div node_ref=container></div> }.into_any(),
    }
}
