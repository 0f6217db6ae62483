//! Value formatting with Grafana unit ids (`fieldConfig.defaults.unit`): bytes (IEC and SI),
//! bits, byte/bit rates, time (ns ... s), percent (0-100 and 0-1), ops/s and friends, short SI
//! suffixes, custom `prefix:`/`suffix:` units; plus unit-aware nice tick steps for value axes.

/// Powers of a base, each with its suffix: the scale ladder of one unit.
struct Ladder {
    base: f64,
    suffixes: &'static [&'static str],
}

const IEC_BYTES: Ladder = Ladder {
    base: 1024.0,
    suffixes: &[" B", " KiB", " MiB", " GiB", " TiB", " PiB", " EiB"],
};
const SI_BYTES: Ladder = Ladder {
    base: 1000.0,
    suffixes: &[" B", " kB", " MB", " GB", " TB", " PB", " EB"],
};
const IEC_BITS: Ladder = Ladder {
    base: 1024.0,
    suffixes: &[" b", " Kib", " Mib", " Gib", " Tib", " Pib", " Eib"],
};
const SI_BITS: Ladder = Ladder {
    base: 1000.0,
    suffixes: &[" b", " kb", " Mb", " Gb", " Tb", " Pb", " Eb"],
};
const IEC_BYTE_RATE: Ladder = Ladder {
    base: 1024.0,
    suffixes: &[" B/s", " KiB/s", " MiB/s", " GiB/s", " TiB/s", " PiB/s"],
};
const SI_BYTE_RATE: Ladder = Ladder {
    base: 1000.0,
    suffixes: &[" B/s", " kB/s", " MB/s", " GB/s", " TB/s", " PB/s"],
};
const SI_BIT_RATE: Ladder = Ladder {
    base: 1000.0,
    suffixes: &[" b/s", " kb/s", " Mb/s", " Gb/s", " Tb/s", " Pb/s"],
};
const IEC_BIT_RATE: Ladder = Ladder {
    base: 1024.0,
    suffixes: &[" b/s", " Kib/s", " Mib/s", " Gib/s", " Tib/s", " Pib/s"],
};
/// Grafana's `short`: thousands, millions, billions, trillions, quadrillions.
const SHORT: Ladder = Ladder {
    base: 1000.0,
    suffixes: &["", " K", " M", " B", " T", " Q"],
};

/// Time units, in nanoseconds, with their display suffix.
const TIME_UNITS: [(f64, &str); 9] = [
    (1.0, " ns"),
    (1e3, " µs"),
    (1e6, " ms"),
    (1e9, " s"),
    (60e9, " min"),
    (3600e9, " hour"),
    (86_400e9, " day"),
    (604_800e9, " week"),
    (31_536_000e9, " year"),
];

/// Nice tick steps for time axes in ms, above one second: clock-friendly, not 1/2/5.
const TIME_STEPS_MS: [f64; 19] = [
    1e3, 2e3, 5e3, 10e3, 15e3, 30e3, 60e3, 120e3, 300e3, 600e3, 900e3, 1_800e3, 3_600e3, 7_200e3,
    10_800e3, 21_600e3, 43_200e3, 86_400e3, 604_800e3,
];

enum Unit<'a> {
    Plain,
    Percent {
        scale: f64,
    },
    /// A ladder, with the value's position on it (`kbytes` starts one step up).
    Scaled {
        ladder: &'static Ladder,
        start: usize,
        tail: &'static str,
    },
    /// A time unit, as the number of nanoseconds in one input unit.
    Time {
        ns: f64,
    },
    /// `spaced`: put a space before the suffix (Grafana does for unknown unit ids).
    Custom {
        prefix: &'a str,
        suffix: &'a str,
        spaced: bool,
    },
}

fn classify(unit: &str) -> Unit<'_> {
    let scaled = |ladder, start, tail| Unit::Scaled {
        ladder,
        start,
        tail,
    };
    match unit {
        "" | "none" => Unit::Plain,
        "short" => scaled(&SHORT, 0, ""),
        "percent" => Unit::Percent { scale: 1.0 },
        "percentunit" => Unit::Percent { scale: 100.0 },
        "bytes" => scaled(&IEC_BYTES, 0, ""),
        "decbytes" => scaled(&SI_BYTES, 0, ""),
        "kbytes" => scaled(&IEC_BYTES, 1, ""),
        "mbytes" => scaled(&IEC_BYTES, 2, ""),
        "gbytes" => scaled(&IEC_BYTES, 3, ""),
        "deckbytes" => scaled(&SI_BYTES, 1, ""),
        "decmbytes" => scaled(&SI_BYTES, 2, ""),
        "decgbytes" => scaled(&SI_BYTES, 3, ""),
        "bits" => scaled(&IEC_BITS, 0, ""),
        "decbits" => scaled(&SI_BITS, 0, ""),
        "binBps" => scaled(&IEC_BYTE_RATE, 0, ""),
        "Bps" => scaled(&SI_BYTE_RATE, 0, ""),
        "KiBs" => scaled(&IEC_BYTE_RATE, 1, ""),
        "KBs" => scaled(&SI_BYTE_RATE, 1, ""),
        "bps" => scaled(&SI_BIT_RATE, 0, ""),
        "binbps" => scaled(&IEC_BIT_RATE, 0, ""),
        "ops" => scaled(&SHORT, 0, " ops/s"),
        "reqps" => scaled(&SHORT, 0, " req/s"),
        "rps" => scaled(&SHORT, 0, " rd/s"),
        "wps" => scaled(&SHORT, 0, " wr/s"),
        "iops" => scaled(&SHORT, 0, " io/s"),
        "opm" => scaled(&SHORT, 0, " ops/min"),
        "reqpm" => scaled(&SHORT, 0, " req/min"),
        "ns" => Unit::Time { ns: 1.0 },
        "µs" | "us" => Unit::Time { ns: 1e3 },
        "ms" => Unit::Time { ns: 1e6 },
        "s" => Unit::Time { ns: 1e9 },
        "m" => Unit::Time { ns: 60e9 },
        "h" => Unit::Time { ns: 3600e9 },
        "d" => Unit::Time { ns: 86_400e9 },
        other => match (other.strip_prefix("suffix:"), other.strip_prefix("prefix:")) {
            (Some(suffix), _) => Unit::Custom {
                prefix: "",
                suffix,
                spaced: false,
            },
            (_, Some(prefix)) => Unit::Custom {
                prefix,
                suffix: "",
                spaced: false,
            },
            // Grafana shows an unknown unit id as a custom suffix.
            _ => Unit::Custom {
                prefix: "",
                suffix: other,
                spaced: true,
            },
        },
    }
}

/// The number in display units and the text around it.
struct Scaled {
    number: f64,
    prefix: String,
    suffix: String,
}

fn scale(value: f64, unit: &str) -> Scaled {
    let plain = |number, suffix: &str| Scaled {
        number,
        prefix: String::new(),
        suffix: suffix.to_owned(),
    };
    match classify(unit) {
        Unit::Plain => plain(value, ""),
        Unit::Percent { scale } => plain(value * scale, "%"),
        Unit::Scaled {
            ladder,
            start,
            tail,
        } => {
            let mut number = value;
            let mut step = start;
            while number.abs() >= ladder.base && step + 1 < ladder.suffixes.len() {
                number /= ladder.base;
                step += 1;
            }
            plain(number, &format!("{}{tail}", ladder.suffixes[step]))
        }
        Unit::Time { ns } => {
            let in_ns = (value * ns).abs();
            // Zero stays in the unit it was given in ("0 s", not "0 ns").
            let (size, suffix) = TIME_UNITS
                .iter()
                .rev()
                .find(|(size, _)| {
                    if in_ns == 0.0 {
                        *size == ns
                    } else {
                        in_ns >= *size
                    }
                })
                .copied()
                .unwrap_or(TIME_UNITS[0]);
            plain(value * ns / size, suffix)
        }
        Unit::Custom {
            prefix,
            suffix,
            spaced,
        } => Scaled {
            number: value,
            prefix: prefix.to_owned(),
            suffix: if spaced {
                format!(" {suffix}")
            } else {
                suffix.to_owned()
            },
        },
    }
}

/// Formats a value in a Grafana unit: `format_value(1536.0, "bytes", None)` is `1.5 KiB`.
/// `decimals` fixes the digits after the point; `None` keeps about three significant
/// digits. NaN and infinities read `NaN`, `+Inf`, `-Inf` as Prometheus writes them.
pub fn format_value(value: f64, unit: &str, decimals: Option<u32>) -> String {
    if let Some(special) = non_finite(value) {
        return special.to_owned();
    }
    let scaled = scale(value, unit);
    let digits = decimals.unwrap_or_else(|| auto_decimals(scaled.number));
    join(&scaled, digits, decimals.is_none())
}

/// Formats an axis tick: the same scale as [`format_value`], with enough decimals to tell
/// ticks `step` apart, so that an axis reads `0.5 s, 1.0 s, 1.5 s`.
pub fn format_tick(value: f64, step: f64, unit: &str, decimals: Option<u32>) -> String {
    if let Some(special) = non_finite(value) {
        return special.to_owned();
    }
    // A zero tick takes the scale of its neighbours ("0 ms, 500 ms", not "0 s, 500 ms").
    let reference = if value == 0.0 { step } else { value };
    let mut scaled = scale(reference, unit);
    let ratio = if reference != 0.0 {
        scaled.number / reference
    } else {
        1.0
    };
    scaled.number = value * ratio;
    let digits = decimals.unwrap_or_else(|| step_decimals((step * ratio).abs()));
    join(&scaled, digits, false)
}

fn non_finite(value: f64) -> Option<&'static str> {
    if value.is_nan() {
        Some("NaN")
    } else if value == f64::INFINITY {
        Some("+Inf")
    } else if value == f64::NEG_INFINITY {
        Some("-Inf")
    } else {
        None
    }
}

fn join(scaled: &Scaled, digits: u32, trim: bool) -> String {
    let mut number = format!("{:.*}", digits.min(20) as usize, scaled.number);
    if trim && number.contains('.') {
        number.truncate(number.trim_end_matches('0').trim_end_matches('.').len());
    }
    if number.starts_with('-') && number[1..].bytes().all(|b| b == b'0' || b == b'.') {
        number.remove(0);
    }
    format!("{}{number}{}", scaled.prefix, scaled.suffix)
}

/// About three significant digits: `1.23`, `12.3`, `123`, `0.0123`.
fn auto_decimals(number: f64) -> u32 {
    if number == 0.0 || number.fract() == 0.0 {
        return 0;
    }
    let magnitude = number.abs().log10().floor();
    (2.0 - magnitude).clamp(0.0, 12.0) as u32
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

/// A tick step for `range` split into about `count` ticks: 1/2/5 x 10^n in general; powers of
/// 1024 times 1/2/5 for IEC byte units; clock steps (15 s, 30 min, 6 h, ...) for time units.
pub fn tick_step(range: f64, count: usize, unit: &str) -> f64 {
    let raw = range.abs() / count.max(1) as f64;
    if !raw.is_finite() || raw <= 0.0 {
        return 1.0;
    }
    match classify(unit) {
        Unit::Scaled { ladder, .. } if ladder.base == 1024.0 && raw >= 1.0 => {
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
        Unit::Time { ns } if raw * ns >= 1e9 => {
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
mod tests {
    use super::*;

    #[test]
    fn bytes_iec_and_si() {
        assert_eq!(format_value(1536.0, "bytes", None), "1.5 KiB");
        assert_eq!(format_value(1536.0, "decbytes", None), "1.54 kB");
        assert_eq!(
            format_value(3.0 * 1024f64.powi(3), "bytes", Some(2)),
            "3.00 GiB"
        );
        assert_eq!(format_value(512.0, "bytes", None), "512 B");
        assert_eq!(format_value(2048.0, "kbytes", None), "2 MiB");
        assert_eq!(
            format_value(1e30, "bytes", None),
            format!("{} EiB", format_value(1e30 / 1024f64.powi(6), "none", None))
        );
        assert_eq!(format_value(-2048.0, "bytes", None), "-2 KiB");
        assert_eq!(format_value(1e6, "Bps", None), "1 MB/s");
        assert_eq!(format_value(1e3, "bps", None), "1 kb/s");
    }

    #[test]
    fn time_units_scale_up_and_down() {
        assert_eq!(format_value(250.0, "ms", None), "250 ms");
        assert_eq!(format_value(1500.0, "ms", None), "1.5 s");
        assert_eq!(format_value(0.0042, "s", None), "4.2 ms");
        assert_eq!(format_value(90.0, "s", None), "1.5 min");
        assert_eq!(format_value(7200.0, "s", None), "2 hour");
        assert_eq!(format_value(12.0, "µs", None), "12 µs");
        assert_eq!(format_value(1200.0, "us", None), "1.2 ms");
        assert_eq!(format_value(5.0, "ns", None), "5 ns");
        assert_eq!(format_value(0.0, "s", None), "0 s");
        assert_eq!(format_value(0.0, "m", None), "0 min");
    }

    #[test]
    fn percent_short_rates_and_plain() {
        assert_eq!(format_value(45.0, "percent", None), "45%");
        assert_eq!(format_value(0.4567, "percentunit", None), "45.7%");
        assert_eq!(format_value(0.5, "percentunit", Some(1)), "50.0%");
        assert_eq!(format_value(1234.0, "short", None), "1.23 K");
        assert_eq!(format_value(2.5e9, "short", None), "2.5 B");
        assert_eq!(format_value(3e12, "short", None), "3 T");
        assert_eq!(format_value(0.5, "short", None), "0.5");
        assert_eq!(format_value(12_500.0, "ops", None), "12.5 K ops/s");
        assert_eq!(format_value(3.0, "reqps", None), "3 req/s");
        assert_eq!(format_value(1234.5678, "none", None), "1235");
        assert_eq!(format_value(0.012345, "", None), "0.0123");
        assert_eq!(format_value(1.0, "none", Some(3)), "1.000");
        assert_eq!(format_value(-0.0001, "none", Some(2)), "0.00");
    }

    #[test]
    fn specials_and_custom_units() {
        assert_eq!(format_value(f64::NAN, "bytes", None), "NaN");
        assert_eq!(format_value(f64::INFINITY, "s", None), "+Inf");
        assert_eq!(format_value(f64::NEG_INFINITY, "percent", Some(2)), "-Inf");
        assert_eq!(format_value(3.0, "suffix: req", None), "3 req");
        assert_eq!(format_value(3.0, "prefix:$", None), "$3");
        assert_eq!(format_value(3.0, "tokens", None), "3 tokens");
        assert!(format_value(f64::MAX, "short", None).len() < 400);
    }

    #[test]
    fn ticks_are_nice_and_unit_aware() {
        assert_eq!(tick_step(10.0, 5, "none"), 2.0);
        assert_eq!(tick_step(0.7, 7, "none"), 0.1);
        assert_eq!(
            tick_step(10.0 * 1024f64.powi(3), 5, "bytes"),
            2.0 * 1024f64.powi(3)
        );
        assert_eq!(tick_step(3000.0, 4, "bytes"), 1024.0);
        assert_eq!(tick_step(3600.0, 4, "s"), 900.0);
        assert_eq!(tick_step(7_200_000.0, 5, "ms"), 1_800_000.0);
        assert_eq!(tick_step(0.0, 5, "s"), 1.0);
        let ticks = value_ticks(0.0, 1.0, 5, "percentunit", None);
        let labels: Vec<&str> = ticks.iter().map(|t| t.1.as_str()).collect();
        assert_eq!(labels, ["0%", "20%", "40%", "60%", "80%", "100%"]);
        let ticks = value_ticks(0.0, 3.0 * 1024.0 * 1024.0, 3, "bytes", None);
        let labels: Vec<&str> = ticks.iter().map(|t| t.1.as_str()).collect();
        assert_eq!(labels, ["0 MiB", "1 MiB", "2 MiB", "3 MiB"]);
        let ticks = value_ticks(0.0, 1.6, 4, "s", None);
        let labels: Vec<&str> = ticks.iter().map(|t| t.1.as_str()).collect();
        assert_eq!(labels, ["0 ms", "500 ms", "1.0 s", "1.5 s"]);
        assert!(value_ticks(f64::NAN, 1.0, 4, "", None).is_empty());
        assert!(value_ticks(0.0, 1e300, 0, "", None).len() <= 1000);
    }
}
