//! `cargo xtask test`: every check CI runs, in order, continuing past failures so one run
//! shows everything that is wrong, and ending with one `N passed, M failed` summary line.

use crate::shell::{repo_root, run_captured, step};
use crate::stack::Engine;
use crate::{dist, e2e, nginx, report, tools};
use std::process::Command;

/// Tallies tests reported by runners, plus one per check that is not a test runner.
#[derive(Default)]
struct Tally {
    passed: u64,
    failed: u64,
    failed_steps: Vec<String>,
}

impl Tally {
    fn check(&mut self, name: &str, ok: bool) {
        if ok {
            self.passed += 1;
        } else {
            self.failed += 1;
            self.failed_steps.push(name.to_string());
        }
    }

    /// Adds the counts a runner printed; a runner that failed without counting still fails.
    fn runner(&mut self, name: &str, ok: bool, output: &str) {
        let (passed, failed) = count_results(output);
        self.passed += passed;
        self.failed += failed;
        if !ok {
            if failed == 0 {
                self.failed += 1;
            }
            self.failed_steps.push(name.to_string());
        }
    }
}

/// Sums `test result: ok. N passed; M failed` (cargo) and `# pass N` / `ℹ pass N` (node --test).
fn count_results(output: &str) -> (u64, u64) {
    let mut totals = (0, 0);
    for line in output.lines() {
        let line = line.trim();
        if let Some(rest) = line.strip_prefix("test result: ") {
            let number_before = |word: &str| {
                rest.split(';')
                    .find(|part| part.trim().ends_with(word))
                    .and_then(|part| part.split_whitespace().rev().nth(1)?.parse::<u64>().ok())
                    .unwrap_or(0)
            };
            totals.0 += number_before("passed");
            totals.1 += number_before("failed");
        } else if let Some(n) = line
            .strip_prefix("# pass ")
            .or_else(|| line.strip_prefix("\u{2139} pass "))
        {
            totals.0 += n.trim().parse::<u64>().unwrap_or(0);
        } else if let Some(n) = line
            .strip_prefix("# fail ")
            .or_else(|| line.strip_prefix("\u{2139} fail "))
        {
            totals.1 += n.trim().parse::<u64>().unwrap_or(0);
        }
    }
    totals
}

fn cargo(args: &[&str]) -> Command {
    let mut command = Command::new("cargo");
    command
        .args(args)
        .current_dir(repo_root())
        .env_remove("CARGO_TARGET_DIR");
    command
}

/// `cargo xtask test [--no-browser]`; `skip_e2e` leaves out the browser and end-to-end tests.
pub fn run_all(skip_e2e: bool) -> Result<(), String> {
    let mut tally = Tally::default();

    step("tools: wasm32 target, trunk, wasm-bindgen-cli, npm tooling, chromium + chromedriver, prometheus + promtool, alertmanager");
    // promtool before the host tests: devstack's rule and config checks run it.
    let tools_ok = tools::ensure_build_tools()
        .and_then(|()| tools::ensure_browser())
        .and_then(|()| crate::stack::ensure_engine_installed(Engine::Prometheus))
        .and_then(|()| crate::stack::ensure_alertmanager_installed());
    if let Err(message) = &tools_ok {
        println!("{message}");
    }
    tally.check("tools", tools_ok.is_ok());

    step("formatting (cargo fmt --check)");
    let (ok, _) = run_captured(&mut cargo(&["fmt", "--all", "--", "--check"]));
    tally.check("cargo fmt", ok);

    step("clippy -D warnings on the host (workspace, all targets)");
    let (ok, _) = run_captured(&mut cargo(&[
        "clippy",
        "--workspace",
        "--all-targets",
        "--",
        "-D",
        "warnings",
    ]));
    tally.check("clippy host", ok);

    step("clippy -D warnings on wasm32 (the app)");
    let (ok, _) = run_captured(&mut cargo(&[
        "clippy",
        "-p",
        "meshboard",
        "--target",
        "wasm32-unknown-unknown",
        "--lib",
        "--bins",
        "--",
        "-D",
        "warnings",
    ]));
    tally.check("clippy wasm32", ok);

    step("host tests (cargo test --workspace)");
    let (ok, output) = run_captured(&mut cargo(&["test", "--workspace", "--no-fail-fast"]));
    tally.runner("host tests", ok, &output);

    if tools_ok.is_ok() && !skip_e2e {
        step("browser tests (wasm-bindgen-test in headless Chromium)");
        let mut command = cargo(&[
            "test",
            "-p",
            "meshboard",
            "--target",
            "wasm32-unknown-unknown",
            "--no-fail-fast",
        ]);
        for test in browser_test_targets() {
            command.args(["--test", &test]);
        }
        command
            .env("CHROMEDRIVER", "/usr/bin/chromedriver")
            .env("WASM_BINDGEN_TEST_TIMEOUT", "180");
        let (ok, output) = run_captured(&mut command);
        tally.runner("browser tests", ok, &output);

        step("release build, bundle budget, and end-to-end tests in headless Chromium");
        match dist::build_release() {
            Ok(dist_path) => {
                tally.check("release build", true);
                match report::measure(&dist_path)
                    .and_then(|sizes| Ok((sizes, report::budget_bytes(&repo_root())?)))
                {
                    Ok((sizes, budget)) => {
                        report::print(&sizes);
                        let within = sizes.total_gzip_bytes() <= budget;
                        println!(
                            "bundle budget: {} B gzip of {budget} B allowed ({})",
                            sizes.total_gzip_bytes(),
                            if within { "ok" } else { "OVER BUDGET" }
                        );
                        tally.check("bundle budget", within);
                    }
                    Err(message) => {
                        println!("{message}");
                        tally.check("bundle budget", false);
                    }
                }
                let (ok, output) = e2e::run_shell_suite(&dist_path);
                tally.runner("end-to-end shell", ok, &output);
                // Every devstack suite on Prometheus (found, not listed, so a new suite cannot be
                // left out of CI); the metric panels and the dashboards again on
                // VictoriaMetrics (logs and traces do not depend on the metrics engine).
                let suites = |areas: &[&str]| -> Vec<String> {
                    areas
                        .iter()
                        .map(|area| format!("tests/e2e/{area}.devstack.test.mjs"))
                        .collect()
                };
                let passes = [
                    (Engine::Prometheus, devstack_suites(), true),
                    (
                        Engine::VictoriaMetrics,
                        suites(&["dashboards", "metrics"]),
                        false,
                    ),
                ];
                for (engine, files, integration) in passes {
                    let (ok, output) =
                        e2e::run_devstack_suites(&dist_path, engine, &files, integration);
                    tally.runner(&format!("end-to-end on {engine:?}"), ok, &output);
                }
                step("deploy suite: the real nginx with deploy/nginx.conf in front of the devstack, and the example portal");
                match tools::ensure_nginx() {
                    Ok(()) => {
                        let (ok, output) = nginx::run_deploy_suites(&dist_path, &[]);
                        tally.runner("end-to-end behind nginx", ok, &output);
                    }
                    Err(message) => {
                        println!("{message}");
                        tally.check("end-to-end behind nginx", false);
                    }
                }
            }
            Err(message) => {
                println!("{message}");
                tally.check("release build", false);
            }
        }
    }

    println!();
    if !tally.failed_steps.is_empty() {
        println!("failed: {}", tally.failed_steps.join(", "));
    }
    println!("summary: {} passed, {} failed", tally.passed, tally.failed);
    if tally.failed == 0 {
        Ok(())
    } else {
        Err(format!("{} check(s) failed", tally.failed))
    }
}

/// Every `tests/e2e/*.devstack.test.mjs`, sorted.
fn devstack_suites() -> Vec<String> {
    let mut suites: Vec<String> = std::fs::read_dir(repo_root().join("tests/e2e"))
        .map(|entries| {
            entries
                .flatten()
                .filter_map(|entry| entry.file_name().into_string().ok())
                .filter(|name| name.ends_with(".devstack.test.mjs"))
                .map(|name| format!("tests/e2e/{name}"))
                .collect()
        })
        .unwrap_or_default();
    suites.sort();
    suites
}

/// Test files under tests/ that run in the browser (they configure `run_in_browser`).
fn browser_test_targets() -> Vec<String> {
    let mut targets = Vec::new();
    if let Ok(entries) = std::fs::read_dir(repo_root().join("tests")) {
        for entry in entries.flatten() {
            let path = entry.path();
            let is_browser = path.extension().is_some_and(|e| e == "rs")
                && std::fs::read_to_string(&path).is_ok_and(|text| text.contains("run_in_browser"));
            if let (true, Some(stem)) = (is_browser, path.file_stem().and_then(|s| s.to_str())) {
                targets.push(stem.to_string());
            }
        }
    }
    targets.sort();
    targets
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_devstack_suite_runs() {
        let suites = devstack_suites();
        for area in ["dashboards", "logs", "metrics", "traces"] {
            let file = format!("tests/e2e/{area}.devstack.test.mjs");
            assert!(suites.contains(&file), "{file} missing from {suites:?}");
        }
        assert!(suites.iter().all(|s| s.ends_with(".devstack.test.mjs")));
    }

    #[test]
    fn counts_cargo_and_node_results() {
        let output = "test result: ok. 12 passed; 0 failed; 0 ignored\ntest result: FAILED. 3 passed; 2 failed; 1 ignored\n# pass 7\n# fail 1\n\u{2139} pass 4\n\u{2139} fail 0\n";
        assert_eq!(count_results(output), (26, 3));
    }
}
