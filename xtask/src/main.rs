//! `cargo xtask`: set-up, running and checking Meshboard in one place.
//!
//! `demo` builds the app and the devstack and serves them on http://127.0.0.1:8080;
//! `test` runs every check CI runs; `dist` builds the deployable folder. Each installs
//! what is missing first and says what it does. The command line is clap's, so a mistyped
//! flag is an error with the usage instead of being ignored or guessed at.

// A host program: wall-clock time is legitimately its business (the ban is for the wasm app).
#![allow(clippy::disallowed_methods)]

mod bench;
mod checks;
mod deploy;
mod dist;
mod e2e;
mod fidelity;
mod nginx;
mod report;
mod serve;
mod shell;
mod stack;
mod tools;

use clap::{Args, Parser, Subcommand};
use std::path::PathBuf;
use std::process::ExitCode;

#[derive(Parser)]
#[command(
    name = "cargo xtask",
    bin_name = "cargo xtask",
    about = "Meshboard's task runner: builds, serves and checks the app",
    arg_required_else_help = true
)]
struct Cli {
    #[command(subcommand)]
    task: Task,
}

#[derive(Subcommand)]
enum Task {
    /// Build the app and the devstack, and serve them on http://127.0.0.1:8080.
    Demo(DemoArgs),
    /// Every check CI runs: fmt, clippy (host and wasm32), unit, browser and end-to-end tests.
    Test(TestArgs),
    /// Build the release dist/ and package it for nginx (see deploy/README.md).
    Dist(deploy::DistArgs),
    /// Serve a built dist/ with the backend proxies (no devstack), for quick UI work.
    Serve(ServeArgs),
    /// Run end-to-end suites alone.
    E2e(E2eArgs),
    /// Measure the figures in BENCHMARKS.md in headless Chromium.
    Bench(BenchArgs),
    /// Import the Grafana corpus against real node_exporter and Prometheus; say per panel
    /// whether it is drawn right (report in target/fidelity/).
    Fidelity(fidelity::FidelityArgs),
}

#[derive(Args)]
struct DemoArgs {
    /// The metrics engine behind the Prometheus API.
    #[arg(long, value_enum, default_value_t = stack::Engine::Prometheus)]
    engine: stack::Engine,
    /// Simulated mesh nodes (1000 for a large mesh).
    #[arg(long, default_value_t = 12, value_parser = clap::value_parser!(u16).range(1..))]
    nodes: u16,
}

#[derive(Args)]
struct TestArgs {
    /// Skip the browser and end-to-end tests (and the release build they need).
    #[arg(long)]
    no_browser: bool,
}

#[derive(Args)]
struct ServeArgs {
    /// Serve under this path, e.g. /ops/meshboard/ (slashes added where missing).
    #[arg(long, default_value = "/")]
    base_path: String,
    /// The built app to serve [default: dist/].
    #[arg(long, value_name = "DIR")]
    dist: Option<PathBuf>,
    /// Port on 127.0.0.1 (0 picks a free one).
    #[arg(long, default_value_t = 8080)]
    port: u16,
}

#[derive(Args)]
struct E2eArgs {
    /// A quick debug build instead of the release one.
    #[arg(long)]
    dev: bool,
    /// The backend-free shell suite (tests/e2e/shell.test.mjs).
    #[arg(long)]
    shell: bool,
    /// The deploy suites behind Debian's nginx (tests/e2e/*.nginx.test.mjs).
    #[arg(long)]
    nginx: bool,
    /// The metrics engine of the devstack suites.
    #[arg(long, value_enum, default_value_t = stack::Engine::Prometheus)]
    engine: stack::Engine,
    /// Suites to run (default: every devstack suite); `*.nginx.test.mjs` files run behind nginx.
    files: Vec<String>,
}

#[derive(Args)]
struct BenchArgs {
    /// Measured runs after the warm-up.
    #[arg(long, default_value_t = 7, value_parser = clap::value_parser!(u32).range(1..))]
    runs: u32,
}

fn main() -> ExitCode {
    let result = match Cli::parse().task {
        Task::Demo(args) => demo(&args),
        Task::Test(args) => checks::run_all(args.no_browser),
        Task::Dist(args) => dist::build_release()
            .and_then(|dist| deploy::package(&dist, &args.settings()))
            .map(|_| ()),
        Task::Serve(args) => serve_only(args),
        Task::E2e(args) => e2e_only(args),
        Task::Bench(args) => bench::run(args.runs),
        Task::Fidelity(args) => fidelity::run_fidelity(&args),
    };
    match result {
        Ok(()) => ExitCode::SUCCESS,
        Err(message) => {
            eprintln!("xtask: {message}");
            ExitCode::FAILURE
        }
    }
}

/// `cargo xtask e2e`: the devstack suites, with `--shell` the backend-free shell suite, with
/// `--nginx` (or only `*.nginx.test.mjs` files) the deploy suite behind the real nginx.
fn e2e_only(args: E2eArgs) -> Result<(), String> {
    let files = args.files;
    let nginx_suite =
        args.nginx || (!files.is_empty() && files.iter().all(|f| nginx::is_deploy_suite(f)));
    tools::ensure_browser()?;
    if nginx_suite {
        tools::ensure_nginx()?;
    }
    let dist = if args.dev {
        dist::build_dev()?
    } else {
        dist::build_release()?
    };
    let (ok, _) = if args.shell {
        e2e::run_shell_suite(&dist)
    } else if nginx_suite {
        nginx::run_deploy_suites(&dist, &files)
    } else {
        e2e::run_devstack_suites(&dist, args.engine, &files, files.is_empty())
    };
    if ok {
        Ok(())
    } else {
        Err("end-to-end suites failed".into())
    }
}

/// Serves an already built `dist/` with the proxies (no devstack); for quick UI work.
fn serve_only(args: ServeArgs) -> Result<(), String> {
    let dist = args.dist.unwrap_or_else(dist::dist_dir);
    if !dist.join("index.html").is_file() {
        return Err(format!(
            "{} has no index.html: build it first (cargo xtask dist) or pass --dist DIR",
            dist.display()
        ));
    }
    let server = serve::spawn(serve::ServeOptions {
        base_path: deploy::normalize_base(&args.base_path),
        ..serve::ServeOptions::demo(dist, args.port)
    })?;
    println!("Meshboard: {}", server.url());
    shell::wait_for_ctrl_c();
    Ok(())
}

fn demo(args: &DemoArgs) -> Result<(), String> {
    let options = stack::StackOptions {
        engine: args.engine,
        nodes: usize::from(args.nodes),
        fast_alerts: false,
        work_dir: shell::repo_root().join("target/devstack"),
    };
    tools::ensure_build_tools()?;
    let dist = dist::build_release()?;
    let stack = stack::Stack::start(&options)?;
    let server = serve::spawn(serve::ServeOptions {
        upstreams: stack.upstreams(),
        ..serve::ServeOptions::demo(dist, 8080)
    })?;
    println!();
    println!("Meshboard       {}", server.url());
    println!(
        "  Prometheus    {} (proxied at {}prometheus/)",
        stack.prometheus_url(),
        server.url()
    );
    println!(
        "  Loki API      {} (proxied at {}loki/)",
        stack.loki_url(),
        server.url()
    );
    println!(
        "  Jaeger API    {} (proxied at {}jaeger/)",
        stack.jaeger_url(),
        server.url()
    );
    println!(
        "  Alertmanager  {} (proxied at {}alertmanager/)",
        stack.alertmanager_url(),
        server.url()
    );
    println!("  Incidents     {}/control/incidents", stack.control_url());
    println!("  Notifications {}", stack.webhook_record_url());
    println!("Press Ctrl-C to stop everything.");
    shell::wait_for_ctrl_c();
    println!("stopping…");
    drop(server);
    drop(stack);
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use clap::CommandFactory;

    #[test]
    fn the_command_line_is_consistent() {
        Cli::command().debug_assert();
    }

    #[test]
    fn flags_keep_their_meaning_and_typos_are_errors() {
        let parse = |line: &str| Cli::try_parse_from(line.split_whitespace());
        match parse("xtask demo --engine victoria-metrics --nodes 1000").map(|c| c.task) {
            Ok(Task::Demo(args)) => {
                assert_eq!(args.engine, stack::Engine::VictoriaMetrics);
                assert_eq!(args.nodes, 1000);
            }
            _ => panic!("demo flags"),
        }
        match parse("xtask e2e --dev --engine prometheus tests/e2e/a.nginx.test.mjs") {
            Ok(Cli {
                task: Task::E2e(args),
            }) => {
                assert!(args.dev && !args.shell && !args.nginx);
                assert_eq!(args.files, ["tests/e2e/a.nginx.test.mjs"]);
            }
            _ => panic!("e2e flags"),
        }
        match parse("xtask test --no-browser").map(|c| c.task) {
            Ok(Task::Test(args)) => assert!(args.no_browser),
            _ => panic!("test flags"),
        }
        match parse("xtask fidelity --dev node-mixin-nodes").map(|c| c.task) {
            Ok(Task::Fidelity(args)) => {
                assert!(args.dev && !args.light);
                assert_eq!(args.dashboards, ["node-mixin-nodes"]);
            }
            _ => panic!("fidelity flags"),
        }
        match parse("xtask bench").map(|c| c.task) {
            Ok(Task::Bench(args)) => assert_eq!(args.runs, 7),
            _ => panic!("bench default"),
        }
        match parse("xtask dist --base-path ops/x --out /tmp/d").map(|c| c.task) {
            Ok(Task::Dist(args)) => {
                let settings = args.settings();
                assert_eq!(settings.base_path, "/ops/x/");
                assert_eq!(settings.secrets, PathBuf::from("/tmp/d/secrets.conf"));
                assert_eq!(settings.listen, "127.0.0.1:8088");
            }
            _ => panic!("dist flags"),
        }
        for wrong in [
            "xtask",
            "xtask bench --runs x",
            "xtask bench --runs 0",
            "xtask serve --prot 8080",
            "xtask demo --engine influx",
            "xtask dist --base-path",
            "xtask dsit",
        ] {
            assert!(parse(wrong).is_err(), "{wrong} should be refused");
        }
    }
}
