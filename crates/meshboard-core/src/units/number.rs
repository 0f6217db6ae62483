//! Grafana's number text: `toFixed` with its automatic decimals, and the JavaScript number
//! spellings Grafana's formatters lean on (`String(n)`, `toExponential`, `toString(16)`,
//! `toLocaleString`), reproduced so that the digits match Grafana's to the character.
//!
//! Rules from grafana/grafana `packages/grafana-data/src/valueFormats/valueFormats.ts`
//! (`toFixed`, `getDecimalsForValue`; moved to `baseFormatters.ts` in newer versions) and
//! `arithmeticFormatters.ts` (`toHex`, `sci`), plus ECMAScript's `Number::toString`.

/// JavaScript's `Math.round`: halves go towards +infinity, so `-2.5` rounds to `-2`.
pub(crate) fn js_round(x: f64) -> f64 {
    let floor = x.floor();
    // `x - floor` is exact for every finite double, so there is no double rounding here.
    if x - floor >= 0.5 {
        floor + 1.0
    } else {
        floor
    }
}

/// JavaScript's `String(n)`: the shortest digits that read back as `n`, in plain notation
/// from 1e-6 up to 1e21 and as `1.5e+21` / `1e-7` outside (ECMAScript `Number::toString`).
pub(crate) fn js_number_to_string(x: f64) -> String {
    if x.is_nan() {
        return "NaN".to_owned();
    }
    if x.is_infinite() {
        return if x > 0.0 { "Infinity" } else { "-Infinity" }.to_owned();
    }
    if x == 0.0 {
        // Both zeros print as "0" in JavaScript.
        return "0".to_owned();
    }
    // Rust's `{:e}` writes the shortest round-trip digits, the same digits JavaScript picks.
    let scientific = format!("{:e}", x.abs());
    let (mantissa, exponent) = scientific.split_once('e').unwrap_or((&scientific, "0"));
    let exponent: i32 = exponent.parse().unwrap_or(0);
    let digits: String = mantissa.chars().filter(|c| *c != '.').collect();
    let count = digits.len() as i32;
    // Where the decimal point goes, counted in digits from the left.
    let point = exponent + 1;
    let body = if count <= point && point <= 21 {
        format!("{digits}{}", "0".repeat((point - count) as usize))
    } else if 0 < point && point <= 21 {
        let (whole, fraction) = digits.split_at(point as usize);
        format!("{whole}.{fraction}")
    } else if -6 < point && point <= 0 {
        format!("0.{}{digits}", "0".repeat((-point) as usize))
    } else {
        let shown = point - 1;
        let sign = if shown < 0 { '-' } else { '+' };
        let (first, rest) = digits.split_at(1);
        let rest = if rest.is_empty() {
            String::new()
        } else {
            format!(".{rest}")
        };
        format!("{first}{rest}e{sign}{}", shown.abs())
    };
    if x < 0.0 {
        format!("-{body}")
    } else {
        body
    }
}

/// Grafana's `getDecimalsForValue`: about three significant digits (`1.50`, `12.3`, `123`),
/// none for whole numbers.
pub(crate) fn decimals_for_value(value: f64) -> i32 {
    let magnitude = value.abs();
    // Grafana divides natural logs (Math.log(x) / Math.LN10), which is not always log10(x):
    // for 1000 it gives 2.9999999999999996. Doing the same keeps the same decimals.
    let log10 = (magnitude.ln() / std::f64::consts::LN_10).floor();
    let mut decimals = -log10 + 1.0;
    let magn = 10f64.powf(-decimals);
    let norm = magnitude / magn;
    if norm > 2.25 {
        decimals += 1.0;
    }
    if value % 1.0 == 0.0 {
        decimals = 0.0;
    }
    if decimals.is_nan() {
        return 0;
    }
    decimals.clamp(0.0, 20.0) as i32
}

/// Grafana's `toFixed(value, decimals)`: rounds to `decimals` (automatic when `None`) and pads
/// with zeros up to exactly that many; huge or tiny results keep JavaScript's exponent form.
pub(crate) fn to_fixed(value: f64, decimals: Option<u32>) -> String {
    if !value.is_finite() {
        return non_finite_text(value).to_owned();
    }
    // JavaScript's padding goes through String(10 ** decimals), which has 20 zeros at most.
    let decimals = decimals.map_or_else(|| decimals_for_value(value), |d| d.min(20) as i32);
    if value == 0.0 {
        return format!("{:.*}", decimals as usize, 0.0);
    }
    let factor = 10f64.powi(decimals);
    let formatted = js_number_to_string(js_round(value * factor) / factor);
    if formatted.contains('e') {
        return formatted;
    }
    let precision = formatted.find('.').map_or(0, |p| formatted.len() - p - 1) as i32;
    if precision >= decimals {
        return formatted;
    }
    let point = if precision == 0 { "." } else { "" };
    format!(
        "{formatted}{point}{}",
        "0".repeat((decimals - precision) as usize)
    )
}

/// How non-finite numbers read everywhere in Meshboard: as Prometheus writes them.
pub(crate) fn non_finite_text(value: f64) -> &'static str {
    if value.is_nan() {
        "NaN"
    } else if value > 0.0 {
        "+Inf"
    } else {
        "-Inf"
    }
}

/// JavaScript's `value.toExponential(decimals)`: `1.23e+3`, `-5e-7`; shortest digits when
/// `decimals` is `None`.
pub(crate) fn to_exponential(value: f64, decimals: Option<u32>) -> String {
    let text = match decimals {
        Some(d) => format!("{:.*e}", d.min(100) as usize, value),
        None => format!("{value:e}"),
    };
    match text.split_once('e') {
        Some((mantissa, exponent)) if !exponent.starts_with('-') => {
            format!("{mantissa}e+{exponent}")
        }
        _ => text,
    }
}

/// Grafana's `toHex`: `parseFloat(toFixed(value, decimals)).toString(16).toUpperCase()`.
/// Fractions get up to 13 hexadecimal digits (a double's 52 bits), which is where
/// JavaScript stops too for the values dashboards show.
pub(crate) fn to_hex(value: f64, decimals: Option<u32>) -> String {
    let rounded: f64 = to_fixed(value, decimals).parse().unwrap_or(f64::NAN);
    if !rounded.is_finite() {
        return non_finite_text(rounded).to_owned();
    }
    let magnitude = rounded.abs();
    let whole = magnitude.trunc();
    let whole_text = if whole < 2f64.powi(127) {
        format!("{:X}", whole as u128)
    } else {
        // Beyond u128: JavaScript would print every digit; this is far past any metric.
        to_exponential(whole, None)
    };
    let mut fraction = magnitude - whole;
    let mut fraction_text = String::new();
    while fraction > 0.0 && fraction_text.len() < 13 {
        fraction *= 16.0;
        let digit = fraction.trunc();
        fraction_text.push(char::from_digit(digit as u32, 16).unwrap_or('0'));
        fraction -= digit;
    }
    let sign = if rounded < 0.0 { "-" } else { "" };
    if fraction_text.is_empty() {
        format!("{sign}{whole_text}")
    } else {
        format!("{sign}{whole_text}.{}", fraction_text.to_uppercase())
    }
}

/// `Intl.NumberFormat('en-US')` text: thousands grouped with commas, between `min_fraction`
/// and `max_fraction` digits after the point. The browser's locale is not known in the core,
/// so Meshboard formats Grafana's `locale` unit as en-US.
pub(crate) fn en_us_number(value: f64, min_fraction: u32, max_fraction: u32) -> String {
    if !value.is_finite() {
        return non_finite_text(value).to_owned();
    }
    let max_fraction = max_fraction.clamp(min_fraction, 20) as usize;
    let fixed = format!("{:.*}", max_fraction, value.abs());
    let (whole, fraction) = fixed.split_once('.').unwrap_or((&fixed, ""));
    let mut fraction = fraction.to_owned();
    while fraction.len() > min_fraction as usize && fraction.ends_with('0') {
        fraction.pop();
    }
    let mut grouped = String::new();
    for (index, digit) in whole.chars().enumerate() {
        if index > 0 && (whole.len() - index) % 3 == 0 {
            grouped.push(',');
        }
        grouped.push(digit);
    }
    let is_zero =
        grouped.chars().all(|c| c == '0' || c == ',') && fraction.chars().all(|c| c == '0');
    let sign = if value < 0.0 && !is_zero { "-" } else { "" };
    if fraction.is_empty() {
        format!("{sign}{grouped}")
    } else {
        format!("{sign}{grouped}.{fraction}")
    }
}
