//! The devstack's real Alertmanager (Debian `prometheus-alertmanager`): its configuration
//! (`devstack/alertmanager/alertmanager.yml`, every receiver a webhook to meshsim's recorder),
//! installing the package when missing, and starting it under the supervisor before the engine,
//! so the engine's first alert finds it listening.

use super::{Layout, Stack};
use crate::tools::ensure_debian_packages;
use std::path::Path;
use std::process::Command;
use std::time::Duration;

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

/// Starts Alertmanager and waits until it answers `/-/ready`.
pub fn start(stack: &mut Stack, layout: &Layout) -> Result<(), String> {
    write_config(layout, &format!("{}{}", stack.control_url(), WEBHOOK_PATH))?;
    let data_dir = layout.data_dir.with_file_name("alertmanager");
    std::fs::create_dir_all(&data_dir).map_err(|e| format!("{}: {e}", data_dir.display()))?;
    let am = command(stack, layout, &data_dir);
    stack.children.spawn("alertmanager", am)?;
    let ready = format!("{}/-/ready", stack.alertmanager_url());
    stack.children.wait_http_ok(&ready, Duration::from_secs(60))
}

/// meshsim's webhook recorder (`devstack/src/webhook.rs`).
pub const WEBHOOK_PATH: &str = "/webhook/alertmanager";

#[cfg(test)]
mod tests {
    use super::*;

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
