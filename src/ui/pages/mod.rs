//! The pages behind the routes. Pages whose feature arrives in a later issue say so in one line.

mod alerts;
pub mod dashboard;
pub mod dashboard_index;
mod explore_logs;
mod explore_metrics;
mod explore_traces;
mod home;
mod notice;
mod settings;

pub use alerts::AlertsPage;
pub use dashboard::{DashboardPage, ImportPage, SoloPanelPage};
pub use explore_logs::ExploreLogsPage;
pub use explore_metrics::ExploreMetricsPage;
pub use explore_traces::{ExploreTracesPage, TraceDependenciesPage};
pub use home::HomePage;
pub use settings::SettingsPage;

use leptos::prelude::*;
use notice::Notice;

#[component]
pub fn NotFound() -> impl IntoView {
    view! { <Notice title="Not found" text=Signal::derive(|| "There is no page at this address.".to_string()) /> }
}
