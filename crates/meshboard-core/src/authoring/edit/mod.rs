//! Every change the dashboard editor makes, as a command ([`Edit`]) applied purely: the
//! dashboard in, a new dashboard out (or why not), so the same command drives the UI, the undo
//! history and the tests.
//!
//! Placement follows Grafana:
//! - a new panel (12 x 8, "Panel Title") or row goes to the top left and pushes the others
//!   down: `DashboardModel.addPanel` unshifts it and sorts by `gridPos`
//!   (public/app/features/dashboard/state/DashboardModel.ts), as scenes'
//!   `DefaultGridLayoutManager.addNewPanel` puts it first at `x: 0, y: 0`
//!   (public/app/features/dashboard-scene/scene/layout-default/DefaultGridLayoutManager.tsx);
//!   the grid's vertical compaction then moves everything it overlaps down. (Grafana 12's
//!   `findSpaceForNewPanel` fills a gap instead; the classic rule is kept because it is what
//!   the saved dashboards of the corpus were made with and what users of both know.)
//! - a new row owns the panels above the first row (`addNewRow`, the same file);
//! - a duplicate goes right of the original when it fits (`x + 2w <= 24`), else below it, with
//!   its repeat removed (`DashboardModel.duplicatePanel`);
//! - ids: the next id is the largest id of any panel (collapsed rows' panels too) plus one
//!   (`getNextPanelId`);
//! - removing a row keeps or drops its panels as `removeRow(row, removePanels)` does.
//!
//! Keyboard moves and resizes (which Grafana does not have) are one visible grid step: a move
//! down goes as far as the grid needs for the panel to land lower (past the panel below it, as
//! a drag does), a resize changes the width or height by one unit.

use serde_json::{json, Value};

mod json;
mod rows;

pub use json::panel_json;
use json::{refuse_unsafe_links, replace_panel, set_variables, with_field};
use rows::{add_row, move_row, remove_row, row_index};

use super::grid;
use super::settings::DashboardSettings;
use crate::dashboard::{toggle_row, Dashboard, GridPos, Panel, PanelKind, GRID_COLUMNS};

/// A grid place in grid units (`x` from the left in 24 columns, `y` from the top).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct GridPoint {
    pub x: u32,
    pub y: u32,
}

/// An arrow key.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Direction {
    Up,
    Down,
    Left,
    Right,
}

/// One change to a dashboard. Panels and rows are named by their `id`.
#[derive(Debug, Clone, PartialEq)]
pub enum Edit {
    /// A new empty panel of `panel_type` (`timeseries`, `stat`, `text` ...), at the top left
    /// or, when `at` is given, dropped there.
    AddPanel {
        panel_type: String,
        at: Option<GridPoint>,
    },
    /// A panel from elsewhere (Explore's "Add to dashboard", a pasted panel JSON): it gets a
    /// new id and is placed as [`Edit::AddPanel`] places a new one (its size is kept).
    InsertPanel {
        panel: Value,
        at: Option<GridPoint>,
    },
    /// A new expanded row at the top, owning the panels above the first row.
    AddRow,
    DuplicatePanel {
        id: i64,
    },
    /// Removes a panel (also one inside a collapsed row). A row: see [`Edit::RemoveRow`].
    RemovePanel {
        id: i64,
    },
    /// Removes a row header; `with_panels` also removes the panels it holds.
    RemoveRow {
        id: i64,
        with_panels: bool,
    },
    /// Drops a panel or row at a grid place (a pointer drag).
    MovePanel {
        id: i64,
        to: GridPoint,
    },
    /// Resizes a panel (a pointer drag of its corner); clamped into the grid.
    ResizePanel {
        id: i64,
        w: u32,
        h: u32,
    },
    /// Moves a panel or row by one visible step.
    MoveByKey {
        id: i64,
        dir: Direction,
    },
    /// Right/Left: one column wider/narrower; Down/Up: one unit taller/shorter.
    ResizeByKey {
        id: i64,
        dir: Direction,
    },
    /// Opens or closes a row (saved as Grafana saves `collapsed`).
    ToggleRow {
        id: i64,
    },
    RenameRow {
        id: i64,
        title: String,
    },
    /// Moves a row with its panels above the previous row (`Up`) or below the next (`Down`).
    MoveRow {
        id: i64,
        dir: Direction,
    },
    /// The panel editor's apply (or the panel JSON editor): the panel's new JSON. Its id is
    /// kept; its `gridPos` too unless the JSON gives one.
    ReplacePanel {
        id: i64,
        panel: Value,
    },
    /// One field of a panel's JSON, by JSON pointer (`/title`, `/fieldConfig/defaults/unit`,
    /// `/targets/0/expr`, `/options/legend/placement`): the panel editor's form fields.
    /// Missing objects on the way are created; `None` removes the field. The id stays.
    SetPanelField {
        id: i64,
        pointer: String,
        value: Option<Value>,
    },
    SetDashboardSettings(Box<DashboardSettings>),
    /// The variables editor's list (`templating.list` entries, in order).
    SetVariables {
        list: Vec<Value>,
    },
    /// The JSON model editor's apply: the whole dashboard JSON (check it first with
    /// [`super::validate_dashboard_json`] to show where it is wrong).
    ReplaceDashboard {
        json: Value,
    },
}

impl Edit {
    /// Edits that come from typing into one field: consecutive ones with the same key are one
    /// undo step ([`super::EditSession`]).
    pub fn coalesce_key(&self) -> Option<String> {
        match self {
            Edit::RenameRow { id, .. } => Some(format!("row-title:{id}")),
            Edit::ReplacePanel { id, .. } => Some(format!("panel:{id}")),
            Edit::SetPanelField { id, pointer, .. } => Some(format!("panel:{id}:{pointer}")),
            Edit::SetVariables { .. } => Some("variables".to_string()),
            Edit::SetDashboardSettings(_) => Some("settings".to_string()),
            _ => None,
        }
    }
}

/// Why an edit could not be applied (the UI shows the sentence of `Display`).
#[derive(Debug, Clone, PartialEq)]
pub enum EditError {
    NoSuchPanel(i64),
    /// Rows cannot be resized, duplicated or replaced by a panel (or a panel by a row).
    IsARow(i64),
    NotARow(i64),
    /// Moving or resizing needs the panel on the grid: open its row first.
    InCollapsedRow(i64),
    /// The JSON given is not a panel object / not a dashboard.
    InvalidJson(String),
    /// A link whose URL the app would never follow (`javascript:` ...).
    UnsafeLink(String),
}

impl std::fmt::Display for EditError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            EditError::NoSuchPanel(id) => write!(f, "there is no panel with id {id}"),
            EditError::IsARow(id) => write!(f, "{id} is a row, not a panel"),
            EditError::NotARow(id) => write!(f, "{id} is a panel, not a row"),
            EditError::InCollapsedRow(id) => {
                write!(
                    f,
                    "panel {id} is inside a collapsed row: open the row first"
                )
            }
            EditError::InvalidJson(why) => write!(f, "{why}"),
            EditError::UnsafeLink(url) => write!(
                f,
                "the link `{url}` is not allowed: only http, https, mailto and relative links are"
            ),
        }
    }
}

impl std::error::Error for EditError {}

/// Size of a new panel (scenes' `NEW_PANEL_WIDTH` / `NEW_PANEL_HEIGHT`).
pub const NEW_PANEL_WIDTH: u32 = 12;
pub const NEW_PANEL_HEIGHT: u32 = 8;
/// Title of a new panel and a new row, as Grafana names them.
pub const NEW_PANEL_TITLE: &str = "Panel Title";
pub const NEW_ROW_TITLE: &str = "Row title";

/// The id a new panel gets: one more than the largest id, collapsed rows' panels included.
pub fn next_panel_id(dashboard: &Dashboard) -> i64 {
    dashboard
        .all_panels()
        .iter()
        .map(|p| p.id)
        .max()
        .unwrap_or(0)
        .max(0)
        + 1
}

/// `edit` applied to `dashboard`: the new dashboard, or why the edit does not apply.
pub fn apply(dashboard: &Dashboard, edit: &Edit) -> Result<Dashboard, EditError> {
    let mut next = dashboard.clone();
    // Grafana sorts the panels when it loads a dashboard; row ownership depends on it.
    grid::sort_by_grid_pos(&mut next.panels);
    match edit {
        Edit::AddPanel { panel_type, at } => {
            let panel = new_panel_json(panel_type);
            insert_panel(&mut next, panel, *at);
        }
        Edit::InsertPanel { panel, at } => {
            if !panel.is_object() {
                return Err(EditError::InvalidJson(
                    "a panel must be a JSON object".into(),
                ));
            }
            refuse_unsafe_links(panel)?;
            if panel.get("type").and_then(Value::as_str) == Some("row") {
                return Err(EditError::InvalidJson(
                    "a row cannot be inserted as a panel".into(),
                ));
            }
            let mut panel = panel.clone();
            if let Some(map) = panel.as_object_mut() {
                for key in [
                    "repeatIteration",
                    "repeatPanelId",
                    "scopedVars",
                    "libraryPanel",
                ] {
                    map.remove(key);
                }
            }
            let size = panel.get("gridPos").and_then(GridPos::from_json);
            let (w, h) = size.map_or((NEW_PANEL_WIDTH, NEW_PANEL_HEIGHT), |p| (p.w, p.h));
            panel["gridPos"] = json!({"x": 0, "y": 0, "w": w, "h": h});
            insert_panel(&mut next, panel, *at);
        }
        Edit::AddRow => add_row(&mut next),
        Edit::DuplicatePanel { id } => duplicate(&mut next, *id)?,
        Edit::RemovePanel { id } => remove_panel(&mut next, *id)?,
        Edit::RemoveRow { id, with_panels } => remove_row(&mut next, *id, *with_panels)?,
        Edit::MovePanel { id, to } => {
            let i = on_grid(&next, *id)?;
            grid::move_panel(
                &mut next.panels,
                &next.variables,
                i,
                i64::from(to.x),
                i64::from(to.y),
            );
        }
        Edit::ResizePanel { id, w, h } => {
            let i = on_grid_panel(&next, *id)?;
            grid::resize_panel(
                &mut next.panels,
                &next.variables,
                i,
                i64::from(*w),
                i64::from(*h),
            );
        }
        Edit::MoveByKey { id, dir } => move_by_key(&mut next, *id, *dir)?,
        Edit::ResizeByKey { id, dir } => {
            let i = on_grid_panel(&next, *id)?;
            let pos = next.panels[i].grid_pos;
            let (w, h) = (i64::from(pos.w), i64::from(pos.h));
            let (w, h) = match dir {
                Direction::Right => (w + 1, h),
                Direction::Left => (w - 1, h),
                Direction::Down => (w, h + 1),
                Direction::Up => (w, h - 1),
            };
            grid::resize_panel(&mut next.panels, &next.variables, i, w, h);
        }
        Edit::ToggleRow { id } => {
            let i = row_index(&next, *id)?;
            toggle_row(&mut next.panels, i);
            grid::settle(&mut next.panels, &next.variables);
        }
        Edit::RenameRow { id, title } => {
            let i = row_index(&next, *id)?;
            let row = &mut next.panels[i];
            row.title = title.clone();
            set_raw(row, "title", json!(title));
        }
        Edit::MoveRow { id, dir } => move_row(&mut next, *id, *dir)?,
        Edit::ReplacePanel { id, panel } => replace_panel(&mut next, *id, panel)?,
        Edit::SetPanelField { id, pointer, value } => {
            let current = panel_json(&next, *id).ok_or(EditError::NoSuchPanel(*id))?;
            let changed = with_field(current, pointer, value.clone())?;
            replace_panel(&mut next, *id, &changed)?;
        }
        Edit::SetVariables { list } => set_variables(&mut next, list)?,
        Edit::SetDashboardSettings(settings) => {
            if let Some((_, url)) = settings.unsafe_link() {
                return Err(EditError::UnsafeLink(url));
            }
            settings.apply_to(&mut next);
        }
        Edit::ReplaceDashboard { json } => {
            refuse_unsafe_links(json)?;
            next = Dashboard::from_value(json.clone())
                .map_err(|e| EditError::InvalidJson(e.to_string()))?;
            grid::sort_by_grid_pos(&mut next.panels);
        }
    }
    Ok(next)
}

/// The JSON of a new panel of `panel_type` as Grafana's panel model defaults make it.
fn new_panel_json(panel_type: &str) -> Value {
    let mut panel = json!({
        "type": panel_type,
        "title": NEW_PANEL_TITLE,
        "gridPos": {"x": 0, "y": 0, "w": NEW_PANEL_WIDTH, "h": NEW_PANEL_HEIGHT},
    });
    if panel_type == "text" {
        panel["options"] = json!({"mode": "markdown", "content": ""});
    } else {
        // `PanelModel`'s default: one query, refId A.
        panel["targets"] = json!([{"refId": "A"}]);
    }
    panel
}

fn set_raw(panel: &mut Panel, key: &str, value: Value) {
    if let Value::Object(map) = &mut panel.raw {
        map.insert(key.to_string(), value);
    } else {
        let mut map = serde_json::Map::new();
        map.insert(key.to_string(), value);
        panel.raw = Value::Object(map);
    }
}

/// Unshifts the panel with the next id at `(0, 0)` (or drops it at `at`), then settles.
fn insert_panel(dashboard: &mut Dashboard, mut panel: Value, at: Option<GridPoint>) {
    let id = next_panel_id(dashboard);
    panel["id"] = json!(id);
    let panel = Panel::from_json(&panel, id);
    dashboard.panels.insert(0, panel);
    match at {
        None => grid::settle(&mut dashboard.panels, &dashboard.variables),
        Some(to) => {
            // Dropped from outside the grid: it starts below everything, then is moved there.
            let bottom = dashboard
                .panels
                .iter()
                .map(|p| p.grid_pos.bottom())
                .max()
                .unwrap_or(0);
            dashboard.panels[0].grid_pos.y = bottom;
            grid::move_panel(
                &mut dashboard.panels,
                &dashboard.variables,
                0,
                i64::from(to.x),
                i64::from(to.y),
            );
        }
    }
}

/// Index of a top-level panel or row.
fn on_grid(dashboard: &Dashboard, id: i64) -> Result<usize, EditError> {
    if let Some(i) = dashboard.panels.iter().position(|p| p.id == id) {
        return Ok(i);
    }
    if dashboard.all_panels().iter().any(|p| p.id == id) {
        return Err(EditError::InCollapsedRow(id));
    }
    Err(EditError::NoSuchPanel(id))
}

/// Index of a top-level panel that is not a row.
fn on_grid_panel(dashboard: &Dashboard, id: i64) -> Result<usize, EditError> {
    let i = on_grid(dashboard, id)?;
    if dashboard.panels[i].kind == PanelKind::Row {
        return Err(EditError::IsARow(id));
    }
    Ok(i)
}

fn duplicate(dashboard: &mut Dashboard, id: i64) -> Result<(), EditError> {
    let i = on_grid_panel(dashboard, id)?;
    let original = &dashboard.panels[i];
    let pos = original.grid_pos;
    let mut copy = original.to_json();
    if let Some(map) = copy.as_object_mut() {
        for key in [
            "repeat",
            "repeatDirection",
            "maxPerRow",
            "repeatIteration",
            "repeatPanelId",
            "scopedVars",
            "alert",
        ] {
            map.remove(key);
        }
    }
    let new_pos = if pos.x + pos.w * 2 <= GRID_COLUMNS {
        GridPos {
            x: pos.x + pos.w,
            ..pos
        }
    } else {
        GridPos {
            y: pos.y + pos.h,
            ..pos
        }
    };
    let new_id = next_panel_id(dashboard);
    copy["id"] = json!(new_id);
    copy["gridPos"] = new_pos.to_json();
    dashboard.panels.insert(0, Panel::from_json(&copy, new_id));
    grid::sort_by_grid_pos(&mut dashboard.panels);
    grid::settle(&mut dashboard.panels, &dashboard.variables);
    Ok(())
}

fn remove_panel(dashboard: &mut Dashboard, id: i64) -> Result<(), EditError> {
    if let Some(i) = dashboard.panels.iter().position(|p| p.id == id) {
        if dashboard.panels[i].kind == PanelKind::Row {
            return Err(EditError::IsARow(id));
        }
        dashboard.panels.remove(i);
        grid::settle(&mut dashboard.panels, &dashboard.variables);
        return Ok(());
    }
    for row in dashboard.panels.iter_mut() {
        if let Some(j) = row.children.iter().position(|c| c.id == id) {
            row.children.remove(j);
            return Ok(());
        }
    }
    Err(EditError::NoSuchPanel(id))
}

fn move_by_key(dashboard: &mut Dashboard, id: i64, dir: Direction) -> Result<(), EditError> {
    let i = on_grid(dashboard, id)?;
    let pos = dashboard.panels[i].grid_pos;
    let (x, y) = (i64::from(pos.x), i64::from(pos.y));
    let target = match dir {
        Direction::Left | Direction::Right => {
            let dx = if dir == Direction::Left { -1 } else { 1 };
            Some((x + dx, y))
        }
        Direction::Down => {
            let bottom = dashboard
                .panels
                .iter()
                .map(|p| i64::from(p.grid_pos.bottom()))
                .max()
                .unwrap_or(0);
            (y + 1..=bottom)
                .find(|&ty| {
                    grid::landing(&dashboard.panels, &dashboard.variables, i, x, ty).y > pos.y
                })
                .map(|ty| (x, ty))
        }
        Direction::Up => (0..y)
            .rev()
            .find(|&ty| grid::landing(&dashboard.panels, &dashboard.variables, i, x, ty).y < pos.y)
            .map(|ty| (x, ty)),
    };
    if let Some((tx, ty)) = target {
        grid::move_panel(&mut dashboard.panels, &dashboard.variables, i, tx, ty);
    }
    Ok(())
}
