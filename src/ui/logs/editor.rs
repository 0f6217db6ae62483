//! The LogQL editor: a textarea (Shift+Enter runs), stream-selector completion from Loki's
//! label names and values, a label browser with value counts, and this session's recent queries.

use std::cell::RefCell;
use std::collections::BTreeMap;

use leptos::prelude::*;
use leptos::task::spawn_local;
use wasm_bindgen::JsCast;

use crate::api::http::abort_handle;
use crate::api::loki::LokiClient;
use crate::core::logs_view::complete::{
    apply_completion, byte_to_utf16, completion_at, remember, selector_from_choices, utf16_to_byte,
    Completion,
};
use crate::core::loki::NsTime;
use crate::ui::clock::{now_ms, utc_offset_min};
use crate::ui::view_state::use_time_range;

const MAX_RECENT: usize = 10;
const MAX_SUGGESTIONS: usize = 12;

thread_local! {
    /// Recent queries for this page session only (never persisted: queries may name secrets).
    static RECENT: RefCell<Vec<String>> = const { RefCell::new(Vec::new()) };
}

#[component]
pub fn LogQlEditor(
    #[prop(into)] initial: Signal<String>,
    on_run: Callback<String>,
    client: Option<LokiClient>,
) -> impl IntoView {
    let draft = RwSignal::new(initial.get_untracked());
    let textarea = NodeRef::<leptos::html::Textarea>::new();
    let completion = RwSignal::new(None::<(Completion, usize)>);
    let label_names = RwSignal::new(None::<Vec<String>>);
    let label_values = RwSignal::new(BTreeMap::<String, Vec<(String, usize)>>::new());
    let browser_open = RwSignal::new(false);
    let browser_label = RwSignal::new(None::<String>);
    let choices = RwSignal::new(Vec::<(String, Vec<String>)>::new());
    let problem = RwSignal::new(None::<String>);
    let recent = RwSignal::new(RECENT.with(|r| r.borrow().clone()));
    let range = use_time_range();

    Effect::new(move |_| draft.set(initial.get()));

    let resolve = move || {
        let (r, _) = range.get_untracked();
        let (s, e) = r.resolve(now_ms(), utc_offset_min());
        (NsTime::from_millis(s), NsTime::from_millis(e))
    };
    let client_names = client.clone();
    let ensure_names = Callback::new(move |_: ()| {
        if label_names.with_untracked(Option::is_some) {
            return;
        }
        let Some(client) = client_names.clone() else {
            return;
        };
        label_names.set(Some(Vec::new()));
        let (start, end) = resolve();
        spawn_local(async move {
            let Ok((_keep, signal)) = abort_handle() else {
                return;
            };
            match client.labels(start, end, None, &signal).await {
                Ok(names) => {
                    label_names.try_set(Some(names));
                }
                Err(e) => {
                    label_names.try_set(None);
                    problem.try_set(Some(e.to_string()));
                }
            }
        });
    });
    // Values with the number of streams carrying each (from `series`), fetched once per name.
    let client_values = client.clone();
    let ensure_values = Callback::new(move |name: String| {
        if label_values.with_untracked(|v| v.contains_key(&name)) {
            return;
        }
        let Some(client) = client_values.clone() else {
            return;
        };
        label_values.update(|v| {
            v.insert(name.clone(), Vec::new());
        });
        let (start, end) = resolve();
        spawn_local(async move {
            let Ok((_keep, signal)) = abort_handle() else {
                return;
            };
            let selector = format!("{{{name}=~\".+\"}}");
            match client
                .series(&[selector.as_str()], start, end, &signal)
                .await
            {
                Ok(series) => {
                    let mut counts = BTreeMap::<String, usize>::new();
                    for labels in series {
                        if let Some(value) = labels.get(&name) {
                            *counts.entry(value.clone()).or_default() += 1;
                        }
                    }
                    label_values.try_update(|v| {
                        v.insert(name, counts.into_iter().collect());
                    });
                }
                Err(e) => {
                    problem.try_set(Some(e.to_string()));
                }
            }
        });
    });

    let refresh_completion = {
        move || {
            let Some(el) = textarea.get_untracked() else {
                return;
            };
            let text = draft.get_untracked();
            let cursor = el
                .selection_start()
                .ok()
                .flatten()
                .map_or(text.len(), |c| utf16_to_byte(&text, c as usize));
            let found = completion_at(&text, cursor);
            match &found {
                Some(Completion::LabelName { .. }) => ensure_names.run(()),
                Some(Completion::LabelValue { name, .. }) => ensure_values.run(name.clone()),
                None => {}
            }
            completion.set(found.map(|c| (c, cursor)));
        }
    };
    let suggestions = Memo::new(move |_| {
        let Some((c, _)) = completion.get() else {
            return Vec::new();
        };
        let (prefix, pool): (String, Vec<String>) = match &c {
            Completion::LabelName { prefix, .. } => {
                (prefix.clone(), label_names.get().unwrap_or_default())
            }
            Completion::LabelValue { name, prefix, .. } => (
                prefix.clone(),
                label_values.with(|v| {
                    v.get(name)
                        .map(|vals| vals.iter().map(|(v, _)| v.clone()).collect())
                        .unwrap_or_default()
                }),
            ),
        };
        pool.into_iter()
            .filter(|s| s.starts_with(&prefix) && *s != prefix)
            .take(MAX_SUGGESTIONS)
            .collect::<Vec<_>>()
    });

    let run = move || {
        let q = draft.get_untracked();
        RECENT.with(|r| remember(&mut r.borrow_mut(), &q, MAX_RECENT));
        recent.set(RECENT.with(|r| r.borrow().clone()));
        completion.set(None);
        on_run.run(q);
    };
    let accept = move |chosen: String| {
        let Some((c, cursor)) = completion.get_untracked() else {
            return;
        };
        let (text, at) = apply_completion(&draft.get_untracked(), cursor, &c, &chosen);
        draft.set(text.clone());
        completion.set(None);
        if let Some(el) = textarea.get_untracked() {
            el.set_value(&text);
            let pos = byte_to_utf16(&text, at);
            let _ = el.set_selection_range(pos, pos);
            let _ = el.focus();
        }
    };
    let toggle_choice = move |name: String, value: String| {
        choices.update(|all| {
            match all.iter_mut().find(|(n, _)| *n == name) {
                Some((_, values)) => {
                    if let Some(i) = values.iter().position(|v| *v == value) {
                        values.remove(i);
                    } else {
                        values.push(value);
                    }
                }
                None => all.push((name, vec![value])),
            }
            all.retain(|(_, v)| !v.is_empty());
        });
    };
    let refresh_on_input = refresh_completion;
    let refresh_on_click = refresh_completion;

    view! {
        <div class="logql-editor" data-testid="logql-editor">
            <div class="logql-row">
                <textarea class="logql-input" data-testid="logql-input" node_ref=textarea rows="2" spellcheck="false"
                    placeholder="{job=\"agent-mesh\"} |= \"error\"   (Shift+Enter runs)"
                    prop:value=move || draft.get()
                    on:input=move |ev| {
                        draft.set(event_target_value(&ev));
                        refresh_on_input();
                    }
                    on:click=move |_| refresh_on_click()
                    on:keydown=move |ev: web_sys::KeyboardEvent| {
                        if ev.key() == "Enter" && ev.shift_key() {
                            ev.prevent_default();
                            run();
                        } else if ev.key() == "Escape" {
                            completion.set(None);
                        }
                    }></textarea>
                <div class="logql-actions">
                    <button class="btn btn-primary" data-testid="logs-run" on:click=move |_| run()>"Run query"</button>
                    <button class="btn" data-testid="label-browser-toggle" on:click=move |_| {
                        browser_open.update(|o| *o = !*o);
                        ensure_names.run(());
                    }>"Label browser"</button>
                    <select class="select" data-testid="logs-recent" title="Recent queries (this session)"
                        on:change=move |ev| {
                            let value = event_target_value(&ev);
                            if !value.is_empty() { draft.set(value); }
                            if let Some(select) = ev.target().and_then(|t| t.dyn_into::<web_sys::HtmlSelectElement>().ok()) {
                                select.set_value("");
                            }
                        }>
                        <option value="">"Recent queries"</option>
                        {move || recent.get().into_iter().map(|q| view! { <option value=q.clone()>{q.clone()}</option> }).collect_view()}
                    </select>
                </div>
            </div>
            <Show when=move || !suggestions.with(Vec::is_empty)>
                <ul class="logql-suggestions" data-testid="logql-suggestions">
                    {move || suggestions.get().into_iter().map(|s| {
                        let chosen = s.clone();
                        view! { <li><button class="suggestion" data-testid="logql-suggestion" on:mousedown=move |ev| {
                            ev.prevent_default();
                            accept(chosen.clone());
                        }>{s}</button></li> }
                    }).collect_view()}
                </ul>
            </Show>
            <Show when=move || problem.with(Option::is_some)>
                <div class="logs-note">{move || problem.get().unwrap_or_default()}</div>
            </Show>
            <Show when=move || browser_open.get()>
                <div class="label-browser" data-testid="label-browser">
                    <div class="label-browser-names">
                        {move || label_names.get().unwrap_or_default().into_iter().map(|name| {
                            let (n1, n2) = (name.clone(), name.clone());
                            view! { <button class="chip" data-testid="label-name" class:active=move || browser_label.get().as_deref() == Some(n1.as_str())
                                on:click=move |_| { browser_label.set(Some(n2.clone())); ensure_values.run(n2.clone()); }>{name}</button> }
                        }).collect_view()}
                    </div>
                    <div class="label-browser-values">
                        {move || browser_label.get().map(|name| {
                            let values = label_values.with(|v| v.get(&name).cloned().unwrap_or_default());
                            values.into_iter().map(|(value, count)| {
                                let (n, v) = (name.clone(), value.clone());
                                let (n_active, v_active) = (name.clone(), value.clone());
                                view! { <button class="chip" data-testid="label-value"
                                    class:active=move || choices.with(|c| c.iter().any(|(cn, cv)| *cn == n_active && cv.contains(&v_active)))
                                    on:click=move |_| toggle_choice(n.clone(), v.clone())>
                                    {value}<span class="muted">{format!(" ({count})")}</span></button> }
                            }).collect_view()
                        })}
                    </div>
                    <div class="label-browser-actions">
                        <code data-testid="label-browser-selector">{move || selector_from_choices(&choices.get())}</code>
                        <button class="btn" data-testid="label-browser-use" disabled=move || choices.with(Vec::is_empty)
                            on:click=move |_| { draft.set(selector_from_choices(&choices.get_untracked())); browser_open.set(false); }>"Use selector"</button>
                        <button class="btn" on:click=move |_| { draft.set(selector_from_choices(&choices.get_untracked())); browser_open.set(false); run(); }
                            disabled=move || choices.with(Vec::is_empty)>"Show logs"</button>
                    </div>
                </div>
            </Show>
        </div>
    }
}
