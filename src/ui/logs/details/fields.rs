//! One section of the details' field table (stream labels, structured metadata, parsed labels,
//! line fields): a row per key with filter-for and filter-out buttons.

use leptos::prelude::*;

use crate::core::logs_view::details::FieldKind;
use crate::core::logs_view::text::visible_text;
use crate::core::loki::FilterOp;

/// A filter-for or filter-out click on a field.
#[derive(Debug, Clone)]
pub(super) struct FieldFilter {
    pub key: String,
    pub value: String,
    pub op: FilterOp,
    pub kind: FieldKind,
}

/// The section's heading and rows; nothing when it has no pairs.
#[component]
pub(super) fn FieldSection(
    title: &'static str,
    pairs: Vec<(String, String)>,
    kind: FieldKind,
    on_filter: Callback<FieldFilter>,
) -> impl IntoView {
    (!pairs.is_empty()).then(|| {
        let rows = pairs.into_iter().map(|(key, value)| {
            let filter = {
                let (key, value) = (key.clone(), value.clone());
                move |op: FilterOp| {
                    let (key, value) = (key.clone(), value.clone());
                    move |_| {
                        let (key, value) = (key.clone(), value.clone());
                        on_filter.run(FieldFilter { key, value, op, kind });
                    }
                }
            };
            let (for_this, out_this) = (filter(FilterOp::Equal), filter(FilterOp::NotEqual));
            let shown_value = visible_text(&value);
            view! {
                <tr class="logs-field" data-testid="log-field" data-key=key.clone() data-section=title>
                    <td class="logs-field-actions">
                        <button class="icon-btn" data-testid="filter-for" data-key=key.clone() title="Filter for this value"
                            on:click=for_this>"+"</button>
                        <button class="icon-btn" data-testid="filter-out" data-key=key.clone() title="Filter out this value"
                            on:click=out_this>"−"</button>
                    </td>
                    <td class="logs-field-key">{key.clone()}</td>
                    <td class="logs-field-value" colspan="2">{shown_value}</td>
                </tr>
            }
        });
        view! {
            <tr class="logs-details-section"><th colspan="4">{title}</th></tr>
            {rows.collect_view()}
        }
    })
}
