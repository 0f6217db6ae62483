//! Panel links (Panel options) and data links (their own group), as Grafana's inline link
//! editor lists them: each a title, a URL that may use variables, and "Open in new tab", with
//! "+ Add link". A URL is stored only when core accepts it (`safe_url`: http(s), mailto or
//! relative); a `javascript:` URL is refused with the reason and the field keeps the typing.

use super::EditedPanel;
use crate::core::panel_options::links::{
    add_link, link_rows, remove_link, set_link_field, LinkField, LinkRow,
};
use leptos::prelude::*;

#[component]
pub fn LinksEditor(
    panel: EditedPanel,
    /// `/links` (panel links) or `/fieldConfig/defaults/links` (data links).
    pointer: &'static str,
    /// Prefix of the testids (`panel-editor-panel-link`, `panel-editor-data-link`).
    testid: &'static str,
    add_label: &'static str,
) -> impl IntoView {
    let rows = Memo::new(move |_| panel.with(Vec::new(), |p| link_rows(p.pointer(pointer))));
    let add = move |_| {
        panel.set_step(
            pointer,
            Some(add_link(panel.at_untracked(pointer).as_ref())),
        )
    };
    view! {
        <div class="pe-links" data-testid=format!("{testid}s")>
            <For each=move || 0..rows.with(Vec::len) key=|i| *i let:i>
                <LinkRowEditor panel pointer testid rows i />
            </For>
            <button type="button" class="btn" data-testid=format!("{testid}-add") on:click=add>{add_label}</button>
        </div>
    }
}

#[component]
fn LinkRowEditor(
    panel: EditedPanel,
    pointer: &'static str,
    testid: &'static str,
    rows: Memo<Vec<LinkRow>>,
    i: usize,
) -> impl IntoView {
    let row = move || rows.with(|r| r.get(i).cloned().unwrap_or_default());
    let problem = RwSignal::new(None::<String>);
    let write = move |field: LinkField| match set_link_field(
        panel.at_untracked(pointer).as_ref(),
        i,
        field,
    ) {
        Ok(links) => {
            problem.set(None);
            panel.set(pointer, Some(links));
        }
        Err(why) => problem.set(Some(why)),
    };
    let remove = move |_| {
        panel.set_step(
            pointer,
            remove_link(panel.at_untracked(pointer).as_ref(), i),
        )
    };
    view! {
        <div class="pe-link" data-testid=testid>
            <label class="pe-field">
                <span class="pe-label">"Title"</span>
                <input type="text" data-testid=format!("{testid}-title") prop:value=move || row().title
                    on:change=move |ev| write(LinkField::Title(event_target_value(&ev))) />
            </label>
            <label class="pe-field">
                <span class="pe-label">"URL"</span>
                <input type="text" data-testid=format!("{testid}-url") placeholder="https://… or /d/uid?${__url_time_range}"
                    aria-invalid=move || problem.with(Option::is_some).to_string()
                    prop:value=move || row().url on:change=move |ev| write(LinkField::Url(event_target_value(&ev))) />
                {move || problem.get().map(|why| view! { <span class="pe-problem" role="alert">{why}</span> })}
            </label>
            <div class="pe-link-foot">
                <label class="pe-field pe-check">
                    <input type="checkbox" data-testid=format!("{testid}-new-tab") prop:checked=move || row().new_tab
                        on:change=move |ev| write(LinkField::NewTab(event_target_checked(&ev))) />
                    <span class="pe-label">"Open in new tab"</span>
                </label>
                <button type="button" class="btn btn-small" aria-label=move || format!("Remove link {}", i + 1) on:click=remove>"Remove"</button>
            </div>
        </div>
    }
}
