//! `cargo xtask fidelity`: how faithfully Meshboard draws real Grafana dashboards. It starts
//! Debian's node_exporter and a Prometheus scraping it (and itself) in a temporary folder on
//! free loopback ports, builds and serves the app with `/prometheus/` proxied there, waits until
//! `rate(...[$__rate_interval])` has samples, and runs `tests/e2e/fidelity/run.mjs`, which
//! imports every corpus dashboard (`tests/fixtures/grafana/`) through `/dashboard/import` and
//! sorts each panel into drawn right, wrong (with the reason) or no data in Prometheus either,
//! and checks that every panel and row header is placed where Grafana places it (as first seen
//! and with every row open) against `tests/e2e/fidelity/grid-oracle.mjs`, a replay of Grafana's
//! grid written apart from the app's layout.
//!
//! It measures, it does not gate: no threshold fails it, so it stays out of `cargo xtask test`
//! until the checks worth asserting are chosen. `stack` is the devstack's start-up; only its
//! process supervisor is shared here, so the simulator's set-up stays out of this one.

use crate::serve::{self, ServeOptions, Upstreams};
use crate::shell::{repo_root, run, step};
use crate::stack::supervise::{pick_ports, Supervisor};
use crate::{dist, tools};
use std::path::{Path, PathBuf};
use std::process::Command;
use std::time::{Duration, Instant};

/// Seconds between scrapes: short, so a few minutes of history already give every
/// `rate(...[$__rate_interval])` window several samples.
const SCRAPE_SECONDS: u64 = 5;

#[derive(clap::Args)]
pub struct FidelityArgs {
    /// A quick debug build instead of the release one.
    #[arg(long)]
    pub dev: bool,
    /// Use this already built app instead of building one.
    #[arg(long, value_name = "DIR")]
    pub dist: Option<PathBuf>,
    /// Only build the app and print its folder (for `--dist` in a later run, so the build
    /// need not happen while holding the shared browser lock).
    #[arg(long)]
    pub build_only: bool,
    /// Also screenshot every dashboard in the light theme.
    #[arg(long)]
    pub light: bool,
    /// Seconds of scraped history to wait for before measuring.
    #[arg(long, default_value_t = 75)]
    pub history: u64,
    /// Which set of dashboards: `corpus` (`tests/fixtures/grafana/`, the dashboards the
    /// renderer is fixed against) or `broader` (`tests/fixtures/grafana/broader/`, other public
    /// dashboards kept apart to measure how general the fixes are).
    #[arg(long, default_value = "corpus", value_parser = ["corpus", "broader"])]
    pub set: String,
    /// Only these dashboards of the set (file names without `.json`); default: all of it.
    pub dashboards: Vec<String>,
}

/// The folder of a set's dashboards and the folder its report goes to.
fn set_dirs(set: &str) -> (PathBuf, PathBuf) {
    let fixtures = repo_root().join("tests/fixtures/grafana");
    match set {
        "broader" => (
            fixtures.join("broader"),
            repo_root().join("target/fidelity-broader"),
        ),
        _ => (fixtures, repo_root().join("target/fidelity")),
    }
}

/// node_exporter and Prometheus as children of one supervisor; dropping it stops both.
pub(crate) struct Backends {
    pub(crate) prometheus_url: String,
    started: Instant,
    children: Supervisor,
    work_dir: PathBuf,
}

impl Drop for Backends {
    fn drop(&mut self) {
        // The supervisor's own drop stops the children; the folder goes after them.
        let children = std::mem::replace(&mut self.children, Supervisor::new(PathBuf::new()));
        drop(children);
        let _ = std::fs::remove_dir_all(&self.work_dir);
    }
}

pub fn run_fidelity(args: &FidelityArgs) -> Result<(), String> {
    if args.build_only {
        let dist = if args.dev {
            dist::build_dev()?
        } else {
            dist::build_release_to(&repo_root().join("target/fidelity-dist"))?
        };
        println!("built: {} (pass it with --dist)", dist.display());
        return Ok(());
    }
    tools::ensure_browser()?;
    tools::ensure_debian_packages(&[
        ("prometheus-node-exporter", "prometheus-node-exporter"),
        ("prometheus", "prometheus"),
    ])?;
    // The backends start first so that the build's minutes count as scraped history.
    let mut backends = start_backends()?;
    let dist = match &args.dist {
        Some(dir) if dir.join("index.html").is_file() => dir.clone(),
        Some(dir) => return Err(format!("{} has no index.html", dir.display())),
        None if args.dev => dist::build_dev()?,
        None => dist::build_release()?,
    };
    let server = serve::spawn(ServeOptions {
        upstreams: Upstreams {
            prometheus: backends.prometheus_url.clone(),
            ..Upstreams::default()
        },
        ..ServeOptions::demo(dist, 0)
    })?;
    wait_for_history(&mut backends, Duration::from_secs(args.history))?;
    let (fixtures, out) = set_dirs(&args.set);
    std::fs::create_dir_all(&out).map_err(|e| format!("{}: {e}", out.display()))?;
    step(&format!(
        "measuring the {} set in headless Chromium (tests/e2e/fidelity/run.mjs)",
        args.set
    ));
    let mut command = Command::new("node");
    command
        .arg(repo_root().join("tests/e2e/fidelity/run.mjs"))
        .args(if args.dashboards.is_empty() {
            corpus(&fixtures)
        } else {
            args.dashboards.clone()
        })
        .current_dir(repo_root())
        .env("MESHBOARD_URL", server.url())
        .env("MESHBOARD_PROMETHEUS_URL", &backends.prometheus_url)
        .env("MESHBOARD_FIXTURES", &fixtures)
        .env("FIDELITY_OUT", &out)
        .env("FIDELITY_LIGHT", if args.light { "1" } else { "" })
        .env("CHROMIUM", "/usr/bin/chromium");
    let result = run(&mut command);
    drop(server);
    drop(backends);
    result.map(|()| println!("report: {}", out.join("report.json").display()))
}

/// Writes the Prometheus configuration and starts node_exporter and Prometheus in a fresh
/// temporary folder, returning once both answer.
pub(crate) fn start_backends() -> Result<Backends, String> {
    step("starting node_exporter and Prometheus");
    let work_dir = std::env::temp_dir().join(format!("meshboard-fidelity-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&work_dir);
    std::fs::create_dir_all(&work_dir).map_err(|e| format!("{}: {e}", work_dir.display()))?;
    // Not the usual 9090/9100: a devstack or the machine's own exporter may hold those.
    let [prometheus_port, exporter_port] = pick_ports(&[19090, 19100])?[..] else {
        return Err("could not pick two ports".into());
    };
    let config = work_dir.join("prometheus.yml");
    let rules = repo_root().join("tests/fixtures/grafana/node-mixin-rules.yaml");
    std::fs::write(
        &config,
        prometheus_config(prometheus_port, exporter_port, &rules),
    )
    .map_err(|e| format!("{}: {e}", config.display()))?;
    let mut backends = Backends {
        prometheus_url: format!("http://127.0.0.1:{prometheus_port}"),
        started: Instant::now(),
        children: Supervisor::new(work_dir.clone()),
        work_dir: work_dir.clone(),
    };
    let mut exporter = Command::new("prometheus-node-exporter");
    exporter.arg(format!("--web.listen-address=127.0.0.1:{exporter_port}"));
    backends.children.spawn("node-exporter", exporter)?;
    let mut prometheus = Command::new("prometheus");
    prometheus
        .arg(format!("--config.file={}", config.display()))
        .arg(format!(
            "--storage.tsdb.path={}",
            work_dir.join("data").display()
        ))
        .arg(format!("--web.listen-address=127.0.0.1:{prometheus_port}"));
    backends.children.spawn("prometheus", prometheus)?;
    backends.children.wait_http_ok(
        &format!("http://127.0.0.1:{exporter_port}/metrics"),
        Duration::from_secs(60),
    )?;
    let ready = format!("{}/-/ready", backends.prometheus_url);
    backends
        .children
        .wait_http_ok(&ready, Duration::from_secs(120))?;
    println!(
        "node_exporter 127.0.0.1:{exporter_port}, Prometheus {} (logs in {})",
        backends.prometheus_url,
        work_dir.display()
    );
    Ok(backends)
}

/// Jobs named as the dashboards expect them (`node`, `prometheus`), with an `instance` label
/// each, scraped every `SCRAPE_SECONDS`, and the node mixin's recording rules, which its USE
/// dashboards query (whoever installs those dashboards installs the rules with them).
fn prometheus_config(prometheus_port: u16, exporter_port: u16, rules: &Path) -> String {
    format!(
        "global:\n  scrape_interval: {SCRAPE_SECONDS}s\n  evaluation_interval: {SCRAPE_SECONDS}s\n\
         rule_files:\n  - '{}'\n\
         scrape_configs:\n\
         \x20 - job_name: prometheus\n    static_configs:\n      - targets: ['127.0.0.1:{prometheus_port}']\n\
         \x20 - job_name: node\n    static_configs:\n      - targets: ['127.0.0.1:{exporter_port}']\n",
        rules.display()
    )
}

/// Waits until `history` has passed since the start and both jobs have rates to show, so a
/// panel without data is the dashboard's doing, not the clock's.
pub(crate) fn wait_for_history(backends: &mut Backends, history: Duration) -> Result<(), String> {
    step(&format!(
        "waiting for {}s of scraped history",
        history.as_secs()
    ));
    let deadline = backends.started + history + Duration::from_secs(120);
    let query = "count(rate(node_cpu_seconds_total[1m])) and count(rate(prometheus_http_requests_total[1m])) \
                 and count(instance:node_cpu_utilisation:rate5m)";
    loop {
        backends.children.check_children()?;
        let enough_time = backends.started.elapsed() >= history;
        if enough_time && has_result(&backends.prometheus_url, query) {
            println!(
                "{:.0}s of history, node and prometheus jobs and the node mixin's rules have rates",
                backends.started.elapsed().as_secs_f64()
            );
            return Ok(());
        }
        if Instant::now() > deadline {
            return Err(format!(
                "Prometheus has no rates after {}s; see the logs in {}",
                backends.started.elapsed().as_secs(),
                backends.work_dir.display()
            ));
        }
        std::thread::sleep(Duration::from_secs(2));
    }
}

fn has_result(prometheus_url: &str, query: &str) -> bool {
    let url = format!("{prometheus_url}/api/v1/query");
    let Ok(response) = ureq::get(&url)
        .query("query", query)
        .timeout(Duration::from_secs(5))
        .call()
    else {
        return false;
    };
    let Ok(text) = response.into_string() else {
        return false;
    };
    let Ok(body) = serde_json::from_str::<serde_json::Value>(&text) else {
        return false;
    };
    body["data"]["result"]
        .as_array()
        .is_some_and(|r| !r.is_empty())
}

/// The corpus: every dashboard in `tests/fixtures/grafana/` whose datasources are Prometheus
/// (the Loki mixin's dashboard has nothing to show against a Prometheus alone).
pub fn corpus(dir: &Path) -> Vec<String> {
    let mut names: Vec<String> = std::fs::read_dir(dir)
        .map(|entries| {
            entries
                .flatten()
                .filter_map(|e| {
                    let name = e.file_name().to_string_lossy().into_owned();
                    name.strip_suffix(".json").map(str::to_string)
                })
                .filter(|name| !name.starts_with("loki-"))
                .collect()
        })
        .unwrap_or_default();
    names.sort();
    names
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_config_names_the_jobs_dashboards_filter_on() {
        let config = prometheus_config(19090, 19100, Path::new("/r/rules.yaml"));
        assert!(config.contains("rule_files:\n  - '/r/rules.yaml'\n"));
        assert!(config.contains("job_name: node\n"));
        assert!(config.contains("job_name: prometheus\n"));
        assert!(config.contains("targets: ['127.0.0.1:19100']"));
        assert!(config.contains("scrape_interval: 5s"));
    }

    /// The placement oracle's own tests (`node --test`): Grafana's outcome on small layouts.
    #[test]
    fn the_placement_oracle_places_known_layouts_as_grafana() {
        let output = Command::new("node")
            .args(["--test", "--test-reporter=dot"])
            .arg(repo_root().join("tests/e2e/fidelity/grid-oracle.test.mjs"))
            .output()
            .expect("node runs");
        assert!(
            output.status.success(),
            "{}{}",
            String::from_utf8_lossy(&output.stdout),
            String::from_utf8_lossy(&output.stderr)
        );
    }

    #[test]
    fn the_broader_set_is_apart_from_the_corpus() {
        let (corpus_dir, corpus_out) = set_dirs("corpus");
        let (broader_dir, broader_out) = set_dirs("broader");
        assert_eq!(broader_dir, corpus_dir.join("broader"));
        assert_ne!(corpus_out, broader_out);
        let broader = corpus(&broader_dir);
        assert!(broader.len() >= 5, "{broader:?}");
        let corpus_names = corpus(&corpus_dir);
        assert!(broader.iter().all(|b| !corpus_names.contains(b)));
    }

    #[test]
    fn the_corpus_is_the_prometheus_dashboards_of_the_fixtures() {
        let names = corpus(&repo_root().join("tests/fixtures/grafana"));
        assert!(names.len() >= 10, "{names:?}");
        assert!(names.iter().any(|n| n == "node-exporter-full"));
        assert!(!names.iter().any(|n| n.starts_with("loki-")));
    }
}
