//! A multi-value variable's picker as a WAI-ARIA multi-select listbox (issue 19): the button
//! opens the list and the focus moves onto it; ArrowUp/Down, Home/End move the active option
//! (`aria-activedescendant`), Space or Enter selects or unselects it, typed letters filter
//! the options (Backspace takes one back), Escape closes the list and gives the focus back to
//! the button, Tab or a press outside closes it. "All" is exclusive, as in Grafana. Each
//! toggle applies at once (the URL changes and the bar is drawn anew), so the open state, the
//! filter and the active option live in [`MultiSelectState`], which the variable's control
//! keeps across redraws. The key rules are core's `dashboard::option_list`.

use crate::core::dashboard::{
    filtered_options, list_key, moved_active, multi_summary, options_with_current,
    toggled_selection, ListKey,
};
use crate::core::variables::Variable;
use crate::ui::a11y::focus_scope::{close_to, use_popup_focus};
use leptos::prelude::*;
use std::sync::Arc;

/// What survives the control being drawn anew after a toggle.
#[derive(Clone, Copy)]
pub struct MultiSelectState {
    open: RwSignal<bool>,
    filter: RwSignal<String>,
    /// The active option's position among the shown (filtered) options.
    active: RwSignal<Option<usize>>,
}

impl MultiSelectState {
    pub fn new() -> MultiSelectState {
        MultiSelectState {
            open: RwSignal::new(false),
            filter: RwSignal::new(String::new()),
            active: RwSignal::new(None),
        }
    }
}

/// Ids are built from the variable name: letters, digits, `-` and `_` kept.
fn id_base(name: &str) -> String {
    let safe: String = name
        .chars()
        .map(|c| {
            if c.is_ascii_alphanumeric() || c == '_' {
                c
            } else {
                '-'
            }
        })
        .collect();
    format!("var-{safe}")
}

#[component]
pub fn MultiSelect(
    variable: Variable,
    state: MultiSelectState,
    choose: impl Fn(Vec<String>) + Clone + Send + Sync + 'static,
) -> impl IntoView {
    let MultiSelectState {
        open,
        filter,
        active,
    } = state;
    let (scope, popup, button) = (NodeRef::new(), NodeRef::new(), NodeRef::new());
    // Focus onto the list when it opens (and when it is drawn anew while open).
    let _ = use_popup_focus(open, scope, popup, button);
    let base = id_base(&variable.name);
    let name = variable
        .label
        .clone()
        .unwrap_or_else(|| variable.name.clone());
    let selected = Arc::new(variable.current.values.clone());
    let include_all = variable.include_all;
    let options = Arc::new(options_with_current(&variable));
    let shown_options = options.clone();
    let shown = Memo::new(move |_| filter.with(|f| filtered_options(&shown_options, f)));
    let option_id = {
        let base = base.clone();
        move |i: usize| format!("{base}-option-{i}")
    };
    let toggle = {
        let (options, selected) = (options.clone(), selected.clone());
        move |index: usize| {
            if let Some(o) = options.get(index) {
                choose(toggled_selection(&selected, &o.value, include_all));
            }
        }
    };
    let on_key = {
        let toggle = toggle.clone();
        move |ev: web_sys::KeyboardEvent| {
            if ev.key() == "Tab" {
                open.set(false);
                return;
            }
            if ev.ctrl_key() || ev.meta_key() || ev.alt_key() {
                return;
            }
            let Some(key) = list_key(&ev.key()) else {
                return;
            };
            ev.prevent_default();
            ev.stop_propagation();
            match &key {
                ListKey::Close => return close_to(open, button),
                ListKey::Type(c) => filter.update(|f| f.push(*c)),
                ListKey::Erase => filter.update(|f| {
                    f.pop();
                }),
                ListKey::Toggle => {
                    let index = active
                        .get_untracked()
                        .and_then(|a| shown.with_untracked(|s| s.get(a).copied()));
                    if let Some(index) = index {
                        toggle(index);
                    }
                    return;
                }
                _ => {}
            }
            let len = shown.with_untracked(Vec::len);
            let start = match key {
                ListKey::Type(_) | ListKey::Erase => None,
                _ => active.get_untracked(),
            };
            let next = match key {
                ListKey::Type(_) | ListKey::Erase => (len > 0).then_some(0),
                _ => moved_active(start, &key, len),
            };
            active.set(next);
        }
    };
    let active_id = {
        let option_id = option_id.clone();
        move || {
            let index = active.get().and_then(|a| shown.with(|s| s.get(a).copied()));
            index.map(&option_id)
        }
    };
    let list = move || {
        let (options, selected, toggle, option_id) = (
            options.clone(),
            selected.clone(),
            toggle.clone(),
            option_id.clone(),
        );
        shown.get().into_iter().enumerate().map(move |(position, index)| {
            let o = &options[index];
            let checked = selected.contains(&o.value);
            let toggle = toggle.clone();
            view! {
                <li class="var-option" class:checked=checked class:active=move || active.get() == Some(position)
                    id=option_id(index) role="option" aria-selected=checked.to_string() data-value=o.value.clone()
                    on:click=move |_| { active.set(Some(position)); toggle(index) }>
                    <span class="var-check" aria-hidden="true">{if checked { "☑" } else { "☐" }}</span>{o.text.clone()}
                </li>
            }
        }).collect_view()
    };
    let listbox_id = format!("{base}-listbox");
    view! {
        <div class="var-multi" node_ref=scope>
            <button class="select var-multi-button" data-testid="variable-button" node_ref=button id=format!("{base}-button")
                aria-haspopup="listbox" aria-expanded=move || open.get().to_string() aria-controls={
                    let id = listbox_id.clone();
                    move || open.get().then(|| id.clone())
                }
                aria-label=format!("{name}: {}", multi_summary(&variable))
                on:keydown=move |ev| if ev.key() == "ArrowDown" { ev.prevent_default(); open.set(true) }
                on:click=move |_| {
                    if !open.get_untracked() {
                        filter.set(String::new());
                        active.set(None);
                    }
                    open.update(|o| *o = !*o)
                }>{multi_summary(&variable)}</button>
            <Show when=move || open.get()>
                <div class="dropdown var-dropdown" data-testid="variable-options" node_ref=popup>
                    <Show when=move || filter.with(|f| !f.is_empty())>
                        <p class="var-filter" data-testid="variable-filter">"Filter: " {move || filter.get()}</p>
                    </Show>
                    <ul class="var-listbox" role="listbox" tabindex="0" id=listbox_id.clone() aria-multiselectable="true"
                        aria-label=name.clone() aria-activedescendant=active_id.clone() on:keydown=on_key.clone()>
                        {list.clone()}
                    </ul>
                    <p class="visually-hidden" aria-live="polite" data-testid="variable-filter-status">
                        {move || filter.with(|f| (!f.is_empty()).then(|| format!("{} options match {f}", shown.with(Vec::len))))}
                    </p>
                </div>
            </Show>
        </div>
    }
}
