//! The chart's text alternative: the visually hidden summary the focusable plot points to
//! with `aria-describedby`, and the polite live region the keyboard cursor speaks through.
//! The words come from core's `chart_a11y`; this file only feeds it and places the text.

use crate::chart::{ChartSpec, ThresholdStyle};
use crate::core::chart_a11y::summary::{chart_summary, SummaryContext};
use crate::core::chart_a11y::SeriesText;
use crate::core::frame::Frame;
use crate::ui::panels::data::PanelData;
use leptos::prelude::*;
use std::cell::Cell;

thread_local! {
    static NEXT_ID: Cell<u64> = const { Cell::new(0) };
}

/// A document-unique id prefix for one chart's described-by and live-region elements.
pub fn next_chart_id() -> String {
    NEXT_ID.with(|n| {
        n.set(n.get() + 1);
        format!("chart-a11y-{}", n.get())
    })
}

/// Series `i`'s unit as the tooltip writes it: its own, else the panel's.
pub fn unit_of(spec: &ChartSpec, i: usize) -> (String, Option<u32>) {
    let style = spec.style_of(i);
    if style.unit.is_empty() {
        (spec.unit.clone(), spec.decimals)
    } else {
        (style.unit, style.decimals)
    }
}

/// Every series of `frame` as core's text views read it, with `names` and `units`.
pub fn series_texts<'a>(
    frame: &'a Frame,
    names: &'a [String],
    units: &'a [(String, Option<u32>)],
) -> Vec<SeriesText<'a>> {
    frame
        .series
        .iter()
        .enumerate()
        .map(|(i, s)| SeriesText {
            name: names.get(i).map_or("", String::as_str),
            times_ms: &s.times_ms,
            values: &s.values,
            unit: units.get(i).map_or("", |u| u.0.as_str()),
            decimals: units.get(i).and_then(|u| u.1),
        })
        .collect()
}

/// The hidden summary (`id`), the keys' hint (`{id}-keys`) and the cursor's live region
/// (`announce`).
#[component]
pub fn ChartTextAlternative(
    id: String,
    data: PanelData,
    #[prop(into)] spec: Signal<ChartSpec>,
    announce: RwSignal<String>,
) -> impl IntoView {
    // The dashboard's `timezone` (the browser's on Explore), as the cursor says times.
    let offset_at = crate::ui::a11y::zone::use_announce_offset();
    let summary = Memo::new(move |_| {
        let exemplars = data.exemplars().len();
        data.with_result(|r| {
            let r = r?;
            spec.with(|spec| {
                let units: Vec<_> = (0..r.frame.series.len())
                    .map(|i| unit_of(spec, i))
                    .collect();
                // Only thresholds the chart draws are named: the summary describes the picture.
                let thresholds: Vec<f64> = if spec.threshold_style == ThresholdStyle::Off {
                    Vec::new()
                } else {
                    spec.thresholds.iter().map(|t| t.value).collect()
                };
                let ctx = SummaryContext {
                    range: r.run.range,
                    utc_offset_min: offset_at(r.run.range.1),
                    thresholds: &thresholds,
                    threshold_unit: &spec.unit,
                    threshold_decimals: spec.decimals,
                    exemplars,
                };
                Some(chart_summary(
                    &series_texts(&r.frame, &r.names, &units),
                    &ctx,
                ))
            })
        })
    });
    view! {
        <div class="chart-sr-only" id=format!("{id}-keys")>
            "Arrow keys read the values, Up and Down change series, plus and minus zoom, Shift with arrows pans, Escape leaves."
        </div>
        <div class="chart-sr-only" id=id data-testid="chart-summary">{move || summary.get()}</div>
        <div class="chart-sr-only" aria-live="polite" data-testid="chart-announce">{move || announce.get()}</div>
    }
}
