//! meshsim command line: `serve` (metrics targets, incident control, Loki and Jaeger APIs),
//! `history` (backfill file) and `gen-config` (Prometheus / VictoriaMetrics configuration).
#![allow(clippy::disallowed_methods)] // host program: wall-clock time is its job

use clap::{Args, Parser, Subcommand, ValueEnum};
use meshsim::control::{self, ControlState};
use meshsim::history::{resolve_step, write_history, Format, HistoryOptions, Step};
use meshsim::metrics::scrape_config::{write_config_dir, ConfigOptions};
use meshsim::sim::live::{Live, LiveOptions};
use meshsim::sim::{SimConfig, MAX_NODES};
use meshsim::store::TelemetryStore;
use meshsim::wall_clock;
use std::io::{BufWriter, Write};
use std::net::SocketAddr;
use std::path::PathBuf;
use std::sync::Arc;

/// meshsim: simulator of the seed systems for Meshboard's devstack.
#[derive(Debug, Parser)]
#[command(
    name = "meshsim",
    after_help = "`serve` and `history` given the same --seed, --nodes, --history-end/--end, hours \
and --step simulate the same world: live series continue the backfilled ones."
)]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Debug, Subcommand)]
enum Command {
    /// Metrics targets and incident control, the Loki and Jaeger stand-ins, after fast-forwarding
    /// the backfilled hours.
    Serve(ServeArgs),
    /// Writes the backfill file: every target's samples over the past hours.
    History(HistoryArgs),
    /// Writes the Prometheus / VictoriaMetrics scrape configuration and rule files.
    GenConfig(GenConfigArgs),
}

/// The simulated world: the same seed and size give the same world in every command.
#[derive(Debug, Args)]
struct WorldArgs {
    /// Simulated nodes (3 to 1000).
    #[arg(long, default_value_t = 12, value_parser = nodes)]
    nodes: usize,
    /// Seed of the world.
    #[arg(long, default_value_t = 1)]
    seed: u64,
}

impl WorldArgs {
    fn sim_config(&self) -> SimConfig {
        SimConfig {
            seed: self.seed,
            nodes: self.nodes,
        }
    }
}

/// Whether incidents run on their hourly schedule.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
enum Incidents {
    /// One incident per hour, kinds in a seeded rotation.
    Schedule,
    /// Only those triggered through the control API.
    Off,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
enum HistoryFormat {
    /// Timestamps in seconds, `# EOF` at the end (promtool's import).
    Openmetrics,
    /// Prometheus text exposition, timestamps in ms (VictoriaMetrics' import).
    Prometheus,
}

#[derive(Debug, Args)]
struct ServeArgs {
    /// Metrics targets and the control API (loopback only).
    #[arg(long, default_value = "127.0.0.1:9100", value_parser = loopback_addr)]
    metrics_addr: SocketAddr,
    /// The Loki-compatible API (loopback only).
    #[arg(long, default_value = "127.0.0.1:3100", value_parser = loopback_addr)]
    loki_addr: SocketAddr,
    /// The Jaeger-compatible API (loopback only).
    #[arg(long, default_value = "127.0.0.1:16686", value_parser = loopback_addr)]
    jaeger_addr: SocketAddr,
    #[command(flatten)]
    world: WorldArgs,
    /// Incident schedule.
    #[arg(long, value_enum, default_value_t = Incidents::Schedule)]
    incidents: Incidents,
    /// End of the backfilled history, Unix seconds [default: now, rounded down to the minute].
    #[arg(long, value_name = "UNIX_SECONDS")]
    history_end: Option<f64>,
    /// Hours fast-forwarded before --history-end.
    #[arg(long, default_value_t = 24.0)]
    history_hours: f64,
    /// Tick of the fast-forward: `auto` or seconds (as `history --step` wrote it).
    #[arg(long, default_value = "auto", value_parser = step, value_name = "auto|SECONDS")]
    step: Step,
    /// Hours of logs and traces generated during the fast-forward.
    #[arg(long, default_value_t = 6.0)]
    telemetry_hours: f64,
    /// Also exit when this process is gone (no orphans).
    #[arg(long, value_name = "PID")]
    exit_with_parent: Option<u32>,
    /// The Loki and Jaeger APIs answer 401 unless a request carries `Authorization: Bearer
    /// <token>` with the token in this file.
    #[arg(long, value_name = "FILE")]
    require_bearer_file: Option<PathBuf>,
    /// Loki as with `auth_enabled: true`: 401 `no org id` without `X-Scope-OrgID`, the logs
    /// belong to this tenant.
    #[arg(long, value_name = "ORG")]
    require_tenant: Option<String>,
}

#[derive(Debug, Args)]
struct HistoryArgs {
    /// The file to write.
    #[arg(long, value_name = "FILE")]
    out: PathBuf,
    /// File format.
    #[arg(long, value_enum, default_value_t = HistoryFormat::Openmetrics)]
    format: HistoryFormat,
    /// Hours of history before --end.
    #[arg(long, default_value_t = 24.0)]
    hours: f64,
    /// Last sample time, Unix seconds [default: now, rounded down to the minute].
    #[arg(long, value_name = "UNIX_SECONDS")]
    end: Option<f64>,
    /// Tick of the history: `auto` (the finest whole minute under a sample budget) or seconds.
    #[arg(long, default_value = "auto", value_parser = step, value_name = "auto|SECONDS")]
    step: Step,
    #[command(flatten)]
    world: WorldArgs,
    /// Incident schedule.
    #[arg(long, value_enum, default_value_t = Incidents::Schedule)]
    incidents: Incidents,
}

#[derive(Debug, Args)]
struct GenConfigArgs {
    /// The directory to write `prometheus.yml`, `scrape.yml` and `rules/` into.
    #[arg(long, value_name = "DIR")]
    out: PathBuf,
    /// Where the engine scrapes meshsim (loopback only).
    #[arg(long, default_value = "127.0.0.1:9100", value_parser = loopback_addr)]
    metrics_addr: SocketAddr,
    #[command(flatten)]
    world: WorldArgs,
    /// Prometheus duration.
    #[arg(long, default_value = "5s", value_parser = prom_duration)]
    scrape_interval: String,
    /// Prometheus duration.
    #[arg(long, default_value = "5s", value_parser = prom_duration)]
    evaluation_interval: String,
    /// Every non-zero `for:` becomes 15s and group intervals 5s, for tests.
    #[arg(long)]
    fast_alerts: bool,
    /// Alertmanager's `host:port` (loopback only): Prometheus sends its alerts there
    /// (`alerting.alertmanagers`); without it, alerts go nowhere.
    #[arg(long, value_parser = loopback_addr, value_name = "HOST:PORT")]
    alertmanager: Option<SocketAddr>,
    /// A file holding the password Prometheus logs in to Alertmanager with (HTTP basic auth,
    /// user `meshboard`), for an Alertmanager run with a web config that demands it.
    #[arg(long, value_name = "FILE", requires = "alertmanager")]
    alertmanager_password_file: Option<PathBuf>,
}

fn main() {
    let result = match Cli::parse().command {
        Command::Serve(args) => serve(args),
        Command::History(args) => history(args),
        Command::GenConfig(args) => gen_config(args),
    };
    if let Err(message) = result {
        eprintln!("meshsim: {message}");
        std::process::exit(2);
    }
}

fn nodes(text: &str) -> Result<usize, String> {
    let nodes: usize = text.parse().map_err(|_| format!("not a number: {text}"))?;
    if !(3..=MAX_NODES).contains(&nodes) {
        return Err(format!("must be between 3 and {MAX_NODES}"));
    }
    Ok(nodes)
}

fn step(text: &str) -> Result<Step, String> {
    if text == "auto" {
        return Ok(Step::Auto);
    }
    match text.parse::<f64>() {
        Ok(seconds) if seconds.is_finite() && seconds > 0.0 => Ok(Step::Seconds(seconds)),
        _ => Err(format!(
            "expected auto or a positive number of seconds, got {text}"
        )),
    }
}

/// The engine reads these with `model.ParseDuration`: refuse here what it would refuse there.
fn prom_duration(text: &str) -> Result<String, String> {
    match meshboard_core::step::parse_prom_duration_units(text) {
        Some(_) => Ok(text.to_string()),
        None => Err(format!("not a Prometheus duration (5s, 1m, 1h30m): {text}")),
    }
}

/// A listen address, which must be on the loopback interface: the stand-ins have no
/// authentication of their own unless asked for, so they never listen beyond this machine.
fn loopback_addr(text: &str) -> Result<SocketAddr, String> {
    let addr: SocketAddr = text.parse().map_err(|_| format!("bad address {text}"))?;
    if !addr.ip().is_loopback() {
        return Err(format!("meshsim binds loopback addresses only, not {text}"));
    }
    Ok(addr)
}

/// The end of the backfilled history: given, or now rounded down to the minute.
fn history_end(given: Option<f64>) -> f64 {
    given.unwrap_or_else(|| (wall_clock() / 60.0).floor() * 60.0)
}

fn history(args: HistoryArgs) -> Result<(), String> {
    let opts = HistoryOptions {
        config: args.world.sim_config(),
        end: history_end(args.end),
        hours: args.hours,
        step: args.step,
        schedule_incidents: args.incidents == Incidents::Schedule,
        format: match args.format {
            HistoryFormat::Openmetrics => Format::OpenMetrics,
            HistoryFormat::Prometheus => Format::PrometheusText,
        },
    };
    let out = args.out;
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

fn gen_config(args: GenConfigArgs) -> Result<(), String> {
    let dir = args.out;
    let targets = meshsim::history::targets_of(&args.world.sim_config());
    let opts = ConfigOptions {
        metrics_addr: args.metrics_addr.to_string(),
        scrape_interval: args.scrape_interval,
        evaluation_interval: args.evaluation_interval,
        fast_alerts: args.fast_alerts,
        alertmanager: args.alertmanager.map(|a| a.to_string()),
        alertmanager_password_file: args
            .alertmanager_password_file
            .map(|f| f.display().to_string()),
    };
    write_config_dir(&dir, &targets, &opts).map_err(|e| format!("{}: {e}", dir.display()))?;
    println!("wrote {} targets to {}", targets.len(), dir.display());
    Ok(())
}

fn serve(args: ServeArgs) -> Result<(), String> {
    let (metrics_addr, loki_addr, jaeger_addr) =
        (args.metrics_addr, args.loki_addr, args.jaeger_addr);
    let config = args.world.sim_config();
    let opts = LiveOptions {
        step_seconds: resolve_step(args.step, &config, args.history_hours),
        config,
        history_end: history_end(args.history_end),
        history_hours: args.history_hours,
        telemetry_hours: args.telemetry_hours,
        schedule_incidents: args.incidents == Incidents::Schedule,
    };
    let bearer = args
        .require_bearer_file
        .as_deref()
        .map(meshsim::auth::read_token_file)
        .transpose()?;
    let parent = args.exit_with_parent;
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
            .merge(control::router(control_state))
            .merge(meshsim::webhook::router(wall_clock));
        let mut servers = vec![bind("metrics", metrics_addr, metrics_app).await?];
        let (mut loki, mut jaeger) = telemetry_apis(live.store.clone());
        if let Some(org) = &args.require_tenant {
            loki = meshsim::loki::router_requiring_tenant(live.store.clone(), &[org.as_str()]);
        }
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

#[cfg(test)]
mod tests {
    use super::*;
    use clap::CommandFactory;

    fn parse(args: &[&str]) -> Result<Cli, clap::Error> {
        Cli::try_parse_from(std::iter::once("meshsim").chain(args.iter().copied()))
    }

    #[test]
    fn the_definition_is_consistent() {
        Cli::command().debug_assert();
    }

    /// The argument lists xtask's devstack passes (xtask/src/stack/meshsim.rs).
    #[test]
    fn accepts_what_xtask_passes() {
        let world = ["--nodes", "12", "--seed", "1", "--incidents", "off"];
        let gen = parse(&[
            "gen-config",
            "--out",
            "/tmp/c",
            "--metrics-addr",
            "127.0.0.1:9",
            "--scrape-interval",
            "15s",
            "--nodes",
            "60",
            "--fast-alerts",
        ])
        .unwrap();
        let Command::GenConfig(gen) = gen.command else {
            panic!("{gen:?}")
        };
        assert!(gen.fast_alerts);
        assert_eq!((gen.world.nodes, gen.scrape_interval.as_str()), (60, "15s"));
        assert_eq!(gen.evaluation_interval, "5s");

        let mut history = vec![
            "history",
            "--out",
            "/tmp/h",
            "--format",
            "prometheus",
            "--hours",
            "24",
            "--end",
            "1700000000",
            "--step",
            "auto",
        ];
        history.extend(world);
        let Command::History(h) = parse(&history).unwrap().command else {
            panic!()
        };
        assert_eq!(h.format, HistoryFormat::Prometheus);
        assert_eq!((h.end, h.step), (Some(1.7e9), Step::Auto));
        assert_eq!(h.incidents, Incidents::Off);

        let mut serve = vec![
            "serve",
            "--metrics-addr",
            "127.0.0.1:1",
            "--loki-addr",
            "127.0.0.1:2",
            "--jaeger-addr",
            "[::1]:3",
            "--history-end",
            "1700000000",
            "--history-hours",
            "24",
            "--step",
            "60",
            "--exit-with-parent",
            "42",
            "--require-bearer-file",
            "/tmp/token",
        ];
        serve.extend(world);
        let Command::Serve(s) = parse(&serve).unwrap().command else {
            panic!()
        };
        assert_eq!(s.step, Step::Seconds(60.0));
        assert_eq!(s.exit_with_parent, Some(42));
        assert_eq!((s.world.nodes, s.world.seed), (12, 1));
        assert_eq!(s.telemetry_hours, 6.0);
        // `--name=value` reads as before.
        assert!(parse(&["serve", "--nodes=3", "--step=auto"]).is_ok());
    }

    #[test]
    fn typos_and_bad_values_are_usage_errors() {
        use clap::error::ErrorKind;
        let kind = |args: &[&str]| parse(args).map(|_| ()).unwrap_err().kind();
        assert_eq!(kind(&["serve", "--node", "12"]), ErrorKind::UnknownArgument);
        assert_eq!(
            kind(&["gen-config", "--out", "d", "--incidents", "off"]),
            ErrorKind::UnknownArgument
        );
        assert_eq!(kind(&["history"]), ErrorKind::MissingRequiredArgument);
        assert_eq!(kind(&["serve", "--step"]), ErrorKind::InvalidValue);
        assert_eq!(
            kind(&["serve", "--incidents", "sometimes"]),
            ErrorKind::InvalidValue
        );
        assert_eq!(kind(&["serve", "--nodes", "2"]), ErrorKind::ValueValidation);
        assert_eq!(kind(&["serve", "--step", "0"]), ErrorKind::ValueValidation);
        assert_eq!(
            kind(&["serve", "--loki-addr", "0.0.0.0:3100"]),
            ErrorKind::ValueValidation
        );
        assert_eq!(
            kind(&["gen-config", "--out", "d", "--scrape-interval", "5"]),
            ErrorKind::ValueValidation
        );
        assert_eq!(kind(&["serv"]), ErrorKind::InvalidSubcommand);
        assert_eq!(
            kind(&[]),
            ErrorKind::DisplayHelpOnMissingArgumentOrSubcommand
        );
    }
}
