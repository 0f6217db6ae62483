//! End-to-end suites: serve `dist/` the ways users do (at `/`, under `/ops/meshboard/`, with the
//! strict CSP, with a broken `config.json`) and drive headless Chromium through them with
//! node's test runner and playwright-core (tests/e2e/*.test.mjs).

use crate::serve::{self, ServeOptions, Upstreams};
use crate::shell::{repo_root, run_captured, step};
use crate::stack::{Engine, Stack, StackOptions};
use std::path::{Path, PathBuf};
use std::process::Command;

/// The shell suite: no backends. The proxies point at a closed port, so every datasource
/// check must end in a clear error whatever else runs on this machine.
pub fn run_shell_suite(dist: &Path) -> (bool, String) {
    let closed = "http://127.0.0.1:9".to_string();
    let nowhere = Upstreams {
        prometheus: closed.clone(),
        loki: closed.clone(),
        jaeger: closed.clone(),
        alertmanager: closed,
    };
    let server = |base: &str, config_override: Option<&str>| {
        serve::spawn(ServeOptions {
            base_path: base.into(),
            config_override: config_override.map(str::to_string),
            upstreams: nowhere.clone(),
            ..ServeOptions::demo(dist.to_path_buf(), 0)
        })
    };
    let servers = (|| {
        Ok::<_, String>((
            server("/", None)?,
            server("/ops/meshboard/", None)?,
            server("/", Some("{\"datasources\": {\"prometheus\": "))?,
        ))
    })();
    let (root, sub, broken) = match servers {
        Ok(servers) => servers,
        Err(message) => return (false, message),
    };
    let mut command = Command::new("node");
    command
        .args(["--test", "--test-reporter=spec", "--test-concurrency=1"])
        .arg(repo_root().join("tests/e2e/shell.test.mjs"))
        .current_dir(repo_root())
        .env("MESHBOARD_ROOT_URL", root.url())
        .env("MESHBOARD_SUB_URL", sub.url())
        .env("MESHBOARD_BROKEN_CONFIG_URL", broken.url())
        .env("CHROMIUM", "/usr/bin/chromium");
    run_captured(&mut command)
}

/// Suites that need the devstack: every `tests/e2e/*.devstack.test.mjs` (or the given files),
/// run against the app served with proxies to a freshly started stack on `engine`.
/// With `integration`, the stack's own integration check (targets up, a metric per system, an
/// incident's alert, a shared trace id) runs first and counts as one more test.
pub fn run_devstack_suites(
    dist: &Path,
    engine: Engine,
    only: &[String],
    integration: bool,
) -> (bool, String) {
    let work_dir = repo_root().join(format!("target/devstack-e2e-{}", std::process::id()));
    let options = StackOptions {
        engine,
        nodes: 12,
        fast_alerts: true,
        work_dir: work_dir.clone(),
    };
    step(&format!(
        "starting the devstack on {engine:?} for the end-to-end suites"
    ));
    let stack = match Stack::start(&options) {
        Ok(stack) => stack,
        Err(message) => return (false, format!("devstack did not start: {message}\n")),
    };
    let upstreams = stack.upstreams();
    let server = match serve::spawn(ServeOptions {
        upstreams,
        ..ServeOptions::demo(dist.to_path_buf(), 0)
    }) {
        Ok(server) => server,
        Err(message) => return (false, message),
    };
    let mut report = String::new();
    let mut integration_ok = true;
    if integration {
        step("devstack integration check");
        match crate::stack::integration_check(&stack) {
            Ok(()) => report.push_str("\u{2139} pass 1\n"),
            Err(message) => {
                integration_ok = false;
                println!("integration check failed: {message}");
                report.push_str("\u{2139} fail 1\n");
            }
        }
    }
    let files: Vec<PathBuf> = if only.is_empty() {
        devstack_suite_files()
    } else {
        only.iter().map(PathBuf::from).collect()
    };
    if files.is_empty() {
        return (integration_ok, report);
    }
    let mut command = Command::new("node");
    command
        .args(["--test", "--test-reporter=spec", "--test-concurrency=1"])
        .args(&files)
        .current_dir(repo_root())
        .env("MESHBOARD_URL", server.url())
        .env("MESHBOARD_CONTROL_URL", stack.control_url())
        .env("MESHBOARD_PROMETHEUS_URL", stack.prometheus_url())
        .env("MESHBOARD_LOKI_URL", stack.loki_url())
        .env("MESHBOARD_ALERTMANAGER_URL", stack.alertmanager_url())
        .env(
            "MESHBOARD_ENGINE_PID",
            stack
                .engine_pid()
                .map(|pid| pid.to_string())
                .unwrap_or_default(),
        )
        .env("MESHBOARD_ENGINE", format!("{engine:?}"))
        .env("MESHBOARD_FIXTURES", repo_root().join("tests/fixtures"))
        .env("CHROMIUM", "/usr/bin/chromium");
    let (ok, output) = run_captured(&mut command);
    drop(server);
    drop(stack);
    let _ = std::fs::remove_dir_all(&work_dir);
    report.push_str(&output);
    (ok && integration_ok, report)
}

fn devstack_suite_files() -> Vec<PathBuf> {
    let mut files: Vec<PathBuf> = std::fs::read_dir(repo_root().join("tests/e2e"))
        .map(|entries| {
            entries
                .flatten()
                .map(|e| e.path())
                .filter(|p| p.to_string_lossy().ends_with(".devstack.test.mjs"))
                .collect()
        })
        .unwrap_or_default();
    files.sort();
    files
}
