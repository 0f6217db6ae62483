//! `cargo xtask bench`: the performance figures of the performance issue, measured in headless
//! Chromium (bench/harness.js for the engine cases next to uPlot, the real app on the devstack
//! for first chart and dashboard ready), written to `target/bench/report.json` and printed.

use crate::serve::{self, ServeOptions, Upstreams};
use crate::shell::{repo_root, step};
use crate::stack::{Engine, Stack, StackOptions};
use crate::{dist, fidelity, report, tools};
use serde_json::{json, Value};
use std::process::{Command, Stdio};
use std::time::Duration;

/// `cargo xtask bench [--runs N]`: `runs` measured runs of every case after a warm-up.
pub fn run(runs: u32) -> Result<(), String> {
    tools::ensure_build_tools()?;
    tools::ensure_browser()?;
    // The big-dashboard cases run Node Exporter Full against a real node_exporter, started
    // as `cargo xtask fidelity` starts it and first, so the builds' minutes count as history.
    tools::ensure_debian_packages(&[
        ("prometheus-node-exporter", "prometheus-node-exporter"),
        ("prometheus", "prometheus"),
    ])?;
    // BENCH_ONLY=first (bench/run.mjs reads it too): only the Operations dashboard's first
    // load, paired with BENCH_BASELINE_DIST when set; no node_exporter, no engine page.
    let first_only = std::env::var("BENCH_ONLY").is_ok_and(|v| v == "first");
    let mut node_backends = if first_only {
        None
    } else {
        Some(fidelity::start_backends()?)
    };
    // BENCH_APP_DIST=<a dist built by `cargo xtask dist`>: measure it instead of building one
    // (the build is minutes on a shared machine; queued browser runs wait for it).
    let dist_path = match std::env::var("BENCH_APP_DIST") {
        Ok(dir) if !dir.is_empty() => std::path::PathBuf::from(dir),
        _ => dist::build_release_to(&repo_root().join("target/bench/dist"))?,
    };
    let sizes = report::measure(&dist_path)?;
    let site = if first_only {
        std::path::PathBuf::new()
    } else {
        dist::build_bench_page()?
    };
    // BENCH_ONLY=big (bench/run.mjs reads it too): the big-dashboard cases and the engine
    // page's rerender case with two controls; no devstack, no Operations dashboard visits.
    let big_only = std::env::var("BENCH_ONLY").is_ok_and(|v| v == "big");
    let stack = if big_only { None } else { Some(start_stack()?) };
    let app = match &stack {
        Some(stack) => Some(serve::spawn(ServeOptions {
            upstreams: stack.upstreams(),
            ..ServeOptions::demo(dist_path.clone(), 0)
        })?),
        None => None,
    };
    let baseline_dist = std::env::var("BENCH_BASELINE_DIST")
        .ok()
        .filter(|dir| !dir.is_empty());
    // The baseline build on the devstack too: its Operations visits alternate with this
    // build's (first_chart_ms paired).
    let baseline_first_app = match (&stack, &baseline_dist) {
        (Some(stack), Some(dir)) => Some(serve::spawn(ServeOptions {
            upstreams: stack.upstreams(),
            ..ServeOptions::demo(dir.into(), 0)
        })?),
        _ => None,
    };
    let (node_app, baseline_app) = match &mut node_backends {
        Some(node_backends) => {
            let node_app = serve::spawn(ServeOptions {
                upstreams: Upstreams {
                    prometheus: node_backends.prometheus_url.clone(),
                    ..Upstreams::default()
                },
                ..ServeOptions::demo(dist_path, 0)
            })?;
            // BENCH_BASELINE_DIST=<a built dist>: that build's big-dashboard visits alternate
            // with this one's, against the same backends (a paired before/after on a shared
            // machine).
            let baseline_app = match &baseline_dist {
                Some(dir) => Some(serve::spawn(ServeOptions {
                    upstreams: Upstreams {
                        prometheus: node_backends.prometheus_url.clone(),
                        ..Upstreams::default()
                    },
                    ..ServeOptions::demo(dir.into(), 0)
                })?),
                None => None,
            };
            fidelity::wait_for_history(node_backends, Duration::from_secs(75))?;
            (Some(node_app), baseline_app)
        }
        None => (None, None),
    };

    step(&format!(
        "running the benchmark cases in headless Chromium ({runs} runs after a warm-up)"
    ));
    let mut command = Command::new("node");
    command
        .arg(repo_root().join("bench/run.mjs"))
        .current_dir(repo_root())
        .env("BENCH_SITE", &site)
        .env("RUNS", runs.to_string())
        .env(
            "BIG_DASHBOARD",
            repo_root().join("tests/fixtures/grafana/node-exporter-full.json"),
        )
        .env("CHROMIUM", "/usr/bin/chromium");
    // Progress and page errors (stderr) show live; stdout carries the one result line.
    if let Some(app) = &app {
        command.env("APP_URL", app.url());
    }
    if let Some(node_app) = &node_app {
        command.env("BIG_APP_URL", node_app.url());
    }
    if let Some(base) = &baseline_first_app {
        command.env("BASE_APP_URL", base.url());
    }
    if let Some(base) = &baseline_app {
        command.env("BIG_BASE_URL", base.url());
    }
    command.stderr(Stdio::inherit());
    let (ok, output) = match command.output() {
        Ok(out) => (
            out.status.success(),
            String::from_utf8_lossy(&out.stdout).into_owned(),
        ),
        Err(e) => return Err(format!("could not start node: {e}")),
    };
    drop(app);
    drop(node_app);
    drop(baseline_app);
    drop(baseline_first_app);
    drop(stack);
    drop(node_backends);
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

/// The devstack for the dashboard cases. Its ports are picked free, but another stack
/// starting at the same moment (an end-to-end suite) can take one first: try again then.
fn start_stack() -> Result<Stack, String> {
    let options = StackOptions {
        engine: Engine::Prometheus,
        nodes: 12,
        fast_alerts: false,
        work_dir: repo_root().join("target/devstack-bench"),
    };
    let mut attempt = 1;
    loop {
        match Stack::start(&options) {
            Ok(stack) => return Ok(stack),
            Err(e) if attempt < 3 => {
                println!("devstack did not start ({e}); trying again");
                attempt += 1;
            }
            Err(e) => return Err(e),
        }
    }
}

fn compose(raw: &Value, sizes: &report::BundleSizes, runs: u32) -> Value {
    let mut report = compose_engine_and_first_load(raw, sizes, runs);
    add_big_dashboard(&mut report, &raw["big_dashboard"], &raw["page"]["rerender"]);
    if raw.get("big_dashboard_baseline").is_some() {
        let mut baseline = json!({});
        add_big_dashboard(&mut baseline, &raw["big_dashboard_baseline"], &Value::Null);
        report["big_dashboard_baseline"] = baseline;
    }
    if raw.get("dashboard_baseline").is_some() {
        report["first_chart_baseline"] = raw["dashboard_baseline"].clone();
    }
    report
}

/// The big-dashboard figures (bench/bigdash.mjs): medians over the visits, their ranges in
/// `min_max`, and what each visit checked beside the timing.
fn add_big_dashboard(report: &mut Value, big: &Value, rerender: &Value) {
    report["rerender_charts_in_view"] = rerender["in_view"].clone();
    report["rerender_painted_when_scrolled_in"] = rerender["painted_when_scrolled_in"].clone();
    const KEYS: [(&str, &str); 6] = [
        ("big_dashboard_ready_ms", "ready"),
        ("big_dashboard_scroll_frame_ms", "scroll_p95"),
        ("big_dashboard_scroll_frame_median_ms", "scroll_median"),
        ("shared_crosshair_frame_ms", "crosshair_p95"),
        ("shared_crosshair_frame_median_ms", "crosshair_median"),
        ("row_toggle_ms", "row_toggle"),
    ];
    for (key, from) in KEYS {
        report[key] = big[from]["median"].clone();
        report["min_max"][key] = json!([big[from]["min"], big[from]["max"]]);
    }
    let how = &mut report["how_timed"];
    how["big_dashboard_*"] = json!("Node Exporter Full, every row open (141 grid items), against node_exporter + Prometheus, 1920x1080, dark; ready: navigation start until every panel in view is done and drawn, plus one requestAnimationFrame");
    how["big_dashboard_scroll_frame_ms"] = json!("p95 of requestAnimationFrame deltas while scrolling top to bottom 50 px a frame (median over visits)");
    how["shared_crosshair_frame_ms"] = json!("p95 of requestAnimationFrame deltas while the pointer sweeps one chart in 80 moves (graphTooltip 1: every chart in view draws the crosshair)");
    how["row_toggle_ms"] = json!("click on a row header in view to the task after the next frame (the grid re-laid out); one close and one open per visit");
    report["big_dashboard"] = json!({
        "idle_frame_p95_ms": big["idle_p95"],
        "idle_frame_median_ms": big["idle_median"],
        "grid_items": big["grid_items"],
        "grid_height_units": big["grid_height_units"],
        "scroll_long_animation_frames": big["scroll_long_frames"],
        "crosshair_charts_drawn": big["crosshair_charts"],
        "crosshair_charts_in_view": big["crosshair_in_view"],
        "row_toggle_redrawn_charts": big["row_toggle_redrawn"],
    });
}

fn compose_engine_and_first_load(raw: &Value, sizes: &report::BundleSizes, runs: u32) -> Value {
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
            // The pages loaded on demand (not part of the total above).
            "chunks_gzip_bytes": sizes.chunks_gzip_bytes(),
            "chunks": sizes.chunks.iter().map(|(name, gzip)| json!({"file": name, "gzip_bytes": gzip})).collect::<Vec<_>>(),
        },
        "first_chart_ms": median(&raw["dashboard"]["first_chart"]),
        "dashboard_ready_ms": median(&raw["dashboard"]["dashboard_ready"]),
        "render_uplot_bench_ms": ours,
        "render_uplot_bench_ms_uplot": theirs,
        "render_uplot_bench_ratio": ours / theirs,
        "render_uplot_bench_ratio_paired": page["uplot"]["paired_ratio"]["median"],
        "render_1m_points_ms": median(&page["million"]),
        "rerender_20x10x11k_ms": median(&page["rerender"]),
        "hover_60_series_ms": median(&page["hover"]),
        "parse_mb_per_s": parse_wasm,
        "parse_mb_per_s_js": parse_js,
        "parse_ratio": parse_wasm / parse_js,
        "wasm_memory_bytes": page["wasm_memory_bytes"],
        "logs_5k_render_ms": median(&page["logs"]["render"]),
        "logs_scroll_frame_ms": median(&page["logs"]["scroll"]),
        "trace_10k_spans_render_ms": median(&page["trace_10k"]),
        "trace_50k_spans_render_ms": median(&page["trace_50k"]),
        "browser": raw["browser"],
        "runs": runs,
        "min_max": {
            "first_chart_ms": range(&raw["dashboard"]["first_chart"]),
            "dashboard_ready_ms": range(&raw["dashboard"]["dashboard_ready"]),
            "render_uplot_bench_ms": range(&page["uplot"]["ours"]),
            "render_uplot_bench_ms_uplot": range(&page["uplot"]["theirs"]),
            "render_uplot_bench_ratio_paired": range(&page["uplot"]["paired_ratio"]),
            "render_1m_points_ms": range(&page["million"]),
            "rerender_20x10x11k_ms": range(&page["rerender"]),
            "hover_60_series_ms": range(&page["hover"]),
            "parse_mb_per_s": range(&page["parse"]["wasm"]),
            "parse_mb_per_s_js": range(&page["parse"]["js"]),
            "logs_5k_render_ms": range(&page["logs"]["render"]),
            "logs_scroll_frame_ms": range(&page["logs"]["scroll"]),
            "trace_10k_spans_render_ms": range(&page["trace_10k"]),
            "trace_50k_spans_render_ms": range(&page["trace_50k"]),
        },
        "log_rows_in_dom": page["logs"]["rows_in_dom"],
        "work_ms": work_figures(page),
        "points_drawn_uplot_bench": page["uplot"]["points"],
        "dashboard_panel_states": raw["dashboard"]["states"],
        "dashboard_stalled_visits": raw["dashboard"]["stalled_visits"],
        "first_chart_breakdown_ms": raw["dashboard"]["first_chart_breakdown"],
        "first_chart_breakdown_range_ms": raw["dashboard"]["first_chart_breakdown_range"],
        "how_timed": {
            "render_*": "performance.now() around the call plus one requestAnimationFrame; data already in wasm (Meshboard) or in JS arrays (uPlot); both sides alternate in one page",
            "render_uplot_bench_ratio_paired": "median over runs of (Meshboard / uPlot) within the same run: the two draws follow each other, so a slow spell of the machine hits both",
            "rerender_20x10x11k_ms": "20 charts already drawn, stacked 4,000 px tall in a 1,000 px viewport; new zoom window set on all, those in view (IntersectionObserver) redrawn, plus one requestAnimationFrame",
            "hover_60_series_ms": "mean of 50 pointer moves (hit test + crosshair and markers on the overlay), synchronous",
            "parse_mb_per_s": "1,000 series x 1,000 points query_range JSON (text already in wasm) to columnar frames; JS side: JSON.parse + Float64Array conversion of the same text",
            "first_chart_ms": "navigation start to the first panel with data-state=ok and data-points>0, plus one requestAnimationFrame, Operations dashboard, fresh browser context each run",
            "first_chart_breakdown_ms": "medians (min-max in first_chart_breakdown_range_ms), from navigation start (resource timings): config.json requested, wasm received, main() running (mark meshboard-wasm-started: compiled and instantiated), dashboard file (not index.json) requested and received, first request to Prometheus (variables), first panel query sent and answered",
            "dashboard_ready_ms": "navigation start until no panel is loading (1920x4000 viewport so every panel is visible)",
            "logs_5k_render_ms": "5,000 synthetic lines (already parsed streams in wasm) into the columnar table and the virtualized list mounted 800 px tall, plus one requestAnimationFrame",
            "logs_scroll_frame_ms": "one 240 px scroll step at the start of a frame: scrollTop set and scroll event, Leptos' row update, forced style and layout (paint not included); mean of 30 steps per run",
            "trace_*_spans_render_ms": "a synthetic trace (already in wasm; 8 children per span, 8 services) through the trace model (tree, summary, critical path) and the canvas timeline mounted 800 px tall, plus one requestAnimationFrame",
        },
    })
}

/// The same cases stopped before the frame wait (microtasks run, canvases rasterised): the
/// cost itself, without the 0-16.7 ms wait for the next frame that the headline keys include.
fn work_figures(page: &Value) -> Value {
    let ours = page["uplot"]["ours_work"]["median"].as_f64();
    let theirs = page["uplot"]["theirs_work"]["median"].as_f64();
    json!({
        "render_uplot_bench_ms": page["uplot"]["ours_work"],
        "render_uplot_bench_ms_uplot": page["uplot"]["theirs_work"],
        "render_uplot_bench_ratio": ours.zip(theirs).map(|(a, b)| a / b),
        "render_uplot_bench_ratio_paired": page["uplot"]["paired_ratio_work"],
        "render_1m_points_ms": page["million"]["work"],
        "rerender_20x10x11k_ms": page["rerender"]["work"],
        "logs_5k_render_ms": page["logs"]["render_work"],
        "trace_10k_spans_render_ms": page["trace_10k"]["work"],
        "trace_50k_spans_render_ms": page["trace_50k"]["work"],
    })
}

/// The printed figures, in the table's order, with the goal each is held to.
const TABLE: [(&str, &str); 25] = [
    ("bundle.total_gzip_bytes", "<= 200000"),
    ("first_chart_ms", "<= 300"),
    ("dashboard_ready_ms", ""),
    ("render_uplot_bench_ms", ""),
    ("render_uplot_bench_ms_uplot", ""),
    ("render_uplot_bench_ratio", "<= 1.0"),
    ("render_uplot_bench_ratio_paired", "<= 1.0"),
    ("render_1m_points_ms", ""),
    ("rerender_20x10x11k_ms", "<= 50"),
    ("hover_60_series_ms", "<= 4"),
    ("big_dashboard_ready_ms", ""),
    ("big_dashboard_scroll_frame_ms", "<= 16.7 (p95)"),
    ("big_dashboard_scroll_frame_median_ms", ""),
    ("shared_crosshair_frame_ms", "<= 16.7 (p95)"),
    ("shared_crosshair_frame_median_ms", ""),
    ("row_toggle_ms", "<= 100"),
    ("parse_mb_per_s", ""),
    ("parse_mb_per_s_js", ""),
    ("parse_ratio", ">= 1.5"),
    ("wasm_memory_bytes", ""),
    ("logs_5k_render_ms", "<= 50"),
    ("logs_scroll_frame_ms", "<= 16"),
    ("trace_10k_spans_render_ms", "<= 200"),
    ("trace_50k_spans_render_ms", "no freeze"),
    ("bundle.wasm_gzip_bytes", ""),
];

fn print_table(report: &Value) {
    println!(
        "\n{:<30} {:>14}  {:<16} goal",
        "figure", "median", "min-max"
    );
    for (name, goal) in TABLE {
        let value = name.split('.').fold(report, |v, key| &v[key]);
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
    println!("\nwithout the frame wait (work_ms: median, min-max)");
    if let Some(work) = report["work_ms"].as_object() {
        for (name, value) in work {
            match (
                value["median"].as_f64(),
                value["min"].as_f64(),
                value["max"].as_f64(),
            ) {
                (Some(m), Some(a), Some(b)) => println!("{name:<30} {m:>14.2}  {a:.1}-{b:.1}"),
                _ => println!("{name:<30} {value:>14}"),
            }
        }
    }
    println!("\nfirst chart, from navigation start (median, min-max ms):");
    if let Some(breakdown) = report["first_chart_breakdown_ms"].as_object() {
        for (name, median) in breakdown {
            let range = &report["first_chart_breakdown_range_ms"][name];
            println!(
                "{name:<30} {:>14.1}  {:.1}-{:.1}",
                median.as_f64().unwrap_or(f64::NAN),
                range[0].as_f64().unwrap_or(f64::NAN),
                range[1].as_f64().unwrap_or(f64::NAN)
            );
        }
    }
    println!("big dashboard: {}", report["big_dashboard"]);
    if let Some(base) = report.get("big_dashboard_baseline") {
        println!("\nbaseline build, visits alternating with the above (median, min-max):");
        for key in [
            "big_dashboard_ready_ms",
            "big_dashboard_scroll_frame_ms",
            "big_dashboard_scroll_frame_median_ms",
            "shared_crosshair_frame_ms",
            "shared_crosshair_frame_median_ms",
            "row_toggle_ms",
        ] {
            println!(
                "{key:<38} {:>10}  {}  (this build: {} {})",
                base[key], base["min_max"][key], report[key], report["min_max"][key]
            );
        }
        println!("baseline big dashboard: {}", base["big_dashboard"]);
    }
    println!(
        "rerender: {} of 20 charts in view; {} painted once scrolled in",
        report["rerender_charts_in_view"], report["rerender_painted_when_scrolled_in"]
    );
    println!("browser: {}, runs: {}", report["browser"], report["runs"]);
}
