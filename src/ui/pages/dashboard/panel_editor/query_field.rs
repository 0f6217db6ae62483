//! One query's text in its language's editor: the PromQL editor with completion for
//! Prometheus (the metrics explorer's), the LogQL editor for Loki, a plain field otherwise.
//! The query is set when the field is left or run (Shift+Enter), as Grafana runs a query on
//! blur, so the preview does not query every half-typed expression.

use super::EditedPanel;
use crate::api::loki::LokiClient;
use crate::core::authoring::panel_edit::{text_at, QueryLanguage};
use crate::core::config::Config;
use crate::core::promql_complete::CompletionContext;
use crate::ui::logs::editor::LogQlEditor;
use crate::ui::pages::explore_metrics::PromQlEditor;
use leptos::prelude::*;
use serde_json::Value;
use wasm_bindgen::JsCast;

#[component]
pub fn QueryField(
    panel: EditedPanel,
    index: Memo<Option<usize>>,
    language: Memo<QueryLanguage>,
) -> impl IntoView {
    let expr = Memo::new(move |_| {
        let i = index.get();
        panel.with(String::new(), |p| {
            i.map(|i| text_at(p, &format!("/targets/{i}/expr")))
                .unwrap_or_default()
        })
    });
    let commit = Callback::new(move |text: String| {
        if text == expr.get_untracked() {
            return;
        }
        if let Some(i) = index.get_untracked() {
            let stored = (!text.is_empty()).then_some(Value::String(text));
            panel.set(&format!("/targets/{i}/expr"), stored);
        }
    });
    // Leaving the field (a click on Apply included) keeps what was typed.
    let on_focusout = move |ev: web_sys::FocusEvent| {
        let area = ev
            .target()
            .and_then(|t| t.dyn_into::<web_sys::HtmlTextAreaElement>().ok());
        if let Some(area) = area {
            commit.run(area.value());
        }
    };
    view! {
        <div class="pe-query-field" data-testid="panel-editor-query" on:focusout=on_focusout>
            {move || match language.get() {
                QueryLanguage::PromQl => view! { <PromField expr commit /> }.into_any(),
                QueryLanguage::LogQl => {
                    let client = use_context::<Config>().and_then(|c| LokiClient::from_config(&c).ok());
                    view! { <LogQlEditor initial=expr on_run=commit client /> }.into_any()
                }
                QueryLanguage::Other => view! {
                    <textarea class="pe-plain-query" rows="2" aria-label="Query" prop:value=move || expr.get()></textarea>
                }
                .into_any(),
            }}
        </div>
    }
}

/// The PromQL editor on this query's text (kept in step when undo changes it).
#[component]
fn PromField(expr: Memo<String>, commit: Callback<String>) -> impl IntoView {
    let draft = RwSignal::new(expr.get_untracked());
    Effect::new(move |_| draft.set(expr.get()));
    let context = RwSignal::new(CompletionContext::None);
    let run = Callback::new(move |_: ()| commit.run(draft.get_untracked()));
    view! { <PromQlEditor draft context run /> }
}
