//! Pointer targets drawn over a chart (exemplar links) must each keep a 24 × 24 px area of
//! their own (WCAG 2.5.8). Marks closer than that overlap and the one below is mostly
//! unreachable anyway; [`spaced_targets`] keeps the first of each cluster so every link that
//! is drawn can be hit.

/// The side of the area a target needs, in CSS pixels.
pub const MIN_TARGET_PX: f64 = 24.0;

/// Indices of `points` to draw: in order, each point is kept unless a kept one lies less
/// than `min` away on both axes (their `min`-sided squares would overlap).
pub fn spaced_targets(points: &[(f64, f64)], min: f64) -> Vec<usize> {
    let mut kept: Vec<usize> = Vec::new();
    for (i, &(x, y)) in points.iter().enumerate() {
        let clashes = kept.iter().any(|&k| {
            let (kx, ky) = points[k];
            (kx - x).abs() < min && (ky - y).abs() < min
        });
        if !clashes {
            kept.push(i);
        }
    }
    kept
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn far_apart_points_are_all_kept() {
        let points = [(0.0, 0.0), (30.0, 0.0), (0.0, 30.0), (24.0, 24.0)];
        assert_eq!(spaced_targets(&points, MIN_TARGET_PX), vec![0, 1, 2, 3]);
    }

    #[test]
    fn a_point_inside_anothers_square_is_dropped() {
        // 12.8 px apart horizontally, as axe found two exemplars on the FL dashboard.
        let points = [(100.0, 50.0), (112.8, 50.0), (140.0, 50.0)];
        assert_eq!(spaced_targets(&points, MIN_TARGET_PX), vec![0, 2]);
    }

    #[test]
    fn dropped_points_do_not_block_others() {
        // 1 is dropped for 0; 2 is 20 px from 1 but 40 px from 0, so it stays.
        let points = [(0.0, 0.0), (20.0, 0.0), (40.0, 0.0)];
        assert_eq!(spaced_targets(&points, MIN_TARGET_PX), vec![0, 2]);
    }

    #[test]
    fn nothing_in_nothing_out() {
        assert!(spaced_targets(&[], MIN_TARGET_PX).is_empty());
    }
}
