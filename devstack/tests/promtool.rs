//! The generated configuration, the rule files and the history file pass the real tools:
//! `promtool check config|rules`, `promtool tsdb create-blocks-from openmetrics`, and
//! `vmalert -dryRun`. promtool is required: a check that skips itself when the tool is missing
//! could never fail, so its absence is a failure saying how to install it. VictoriaMetrics is not
//! installed by `cargo xtask test`, so its check is ignored unless asked for (`--ignored`).

use meshsim::history::{write_history, Format, HistoryOptions, Step};
use meshsim::metrics::rules::{render, RULE_FILES};
use meshsim::metrics::scrape_config::{write_config_dir, ConfigOptions};
use meshsim::sim::SimConfig;
use std::path::{Path, PathBuf};
use std::process::Command;

/// `name` on PATH, or a failure naming the Debian package that ships it.
fn tool(name: &str, package: &str) -> PathBuf {
    std::env::var_os("PATH")
        .and_then(|path| {
            std::env::split_paths(&path)
                .map(|d| d.join(name))
                .find(|p| p.is_file())
        })
        .unwrap_or_else(|| {
            panic!(
                "{name} is not installed; it comes with Debian's {package} package: \
                 sudo apt-get install -y {package}"
            )
        })
}

/// Required: CI installs Debian's prometheus package (which ships promtool) before the tests.
fn promtool() -> PathBuf {
    tool("promtool", "prometheus")
}

fn scratch(name: &str) -> PathBuf {
    let dir = std::env::temp_dir().join(format!("meshsim-test-{name}-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).unwrap();
    dir
}

fn run_ok(command: &mut Command) -> String {
    let output = command.output().expect("tool starts");
    let text = format!(
        "{}{}",
        String::from_utf8_lossy(&output.stdout),
        String::from_utf8_lossy(&output.stderr)
    );
    assert!(output.status.success(), "{command:?} failed:\n{text}");
    text
}

fn write_config(dir: &Path, fast_alerts: bool) {
    let targets = meshsim::history::targets_of(&SimConfig { seed: 1, nodes: 12 });
    let opts = ConfigOptions {
        metrics_addr: "127.0.0.1:9100".into(),
        scrape_interval: "5s".into(),
        evaluation_interval: "5s".into(),
        fast_alerts,
        // promtool checks the `alerting` section too.
        alertmanager: Some("127.0.0.1:9093".into()),
        alertmanager_password_file: Some(dir.join("token").display().to_string()),
    };
    write_config_dir(dir, &targets, &opts).unwrap();
    std::fs::write(dir.join("token"), "not-a-secret\n").unwrap();
}

#[test]
fn rule_files_pass_promtool_check_rules() {
    let promtool = promtool();
    let dir = scratch("rules");
    for fast in [false, true] {
        for (name, contents) in RULE_FILES {
            let path = dir.join(format!("{fast}-{name}"));
            std::fs::write(&path, render(contents, fast)).unwrap();
            let text = run_ok(Command::new(&promtool).args(["check", "rules"]).arg(&path));
            assert!(text.contains("SUCCESS"), "{text}");
        }
    }
    let _ = std::fs::remove_dir_all(dir);
}

#[test]
fn generated_config_passes_promtool_check_config() {
    let promtool = promtool();
    for fast in [false, true] {
        let dir = scratch(&format!("config-{fast}"));
        write_config(&dir, fast);
        let text = run_ok(
            Command::new(&promtool)
                .args(["check", "config"])
                .arg(dir.join("prometheus.yml")),
        );
        assert!(
            text.contains(&format!("SUCCESS: {} rule files found", RULE_FILES.len())),
            "{text}"
        );
        assert!(
            text.contains("is valid prometheus config file syntax"),
            "{text}"
        );
        assert_eq!(
            text.matches("rules found").count(),
            RULE_FILES.len(),
            "{text}"
        );
        let _ = std::fs::remove_dir_all(dir);
    }
}

#[test]
#[ignore = "needs Debian's victoria-metrics package, which `cargo xtask test` does not install: \
            apt-get install victoria-metrics, then cargo test -p meshsim --test promtool -- --ignored"]
fn victoria_metrics_accepts_the_scrape_config_and_rules() {
    let vm = tool("victoria-metrics", "victoria-metrics");
    let vmalert = tool("vmalert", "victoria-metrics");
    let dir = scratch("vm");
    write_config(&dir, false);
    let mut command = Command::new(vm);
    command.arg(format!(
        "-promscrape.config={}",
        dir.join("scrape.yml").display()
    ));
    command.arg("-promscrape.config.dryRun");
    run_ok(&mut command);
    let mut command = Command::new(vmalert);
    command
        .arg(format!("-rule={}/rules/*.yml", dir.display()))
        .arg("-dryRun");
    run_ok(&mut command);
    let _ = std::fs::remove_dir_all(dir);
}

#[test]
fn history_imports_with_promtool() {
    let promtool = promtool();
    let dir = scratch("history");
    let file = dir.join("history.om");
    let opts = HistoryOptions {
        config: SimConfig { seed: 1, nodes: 4 },
        end: 1_700_000_000.0,
        hours: 3.0,
        step: Step::Seconds(60.0),
        schedule_incidents: true,
        format: Format::OpenMetrics,
    };
    let mut out = std::io::BufWriter::new(std::fs::File::create(&file).unwrap());
    let summary = write_history(&opts, &mut out).unwrap();
    drop(out);
    assert_eq!(summary.steps, 180);
    let text = run_ok(
        Command::new(&promtool)
            .args(["tsdb", "create-blocks-from", "openmetrics"])
            .arg(&file)
            .arg(dir.join("data")),
    );
    let samples: u64 = text
        .lines()
        .skip(1)
        .filter_map(|l| {
            l.split_whitespace()
                .nth(4)
                .and_then(|n| n.parse::<u64>().ok())
        })
        .sum();
    assert_eq!(samples, summary.samples, "{text}");
    let _ = std::fs::remove_dir_all(dir);
}
