//! Panel repeats: one clone per selected value of the repeat variable, laid out side by side
//! (wrapping at `maxPerRow`) or stacked, with later panels pushed down.

use super::layout::{GridPos, GRID_COLUMNS};
use super::panel::{Panel, RepeatDirection};
use crate::variables::Variable;

/// Grafana's default `maxPerRow`.
const DEFAULT_MAX_PER_ROW: u32 = 4;

/// The panels with every repeating panel replaced by its clones. Each clone carries its value
/// in `scoped_vars`; a repeat over an unknown or empty variable leaves the panel as it is.
pub fn expand_repeats(panels: &[Panel], variables: &[Variable]) -> Vec<Panel> {
    let mut result = Vec::with_capacity(panels.len());
    let mut push_down = 0u32;
    for panel in panels {
        let mut panel = panel.clone();
        panel.grid_pos.y = panel.grid_pos.y.saturating_add(push_down);
        let values = panel
            .repeat
            .as_ref()
            .and_then(|r| variables.iter().find(|v| v.name == r.variable))
            .map(Variable::effective_values)
            .unwrap_or_default();
        let Some(repeat) = panel.repeat.clone().filter(|_| !values.is_empty()) else {
            result.push(panel);
            continue;
        };
        let base = panel.grid_pos;
        let count = values.len() as u32;
        let (clones, extra) = match repeat.direction {
            RepeatDirection::Horizontal => {
                let per_row = repeat
                    .max_per_row
                    .unwrap_or(DEFAULT_MAX_PER_ROW)
                    .clamp(1, GRID_COLUMNS);
                let w = (GRID_COLUMNS / count.min(per_row)).max(1);
                let per_line = (GRID_COLUMNS / w).max(1);
                let lines = count.div_ceil(per_line);
                let positions = (0..count)
                    .map(|i| GridPos {
                        x: (i % per_line) * w,
                        y: base.y + (i / per_line) * base.h,
                        w,
                        h: base.h,
                    })
                    .collect::<Vec<_>>();
                (positions, (lines - 1) * base.h)
            }
            RepeatDirection::Vertical => {
                let positions = (0..count)
                    .map(|i| GridPos {
                        y: base.y + i * base.h,
                        ..base
                    })
                    .collect::<Vec<_>>();
                (positions, (count - 1) * base.h)
            }
        };
        for (value, pos) in values.iter().zip(clones) {
            let mut clone = panel.clone();
            clone.grid_pos = pos;
            clone
                .scoped_vars
                .insert(repeat.variable.clone(), value.clone());
            result.push(clone);
        }
        push_down = push_down.saturating_add(extra);
    }
    result
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn variable(values: &str) -> Variable {
        Variable::from_json(
            &json!({"name": "instance", "type": "custom", "query": values,
            "multi": true, "includeAll": true, "current": {"value": ["$__all"]}}),
        )
        .expect("variable")
    }

    #[test]
    fn horizontal_repeat_wraps_and_pushes_down() {
        let panels = vec![
            Panel::from_json(
                &json!({"type": "stat", "repeat": "instance", "maxPerRow": 2,
                "gridPos": {"x": 0, "y": 0, "w": 24, "h": 4}, "targets": [{"expr": "up{instance=\"$instance\"}"}]}),
                1,
            ),
            Panel::from_json(
                &json!({"type": "timeseries", "gridPos": {"x": 0, "y": 4, "w": 24, "h": 8},
                "targets": [{"expr": "up"}]}),
                2,
            ),
        ];
        let expanded = expand_repeats(&panels, &[variable("a,b,c")]);
        assert_eq!(expanded.len(), 4);
        let positions: Vec<(u32, u32, u32)> = expanded[..3]
            .iter()
            .map(|p| (p.grid_pos.x, p.grid_pos.y, p.grid_pos.w))
            .collect();
        assert_eq!(positions, vec![(0, 0, 12), (12, 0, 12), (0, 4, 12)]);
        assert_eq!(expanded[2].scoped_vars["instance"], "c");
        assert_eq!(expanded[3].grid_pos.y, 8);
    }

    #[test]
    fn vertical_and_missing_variable() {
        let panels = vec![Panel::from_json(
            &json!({"type": "stat", "repeat": "instance", "repeatDirection": "v",
            "gridPos": {"x": 0, "y": 0, "w": 8, "h": 3}, "targets": [{"expr": "up"}]}),
            1,
        )];
        let expanded = expand_repeats(&panels, &[variable("a,b")]);
        assert_eq!(
            expanded[1].grid_pos,
            GridPos {
                x: 0,
                y: 3,
                w: 8,
                h: 3
            }
        );
        assert_eq!(expand_repeats(&panels, &[]).len(), 1);
    }
}
