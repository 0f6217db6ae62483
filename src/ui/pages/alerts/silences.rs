//! `/alerts/silences`: Alertmanager's silences (active, pending, expired), each editable or
//! expirable, and the form that creates or edits one.

use super::client::{client, use_alertmanager};
use super::draft_store;
use super::silence_form::SilenceForm;
use crate::api::http::abort_handle;
use crate::core::alertmanager::{
    listed_state, silence_matchers_text, GettableSilence, SilenceDraft, SilenceState,
};
use crate::core::load::LoadState;
use crate::ui::view_state::app_href;
use leptos::prelude::*;
use leptos::task::spawn_local;

#[component]
pub fn SilencesPage() -> impl IntoView {
    let silences = use_alertmanager(|client, signal| async move { client.silences(&signal).await });
    let alerts = use_alertmanager(|client, signal| async move { client.alerts(&signal).await });
    // A draft left from before (an error, a reload, the Silence button of an alert) reopens.
    let editing = RwSignal::new(draft_store::load());
    let open_new = move |_| {
        let draft = SilenceDraft {
            duration: "2h".into(),
            ..SilenceDraft::default()
        };
        draft_store::save(&draft);
        editing.set(Some(draft));
    };
    view! {
        <section class="page silences-page" data-testid="silences-page">
            <h1>"Silences"</h1>
            <p class="am-nav"><a href=app_href("/alerts")>"Alert groups"</a>" · "
                <button type="button" class="btn" data-testid="silence-new" on:click=open_new>"New silence"</button></p>
            {move || editing.get().map(|draft| view! { <SilenceForm draft editing alerts /> })}
            <div class="panel am-silences-panel" data-testid="panel" data-panel-title="Silences"
                data-state=move || silences.settled().data_state(|s: &Vec<GettableSilence>| s.is_empty())
                data-series=move || silences.latest().map_or(0, |s| s.len()).to_string()>
                {move || match silences.settled() {
                    LoadState::Idle | LoadState::Loading => view! { <p class="panel-spinner">"loading…"</p> }.into_any(),
                    LoadState::Failed(e) => view! { <div class="panel-error" data-testid="panel-error">{e.to_string()}</div> }.into_any(),
                    LoadState::Ready(list) => view! { <SilenceTable list editing /> }.into_any(),
                }}
            </div>
        </section>
    }
}

/// The silences, active first, then pending, then expired; the newest end first in each.
#[component]
fn SilenceTable(
    list: Vec<GettableSilence>,
    editing: RwSignal<Option<SilenceDraft>>,
) -> impl IntoView {
    let now = js_sys::Date::now();
    let rank = |s: SilenceState| match s {
        SilenceState::Active => 0,
        SilenceState::Pending => 1,
        SilenceState::Expired => 2,
    };
    let mut rows: Vec<(SilenceState, GettableSilence)> = list
        .into_iter()
        .map(|s| (listed_state(&s, now), s))
        .collect();
    crate::core::sort::sort_by(&mut rows, |a, b| {
        rank(a.0)
            .cmp(&rank(b.0))
            .then(b.1.ends_at.cmp(&a.1.ends_at))
    });
    view! {
        <table class="data-table am-silences">
            <thead><tr><th>"State"</th><th>"Matchers"</th><th>"Starts"</th><th>"Ends"</th><th>"Creator"</th><th>"Comment"</th><th><span class="visually-hidden">"Actions"</span></th></tr></thead>
            <tbody>{rows.into_iter().map(|(state, s)| view! { <SilenceRow state silence=s editing /> }).collect_view()}</tbody>
        </table>
    }
}

#[component]
fn SilenceRow(
    state: SilenceState,
    silence: GettableSilence,
    editing: RwSignal<Option<SilenceDraft>>,
) -> impl IntoView {
    let problem = RwSignal::new(None::<String>);
    let generation = super::client::generation();
    let draft = SilenceDraft::from_silence(&silence);
    let edit = move |_| {
        draft_store::save(&draft);
        editing.set(Some(draft.clone()));
    };
    let id = silence.id.clone();
    // Read here: a spawned task runs outside the component, where there is no context.
    let am = client();
    let expire = move |_| {
        let (id, am) = (id.clone(), am.clone());
        spawn_local(async move {
            let result = match (am, abort_handle()) {
                (Ok(client), Ok((_keep, signal))) => client.expire_silence(&id, &signal).await,
                (Err(e), _) => Err(e),
                (_, Err(e)) => Err(e.into()),
            };
            match result {
                Ok(()) => generation.bump(),
                Err(e) => problem.set(Some(e.to_string())),
            }
        });
    };
    let state_name = state.as_str();
    view! {
        <tr data-testid="silence-row" data-silence-id=silence.id.clone() data-silence-state=state_name>
            <td data-label="State"><span class=format!("am-state am-silence-{state_name}")>{state_name}</span></td>
            <td data-label="Matchers"><code>{silence_matchers_text(&silence)}</code></td>
            <td data-label="Starts">{silence.starts_at.clone()}</td>
            <td data-label="Ends">{silence.ends_at.clone()}</td>
            <td data-label="Creator">{silence.created_by.clone()}</td>
            <td data-label="Comment">{silence.comment.clone()}
                {move || problem.get().map(|p| view! { <div class="error-text" role="alert" data-testid="silence-row-error">{p}</div> })}</td>
            <td class="am-actions">
                <button type="button" class="btn" data-testid="silence-edit" on:click=edit>"Edit"</button>
                {(state != SilenceState::Expired).then(|| view! {
                    <button type="button" class="btn" data-testid="silence-expire" on:click=expire>"Expire"</button>
                })}
            </td>
        </tr>
    }
}
