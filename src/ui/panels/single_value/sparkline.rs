//! The stat's sparkline: core's line and area paths in an SVG along the bottom of the value's
//! box, the area a translucent fill of the line's colour (Grafana's area graph mode).

use crate::core::panel_calc::value_layout::sparkline_paths;
use leptos::prelude::*;
use std::sync::Arc;

#[component]
pub fn Sparkline(
    points: Arc<Vec<(f64, f64)>>,
    color: String,
    width: f64,
    height: f64,
) -> impl IntoView {
    let paths = sparkline_paths(&points, width, height);
    paths.map(|(line, area)| {
        view! {
            <svg class="sv-spark" data-testid="stat-sparkline" aria-hidden="true" width=format!("{width:.0}")
                height=format!("{height:.0}") viewBox=format!("0 0 {width:.1} {height:.1}") preserveAspectRatio="none">
                <path d=area fill=color.clone() fill-opacity="0.18" stroke="none" />
                <path d=line fill="none" stroke=color stroke-width="1.5" vector-effect="non-scaling-stroke" />
            </svg>
        }
    })
}
