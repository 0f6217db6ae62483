//! The visualization picker's list: every panel type Meshboard draws with the name and the
//! short description Grafana's picker shows for it, filtered as the user types (name, id or
//! description, as Grafana's `VizTypePicker` filters), and the listbox pattern's keys.

/// One visualization of the picker.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct VizInfo {
    /// The `type` dashboards store.
    pub id: &'static str,
    pub name: &'static str,
    pub description: &'static str,
}

/// Every type Meshboard draws, in the editor's picker order (the authoring types' order).
pub const VISUALIZATIONS: [VizInfo; 12] = [
    viz(
        "timeseries",
        "Time series",
        "Time based line, area and bar charts",
    ),
    viz("stat", "Stat", "Big stat values and sparklines"),
    viz("gauge", "Gauge", "Standard gauge visualization"),
    viz("bargauge", "Bar gauge", "Horizontal and vertical gauges"),
    viz("table", "Table", "Supports many column styles"),
    viz(
        "state-timeline",
        "State timeline",
        "State changes and durations",
    ),
    viz("heatmap", "Heatmap", "Like a histogram over time"),
    viz("text", "Text", "Supports markdown and html content"),
    viz(
        "alertlist",
        "Alert list",
        "Shows a list of alerts and their states",
    ),
    viz("logs", "Logs", "Shows log lines from a logs query"),
    viz("traces", "Traces", "Shows a trace's spans on a timeline"),
    viz(
        "nodeGraph",
        "Node graph",
        "Shows services and the calls between them",
    ),
];

const fn viz(id: &'static str, name: &'static str, description: &'static str) -> VizInfo {
    VizInfo {
        id,
        name,
        description,
    }
}

/// The name the picker shows for `id` (the id itself for a type Meshboard does not draw).
pub fn viz_name(id: &str) -> &str {
    VISUALIZATIONS
        .iter()
        .find(|v| v.id == id)
        .map_or(id, |v| v.name)
}

/// The visualizations matching `query` (every one when it is blank): names that start with it
/// first, then names, ids and descriptions that contain it, each in picker order.
pub fn search_visualizations(query: &str) -> Vec<VizInfo> {
    let q = query.trim().to_lowercase();
    if q.is_empty() {
        return VISUALIZATIONS.to_vec();
    }
    let starts = |v: &VizInfo| v.name.to_lowercase().starts_with(&q);
    let contains = |v: &VizInfo| {
        [v.name, v.id, v.description]
            .iter()
            .any(|t| t.to_lowercase().contains(&q))
    };
    let mut found: Vec<VizInfo> = VISUALIZATIONS.iter().copied().filter(starts).collect();
    found.extend(
        VISUALIZATIONS
            .iter()
            .copied()
            .filter(|v| !starts(v) && contains(v)),
    );
    found
}

/// A key of the listbox pattern (WAI-ARIA APG): what it does to the active option.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ListKey {
    Next,
    Previous,
    First,
    Last,
}

/// The active option after `key` in a list of `len` options (wrapping, as Grafana's picker
/// does not; the APG allows either: wrapping keeps the last option one key from the first).
pub fn move_active(active: Option<usize>, len: usize, key: ListKey) -> Option<usize> {
    if len == 0 {
        return None;
    }
    Some(match (key, active) {
        (ListKey::First, _) | (ListKey::Next, None) => 0,
        (ListKey::Last, _) | (ListKey::Previous, None) => len - 1,
        (ListKey::Next, Some(i)) => (i + 1) % len,
        (ListKey::Previous, Some(i)) => (i + len - 1) % len,
    })
}

/// Typeahead: the first option after `active` (wrapping) whose name starts with `typed`
/// (case-insensitive); typing the same letter again cycles through the options it starts.
pub fn typeahead(names: &[&str], active: Option<usize>, typed: &str) -> Option<usize> {
    let typed = typed.to_lowercase();
    if typed.is_empty() || names.is_empty() {
        return active;
    }
    let len = names.len();
    let first: String = typed.chars().take(1).collect();
    let repeated = typed.chars().all(|c| first.starts_with(c));
    // A fresh or repeated single letter starts after the active option; a longer prefix is
    // still matching the active one.
    let start = match active {
        Some(i) if repeated => i + 1,
        Some(i) => i,
        None => 0,
    };
    // A repeated letter matches by that letter alone.
    let prefix = if repeated {
        first.as_str()
    } else {
        typed.as_str()
    };
    (0..len)
        .map(|k| (start + k) % len)
        .find(|&i| names[i].to_lowercase().starts_with(prefix))
        .or(active)
}
