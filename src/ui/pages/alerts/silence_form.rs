//! The silence form: matchers in Alertmanager's syntax, start, duration or end, creator and
//! comment, checked by core before sending; Alertmanager's own refusal (400 with its text,
//! 401/403 from a proxy) shows on the form, and the draft stays in `sessionStorage` throughout.

use super::client::{client, generation};
use super::draft_store;
use super::silence_preview::SilencePreview;
use crate::api::http::abort_handle;
use crate::core::alertmanager::{DraftError, DraftField, GettableAlert, SilenceDraft};
use crate::ui::query::Query;
use leptos::prelude::*;
use leptos::task::spawn_local;

type ReadField = fn(&SilenceDraft) -> String;
type WriteField = fn(&mut SilenceDraft, String);

#[component]
pub fn SilenceForm(
    draft: SilenceDraft,
    editing: RwSignal<Option<SilenceDraft>>,
    alerts: Query<Vec<GettableAlert>>,
) -> impl IntoView {
    let current = RwSignal::new(draft);
    let problem = RwSignal::new(None::<DraftError>);
    let refused = RwSignal::new(None::<String>);
    let sending = RwSignal::new(false);
    let generation = generation();
    // Read here: a spawned task runs outside the component, where there is no context.
    let am = client();
    // Every keystroke is kept: an error, a reload or another page loses nothing.
    Effect::new(move |_| current.with(draft_store::save));
    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        refused.set(None);
        let silence = match current.get_untracked().validate(js_sys::Date::now()) {
            Ok(s) => s,
            Err(e) => return problem.set(Some(e)),
        };
        problem.set(None);
        sending.set(true);
        let am = am.clone();
        spawn_local(async move {
            let result = match (am, abort_handle()) {
                (Ok(client), Ok((_keep, signal))) => client.post_silence(&silence, &signal).await,
                (Err(e), _) => Err(e),
                (_, Err(e)) => Err(e.into()),
            };
            sending.set(false);
            match result {
                Ok(_) => {
                    draft_store::clear();
                    editing.set(None);
                    generation.bump();
                }
                Err(e) => refused.set(Some(e.to_string())),
            }
        });
    };
    let discard = move |_| {
        draft_store::clear();
        editing.set(None);
    };
    let title = move || {
        if current.with(|d| d.id.is_some()) {
            "Edit silence"
        } else {
            "New silence"
        }
    };
    let field = move |label, field, get, set, hint| view! { <DraftInput label field get set hint current problem /> };
    view! {
        <form class="am-silence-form" data-testid="silence-form" on:submit=submit aria-labelledby="silence-form-title" novalidate>
            <h2 id="silence-form-title">{title}</h2>
            {field("Matchers", DraftField::Matchers, (|d| d.matchers.clone()) as ReadField, (|d, v| d.matchers = v) as WriteField, r#"{alertname="MeshNodeDown", severity=~"critical|warning"}"#)}
            <div class="am-form-row">
                {field("Start", DraftField::StartsAt, |d| d.starts_at.clone(), |d, v| d.starts_at = v, "empty for now, or 2026-12-07T15:00:00Z")}
                {field("Duration", DraftField::Duration, |d| d.duration.clone(), |d, v| d.duration = v, "2h, 1d12h (or leave empty and give an end)")}
                {field("End", DraftField::EndsAt, |d| d.ends_at.clone(), |d, v| d.ends_at = v, "2026-12-07T17:00:00Z")}
            </div>
            {field("Creator", DraftField::CreatedBy, |d| d.created_by.clone(), |d, v| d.created_by = v, "you@example.org")}
            {field("Comment", DraftField::Comment, |d| d.comment.clone(), |d, v| d.comment = v, "why: the ticket, the planned work")}
            {move || refused.get().map(|text| view! {
                <div class="panel-error am-refused" role="alert" data-testid="silence-error">"Alertmanager refused the silence: "{text}</div>
            })}
            <div class="am-form-actions">
                <button type="submit" class="btn primary" data-testid="silence-submit" disabled=move || sending.get()>
                    {move || if sending.get() { "Sending…" } else { "Save silence" }}</button>
                <button type="button" class="btn" data-testid="silence-discard" on:click=discard>"Discard"</button>
            </div>
            <SilencePreview draft=current.into() alerts />
        </form>
    }
}

/// One labelled field of the draft, with the problem core found in it, if any.
#[component]
fn DraftInput(
    label: &'static str,
    field: DraftField,
    get: ReadField,
    set: WriteField,
    hint: &'static str,
    current: RwSignal<SilenceDraft>,
    problem: RwSignal<Option<DraftError>>,
) -> impl IntoView {
    let name = field.as_str();
    let (input_id, error_id) = (format!("silence-{name}"), format!("silence-{name}-error"));
    let message = move || {
        problem
            .get()
            .filter(|p| p.field == field)
            .map(|p| p.message)
    };
    view! {
        <div class=format!("am-field am-field-{name}")>
            <label for=input_id.clone()>{label}</label>
            <input class="input" id=input_id.clone() data-testid=input_id placeholder=hint
                aria-invalid=move || message().is_some().to_string() aria-describedby=error_id.clone()
                prop:value=move || current.with(get) on:input=move |ev| current.update(|d| set(d, event_target_value(&ev))) />
            <div class="error-text" id=error_id data-testid=format!("silence-{name}-problem")>{message}</div>
        </div>
    }
}
