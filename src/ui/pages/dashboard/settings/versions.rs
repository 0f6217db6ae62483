//! The saved versions (`editview=versions`): newest first with when and why each was saved;
//! pick two to see their diff (core's Myers line diff of the pretty JSON, drawn as text rows
//! marked `-` and `+` with both line numbers), or restore one, which saves it again as a new
//! version so the history keeps every step.

use super::super::edit::EditContext;
use super::super::store::{now_ms, with_store};
use crate::core::authoring::versions::{
    diff_counts, diff_rows, ordered_pair, version_rows, DiffRow, RowKind, VersionRow,
};
use crate::core::authoring::{diff_versions, SaveError};
use crate::core::dashboard::Dashboard;
use leptos::prelude::*;

/// The viewer's offset from UTC in minutes (JavaScript gives UTC minus local).
fn local_offset_min() -> i32 {
    -(js_sys::Date::new_0().get_timezone_offset() as i32)
}

#[component]
pub fn VersionsView(ctx: EditContext) -> impl IntoView {
    let rows = Memo::new(move |_| {
        ctx.version.track();
        let uid = ctx.uid.get_value();
        with_store(|s| s.versions(&uid)).map(|v| version_rows(&v, local_offset_min()))
    });
    let picked = RwSignal::new(Vec::<u64>::new());
    let diff = RwSignal::new(None::<Result<(u64, u64, Vec<DiffRow>, String), String>>);
    let compare = move |_| {
        let chosen = picked.get_untracked();
        let [a, b] = chosen[..] else { return };
        let (old, new) = ordered_pair(a, b);
        let uid = ctx.uid.get_value();
        let load = |v: u64| {
            with_store(|s| s.load_version(&uid, v))
                .map_err(|e| e.to_string())?
                .map(|s| s.json)
                .ok_or_else(|| format!("version {v} is no longer kept"))
        };
        let result = load(old)
            .and_then(|o| load(new).map(|n| (o, n)))
            .and_then(|(o, n)| {
                let hunks = diff_versions(&o, &n)?;
                let (added, removed) = diff_counts(&hunks);
                let summary = format!("{added} lines added, {removed} removed");
                Ok((old, new, diff_rows(&hunks), summary))
            });
        diff.set(Some(result));
    };
    let restore = move |version: u64| {
        let uid = ctx.uid.get_value();
        let based_on = ctx.version.get_untracked();
        match with_store(|s| s.restore(&uid, version, based_on, now_ms())) {
            Ok(saved) => match Dashboard::parse(&saved.json) {
                Ok(dashboard) => {
                    ctx.reset(dashboard, saved.version);
                    ctx.say(
                        format!("Restored version {version} as version {}", saved.version),
                        false,
                    );
                    diff.set(None);
                    picked.set(Vec::new());
                }
                Err(e) => ctx.say(format!("The restored version could not be read: {e}"), true),
            },
            Err(SaveError::Conflict(c)) => ctx.say(
                format!(
                    "Not restored: this dashboard was saved elsewhere (version {}); reload first",
                    c.theirs.version
                ),
                true,
            ),
            Err(e) => ctx.say(format!("Not restored: {e}"), true),
        }
    };
    view! {
        <div class="settings-form settings-versions" data-testid="settings-versions">
            <h2>"Versions"</h2>
            {move || match rows.get() {
                Err(e) => view! { <p class="inline-error">{format!("The versions could not be read: {e}")}</p> }.into_any(),
                Ok(list) if list.is_empty() => view! {
                    <p class="muted" data-testid="versions-empty">"Not saved in this browser yet: the first save starts the history."</p>
                }.into_any(),
                Ok(list) => view! { <VersionTable list picked restore /> }.into_any(),
            }}
            <div class="settings-actions">
                <button class="btn primary" data-testid="versions-compare" prop:disabled=move || picked.with(|p| p.len() != 2)
                    on:click=compare>"Compare versions"</button>
                <span class="muted">"Pick two versions to compare."</span>
            </div>
            {move || diff.get().map(|d| match d {
                Ok((old, new, rows, summary)) => view! { <DiffView old new rows summary /> }.into_any(),
                Err(e) => view! { <p class="inline-error">{e}</p> }.into_any(),
            })}
        </div>
    }
}

#[component]
fn VersionTable(
    list: Vec<VersionRow>,
    picked: RwSignal<Vec<u64>>,
    restore: impl Fn(u64) + Copy + Send + Sync + 'static,
) -> impl IntoView {
    let toggle = move |v: u64, on: bool| {
        picked.update(|p| {
            p.retain(|x| *x != v);
            if on {
                p.push(v);
                // Two at most: the oldest pick gives way.
                if p.len() > 2 {
                    p.remove(0);
                }
            }
        })
    };
    view! {
        <table class="versions-table" data-testid="versions-table">
            <thead><tr><th scope="col">"Compare"</th><th scope="col">"Version"</th><th scope="col">"Saved"</th><th scope="col">"Notes"</th><th scope="col"></th></tr></thead>
            <tbody>
                {list.into_iter().map(|row| {
                    let v = row.version;
                    view! {
                        <tr data-testid="version-row" data-version=v.to_string()>
                            <td><input type="checkbox" data-testid="version-pick" aria-label=format!("Compare version {v}")
                                prop:checked=move || picked.with(|p| p.contains(&v))
                                on:change=move |ev| toggle(v, event_target_checked(&ev)) /></td>
                            <td>{v}</td>
                            <td>{row.saved_at}</td>
                            <td>{row.message}{row.current.then(|| view! { <span class="tag">"Latest"</span> })}</td>
                            <td>{(!row.current).then(|| view! {
                                <button class="btn" data-testid="version-restore" aria-label=format!("Restore version {v}")
                                    on:click=move |_| restore(v)>"Restore"</button>
                            })}</td>
                        </tr>
                    }
                }).collect_view()}
            </tbody>
        </table>
    }
}

/// A diff drawn as text rows: old and new line numbers, the marker, the line.
#[component]
fn DiffView(old: u64, new: u64, rows: Vec<DiffRow>, summary: String) -> impl IntoView {
    view! {
        <h3>{format!("Version {old} → version {new}: {summary}")}</h3>
        <div class="version-diff" data-testid="version-diff" role="table" aria-label=format!("Changes from version {old} to {new}")>
            {if rows.is_empty() { Some(view! { <p class="muted">"The two versions are the same."</p> }) } else { None }}
            {rows.into_iter().map(|r| {
                let class = match r.kind {
                    RowKind::Header => "diff-row diff-header",
                    RowKind::Same => "diff-row",
                    RowKind::Removed => "diff-row diff-removed",
                    RowKind::Added => "diff-row diff-added",
                };
                let text = if r.kind == RowKind::Header {
                    r.text.clone()
                } else {
                    format!("{} {}", r.marker, r.text)
                };
                let number = |n: Option<usize>| n.map(|n| n.to_string()).unwrap_or_default();
                view! {
                    <div class=class role="row" data-testid="diff-row" data-kind=r.marker>
                        <span class="diff-num" role="cell">{number(r.old_line)}</span>
                        <span class="diff-num" role="cell">{number(r.new_line)}</span>
                        <span class="diff-text" role="cell">{text}</span>
                    </div>
                }
            }).collect_view()}
        </div>
    }
}
