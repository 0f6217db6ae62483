//! The LogQL editor: a textarea (Shift+Enter runs), stream-selector completion from Loki's
//! label names and values (`completion`, `lookups`), a label browser with value counts
//! (`browser`), and this session's recent queries (`recent`).

mod browser;
mod completion;
mod lookups;
mod recent;

use leptos::prelude::*;

use crate::api::loki::LokiClient;
use browser::LabelBrowser;
use completion::{refresh_completion, Completing, Suggestions};
use lookups::use_label_lookups;
use recent::{recent_queries, remember_query, RecentQueries};

#[component]
pub fn LogQlEditor(
    #[prop(into)] initial: Signal<String>,
    on_run: Callback<String>,
    client: Option<LokiClient>,
) -> impl IntoView {
    let draft = RwSignal::new(initial.get_untracked());
    Effect::new(move |_| draft.set(initial.get()));
    let textarea = NodeRef::<leptos::html::Textarea>::new();
    let completing = RwSignal::new(Completing::None);
    let lookups = use_label_lookups(client);
    let browser_open = RwSignal::new(false);
    let recent = RwSignal::new(recent_queries());

    let run = Callback::new(move |_: ()| {
        let q = draft.get_untracked();
        recent.set(remember_query(&q));
        completing.set(None);
        on_run.run(q);
    });
    let refresh = move || refresh_completion(textarea, draft, completing, lookups);
    let on_key = move |ev: web_sys::KeyboardEvent| {
        if ev.key() == "Enter" && ev.shift_key() {
            ev.prevent_default();
            run.run(());
        } else if ev.key() == "Escape" {
            completing.set(None);
        }
    };
    let toggle_browser = move |_| {
        browser_open.update(|o| *o = !*o);
        lookups.ensure_names();
    };
    let problem = lookups.problem;

    view! {
        <div class="logql-editor" data-testid="logql-editor">
            <div class="logql-row">
                <textarea class="logql-input" data-testid="logql-input" node_ref=textarea rows="2" spellcheck="false"
                    placeholder="{job=\"agent-mesh\"} |= \"error\"   (Shift+Enter runs)"
                    prop:value=move || draft.get()
                    on:input=move |ev| {
                        draft.set(event_target_value(&ev));
                        refresh();
                    }
                    on:click=move |_| refresh()
                    on:keydown=on_key></textarea>
                <div class="logql-actions">
                    <button class="btn btn-primary" data-testid="logs-run" on:click=move |_| run.run(())>"Run query"</button>
                    <button class="btn" data-testid="label-browser-toggle" on:click=toggle_browser>"Label browser"</button>
                    <RecentQueries recent draft />
                </div>
            </div>
            <Suggestions textarea draft completing lookups />
            <Show when=move || problem.with(Option::is_some)>
                <div class="logs-note">{move || problem.get().unwrap_or_default()}</div>
            </Show>
            <Show when=move || browser_open.get()>
                <LabelBrowser lookups draft open=browser_open on_run=run />
            </Show>
        </div>
    }
}
