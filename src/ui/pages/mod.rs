//! The pages behind the routes. Pages whose feature arrives in a later issue say so in one line.

pub mod dashboard;
pub mod dashboard_index;
mod explore_logs;
mod explore_traces;
mod home;
mod notice;
mod settings;

pub use dashboard::{DashboardPage, ImportPage, SoloPanelPage};
pub use explore_logs::ExploreLogsPage;
pub use explore_traces::{ExploreTracesPage, TraceDependenciesPage};
pub use home::HomePage;
pub use settings::SettingsPage;

use leptos::prelude::*;
use notice::Notice;

#[component]
pub fn ExploreMetricsPage() -> impl IntoView {
    view! { <Notice title="Explore metrics" text=Signal::derive(|| "A PromQL editor with completion, graph and table views will be here.".to_string()) /> }
}

#[component]
pub fn AlertsPage() -> impl IntoView {
    view! { <Notice title="Alerts" text=Signal::derive(|| "Alert rules with their state and the scrape targets' health will be here.".to_string()) /> }
}

#[component]
pub fn NotFound() -> impl IntoView {
    view! { <Notice title="Not found" text=Signal::derive(|| "There is no page at this address.".to_string()) /> }
}
