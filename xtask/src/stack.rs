//! The devstack as child processes: builds meshsim, backfills 24h of history, starts the
//! metrics engine (Prometheus, or VictoriaMetrics with vmalert) and the simulator, waits until
//! every target is up, and stops them all when dropped. Also the stack's integration check.

// A host program: waiting for children is timed with the wall clock (the ban is for the wasm app).
#![allow(clippy::disallowed_methods)]

use serde_json::Value;
use std::fs::File;
use std::net::{Ipv4Addr, TcpListener};
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant, SystemTime, UNIX_EPOCH};

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Engine {
    Prometheus,
    VictoriaMetrics,
}

impl Engine {
    fn package(self) -> &'static str {
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
}

pub struct StackOptions {
    pub engine: Engine,
    pub nodes: usize,
    /// Rule files with `for:` shortened to 15s and no incident schedule: for tests.
    pub fast_alerts: bool,
    /// Configuration, TSDB and logs live here (e.g. `target/devstack`); wiped at each start.
    pub work_dir: PathBuf,
}

/// Ports the stack listens on (all on 127.0.0.1).
#[derive(Debug, Clone, Copy)]
struct Ports {
    engine: u16,
    vmalert: u16,
    meshsim: u16,
    loki: u16,
    jaeger: u16,
}

/// A running child and what to call it in messages.
struct Process {
    name: &'static str,
    child: Child,
}

pub struct Stack {
    ports: Ports,
    work_dir: PathBuf,
    /// Stopped in reverse order on drop: the simulator last, so the engine never sees it vanish.
    processes: Vec<Process>,
}

/// Seed of the simulated world: fixed, so every start shows the same history.
const SEED: &str = "1";
const HISTORY_HOURS: &str = "24";

impl Stack {
    pub fn start(opts: &StackOptions) -> Result<Stack, String> {
        Stack::start_with_token(opts, None)
    }

    /// Like `start`, but the Loki and Jaeger stand-ins refuse requests without
    /// `Authorization: Bearer <token in token_file>` (the deploy suite's backend credential).
    pub fn start_with_token(
        opts: &StackOptions,
        token_file: Option<&Path>,
    ) -> Result<Stack, String> {
        let started = Instant::now();
        ensure_engine_installed(opts.engine)?;
        let meshsim = build_meshsim()?;
        let ports = choose_ports()?;
        let work = &opts.work_dir;
        let _ = std::fs::remove_dir_all(work);
        std::fs::create_dir_all(work).map_err(|e| format!("{}: {e}", work.display()))?;
        let config_dir = work.join("config");
        let data_dir = work.join("data");
        let history_end = (unix_now() / 60) * 60;
        let big = opts.nodes > 50;
        let step = if big { "auto" } else { "60" };
        let incidents = if opts.fast_alerts { "off" } else { "schedule" };
        let nodes = opts.nodes.to_string();
        let world = ["--nodes", &nodes, "--seed", SEED, "--incidents", incidents];

        println!(
            "==> devstack: generating the {} configuration",
            opts.engine.package()
        );
        let mut gen = Command::new(&meshsim);
        gen.args(["gen-config", "--out"]).arg(&config_dir);
        gen.args(["--metrics-addr", &format!("127.0.0.1:{}", ports.meshsim)]);
        gen.args(["--scrape-interval", if big { "15s" } else { "5s" }]);
        gen.args(["--nodes", &nodes]);
        if opts.fast_alerts {
            gen.arg("--fast-alerts");
        }
        run(&mut gen)?;

        println!(
            "==> devstack: writing {HISTORY_HOURS}h of history [{:.0}s]",
            started.elapsed().as_secs_f64()
        );
        let history_file = work.join(match opts.engine {
            Engine::Prometheus => "history.om",
            Engine::VictoriaMetrics => "history.prom",
        });
        let format = match opts.engine {
            Engine::Prometheus => "openmetrics",
            Engine::VictoriaMetrics => "prometheus",
        };
        let end = history_end.to_string();
        let mut history = Command::new(&meshsim);
        history.args(["history", "--out"]).arg(&history_file);
        history.args([
            "--format",
            format,
            "--hours",
            HISTORY_HOURS,
            "--end",
            &end,
            "--step",
            step,
        ]);
        history.args(world);
        let summary = run_output(&mut history)?;
        let step_seconds = serde_json::from_str::<Value>(summary.trim())
            .ok()
            .and_then(|v| v["step_seconds"].as_f64())
            .ok_or_else(|| format!("meshsim history printed no summary: {summary}"))?;

        // The simulator fast-forwards over the same hours while the history is imported.
        println!(
            "==> devstack: starting meshsim ({} nodes) [{:.0}s]",
            opts.nodes,
            started.elapsed().as_secs_f64()
        );
        let mut serve = Command::new(&meshsim);
        serve.arg("serve");
        serve.args(["--metrics-addr", &format!("127.0.0.1:{}", ports.meshsim)]);
        serve.args(["--loki-addr", &format!("127.0.0.1:{}", ports.loki)]);
        serve.args(["--jaeger-addr", &format!("127.0.0.1:{}", ports.jaeger)]);
        serve.args(["--history-end", &end, "--history-hours", HISTORY_HOURS]);
        serve.args(["--step", &step_seconds.to_string()]);
        serve.args(["--exit-with-parent", &std::process::id().to_string()]);
        if let Some(file) = token_file {
            serve.arg("--require-bearer-file").arg(file);
        }
        serve.args(world);
        let mut stack = Stack {
            ports,
            work_dir: work.clone(),
            processes: Vec::new(),
        };
        stack.spawn("meshsim", serve, work)?;

        match opts.engine {
            Engine::Prometheus => {
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
                import.arg(&history_file).arg(&data_dir);
                import.stdout(Stdio::null());
                run(&mut import)?;
                let _ = std::fs::remove_file(&history_file);
                let mut prometheus = Command::new("prometheus");
                prometheus.arg(format!(
                    "--config.file={}",
                    config_dir.join("prometheus.yml").display()
                ));
                prometheus.arg(format!("--storage.tsdb.path={}", data_dir.display()));
                prometheus.arg(format!("--web.listen-address=127.0.0.1:{}", ports.engine));
                prometheus.arg("--storage.tsdb.retention.time=30d");
                // The FL round histogram carries trace_id exemplars (the app draws them).
                prometheus.arg("--enable-feature=exemplar-storage");
                stack.spawn("prometheus", prometheus, work)?;
                stack.wait_http_ok(
                    &format!("{}/-/ready", stack.prometheus_url()),
                    Duration::from_secs(120),
                )?;
            }
            Engine::VictoriaMetrics => {
                let mut vm = Command::new("victoria-metrics");
                vm.arg(format!("-storageDataPath={}", data_dir.display()));
                vm.arg(format!("-httpListenAddr=127.0.0.1:{}", ports.engine));
                vm.arg(format!(
                    "-promscrape.config={}",
                    config_dir.join("scrape.yml").display()
                ));
                vm.arg("-retentionPeriod=30d");
                vm.arg(format!(
                    "-vmalert.proxyURL=http://127.0.0.1:{}",
                    ports.vmalert
                ));
                // Without this, a query at "now" leaves out the last 30s of samples.
                vm.arg("-search.latencyOffset=5s");
                stack.spawn("victoria-metrics", vm, work)?;
                stack.wait_http_ok(
                    &format!("{}/health", stack.prometheus_url()),
                    Duration::from_secs(60),
                )?;
                println!(
                    "==> devstack: importing the history into VictoriaMetrics [{:.0}s]",
                    started.elapsed().as_secs_f64()
                );
                let file = File::open(&history_file).map_err(|e| e.to_string())?;
                ureq::post(&format!(
                    "{}/api/v1/import/prometheus",
                    stack.prometheus_url()
                ))
                .timeout(Duration::from_secs(600))
                .send(file)
                .map_err(|e| format!("history import failed: {e}"))?;
                let _ =
                    ureq::get(&format!("{}/internal/force_flush", stack.prometheus_url())).call();
                let _ = std::fs::remove_file(&history_file);
                let mut vmalert = Command::new("vmalert");
                vmalert.arg(format!(
                    "-rule={}/*.yml",
                    config_dir.join("rules").display()
                ));
                vmalert.arg(format!("-datasource.url={}", stack.prometheus_url()));
                vmalert.arg(format!("-remoteWrite.url={}", stack.prometheus_url()));
                vmalert.arg(format!("-remoteRead.url={}", stack.prometheus_url()));
                // vmalert will not start without a notifier; meshsim's sink accepts and drops.
                vmalert.arg(format!("-notifier.url={}", stack.control_url()));
                vmalert.arg(format!("-httpListenAddr=127.0.0.1:{}", ports.vmalert));
                vmalert.arg("-evaluationInterval=5s");
                stack.spawn("vmalert", vmalert, work)?;
                stack.wait_http_ok(
                    &format!("http://127.0.0.1:{}/health", ports.vmalert),
                    Duration::from_secs(60),
                )?;
            }
        }
        let expected = count_targets(&stack.control_url(), Duration::from_secs(180))?;
        println!(
            "==> devstack: waiting until all {expected} targets are up [{:.0}s]",
            started.elapsed().as_secs_f64()
        );
        let timeout = Duration::from_secs(if big { 600 } else { 180 });
        stack.wait_all_targets_up(expected, timeout)?;
        println!(
            "==> devstack ready in {:.0}s: {} {}, meshsim {}, Loki API {}, Jaeger API {}",
            started.elapsed().as_secs_f64(),
            opts.engine.package(),
            stack.prometheus_url(),
            stack.control_url(),
            stack.loki_url(),
            stack.jaeger_url()
        );
        Ok(stack)
    }

    /// The Prometheus query API (Prometheus itself, or VictoriaMetrics' compatible one).
    pub fn prometheus_url(&self) -> String {
        format!("http://127.0.0.1:{}", self.ports.engine)
    }

    pub fn loki_url(&self) -> String {
        format!("http://127.0.0.1:{}", self.ports.loki)
    }

    pub fn jaeger_url(&self) -> String {
        format!("http://127.0.0.1:{}", self.ports.jaeger)
    }

    /// meshsim's own listener: `/metrics/...`, `/targets`, `/control/...`.
    pub fn control_url(&self) -> String {
        format!("http://127.0.0.1:{}", self.ports.meshsim)
    }

    /// The process id of the metrics engine (Prometheus or VictoriaMetrics), so a test can
    /// stop and resume the real server (SIGSTOP/SIGCONT) and watch the app notice.
    pub fn engine_pid(&self) -> Option<u32> {
        self.processes
            .iter()
            .find(|p| matches!(p.name, "prometheus" | "victoria-metrics"))
            .map(|p| p.child.id())
    }

    fn spawn(
        &mut self,
        name: &'static str,
        mut command: Command,
        work: &Path,
    ) -> Result<(), String> {
        let log_path = work.join(format!("{name}.log"));
        let log = File::create(&log_path).map_err(|e| format!("{}: {e}", log_path.display()))?;
        let err = log.try_clone().map_err(|e| e.to_string())?;
        command.stdin(Stdio::null()).stdout(log).stderr(err);
        println!("$ {} (log: {})", describe(&command), log_path.display());
        let child = command
            .spawn()
            .map_err(|e| format!("could not start {name}: {e}"))?;
        self.processes.push(Process { name, child });
        Ok(())
    }

    /// Fails early with the log's tail when a child has died.
    fn check_children(&mut self) -> Result<(), String> {
        for p in &mut self.processes {
            if let Ok(Some(status)) = p.child.try_wait() {
                let log = self.work_dir.join(format!("{}.log", p.name));
                return Err(format!(
                    "{} exited early ({status}); see {}",
                    p.name,
                    log.display()
                ));
            }
        }
        Ok(())
    }

    /// Waits until `url` answers 2xx, failing early when a child dies.
    fn wait_http_ok(&mut self, url: &str, timeout: Duration) -> Result<(), String> {
        let deadline = Instant::now() + timeout;
        while Instant::now() < deadline {
            self.check_children()?;
            if ureq::get(url)
                .timeout(Duration::from_secs(2))
                .call()
                .is_ok()
            {
                return Ok(());
            }
            std::thread::sleep(Duration::from_millis(500));
        }
        Err(format!(
            "{url} did not answer within {}s",
            timeout.as_secs()
        ))
    }

    /// Polls `/api/v1/targets` until `expected` targets are active and every one is up,
    /// except those an incident holds down (as `/control/incidents` says).
    fn wait_all_targets_up(&mut self, expected: usize, timeout: Duration) -> Result<(), String> {
        let deadline = Instant::now() + timeout;
        let mut last = String::new();
        while Instant::now() < deadline {
            self.check_children()?;
            match self.target_health() {
                Ok((total, up)) => {
                    let held_down = self.hosts_held_down().len() * 2;
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
    fn target_health(&self) -> Result<(usize, usize), String> {
        let body = get_json(&format!("{}/api/v1/targets", self.prometheus_url()))?;
        let active = body["data"]["activeTargets"]
            .as_array()
            .cloned()
            .unwrap_or_default();
        let up = active.iter().filter(|t| t["health"] == "up").count();
        Ok((active.len(), up))
    }

    /// Hosts a running `node_down` incident holds down.
    fn hosts_held_down(&self) -> Vec<String> {
        get_json(&format!("{}/control/incidents", self.control_url()))
            .ok()
            .and_then(|v| v["active"].as_array().cloned())
            .unwrap_or_default()
            .iter()
            .filter(|i| i["name"] == "node_down")
            .filter_map(|i| i["target"].as_str().map(str::to_string))
            .collect()
    }
}

impl Drop for Stack {
    /// SIGTERM to every child (newest first), then SIGKILL to any still running after 10s.
    fn drop(&mut self) {
        for p in self.processes.iter().rev() {
            let _ = Command::new("kill")
                .arg("-TERM")
                .arg(p.child.id().to_string())
                .status();
        }
        let deadline = Instant::now() + Duration::from_secs(10);
        for p in self.processes.iter_mut().rev() {
            while Instant::now() < deadline {
                if let Ok(Some(_)) = p.child.try_wait() {
                    break;
                }
                std::thread::sleep(Duration::from_millis(100));
            }
            if let Ok(None) = p.child.try_wait() {
                eprintln!("devstack: {} ignored SIGTERM; killing it", p.name);
                let _ = p.child.kill();
                let _ = p.child.wait();
            }
        }
    }
}

/// Installs the engine's Debian package when a program is missing: with apt-get when running
/// as root, otherwise by printing the command to run.
pub fn ensure_engine_installed(engine: Engine) -> Result<(), String> {
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

/// The stack's end-to-end check: a metric from each of the four systems, the backfilled day,
/// an incident whose alert goes pending or firing, and (when the stand-ins answer) a log line
/// and a trace sharing one `trace_id`.
pub fn integration_check(stack: &Stack) -> Result<(), String> {
    let prom = stack.prometheus_url();
    for (system, query) in [
        ("Agent Mesh", "agent_mesh_federated_current_round"),
        ("Protocol registry", "teg_treasury_balance"),
        ("Dynamic Graph Fed-RL", "federation_active_agents"),
        ("FEDzk", "fedzk_zk_proof_generation_total"),
    ] {
        let series = instant_query(&prom, query)?;
        if series.is_empty() {
            return Err(format!("{system}: `{query}` returned no series"));
        }
        println!("ok: {system}: `{query}` has {} series", series.len());
    }
    let history = instant_query(&prom, "count_over_time(teg_treasury_balance[23h])")?;
    let samples = history
        .first()
        .and_then(|s| s["value"][1].as_str())
        .and_then(|v| v.parse::<f64>().ok())
        .unwrap_or(0.0);
    if samples < 600.0 {
        return Err(format!(
            "backfill missing: only {samples} samples of teg_treasury_balance in 23h"
        ));
    }
    println!("ok: {samples} samples of teg_treasury_balance over the last 23h (backfill)");

    let trigger = format!(
        "{}/control/incident/node_down?duration=3m",
        stack.control_url()
    );
    let incident = ureq::post(&trigger)
        .call()
        .map_err(|e| format!("POST {trigger}: {e}"))?;
    let incident: Value = serde_json::from_str(&incident.into_string().map_err(|e| e.to_string())?)
        .map_err(|e| e.to_string())?;
    let host = incident["target"].as_str().unwrap_or("?").to_string();
    println!("triggered node_down on {host}; waiting for MeshNodeDown");
    let result = wait_for_alert(stack, "MeshNodeDown", &host, Duration::from_secs(120));
    let _ = ureq::delete(&format!(
        "{}/control/incident/node_down",
        stack.control_url()
    ))
    .call();
    let state = result?;
    println!("ok: MeshNodeDown is {state} for {host}");

    match shared_trace_id(stack) {
        Ok(Some(trace_id)) => println!("ok: a log line and a trace share trace_id {trace_id}"),
        Ok(None) => println!("skipped: the Loki/Jaeger stand-ins do not answer yet"),
        Err(e) => return Err(e),
    }
    Ok(())
}

/// Waits until `alert` for an instance on `host` is pending or firing; returns the state.
fn wait_for_alert(
    stack: &Stack,
    alert: &str,
    host: &str,
    timeout: Duration,
) -> Result<String, String> {
    let deadline = Instant::now() + timeout;
    // VictoriaMetrics proxies the alerting API to vmalert: one URL for both engines.
    let url = format!("{}/api/v1/alerts", stack.prometheus_url());
    while Instant::now() < deadline {
        if let Ok(body) = get_json(&url) {
            let alerts = body["data"]["alerts"]
                .as_array()
                .cloned()
                .unwrap_or_default();
            let hit = alerts.iter().find(|a| {
                a["labels"]["alertname"] == alert
                    && a["labels"]["instance"]
                        .as_str()
                        .is_some_and(|i| i.starts_with(host))
            });
            if let Some(a) = hit {
                return Ok(a["state"].as_str().unwrap_or("active").to_string());
            }
        }
        std::thread::sleep(Duration::from_secs(2));
    }
    Err(format!(
        "{alert} for {host} never became pending or firing at {url}"
    ))
}

/// A federated round's `trace_id` from a Loki log line, looked up in the Jaeger API.
/// `Ok(None)` when the stand-ins are not served.
fn shared_trace_id(stack: &Stack) -> Result<Option<String>, String> {
    let now_ns = u128::from(unix_now()) * 1_000_000_000;
    let query = r#"{job="agent-mesh"} |= "federated_round_started""#;
    let url = format!("{}/loki/api/v1/query_range", stack.loki_url());
    let response = ureq::get(&url)
        .query("query", query)
        .query("start", &(now_ns - 3_600 * 1_000_000_000).to_string())
        .query("end", &now_ns.to_string())
        .query("limit", "5")
        .call();
    let body = match response {
        Ok(r) => r.into_string().map_err(|e| e.to_string())?,
        Err(ureq::Error::Status(404, _)) | Err(ureq::Error::Transport(_)) => return Ok(None),
        Err(e) => return Err(format!("Loki query failed: {e}")),
    };
    let body: Value =
        serde_json::from_str(&body).map_err(|e| format!("Loki answer is not JSON: {e}"))?;
    let trace_id = body["data"]["result"]
        .as_array()
        .into_iter()
        .flatten()
        .flat_map(|stream| stream["values"].as_array().cloned().unwrap_or_default())
        .filter_map(|v| {
            v[1].as_str()
                .and_then(|line| serde_json::from_str::<Value>(line).ok())
        })
        .find_map(|line| line["trace_id"].as_str().map(str::to_string))
        .ok_or("no federated_round_started line with a trace_id in the last hour")?;
    let trace = get_json(&format!("{}/api/traces/{trace_id}", stack.jaeger_url()))?;
    let spans = trace["data"][0]["spans"].as_array().map_or(0, Vec::len);
    if spans == 0 {
        return Err(format!(
            "Jaeger has no spans for trace {trace_id} seen in Loki"
        ));
    }
    Ok(Some(trace_id))
}

fn instant_query(prom: &str, query: &str) -> Result<Vec<Value>, String> {
    let url = format!("{prom}/api/v1/query");
    let response = ureq::get(&url)
        .query("query", query)
        .call()
        .map_err(|e| format!("{url} `{query}`: {e}"))?;
    let body: Value = serde_json::from_str(&response.into_string().map_err(|e| e.to_string())?)
        .map_err(|e| e.to_string())?;
    Ok(body["data"]["result"]
        .as_array()
        .cloned()
        .unwrap_or_default())
}

/// How many targets meshsim serves (it answers once its fast-forward is done).
fn count_targets(control_url: &str, timeout: Duration) -> Result<usize, String> {
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

fn get_json(url: &str) -> Result<Value, String> {
    // 30s: `/api/v1/targets` lists thousands of targets at 1000 nodes on a busy machine.
    let response = ureq::get(url)
        .timeout(Duration::from_secs(30))
        .call()
        .map_err(|e| format!("GET {url}: {e}"))?;
    let text = response
        .into_string()
        .map_err(|e| format!("GET {url}: {e}"))?;
    serde_json::from_str(&text).map_err(|e| format!("GET {url}: not JSON: {e}"))
}

/// The preferred ports when free (those the app's dev proxy and docs assume), else any.
fn choose_ports() -> Result<Ports, String> {
    let mut taken = Vec::new();
    let mut pick = |preferred: u16| -> Result<u16, String> {
        let port = if !taken.contains(&preferred)
            && TcpListener::bind((Ipv4Addr::LOCALHOST, preferred)).is_ok()
        {
            preferred
        } else {
            free_port(&taken)?
        };
        taken.push(port);
        Ok(port)
    };
    Ok(Ports {
        engine: pick(9090)?,
        vmalert: pick(8880)?,
        meshsim: pick(9100)?,
        loki: pick(3100)?,
        jaeger: pick(16686)?,
    })
}

fn free_port(taken: &[u16]) -> Result<u16, String> {
    for _ in 0..20 {
        let listener = TcpListener::bind((Ipv4Addr::LOCALHOST, 0)).map_err(|e| e.to_string())?;
        let port = listener.local_addr().map_err(|e| e.to_string())?.port();
        if !taken.contains(&port) {
            return Ok(port);
        }
    }
    Err("no free port on 127.0.0.1".to_string())
}

/// `cargo build --release -p meshsim`; returns the binary's path.
fn build_meshsim() -> Result<PathBuf, String> {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"))
        .parent()
        .expect("xtask lives in the repository")
        .to_path_buf();
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

fn run(command: &mut Command) -> Result<(), String> {
    println!("$ {}", describe(command));
    let status = command
        .status()
        .map_err(|e| format!("could not start `{}`: {e}", describe(command)))?;
    if status.success() {
        Ok(())
    } else {
        Err(format!("`{}` failed ({status})", describe(command)))
    }
}

fn run_output(command: &mut Command) -> Result<String, String> {
    println!("$ {}", describe(command));
    let output = command
        .stderr(Stdio::inherit())
        .output()
        .map_err(|e| format!("could not start `{}`: {e}", describe(command)))?;
    if !output.status.success() {
        return Err(format!(
            "`{}` failed ({})",
            describe(command),
            output.status
        ));
    }
    Ok(String::from_utf8_lossy(&output.stdout).into_owned())
}

fn describe(command: &Command) -> String {
    std::iter::once(command.get_program())
        .chain(command.get_args())
        .map(|a| a.to_string_lossy().into_owned())
        .collect::<Vec<_>>()
        .join(" ")
}

fn which(program: &str) -> Option<PathBuf> {
    let path = std::env::var_os("PATH")?;
    std::env::split_paths(&path)
        .map(|dir| dir.join(program))
        .find(|p| p.is_file())
}

fn unix_now() -> u64 {
    SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .map(|d| d.as_secs())
        .unwrap_or(0)
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The whole stack on free ports: `cargo test -p xtask -- --ignored devstack --nocapture`
    /// (`MESHBOARD_STACK_ENGINE=victoria-metrics` for the second engine, `..._NODES=1000`).
    #[test]
    #[ignore = "starts Prometheus and meshsim; run by hand or through `cargo xtask test`"]
    fn devstack_integration() {
        let engine = match std::env::var("MESHBOARD_STACK_ENGINE").as_deref() {
            Ok("victoria-metrics") => Engine::VictoriaMetrics,
            _ => Engine::Prometheus,
        };
        let nodes = std::env::var("MESHBOARD_STACK_NODES")
            .ok()
            .and_then(|n| n.parse().ok())
            .unwrap_or(12);
        let work_dir =
            std::env::temp_dir().join(format!("meshboard-devstack-{}", std::process::id()));
        let opts = StackOptions {
            engine,
            nodes,
            fast_alerts: true,
            work_dir: work_dir.clone(),
        };
        let stack = Stack::start(&opts).expect("stack starts");
        integration_check(&stack).expect("integration check passes");
        drop(stack);
        let _ = std::fs::remove_dir_all(work_dir);
    }

    /// Prints the figures the devstack issue asks for: start-up time, head series and the
    /// engine's resident memory a minute after start (`MESHBOARD_STACK_NODES=1000` for scale).
    #[test]
    #[ignore = "starts the stack and waits a minute; run by hand"]
    fn devstack_footprint() {
        let nodes = std::env::var("MESHBOARD_STACK_NODES")
            .ok()
            .and_then(|n| n.parse().ok())
            .unwrap_or(12);
        let work_dir =
            std::env::temp_dir().join(format!("meshboard-footprint-{}", std::process::id()));
        let opts = StackOptions {
            engine: Engine::Prometheus,
            nodes,
            fast_alerts: false,
            work_dir: work_dir.clone(),
        };
        let started = Instant::now();
        let stack = Stack::start(&opts).expect("stack starts");
        let startup = started.elapsed().as_secs_f64();
        std::thread::sleep(Duration::from_secs(60));
        let own = ureq::get(&format!("{}/metrics", stack.prometheus_url()))
            .call()
            .unwrap()
            .into_string()
            .unwrap();
        let metric = |name: &str| {
            own.lines()
                .find(|l| l.starts_with(name) && l[name.len()..].starts_with(' '))
                .and_then(|l| l.rsplit(' ').next()?.parse::<f64>().ok())
                .unwrap_or(f64::NAN)
        };
        println!(
            "footprint: nodes={nodes} startup={startup:.0}s head_series={} prometheus_rss_mib={:.0}",
            metric("prometheus_tsdb_head_series"),
            metric("process_resident_memory_bytes") / 1048576.0
        );
        drop(stack);
        let _ = std::fs::remove_dir_all(work_dir);
    }

    #[test]
    fn chosen_ports_are_distinct() {
        let p = choose_ports().unwrap();
        let mut all = vec![p.engine, p.vmalert, p.meshsim, p.loki, p.jaeger];
        all.sort_unstable();
        all.dedup();
        assert_eq!(all.len(), 5);
    }
}
