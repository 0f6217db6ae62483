//! `cargo xtask bench`: the performance figures of the performance issue, measured in headless
//! Chromium (bench/harness.js for the engine cases next to uPlot, the real app on the devstack
//! for first chart and dashboard ready), written to `target/bench/report.json` and printed.

use crate::serve::{self, ServeOptions, Upstreams};
use crate::shell::{repo_root, run_captured, step};
use crate::stack::{Engine, Stack, StackOptions};
use crate::{dist, report, tools};
use serde_json::{json, Value};
use std::process::Command;

pub fn run(args: &[String]) -> Result<(), String> {
    let runs = args
        .iter()
        .position(|a| a == "--runs")
        .and_then(|i| args.get(i + 1))
        .and_then(|n| n.parse::<u32>().ok())
        .unwrap_or(7);
    tools::ensure_build_tools()?;
    tools::ensure_browser()?;
    let dist_path = dist::build_release()?;
    let sizes = report::measure(&dist_path)?;
    let site = dist::build_bench_page()?;
    let bench_server = serve::spawn(ServeOptions {
        csp: false,
        ..ServeOptions::demo(site, 0)
    })?;
    let stack = Stack::start(&StackOptions {
        engine: Engine::Prometheus,
        nodes: 12,
        fast_alerts: false,
        work_dir: repo_root().join("target/devstack-bench"),
    })?;
    let upstreams = Upstreams {
        prometheus: stack.prometheus_url(),
        loki: stack.loki_url(),
        jaeger: stack.jaeger_url(),
    };
    let app = serve::spawn(ServeOptions {
        upstreams,
        ..ServeOptions::demo(dist_path, 0)
    })?;

    step(&format!(
        "running the benchmark cases in headless Chromium ({runs} runs after a warm-up)"
    ));
    let mut command = Command::new("node");
    command
        .arg(repo_root().join("bench/run.mjs"))
        .current_dir(repo_root())
        .env("BENCH_URL", format!("{}index.html", bench_server.url()))
        .env("APP_URL", app.url())
        .env("RUNS", runs.to_string())
        .env("CHROMIUM", "/usr/bin/chromium");
    let (ok, output) = run_captured(&mut command);
    drop(app);
    drop(stack);
    let line = output
        .lines()
        .rev()
        .find(|l| l.starts_with('{'))
        .ok_or("the bench driver printed no result")?;
    let raw: Value =
        serde_json::from_str(line).map_err(|e| format!("bench result is not JSON: {e}"))?;
    if !ok || raw.get("error").is_some() || raw["page"].get("error").is_some() {
        return Err(format!(
            "benchmark failed: {} {}",
            raw["error"], raw["page"]["error"]
        ));
    }
    let report = compose(&raw, &sizes, runs);
    let dir = repo_root().join("target/bench");
    std::fs::create_dir_all(&dir).map_err(|e| e.to_string())?;
    let path = dir.join("report.json");
    std::fs::write(
        &path,
        serde_json::to_string_pretty(&report).unwrap_or_default(),
    )
    .map_err(|e| format!("{}: {e}", path.display()))?;
    print_table(&report);
    println!("\nwritten: {}", path.display());
    Ok(())
}

fn compose(raw: &Value, sizes: &report::BundleSizes, runs: u32) -> Value {
    let page = &raw["page"];
    let median = |v: &Value| v["median"].as_f64().unwrap_or(f64::NAN);
    let range = |v: &Value| json!([v["min"], v["max"]]);
    let ours = median(&page["uplot"]["ours"]);
    let theirs = median(&page["uplot"]["theirs"]);
    let parse_wasm = median(&page["parse"]["wasm"]);
    let parse_js = median(&page["parse"]["js"]);
    json!({
        "bundle": {
            "total_gzip_bytes": sizes.total_gzip_bytes(),
            "wasm_bytes": sizes.wasm_bytes,
            "wasm_gzip_bytes": sizes.wasm_gzip_bytes,
            "js_gzip_bytes": sizes.js_gzip_bytes,
            "css_gzip_bytes": sizes.css_gzip_bytes,
        },
        "first_chart_ms": median(&raw["dashboard"]["first_chart"]),
        "dashboard_ready_ms": median(&raw["dashboard"]["dashboard_ready"]),
        "render_uplot_bench_ms": ours,
        "render_uplot_bench_ms_uplot": theirs,
        "render_uplot_bench_ratio": ours / theirs,
        "render_1m_points_ms": median(&page["million"]),
        "rerender_20x10x11k_ms": median(&page["rerender"]),
        "hover_60_series_ms": median(&page["hover"]),
        "parse_mb_per_s": parse_wasm,
        "parse_mb_per_s_js": parse_js,
        "parse_ratio": parse_wasm / parse_js,
        "wasm_memory_bytes": page["wasm_memory_bytes"],
        "browser": raw["browser"],
        "runs": runs,
        "min_max": {
            "first_chart_ms": range(&raw["dashboard"]["first_chart"]),
            "dashboard_ready_ms": range(&raw["dashboard"]["dashboard_ready"]),
            "render_uplot_bench_ms": range(&page["uplot"]["ours"]),
            "render_uplot_bench_ms_uplot": range(&page["uplot"]["theirs"]),
            "render_1m_points_ms": range(&page["million"]),
            "rerender_20x10x11k_ms": range(&page["rerender"]),
            "hover_60_series_ms": range(&page["hover"]),
            "parse_mb_per_s": range(&page["parse"]["wasm"]),
            "parse_mb_per_s_js": range(&page["parse"]["js"]),
        },
        "points_drawn_uplot_bench": page["uplot"]["points"],
        "dashboard_panel_states": raw["dashboard"]["states"],
        "how_timed": {
            "render_*": "performance.now() around the call plus one requestAnimationFrame; data already in wasm (Meshboard) or in JS arrays (uPlot); both sides alternate in one page",
            "rerender_20x10x11k_ms": "20 charts already drawn; new zoom window set on all, all redrawn, plus one requestAnimationFrame",
            "hover_60_series_ms": "mean of 50 pointer moves (hit test + crosshair and markers on the overlay), synchronous",
            "parse_mb_per_s": "1,000 series x 1,000 points query_range JSON (text already in wasm) to columnar frames; JS side: JSON.parse + Float64Array conversion of the same text",
            "first_chart_ms": "navigation start to the first panel with data-state=ok and data-points>0, plus one requestAnimationFrame, Operations dashboard, fresh browser context each run",
            "dashboard_ready_ms": "navigation start until no panel is loading (1920x4000 viewport so every panel is visible)",
        },
    })
}

fn print_table(report: &Value) {
    let rows = [
        (
            "bundle.total_gzip_bytes",
            report["bundle"]["total_gzip_bytes"].clone(),
            "<= 200000",
        ),
        ("first_chart_ms", report["first_chart_ms"].clone(), "<= 300"),
        (
            "dashboard_ready_ms",
            report["dashboard_ready_ms"].clone(),
            "",
        ),
        (
            "render_uplot_bench_ms",
            report["render_uplot_bench_ms"].clone(),
            "",
        ),
        (
            "render_uplot_bench_ms_uplot",
            report["render_uplot_bench_ms_uplot"].clone(),
            "",
        ),
        (
            "render_uplot_bench_ratio",
            report["render_uplot_bench_ratio"].clone(),
            "<= 1.0",
        ),
        (
            "render_1m_points_ms",
            report["render_1m_points_ms"].clone(),
            "",
        ),
        (
            "rerender_20x10x11k_ms",
            report["rerender_20x10x11k_ms"].clone(),
            "<= 50",
        ),
        (
            "hover_60_series_ms",
            report["hover_60_series_ms"].clone(),
            "<= 4",
        ),
        ("parse_mb_per_s", report["parse_mb_per_s"].clone(), ""),
        ("parse_mb_per_s_js", report["parse_mb_per_s_js"].clone(), ""),
        ("parse_ratio", report["parse_ratio"].clone(), ">= 1.5"),
        ("wasm_memory_bytes", report["wasm_memory_bytes"].clone(), ""),
    ];
    println!(
        "\n{:<30} {:>14}  {:<16} goal",
        "figure", "median", "min-max"
    );
    for (name, value, goal) in rows {
        let shown = value.as_f64().map_or_else(
            || value.to_string(),
            |v| {
                if v.fract() == 0.0 {
                    format!("{v}")
                } else {
                    format!("{v:.2}")
                }
            },
        );
        let range = &report["min_max"][name];
        let range = match (range[0].as_f64(), range[1].as_f64()) {
            (Some(a), Some(b)) => format!("{a:.1}-{b:.1}"),
            _ => String::new(),
        };
        println!("{name:<30} {shown:>14}  {range:<16} {goal}");
    }
    println!("browser: {}, runs: {}", report["browser"], report["runs"]);
}
