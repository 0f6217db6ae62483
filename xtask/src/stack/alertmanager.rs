//! The devstack's real Alertmanager (Debian `prometheus-alertmanager`): its configuration
//! (`devstack/alertmanager/alertmanager.yml`, every receiver a webhook to meshsim's recorder),
//! installing the package when missing, and starting it under the supervisor before the engine,
//! so the engine's first alert finds it listening. Given the stack's backend token (the deploy
//! suite), it refuses every request without HTTP basic auth as `meshboard` with that token as
//! the password, as an Alertmanager behind a production proxy may.

use super::{Layout, Stack};
use crate::tools::ensure_debian_packages;
use base64::Engine as _;
use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::Duration;

/// The user Alertmanager's web config admits when the stack has a backend token.
pub const USER: &str = "meshboard";

/// The program Debian's package installs (upstream calls it `alertmanager`).
pub const PROGRAM: &str = "prometheus-alertmanager";

/// The committed configuration, with `@WEBHOOK_URL@` where each receiver's URL goes.
const CONFIG_TEMPLATE: &str = include_str!("../../../devstack/alertmanager/alertmanager.yml");

/// Installs `prometheus-alertmanager` when missing (as root), or says how to.
pub fn ensure_installed() -> Result<(), String> {
    ensure_debian_packages(&[(PROGRAM, "prometheus-alertmanager")])
}

/// The configuration with every receiver pointing at `webhook_url`.
pub fn render_config(webhook_url: &str) -> String {
    CONFIG_TEMPLATE.replace("@WEBHOOK_URL@", webhook_url)
}

/// Writes the configuration into the stack's config folder.
pub fn write_config(layout: &Layout, webhook_url: &str) -> Result<(), String> {
    let path = layout.config_dir.join("alertmanager.yml");
    std::fs::write(&path, render_config(webhook_url))
        .map_err(|e| format!("{}: {e}", path.display()))
}

/// `Basic <base64(meshboard:token)>`: what nginx sends for the browser.
pub fn basic_auth_header(token: &str) -> String {
    let pair = format!("{USER}:{token}");
    format!(
        "Basic {}",
        base64::engine::general_purpose::STANDARD.encode(pair)
    )
}

/// Writes Alertmanager's web config (exporter-toolkit's `basic_auth_users`, bcrypt-hashed by
/// Debian's `htpasswd`, installed from apache2-utils when missing); returns its path.
fn write_web_config(layout: &Layout, token: &str) -> Result<PathBuf, String> {
    ensure_debian_packages(&[("htpasswd", "apache2-utils")])?;
    // -i: the password on stdin, never on a command line other users can read.
    let mut htpasswd = Command::new("htpasswd")
        .args(["-niB", USER])
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::inherit())
        .spawn()
        .map_err(|e| format!("could not start htpasswd: {e}"))?;
    if let Some(mut stdin) = htpasswd.stdin.take() {
        stdin
            .write_all(token.as_bytes())
            .map_err(|e| format!("htpasswd: {e}"))?;
    }
    let output = htpasswd
        .wait_with_output()
        .map_err(|e| format!("htpasswd: {e}"))?;
    let line = String::from_utf8_lossy(&output.stdout);
    let hash = line
        .trim()
        .strip_prefix(&format!("{USER}:"))
        .filter(|h| output.status.success() && h.starts_with("$2"))
        .ok_or("htpasswd -niB gave no bcrypt hash")?;
    let path = layout.config_dir.join("alertmanager-web.yml");
    let yaml = format!("basic_auth_users:\n  {USER}: '{hash}'\n");
    std::fs::write(&path, yaml).map_err(|e| format!("{}: {e}", path.display()))?;
    Ok(path)
}

/// The command that runs Alertmanager on the stack's ports, its state under `data_dir`.
pub fn command(stack: &Stack, layout: &Layout, data_dir: &Path) -> Command {
    let mut am = Command::new(PROGRAM);
    am.arg(format!(
        "--config.file={}",
        layout.config_dir.join("alertmanager.yml").display()
    ));
    am.arg(format!("--storage.path={}", data_dir.display()));
    am.arg(format!(
        "--web.listen-address=127.0.0.1:{}",
        stack.ports.alertmanager
    ));
    // A cluster of one, on loopback: /api/v2/status then reports a real cluster ("ready", one
    // peer) as a production pair would, instead of "disabled".
    am.arg(format!(
        "--cluster.listen-address=127.0.0.1:{}",
        stack.ports.alertmanager_cluster
    ));
    am
}

/// Starts Alertmanager and waits until it answers `/-/ready`; with `token`, behind basic auth.
pub fn start(stack: &mut Stack, layout: &Layout, token: Option<&str>) -> Result<(), String> {
    write_config(layout, &format!("{}{}", stack.control_url(), WEBHOOK_PATH))?;
    let data_dir = layout.data_dir.with_file_name("alertmanager");
    std::fs::create_dir_all(&data_dir).map_err(|e| format!("{}: {e}", data_dir.display()))?;
    let mut am = command(stack, layout, &data_dir);
    if let Some(token) = token {
        let web_config = write_web_config(layout, token)?;
        am.arg(format!("--web.config.file={}", web_config.display()));
    }
    stack.children.spawn("alertmanager", am)?;
    let ready = format!("{}/-/ready", stack.alertmanager_url());
    let login = token.map(basic_auth_header);
    stack
        .children
        .wait_http_ok_as(&ready, login.as_deref(), Duration::from_secs(60))
}

/// meshsim's webhook recorder (`devstack/src/webhook.rs`).
pub const WEBHOOK_PATH: &str = "/webhook/alertmanager";

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_proxy_logs_in_as_the_web_config_user() {
        // base64("meshboard:s3cret")
        assert_eq!(
            basic_auth_header("s3cret"),
            "Basic bWVzaGJvYXJkOnMzY3JldA=="
        );
    }

    #[test]
    fn every_receiver_goes_to_the_recorder() {
        let config = render_config("http://127.0.0.1:9100/webhook/alertmanager");
        assert!(!config.contains("@WEBHOOK_URL@"));
        let receivers = config.matches("- name: ").count();
        assert!(receivers >= 5, "{config}");
        assert_eq!(
            config
                .matches("url: 'http://127.0.0.1:9100/webhook/alertmanager'")
                .count(),
            receivers
        );
    }
}
