//! The time-series body (`timeseries` and legacy `graph`): the canvas chart engine with a
//! legend (list or table; click isolates, ctrl/cmd-click toggles), a DOM tooltip over the
//! overlay, drag-to-zoom, double-click zoom out, the shared crosshair and redraw on resize.

use super::crosshair::use_shared_crosshair;
use super::data::PanelData;
use super::exemplars::{place_exemplars, ExemplarMarks};
use crate::chart::theme::series_color;
use crate::chart::{ChartSpec, ChartTheme, HoverInfo, LegendStats, TimeSeriesChart};
use crate::core::dashboard::{LegendDisplay, LegendOptions};
use crate::core::time_range::TimeRange;
use crate::core::units::format_value;
use crate::ui::clock::{now_ms, utc_offset_min};
use crate::ui::view_state::{use_time_range, use_update_view};
use leptos::html::{Canvas, Div};
use leptos::prelude::*;

/// Reads the chart colours from the theme's CSS variables, so charts follow dark/light.
pub fn chart_theme() -> ChartTheme {
    let mut theme = ChartTheme::default();
    let Some(window) = web_sys::window() else {
        return theme;
    };
    let Some(root) = window.document().and_then(|d| d.document_element()) else {
        return theme;
    };
    let Ok(Some(style)) = window.get_computed_style(&root) else {
        return theme;
    };
    let var = |name: &str| {
        style
            .get_property_value(name)
            .ok()
            .map(|v| v.trim().to_string())
            .filter(|v| !v.is_empty())
    };
    if let Some(v) = var("--bg-panel") {
        theme.background = v;
    }
    if let Some(v) = var("--text") {
        theme.text = v.clone();
        theme.axis = v;
    }
    if let Some(v) = var("--text-muted") {
        theme.axis = v;
    }
    if let Some(v) = var("--grid") {
        theme.grid = v;
    }
    if let Some(v) = var("--crosshair") {
        theme.crosshair = v;
    }
    theme
}

/// Where the tooltip sits and what it says.
#[derive(Clone, PartialEq)]
struct Tooltip {
    x: f64,
    y: f64,
    info: HoverInfo,
}

#[component]
pub fn TimeSeriesBody(
    data: PanelData,
    #[prop(into)] spec: Signal<ChartSpec>,
    legend: LegendOptions,
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
    // Bumped after every draw: the exemplar dots are placed with the scales just drawn.
    let draws = RwSignal::new(0u64);
    // `transparent` changes the panel colour the chart paints, as the theme does.
    let theme_key = crate::ui::theme::use_paint_key();
    let shared = use_shared_crosshair();
    let hovering = StoredValue::new(false);
    let drag_start = StoredValue::new(None::<f64>);
    let update = use_update_view();
    let time = use_time_range();
    let show_legend = legend.display != LegendDisplay::Hidden;
    let legend_rows = Signal::derive(move || {
        data.result
            .with(|r| r.as_ref().map(|r| r.names.clone()).unwrap_or_default())
    });
    let legend_height = move || {
        if !show_legend {
            return 0.0;
        }
        let n = legend_rows.with(Vec::len) as f64;
        if n == 0.0 {
            0.0
        } else {
            (n.min(4.0) * 20.0
                + if legend.display == LegendDisplay::Table {
                    22.0
                } else {
                    6.0
                })
            .min(110.0)
        }
    };
    let chart_height = Signal::derive(move || (height_px.get() - legend_height()).max(60.0));

    // Draw whenever data, size, spec, visibility or theme changes (never on hover).
    Effect::new(move |_| {
        let result = data.result.get();
        let (w, h) = (width.get(), chart_height.get());
        let mut spec = spec.get();
        spec.hidden_series = hidden.get();
        spec.y_include = data
            .exemplars
            .with(|dots| dots.iter().map(|d| d.value).collect());
        theme_key.track();
        let (Some(canvas), Some(overlay)) = (canvas_ref.get(), overlay_ref.get()) else {
            return;
        };
        if chart.with_value(|c| c.is_none()) {
            match TimeSeriesChart::new(canvas, overlay) {
                Ok(c) => chart.set_value(Some(c)),
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
        let drawn = chart.try_update_value(|c| {
            let c = c.as_mut()?;
            c.set_spec(spec);
            c.set_data(result.frame.clone(), result.range);
            c.set_series_names(result.names.clone());
            c.resize(w, h, crate::ui::canvas2d::device_pixel_ratio());
            let s = c.draw(&theme);
            Some((s, c.legend_stats()))
        });
        if let Some(Some((s, ls))) = drawn {
            stats.set((s.series, s.points_drawn));
            legend_stats.set(ls);
            draws.update(|n| *n += 1);
        }
    });

    // Another chart of the dashboard is hovered: draw its time here.
    if let Some(shared) = shared {
        Effect::new(move |_| {
            let t = shared.0.get();
            if hovering.get_value() {
                return;
            }
            chart.with_value(|c| {
                if let Some(c) = c {
                    match t {
                        Some(t) => {
                            c.show_crosshair_at(t);
                        }
                        None => c.clear_overlay(),
                    }
                }
            });
        });
    }

    let on_move = move |ev: web_sys::PointerEvent| {
        let (x, y) = (ev.offset_x() as f64, ev.offset_y() as f64);
        if let Some(start) = drag_start.get_value() {
            chart.with_value(|c| {
                if let Some(c) = c {
                    c.draw_selection(start, x)
                }
            });
            return;
        }
        hovering.set_value(true);
        let info = chart.with_value(|c| c.as_ref().and_then(|c| c.hover(x, y)));
        if let Some(shared) = shared {
            shared.0.set(info.as_ref().map(|i| i.time_ms));
        }
        tooltip.set(info.map(|info| Tooltip { x, y, info }));
    };
    let on_leave = move |_| {
        hovering.set_value(false);
        drag_start.set_value(None);
        tooltip.set(None);
        chart.with_value(|c| {
            if let Some(c) = c {
                c.clear_overlay()
            }
        });
        if let Some(shared) = shared {
            shared.0.set(None);
        }
    };
    let on_down = move |ev: web_sys::PointerEvent| {
        if ev.button() == 0 {
            drag_start.set_value(Some(ev.offset_x() as f64));
        }
    };
    let update_up = update.clone();
    let on_up = move |ev: web_sys::PointerEvent| {
        let Some(start) = drag_start.get_value() else {
            return;
        };
        drag_start.set_value(None);
        let end = ev.offset_x() as f64;
        let zoom = chart.with_value(|c| c.as_ref().and_then(|c| c.zoom_selection(start, end)));
        chart.with_value(|c| {
            if let Some(c) = c {
                c.clear_overlay()
            }
        });
        if let Some((from, to)) = zoom {
            let (from, to) = (from.round() as i64, to.round() as i64);
            update_up(&|s| {
                s.from = Some(from.to_string());
                s.to = Some(to.to_string());
            });
        }
    };
    let on_dbl = move |_| {
        let (range, _): (TimeRange, _) = time.get_untracked();
        let out = range.zoom_out(now_ms(), utc_offset_min());
        update(&|s| {
            s.from = Some(out.from.to_string());
            s.to = Some(out.to.to_string());
        });
    };

    let unit = Signal::derive(move || spec.with(|s| (s.unit.clone(), s.decimals)));
    let exemplar_marks = Memo::new(move |_| {
        draws.track();
        let dots = data.exemplars.get();
        let unit = unit.get();
        chart.with_value(|c| {
            c.as_ref()
                .map(|c| place_exemplars(c.model().geometry(), &dots, &unit))
                .unwrap_or_default()
        })
    });
    let toggle = move |i: usize, additive: bool| {
        let n = legend_rows.with(Vec::len);
        hidden.update(|h| {
            if additive {
                if let Some(pos) = h.iter().position(|x| *x == i) {
                    h.remove(pos);
                } else {
                    h.push(i);
                }
            } else {
                let isolated = h.len() + 1 == n && !h.contains(&i);
                *h = if isolated {
                    Vec::new()
                } else {
                    (0..n).filter(|x| *x != i).collect()
                };
            }
        });
    };

    view! {
        <div class="ts-chart" node_ref=container>
            <div class="ts-canvas-wrap" style:height=move || format!("{}px", chart_height.get())>
                <canvas class="ts-data" node_ref=canvas_ref></canvas>
                <canvas class="ts-overlay" node_ref=overlay_ref data-testid="chart-overlay"
                    on:pointermove=on_move on:pointerleave=on_leave on:pointerdown=on_down on:pointerup=on_up on:dblclick=on_dbl></canvas>
                <ExemplarMarks marks=exemplar_marks.into() />
                {move || tooltip.get().map(|t| tooltip_view(t, unit.get(), width.get_untracked()))}
            </div>
            <Show when=move || show_legend>
                <Legend names=legend_rows stats=legend_stats.into() hidden=hidden.into() table=legend.display == LegendDisplay::Table
                    unit=unit on_click=Callback::new(move |(i, additive)| toggle(i, additive)) />
            </Show>
        </div>
    }
}

fn tooltip_view(t: Tooltip, unit: (String, Option<u32>), width: f64) -> impl IntoView {
    let left = if t.x > width / 2.0 {
        t.x - 220.0
    } else {
        t.x + 12.0
    };
    let time = crate::core::time_range::format_local(t.info.time_ms as i64, utc_offset_min());
    view! {
        <div class="ts-tooltip" data-testid="chart-tooltip" style:left=format!("{}px", left.max(0.0)) style:top=format!("{}px", (t.y + 12.0).max(0.0))>
            <div class="ts-tooltip-time">{time}</div>
            {t.info.series.into_iter().take(30).map(|s| view! {
                <div class="ts-tooltip-row">
                    <span class="swatch" style:background-color=s.color></span>
                    <span class="name">{s.name}</span>
                    <span class="value">{format_value(s.value, &unit.0, unit.1)}</span>
                </div>
            }).collect_view()}
        </div>
    }
}

#[component]
fn Legend(
    names: Signal<Vec<String>>,
    stats: Signal<Vec<LegendStats>>,
    hidden: Signal<Vec<usize>>,
    table: bool,
    unit: Signal<(String, Option<u32>)>,
    on_click: Callback<(usize, bool)>,
) -> impl IntoView {
    let fmt = move |v: Option<f64>| {
        v.map_or_else(
            || "-".to_string(),
            |v| unit.with(|u| format_value(v, &u.0, u.1)),
        )
    };
    let rows = move || {
        let (names, stats, hidden) = (names.get(), stats.get(), hidden.get());
        names
            .into_iter()
            .enumerate()
            .map(|(i, name)| {
                let s = stats.get(i).copied().unwrap_or_default();
                let off = hidden.contains(&i);
                let color = series_color(&[], i).to_string();
                let click = move |ev: web_sys::MouseEvent| on_click.run((i, ev.ctrl_key() || ev.meta_key()));
                if table {
                    view! {
                        <tr class="legend-item" class:off=off data-testid="legend-item" on:click=click>
                            <td><span class="swatch" style:background-color=color></span>{name}</td>
                            <td>{fmt(s.last)}</td><td>{fmt(s.min)}</td><td>{fmt(s.max)}</td><td>{fmt(s.mean)}</td>
                        </tr>
                    }
                    .into_any()
                } else {
                    view! {
                        <span class="legend-item" class:off=off data-testid="legend-item" on:click=click>
                            <span class="swatch" style:background-color=color></span>{name}
                        </span>
                    }
                    .into_any()
                }
            })
            .collect_view()
    };
    if table {
        view! {
            <div class="ts-legend table">
                <table><thead><tr><th>"Series"</th><th>"Last"</th><th>"Min"</th><th>"Max"</th><th>"Mean"</th></tr></thead>
                <tbody>{rows}</tbody></table>
            </div>
        }
        .into_any()
    } else {
        view! { <div class="ts-legend list">{rows}</div> }.into_any()
    }
}
