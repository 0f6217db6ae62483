//! Span details: tags, process, events (logs), references and warnings, all as text nodes,
//! each section with a copy button, plus the logs link for the span's time range.

use std::sync::Arc;

use leptos::prelude::*;
use leptos_router::components::A;

use super::canvas::copy_text;
use crate::core::trace::{format_duration_us, Tag, TraceModel};
use crate::core::trace_explore::logs_link;

fn tags_text(tags: &[Tag]) -> String {
    tags.iter()
        .map(|t| format!("{}={}", t.key, t.value))
        .collect::<Vec<_>>()
        .join("\n")
}

#[component]
fn TagTable(title: &'static str, testid: &'static str, tags: Vec<Tag>) -> impl IntoView {
    let copy = tags_text(&tags);
    let empty = tags.is_empty();
    view! {
        <section class="sd-section" data-testid=testid>
            <h4>{title} <span class="muted">{format!(" ({})", tags.len())}</span>
                <button class="btn btn-small" title="Copy as key=value lines" on:click=move |_| copy_text(copy.clone())>"Copy"</button>
            </h4>
            {if empty {
                view! { <p class="muted">"none"</p> }.into_any()
            } else {
                view! {
                    <table class="sd-table">
                        <tbody>
                            {tags.into_iter().map(|t| view! {
                                <tr data-testid="span-tag" data-key=t.key.clone()>
                                    <td class="sd-key">{t.key.clone()}</td>
                                    <td class="sd-value">{t.value.to_string()}</td>
                                    <td class="sd-type muted">{t.value.type_name()}</td>
                                </tr>
                            }).collect_view()}
                        </tbody>
                    </table>
                }.into_any()
            }}
        </section>
    }
}

#[component]
pub fn SpanDetails(model: Arc<TraceModel>, span: usize, on_close: Callback<()>) -> impl IntoView {
    let Some(s) = model.trace.spans.get(span).cloned() else {
        return view! { <aside class="span-details" data-testid="span-details">"Span not found."</aside> }.into_any();
    };
    let trace_start = model.trace.start_us();
    let process = model.trace.process_of(&s).cloned().unwrap_or_default();
    let logs_href =
        crate::ui::view_state::app_href(&logs_link(&s.trace_id, s.start_us, s.end_us()));
    let span_id = s.span_id.clone();
    let copy_id = s.span_id.clone();
    let refs = s.references.clone();
    let logs = s.logs.clone();
    let warnings = s.warnings.clone();
    let flags = model.tree.flags(span);
    view! {
        <aside class="span-details" data-testid="span-details" data-span-id=s.span_id.clone()>
            <header class="sd-header">
                <h3>{format!("{}: {}", process.service, s.operation)}</h3>
                <button class="btn btn-small" data-testid="span-details-close" on:click=move |_| on_close.run(())>"Close"</button>
            </header>
            <p class="sd-meta">
                <span>"Span " <code>{span_id}</code></span>
                <button class="btn btn-small" title="Copy the span id" on:click=move |_| copy_text(copy_id.clone())>"Copy id"</button>
                <span>{format!(" · start +{} · duration {}", format_duration_us(s.start_us - trace_start), format_duration_us(s.duration_us))}</span>
                {s.kind().map(|k| view! { <span>{format!(" · kind {k}")}</span> })}
                {flags.is_skewed().then(|| view! { <span class="warn">" · clock skew: drawn where it was recorded"</span> })}
                " · " <A href=logs_href attr:data-testid="span-logs-link">"Logs for this span"</A>
            </p>
            <TagTable title="Tags" testid="span-tags" tags=s.tags.clone() />
            <TagTable title="Process" testid="span-process" tags=process.tags.clone() />
            <section class="sd-section" data-testid="span-logs">
                <h4>"Events" <span class="muted">{format!(" ({})", logs.len())}</span></h4>
                {logs.into_iter().map(|log| {
                    let offset = format_duration_us(log.timestamp_us - trace_start);
                    view! {
                        <div class="sd-log">
                            <div class="muted">{format!("+{offset}")}</div>
                            <table class="sd-table"><tbody>
                                {log.fields.into_iter().map(|f| view! {
                                    <tr><td class="sd-key">{f.key.clone()}</td><td class="sd-value">{f.value.to_string()}</td></tr>
                                }).collect_view()}
                            </tbody></table>
                        </div>
                    }
                }).collect_view()}
            </section>
            <section class="sd-section" data-testid="span-references">
                <h4>"References" <span class="muted">{format!(" ({})", refs.len())}</span></h4>
                <table class="sd-table"><tbody>
                    {refs.into_iter().map(|r| view! {
                        <tr><td class="sd-key">{r.ref_type.as_str()}</td><td class="sd-value"><code>{format!("{} / {}", r.trace_id, r.span_id)}</code></td></tr>
                    }).collect_view()}
                </tbody></table>
            </section>
            {(!warnings.is_empty()).then(|| view! {
                <section class="sd-section"><h4>"Warnings"</h4>
                    {warnings.into_iter().map(|w| view! { <p class="warn">{w}</p> }).collect_view()}
                </section>
            })}
        </aside>
    }
    .into_any()
}
