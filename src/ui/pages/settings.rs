//! `/settings`: the datasources of `config.json`, each checked against its health endpoint
//! with one ok/error line (`off` when not configured: nothing to check).

use crate::api;
use crate::core::config::{Config, Datasource};
use crate::core::health::BackendKind;
use crate::core::load::LoadState;
use crate::ui::a11y::palette::PalettePreferenceControl;
use crate::ui::query::use_message_query;
use leptos::prelude::*;

#[component]
pub fn SettingsPage() -> impl IntoView {
    let config = expect_context::<Config>();
    let sources: Vec<(BackendKind, Option<Datasource>)> = vec![
        (BackendKind::Prometheus, config.prometheus.clone()),
        // With the tenant header: a multi-tenant Loki refuses its health endpoint without it.
        (BackendKind::Loki, config.loki_with_tenant()),
        (
            BackendKind::Jaeger(config.jaeger_api),
            config.jaeger.clone(),
        ),
        (BackendKind::Alertmanager, config.alertmanager.clone()),
    ];
    view! {
        <section class="page settings-page">
            <h1>"Datasources"</h1>
            <table class="table">
                <thead><tr><th>"Backend"</th><th>"URL"</th><th>"Timeout"</th><th>"Status"</th></tr></thead>
                <tbody>
                    {sources.into_iter().map(|(kind, source)| view! { <DatasourceRow kind source /> }).collect_view()}
                </tbody>
            </table>
            <p class="muted">
                {match &config.loki_tenant { Some(t) => format!("Loki tenant (X-Scope-OrgID): {t}. "), None => String::new() }}
                {format!("Jaeger API: {}.", config.jaeger_api.as_str())}
            </p>
            <PalettePreferenceControl />
        </section>
    }
}

#[component]
fn DatasourceRow(kind: BackendKind, source: Option<Datasource>) -> impl IntoView {
    let probed = source.clone();
    let status = use_message_query(
        move || probed.clone(),
        move |source: Datasource, signal| async move {
            api::health::check(kind, &source, &signal).await
        },
    );
    let (url, timeout) = match &source {
        Some(s) => (
            s.url.clone(),
            format!("{} s", f64::from(s.timeout_ms) / 1000.0),
        ),
        None => ("not configured".to_string(), String::new()),
    };
    let configured = source.is_some();
    view! {
        <tr data-testid="datasource" data-kind=kind.name()>
            <td>{kind.name()}</td>
            <td><code>{url}</code></td>
            <td>{timeout}</td>
            <td data-testid="datasource-status" data-state=move || match status.state() {
                _ if !configured => "off",
                LoadState::Idle | LoadState::Loading => "checking",
                LoadState::Ready(_) => "ok",
                LoadState::Failed(_) => "error",
            }>
                {move || match status.state() {
                    _ if !configured => "—".to_string(),
                    LoadState::Idle | LoadState::Loading => "checking…".to_string(),
                    LoadState::Ready(detail) => format!("ok: {detail}"),
                    LoadState::Failed(problem) => format!("error: {problem}"),
                }}
            </td>
        </tr>
    }
}
