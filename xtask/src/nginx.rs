//! The deploy suites (`tests/e2e/*.nginx.test.mjs`): Debian's real nginx running the rendered
//! `deploy/nginx.conf` unprivileged from a folder in target/, in front of a devstack whose Loki
//! and Jaeger refuse requests without a bearer token that only nginx knows (Alertmanager without
//! basic auth with the same token as password), plus a second
//! server on another port (another origin) for the example portal page.

// A host program: waiting for nginx to answer is timed with the wall clock.
#![allow(clippy::disallowed_methods)]

use crate::deploy::{self, DeploySettings};
use crate::shell::{describe, repo_root, run_captured, step};
use crate::stack::{Engine, Stack, StackOptions};
use std::io::Read;
use std::net::{Ipv4Addr, TcpListener};
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

/// Where the suites find Meshboard behind nginx.
const BASE_PATH: &str = "/ops/meshboard/";
const NGINX: &str = "/usr/sbin/nginx";

/// Runs every `tests/e2e/*.nginx.test.mjs` (or the given files) against nginx and the devstack.
pub fn run_deploy_suites(dist: &Path, only: &[String]) -> (bool, String) {
    match DeployRig::start(dist) {
        Ok(rig) => {
            let files: Vec<PathBuf> = if only.is_empty() {
                suite_files()
            } else {
                only.iter().map(PathBuf::from).collect()
            };
            let (ok, output) = rig.run_node(&files);
            let work_dir = rig.work_dir.clone();
            drop(rig);
            // A failed run keeps its folder: nginx's logs and config explain the failure.
            if ok {
                let _ = std::fs::remove_dir_all(work_dir);
            } else {
                println!("kept for inspection: {}", work_dir.display());
            }
            (ok, output)
        }
        Err(message) => {
            println!("deploy suite could not start: {message}");
            (false, format!("deploy suite could not start: {message}\n"))
        }
    }
}

/// True for the suites this module runs (so `cargo xtask e2e <file>` can route them here).
pub fn is_deploy_suite(file: &str) -> bool {
    file.ends_with(".nginx.test.mjs")
}

fn suite_files() -> Vec<PathBuf> {
    let mut files: Vec<PathBuf> = std::fs::read_dir(repo_root().join("tests/e2e"))
        .map(|entries| {
            entries
                .flatten()
                .map(|e| e.path())
                .filter(|p| is_deploy_suite(&p.to_string_lossy()))
                .collect()
        })
        .unwrap_or_default();
    files.sort();
    files
}

/// The devstack, nginx, and what the suites need to know about them; stops all on drop.
struct DeployRig {
    work_dir: PathBuf,
    token: String,
    app_url: String,
    portal_origin: String,
    foreign_origin: String,
    // Field order is drop order: nginx stops before the backends it proxies to. Only its
    // `Drop` matters here.
    _nginx: Nginx,
    stack: Stack,
}

impl DeployRig {
    fn start(dist: &Path) -> Result<DeployRig, String> {
        let work_dir = repo_root().join(format!("target/nginx-e2e-{}", std::process::id()));
        let _ = std::fs::remove_dir_all(&work_dir);
        std::fs::create_dir_all(&work_dir).map_err(|e| format!("{}: {e}", work_dir.display()))?;
        let token = random_token()?;
        let token_file = work_dir.join("backend-token");
        write_private(&token_file, &format!("{token}\n"))?;

        step("starting the devstack (Loki, Jaeger and Alertmanager require a credential) for the deploy suite");
        let stack = Stack::start_with_token(
            &StackOptions {
                engine: Engine::Prometheus,
                nodes: 12,
                fast_alerts: true,
                work_dir: work_dir.join("devstack"),
            },
            Some(&token_file),
        )?;

        let app_port = free_port()?;
        let portal_port = free_port_other_than(app_port)?;
        let portal_origin = format!("http://127.0.0.1:{portal_port}");
        // The same server under another host name is another origin, one no config lists.
        let foreign_origin = format!("http://localhost:{portal_port}");
        let secrets = work_dir.join("secrets.conf");
        write_private(
            &secrets,
            &format!(
                "# Written by xtask for the deploy suite: the devstack's bearer token.\n\
                 set $meshboard_loki_auth \"Bearer {token}\";\n\
                 set $meshboard_jaeger_auth \"Bearer {token}\";\n\
                 set $meshboard_alertmanager_auth \"{}\";\n",
                crate::stack::alertmanager_basic_auth(&token)
            ),
        )?;
        let settings = DeploySettings {
            base_path: BASE_PATH.into(),
            listen: format!("127.0.0.1:{app_port}"),
            prometheus: stack.prometheus_url(),
            loki: stack.loki_url(),
            jaeger: stack.jaeger_url(),
            alertmanager: stack.alertmanager_url(),
            portal_origins: portal_origin.clone(),
            secrets,
            out: work_dir.join("deploy"),
        };
        let production_conf = deploy::package(dist, &settings)?;
        let conf = std::fs::read_to_string(&production_conf).map_err(|e| e.to_string())?;
        let conf = with_server(&conf, &portal_server(portal_port))?;
        let conf_path = work_dir.join("deploy/nginx-with-portal.conf");
        std::fs::write(&conf_path, conf).map_err(|e| e.to_string())?;
        let nginx = Nginx::start(&work_dir.join("deploy/nginx"), &conf_path)?;
        let app_url = format!("http://127.0.0.1:{app_port}{BASE_PATH}");
        nginx.wait_until_serving(&app_url, Duration::from_secs(30))?;
        nginx.wait_until_serving(&format!("{portal_origin}/"), Duration::from_secs(30))?;
        println!("nginx serves Meshboard at {app_url} and the example portal at {portal_origin}/");
        Ok(DeployRig {
            work_dir,
            token,
            app_url,
            portal_origin,
            foreign_origin,
            _nginx: nginx,
            stack,
        })
    }

    fn run_node(&self, files: &[PathBuf]) -> (bool, String) {
        if files.is_empty() {
            return (false, "no tests/e2e/*.nginx.test.mjs suite found\n".into());
        }
        let mut command = Command::new("node");
        command
            .args(["--test", "--test-reporter=spec", "--test-concurrency=1"])
            .args(files)
            .current_dir(repo_root())
            .env("MESHBOARD_URL", &self.app_url)
            .env("MESHBOARD_PORTAL_ORIGIN", &self.portal_origin)
            .env("MESHBOARD_FOREIGN_ORIGIN", &self.foreign_origin)
            .env("MESHBOARD_PROMETHEUS_DIRECT", self.stack.prometheus_url())
            .env("MESHBOARD_LOKI_DIRECT", self.stack.loki_url())
            .env("MESHBOARD_JAEGER_DIRECT", self.stack.jaeger_url())
            .env(
                "MESHBOARD_ALERTMANAGER_DIRECT",
                self.stack.alertmanager_url(),
            )
            // The suite greps everything the browser sees for it.
            .env("MESHBOARD_BACKEND_TOKEN", &self.token)
            .env("CHROMIUM", "/usr/bin/chromium");
        run_captured(&mut command)
    }
}

/// The example portal's server: another port is another origin, as a real portal would be.
/// `/foreign.html` is an empty page for the suite to send messages from an unlisted origin.
fn portal_server(port: u16) -> String {
    let root = repo_root().join("deploy/example-portal");
    format!(
        r#"
    # Added by xtask for the deploy suite: the example portal on another origin.
    server {{
        listen 127.0.0.1:{port};
        server_name _;
        root {root};
        location = /favicon.ico {{ return 204; }}
        location = /foreign.html {{
            default_type text/html;
            return 200 "<!DOCTYPE html><title>Another site</title><p>Not the portal.</p>";
        }}
    }}
"#,
        root = root.display()
    )
}

/// Inserts `server` as the last block of the `http { }` context (the file's last `}`).
fn with_server(conf: &str, server: &str) -> Result<String, String> {
    let end = conf
        .rfind('}')
        .ok_or("the rendered nginx.conf has no closing brace")?;
    Ok(format!("{}{server}{}", &conf[..end], &conf[end..]))
}

/// nginx in the foreground (`daemon off`), its pid file, logs and temp files under `prefix`.
struct Nginx {
    child: Option<Child>,
    error_log: PathBuf,
}

impl Nginx {
    fn start(prefix: &Path, conf: &Path) -> Result<Nginx, String> {
        let error_log = prefix.join("error.log");
        let args = |command: &mut Command| {
            command
                .arg("-p")
                .arg(prefix)
                .arg("-c")
                .arg(conf)
                // Before it reads the config, nginx would write to /var/log/nginx otherwise.
                .arg("-e")
                .arg(&error_log);
        };
        let mut check = Command::new(NGINX);
        args(&mut check);
        check.arg("-t");
        let (ok, output) = run_captured(&mut check);
        if !ok {
            return Err(format!("nginx rejected {}:\n{output}", conf.display()));
        }
        let mut command = Command::new(NGINX);
        args(&mut command);
        command.args(["-g", "daemon off;"]);
        let log = std::fs::File::create(prefix.join("stdout.log")).map_err(|e| e.to_string())?;
        let err = log.try_clone().map_err(|e| e.to_string())?;
        command.stdin(Stdio::null()).stdout(log).stderr(err);
        println!("$ {}", describe(&command));
        let child = command
            .spawn()
            .map_err(|e| format!("could not start nginx: {e}"))?;
        Ok(Nginx {
            child: Some(child),
            error_log,
        })
    }

    fn wait_until_serving(&self, url: &str, timeout: Duration) -> Result<(), String> {
        let deadline = Instant::now() + timeout;
        let mut last = String::new();
        while Instant::now() < deadline {
            match ureq::get(url).timeout(Duration::from_secs(2)).call() {
                Ok(_) => return Ok(()),
                Err(e) => last = e.to_string(),
            }
            std::thread::sleep(Duration::from_millis(200));
        }
        Err(format!(
            "nginx did not serve {url} within {}s ({last}); see {}",
            timeout.as_secs(),
            self.error_log.display()
        ))
    }

    /// SIGTERM is nginx's fast shutdown: the master stops its workers, which SIGKILL would not.
    fn stop(&mut self) {
        let Some(mut child) = self.child.take() else {
            return;
        };
        let terminated = Command::new("kill")
            .args(["-TERM", &child.id().to_string()])
            .status()
            .is_ok_and(|s| s.success());
        if !terminated {
            let _ = child.kill();
        }
        let _ = child.wait();
    }
}

impl Drop for Nginx {
    fn drop(&mut self) {
        self.stop();
    }
}

/// 32 hex characters from the kernel's random source: a fresh credential per run.
fn random_token() -> Result<String, String> {
    let mut bytes = [0u8; 16];
    std::fs::File::open("/dev/urandom")
        .and_then(|mut f| f.read_exact(&mut bytes))
        .map_err(|e| format!("/dev/urandom: {e}"))?;
    Ok(bytes.iter().map(|b| format!("{b:02x}")).collect())
}

/// Writes a file only its owner can read (nginx's master reads it before dropping privileges).
fn write_private(path: &Path, text: &str) -> Result<(), String> {
    use std::io::Write;
    use std::os::unix::fs::OpenOptionsExt;
    let mut file = std::fs::OpenOptions::new()
        .write(true)
        .create(true)
        .truncate(true)
        .mode(0o600)
        .open(path)
        .map_err(|e| format!("{}: {e}", path.display()))?;
    file.write_all(text.as_bytes())
        .map_err(|e| format!("{}: {e}", path.display()))
}

fn free_port() -> Result<u16, String> {
    let listener = TcpListener::bind((Ipv4Addr::LOCALHOST, 0)).map_err(|e| e.to_string())?;
    listener
        .local_addr()
        .map(|a| a.port())
        .map_err(|e| e.to_string())
}

fn free_port_other_than(taken: u16) -> Result<u16, String> {
    (0..20)
        .map(|_| free_port())
        .find(|port| port.as_ref().map_or(true, |p| *p != taken))
        .unwrap_or_else(|| Err("no second free port on 127.0.0.1".into()))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_portal_server_goes_inside_http() {
        let conf = "events {}\nhttp {\n    server { listen 1; }\n}\n";
        let joined = with_server(conf, "    server { listen 2; }\n").unwrap();
        assert_eq!(
            joined,
            "events {}\nhttp {\n    server { listen 1; }\n    server { listen 2; }\n}\n"
        );
    }

    #[test]
    fn tokens_are_fresh_and_hex() {
        let (a, b) = (random_token().unwrap(), random_token().unwrap());
        assert_eq!(a.len(), 32);
        assert!(a.chars().all(|c| c.is_ascii_hexdigit()));
        assert_ne!(a, b);
    }
}
