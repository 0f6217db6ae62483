//! The JSON model (`editview=dashboard_json`): the dashboard as the text it saves, editable.
//! "Apply" checks it first (core's `check_json_model`): each problem names its line and
//! column and shows that line with a caret; only a valid text is applied (as one
//! `Edit::ReplaceDashboard`, so undo, drafts and save cover it). What is typed is kept in
//! storage as it is typed and offered again on the next visit until applied or reset.

use super::super::edit::EditContext;
use super::super::store::BrowserStorage;
use super::export::ExportButtons;
use crate::core::authoring::json_model::{
    check_json_model, json_model_draft_key, json_model_text, problem_excerpt,
};
use crate::core::authoring::{Edit, Problem, Storage};
use leptos::prelude::*;

#[component]
pub fn JsonModelView(ctx: EditContext) -> impl IntoView {
    let uid = ctx.uid.get_value();
    let key = json_model_draft_key(&uid);
    let model_text = move || untrack(|| ctx.read(|s| json_model_text(s.dashboard())));
    let kept = BrowserStorage.get(&key).ok().flatten();
    let restored = kept.as_ref().is_some_and(|k| *k != model_text());
    let text = RwSignal::new(kept.filter(|_| restored).unwrap_or_else(model_text));
    let problems = RwSignal::new(Vec::<Problem>::new());
    let status = RwSignal::new(
        restored.then(|| "Restored the text you typed before (not applied yet).".to_string()),
    );
    let keep_key = key.clone();
    let on_input = move |ev| {
        let typed = event_target_value(&ev);
        // Kept as typed: a reload or a closed tab does not lose it.
        let _ = BrowserStorage.set(&keep_key, &typed);
        text.set(typed);
        problems.set(Vec::new());
    };
    let clear_key = key.clone();
    let apply = move |_| {
        let typed = text.get_untracked();
        match check_json_model(&typed, &ctx.uid.get_value()) {
            Err(found) => {
                status.set(None);
                problems.set(found);
            }
            Ok(json) => {
                problems.set(Vec::new());
                ctx.apply(Edit::ReplaceDashboard { json });
                let _ = BrowserStorage.remove(&clear_key);
                text.set(model_text());
                status.set(Some("Applied. Save to keep it as a new version.".into()));
            }
        }
    };
    let reset = move |_| {
        let _ = BrowserStorage.remove(&key);
        problems.set(Vec::new());
        text.set(model_text());
        status.set(Some("Back to the dashboard as it is now.".into()));
    };
    view! {
        <div class="settings-form settings-json" data-testid="settings-json">
            <h2>"JSON Model"</h2>
            <p class="muted settings-hint">"The dashboard as it is saved. Apply checks it first; nothing invalid is applied."</p>
            <label for="json-model-text" class="visually-hidden">"Dashboard JSON"</label>
            <textarea id="json-model-text" class="input json-model-text" data-testid="json-model-text" spellcheck="false"
                rows="24" aria-describedby="json-model-problems" prop:value=move || text.get() on:input=on_input></textarea>
            <div id="json-model-problems" role="alert">
                {move || problems.get().into_iter().map(|p| view! { <ProblemLine problem=p text=text /> }).collect_view()}
            </div>
            {move || status.get().map(|s| view! { <p class="settings-status" role="status" data-testid="json-model-status">{s}</p> })}
            <div class="settings-actions">
                <button class="btn primary" data-testid="json-model-apply" on:click=apply>"Apply"</button>
                <button class="btn" data-testid="json-model-reset" on:click=reset>"Reset to dashboard"</button>
            </div>
            <h2>"Export"</h2>
            <ExportButtons ctx />
        </div>
    }
}

/// One problem: its sentence, and its line with a caret under the column.
#[component]
fn ProblemLine(problem: Problem, text: RwSignal<String>) -> impl IntoView {
    let (line, caret) = text.with_untracked(|t| problem_excerpt(t, problem.line, problem.column));
    let sentence = format!(
        "Line {}, column {}: {}",
        problem.line, problem.column, problem.message
    );
    view! {
        <div class="json-problem" data-testid="json-model-problem" data-line=problem.line.to_string()>
            <p class="inline-error">{sentence}</p>
            <pre class="json-problem-excerpt">{format!("{:>5} | {line}\n      | {caret}", problem.line)}</pre>
        </div>
    }
}
