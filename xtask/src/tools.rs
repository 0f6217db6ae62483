//! Installing what the build and the tests need, on a fresh Debian machine: the wasm32 target,
//! trunk, wasm-bindgen-cli, npm tooling (binaryen's wasm-opt, playwright-core, uPlot), and
//! Debian packages (chromium, chromedriver, prometheus, prometheus-alertmanager, nginx, and
//! apache2-utils' htpasswd for the deploy suite's Alertmanager login) when running as root.

use crate::shell::{have, repo_root, run, step};
use std::path::PathBuf;
use std::process::Command;

/// Must equal the `wasm-bindgen` crate pinned in Cargo.toml.
const WASM_BINDGEN_VERSION: &str = "0.2.130";
/// trunk 0.22 needs a newer rustc than this machine's.
const TRUNK_VERSION: &str = "0.21.14";

/// Everything `trunk build --release` needs.
pub fn ensure_build_tools() -> Result<(), String> {
    ensure_wasm_target()?;
    ensure_cargo_tool(
        "trunk",
        TRUNK_VERSION,
        &["install", "trunk", "--locked", "--version", TRUNK_VERSION],
    )?;
    // No --locked: one of its locked dependencies was yanked.
    ensure_cargo_tool(
        "wasm-bindgen",
        WASM_BINDGEN_VERSION,
        &[
            "install",
            "wasm-bindgen-cli",
            "--version",
            WASM_BINDGEN_VERSION,
        ],
    )?;
    ensure_node_modules()
}

/// Headless Chromium and its WebDriver, for browser and end-to-end tests.
pub fn ensure_browser() -> Result<(), String> {
    ensure_debian_packages(&[
        ("chromium", "chromium"),
        ("chromedriver", "chromium-driver"),
    ])
}

/// Debian's nginx and its brotli_static module, for the deploy suite. Looked for at their
/// Debian paths: `/usr/sbin` is not on every user's PATH.
pub fn ensure_nginx() -> Result<(), String> {
    ensure_debian_packages(&[
        ("/usr/sbin/nginx", "nginx"),
        (
            crate::deploy::BROTLI_MODULE,
            "libnginx-mod-http-brotli-static",
        ),
    ])
}

fn ensure_wasm_target() -> Result<(), String> {
    let output = Command::new("rustup")
        .args(["target", "list", "--installed"])
        .output();
    let installed = output
        .map(|o| String::from_utf8_lossy(&o.stdout).contains("wasm32-unknown-unknown"))
        .unwrap_or(false);
    if !installed {
        step("installing the wasm32-unknown-unknown Rust target");
        run(Command::new("rustup").args(["target", "add", "wasm32-unknown-unknown"]))?;
    }
    Ok(())
}

fn ensure_cargo_tool(binary: &str, version: &str, install_args: &[&str]) -> Result<(), String> {
    let current = Command::new(binary)
        .arg("--version")
        .output()
        .ok()
        .map(|o| String::from_utf8_lossy(&o.stdout).into_owned());
    if current
        .as_deref()
        .is_some_and(|v| v.split_whitespace().any(|word| word == version))
    {
        return Ok(());
    }
    step(&format!("installing {binary} {version} with cargo (takes several minutes on 2 cores; once per machine)"));
    run(Command::new("cargo").args(install_args))
}

/// `node_modules/.bin`, put first on PATH for trunk so it finds binaryen's wasm-opt 132:
/// Debian's wasm-opt 108 produces a module that dies at start.
pub fn node_bin_dir() -> PathBuf {
    repo_root().join("node_modules/.bin")
}

/// PATH with the npm tools first.
pub fn path_with_node_bin() -> std::ffi::OsString {
    let mut dirs = vec![node_bin_dir()];
    if let Some(path) = std::env::var_os("PATH") {
        dirs.extend(std::env::split_paths(&path));
    }
    std::env::join_paths(dirs).unwrap_or_default()
}

fn ensure_node_modules() -> Result<(), String> {
    if !have("npm") {
        ensure_debian_packages(&[("node", "nodejs"), ("npm", "npm")])?;
    }
    let root = repo_root();
    let wanted = ["binaryen", "playwright-core", "uplot", "axe-core"];
    if wanted.iter().all(|name| {
        root.join("node_modules")
            .join(name)
            .join("package.json")
            .exists()
    }) {
        return Ok(());
    }
    step("installing npm tooling (binaryen's wasm-opt, playwright-core, uplot, axe-core) from package-lock.json");
    run(Command::new("npm")
        .args(["ci", "--no-audit", "--no-fund"])
        .current_dir(&root))
}

fn is_root() -> bool {
    Command::new("id")
        .arg("-u")
        .output()
        .map(|o| String::from_utf8_lossy(&o.stdout).trim() == "0")
        .unwrap_or(false)
}

/// Installs Debian packages whose binaries are missing: `(binary, package)` pairs. As root it
/// runs apt-get; otherwise it prints the exact line to run and fails.
pub fn ensure_debian_packages(needed: &[(&str, &str)]) -> Result<(), String> {
    let missing: Vec<&str> = needed
        .iter()
        .filter(|(binary, _)| !have(binary))
        .map(|(_, package)| *package)
        .collect();
    if missing.is_empty() {
        return Ok(());
    }
    let line = format!("apt-get install -y {}", missing.join(" "));
    if !is_root() {
        return Err(format!(
            "missing Debian packages; run as root:\n    sudo apt-get update && sudo {line}"
        ));
    }
    step(&format!(
        "installing Debian packages: {}",
        missing.join(", ")
    ));
    run(Command::new("apt-get").arg("update"))?;
    run(Command::new("apt-get")
        .args(["install", "-y", "--no-install-recommends"])
        .args(&missing)
        .env("DEBIAN_FRONTEND", "noninteractive"))
}
