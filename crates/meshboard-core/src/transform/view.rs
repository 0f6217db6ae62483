//! What a table panel shows of a frame: its columns with the field config Grafana resolves for
//! each (defaults, then overrides matched by the column's display name, refId or type),
//! each cell's text, colour, bar and link, the footer's reduced values and the row order of a
//! header sort. Grafana sources: `public/app/plugins/panel/table/` and
//! `packages/grafana-ui/src/components/Table/` (`utils.ts`: `getTextAlign`, `getFooterItems`,
//! `getCellOptions`; the cell components by `cellOptions.type`).

use serde::Serialize;
use serde_json::Value;

use super::ops::compare_data;
use super::{DataFrame, Datum, FieldKind};
use crate::dashboard::field_resolve::colors::{
    color_by_name, continuous_color, palette_color, parse_rgb,
};
use crate::dashboard::field_resolve::{FieldType, SeriesIdentity, ThemeMode};
use crate::dashboard::{
    data_links, resolve_data_link, DataLink, FieldConfig, FieldDefaults, LinkPage, LinkValue,
    ResolvedLink, Thresholds,
};
use crate::panel_calc::iso_utc;
use crate::panel_calc::reducers::{reduce_field, Calc, NullValueMode, Reducer};
use crate::panel_calc::value_mapping::{mapping_result, parse_mappings, MappedValue, ValueMapping};
use crate::units::format_value;

/// How a column's cells are drawn (`custom.cellOptions.type`, or the older
/// `custom.displayMode`).
#[derive(Debug, Clone, PartialEq)]
pub enum CellType {
    Auto,
    ColorText,
    ColorBackground { gradient: bool },
    Gauge { mode: String },
    Json,
}

impl CellType {
    fn from_custom(custom: &Value) -> CellType {
        let options = custom.get("cellOptions");
        let (kind, mode) = match options.and_then(|o| o.get("type")).and_then(Value::as_str) {
            Some(t) => (
                t.to_string(),
                options
                    .and_then(|o| o.get("mode"))
                    .and_then(Value::as_str)
                    .map(str::to_string),
            ),
            None => (
                custom
                    .get("displayMode")
                    .and_then(Value::as_str)
                    .unwrap_or("auto")
                    .to_string(),
                None,
            ),
        };
        match kind.as_str() {
            "color-text" => CellType::ColorText,
            "color-background" => CellType::ColorBackground {
                gradient: mode.as_deref() != Some("basic"),
            },
            // The pre-9 display modes of the same cells.
            "color-background-solid" => CellType::ColorBackground { gradient: false },
            "gradient-gauge" => CellType::Gauge {
                mode: "gradient".into(),
            },
            "lcd-gauge" => CellType::Gauge { mode: "lcd".into() },
            "basic" => CellType::Gauge {
                mode: "basic".into(),
            },
            "gauge" => CellType::Gauge {
                mode: mode.unwrap_or_else(|| "gradient".into()),
            },
            "json-view" => CellType::Json,
            _ => CellType::Auto,
        }
    }

    pub fn name(&self) -> &'static str {
        match self {
            CellType::Auto => "auto",
            CellType::ColorText => "color-text",
            CellType::ColorBackground { .. } => "color-background",
            CellType::Gauge { .. } => "gauge",
            CellType::Json => "json-view",
        }
    }
}

/// One data link of a column, as written (`title`, `url`, `targetBlank`).
pub type CellLink = DataLink;

/// One column of the table: a field with its resolved settings.
#[derive(Debug, Clone, PartialEq)]
pub struct Column {
    /// The header: the display name after `displayName` overrides.
    pub name: String,
    /// The field's display name before overrides (what `byName` matched).
    pub field_name: String,
    /// Index of the field in the frame.
    pub field: usize,
    pub kind: FieldKind,
    pub width: Option<f64>,
    pub min_width: Option<f64>,
    /// `left`, `center` or `right` (`auto`: numbers right, the rest left).
    pub align: &'static str,
    pub cell_type: CellType,
    pub hidden: bool,
    pub filterable: bool,
    pub unit: String,
    pub decimals: Option<u32>,
    pub min: Option<f64>,
    pub max: Option<f64>,
    pub thresholds: Option<Thresholds>,
    /// `color.mode` (`thresholds` when unset, the table's default).
    pub color_mode: String,
    pub fixed_color: Option<String>,
    pub mappings: Vec<ValueMapping>,
    pub links: Vec<CellLink>,
    pub no_value: Option<String>,
}

/// The table panel's `options`.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct TableOptions {
    pub show_header: bool,
    pub footer_show: bool,
    pub footer_reducers: Vec<String>,
    /// Fields the footer reduces (all numeric ones when empty).
    pub footer_fields: Vec<String>,
    pub footer_count_rows: bool,
    /// The initial sort: a column's display name and whether descending.
    pub sort_by: Option<(String, bool)>,
    /// Which frame shows when the data has several.
    pub frame_index: usize,
}

impl TableOptions {
    pub fn from_json(options: &Value) -> TableOptions {
        let footer = options.get("footer");
        let strings = |v: Option<&Value>| -> Vec<String> {
            v.and_then(Value::as_array)
                .map(|a| {
                    a.iter()
                        .filter_map(|s| s.as_str().map(str::to_string))
                        .collect()
                })
                .unwrap_or_default()
        };
        TableOptions {
            show_header: options.get("showHeader").and_then(Value::as_bool) != Some(false),
            footer_show: footer.and_then(|f| f.get("show")).and_then(Value::as_bool) == Some(true),
            footer_reducers: strings(footer.and_then(|f| f.get("reducer"))),
            footer_fields: strings(footer.and_then(|f| f.get("fields"))),
            footer_count_rows: footer
                .and_then(|f| f.get("countRows"))
                .and_then(Value::as_bool)
                == Some(true),
            sort_by: options
                .get("sortBy")
                .and_then(Value::as_array)
                .and_then(|a| a.first())
                .and_then(|s| {
                    Some((
                        s.get("displayName")?.as_str()?.to_string(),
                        s.get("desc").and_then(Value::as_bool) == Some(true),
                    ))
                }),
            frame_index: options
                .get("frameIndex")
                .and_then(Value::as_u64)
                .unwrap_or(0) as usize,
        }
    }
}

fn truthy(value: Option<&Value>) -> bool {
    match value {
        Some(Value::Bool(b)) => *b,
        Some(Value::String(s)) => !s.is_empty(),
        Some(Value::Number(n)) => n.as_f64().is_some_and(|v| v != 0.0),
        Some(Value::Array(_) | Value::Object(_)) => true,
        _ => false,
    }
}

/// The columns of `frame` (one of `all`), each field's config resolved from `config`.
pub fn columns(frame: &DataFrame, all: &[DataFrame], config: &FieldConfig) -> Vec<Column> {
    let names = frame.display_names(all);
    frame
        .fields
        .iter()
        .enumerate()
        .map(|(i, field)| {
            let identity = SeriesIdentity {
                name: names[i].clone(),
                field_name: Some(field.name.clone()),
                labels: field.labels.clone().unwrap_or_default(),
                ref_id: frame.ref_id.clone().unwrap_or_default(),
                field_type: match field.kind {
                    FieldKind::Time => FieldType::Time,
                    FieldKind::Number => FieldType::Number,
                    FieldKind::String => FieldType::String,
                },
                ..SeriesIdentity::default()
            };
            let merged = config.merged_json(&identity);
            let d = FieldDefaults::from_json(&merged);
            let custom = &d.custom;
            let number = |key: &str| custom.get(key).and_then(Value::as_f64).filter(|w| *w > 0.0);
            let align = match custom.get("align").and_then(Value::as_str) {
                Some("left") => "left",
                Some("center") => "center",
                Some("right") => "right",
                _ if field.kind == FieldKind::Number => "right",
                _ => "left",
            };
            let links = data_links(&d.links);
            Column {
                name: d.display_name.clone().unwrap_or_else(|| names[i].clone()),
                field_name: names[i].clone(),
                field: i,
                kind: field.kind,
                width: number("width"),
                min_width: number("minWidth"),
                align,
                cell_type: CellType::from_custom(custom),
                hidden: truthy(custom.get("hidden")),
                filterable: truthy(custom.get("filterable")),
                unit: d
                    .unit
                    .clone()
                    .or_else(|| field.unit.clone())
                    .unwrap_or_default(),
                decimals: d.decimals,
                min: d.min,
                max: d.max,
                thresholds: d.thresholds.clone(),
                color_mode: d
                    .color
                    .as_ref()
                    .map(|c| c.mode.clone())
                    .unwrap_or_else(|| "thresholds".into()),
                fixed_color: d.color.as_ref().and_then(|c| c.fixed_color.clone()),
                mappings: parse_mappings(&d.mappings),
                links,
                no_value: d.no_value.clone(),
            }
        })
        .collect()
}

/// The min and max over every numeric column (Grafana's global field range).
pub fn global_range(frame: &DataFrame) -> Option<(f64, f64)> {
    frame
        .fields
        .iter()
        .filter(|f| f.kind == FieldKind::Number)
        .flat_map(|f| f.values.iter().filter_map(Datum::number))
        .filter(|v| v.is_finite())
        .fold(None, |acc, v| {
            Some(acc.map_or((v, v), |(a, b): (f64, f64)| (a.min(v), b.max(v))))
        })
}

/// One cell as drawn.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct CellView {
    pub text: String,
    /// The value's colour (text colour, background or bar, by the cell type).
    pub color: Option<String>,
    /// The text colour readable on `color` as a background.
    pub contrast: Option<String>,
    /// A gauge's filled share, 0 to 1.
    pub fill: Option<f64>,
}

/// `YYYY-MM-DD HH:mm:ss` at `offset_min` from UTC, as Grafana's table writes times.
pub fn format_time(ms: f64, offset_min: i32) -> String {
    if !ms.is_finite() {
        return String::new();
    }
    let iso = iso_utc(ms as i64 + i64::from(offset_min) * 60_000);
    format!("{} {}", &iso[..10], &iso[11..19])
}

/// Grafana's `getTextColorForBackground`: dark text on bright colours, light text otherwise.
pub fn contrast_text(background: &str) -> String {
    let bright = parse_rgb(background)
        .map(|[r, g, b]| (r * 299.0 + g * 587.0 + b * 114.0) / 1000.0 > 180.0)
        .unwrap_or(false);
    if bright {
        "rgb(32, 34, 38)"
    } else {
        "rgb(247, 248, 250)"
    }
    .to_string()
}

impl Column {
    /// The colour of a numeric value by the column's colour mode.
    fn value_color(&self, v: f64, range: (f64, f64), theme: ThemeMode) -> Option<String> {
        let (min, max) = (self.min.unwrap_or(range.0), self.max.unwrap_or(range.1));
        match self.color_mode.as_str() {
            "fixed" | "shades" => self.fixed_color.as_deref().map(|c| color_by_name(c, theme)),
            "palette-classic" | "palette-classic-by-name" => Some(palette_color(self.field, theme)),
            m if m.starts_with("continuous-") => {
                let percent = if max > min {
                    (v - min) / (max - min)
                } else {
                    0.0
                };
                continuous_color(m, percent, theme)
            }
            _ => self
                .thresholds
                .as_ref()
                .and_then(|t| t.step_for(v, min, max))
                .map(|s| color_by_name(&s.color, theme)),
        }
    }

    /// The cell at `row`: its text (value mappings first, then the unit), colour and gauge
    /// share; `range` is the frame's [`global_range`], `offset_min` the time zone.
    pub fn cell(
        &self,
        frame: &DataFrame,
        row: usize,
        range: (f64, f64),
        theme: ThemeMode,
        offset_min: i32,
    ) -> CellView {
        let value = frame.value(self.field, row);
        let mapped = mapping_result(
            &self.mappings,
            match value {
                Datum::Null => MappedValue::Null,
                Datum::Number(v) => MappedValue::Number(*v),
                Datum::Text(t) => MappedValue::Text(t),
            },
        );
        let mut text = match (value, self.kind) {
            (Datum::Null, _) => String::new(),
            (Datum::Number(v), FieldKind::Time) => format_time(*v, offset_min),
            (Datum::Number(v), _) => format_value(*v, &self.unit, self.decimals),
            (Datum::Text(t), _) => t.clone(),
        };
        let mut color = match value {
            Datum::Number(v) if self.kind == FieldKind::Number => {
                self.value_color(*v, range, theme)
            }
            _ => None,
        };
        if let Some(m) = mapped {
            if let Some(t) = m.text {
                text = t;
            }
            if let Some(c) = m.color {
                color = Some(color_by_name(&c, theme));
            }
        }
        let fill = match (&self.cell_type, value) {
            (CellType::Gauge { .. }, Datum::Number(v)) => {
                let (min, max) = (
                    self.min.unwrap_or(range.0.min(0.0)),
                    self.max.unwrap_or(range.1),
                );
                Some(if max > min {
                    ((v - min) / (max - min)).clamp(0.0, 1.0)
                } else {
                    0.0
                })
            }
            _ => None,
        };
        let contrast = match self.cell_type {
            CellType::ColorBackground { .. } => color.as_deref().map(contrast_text),
            _ => None,
        };
        CellView {
            text,
            color,
            contrast,
            fill,
        }
    }
}

/// A `json-view` cell as Grafana's `JSONViewCell` shows it: text as written, any other value
/// as `JSON.stringify` writes it; plus, when the text is a JSON object or array, its pretty
/// form (one-space indent, as `JSON.stringify(value, null, ' ')`, keys in their written
/// order) for the cell to expand to. It is only ever text: nothing is read as markup.
pub fn json_view(value: &Datum) -> (String, Option<String>) {
    match value {
        Datum::Null => ("null".into(), None),
        Datum::Number(v) if v.is_finite() => {
            (crate::panel_calc::value_mapping::js_number_text(*v), None)
        }
        // `JSON.stringify` writes NaN and infinities as null.
        Datum::Number(_) => ("null".into(), None),
        Datum::Text(t) => {
            let structured = matches!(t.trim_start().as_bytes().first(), Some(b'{') | Some(b'['));
            let valid = structured && serde_json::from_str::<serde::de::IgnoredAny>(t).is_ok();
            (t.clone(), valid.then(|| reindent_json(t)))
        }
    }
}

/// Re-indents valid JSON text with one space per level, keeping keys, order and number
/// spellings as written.
fn reindent_json(text: &str) -> String {
    let mut out = String::with_capacity(text.len() * 2);
    let (mut depth, mut in_string, mut escaped) = (0usize, false, false);
    let mut chars = text.chars().peekable();
    let newline = |out: &mut String, depth: usize| {
        out.push('\n');
        out.push_str(&" ".repeat(depth));
    };
    while let Some(c) = chars.next() {
        if in_string {
            out.push(c);
            match (escaped, c) {
                (true, _) => escaped = false,
                (false, '\\') => escaped = true,
                (false, '"') => in_string = false,
                _ => {}
            }
            continue;
        }
        match c {
            '"' => {
                in_string = true;
                out.push(c);
            }
            '{' | '[' => {
                out.push(c);
                while chars.peek().is_some_and(|c| c.is_whitespace()) {
                    chars.next();
                }
                // An empty object or array stays on its line: `{}`, `[]`.
                if matches!(chars.peek(), Some('}') | Some(']')) {
                    out.extend(chars.next());
                } else {
                    depth += 1;
                    newline(&mut out, depth);
                }
            }
            '}' | ']' => {
                depth = depth.saturating_sub(1);
                newline(&mut out, depth);
                out.push(c);
            }
            ',' => {
                out.push(c);
                newline(&mut out, depth);
            }
            ':' => out.push_str(": "),
            c if c.is_whitespace() => {}
            c => out.push(c),
        }
    }
    out
}

/// A cell's data link: the row's variables (`${__data.fields.X}` by display name, name or
/// index, `${__value.raw|numeric|text}`, the column's labels and the Angular table's
/// `${__cell}`, `${__cell_N}`), the page's and the dashboard's, interpolated as every data
/// link is ([`resolve_data_link`]).
pub fn cell_link(
    link: &DataLink,
    column: &Column,
    frame: &DataFrame,
    names: &[String],
    row: usize,
    value_text: &str,
    page: &LinkPage,
) -> ResolvedLink {
    let field = |path: &str| {
        let f = path.trim_matches(|c| c == '"' || c == '[' || c == ']');
        names
            .iter()
            .position(|n| n == f)
            .or_else(|| frame.fields.iter().position(|x| x.name == f))
            .or_else(|| f.parse().ok())
            .filter(|&i| i < frame.fields.len())
            .map(|i| frame.value(i, row).key_text())
    };
    let datum = frame.value(column.field, row);
    let time_ms = frame
        .fields
        .iter()
        .position(|f| f.kind == FieldKind::Time)
        .and_then(|i| match frame.value(i, row) {
            Datum::Number(t) => Some(*t),
            _ => None,
        });
    let numeric = match datum {
        Datum::Number(v) => crate::panel_calc::value_mapping::js_number_text(*v),
        other => other.key_text(),
    };
    let labels = frame
        .fields
        .get(column.field)
        .and_then(|f| f.labels.as_ref());
    let value = LinkValue {
        field_name: &column.field_name,
        labels,
        series_name: &column.name,
        time_ms,
        raw: datum.key_text(),
        numeric,
        text: value_text.to_string(),
        formatted: value_text.to_string(),
        row: Some(&field),
    };
    resolve_data_link(link, &value, page)
}

/// The footer cells (Grafana's `getFooterItems`): each numeric column reduced with the first
/// reducer and formatted in its unit (counts without it), the reducer's name in the first
/// column when that one is not numeric; `countRows` counts the rows instead.
pub fn footer(
    columns: &[Column],
    frame: &DataFrame,
    rows: &[usize],
    options: &TableOptions,
) -> Vec<String> {
    if options.footer_count_rows {
        return columns
            .iter()
            .enumerate()
            .map(|(i, _)| match i {
                0 => format!("Count {}", rows.len()),
                _ => String::new(),
            })
            .collect();
    }
    let Some(reducer) = options
        .footer_reducers
        .first()
        .and_then(|id| Reducer::from_id(id))
    else {
        return vec![String::new(); columns.len()];
    };
    columns
        .iter()
        .enumerate()
        .map(|(i, c)| {
            if c.kind != FieldKind::Number {
                return if i == 0 {
                    reducer.name()
                } else {
                    String::new()
                };
            }
            if !options.footer_fields.is_empty()
                && !options
                    .footer_fields
                    .iter()
                    .any(|f| *f == c.name || *f == c.field_name)
            {
                return String::new();
            }
            let values: Vec<Option<f64>> = rows
                .iter()
                .map(|&r| frame.value(c.field, r).number())
                .collect();
            let unit = if reducer.preserves_units() {
                c.unit.as_str()
            } else {
                ""
            };
            match reduce_field(&values, reducer, NullValueMode::Ignore) {
                Calc::Number(v) => format_value(v, unit, c.decimals),
                Calc::Bool(b) => b.to_string(),
                _ => String::new(),
            }
        })
        .collect()
}

/// The rows in display order: as the frame has them, or sorted by `column` (a field index),
/// stably, descending when asked.
pub fn sorted_rows(frame: &DataFrame, sort: Option<(usize, bool)>) -> Vec<usize> {
    let mut rows: Vec<usize> = (0..frame.len()).collect();
    if let Some((field, desc)) = sort {
        crate::sort::sort_by(&mut rows, |a, b| {
            let ord = compare_data(frame.value(field, *a), frame.value(field, *b));
            if desc {
                ord.reverse()
            } else {
                ord
            }
        });
    }
    rows
}

/// What the panel exposes as `data-columns`: each shown column's header and settings.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct ColumnMeta {
    pub name: String,
    pub field: String,
    pub unit: String,
    pub width: Option<f64>,
    pub align: &'static str,
    pub cell_type: &'static str,
    pub filterable: bool,
}

impl ColumnMeta {
    pub fn json(columns: &[Column]) -> String {
        let metas: Vec<ColumnMeta> = columns
            .iter()
            .filter(|c| !c.hidden)
            .map(|c| ColumnMeta {
                name: c.name.clone(),
                field: c.field_name.clone(),
                unit: c.unit.clone(),
                width: c.width,
                align: c.align,
                cell_type: c.cell_type.name(),
                filterable: c.filterable,
            })
            .collect();
        serde_json::to_string(&metas).unwrap_or_else(|_| "[]".into())
    }
}
