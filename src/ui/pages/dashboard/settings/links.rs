//! The dashboard's links: add, edit, reorder and remove. A URL the app would never follow
//! (`javascript:`, `data:` ...) is refused with a sentence under the field and is not
//! applied; it stays in the field as typed so nothing is lost.

use super::super::edit::EditContext;
use super::general::{change, current, FieldError};
use crate::core::authoring::settings::{join_list, link_url_problem, new_link, split_list};
use crate::core::dashboard::DashboardLink;
use leptos::prelude::*;

#[component]
pub fn LinksEditor(ctx: EditContext) -> impl IntoView {
    let count = Memo::new(move |_| current(ctx).links.len());
    view! {
        <h2>"Links"</h2>
        <p class="muted settings-hint">"Links shown in the dashboard header: a URL, or the dashboards with some tags."</p>
        <ol class="settings-links" data-testid="settings-links">
            <For each=move || 0..count.get() key=|i| *i children=move |i| view! { <LinkRow ctx index=i /> } />
        </ol>
        <button class="btn" data-testid="settings-link-add"
            on:click=move |_| change(ctx, |s| s.links.push(new_link()))>"Add link"</button>
    }
}

/// One link's fields, read from the settings by its place in the list.
#[component]
fn LinkRow(ctx: EditContext, index: usize) -> impl IntoView {
    let link = move || current(ctx).links.get(index).cloned();
    let field =
        move |f: fn(&DashboardLink) -> String| move || link().map(|l| f(&l)).unwrap_or_default();
    let flag = move |f: fn(&DashboardLink) -> bool| move || link().is_some_and(|l| f(&l));
    let edit = move |f: Box<dyn FnOnce(&mut DashboardLink)>| {
        change(ctx, |s| {
            if let Some(link) = s.links.get_mut(index) {
                f(link);
            }
        })
    };
    let refused = RwSignal::new(None::<String>);
    let set_url = move |url: String| match link_url_problem(&url) {
        Some(problem) => refused.set(Some(problem)),
        None => {
            refused.set(None);
            let url = url.trim().to_string();
            edit(Box::new(move |l| l.url = (!url.is_empty()).then_some(url)));
        }
    };
    let id = move |what: &str| format!("settings-link-{index}-{what}");
    let n = index + 1;
    let is_dashboards = move || link().is_some_and(|l| l.link_type == "dashboards");
    view! {
        <li class="settings-link" data-testid="settings-link">
            <label for=id("title")>{format!("Link {n} title")}</label>
            <input id=id("title") class="input" data-testid="settings-link-title" prop:value=field(|l| l.title.clone())
                on:change=move |ev| { let v = event_target_value(&ev); edit(Box::new(move |l| l.title = v)) } />
            <label for=id("type")>"Type"</label>
            <select id=id("type") class="input" data-testid="settings-link-type"
                on:change=move |ev| { let v = event_target_value(&ev); edit(Box::new(move |l| l.link_type = v)) }>
                <option value="link" selected=move || !is_dashboards()>"Link"</option>
                <option value="dashboards" selected=is_dashboards>"Dashboards"</option>
            </select>
            <Show when=move || !is_dashboards()>
                <label for=id("url")>"URL"</label>
                <input id=id("url") class="input" data-testid="settings-link-url" placeholder="https://…"
                    prop:value=field(|l| l.url.clone().unwrap_or_default())
                    on:change=move |ev| set_url(event_target_value(&ev)) />
            </Show>
            <Show when=move || !is_dashboards()>
                <label for=id("tooltip")>"Tooltip"</label>
                <input id=id("tooltip") class="input" data-testid="settings-link-tooltip" prop:value=field(|l| l.tooltip.clone())
                    on:change=move |ev| { let v = event_target_value(&ev); edit(Box::new(move |l| l.tooltip = v)) } />
            </Show>
            <Show when=is_dashboards>
                <label for=id("tags")>"With tags"</label>
                <input id=id("tags") class="input" data-testid="settings-link-tags" prop:value=field(|l| join_list(&l.tags))
                    on:change=move |ev| { let v = split_list(&event_target_value(&ev)); edit(Box::new(move |l| l.tags = v)) } />
            </Show>
            <FieldError error=refused testid="settings-link-refused" />
            <div class="settings-link-flags">
                <Show when=is_dashboards>
                    <label class="settings-check"><input type="checkbox" data-testid="settings-link-dropdown" prop:checked=flag(|l| l.as_dropdown)
                        on:change=move |ev| { let v = event_target_checked(&ev); edit(Box::new(move |l| l.as_dropdown = v)) } />"Show as dropdown"</label>
                </Show>
                <label class="settings-check"><input type="checkbox" prop:checked=flag(|l| l.keep_time)
                    on:change=move |ev| { let v = event_target_checked(&ev); edit(Box::new(move |l| l.keep_time = v)) } />"Include time range"</label>
                <label class="settings-check"><input type="checkbox" prop:checked=flag(|l| l.include_vars)
                    on:change=move |ev| { let v = event_target_checked(&ev); edit(Box::new(move |l| l.include_vars = v)) } />"Include variable values"</label>
                <label class="settings-check"><input type="checkbox" prop:checked=flag(|l| l.target_blank)
                    on:change=move |ev| { let v = event_target_checked(&ev); edit(Box::new(move |l| l.target_blank = v)) } />"Open in new tab"</label>
            </div>
            <div class="settings-link-actions">
                <button class="btn" aria-label=format!("Move link {n} up") prop:disabled=move || index == 0
                    on:click=move |_| change(ctx, |s| s.links.swap(index, index - 1))>"↑"</button>
                <button class="btn" aria-label=format!("Move link {n} down")
                    prop:disabled=move || { index + 1 >= current(ctx).links.len() }
                    on:click=move |_| change(ctx, |s| if index + 1 < s.links.len() { s.links.swap(index, index + 1) })>"↓"</button>
                <button class="btn" data-testid="settings-link-remove" aria-label=format!("Remove link {n}")
                    on:click=move |_| change(ctx, |s| if index < s.links.len() { s.links.remove(index); })>"Remove"</button>
            </div>
        </li>
    }
}
