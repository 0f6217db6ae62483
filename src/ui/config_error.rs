//! The screen shown when `config.json` is missing, unreadable or invalid.

use leptos::prelude::*;

#[component]
pub fn ConfigErrorScreen(message: String) -> impl IntoView {
    view! {
        <main class="config-error" data-testid="config-error" role="alert">
            <h1>"Meshboard cannot start"</h1>
            <p class="config-error-message" data-testid="config-error-message">{message}</p>
            <p class="hint">
                "Meshboard reads its datasources from config.json next to index.html, for example "
                <code>{r#"{"datasources": {"prometheus": {"url": "/prometheus"}}}"#}</code>
                ". Fix the file and reload."
            </p>
        </main>
    }
}
