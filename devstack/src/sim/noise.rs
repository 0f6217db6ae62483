//! Randomness with a shape: Gaussian jitter, Poisson event counts, the daily load cycle, a
//! smoothing step and a noisy one whose spread does not depend on the tick, all drawn from the
//! simulation's seeded generator so runs repeat exactly.

use rand::rngs::SmallRng;
use rand::Rng;
use std::f64::consts::PI;

/// A standard normal sample (Box–Muller).
pub fn gauss(rng: &mut SmallRng) -> f64 {
    let u1: f64 = rng.gen_range(f64::EPSILON..1.0);
    let u2: f64 = rng.gen();
    (-2.0 * u1.ln()).sqrt() * (2.0 * PI * u2).cos()
}

/// How many events of a Poisson process with `rate` per second fall in `dt` seconds.
pub fn poisson(rng: &mut SmallRng, rate: f64, dt: f64) -> u64 {
    let lambda = (rate * dt).max(0.0);
    if lambda > 50.0 {
        // Normal approximation: exact sampling costs O(lambda) and is pointless at this size.
        return (lambda + lambda.sqrt() * gauss(rng)).round().max(0.0) as u64;
    }
    let limit = (-lambda).exp();
    let mut product: f64 = rng.gen();
    let mut count = 0;
    while product > limit {
        count += 1;
        product *= rng.gen::<f64>();
    }
    count
}

/// The daily load cycle in [0, 1]: lowest at 04:00 UTC, highest at 16:00 UTC.
pub fn diurnal(t: f64) -> f64 {
    let day_fraction = (t.rem_euclid(86_400.0)) / 86_400.0;
    0.5 - 0.5 * (2.0 * PI * (day_fraction - 4.0 / 24.0)).cos()
}

/// Moves `current` towards `target` as a first-order lag with time constant `tau` seconds.
pub fn approach(current: f64, target: f64, dt: f64, tau: f64) -> f64 {
    let k = 1.0 - (-dt / tau.max(1e-9)).exp();
    current + (target - current) * k
}

/// Moves `current` towards `target` with time constant `tau` seconds, plus noise that keeps it
/// within a standard deviation of `spread` around the target: an Ornstein–Uhlenbeck process
/// sampled exactly, so sixty 1-second ticks wander as far as one 60-second tick (adding fixed
/// noise per tick would make the live gauges several times noisier than the history's).
pub fn wander(
    rng: &mut SmallRng,
    current: f64,
    target: f64,
    dt: f64,
    tau: f64,
    spread: f64,
) -> f64 {
    let decay = (-dt / tau.max(1e-9)).exp();
    target + (current - target) * decay + spread * (1.0 - decay * decay).sqrt() * gauss(rng)
}

/// A uniform time inside the tick `(t0, t1]`.
pub fn time_in(rng: &mut SmallRng, t0: f64, t1: f64) -> f64 {
    if t1 <= t0 {
        return t1;
    }
    rng.gen_range(t0..t1)
}

#[cfg(test)]
mod tests {
    use super::*;
    use rand::SeedableRng;

    #[test]
    fn poisson_mean_matches_rate() {
        let mut rng = SmallRng::seed_from_u64(7);
        let total: u64 = (0..2000).map(|_| poisson(&mut rng, 2.0, 1.0)).sum();
        let mean = total as f64 / 2000.0;
        assert!((mean - 2.0).abs() < 0.15, "mean {mean}");
    }

    #[test]
    fn diurnal_peaks_in_the_afternoon() {
        assert!(diurnal(16.0 * 3600.0) > 0.99);
        assert!(diurnal(4.0 * 3600.0) < 0.01);
    }

    #[test]
    fn wander_has_the_same_spread_at_any_tick() {
        let spread_at = |dt: f64| {
            let mut rng = SmallRng::seed_from_u64(3);
            let (mut v, mut samples) = (0.0, Vec::new());
            for i in 0..(400_000.0 / dt) as usize {
                v = wander(&mut rng, v, 0.0, dt, 60.0, 2.0);
                if (i as f64 * dt) % 60.0 == 0.0 {
                    samples.push(v);
                }
            }
            (samples.iter().map(|x| x * x).sum::<f64>() / samples.len() as f64).sqrt()
        };
        for dt in [1.0, 15.0, 60.0] {
            let sd = spread_at(dt);
            assert!((sd - 2.0).abs() < 0.2, "spread {sd} at a {dt} s tick");
        }
    }

    #[test]
    fn approach_converges() {
        let mut v = 0.0;
        for _ in 0..100 {
            v = approach(v, 10.0, 1.0, 5.0);
        }
        assert!((v - 10.0).abs() < 1e-3);
    }
}
