//! `cargo xtask`: set-up, running and checking Meshboard in one place.
//!
//! `demo` builds the app and the devstack and serves them on http://127.0.0.1:8080;
//! `test` runs every check CI runs; `dist` builds the deployable folder. Each installs
//! what is missing first and says what it does.

// A host program: wall-clock time is legitimately its business (the ban is for the wasm app).
#![allow(clippy::disallowed_methods)]

mod bench;
mod checks;
mod deploy;
mod dist;
mod e2e;
mod http1;
mod nginx;
mod report;
mod serve;
mod shell;
mod stack;
mod tools;
mod ws_proxy;

use std::process::ExitCode;

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let result = match args.first().map(String::as_str) {
        Some("demo") => demo(&args[1..]),
        Some("test") => checks::run_all(&args[1..]),
        Some("dist") => deploy::DeploySettings::from_args(&args[1..])
            .and_then(|settings| deploy::package(&dist::build_release()?, &settings))
            .map(|_| ()),
        Some("serve") => serve_only(&args[1..]),
        Some("e2e") => e2e_only(&args[1..]),
        Some("bench") => bench::run(&args[1..]),
        _ => {
            eprintln!("usage: cargo xtask <demo [--engine prometheus|victoria-metrics] [--nodes N] | test | bench [--runs N] | e2e [--dev] [--shell] [--nginx] [files] | dist [--base-path P --listen A --prometheus U --loki U --jaeger U --portal-origins O --secrets F --out D] | serve [--base-path P --dist D --port N]>");
            return ExitCode::from(2);
        }
    };
    match result {
        Ok(()) => ExitCode::SUCCESS,
        Err(message) => {
            eprintln!("xtask: {message}");
            ExitCode::FAILURE
        }
    }
}

/// `cargo xtask e2e [--dev] [--shell] [--nginx] [--engine victoria-metrics] [files…]`: the
/// end-to-end suites alone (the devstack ones, with `--shell` the backend-free shell suite,
/// with `--nginx` or `*.nginx.test.mjs` files the deploy suite behind the real nginx);
/// `--dev` uses a quick debug build instead of the release one.
fn e2e_only(args: &[String]) -> Result<(), String> {
    let mut engine = stack::Engine::Prometheus;
    let mut dev = false;
    let mut shell_suite = false;
    let mut nginx_suite = false;
    let mut files = Vec::new();
    let mut rest = args.iter();
    while let Some(arg) = rest.next() {
        match arg.as_str() {
            "--dev" => dev = true,
            "--shell" => shell_suite = true,
            "--nginx" => nginx_suite = true,
            "--engine" => {
                engine = match rest.next().map(String::as_str) {
                    Some("victoria-metrics") => stack::Engine::VictoriaMetrics,
                    Some("prometheus") => stack::Engine::Prometheus,
                    other => return Err(format!("unknown engine {other:?}")),
                }
            }
            file => files.push(file.to_string()),
        }
    }
    nginx_suite |= !files.is_empty() && files.iter().all(|f| nginx::is_deploy_suite(f));
    tools::ensure_browser()?;
    if nginx_suite {
        tools::ensure_nginx()?;
    }
    let dist = if dev {
        dist::build_dev()?
    } else {
        dist::build_release()?
    };
    let (ok, _) = if shell_suite {
        e2e::run_shell_suite(&dist)
    } else if nginx_suite {
        nginx::run_deploy_suites(&dist, &files)
    } else {
        e2e::run_devstack_suites(&dist, engine, &files, files.is_empty())
    };
    if ok {
        Ok(())
    } else {
        Err("end-to-end suites failed".into())
    }
}

/// Serves an already built `dist/` with the proxies (no devstack); for quick UI work.
/// `--base-path /ops/meshboard/` serves it under a sub-path, `--dist DIR` another build.
fn serve_only(args: &[String]) -> Result<(), String> {
    let value = |flag: &str| {
        args.iter()
            .position(|a| a == flag)
            .and_then(|i| args.get(i + 1))
            .cloned()
    };
    let mut options = serve::ServeOptions::demo(
        value("--dist").map_or_else(dist::dist_dir, Into::into),
        8080,
    );
    if let Some(base) = value("--base-path") {
        options.base_path = base;
    }
    if let Some(port) = value("--port") {
        options.port = port
            .parse()
            .map_err(|_| format!("--port takes a number, not {port}"))?;
    }
    let server = serve::spawn(options)?;
    println!("Meshboard: {}", server.url());
    shell::wait_for_ctrl_c();
    Ok(())
}

fn demo(args: &[String]) -> Result<(), String> {
    let mut options = stack::StackOptions {
        engine: stack::Engine::Prometheus,
        nodes: 12,
        fast_alerts: false,
        work_dir: shell::repo_root().join("target/devstack"),
    };
    let mut rest = args.iter();
    while let Some(arg) = rest.next() {
        match (arg.as_str(), rest.next().map(String::as_str)) {
            ("--engine", Some("prometheus")) => options.engine = stack::Engine::Prometheus,
            ("--engine", Some("victoria-metrics")) => {
                options.engine = stack::Engine::VictoriaMetrics
            }
            ("--nodes", Some(n)) => {
                options.nodes = n
                    .parse()
                    .map_err(|_| format!("--nodes takes a number, not {n}"))?
            }
            (other, _) => return Err(format!("unknown or incomplete demo option {other}")),
        }
    }
    tools::ensure_build_tools()?;
    let dist = dist::build_release()?;
    let stack = stack::Stack::start(&options)?;
    let server = serve::spawn(serve::ServeOptions {
        upstreams: serve::Upstreams {
            prometheus: stack.prometheus_url(),
            loki: stack.loki_url(),
            jaeger: stack.jaeger_url(),
        },
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
    println!("  Incidents     {}/control/incidents", stack.control_url());
    println!("Press Ctrl-C to stop everything.");
    shell::wait_for_ctrl_c();
    println!("stopping…");
    drop(server);
    drop(stack);
    Ok(())
}
