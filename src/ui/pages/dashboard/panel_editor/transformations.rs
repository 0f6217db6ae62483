//! The Transform data tab: the panel's `transformations` in the order they run, each a card
//! with its name and description, move up/down, disable (skipped when run, as Grafana's eye
//! icon) and remove, and its options in its own form (`transform_form`, field choices from
//! the panel's data before it), with the JSON behind an "Advanced" toggle (set when the field
//! is left; refused JSON is said and not stored). "Add transformation" lists those core runs.
//! Every action is an undo step; the preview runs the list at once.

use super::input_frames::use_input_frames;
use super::transform_form::TransformForm;
use super::transform_inputs::OptionsAt;
use super::EditedPanel;
use crate::core::authoring::panel_edit::text_at;
use crate::core::panel_options::groups::applies_transformations;
use crate::core::panel_options::transform_forms::input_field_names;
use crate::core::panel_options::transforms::{
    add_transform, move_transform, remove_transform, set_disabled, set_options, transform_info,
    transform_rows, TransformRow, TRANSFORMS,
};
use crate::core::transform::DataFrame;
use leptos::prelude::*;

const POINTER: &str = "/transformations";

#[component]
pub fn TransformationsTab(panel: EditedPanel) -> impl IntoView {
    let rows =
        Memo::new(move |_| panel.with(Vec::new(), |p| transform_rows(p.get("transformations"))));
    let applied = move || panel.with(true, |p| applies_transformations(&text_at(p, "/type")));
    let input = use_input_frames(panel);
    let on_add = move |ev| {
        let id = event_target_value(&ev);
        if !id.is_empty() {
            panel.set_step(
                POINTER,
                add_transform(panel.at_untracked(POINTER).as_ref(), &id),
            );
        }
    };
    view! {
        <section class="pe-transforms" data-testid="panel-editor-transformations" aria-label="Transformations">
            <Show when=move || !applied()>
                <p class="pe-note">"Meshboard runs transformations in Table panels; this type keeps them for when it does."</p>
            </Show>
            <Show when=move || rows.with(Vec::is_empty)>
                <p class="pe-note">"Transformations change the query results before the panel draws them: join, reduce, filter, sort, rename and more."</p>
            </Show>
            <ol class="pe-transform-list">
                <For each=move || 0..rows.with(Vec::len) key=|i| *i let:i>
                    <TransformCard panel rows i input />
                </For>
            </ol>
            <label class="pe-field">
                <span class="pe-label">"Add transformation"</span>
                <select data-testid="panel-editor-add-transformation" on:change=on_add prop:value="">
                    <option value="" selected=true>"Choose a transformation…"</option>
                    {TRANSFORMS.iter().map(|t| view! { <option value=t.id title=t.description>{t.name}</option> }).collect_view()}
                </select>
            </label>
        </section>
    }
}

#[component]
fn TransformCard(
    panel: EditedPanel,
    rows: Memo<Vec<TransformRow>>,
    i: usize,
    input: Memo<Vec<DataFrame>>,
) -> impl IntoView {
    let row = move || {
        rows.with(|r| {
            r.get(i).cloned().unwrap_or(TransformRow {
                id: String::new(),
                disabled: false,
                options_text: String::new(),
            })
        })
    };
    let name = move || {
        let id = row().id;
        transform_info(&id).map_or(format!("{id} (not run by Meshboard)"), |t| {
            t.name.to_string()
        })
    };
    let description = move || {
        transform_info(&row().id)
            .map(|t| t.description)
            .unwrap_or_default()
    };
    let fields = Signal::derive(move || {
        input.with(|frames| {
            panel.with(Vec::new(), |p| {
                input_field_names(frames, p.get("transformations"), i)
            })
        })
    });
    let id = Memo::new(move |_| row().id);
    let advanced = RwSignal::new(false);
    let at = OptionsAt { panel, i };
    view! {
        <li class="pe-transform" data-testid="panel-editor-transformation" data-transform-id=move || row().id
            data-disabled=move || row().disabled.to_string()>
            <CardHead panel rows i name=Signal::derive(name) />
            <p class="pe-note">{description}</p>
            {move || view! { <TransformForm at id=id.get() fields /> }}
            <button type="button" class="btn btn-small pe-advanced" data-testid="panel-editor-transformation-advanced"
                aria-expanded=move || advanced.get().to_string() on:click=move |_| advanced.update(|a| *a = !*a)>
                {move || if advanced.get() { "Hide JSON" } else { "Advanced: edit as JSON" }}
            </button>
            <Show when=move || advanced.get()>
                <OptionsJson panel i text=Signal::derive(move || row().options_text) />
            </Show>
        </li>
    }
}

/// The card's head: its number and name, move up/down, disable and remove.
#[component]
fn CardHead(
    panel: EditedPanel,
    rows: Memo<Vec<TransformRow>>,
    i: usize,
    name: Signal<String>,
) -> impl IntoView {
    let list = move || panel.at_untracked(POINTER);
    let disabled = move || rows.with(|r| r.get(i).is_some_and(|t| t.disabled));
    let last = move || rows.with(Vec::len).saturating_sub(1);
    view! {
        <div class="pe-transform-head">
            <span class="pe-transform-name">{move || format!("{}. {}", i + 1, name.get())}</span>
            <button type="button" class="btn btn-small" aria-label=move || format!("Move {} up", name.get())
                disabled=move || i == 0 on:click=move |_| panel.set_step(POINTER, move_transform(list().as_ref(), i, -1))>"↑"</button>
            <button type="button" class="btn btn-small" aria-label=move || format!("Move {} down", name.get())
                disabled={move || i >= last()} on:click=move |_| panel.set_step(POINTER, move_transform(list().as_ref(), i, 1))>"↓"</button>
            <button type="button" class="btn btn-small" data-testid="panel-editor-transformation-disable"
                aria-pressed=move || disabled().to_string() aria-label=move || format!("Disable {}", name.get())
                on:click=move |_| panel.set_step(POINTER, set_disabled(list().as_ref(), i, !disabled()))>
                {move || if disabled() { "Disabled" } else { "Enabled" }}
            </button>
            <button type="button" class="btn btn-small" data-testid="panel-editor-transformation-remove"
                aria-label=move || format!("Remove {}", name.get())
                on:click=move |_| panel.set_step(POINTER, remove_transform(list().as_ref(), i))>"×"</button>
        </div>
    }
}

/// The options as JSON, set when the field is left (refused JSON is said, not stored).
#[component]
fn OptionsJson(panel: EditedPanel, i: usize, text: Signal<String>) -> impl IntoView {
    let problem = RwSignal::new(None::<String>);
    let on_options = move |ev| match set_options(
        panel.at_untracked(POINTER).as_ref(),
        i,
        &event_target_value(&ev),
    ) {
        Ok(stored) => {
            problem.set(None);
            panel.set_step(POINTER, stored);
        }
        Err(why) => problem.set(Some(why)),
    };
    let options_id = format!("pe-transform-options-{i}");
    view! {
        <label class="pe-field" for=options_id.clone()>
            <span class="pe-label">"Options (JSON)"</span>
        </label>
        <textarea id=options_id class="pe-transform-options" rows="4" spellcheck="false" data-testid="panel-editor-transformation-options"
            aria-invalid=move || problem.with(Option::is_some).to_string()
            prop:value=text on:change=on_options></textarea>
        {move || problem.get().map(|why| view! { <span class="pe-problem" role="alert">{why}</span> })}
    }
}
