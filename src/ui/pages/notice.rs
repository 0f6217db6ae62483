//! A page that is one line of text: for routes whose feature lands later, and for "not found".

use leptos::prelude::*;

#[component]
pub fn Notice(title: &'static str, text: Signal<String>) -> impl IntoView {
    view! {
        <section class="page notice-page" data-testid="page-notice" data-page=title>
            <h1>{title}</h1>
            <p class="notice">{move || text.get()}</p>
        </section>
    }
}
