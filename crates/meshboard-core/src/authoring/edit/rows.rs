//! Row edits: adding a row as Grafana does (owning the panels above the first row), removing
//! one with or without its panels (`removeRow`) and moving a row with its panels.

use serde_json::json;

use super::{on_grid, Direction, EditError, NEW_ROW_TITLE};
use crate::authoring::{grid, next_panel_id};
use crate::dashboard::{toggle_row, Dashboard, Panel, PanelKind, GRID_COLUMNS};

pub(super) fn add_row(dashboard: &mut Dashboard) {
    let id = next_panel_id(dashboard);
    let row = json!({
        "type": "row", "id": id, "title": NEW_ROW_TITLE, "collapsed": false, "panels": [],
        "gridPos": {"x": 0, "y": 0, "w": GRID_COLUMNS, "h": 1},
    });
    dashboard.panels.insert(0, Panel::from_json(&row, id));
    grid::settle(&mut dashboard.panels, &dashboard.variables);
}

pub(super) fn row_index(dashboard: &Dashboard, id: i64) -> Result<usize, EditError> {
    let i = on_grid(dashboard, id)?;
    if dashboard.panels[i].kind != PanelKind::Row {
        return Err(EditError::NotARow(id));
    }
    Ok(i)
}

pub(super) fn remove_row(
    dashboard: &mut Dashboard,
    id: i64,
    with_panels: bool,
) -> Result<(), EditError> {
    let i = row_index(dashboard, id)?;
    // `removeRow`: collapse to take the panels along, expand to leave them on the grid.
    if with_panels != dashboard.panels[i].collapsed {
        toggle_row(&mut dashboard.panels, i);
    }
    dashboard.panels.remove(i);
    grid::settle(&mut dashboard.panels, &dashboard.variables);
    Ok(())
}

/// Moves a row section (the row and the panels it owns) past the neighbouring row section.
pub(super) fn move_row(
    dashboard: &mut Dashboard,
    id: i64,
    dir: Direction,
) -> Result<(), EditError> {
    row_index(dashboard, id)?;
    let panels = &dashboard.panels;
    // Sections: the panels above the first row, then each row with its panels.
    let mut sections: Vec<Vec<usize>> = vec![Vec::new()];
    for (i, p) in panels.iter().enumerate() {
        if p.kind == PanelKind::Row {
            sections.push(Vec::new());
        }
        sections.last_mut().expect("a section").push(i);
    }
    let s = sections
        .iter()
        .position(|sec| {
            sec.first()
                .is_some_and(|&i| panels[i].id == id && panels[i].kind == PanelKind::Row)
        })
        .ok_or(EditError::NotARow(id))?;
    let other = match dir {
        Direction::Up | Direction::Left => s.checked_sub(1).filter(|&o| o >= 1),
        Direction::Down | Direction::Right => Some(s + 1).filter(|&o| o < sections.len()),
    };
    let Some(other) = other else {
        return Ok(());
    };
    sections.swap(s, other);
    // Lay the sections out one below the other, each keeping its inner offsets.
    let mut cursor = 0u32;
    let mut placed: Vec<Panel> = Vec::with_capacity(panels.len());
    for section in &sections {
        let top = section
            .iter()
            .map(|&i| panels[i].grid_pos.y)
            .min()
            .unwrap_or(0);
        let mut bottom = cursor;
        for &i in section {
            let mut p = panels[i].clone();
            p.grid_pos.y = cursor + (p.grid_pos.y - top);
            bottom = bottom.max(p.grid_pos.bottom());
            placed.push(p);
        }
        cursor = bottom;
    }
    dashboard.panels = placed;
    grid::settle(&mut dashboard.panels, &dashboard.variables);
    Ok(())
}
