//! The shared crosshair of a dashboard (Grafana's `graphTooltip` > 0): the time under the
//! pointer in any chart, drawn as a line on every other chart's overlay.

use leptos::prelude::*;

/// Provided by the dashboard page when its `graphTooltip` is shared; `None` when no chart is hovered.
#[derive(Clone, Copy)]
pub struct SharedCrosshair(pub RwSignal<Option<f64>>);

impl SharedCrosshair {
    /// Provides a fresh shared crosshair to the components below.
    pub fn provide() -> SharedCrosshair {
        let shared = SharedCrosshair(RwSignal::new(None));
        provide_context(shared);
        shared
    }
}

/// The shared crosshair, if the page provides one.
pub fn use_shared_crosshair() -> Option<SharedCrosshair> {
    use_context::<SharedCrosshair>()
}
