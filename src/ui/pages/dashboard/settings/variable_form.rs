//! One variable's form: name (checked as Grafana checks it), label, type, the query (or the
//! options, value or intervals the type takes), hide, and for a query variable its regex,
//! refresh and multi/all choices with a preview of the options the query returns (run through
//! the app's variable loading: core's `query_of`, the Prometheus call, `apply_query_result`).

use super::super::edit::EditContext;
use super::general::FieldError;
use super::variables::{current_list, set_list};
use crate::api::prometheus::run_variable_query;
use crate::core::authoring::variables_edit::{
    check_name, query_text, type_of, with_query_text, with_type, VARIABLE_TYPES,
};
use crate::core::config::Config;
use crate::core::dashboard::query_of;
use crate::core::load::LoadState;
use crate::core::variables::Variable;
use crate::ui::query::use_query;
use leptos::prelude::*;
use serde_json::{json, Value};

#[component]
pub fn VariableForm(
    ctx: EditContext,
    index: usize,
    editing: RwSignal<Option<usize>>,
) -> impl IntoView {
    let entry = move || current_list(ctx).get(index).cloned().unwrap_or(Value::Null);
    let text =
        move |key: &'static str| move || entry()[key].as_str().unwrap_or_default().to_string();
    let change = move |f: Box<dyn FnOnce(&Value) -> Value>| {
        let mut list = untrack(|| current_list(ctx));
        if let Some(slot) = list.get_mut(index) {
            *slot = f(slot);
            set_list(ctx, list);
        }
    };
    let set = move |key: &'static str, value: Value| {
        change(Box::new(move |e| {
            let mut e = e.clone();
            e[key] = value;
            e
        }))
    };
    let name_error = RwSignal::new(None::<String>);
    let set_name = move |name: String| {
        let list = untrack(|| current_list(ctx));
        match check_name(name.trim(), &list, index) {
            Ok(()) => {
                name_error.set(None);
                set("name", json!(name.trim()));
            }
            Err(e) => name_error.set(Some(e)),
        }
    };
    let kind = move || type_of(&entry()).to_string();
    let is_query = move || kind() == "query";
    let query_label = move || match kind().as_str() {
        "query" => "Query (PromQL or label_values(...))",
        "custom" => "Values separated by comma",
        "constant" | "textbox" => "Value",
        "interval" => "Intervals",
        _ => "Data source type",
    };
    view! {
        <div class="variable-form" data-testid="variable-form">
            <button class="btn" data-testid="variable-back" on:click=move |_| editing.set(None)>"← Back to the list"</button>
            <label for="variable-name">"Name"</label>
            <input id="variable-name" class="input" data-testid="variable-name" prop:value=text("name")
                on:change=move |ev| set_name(event_target_value(&ev)) />
            <FieldError error=name_error testid="variable-name-error" />
            <label for="variable-type">"Type"</label>
            <select id="variable-type" class="input" data-testid="variable-type"
                on:change=move |ev| { let k = event_target_value(&ev); change(Box::new(move |e| with_type(e, &k))) }>
                {VARIABLE_TYPES.iter().map(|&(value, label)| view! {
                    <option value=value selected=move || kind() == value>{label}</option>
                }).collect_view()}
            </select>
            <label for="variable-label">"Label"</label>
            <input id="variable-label" class="input" data-testid="variable-label" prop:value=text("label")
                on:change=move |ev| set("label", json!(event_target_value(&ev))) />
            <label for="variable-query">{query_label}</label>
            <textarea id="variable-query" class="input" rows="2" data-testid="variable-query"
                prop:value=move || query_text(&entry())
                on:change=move |ev| { let t = event_target_value(&ev); change(Box::new(move |e| with_query_text(e, &t))) }></textarea>
            <Show when=is_query>
                <label for="variable-regex">"Regex"</label>
                <input id="variable-regex" class="input" data-testid="variable-regex" placeholder="/.*-(?<text>.*)-(?<value>.*)-.*/"
                    prop:value=text("regex") on:change=move |ev| set("regex", json!(event_target_value(&ev))) />
                <label for="variable-refresh">"Refresh"</label>
                <select id="variable-refresh" class="input" data-testid="variable-refresh"
                    on:change=move |ev| set("refresh", json!(event_target_value(&ev).parse::<i64>().unwrap_or(1)))>
                    <option value="1" selected=move || entry()["refresh"].as_i64() != Some(2)>"On dashboard load"</option>
                    <option value="2" selected=move || entry()["refresh"].as_i64() == Some(2)>"On time range change"</option>
                </select>
                <label class="settings-check"><input type="checkbox" data-testid="variable-multi" prop:checked=move || entry()["multi"] == json!(true)
                    on:change=move |ev| set("multi", json!(event_target_checked(&ev))) />"Multi-value"</label>
                <label class="settings-check"><input type="checkbox" data-testid="variable-include-all" prop:checked=move || entry()["includeAll"] == json!(true)
                    on:change=move |ev| set("includeAll", json!(event_target_checked(&ev))) />"Include All option"</label>
            </Show>
            <label for="variable-hide">"Show on dashboard"</label>
            <select id="variable-hide" class="input" data-testid="variable-hide"
                on:change=move |ev| set("hide", json!(event_target_value(&ev).parse::<i64>().unwrap_or(0)))>
                {[("0", "Label and value"), ("1", "Value"), ("2", "Nothing")].into_iter().map(|(value, label)| view! {
                    <option value=value selected=move || entry()["hide"].as_i64().unwrap_or(0).to_string() == value>{label}</option>
                }).collect_view()}
            </select>
            <Show when=is_query>
                <OptionsPreview ctx entry=Signal::derive(entry) />
            </Show>
        </div>
    }
}

/// "Preview of values": the query variable as it is now, run over the last hour.
#[component]
fn OptionsPreview(ctx: EditContext, entry: Signal<Value>) -> impl IntoView {
    let config = expect_context::<Config>();
    let asked = RwSignal::new(None::<(Value, u64)>);
    let runs = StoredValue::new(0u64);
    let run = move |_| {
        runs.update_value(|n| *n += 1);
        asked.set(Some((entry.get_untracked(), runs.get_value())));
    };
    let preview = use_query(
        move || asked.get(),
        move |(raw, _): (Value, u64), signal| {
            let config = config.clone();
            let scope = ctx.state.scope.get_untracked();
            async move {
                let Some(mut variable) = Variable::from_json(&raw) else {
                    return Ok(Err("the variable needs a name".to_string()));
                };
                let query = match query_of(&variable, &scope) {
                    Ok(q) => q,
                    Err(message) => return Ok(Err(message)),
                };
                let now = js_sys::Date::now() as i64;
                let values =
                    run_variable_query(&config, &query, (now - 3_600_000, now), &signal).await?;
                variable.apply_query_result(&values, &scope);
                Ok(Ok(variable
                    .options
                    .into_iter()
                    .map(|o| o.text)
                    .collect::<Vec<_>>()))
            }
        },
    );
    view! {
        <div class="variable-preview">
            <button class="btn" data-testid="variable-preview-run" on:click=run>"Run query"</button>
            <span class="muted">" Preview of the values over the last hour"</span>
            {move || match preview.state() {
                LoadState::Idle => None,
                LoadState::Loading => Some(view! { <p class="muted">"Running…"</p> }.into_any()),
                LoadState::Failed(e) => Some(view! { <p class="inline-error" data-testid="variable-preview-error">{e.to_string()}</p> }.into_any()),
                LoadState::Ready(Err(e)) => Some(view! { <p class="inline-error" data-testid="variable-preview-error">{e}</p> }.into_any()),
                LoadState::Ready(Ok(values)) => Some(view! {
                    <p data-testid="variable-preview-count">{format!("{} values", values.len())}</p>
                    <ul class="variable-preview-values" data-testid="variable-preview">
                        {values.into_iter().take(50).map(|v| view! { <li class="tag">{v}</li> }).collect_view()}
                    </ul>
                }.into_any()),
            }}
        </div>
    }
}
