//! The simulator's part of the devstack: building meshsim, and its three jobs here (the engine's
//! scrape and rule configuration, the backfilled history, and serving the live world with the
//! Loki and Jaeger stand-ins), each with the same seed so every start shows the same world.

use super::{get_json, Layout, Ports};
use crate::shell::run;
use serde_json::Value;
use std::path::{Path, PathBuf};
use std::process::Command;
use std::time::{Duration, Instant};

/// Seed of the simulated world: fixed, so every start shows the same history.
const SEED: &str = "1";
pub const HISTORY_HOURS: &str = "24";

/// What every meshsim job is told about the world.
pub struct World {
    pub nodes: usize,
    /// Shorter `for:` in the rules and no incident schedule: for tests.
    pub fast_alerts: bool,
}

impl World {
    /// Above this many nodes, scrapes and history steps are coarser so the engine keeps up.
    fn is_big(&self) -> bool {
        self.nodes > 50
    }

    fn args(&self) -> Vec<String> {
        let incidents = if self.fast_alerts { "off" } else { "schedule" };
        ["--nodes", &self.nodes.to_string(), "--seed", SEED]
            .into_iter()
            .chain(["--incidents", incidents])
            .map(str::to_string)
            .collect()
    }
}

/// `cargo build --release -p meshsim`; returns the binary's path.
pub fn build() -> Result<PathBuf, String> {
    let root = crate::shell::repo_root();
    println!("==> devstack: building meshsim");
    let cargo = std::env::var("CARGO").unwrap_or_else(|_| "cargo".to_string());
    run(Command::new(cargo)
        .current_dir(&root)
        .args(["build", "--release", "-p", "meshsim"]))?;
    let target_dir = std::env::var_os("CARGO_TARGET_DIR")
        .map(PathBuf::from)
        .unwrap_or_else(|| root.join("target"));
    let binary = target_dir.join("release/meshsim");
    if binary.is_file() {
        Ok(binary)
    } else {
        Err(format!("built meshsim but {} is missing", binary.display()))
    }
}

/// The engine's scrape configuration and rule files, in `layout.config_dir`; with
/// `token_file`, Prometheus logs in to Alertmanager with that token.
pub fn gen_config(
    meshsim: &Path,
    world: &World,
    ports: &Ports,
    layout: &Layout,
    token_file: Option<&Path>,
) -> Result<(), String> {
    let mut gen = Command::new(meshsim);
    gen.args(["gen-config", "--out"]).arg(&layout.config_dir);
    gen.args(["--metrics-addr", &format!("127.0.0.1:{}", ports.meshsim)]);
    gen.args([
        "--scrape-interval",
        if world.is_big() { "15s" } else { "5s" },
    ]);
    gen.args(["--nodes", &world.nodes.to_string()]);
    if world.fast_alerts {
        gen.arg("--fast-alerts");
    }
    gen.args([
        "--alertmanager",
        &format!("127.0.0.1:{}", ports.alertmanager),
    ]);
    if let Some(file) = token_file {
        gen.arg("--alertmanager-password-file").arg(file);
    }
    run(&mut gen)
}

/// Writes `HISTORY_HOURS` of history ending at `end` (unix seconds) to `layout.history_file`
/// in `format`; returns the step meshsim chose, which the live world must continue with.
pub fn write_history(
    meshsim: &Path,
    world: &World,
    layout: &Layout,
    format: &str,
    end: u64,
) -> Result<f64, String> {
    let mut history = Command::new(meshsim);
    history.args(["history", "--out"]).arg(&layout.history_file);
    history.args([
        "--format",
        format,
        "--hours",
        HISTORY_HOURS,
        "--end",
        &end.to_string(),
        "--step",
        if world.is_big() { "auto" } else { "60" },
    ]);
    history.args(world.args());
    let summary = super::supervise::run_output(&mut history)?;
    serde_json::from_str::<Value>(summary.trim())
        .ok()
        .and_then(|v| v["step_seconds"].as_f64())
        .ok_or_else(|| format!("meshsim history printed no summary: {summary}"))
}

/// `meshsim serve`: metrics targets, the control API and the Loki and Jaeger stand-ins, fast-
/// forwarding from the history's end to now. It exits with this process, whatever happens to
/// xtask. With `token_file`, the stand-ins require that bearer token.
pub fn serve_command(
    meshsim: &Path,
    world: &World,
    ports: &Ports,
    history_end: u64,
    step_seconds: f64,
    token_file: Option<&Path>,
) -> Command {
    let mut serve = Command::new(meshsim);
    serve.arg("serve");
    serve.args(["--metrics-addr", &format!("127.0.0.1:{}", ports.meshsim)]);
    serve.args(["--loki-addr", &format!("127.0.0.1:{}", ports.loki)]);
    serve.args(["--jaeger-addr", &format!("127.0.0.1:{}", ports.jaeger)]);
    serve.args([
        "--history-end",
        &history_end.to_string(),
        "--history-hours",
        HISTORY_HOURS,
    ]);
    serve.args(["--step", &step_seconds.to_string()]);
    serve.args(["--exit-with-parent", &std::process::id().to_string()]);
    if let Some(file) = token_file {
        serve.arg("--require-bearer-file").arg(file);
    }
    serve.args(world.args());
    serve
}

/// How many targets meshsim serves (it answers once its fast-forward is done).
pub fn count_targets(control_url: &str, timeout: Duration) -> Result<usize, String> {
    let deadline = Instant::now() + timeout;
    loop {
        match get_json(&format!("{control_url}/targets")) {
            Ok(v) => return Ok(v.as_array().map_or(0, Vec::len)),
            Err(e) if Instant::now() > deadline => {
                return Err(format!("meshsim did not answer: {e}"))
            }
            Err(_) => std::thread::sleep(Duration::from_millis(500)),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_job_sees_the_same_world() {
        let world = World {
            nodes: 12,
            fast_alerts: true,
        };
        assert_eq!(
            world.args(),
            ["--nodes", "12", "--seed", "1", "--incidents", "off"]
        );
        let ports = Ports {
            engine: 1,
            vmalert: 2,
            meshsim: 3,
            loki: 4,
            jaeger: 5,
            alertmanager: 6,
            alertmanager_cluster: 7,
        };
        let serve = serve_command(Path::new("meshsim"), &world, &ports, 60, 60.0, None);
        let args: Vec<_> = serve.get_args().map(|a| a.to_string_lossy()).collect();
        assert!(args.windows(2).any(|w| w == ["--seed", "1"]), "{args:?}");
        assert!(args.windows(2).any(|w| w == ["--loki-addr", "127.0.0.1:4"]));
    }
}
