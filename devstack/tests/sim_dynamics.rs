//! The simulated systems behave like the real ones: models learn, counters only grow,
//! the same seed gives the same numbers, and the daily cycle shows in the load.

mod common;

use common::*;

#[test]
fn accuracy_rises_and_loss_falls() {
    let mut w = world(12);
    let book = quiet_book(&w);
    advance(&mut w, &book, 600.0, 10.0);
    let early = scrape(&w);
    advance(&mut w, &book, 4.0 * 3600.0, 60.0);
    let late = scrape(&w);
    let mean = |s: &[Sample], name: &str| {
        let v = find(s, None, name);
        v.iter().map(|s| s.value).sum::<f64>() / v.len() as f64
    };
    let (acc0, acc1) = (
        mean(&early, "agent_mesh_federated_model_accuracy"),
        mean(&late, "agent_mesh_federated_model_accuracy"),
    );
    let (loss0, loss1) = (
        mean(&early, "agent_mesh_federated_model_loss"),
        mean(&late, "agent_mesh_federated_model_loss"),
    );
    assert!(acc1 > acc0 + 0.1, "accuracy {acc0} -> {acc1}");
    assert!(acc1 > 0.85 && acc1 < 1.0, "accuracy plateau {acc1}");
    assert!(loss1 < loss0 * 0.7, "loss {loss0} -> {loss1}");
    // Seed 000's name for the same quantity agrees with seed 001's.
    let ops = mean(&late, "fl_model_accuracy");
    assert!((ops - acc1).abs() < 0.02, "{ops} vs {acc1}");
    let rewards_early = sum(
        &early,
        Some("dynamic-graph-fed-rl"),
        "training_episode_reward_sum",
        &[],
    ) / sum(
        &early,
        Some("dynamic-graph-fed-rl"),
        "training_episode_reward_count",
        &[],
    )
    .max(1.0);
    let reward_late = find(
        &late,
        Some("dynamic-graph-fed-rl-agents"),
        "training_episode_reward",
    );
    let reward_late = reward_late.iter().map(|s| s.value).sum::<f64>() / reward_late.len() as f64;
    assert!(
        reward_late > rewards_early,
        "reward {rewards_early} -> {reward_late}"
    );
}

/// Series that only grow, by the exposition's `# TYPE` lines (a gauge may end in `_count`,
/// like `mesh_peer_count`): counters' `_total`, histograms' `_bucket`, `_count` and `_sum`.
fn monotonic_names(w: &meshsim::sim::World) -> std::collections::HashSet<String> {
    let mut names = std::collections::HashSet::new();
    for target in w.targets().iter() {
        for line in target.encode().lines() {
            let words: Vec<&str> = line.split(' ').collect();
            let suffixes: &[&str] = match words[..] {
                ["#", "TYPE", _, "counter"] => &["_total"],
                ["#", "TYPE", _, "histogram"] => &["_bucket", "_count", "_sum"],
                _ => &[],
            };
            names.extend(suffixes.iter().map(|s| format!("{}{s}", words[2])));
        }
    }
    names
}

#[test]
fn counters_and_histograms_never_decrease() {
    let mut w = world(6);
    let book = quiet_book(&w);
    let monotonic = monotonic_names(&w);
    assert!(monotonic.contains("agent_mesh_federated_rounds_completed_total"));
    assert!(!monotonic.contains("mesh_peer_count"));
    let mut previous = scrape(&w);
    for _ in 0..40 {
        advance(&mut w, &book, 90.0, 15.0);
        let now = scrape(&w);
        let before: std::collections::HashMap<String, f64> =
            previous.iter().map(|s| (s.key(), s.value)).collect();
        for s in now.iter().filter(|s| monotonic.contains(&s.name)) {
            if let Some(&old) = before.get(&s.key()) {
                assert!(s.value >= old, "{} went from {old} to {}", s.key(), s.value);
            }
        }
        previous = now;
    }
    let rounds = sum(
        &previous,
        Some("agent-mesh-nodes"),
        "agent_mesh_federated_rounds_completed_total",
        &[],
    );
    assert!(rounds > 0.0, "no federated round completed in an hour");
}

#[test]
fn same_seed_same_numbers() {
    let run = || {
        let mut w = world(5);
        let book = quiet_book(&w);
        advance(&mut w, &book, 1800.0, 30.0);
        // Labelled children come out in hash order: compare as a map.
        scrape(&w)
            .into_iter()
            .map(|s| (s.key(), s.value))
            .collect::<std::collections::BTreeMap<_, _>>()
    };
    let (first, second) = (run(), run());
    assert!(first.len() > 1000);
    assert_eq!(first, second);
}

#[test]
fn load_follows_the_day() {
    // START is 22:13 UTC; the cycle peaks at 16:00 and bottoms at 04:00.
    let mut w = world(4);
    let book = quiet_book(&w);
    let requests = |w: &meshsim::sim::World| {
        sum(
            &scrape(w),
            Some("agent-mesh-api"),
            "agent_mesh_api_requests_total",
            &[],
        )
    };
    advance(&mut w, &book, 5.0 * 3600.0, 60.0); // 03:13
    let night0 = requests(&w);
    advance(&mut w, &book, 3600.0, 60.0);
    let night = requests(&w) - night0;
    advance(&mut w, &book, 11.0 * 3600.0, 60.0); // 15:13
    let day0 = requests(&w);
    advance(&mut w, &book, 3600.0, 60.0);
    let day = requests(&w) - day0;
    assert!(day > 2.0 * night, "day {day} vs night {night}");
}
