//! Stable sorting through one copy of the standard library's sort.
//!
//! `slice::sort_by` is compiled once per element type and comparator. With some thirty sorts in
//! the core and the app, its copies (quicksort, drift sort and the small sorts, about 3 KB of
//! wasm each) were some 100 KB of the bundle (issue 13). Every sort goes through [`sort_by`]
//! instead: it sorts the positions `0..len` with one comparator type, behind `dyn`, then moves
//! the items into that order, so the standard sort is compiled once. The order is the one
//! `sort_by` gives (stable); the cost is a vector of positions and a dynamic call per
//! comparison, which is nothing at the sizes the views sort.

use std::cmp::Ordering;

/// `items.sort_by(compare)`: the same stable order.
pub fn sort_by<T>(items: &mut [T], mut compare: impl FnMut(&T, &T) -> Ordering) {
    if items.len() < 2 {
        return;
    }
    let order = sorted_positions(items.len(), &mut |a, b| compare(&items[a], &items[b]));
    permute(order, &mut |a, b| items.swap(a, b));
}

/// `items.sort_by_key(key)`: the same stable order (the key is computed per comparison, as
/// there).
pub fn sort_by_key<T, K: Ord>(items: &mut [T], mut key: impl FnMut(&T) -> K) {
    sort_by(items, |a, b| key(a).cmp(&key(b)));
}

/// `items.sort()`.
pub fn sort<T: Ord>(items: &mut [T]) {
    sort_by(items, T::cmp);
}

/// The positions `0..len` in the stable order of `compare` (the one instance of the standard
/// sort).
#[inline(never)]
fn sorted_positions(len: usize, compare: &mut dyn FnMut(usize, usize) -> Ordering) -> Vec<usize> {
    let mut order: Vec<usize> = (0..len).collect();
    order.sort_by(|&a, &b| compare(a, b));
    order
}

/// Puts the item at `order[i]` at `i`, for every `i`, with `swap`: each cycle of the
/// permutation is followed once, and a visited position is marked by `order[i] = i`.
#[inline(never)]
fn permute(mut order: Vec<usize>, swap: &mut dyn FnMut(usize, usize)) {
    for start in 0..order.len() {
        let mut i = start;
        while order[i] != i {
            let next = order[i];
            order[i] = i;
            if next == start {
                break;
            }
            swap(i, next);
            i = next;
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A small deterministic generator (no rand dependency in the core).
    fn numbers(seed: u64, len: usize, modulo: u64) -> Vec<u64> {
        let mut state = seed;
        (0..len)
            .map(|_| {
                state = state
                    .wrapping_mul(6_364_136_223_846_793_005)
                    .wrapping_add(1_442_695_040_888_963_407);
                (state >> 33) % modulo
            })
            .collect()
    }

    #[test]
    fn same_order_as_the_standard_stable_sort() {
        for (seed, len, modulo) in [(1, 0, 5), (2, 1, 5), (3, 2, 2), (4, 17, 4), (5, 100, 10)]
            .into_iter()
            .chain((6..40).map(|s| (s, s as usize * 7, 1 + s % 9)))
        {
            // Pairs of (key, original position): equal keys must keep their order.
            let items: Vec<(u64, usize)> = numbers(seed, len, modulo)
                .into_iter()
                .enumerate()
                .map(|(i, k)| (k, i))
                .collect();
            let mut ours = items.clone();
            sort_by(&mut ours, |a, b| a.0.cmp(&b.0));
            let mut std_sorted = items.clone();
            std_sorted.sort_by_key(|a| a.0);
            assert_eq!(ours, std_sorted, "seed {seed}");

            let mut descending = items.clone();
            sort_by_key(&mut descending, |&(k, _)| std::cmp::Reverse(k));
            let mut std_descending = items;
            std_descending.sort_by_key(|&(k, _)| std::cmp::Reverse(k));
            assert_eq!(descending, std_descending, "seed {seed}");
        }
    }

    #[test]
    fn sorts_owned_values_in_place() {
        let mut words: Vec<String> = ["pear", "apple", "fig", "apple", "banana"]
            .iter()
            .map(|w| w.to_string())
            .collect();
        sort(&mut words);
        assert_eq!(words, ["apple", "apple", "banana", "fig", "pear"]);
        let mut floats = vec![3.5, f64::NAN, -1.0, 2.0];
        sort_by(&mut floats, f64::total_cmp);
        assert_eq!(&floats[..3], &[-1.0, 2.0, 3.5]);
        assert!(floats[3].is_nan());
    }
}
