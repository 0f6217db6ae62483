//! Series display names: Grafana's `legendFormat` templating (`{{instance}} {{status}}`)
//! and the fallback to the series' label set, `metric{a="b", c="d"}`; and the legend beside a
//! chart as Grafana's `VizLegend` draws it: which series it lists (`hideFrom.legend`, legacy
//! `hideEmpty`/`hideZero`), the `calcs` columns formatted with each series' unit, the table's
//! `sortBy`/`sortDesc`, what a click hides, and the box it takes (`VizLayout`: a bottom legend
//! at most 35% of the height, a right one `width` px or at most 60% of the width; list items
//! wrap into rows).

use crate::chart::legend_stats::legend_calcs;
use crate::dashboard::field_resolve::ResolvedSeries;
use crate::dashboard::{LegendDisplay, LegendOptions, LegendPlacement};
use crate::frame::Labels;
use crate::panel_calc::reducers::{Calc, Reducer};
use crate::units::format_value;

/// The display name of a series: the `legendFormat` template when one is set, otherwise
/// the label set; an unlabelled series (a scalar, `sum(x)`) is named by its expression.
/// Grafana's `__auto` and an empty template both mean "automatic".
pub fn series_name(legend_format: Option<&str>, labels: &Labels, expr: &str) -> String {
    match legend_format.map(str::trim) {
        Some(template) if !template.is_empty() && template != "__auto" => {
            render_legend(template, labels)
        }
        _ if labels.is_empty() => expr.to_owned(),
        _ => label_set_name(labels),
    }
}

/// Fills `{{ name }}` placeholders from the labels. As in Grafana, whitespace inside the
/// braces is allowed, an unknown label renders as nothing, and an unclosed `{{` stays as
/// written.
pub fn render_legend(template: &str, labels: &Labels) -> String {
    let mut out = String::with_capacity(template.len() + 16);
    let mut rest = template;
    while let Some(open) = rest.find("{{") {
        out.push_str(&rest[..open]);
        let after = &rest[open + 2..];
        match after.find("}}") {
            Some(close) => {
                if let Some(value) = labels.get(after[..close].trim()) {
                    out.push_str(value);
                }
                rest = &after[close + 2..];
            }
            None => {
                out.push_str(&rest[open..]);
                rest = "";
            }
        }
    }
    out.push_str(rest);
    out
}

/// `metric{a="b", c="d"}` (Prometheus' notation, `__name__` as the metric name, values
/// escaped); `{a="b"}` without a name.
pub fn label_set_name(labels: &Labels) -> String {
    let mut out = labels.get("__name__").cloned().unwrap_or_default();
    let mut pairs = labels
        .iter()
        .filter(|(name, _)| name.as_str() != "__name__")
        .peekable();
    if pairs.peek().is_none() && !out.is_empty() {
        return out;
    }
    out.push('{');
    for (i, (name, value)) in pairs.enumerate() {
        if i > 0 {
            out.push_str(", ");
        }
        out.push_str(name);
        out.push_str("=\"");
        for c in value.chars() {
            match c {
                '\\' => out.push_str("\\\\"),
                '"' => out.push_str("\\\""),
                '\n' => out.push_str("\\n"),
                c => out.push(c),
            }
        }
        out.push('"');
    }
    out.push('}');
    out
}

/// The series hidden after a legend click on `index` (of `count`), as in Grafana: a plain
/// click shows only that series, or all again when it already was the only one shown;
/// ctrl/cmd-click (`additive`) toggles just that one.
pub fn toggle_hidden(hidden: &[usize], index: usize, count: usize, additive: bool) -> Vec<usize> {
    if additive {
        let mut next = hidden.to_vec();
        match next.iter().position(|x| *x == index) {
            Some(pos) => {
                next.remove(pos);
            }
            None => next.push(index),
        }
        return next;
    }
    let isolated = hidden.len() + 1 == count && !hidden.contains(&index);
    if isolated {
        Vec::new()
    } else {
        (0..count).filter(|x| *x != index).collect()
    }
}

/// The height of a legend of `rows` series below a chart, px, before the real legend is laid
/// out: a table's header and rows, or one list row per series at most (the list wraps).
pub fn legend_height_px(rows: usize, table: bool) -> f64 {
    if rows == 0 {
        return 0.0;
    }
    if table {
        table_legend_height(rows)
    } else {
        LIST_PAD_Y + rows as f64 * LIST_LINE + (rows - 1) as f64 * LIST_ROW_GAP
    }
}

/// One series in the legend: its name and colour, and its `calcs` as shown and as numbers (for
/// sorting; `None` when the reducer gave no number).
#[derive(Debug, Clone, PartialEq)]
pub struct LegendRow {
    /// The series' position in the panel's frame (what a click hides).
    pub index: usize,
    pub name: String,
    pub color: String,
    pub values: Vec<String>,
    pub numbers: Vec<Option<f64>>,
}

/// What a legend shows: its columns (the `calcs` Grafana knows, in order) and its rows,
/// sorted for a table.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct LegendModel {
    pub columns: Vec<Reducer>,
    pub rows: Vec<LegendRow>,
}

impl LegendModel {
    /// The column headers as Grafana names them (`Mean`, `Last *`, `Total`).
    pub fn headers(&self) -> Vec<String> {
        self.columns.iter().map(|r| r.name()).collect()
    }
}

/// Grafana's name of the name column, the `sortBy` that sorts by series name.
pub const NAME_SORT_KEY: &str = "Name";

/// The legend of `series` (resolved settings, in frame order) whose samples are `values`.
/// Unknown calc ids are dropped, as Grafana's registry drops them; a series hidden from the
/// legend (`hideFrom.legend`), or empty/all zero under legacy `hideEmpty`/`hideZero`, is not
/// listed. Values use the series' unit and decimals, except for reducers that do not keep
/// units (counts, see [`legend_unit`]). A table is sorted by `sortBy` (see [`sort_rows`]).
pub fn legend_model(
    options: &LegendOptions,
    series: &[ResolvedSeries],
    values: &[&[f64]],
) -> LegendModel {
    let columns: Vec<Reducer> = options
        .calcs
        .iter()
        .filter_map(|c| Reducer::from_id(c))
        .collect();
    let mut rows = Vec::new();
    for (index, (resolved, samples)) in series.iter().zip(values).enumerate() {
        if resolved.hide_from.legend {
            continue;
        }
        let hidden_by_legacy = (options.hide_empty
            && calc_true(legend_calcs(samples, &[Reducer::AllIsNull]).first()))
            || (options.hide_zero
                && calc_true(legend_calcs(samples, &[Reducer::AllIsZero]).first()));
        if hidden_by_legacy {
            continue;
        }
        let calcs = legend_calcs(samples, &columns);
        let unit = resolved.unit.as_deref().unwrap_or("");
        let values = columns
            .iter()
            .zip(&calcs)
            .map(|(reducer, calc)| calc_text(calc, legend_unit(*reducer, unit), resolved.decimals))
            .collect();
        rows.push(LegendRow {
            index,
            name: resolved.display_name.clone(),
            color: resolved.color.clone(),
            values,
            numbers: calcs.iter().map(Calc::number).collect(),
        });
    }
    let mut model = LegendModel { columns, rows };
    if options.display == LegendDisplay::Table {
        if let Some(key) = &options.sort_by {
            sort_rows(&mut model, key, options.sort_desc);
        }
    }
    model
}

/// The unit a legend calc is shown in (`PlotLegend`'s `getDisplayValues`): counts without
/// one, `diffperc` in percent, everything else in the series' unit (decimals always kept).
fn legend_unit(reducer: Reducer, unit: &str) -> &str {
    match reducer {
        Reducer::Count | Reducer::ChangeCount | Reducer::DistinctCount => "none",
        Reducer::DiffPercent => "percent",
        _ => unit,
    }
}

fn calc_true(calc: Option<&Calc>) -> bool {
    matches!(calc, Some(Calc::Bool(true)))
}

/// A calc as the legend shows it: the number in the series' unit, `true`/`false`, or empty
/// for Grafana's null.
fn calc_text(calc: &Calc, unit: &str, decimals: Option<u32>) -> String {
    match calc {
        Calc::Number(v) => format_value(*v, unit, decimals),
        Calc::Bool(b) => b.to_string(),
        Calc::Null => String::new(),
        Calc::Values(vs) => vs
            .iter()
            .map(|v| v.map_or_else(String::new, |v| format_value(v, unit, decimals)))
            .collect::<Vec<_>>()
            .join(", "),
    }
}

/// Sorts the rows as `VizLegendTable` does (lodash `orderBy`): by name for `Name`, else by the
/// column whose header is `key` (a reducer id is accepted too); rows without a number go last
/// ascending and first descending; equal keys keep their order. An unknown key keeps the order.
pub fn sort_rows(model: &mut LegendModel, key: &str, desc: bool) {
    if key == NAME_SORT_KEY {
        crate::sort::sort_by(&mut model.rows, |a, b| {
            let order = a.name.cmp(&b.name);
            if desc {
                order.reverse()
            } else {
                order
            }
        });
        return;
    }
    let Some(column) = model
        .columns
        .iter()
        .position(|r| r.name() == key || Some(*r) == Reducer::from_id(key))
    else {
        return;
    };
    let key_of = |row: &LegendRow| row.numbers.get(column).copied().flatten();
    crate::sort::sort_by(&mut model.rows, |a, b| {
        use std::cmp::Ordering;
        let order = match (key_of(a), key_of(b)) {
            (Some(x), Some(y)) => x.partial_cmp(&y).unwrap_or(Ordering::Equal),
            (Some(_), None) => Ordering::Less,
            (None, Some(_)) => Ordering::Greater,
            (None, None) => Ordering::Equal,
        };
        if desc {
            order.reverse()
        } else {
            order
        }
    });
}

// The legend's box model; `style/panels.css` (`.ts-legend`) uses the same numbers.
/// Height of one list line (12 px text), px.
pub const LIST_LINE: f64 = 18.0;
/// Gap between wrapped list lines and between items on a line, px.
pub const LIST_ROW_GAP: f64 = 2.0;
pub const LIST_ITEM_GAP: f64 = 16.0;
/// Vertical padding of a list legend (top and bottom together) and its left padding, px.
pub const LIST_PAD_Y: f64 = 6.0;
pub const LIST_PAD_X: f64 = 8.0;
/// A swatch and the space after it, px.
pub const SWATCH: f64 = 20.0;
/// Height of a table legend's header and of each of its rows, px.
pub const TABLE_ROW: f64 = 22.0;
/// Average advance of a 12 px UI font character, px: the estimate before layout measures.
pub const CHAR_WIDTH: f64 = 6.6;
/// Grafana's `VizLayout` limits: a bottom legend takes at most 35% of the height, a right one
/// at most 60% of the width; below the `lg` breakpoint a right legend goes to the bottom.
pub const BOTTOM_MAX_SHARE: f64 = 0.35;
pub const RIGHT_MAX_SHARE: f64 = 0.6;
pub const LG_BREAKPOINT: f64 = 992.0;

/// The width of one list item (swatch, name and the calcs after it), px, estimated from text.
pub fn list_item_width(row: &LegendRow) -> f64 {
    let chars: usize = row.name.chars().count()
        + row
            .values
            .iter()
            .map(|v| v.chars().count() + 1)
            .sum::<usize>();
    SWATCH + chars as f64 * CHAR_WIDTH
}

/// The height of a list legend whose items are `item_widths` px wide in a box `width` px
/// wide: items flow left to right and wrap (CSS `flex-wrap`), an item wider than the box
/// taking a line of its own. 0 without items.
pub fn list_legend_height(item_widths: &[f64], width: f64) -> f64 {
    if item_widths.is_empty() {
        return 0.0;
    }
    let inner = (width - LIST_PAD_X).max(1.0);
    let mut lines = 1usize;
    let mut used = 0.0;
    for &w in item_widths {
        let needed = if used > 0.0 { LIST_ITEM_GAP + w } else { w };
        if used > 0.0 && used + needed > inner {
            lines += 1;
            used = w;
        } else {
            used += needed;
        }
    }
    LIST_PAD_Y + lines as f64 * LIST_LINE + (lines - 1) as f64 * LIST_ROW_GAP
}

/// The height of a table legend of `rows` series (header included), px, before any cap.
pub fn table_legend_height(rows: usize) -> f64 {
    if rows == 0 {
        return 0.0;
    }
    TABLE_ROW * (rows as f64 + 1.0)
}

/// Where the legend goes and how big it is, px, in a viz area `width` x `height`.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct LegendBox {
    pub placement: LegendPlacement,
    /// The legend's width (the whole width at the bottom).
    pub width: f64,
    /// The legend's height (the whole height on the right); what it shows beyond scrolls.
    pub height: f64,
    /// The most a bottom legend may take (`maxHeight: 35%`), or a right one (`60%`).
    pub max: f64,
}

impl LegendBox {
    /// The chart's size beside this legend.
    pub fn chart_size(&self, width: f64, height: f64) -> (f64, f64) {
        match self.placement {
            LegendPlacement::Bottom => (width, (height - self.height).max(0.0)),
            LegendPlacement::Right => ((width - self.width).max(0.0), height),
        }
    }
}

/// The legend's box for `model` shown with `options` in a viz area `width` x `height` px, on
/// a page `viewport_width` px wide: estimated from the text before the browser lays it out
/// (the UI then reserves what the laid-out legend measures, capped the same way). `None`
/// without a legend (`showLegend: false`, or nothing to list).
pub fn legend_box(
    options: &LegendOptions,
    model: &LegendModel,
    width: f64,
    height: f64,
    viewport_width: f64,
) -> Option<LegendBox> {
    if options.display == LegendDisplay::Hidden || model.rows.is_empty() {
        return None;
    }
    let table = options.display == LegendDisplay::Table;
    let placement = if viewport_width < LG_BREAKPOINT {
        LegendPlacement::Bottom
    } else {
        options.placement
    };
    Some(match placement {
        LegendPlacement::Bottom => {
            let max = (height * BOTTOM_MAX_SHARE).floor();
            let natural = if table {
                table_legend_height(model.rows.len())
            } else {
                let widths: Vec<f64> = model.rows.iter().map(list_item_width).collect();
                list_legend_height(&widths, width)
            };
            LegendBox {
                placement,
                width,
                height: natural.min(max),
                max,
            }
        }
        LegendPlacement::Right => {
            let max = (width * RIGHT_MAX_SHARE).floor();
            let natural = options.width.unwrap_or_else(|| {
                let widest = model.rows.iter().map(list_item_width).fold(0.0, f64::max);
                (widest + LIST_PAD_X * 2.0).ceil()
            });
            LegendBox {
                placement,
                width: if options.width.is_some() {
                    natural
                } else {
                    natural.min(max)
                },
                height,
                max,
            }
        }
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn labels(pairs: &[(&str, &str)]) -> Labels {
        pairs
            .iter()
            .map(|(k, v)| (k.to_string(), v.to_string()))
            .collect()
    }

    #[test]
    fn templates_fill_labels_like_grafana() {
        let l = labels(&[("instance", "a:9100"), ("status", "500")]);
        assert_eq!(render_legend("{{instance}} {{status}}", &l), "a:9100 500");
        assert_eq!(
            render_legend("{{ instance }}/{{\tstatus }}", &l),
            "a:9100/500"
        );
        assert_eq!(render_legend("x {{missing}}y", &l), "x y");
        assert_eq!(render_legend("{{instance", &l), "{{instance");
        assert_eq!(render_legend("}} {{status}} {", &l), "}} 500 {");
        assert_eq!(render_legend("{{}}é", &l), "é");
        assert_eq!(render_legend("", &l), "");
    }

    #[test]
    fn falls_back_to_the_label_set() {
        let l = labels(&[("__name__", "up"), ("job", "api"), ("a", "q\"\\")]);
        assert_eq!(series_name(None, &l, "up"), r#"up{a="q\"\\", job="api"}"#);
        assert_eq!(
            series_name(Some("__auto"), &l, "up"),
            r#"up{a="q\"\\", job="api"}"#
        );
        assert_eq!(
            series_name(Some("  "), &labels(&[("job", "x")]), "e"),
            r#"{job="x"}"#
        );
        assert_eq!(series_name(None, &labels(&[("__name__", "up")]), "e"), "up");
        assert_eq!(series_name(None, &Labels::new(), "sum(up)"), "sum(up)");
        assert_eq!(series_name(Some("{{job}}"), &l, "up"), "api");
    }

    #[test]
    fn a_click_isolates_and_a_second_click_shows_all_again() {
        let isolated = toggle_hidden(&[], 1, 3, false);
        assert_eq!(isolated, vec![0, 2]);
        assert_eq!(toggle_hidden(&isolated, 1, 3, false), Vec::<usize>::new());
        // Clicking another series while one is isolated isolates that one instead.
        assert_eq!(toggle_hidden(&isolated, 0, 3, false), vec![1, 2]);
    }

    #[test]
    fn a_ctrl_click_toggles_one_series() {
        assert_eq!(toggle_hidden(&[], 2, 3, true), vec![2]);
        assert_eq!(toggle_hidden(&[0, 2], 2, 3, true), vec![0]);
    }

    #[test]
    fn the_first_estimate_before_layout() {
        assert_eq!(legend_height_px(0, true), 0.0);
        assert_eq!(legend_height_px(1, false), 24.0);
        assert_eq!(legend_height_px(3, true), 88.0);
    }

    use crate::dashboard::field_resolve::{resolve_series, ResolveOptions, SeriesIdentity};
    use crate::dashboard::FieldConfig;
    use serde_json::json;

    fn resolved(field_config: serde_json::Value, names: &[&str]) -> Vec<ResolvedSeries> {
        let ids: Vec<SeriesIdentity> = names.iter().map(|n| SeriesIdentity::new(*n, "A")).collect();
        resolve_series(
            &FieldConfig::from_json(Some(&field_config)),
            &ids,
            &ResolveOptions::for_panel_type("timeseries"),
        )
    }

    fn table(calcs: &[&str], sort_by: Option<&str>, desc: bool) -> LegendOptions {
        LegendOptions {
            display: LegendDisplay::Table,
            calcs: calcs.iter().map(|c| c.to_string()).collect(),
            sort_by: sort_by.map(str::to_string),
            sort_desc: desc,
            ..LegendOptions::default()
        }
    }

    #[test]
    fn calcs_are_formatted_in_the_series_unit() {
        let series = resolved(
            json!({"defaults": {"unit": "bytes", "decimals": 1}}),
            &["rx", "tx"],
        );
        let values: [&[f64]; 2] = [&[1024.0, 3072.0], &[1.0, 2.0, 3.0]];
        let model = legend_model(
            &table(&["mean", "max", "current", "count", "bogus"], None, false),
            &series,
            &values,
        );
        assert_eq!(model.headers(), vec!["Mean", "Max", "Last *", "Count"]);
        assert_eq!(
            model.rows[0].values,
            vec!["2.0 KiB", "3.0 KiB", "3.0 KiB", "2.0"]
        );
        assert_eq!(model.rows[1].values[1], "3.0 B");
        assert_eq!(model.rows[0].color, series[0].color);
    }

    #[test]
    fn hidden_from_legend_and_legacy_hide_switches() {
        let series = resolved(
            json!({"defaults": {}, "overrides": [{"matcher": {"id": "byName", "options": "limit"},
                "properties": [{"id": "custom.hideFrom", "value": {"legend": true, "tooltip": true, "viz": true}}]}]}),
            &["used", "limit", "zero", "empty"],
        );
        let values: [&[f64]; 4] = [&[1.0], &[2.0], &[0.0, 0.0], &[]];
        let mut options = table(&[], None, false);
        let names = |o: &LegendOptions| -> Vec<String> {
            legend_model(o, &series, &values)
                .rows
                .into_iter()
                .map(|r| r.name)
                .collect()
        };
        assert_eq!(names(&options), vec!["used", "zero", "empty"]);
        options.hide_zero = true;
        options.hide_empty = true;
        assert_eq!(names(&options), vec!["used"]);
        let indices: Vec<usize> = legend_model(&table(&[], None, false), &series, &values)
            .rows
            .iter()
            .map(|r| r.index)
            .collect();
        assert_eq!(indices, vec![0, 2, 3], "rows keep their frame index");
    }

    #[test]
    fn tables_sort_by_a_column_or_the_name() {
        let series = resolved(json!({}), &["b", "a", "c", "none"]);
        let values: [&[f64]; 4] = [&[5.0], &[9.0], &[1.0], &[]];
        let order = |o: &LegendOptions| -> Vec<String> {
            legend_model(o, &series, &values)
                .rows
                .into_iter()
                .map(|r| r.name)
                .collect()
        };
        assert_eq!(
            order(&table(&["mean"], Some("Mean"), true)),
            vec!["none", "a", "b", "c"]
        );
        assert_eq!(
            order(&table(&["mean"], Some("Mean"), false)),
            vec!["c", "b", "a", "none"]
        );
        assert_eq!(
            order(&table(&["lastNotNull"], Some("Last *"), false)),
            vec!["c", "b", "a", "none"]
        );
        assert_eq!(
            order(&table(&[], Some("Name"), false)),
            vec!["a", "b", "c", "none"]
        );
        // A column that is not shown, or a list legend, keeps the query's order.
        assert_eq!(
            order(&table(&["max"], Some("Mean"), true)),
            vec!["b", "a", "c", "none"]
        );
        let mut list = table(&["mean"], Some("Mean"), true);
        list.display = LegendDisplay::List;
        assert_eq!(order(&list), vec!["b", "a", "c", "none"]);
    }

    #[test]
    fn list_legends_wrap_into_lines() {
        // Three 100 px items in 400 px: 8 + 100 + 16 + 100 + 16 + 100 fits on one line.
        assert_eq!(list_legend_height(&[100.0; 3], 400.0), 24.0);
        // Five need two lines; ten in 250 px need one line each for pairs... 2 per line.
        assert_eq!(list_legend_height(&[100.0; 5], 400.0), 44.0);
        assert_eq!(
            list_legend_height(&[100.0; 10], 250.0),
            6.0 + 5.0 * 18.0 + 4.0 * 2.0
        );
        // An item wider than the box takes its own line.
        assert_eq!(list_legend_height(&[900.0, 10.0], 400.0), 44.0);
        assert_eq!(list_legend_height(&[], 400.0), 0.0);
    }

    #[test]
    fn the_box_fits_what_is_shown_within_grafanas_limits() {
        let names: Vec<String> = (0..8).map(|i| format!("series {i}")).collect();
        let refs: Vec<&str> = names.iter().map(String::as_str).collect();
        let series = resolved(json!({}), &refs);
        let values: Vec<&[f64]> = vec![&[1.0]; 8];
        let list = LegendOptions::default();
        let model = legend_model(&list, &series, &values);
        // Eight ~86 px items on a 1000 px wide panel: one line, not eight rows' worth.
        let b = legend_box(&list, &model, 1000.0, 300.0, 1400.0).unwrap();
        assert_eq!((b.placement, b.height), (LegendPlacement::Bottom, 24.0));
        assert_eq!(b.chart_size(1000.0, 300.0), (1000.0, 276.0));
        // On 300 px they wrap to three lines.
        let b = legend_box(&list, &model, 300.0, 300.0, 1400.0).unwrap();
        assert_eq!(b.height, 6.0 + 3.0 * 18.0 + 2.0 * 2.0);
        // A table takes header and rows, at most 35% of the height (then scrolls).
        let t = table(&["mean"], None, false);
        let model = legend_model(&t, &series, &values);
        let b = legend_box(&t, &model, 1000.0, 600.0, 1400.0).unwrap();
        assert_eq!(b.height, 9.0 * 22.0);
        let b = legend_box(&t, &model, 1000.0, 300.0, 1400.0).unwrap();
        assert_eq!((b.height, b.max), (105.0, 105.0));
        // Right: the given width, else the widest item capped at 60%; narrow pages put it below.
        let mut right = t.clone();
        right.placement = LegendPlacement::Right;
        right.width = Some(250.0);
        let b = legend_box(&right, &model, 1000.0, 300.0, 1400.0).unwrap();
        assert_eq!((b.width, b.height), (250.0, 300.0));
        assert_eq!(b.chart_size(1000.0, 300.0), (750.0, 300.0));
        right.width = None;
        let b = legend_box(&right, &model, 100.0, 300.0, 1400.0).unwrap();
        assert_eq!(b.width, 60.0);
        let b = legend_box(&right, &model, 1000.0, 300.0, 800.0).unwrap();
        assert_eq!(b.placement, LegendPlacement::Bottom);
        // No legend: hidden, or nothing to list.
        let hidden = LegendOptions {
            display: LegendDisplay::Hidden,
            ..LegendOptions::default()
        };
        assert_eq!(legend_box(&hidden, &model, 1000.0, 300.0, 1400.0), None);
        assert_eq!(
            legend_box(&list, &LegendModel::default(), 1000.0, 300.0, 1400.0),
            None
        );
    }
}
