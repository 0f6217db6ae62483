//! Stable per-service colours: the same service gets the same palette slot in every trace.

use crate::chart::CLASSIC_PALETTE;

/// The colour of a service in every trace view (timeline, minimap, dependency graph).
pub fn service_color(service: &str) -> &'static str {
    CLASSIC_PALETTE[service_color_index(service, CLASSIC_PALETTE.len())]
}

/// FNV-1a hash of the service name, reduced to a palette index. Stable across runs, builds
/// and machines (unlike `std`'s randomly seeded hasher). A zero-length palette yields 0.
pub fn service_color_index(service: &str, palette_len: usize) -> usize {
    if palette_len == 0 {
        return 0;
    }
    let mut hash: u32 = 0x811c_9dc5;
    for byte in service.bytes() {
        hash ^= u32::from(byte);
        hash = hash.wrapping_mul(0x0100_0193);
    }
    hash as usize % palette_len
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn stable_and_in_range() {
        assert_eq!(
            service_color_index("frontend", 12),
            service_color_index("frontend", 12)
        );
        // FNV-1a of "a" is 0xe40c292c: a fixed value, not a per-process one.
        assert_eq!(service_color_index("a", usize::MAX), 0xe40c_292c);
        assert!(service_color_index("redis", 7) < 7);
        assert_eq!(service_color_index("x", 0), 0);
        let distinct: std::collections::BTreeSet<_> =
            ["customer", "driver", "frontend", "mysql", "redis", "route"]
                .iter()
                .map(|s| service_color_index(s, 1024))
                .collect();
        assert!(distinct.len() >= 5);
    }

    #[test]
    fn service_colours_come_from_the_classic_palette() {
        assert_eq!(service_color("frontend"), service_color("frontend"));
        assert!(CLASSIC_PALETTE.contains(&service_color("redis")));
        assert_eq!(
            service_color("a"),
            CLASSIC_PALETTE[0xe40c_292c % CLASSIC_PALETTE.len()]
        );
    }
}
