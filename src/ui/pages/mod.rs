//! The pages behind the routes. Pages whose feature arrives in a later issue say so in one line.

pub mod dashboard;
pub mod dashboard_index;
mod home;
mod notice;
mod settings;

pub use dashboard::{DashboardPage, ImportPage, SoloPanelPage};
pub use home::HomePage;
pub use settings::SettingsPage;

use leptos::prelude::*;
use notice::Notice;

#[component]
pub fn ExploreMetricsPage() -> impl IntoView {
    view! { <Notice title="Explore metrics" text=Signal::derive(|| "A PromQL editor with completion, graph and table views will be here.".to_string()) /> }
}

#[component]
pub fn ExploreLogsPage() -> impl IntoView {
    view! { <Notice title="Explore logs" text=Signal::derive(|| "A LogQL editor, log volume and a virtualized log list will be here.".to_string()) /> }
}

#[component]
pub fn ExploreTracesPage() -> impl IntoView {
    view! { <Notice title="Explore traces" text=Signal::derive(|| "Trace search, the trace timeline and the dependency graph will be here.".to_string()) /> }
}

#[component]
pub fn AlertsPage() -> impl IntoView {
    view! { <Notice title="Alerts" text=Signal::derive(|| "Alert rules with their state and the scrape targets' health will be here.".to_string()) /> }
}

#[component]
pub fn NotFound() -> impl IntoView {
    view! { <Notice title="Not found" text=Signal::derive(|| "There is no page at this address.".to_string()) /> }
}
