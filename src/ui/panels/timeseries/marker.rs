//! The series' shape beside its colour swatch in the legend and tooltip (core's
//! `chart_a11y::marker`), the same shape the crosshair draws on the chart, so series are
//! never told apart by colour alone (WCAG 1.4.1).

use crate::core::chart_a11y::marker::marker_of;
use leptos::prelude::*;

/// A 10 px marker of series `index` in `color`, outlined in the text colour so that a pale
/// colour still shows its shape.
#[component]
pub fn SeriesMarker(index: usize, color: String) -> impl IntoView {
    let marker = marker_of(index);
    view! {
        <svg class="series-marker" viewBox="-5 -5 10 10" width="10" height="10" aria-hidden="true"
            data-marker=marker.name()>
            <path d=marker.svg_path(4.2) fill=color></path>
        </svg>
    }
}
