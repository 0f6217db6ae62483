//! The panel inspector: each request of the last run (method, URL, form body, status, size,
//! time, whether it was shared, what it returned or why it failed) and the notices.

use crate::core::panel::InspectEntry;
use crate::ui::panels::data::PanelData;
use leptos::prelude::*;

#[component]
pub fn Inspector(data: Option<PanelData>, on_close: Callback<()>) -> impl IntoView {
    let entries = move || {
        data.and_then(|d| {
            d.with_result(|r| r.map(|r| (r.inspect.clone(), r.notices.clone(), r.total_ms)))
        })
        .unwrap_or_default()
    };
    view! {
        <div class="panel-inspect" data-testid="panel-inspect">
            <div class="panel-inspect-head">
                <strong>"Inspect"</strong>
                <button class="btn" on:click=move |_| on_close.run(())>"Close"</button>
            </div>
            {move || {
                let (list, notices, total) = entries();
                view! {
                    <p>{format!("{} request(s), {:.0} ms in all", list.len(), total)}</p>
                    {list.into_iter().map(inspect_row).collect_view()}
                    {(!notices.is_empty()).then(|| view! { <p>"Notices:"</p><ul>{notices.into_iter().map(|n| view! { <li>{n}</li> }).collect_view()}</ul> })}
                }
            }}
        </div>
    }
}

fn inspect_row(e: InspectEntry) -> impl IntoView {
    let status = e
        .status
        .map_or("no response".to_string(), |s| format!("HTTP {s}"));
    view! {
        <div class="inspect-entry">
            <div><strong>{e.ref_id}</strong>" "{e.method}" "<code>{e.url}</code></div>
            {e.form_body.map(|b| view! { <div>"Form body: "<code>{b}</code></div> })}
            <div>{format!("{status}, {} bytes received, {:.0} ms{}, {} series, {} points", e.bytes, e.elapsed_ms, if e.shared { " (shared with an identical request)" } else { "" }, e.series, e.points)}</div>
            {e.error.map(|m| view! { <div class="inspect-error">{m}</div> })}
        </div>
    }
}
