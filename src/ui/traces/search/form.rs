//! The search form: service and operation (offered from Jaeger), logfmt tags, durations and a
//! limit. It starts from the URL and follows it (back/forward); "Find traces" writes the URL,
//! which runs the search, or runs it again when the URL already asks for it.

use leptos::prelude::*;

use super::names::{use_operations, use_services};
use crate::core::trace_explore::search_form::{options_with_current, SearchForm, Submit};
use crate::ui::refresh::RefreshTick;
use crate::ui::view_state::use_update_view;

#[component]
pub fn TraceSearchForm(
    /// The form's fields as the URL has them, in `search_form::PARAMS` order.
    url: [Memo<String>; 6],
    /// Where the form's complaints (and the services' failure) are shown.
    form_error: RwSignal<Option<String>>,
) -> impl IntoView {
    let update = use_update_view();
    let tick = expect_context::<RefreshTick>();
    let fields = url.map(|_| RwSignal::new(String::new()));
    Effect::new(move |_| {
        for (field, value) in fields.iter().zip(url.iter()) {
            field.set(value.get());
        }
    });
    let [service, operation, tags, min, max, limit] = fields;
    let services = use_services(form_error);
    let operations = use_operations(service.into());

    let submit = move || {
        let form = SearchForm::from_values(fields.map(|f| f.get_untracked()));
        let in_url = SearchForm::from_values(url.map(|m| m.get_untracked()));
        match form.submit(&in_url) {
            Submit::Invalid(problem) => form_error.set(Some(problem)),
            Submit::Rerun => {
                form_error.set(None);
                tick.bump();
            }
            Submit::Navigate(params) => {
                form_error.set(None);
                update(&|state| {
                    for (key, value) in &params {
                        state.set_passthrough(key, value.clone());
                    }
                });
            }
        }
    };
    let submit_click = submit.clone();
    // A select's options, the current choice kept when Jaeger does not list it.
    let options = move |listed: Signal<Vec<String>>, field: RwSignal<String>| {
        move || {
            let current = field.get();
            listed.with(|l| options_with_current(l, &current)).into_iter()
                .map(|s| view! { <option value=s.clone() selected=s == field.get_untracked()>{s.clone()}</option> })
                .collect_view()
        }
    };

    view! {
        <form class="trace-search-form" on:submit=move |ev| { ev.prevent_default(); submit(); }>
            <label>"Service"
                <select class="select" data-testid="trace-service" prop:value=move || service.get()
                    on:change=move |ev| { service.set(event_target_value(&ev)); operation.set(String::new()); }>
                    <option value="">"Choose a service"</option>
                    {options(services, service)}
                </select>
            </label>
            <label>"Operation"
                <select class="select" data-testid="trace-operation" prop:value=move || operation.get()
                    on:change=move |ev| operation.set(event_target_value(&ev))>
                    <option value="">"All operations"</option>
                    {options(operations, operation)}
                </select>
            </label>
            <label>"Tags"
                <input class="input" data-testid="trace-tags" placeholder="error=true http.status_code=500"
                    prop:value=move || tags.get() on:input=move |ev| tags.set(event_target_value(&ev)) />
            </label>
            <label>"Min duration"
                <input class="input input-short" data-testid="trace-min-duration" placeholder="e.g. 1.2s, 100ms"
                    prop:value=move || min.get() on:input=move |ev| min.set(event_target_value(&ev)) />
            </label>
            <label>"Max duration"
                <input class="input input-short" data-testid="trace-max-duration" placeholder="e.g. 10s"
                    prop:value=move || max.get() on:input=move |ev| max.set(event_target_value(&ev)) />
            </label>
            <label>"Limit"
                <input class="input input-short" type="number" min="1" max="1500" data-testid="trace-limit" placeholder="20"
                    prop:value=move || limit.get() on:input=move |ev| limit.set(event_target_value(&ev)) />
            </label>
            <button class="btn btn-primary" type="submit" data-testid="trace-find" on:click=move |ev| { ev.prevent_default(); submit_click(); }>"Find traces"</button>
        </form>
    }
}
