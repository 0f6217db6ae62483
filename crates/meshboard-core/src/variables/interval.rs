//! Interval strings (`30s`, `5m`, `1h`) and Grafana's `auto` interval for interval variables
//! (range / auto_count, rounded to a readable step, never below auto_min).

/// Parses `500ms`, `10s`, `5m`, `1h`, `1d`, `1w`, `1y` (a bare number is seconds).
pub fn parse_interval_ms(text: &str) -> Option<i64> {
    let text = text.trim();
    let split = text
        .find(|c: char| !(c.is_ascii_digit() || c == '.'))
        .unwrap_or(text.len());
    let (number, unit) = text.split_at(split);
    let number: f64 = number.parse().ok()?;
    let unit_ms = match unit.trim() {
        "ms" => 1.0,
        "" | "s" => 1_000.0,
        "m" => 60_000.0,
        "h" => 3_600_000.0,
        "d" => 86_400_000.0,
        "w" => 604_800_000.0,
        "M" => 2_592_000_000.0,
        "y" => 31_536_000_000.0,
        _ => return None,
    };
    let ms = number * unit_ms;
    (0.0..9.0e15).contains(&ms).then_some(ms.round() as i64)
}

/// Grafana's `rangeutil.roundInterval`: snaps a raw interval to a readable step.
fn round_interval(ms: i64) -> i64 {
    const TABLE: [(i64, i64); 28] = [
        (15, 10),
        (35, 20),
        (75, 50),
        (150, 100),
        (350, 200),
        (750, 500),
        (1_500, 1_000),
        (3_500, 2_000),
        (7_500, 5_000),
        (12_500, 10_000),
        (17_500, 15_000),
        (25_000, 20_000),
        (45_000, 30_000),
        (90_000, 60_000),
        (210_000, 120_000),
        (450_000, 300_000),
        (750_000, 600_000),
        (1_050_000, 900_000),
        (1_500_000, 1_200_000),
        (2_700_000, 1_800_000),
        (5_400_000, 3_600_000),
        (9_000_000, 7_200_000),
        (16_200_000, 10_800_000),
        (32_400_000, 21_600_000),
        (86_400_000, 43_200_000),
        (604_800_000, 86_400_000),
        (1_814_400_000, 604_800_000),
        (3_628_800_000, 2_592_000_000),
    ];
    TABLE
        .iter()
        .find(|(below, _)| ms < *below)
        .map(|(_, step)| *step)
        .unwrap_or(31_536_000_000)
}

/// Grafana's `secondsToHms`: the largest whole unit (`1y`, `2d`, `5m`, `30s`, `100ms`).
pub fn format_interval_ms(ms: i64) -> String {
    let seconds = ms / 1000;
    let units = [
        (31_536_000, "y"),
        (86_400, "d"),
        (3_600, "h"),
        (60, "m"),
        (1, "s"),
    ];
    for (size, suffix) in units {
        if seconds >= size {
            return format!("{}{suffix}", seconds / size);
        }
    }
    format!("{}ms", ms.max(0))
}

/// The interval an `auto` interval variable stands for over a time range.
pub fn auto_interval(range_ms: i64, auto_count: u32, auto_min_ms: i64) -> String {
    let raw = range_ms.max(0) / i64::from(auto_count.max(1));
    let ms = round_interval(raw).max(auto_min_ms);
    format_interval_ms(ms)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_units() {
        assert_eq!(parse_interval_ms("10s"), Some(10_000));
        assert_eq!(parse_interval_ms("1.5m"), Some(90_000));
        assert_eq!(parse_interval_ms("250ms"), Some(250));
        assert_eq!(parse_interval_ms("2"), Some(2_000));
        assert_eq!(parse_interval_ms("x"), None);
        assert_eq!(parse_interval_ms("1parsec"), None);
    }

    #[test]
    fn auto_matches_grafana() {
        assert_eq!(auto_interval(3_600_000, 30, 10_000), "2m");
        assert_eq!(auto_interval(300_000, 30, 10_000), "10s");
        assert_eq!(auto_interval(7 * 86_400_000, 30, 10_000), "6h");
        assert_eq!(auto_interval(0, 0, 0), "10ms");
    }
}
