//! Grafana's value formats: every unit id of Grafana's unit picker (`fieldConfig.defaults.unit`,
//! legacy `yaxes[].format`) drawn the way Grafana draws it, the custom forms (`suffix:`,
//! `prefix:`, `si:`, `count:`, `currency:`, `time:`, `bool:`), Grafana's fallback for ids it
//! does not know (the id as a suffix: `5 tokens`), and unit-aware nice ticks for value axes.
//!
//! - [`format_value`] is the one-call form: `format_value(1536.0, "bytes", None)` is
//!   `1.50 KiB`, exactly Grafana's text (automatic decimals give about three significant
//!   digits; `Some(d)` fixes `d` decimals, zero-padded).
//! - [`value_format`] reads a unit id once (do it per series, not per point) into a
//!   [`ValueFormat`] whose [`ValueFormat::format`] gives a [`FormattedValue`] split into
//!   prefix, number text and suffix, as Grafana's `FormattedValue` (stat panels draw the
//!   suffix smaller).
//! - Date and time units are in **UTC** (the core has no browser time zone). The units that
//!   depend on the current time (`dateTimeFromNow`, the `...NoDateIfToday` ones) need "now",
//!   which the core never reads from a clock: pass it with [`ValueFormat::format_at`] or
//!   [`format_value_at`]; without it, from-now values are written as absolute
//!   `YYYY-MM-DD HH:mm:ss` and today's dates keep their date.
//! - [`unit_info`] and [`unit_catalogue`] give a unit's picker name and category, for the
//!   panel editor.
//!
//! Non-finite values read `NaN`, `+Inf`, `-Inf` whatever the unit, as Prometheus writes them
//! (Grafana would write `∞`). Sources: grafana/grafana `packages/grafana-data/src/valueFormats/`
//! (`categories.ts`, `valueFormats.ts`, `baseFormatters.ts`, `symbolFormatters.ts`,
//! `arithmeticFormatters.ts`, `dateTimeFormatters.ts`), cited again where each rule lives.

mod catalogue;
mod datetime;
mod number;
pub(crate) use number::js_number_to_string;
mod time;

use std::fmt;

use catalogue::{kind_of, lookup, Kind, TimeUnit, CATEGORIES, SYSTEM_DATE_FORMAT};
use number::{en_us_number, non_finite_text, to_exponential, to_fixed, to_hex};

/// A formatted value in Grafana's three parts: `$` + `1.53` + `K`, `45.7` + `%`.
/// `to_string()` joins them.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct FormattedValue {
    pub prefix: String,
    pub text: String,
    pub suffix: String,
}

impl FormattedValue {
    pub(crate) fn new(prefix: &str, text: &str, suffix: &str) -> Self {
        Self {
            prefix: prefix.to_owned(),
            text: text.to_owned(),
            suffix: suffix.to_owned(),
        }
    }
}

impl fmt::Display for FormattedValue {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}{}{}", self.prefix, self.text, self.suffix)
    }
}

/// A value on its way to text: a number still to be rounded (so that axis ticks can choose
/// their own decimals) with its prefix and suffix, or text that is already final.
pub(crate) enum Shaped {
    Number {
        prefix: String,
        number: f64,
        suffix: String,
    },
    Text(FormattedValue),
}

impl Shaped {
    pub(crate) fn number(number: f64, suffix: String) -> Self {
        Shaped::Number {
            prefix: String::new(),
            number,
            suffix,
        }
    }
}

/// A unit id read once: what [`value_format`] returns. Borrowing the id keeps custom forms
/// (`suffix:req`) free of allocation.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct ValueFormat<'a> {
    kind: Kind<'a>,
}

/// Reads a Grafana unit id: catalogue ids (`bytes`, `pps`, `dateTimeAsIso`, ...), custom forms
/// (`suffix:/s`, `prefix:$`, `si:mA`, `count:rows`, `currency:€`, `currency:financial:$`,
/// `time:YYYY-MM`, `bool:Up/Down`), `""`/`none` for plain numbers, and any other text as
/// Grafana does: a suffix after a space.
pub fn value_format(unit: &str) -> ValueFormat<'_> {
    ValueFormat {
        kind: kind_of(unit),
    }
}

impl ValueFormat<'_> {
    /// Formats `value` as Grafana does; `decimals` is the panel's `decimals` (`None`:
    /// automatic). Units that need "now" behave as documented on the module.
    pub fn format(&self, value: f64, decimals: Option<u32>) -> FormattedValue {
        self.format_with(value, decimals, None)
    }

    /// [`ValueFormat::format`] knowing the current time (epoch ms), for `dateTimeFromNow`
    /// ("5 minutes ago") and the `...NoDateIfToday` units.
    pub fn format_at(&self, value: f64, decimals: Option<u32>, now_ms: i64) -> FormattedValue {
        self.format_with(value, decimals, Some(now_ms))
    }

    /// Whether the unit writes words instead of numbers (`bool`, `bool_yes_no`, `bool:a/b`):
    /// Grafana's `isBooleanUnit`.
    pub fn is_boolean(&self) -> bool {
        matches!(self.kind, Kind::Bool(..))
    }

    /// Whether values are instants (date and time units, `time:` patterns): a panel shows
    /// them as dates, and an axis of them is a time axis.
    pub fn is_date_time(&self) -> bool {
        matches!(self.kind, Kind::DateTime(..) | Kind::DateTimeFromNow)
    }

    fn format_with(
        &self,
        value: f64,
        decimals: Option<u32>,
        now_ms: Option<i64>,
    ) -> FormattedValue {
        if !value.is_finite() {
            return FormattedValue::new("", non_finite_text(value), "");
        }
        match shape(self.kind, value, decimals, now_ms) {
            Shaped::Number {
                prefix,
                number,
                suffix,
            } => FormattedValue {
                prefix,
                text: to_fixed(number, decimals),
                suffix,
            },
            Shaped::Text(done) => done,
        }
    }
}

/// Formats a value in a Grafana unit, exactly as Grafana writes it:
/// `format_value(1536.0, "bytes", None)` is `1.50 KiB`, `format_value(1.0, "bool_yes_no",
/// None)` is `Yes`, `format_value(5.62, "pps", None)` is `5.62 p/s`. `decimals` fixes the
/// digits after the point; `None` lets Grafana's automatic decimals choose. NaN and
/// infinities read `NaN`, `+Inf`, `-Inf` as Prometheus writes them.
pub fn format_value(value: f64, unit: &str, decimals: Option<u32>) -> String {
    value_format(unit).format(value, decimals).to_string()
}

/// [`format_value`] knowing the current time (epoch ms) for `dateTimeFromNow` and the
/// `...NoDateIfToday` units.
pub fn format_value_at(value: f64, unit: &str, decimals: Option<u32>, now_ms: i64) -> String {
    value_format(unit)
        .format_at(value, decimals, now_ms)
        .to_string()
}

/// Grafana's `isBooleanUnit`: ids starting with `bool` print words, not numbers.
pub fn is_boolean_unit(unit: &str) -> bool {
    unit.starts_with("bool")
}

/// A unit of Grafana's unit picker.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct UnitInfo {
    /// The id dashboards store: `bytes`, `reqps`, `dateTimeAsIso`.
    pub id: &'static str,
    /// The picker's name: `bytes(IEC)`, `requests/sec (rps)`, `Datetime ISO`.
    pub name: &'static str,
    /// The picker's category: `Data`, `Throughput`, `Date & time`.
    pub category: &'static str,
}

/// The picker entry of a catalogue id (`None` for custom forms and unknown ids);
/// `farenheit`, Grafana's old misspelling, is `fahrenheit`.
pub fn unit_info(id: &str) -> Option<UnitInfo> {
    lookup(id).map(|(category, def)| UnitInfo {
        id: def.id,
        name: def.name,
        category,
    })
}

/// Every catalogue unit in the picker's order, category by category.
pub fn unit_catalogue() -> impl Iterator<Item = UnitInfo> {
    CATEGORIES.iter().flat_map(|(category, units)| {
        units.iter().map(move |def| UnitInfo {
            id: def.id,
            name: def.name,
            category,
        })
    })
}

const SI_PREFIXES: [&str; 14] = [
    "f", "p", "n", "µ", "m", "", "k", "M", "G", "T", "P", "E", "Z", "Y",
];
/// Where the empty prefix sits in [`SI_PREFIXES`].
const SI_BASE: i32 = 5;
const BINARY_PREFIXES: [&str; 9] = ["", "Ki", "Mi", "Gi", "Ti", "Pi", "Ei", "Zi", "Yi"];
const SHORT_WORDS: [&str; 9] = [
    "", " K", " Mil", " Bil", " Tri", " Quadr", " Quint", " Sext", " Sept",
];
const COUNT_STEPS: [&str; 5] = ["", "K", "M", "B", "T"];

/// Grafana's `scaledUnits(factor, steps, offset)` (`baseFormatters.ts`): the step is
/// `floor(log_factor |value|)` places from `offset`, kept inside the ladder; returns the
/// number in that step's unit and the step's position.
fn ladder(value: f64, factor: f64, len: usize, offset: i32) -> (f64, usize) {
    let last = len as i32 - 1;
    let index = if value == 0.0 {
        0
    } else {
        (value.abs().log10() / factor.log10()).floor() as i32
    };
    let position = (offset + index).clamp(0, last) as usize;
    let power = index.clamp(-offset, last - offset);
    (value / factor.powi(power), position)
}

fn si(value: f64, unit: &str, offset: i32) -> Shaped {
    let (number, step) = ladder(value, 1000.0, SI_PREFIXES.len(), SI_BASE + offset);
    Shaped::number(number, format!(" {}{unit}", SI_PREFIXES[step]))
}

fn short_scale(value: f64, steps: &[&str]) -> (f64, String) {
    let (number, step) = ladder(value, 1000.0, steps.len(), 0);
    (number, steps[step].to_owned())
}

fn shape(kind: Kind<'_>, value: f64, decimals: Option<u32>, now_ms: Option<i64>) -> Shaped {
    let text = |text: String| Shaped::Text(FormattedValue::new("", &text, ""));
    match kind {
        Kind::Suffix("") => Shaped::number(value, String::new()),
        // toFixedUnit puts a space between the number and the unit.
        Kind::Suffix(unit) => Shaped::number(value, format!(" {unit}")),
        Kind::Prefix(unit) => Shaped::Number {
            prefix: unit.to_owned(),
            number: value,
            suffix: String::new(),
        },
        Kind::Text => text(number::js_number_to_string(value)),
        Kind::Short => {
            let (number, suffix) = short_scale(value, &SHORT_WORDS);
            Shaped::number(number, suffix)
        }
        Kind::Si(unit, offset) => si(value, unit, offset),
        Kind::Binary(unit, offset) => {
            let (number, step) = ladder(value, 1024.0, BINARY_PREFIXES.len(), offset);
            Shaped::number(number, format!(" {}{unit}", BINARY_PREFIXES[step]))
        }
        Kind::Ladder(factor, steps) => {
            let (number, step) = ladder(value, factor, steps.len(), 0);
            Shaped::number(number, steps[step].to_owned())
        }
        // simpleCountUnit (valueFormats.ts): "1.23K req/s", the step glued to the number.
        Kind::Count(symbol) => {
            let (number, step) = short_scale(value, &COUNT_STEPS);
            Shaped::number(number, format!("{step} {symbol}"))
        }
        // currency (symbolFormatters.ts): scaled on the magnitude, "-$1.53K" when negative.
        Kind::Currency(symbol, as_suffix) => {
            let (number, step) = short_scale(value.abs(), &COUNT_STEPS);
            let (mut prefix, suffix) = if as_suffix {
                (String::new(), format!("{step}{symbol}"))
            } else {
                (symbol.to_owned(), step)
            };
            if value < 0.0 {
                prefix.insert(0, '-');
            }
            Shaped::Number {
                prefix,
                number,
                suffix,
            }
        }
        // fullCurrency (symbolFormatters.ts): grouped digits, one decimal at most by default.
        Kind::FullCurrency(symbol, as_suffix) => {
            let digits = en_us_number(value, decimals.unwrap_or(0), decimals.unwrap_or(1));
            let (prefix, suffix) = if as_suffix {
                ("", symbol)
            } else {
                (symbol, "")
            };
            Shaped::Text(FormattedValue::new(prefix, &digits, suffix))
        }
        // toPercent / toPercentUnit (arithmeticFormatters.ts): no space before the sign.
        Kind::Percent => Shaped::number(value, "%".to_owned()),
        Kind::PercentUnit => Shaped::number(value * 100.0, "%".to_owned()),
        Kind::Hex => text(to_hex(value, decimals)),
        Kind::Hex0x => {
            let hex = to_hex(value, decimals);
            text(match hex.strip_prefix('-') {
                Some(digits) => format!("-0x{digits}"),
                None => format!("0x{hex}"),
            })
        }
        Kind::Sci => text(to_exponential(value, decimals)),
        // locale: toLocaleString with at most `decimals` decimals (3 when unset), en-US.
        Kind::Locale => text(en_us_number(value, 0, decimals.unwrap_or(3))),
        Kind::Time(unit) => time::time_unit(unit, value),
        Kind::Duration(scale) => Shaped::Text(time::duration(value, decimals, scale)),
        Kind::Hms => Shaped::Text(time::hours_minutes_seconds(value)),
        Kind::Dhms => Shaped::Text(time::days_hours_minutes_seconds(value)),
        Kind::Timeticks => time::seconds(value / 100.0),
        Kind::ClockMs => Shaped::Text(time::clock(value, decimals)),
        Kind::ClockS => Shaped::Text(time::clock(value * 1000.0, decimals)),
        Kind::DateTime(pattern, today_pattern) => {
            // Like JavaScript's Date, an instant is whole milliseconds (truncated).
            let epoch_ms = value.trunc() as i64;
            let pattern = match (today_pattern, now_ms) {
                (Some(today), Some(now)) if datetime::same_utc_day(epoch_ms, now) => today,
                _ => pattern,
            };
            text(datetime::format_pattern(epoch_ms, pattern))
        }
        Kind::DateTimeFromNow => match now_ms {
            Some(now) => text(datetime::from_now(value, now)),
            None => text(datetime::format_pattern(
                value.trunc() as i64,
                SYSTEM_DATE_FORMAT,
            )),
        },
        // booleanValueFormatter: any non-zero number is true.
        Kind::Bool(yes, no) => text((if value != 0.0 { yes } else { no }).to_owned()),
    }
}

/// Formats an axis tick: the same scale as [`format_value`], with enough decimals to tell
/// ticks `step` apart, so that an axis reads `0.5 s, 1.0 s, 1.5 s`.
pub fn format_tick(value: f64, step: f64, unit: &str, decimals: Option<u32>) -> String {
    if !value.is_finite() {
        return non_finite_text(value).to_owned();
    }
    let format = value_format(unit);
    // A zero tick takes the scale of its neighbours ("0 ms, 500 ms", not "0 s, 500 ms").
    let reference = if value == 0.0 { step } else { value };
    match shape(format.kind, reference, decimals, None) {
        Shaped::Number {
            prefix,
            number,
            suffix,
        } if reference != 0.0 && reference.is_finite() => {
            let ratio = number / reference;
            let digits = decimals.unwrap_or_else(|| step_decimals((step * ratio).abs()));
            // A tick in a bigger scale than its step (1500 MiB among 500 MiB steps) would need
            // the step's every digit there (1.46484375 GiB): Grafana formats it on its own.
            if decimals.is_none() && digits > 3 {
                return format.format(value, None).to_string();
            }
            let mut text = format!("{:.*}", digits.min(20) as usize, value * ratio);
            if text.starts_with('-') && text[1..].bytes().all(|b| b == b'0' || b == b'.') {
                text.remove(0);
            }
            format!("{prefix}{text}{suffix}")
        }
        _ => format
            .format(value, decimals.or_else(|| Some(step_decimals(step.abs()))))
            .to_string(),
    }
}

/// The fewest decimals that show `step` exactly (up to 12).
fn step_decimals(step: f64) -> u32 {
    if !step.is_finite() || step <= 0.0 {
        return 0;
    }
    (0..12)
        .find(|&d| {
            let shifted = step * 10f64.powi(d);
            (shifted - shifted.round()).abs() <= shifted * 1e-9
        })
        .unwrap_or(12) as u32
}

/// Nice tick steps for time axes in ms, above one second: clock-friendly, not 1/2/5.
const TIME_STEPS_MS: [f64; 19] = [
    1e3, 2e3, 5e3, 10e3, 15e3, 30e3, 60e3, 120e3, 300e3, 600e3, 900e3, 1_800e3, 3_600e3, 7_200e3,
    10_800e3, 21_600e3, 43_200e3, 86_400e3, 604_800e3,
];

/// Nanoseconds in one input unit of an auto-scaling time unit.
fn nanoseconds_per(unit: TimeUnit) -> f64 {
    match unit {
        TimeUnit::Nanoseconds => 1.0,
        TimeUnit::Microseconds => 1e3,
        TimeUnit::Milliseconds => 1e6,
        TimeUnit::Seconds => 1e9,
        TimeUnit::Minutes => 60e9,
        TimeUnit::Hours => 3600e9,
        TimeUnit::Days => 86_400e9,
    }
}

/// A tick step for `range` split into about `count` ticks: 1/2/5 x 10^n in general; powers of
/// 1024 times 1/2/5 for IEC units (bytes, bits, their rates); clock steps (15 s, 30 min,
/// 6 h, ...) for time units.
pub fn tick_step(range: f64, count: usize, unit: &str) -> f64 {
    let raw = range.abs() / count.max(1) as f64;
    if !raw.is_finite() || raw <= 0.0 {
        return 1.0;
    }
    match value_format(unit).kind {
        Kind::Binary(..) if raw >= 1.0 => {
            let power = raw.log(1024.0).floor().max(0.0);
            let unit_size = 1024f64.powf(power);
            let step = nice_125(raw / unit_size);
            // 1000 B would label as "1000 B, 1.95 KiB": go to the next power instead.
            if step >= 1000.0 {
                unit_size * 1024.0
            } else {
                step * unit_size
            }
        }
        Kind::Time(time_unit) if raw * nanoseconds_per(time_unit) >= 1e9 => {
            let ns = nanoseconds_per(time_unit);
            let raw_ms = raw * ns / 1e6;
            let step_ms = TIME_STEPS_MS
                .iter()
                .copied()
                .find(|s| *s >= raw_ms)
                .unwrap_or_else(|| {
                    // Longer than a week: whole weeks, 1/2/5 x 10^n of them.
                    nice_125(raw_ms / 604_800e3) * 604_800e3
                });
            step_ms * 1e6 / ns
        }
        _ => nice_125(raw),
    }
}

/// The smallest 1, 2 or 5 x 10^n at least `raw`.
fn nice_125(raw: f64) -> f64 {
    let power = 10f64.powf(raw.log10().floor());
    let fraction = raw / power;
    let nice = if fraction <= 1.0 {
        1.0
    } else if fraction <= 2.0 {
        2.0
    } else if fraction <= 5.0 {
        5.0
    } else {
        10.0
    };
    nice * power
}

/// Nice ticks covering `[min, max]` with about `count` of them, as (value, label).
pub fn value_ticks(
    min: f64,
    max: f64,
    count: usize,
    unit: &str,
    decimals: Option<u32>,
) -> Vec<(f64, String)> {
    let (lo, hi) = if min <= max { (min, max) } else { (max, min) };
    if !(lo.is_finite() && hi.is_finite()) {
        return Vec::new();
    }
    let step = tick_step(hi - lo, count, unit);
    let (first, last) = ((lo / step).ceil(), (hi / step).floor());
    let count = last - first;
    if !count.is_finite() || count >= 1000.0 {
        return Vec::new();
    }
    let mut ticks = Vec::new();
    let mut k = first;
    while k <= last {
        // Multiply, never accumulate, so 0.1 steps do not drift to 0.30000000000000004.
        let value = k * step;
        ticks.push((value, format_tick(value, step, unit, decimals)));
        k += 1.0;
    }
    ticks
}

#[cfg(test)]
mod tests;
