//! Dashboard annotations on time series panels: the events the dashboard loaded (provided as
//! context by the dashboard page), filtered to the entries shown and to this panel, placed
//! with the chart's scales after each draw, and drawn as DOM markers over the canvas: a line
//! for a moment, a band for a region, each with a marker at the bottom that shows a card
//! (title, text, tags, time) on hover or keyboard focus. Texts go in as text nodes.

use crate::core::annotations::{AnnotationEvent, AnnotationSource, PlacedAnnotation};
use crate::core::time_range::format_local;
use crate::ui::clock::utc_offset_min;
use leptos::prelude::*;
use std::collections::BTreeSet;
use std::sync::Arc;

/// What the dashboard page provides: its runnable entries, which are shown, and the events.
#[derive(Clone, Copy)]
pub struct DashboardAnnotations {
    pub sources: Memo<Vec<AnnotationSource>>,
    /// Indices of the entries shown (the header's toggles).
    pub shown: RwSignal<BTreeSet<usize>>,
    pub events: Signal<Arc<Vec<AnnotationEvent>>>,
}

impl DashboardAnnotations {
    /// The events drawn on panel `panel_id` (tracked).
    pub fn for_panel(&self, panel_id: i64) -> Vec<AnnotationEvent> {
        let shown = self.shown.get();
        let applies: BTreeSet<usize> = self.sources.with(|sources| {
            sources
                .iter()
                .filter(|s| shown.contains(&s.index) && s.applies_to(panel_id))
                .map(|s| s.index)
                .collect()
        });
        self.events
            .get()
            .iter()
            .filter(|e| applies.contains(&e.source))
            .cloned()
            .collect()
    }
}

/// The events of the panel being drawn (provided per panel by `PanelView`).
#[derive(Clone, Copy)]
pub struct PanelAnnotations(pub Signal<Vec<AnnotationEvent>>);

#[component]
pub fn AnnotationMarks(marks: Signal<Vec<PlacedAnnotation>>) -> impl IntoView {
    move || {
        marks
            .get()
            .into_iter()
            .map(|m| view! { <AnnotationMark mark=m /> })
            .collect_view()
    }
}

#[component]
fn AnnotationMark(mark: PlacedAnnotation) -> impl IntoView {
    let offset = utc_offset_min();
    let e = mark.event;
    let when = if e.end_ms > e.time_ms {
        let start = format_local(e.time_ms as i64, offset);
        let end = format_local(e.end_ms as i64, offset);
        format!("{start} to {end}")
    } else {
        format_local(e.time_ms as i64, offset)
    };
    let label = format!("{} at {when}", e.title);
    let region = mark.width > 0.0;
    view! {
        <div class="annotation" class:region=region data-testid="annotation-marker" data-time=e.time_ms.to_string()
            data-end=e.end_ms.to_string() data-title=e.title.clone() data-source=e.source.to_string()
            style:left=format!("{}px", mark.x) style:top=format!("{}px", mark.top)
            style:width=format!("{}px", mark.width) style:height=format!("{}px", mark.height)
            style:color=e.color.clone()>
            <button class="annotation-handle" aria-label=label></button>
            <div class="annotation-card" role="tooltip">
                <div class="annotation-card-title">{e.title.clone()}</div>
                <div class="annotation-card-time muted">{when}</div>
                {(!e.text.is_empty()).then(|| view! { <div class="annotation-card-text">{e.text.clone()}</div> })}
                {(!e.tags.is_empty()).then(|| view! {
                    <div class="tags">{e.tags.iter().map(|t| view! { <span class="tag">{t.clone()}</span> }).collect_view()}</div>
                })}
            </div>
        </div>
    }
}
