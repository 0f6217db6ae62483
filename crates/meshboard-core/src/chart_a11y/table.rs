//! A chart's data as a table (the panel's "Table view"): the series joined by time, as
//! Grafana's inspect table shows them with "Series joined by time", one row per time, one
//! column per series, times in the viewer's zone and values with their unit. Long series
//! are capped to the newest rows, and the caption says how many are left out.

use super::SeriesText;
use crate::sort::sort_by;
use crate::time_range::format_local;

/// Rows a table view shows at most; the rest are counted in the caption.
pub const MAX_TABLE_ROWS: usize = 500;

/// The table's text, ready for `<caption>`, `<th scope="col">` and rows whose first cell is a
/// `<th scope="row">` (the time).
#[derive(Debug, Clone, PartialEq, Default)]
pub struct DataTable {
    pub caption: String,
    /// "Time", then each series' name.
    pub headers: Vec<String>,
    /// (time text, a value text per series; empty where the series has no sample then).
    pub rows: Vec<(String, Vec<String>)>,
    /// Rows before the cap.
    pub total_rows: usize,
}

/// `series` joined by time, capped at `max_rows` (the newest kept, in time order).
pub fn data_table(
    title: &str,
    series: &[SeriesText],
    utc_offset_min: i32,
    max_rows: usize,
) -> DataTable {
    let mut times: Vec<f64> = series
        .iter()
        .flat_map(|s| s.times_ms.iter().copied().filter(|t| t.is_finite()))
        .collect();
    sort_by(&mut times, |a, b| a.total_cmp(b));
    times.dedup();
    let total_rows = times.len();
    let kept = &times[total_rows.saturating_sub(max_rows)..];
    let rows = kept
        .iter()
        .map(|&t| {
            let cells = series
                .iter()
                .map(|s| {
                    let n = s.times_ms.len().min(s.values.len());
                    let at = s.times_ms[..n].partition_point(|&x| x < t);
                    match s.times_ms[..n].get(at) {
                        Some(&x) if x == t => s.format(s.values[at]),
                        _ => String::new(),
                    }
                })
                .collect();
            (format_local(t as i64, utc_offset_min), cells)
        })
        .collect();
    let mut caption = format!("{title}: {} series, {total_rows} rows", series.len());
    if kept.len() < total_rows {
        caption.push_str(&format!(" (the newest {} shown)", kept.len()));
    }
    let mut headers = vec!["Time".to_string()];
    headers.extend(series.iter().map(|s| s.name.to_string()));
    DataTable {
        caption,
        headers,
        rows,
        total_rows,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const T0: f64 = 1_764_547_200_000.0;

    #[test]
    fn series_are_joined_by_time_with_units_and_blanks() {
        let a_t = [T0, T0 + 15_000.0];
        let a_v = [0.5, 0.25];
        let b_t = [T0 + 15_000.0, T0 + 30_000.0];
        let b_v = [1024.0, f64::NAN];
        let series = [
            SeriesText {
                name: "a",
                times_ms: &a_t,
                values: &a_v,
                unit: "percentunit",
                decimals: None,
            },
            SeriesText {
                name: "b",
                times_ms: &b_t,
                values: &b_v,
                unit: "bytes",
                decimals: None,
            },
        ];
        let table = data_table("CPU", &series, 0, 100);
        assert_eq!(table.headers, ["Time", "a", "b"]);
        assert_eq!(table.caption, "CPU: 2 series, 3 rows");
        assert_eq!(
            table.rows[0],
            (
                "2025-12-01 00:00:00".into(),
                vec!["50%".into(), String::new()]
            )
        );
        assert_eq!(table.rows[1].1, ["25%", "1 KiB"]);
        assert_eq!(table.rows[2].1[0], "");
    }

    #[test]
    fn long_series_keep_the_newest_rows_and_say_so() {
        let times: Vec<f64> = (0..10).map(|i| T0 + f64::from(i) * 1000.0).collect();
        let values: Vec<f64> = (0..10).map(f64::from).collect();
        let series = [SeriesText {
            name: "x",
            times_ms: &times,
            values: &values,
            unit: "",
            decimals: None,
        }];
        let table = data_table("P", &series, 0, 4);
        assert_eq!(table.total_rows, 10);
        assert_eq!(table.rows.len(), 4);
        assert_eq!(table.rows[0].1, ["6"]);
        assert_eq!(table.rows[3].1, ["9"]);
        assert_eq!(table.caption, "P: 1 series, 10 rows (the newest 4 shown)");
    }
}
