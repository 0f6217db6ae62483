//! The names the search form offers: Jaeger's services (read again on every refresh) and the
//! operations of the service chosen in the form.

use leptos::prelude::*;

use crate::ui::query::use_query;
use crate::ui::refresh::RefreshTick;
use crate::ui::traces::loading::{failure_text, jaeger_client};

/// Service names, sorted; the last list that arrived stays while a refresh loads or fails.
/// A failure is written to `form_error` (and stays until the next search clears it).
pub fn use_services(form_error: RwSignal<Option<String>>) -> Signal<Vec<String>> {
    let client = jaeger_client();
    let tick = expect_context::<RefreshTick>();
    let services = use_query(
        move || Some(tick.0.get()),
        move |_, signal| {
            let client = client.clone();
            async move { client?.services(&signal).await }
        },
    );
    Effect::new(move |_| {
        if let Some(e) = services.with_state(|s| s.error().cloned()) {
            form_error.set(Some(failure_text("Services could not be loaded", &e)));
        }
    });
    Signal::derive(move || services.latest().unwrap_or_default())
}

/// Operation names of `service`, sorted; none while they load, when none is chosen, or when
/// Jaeger does not answer (the form still works with "All operations").
pub fn use_operations(service: Signal<String>) -> Signal<Vec<String>> {
    let client = jaeger_client();
    // Without Jaeger the services' failure already says so; operations just stay empty.
    let configured = client.is_ok();
    let operations = use_query(
        move || Some(service.get()).filter(|s| configured && !s.is_empty()),
        move |service, signal| {
            let client = client.clone();
            async move { client?.operations(&service, &signal).await }
        },
    );
    Signal::derive(move || {
        operations
            .with_state(|s| s.ready().cloned())
            .unwrap_or_default()
    })
}
