//! Standard options > Color scheme (Grafana's `FieldColorEditor` over the field colour modes
//! of `grafana-data/src/field/fieldColor.ts`): the modes Meshboard resolves, by value or per
//! series, and the `fieldConfig.defaults.color` object the editor stores: a single colour and
//! shades keep a `fixedColor`, a by-value scheme may colour a series by its last, min or max
//! value (`seriesBy`), the rest need only their mode.

use serde_json::{Map, Value};

/// One colour scheme of the select.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ColorScheme {
    pub mode: &'static str,
    pub name: &'static str,
    /// Coloured by each value (thresholds, continuous): "Color series by" applies.
    pub by_value: bool,
    /// Takes a colour (single colour, shades).
    pub takes_color: bool,
}

const fn scheme(mode: &'static str, name: &'static str, by_value: bool) -> ColorScheme {
    ColorScheme {
        mode,
        name,
        by_value,
        takes_color: false,
    }
}

const fn with_color(mode: &'static str, name: &'static str) -> ColorScheme {
    ColorScheme {
        mode,
        name,
        by_value: false,
        takes_color: true,
    }
}

/// The schemes in Grafana's order (the continuous ones Meshboard resolves).
pub const COLOR_SCHEMES: [ColorScheme; 15] = [
    with_color("fixed", "Single color"),
    with_color("shades", "Shades of a color"),
    scheme("palette-classic", "Classic palette", false),
    scheme(
        "palette-classic-by-name",
        "Classic palette (by series name)",
        false,
    ),
    scheme("thresholds", "From thresholds (by value)", true),
    scheme("continuous-GrYlRd", "Green-Yellow-Red (by value)", true),
    scheme("continuous-RdYlGr", "Red-Yellow-Green (by value)", true),
    scheme("continuous-BlYlRd", "Blue-Yellow-Red (by value)", true),
    scheme("continuous-YlRd", "Yellow-Red (by value)", true),
    scheme("continuous-BlPu", "Blue-Purple (by value)", true),
    scheme("continuous-YlBl", "Yellow-Blue (by value)", true),
    scheme("continuous-blues", "Blues (by value)", true),
    scheme("continuous-reds", "Reds (by value)", true),
    scheme("continuous-greens", "Greens (by value)", true),
    scheme("continuous-purples", "Purples (by value)", true),
];

/// "Color series by" for the by-value schemes (`seriesBy`).
pub const SERIES_BY: &[(&str, &str)] = &[("last", "Last"), ("min", "Min"), ("max", "Max")];

/// The scheme of `mode` (`None` for a mode Meshboard does not know).
pub fn color_scheme(mode: &str) -> Option<ColorScheme> {
    COLOR_SCHEMES.iter().copied().find(|s| s.mode == mode)
}

/// The colour a single colour or shades scheme starts with (Grafana's editor: green).
pub const DEFAULT_FIXED_COLOR: &str = "green";

/// `color` after choosing `mode` in the select: the fixed colour kept (or Grafana's green) for
/// the schemes that take one, `seriesBy` kept for by-value ones, the rest dropped.
pub fn color_with_mode(current: Option<&Value>, mode: &str) -> Value {
    let scheme = color_scheme(mode);
    let kept = |key: &str| current.and_then(|c| c.get(key)).cloned();
    let mut color = Map::new();
    color.insert("mode".into(), Value::String(mode.to_string()));
    if scheme.is_some_and(|s| s.takes_color) {
        let fixed = kept("fixedColor")
            .filter(|c| c.as_str().is_some_and(|s| !s.trim().is_empty()))
            .unwrap_or_else(|| Value::String(DEFAULT_FIXED_COLOR.into()));
        color.insert("fixedColor".into(), fixed);
    }
    if scheme.is_some_and(|s| s.by_value) {
        if let Some(by) = kept("seriesBy") {
            color.insert("seriesBy".into(), by);
        }
    }
    Value::Object(color)
}

/// Whether `text` can be stored as a colour: a Grafana colour name (`green`, `dark-red`,
/// `super-light-blue`), `#rgb`/`#rrggbb`/`#rrggbbaa`, or `rgb()`/`rgba()`/`hsl()`/`hsla()`
/// of numbers; nothing that could leave the colour (no `;`, `:` or braces for a style).
pub fn is_color_text(text: &str) -> bool {
    let t = text.trim();
    if t.is_empty() || t.len() > 40 {
        return false;
    }
    if let Some(hex) = t.strip_prefix('#') {
        return [3, 4, 6, 8].contains(&hex.len()) && hex.chars().all(|c| c.is_ascii_hexdigit());
    }
    for f in ["rgba(", "rgb(", "hsla(", "hsl("] {
        if let Some(rest) = t.strip_prefix(f) {
            return rest.strip_suffix(')').is_some_and(|args| {
                args.chars()
                    .all(|c| c.is_ascii_digit() || " ,.%/".contains(c))
            });
        }
    }
    t.chars().all(|c| c.is_ascii_lowercase() || c == '-')
}
