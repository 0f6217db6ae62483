//! Where the legend goes and what it leaves the chart, as Grafana's `VizLayout` decides: core's
//! [`legend_box`] estimates the box from the text before the browser lays the legend out, then
//! the legend's measured size replaces the estimate, so the chart ends exactly where the legend
//! starts (no blank band, whatever the fonts).

use crate::core::dashboard::field_resolve::ResolvedSeries;
use crate::core::dashboard::{LegendOptions, LegendPlacement};
use crate::core::legend::{legend_box, legend_model, LegendBox, LegendModel};
use crate::ui::panels::data::PanelData;
use leptos::html::Div;
use leptos::prelude::*;
use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;
use web_sys::ResizeObserver;

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
    let viewport = window_width();
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

fn window_width() -> f64 {
    web_sys::window()
        .and_then(|w| w.inner_width().ok())
        .and_then(|w| w.as_f64())
        .unwrap_or(1920.0)
}

type Resizing = (ResizeObserver, Closure<dyn FnMut()>);

/// The element's border-box size, kept current while it is mounted; `None` until measured.
fn observe_size(node: NodeRef<Div>) -> RwSignal<Option<(f64, f64)>> {
    let size = RwSignal::new(None::<(f64, f64)>);
    let keep: StoredValue<Option<Resizing>, LocalStorage> = StoredValue::new_local(None);
    Effect::new(move |_| {
        let Some(element) = node.get() else {
            return;
        };
        let measured = element.clone();
        let measure = move || {
            let next = (
                f64::from(measured.offset_width()),
                f64::from(measured.offset_height()),
            );
            if size.try_get_untracked().flatten() != Some(next) {
                size.try_set(Some(next));
            }
        };
        measure();
        let callback = Closure::<dyn FnMut()>::new(measure);
        if let Ok(observer) = ResizeObserver::new(callback.as_ref().unchecked_ref()) {
            observer.observe(&element);
            if let Some(Some((old, _))) = keep.try_update_value(|k| k.replace((observer, callback)))
            {
                old.disconnect();
            }
        }
    });
    on_cleanup(move || {
        if let Some(Some((observer, _))) = keep.try_update_value(Option::take) {
            observer.disconnect();
        }
    });
    size
}
