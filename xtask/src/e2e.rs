//! End-to-end suites: serve `dist/` the ways users do (at `/`, under `/ops/meshboard/`, with the
//! strict CSP, with a broken `config.json`) and drive headless Chromium through them with
//! node's test runner and playwright-core (tests/e2e/*.test.mjs).

use crate::serve::{self, ServeOptions};
use crate::shell::{repo_root, run_captured};
use std::path::Path;
use std::process::Command;

/// The shell suite: no backends needed.
pub fn run_shell_suite(dist: &Path) -> (bool, String) {
    let server = |base: &str, config_override: Option<&str>| {
        serve::spawn(ServeOptions { base_path: base.into(), config_override: config_override.map(str::to_string), ..ServeOptions::demo(dist.to_path_buf(), 0) })
    };
    let servers = (|| Ok::<_, String>((server("/", None)?, server("/ops/meshboard/", None)?, server("/", Some("{\"datasources\": {\"prometheus\": "))?)))();
    let (root, sub, broken) = match servers {
        Ok(servers) => servers,
        Err(message) => return (false, message),
    };
    let mut command = Command::new("node");
    command
        .args(["--test", "--test-reporter=spec", "--test-concurrency=1"])
        .arg(repo_root().join("tests/e2e/shell.test.mjs"))
        .current_dir(repo_root())
        .env("MESHBOARD_ROOT_URL", root.url())
        .env("MESHBOARD_SUB_URL", sub.url())
        .env("MESHBOARD_BROKEN_CONFIG_URL", broken.url())
        .env("CHROMIUM", "/usr/bin/chromium");
    run_captured(&mut command)
}
