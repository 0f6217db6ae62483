//! The metrics engine behind the Prometheus API: Prometheus (history imported with promtool
//! into a fresh TSDB) or VictoriaMetrics (history posted to its import API, rules evaluated by
//! vmalert); installing its Debian package when missing, starting it under the supervisor, and
//! waiting until it scrapes every simulated target.

use super::{get_json, Layout, Stack};
use crate::shell::{run, which};
use std::fs::File;
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum Engine {
    Prometheus,
    VictoriaMetrics,
}

impl Engine {
    /// Its Debian package (also its name on the command line and in messages).
    pub fn package(self) -> &'static str {
        match self {
            Engine::Prometheus => "prometheus",
            Engine::VictoriaMetrics => "victoria-metrics",
        }
    }

    /// The programs the engine needs, all from its Debian package.
    fn programs(self) -> &'static [&'static str] {
        match self {
            Engine::Prometheus => &["prometheus", "promtool"],
            Engine::VictoriaMetrics => &["victoria-metrics", "vmalert"],
        }
    }

    /// The history's file name and meshsim's `--format` for it: promtool imports OpenMetrics,
    /// VictoriaMetrics' import API takes the Prometheus text format.
    pub fn history_format(self) -> (&'static str, &'static str) {
        match self {
            Engine::Prometheus => ("history.om", "openmetrics"),
            Engine::VictoriaMetrics => ("history.prom", "prometheus"),
        }
    }

    /// The supervisor's names for the engine's own server (not vmalert).
    pub const SERVER_NAMES: [&'static str; 2] = ["prometheus", "victoria-metrics"];
}

/// Installs the engine's Debian package when a program is missing: with apt-get when running
/// as root, otherwise by printing the command to run.
pub fn ensure_installed(engine: Engine) -> Result<(), String> {
    let missing: Vec<&str> = engine
        .programs()
        .iter()
        .copied()
        .filter(|p| which(p).is_none())
        .collect();
    if missing.is_empty() {
        return Ok(());
    }
    let package = engine.package();
    let is_root = Command::new("id")
        .arg("-u")
        .output()
        .map(|o| o.stdout.starts_with(b"0"))
        .unwrap_or(false);
    if !is_root {
        return Err(format!(
            "{} missing; install them with: sudo apt-get install -y {package}",
            missing.join(", ")
        ));
    }
    println!(
        "==> installing {package} (Debian package; provides {})",
        missing.join(", ")
    );
    run(Command::new("apt-get").arg("update"))?;
    run(Command::new("apt-get")
        .args(["install", "-y", package])
        .env("DEBIAN_FRONTEND", "noninteractive"))?;
    match engine.programs().iter().find(|p| which(p).is_none()) {
        Some(p) => Err(format!(
            "apt-get installed {package} but {p} is still missing"
        )),
        None => Ok(()),
    }
}

/// Imports the history and starts the engine (and vmalert), returning once they answer.
pub fn start(
    stack: &mut Stack,
    engine: Engine,
    layout: &Layout,
    started: Instant,
) -> Result<(), String> {
    match engine {
        Engine::Prometheus => start_prometheus(stack, layout, started),
        Engine::VictoriaMetrics => start_victoria_metrics(stack, layout, started),
    }
}

fn start_prometheus(stack: &mut Stack, layout: &Layout, started: Instant) -> Result<(), String> {
    println!(
        "==> devstack: importing the history into a fresh TSDB [{:.0}s]",
        started.elapsed().as_secs_f64()
    );
    let mut import = Command::new("promtool");
    // One block per day instead of twelve 2h ones: halves the import time.
    import.args([
        "tsdb",
        "create-blocks-from",
        "openmetrics",
        "--max-block-duration=24h",
    ]);
    import.arg(&layout.history_file).arg(&layout.data_dir);
    import.stdout(Stdio::null());
    run(&mut import)?;
    let _ = std::fs::remove_file(&layout.history_file);
    let mut prometheus = Command::new("prometheus");
    prometheus.arg(format!(
        "--config.file={}",
        layout.config_dir.join("prometheus.yml").display()
    ));
    prometheus.arg(format!("--storage.tsdb.path={}", layout.data_dir.display()));
    prometheus.arg(format!(
        "--web.listen-address=127.0.0.1:{}",
        stack.ports.engine
    ));
    prometheus.arg("--storage.tsdb.retention.time=30d");
    // The FL round histogram carries trace_id exemplars (the app draws them).
    prometheus.arg("--enable-feature=exemplar-storage");
    stack.children.spawn("prometheus", prometheus)?;
    let ready = format!("{}/-/ready", stack.prometheus_url());
    stack
        .children
        .wait_http_ok(&ready, Duration::from_secs(120))
}

fn start_victoria_metrics(
    stack: &mut Stack,
    layout: &Layout,
    started: Instant,
) -> Result<(), String> {
    let mut vm = Command::new("victoria-metrics");
    vm.arg(format!("-storageDataPath={}", layout.data_dir.display()));
    vm.arg(format!("-httpListenAddr=127.0.0.1:{}", stack.ports.engine));
    vm.arg(format!(
        "-promscrape.config={}",
        layout.config_dir.join("scrape.yml").display()
    ));
    vm.arg("-retentionPeriod=30d");
    vm.arg(format!(
        "-vmalert.proxyURL=http://127.0.0.1:{}",
        stack.ports.vmalert
    ));
    // Without this, a query at "now" leaves out the last 30s of samples.
    vm.arg("-search.latencyOffset=5s");
    stack.children.spawn("victoria-metrics", vm)?;
    let health = format!("{}/health", stack.prometheus_url());
    stack
        .children
        .wait_http_ok(&health, Duration::from_secs(60))?;
    println!(
        "==> devstack: importing the history into VictoriaMetrics [{:.0}s]",
        started.elapsed().as_secs_f64()
    );
    let file = File::open(&layout.history_file).map_err(|e| e.to_string())?;
    ureq::post(&format!(
        "{}/api/v1/import/prometheus",
        stack.prometheus_url()
    ))
    .timeout(Duration::from_secs(600))
    .send(file)
    .map_err(|e| format!("history import failed: {e}"))?;
    let _ = ureq::get(&format!("{}/internal/force_flush", stack.prometheus_url())).call();
    let _ = std::fs::remove_file(&layout.history_file);
    let mut vmalert = Command::new("vmalert");
    vmalert.arg(format!(
        "-rule={}/*.yml",
        layout.config_dir.join("rules").display()
    ));
    vmalert.arg(format!("-datasource.url={}", stack.prometheus_url()));
    vmalert.arg(format!("-remoteWrite.url={}", stack.prometheus_url()));
    vmalert.arg(format!("-remoteRead.url={}", stack.prometheus_url()));
    // The stack's Alertmanager, as Prometheus' `alerting` section names it for that engine.
    vmalert.arg(format!("-notifier.url={}", stack.alertmanager_url()));
    if let Some(file) = &stack.token_file {
        vmalert.arg(format!(
            "-notifier.basicAuth.username={}",
            super::alertmanager::USER
        ));
        vmalert.arg(format!(
            "-notifier.basicAuth.passwordFile={}",
            file.display()
        ));
    }
    vmalert.arg(format!("-httpListenAddr=127.0.0.1:{}", stack.ports.vmalert));
    vmalert.arg("-evaluationInterval=5s");
    stack.children.spawn("vmalert", vmalert)?;
    let health = format!("http://127.0.0.1:{}/health", stack.ports.vmalert);
    stack
        .children
        .wait_http_ok(&health, Duration::from_secs(60))
}

/// Polls `/api/v1/targets` until `expected` targets are active and every one is up,
/// except those an incident holds down (as meshsim's `/control/incidents` says).
pub fn wait_all_targets_up(
    stack: &mut Stack,
    expected: usize,
    timeout: Duration,
) -> Result<(), String> {
    let deadline = Instant::now() + timeout;
    let mut last = String::new();
    while Instant::now() < deadline {
        stack.children.check_children()?;
        match target_health(stack) {
            Ok((total, up)) => {
                // Each host an incident holds down takes two of its targets down with it.
                let held_down = hosts_held_down(stack).len() * 2;
                if total >= expected && up + held_down >= expected {
                    return Ok(());
                }
                last = format!("{up} of {expected} targets up ({total} known)");
            }
            Err(e) => last = e,
        }
        std::thread::sleep(Duration::from_secs(2));
    }
    Err(format!(
        "targets not all up after {}s: {last}",
        timeout.as_secs()
    ))
}

/// (active targets, healthy targets) as the engine reports them.
fn target_health(stack: &Stack) -> Result<(usize, usize), String> {
    let body = get_json(&format!("{}/api/v1/targets", stack.prometheus_url()))?;
    let active = body["data"]["activeTargets"]
        .as_array()
        .cloned()
        .unwrap_or_default();
    let up = active.iter().filter(|t| t["health"] == "up").count();
    Ok((active.len(), up))
}

/// Hosts a running `node_down` incident holds down.
fn hosts_held_down(stack: &Stack) -> Vec<String> {
    get_json(&format!("{}/control/incidents", stack.control_url()))
        .ok()
        .and_then(|v| v["active"].as_array().cloned())
        .unwrap_or_default()
        .iter()
        .filter(|i| i["name"] == "node_down")
        .filter_map(|i| i["target"].as_str().map(str::to_string))
        .collect()
}
