//! meshsim command line: `serve` (metrics targets, incident control, Loki and Jaeger APIs),
//! `history` (backfill file) and `gen-config` (Prometheus / VictoriaMetrics configuration).
#![allow(clippy::disallowed_methods)] // host program: wall-clock time is its job

use meshsim::control::{self, ControlState};
use meshsim::history::{resolve_step, write_history, Format, HistoryOptions, Step};
use meshsim::metrics::scrape_config::{write_config_dir, ConfigOptions};
use meshsim::sim::live::{Live, LiveOptions};
use meshsim::sim::{SimConfig, MAX_NODES};
use meshsim::store::TelemetryStore;
use meshsim::wall_clock;
use std::collections::HashMap;
use std::io::{BufWriter, Write};
use std::net::SocketAddr;
use std::path::PathBuf;
use std::sync::Arc;

const USAGE: &str = "\
meshsim: simulator of the seed systems for Meshboard's devstack

USAGE:
  meshsim serve [--metrics-addr 127.0.0.1:9100] [--loki-addr 127.0.0.1:3100]
                [--jaeger-addr 127.0.0.1:16686] [--nodes 12] [--seed 1]
                [--incidents schedule|off] [--history-end UNIX_SECONDS] [--history-hours 24]
                [--step auto|SECONDS] [--telemetry-hours 6] [--exit-with-parent PID]
                [--require-bearer-file FILE]
  meshsim history --out FILE [--format openmetrics|prometheus] [--hours 24]
                [--end UNIX_SECONDS] [--step auto|SECONDS] [--nodes 12] [--seed 1]
                [--incidents schedule|off]
  meshsim gen-config --out DIR [--metrics-addr 127.0.0.1:9100] [--nodes 12] [--seed 1]
                [--scrape-interval 5s] [--evaluation-interval 5s] [--fast-alerts]

`serve` and `history` given the same --seed, --nodes, --history-end/--end, hours and --step
simulate the same world: live series continue the backfilled ones. With --require-bearer-file,
the Loki and Jaeger APIs answer 401 unless a request carries `Authorization: Bearer <token>`.
";

fn main() {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let result = match args.first().map(String::as_str) {
        Some("serve") => Flags::parse(&args[1..]).and_then(serve),
        Some("history") => Flags::parse(&args[1..]).and_then(history),
        Some("gen-config") => Flags::parse(&args[1..]).and_then(gen_config),
        Some("help" | "--help" | "-h") => {
            print!("{USAGE}");
            Ok(())
        }
        _ => Err(format!("expected a command\n\n{USAGE}")),
    };
    if let Err(message) = result {
        eprintln!("meshsim: {message}");
        std::process::exit(2);
    }
}

/// `--name value` pairs and bare `--switch`es.
struct Flags {
    values: HashMap<String, String>,
    switches: Vec<String>,
}

const SWITCHES: [&str; 1] = ["fast-alerts"];

impl Flags {
    fn parse(args: &[String]) -> Result<Flags, String> {
        let mut flags = Flags {
            values: HashMap::new(),
            switches: Vec::new(),
        };
        let mut iter = args.iter();
        while let Some(arg) = iter.next() {
            let name = arg
                .strip_prefix("--")
                .ok_or_else(|| format!("unexpected argument {arg}"))?;
            if let Some((name, value)) = name.split_once('=') {
                flags.values.insert(name.to_string(), value.to_string());
            } else if SWITCHES.contains(&name) {
                flags.switches.push(name.to_string());
            } else {
                let value = iter
                    .next()
                    .ok_or_else(|| format!("--{name} needs a value"))?;
                flags.values.insert(name.to_string(), value.clone());
            }
        }
        Ok(flags)
    }

    fn text(&self, name: &str, default: &str) -> String {
        self.values
            .get(name)
            .cloned()
            .unwrap_or_else(|| default.to_string())
    }

    fn number<T: std::str::FromStr>(&self, name: &str, default: T) -> Result<T, String> {
        match self.values.get(name) {
            None => Ok(default),
            Some(v) => v
                .parse()
                .map_err(|_| format!("--{name}: not a number: {v}")),
        }
    }

    fn switch(&self, name: &str) -> bool {
        self.switches.iter().any(|s| s == name)
    }

    fn sim_config(&self) -> Result<SimConfig, String> {
        let nodes = self.number("nodes", 12usize)?;
        if !(3..=MAX_NODES).contains(&nodes) {
            return Err(format!("--nodes must be between 3 and {MAX_NODES}"));
        }
        Ok(SimConfig {
            seed: self.number("seed", 1u64)?,
            nodes,
        })
    }

    fn schedule(&self) -> Result<bool, String> {
        match self.text("incidents", "schedule").as_str() {
            "schedule" => Ok(true),
            "off" => Ok(false),
            other => Err(format!(
                "--incidents: expected schedule or off, got {other}"
            )),
        }
    }

    fn step(&self) -> Result<Step, String> {
        match self.text("step", "auto").as_str() {
            "auto" => Ok(Step::Auto),
            text => text
                .parse()
                .map(Step::Seconds)
                .map_err(|_| format!("--step: {text}")),
        }
    }

    /// A listen address, which must be on the loopback interface.
    fn loopback_addr(&self, name: &str, default: &str) -> Result<SocketAddr, String> {
        let text = self.text(name, default);
        let addr: SocketAddr = text
            .parse()
            .map_err(|_| format!("--{name}: bad address {text}"))?;
        if !addr.ip().is_loopback() {
            return Err(format!(
                "--{name}: meshsim binds loopback addresses only, not {text}"
            ));
        }
        Ok(addr)
    }
}

/// The end of the backfilled history: given, or now rounded down to the minute.
fn history_end(flags: &Flags, name: &str) -> Result<f64, String> {
    let now = (wall_clock() / 60.0).floor() * 60.0;
    flags.number(name, now)
}

fn history(flags: Flags) -> Result<(), String> {
    let out = PathBuf::from(flags.values.get("out").ok_or("history needs --out FILE")?);
    let format = match flags.text("format", "openmetrics").as_str() {
        "openmetrics" => Format::OpenMetrics,
        "prometheus" => Format::PrometheusText,
        other => {
            return Err(format!(
                "--format: expected openmetrics or prometheus, got {other}"
            ))
        }
    };
    let opts = HistoryOptions {
        config: flags.sim_config()?,
        end: history_end(&flags, "end")?,
        hours: flags.number("hours", 24.0)?,
        step: flags.step()?,
        schedule_incidents: flags.schedule()?,
        format,
    };
    let file = std::fs::File::create(&out).map_err(|e| format!("{}: {e}", out.display()))?;
    let mut writer = BufWriter::with_capacity(1 << 20, file);
    let summary = write_history(&opts, &mut writer).map_err(|e| e.to_string())?;
    writer.flush().map_err(|e| e.to_string())?;
    println!(
        "{{\"file\":{:?},\"end\":{},\"step_seconds\":{},\"steps\":{},\"samples\":{},\"series\":{}}}",
        out.display().to_string(),
        opts.end,
        summary.step_seconds,
        summary.steps,
        summary.samples,
        summary.series_per_step
    );
    Ok(())
}

fn gen_config(flags: Flags) -> Result<(), String> {
    let dir = PathBuf::from(
        flags
            .values
            .get("out")
            .ok_or("gen-config needs --out DIR")?,
    );
    let metrics_addr = flags.loopback_addr("metrics-addr", "127.0.0.1:9100")?;
    let targets = meshsim::history::targets_of(&flags.sim_config()?);
    let opts = ConfigOptions {
        metrics_addr: metrics_addr.to_string(),
        scrape_interval: flags.text("scrape-interval", "5s"),
        evaluation_interval: flags.text("evaluation-interval", "5s"),
        fast_alerts: flags.switch("fast-alerts"),
    };
    write_config_dir(&dir, &targets, &opts).map_err(|e| format!("{}: {e}", dir.display()))?;
    println!("wrote {} targets to {}", targets.len(), dir.display());
    Ok(())
}

fn serve(flags: Flags) -> Result<(), String> {
    let metrics_addr = flags.loopback_addr("metrics-addr", "127.0.0.1:9100")?;
    let loki_addr = flags.loopback_addr("loki-addr", "127.0.0.1:3100")?;
    let jaeger_addr = flags.loopback_addr("jaeger-addr", "127.0.0.1:16686")?;
    let config = flags.sim_config()?;
    let history_hours = flags.number("history-hours", 24.0)?;
    let opts = LiveOptions {
        step_seconds: resolve_step(flags.step()?, &config, history_hours),
        config,
        history_end: history_end(&flags, "history-end")?,
        history_hours,
        telemetry_hours: flags.number("telemetry-hours", 6.0)?,
        schedule_incidents: flags.schedule()?,
    };
    let bearer = flags
        .values
        .get("require-bearer-file")
        .map(|path| meshsim::auth::read_token_file(std::path::Path::new(path)))
        .transpose()?;
    let parent: Option<u32> = flags
        .values
        .get("exit-with-parent")
        .map(|p| p.parse())
        .transpose()
        .map_err(|_| "--exit-with-parent: not a pid")?;
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .worker_threads(2)
        .enable_all()
        .build()
        .map_err(|e| e.to_string())?;
    runtime.block_on(async move {
        let started = wall_clock();
        let live = Arc::new(Live::start(&opts, wall_clock()));
        eprintln!(
            "meshsim: {} targets, fast-forward over {}h at {}s steps took {:.1}s",
            live.targets.len(),
            opts.history_hours,
            opts.step_seconds,
            wall_clock() - started
        );
        let control_state = ControlState {
            incidents: live.incidents.clone(),
            clock: wall_clock,
        };
        let metrics_app = meshsim::metrics::server::router(live.targets.clone())
            .merge(control::router(control_state));
        let mut servers = vec![bind("metrics", metrics_addr, metrics_app).await?];
        let (mut loki, mut jaeger) = telemetry_apis(live.store.clone());
        if let Some(token) = &bearer {
            loki = meshsim::auth::require_bearer(loki, token);
            jaeger = meshsim::auth::require_bearer(jaeger, token);
        }
        servers.push(bind("loki", loki_addr, loki).await?);
        servers.push(bind("jaeger", jaeger_addr, jaeger).await?);
        let (stop_tx, _) = tokio::sync::broadcast::channel::<()>(1);
        for (listener, app) in servers {
            let mut stop = stop_tx.subscribe();
            tokio::spawn(async move {
                let _ = axum::serve(listener, app)
                    .with_graceful_shutdown(async move {
                        let _ = stop.recv().await;
                    })
                    .await;
            });
        }
        let mut stop = stop_tx.subscribe();
        let ticking = tokio::spawn(live.clone().run(wall_clock, async move {
            let _ = stop.recv().await;
        }));
        println!("meshsim ready: metrics and control on http://{metrics_addr}");
        shutdown_signal(parent).await;
        eprintln!("meshsim: shutting down");
        let _ = stop_tx.send(());
        let _ = ticking.await;
        Ok(())
    })
}

/// The Loki and Jaeger stand-ins over the simulator's telemetry store.
fn telemetry_apis(store: Arc<TelemetryStore>) -> (axum::Router, axum::Router) {
    (
        meshsim::loki::router(store.clone()),
        meshsim::jaeger::router(store),
    )
}

async fn bind(
    what: &str,
    addr: SocketAddr,
    app: axum::Router,
) -> Result<(tokio::net::TcpListener, axum::Router), String> {
    let listener = tokio::net::TcpListener::bind(addr)
        .await
        .map_err(|e| format!("cannot listen for {what} on {addr}: {e}"))?;
    Ok((listener, app))
}

/// SIGINT, SIGTERM, or the parent process going away.
async fn shutdown_signal(parent: Option<u32>) {
    use tokio::signal::unix::{signal, SignalKind};
    let mut term = signal(SignalKind::terminate()).expect("SIGTERM handler");
    let orphaned = async move {
        let Some(pid) = parent else {
            return std::future::pending::<()>().await;
        };
        let path = format!("/proc/{pid}");
        while std::path::Path::new(&path).exists() {
            tokio::time::sleep(std::time::Duration::from_secs(1)).await;
        }
    };
    tokio::select! {
        _ = tokio::signal::ctrl_c() => {}
        _ = term.recv() => {}
        _ = orphaned => {}
    }
}
