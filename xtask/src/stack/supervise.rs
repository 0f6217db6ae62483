//! Process supervision for the devstack: children started with their output in a log file each,
//! waits that fail early (with the log's name) when a child dies instead of running out the
//! clock, an orderly stop on drop, and the choice of free ports.

use crate::shell::describe;
use std::fs::File;
use std::net::{Ipv4Addr, TcpListener};
use std::path::PathBuf;
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

/// A running child and what to call it in messages.
struct Process {
    name: &'static str,
    child: Child,
}

/// The stack's children; dropping it stops them all.
pub struct Supervisor {
    /// Where each child's `<name>.log` goes.
    log_dir: PathBuf,
    /// Stopped in reverse order on drop: the simulator (started first) last, so the engine
    /// never sees it vanish.
    processes: Vec<Process>,
}

impl Supervisor {
    pub fn new(log_dir: PathBuf) -> Supervisor {
        Supervisor {
            log_dir,
            processes: Vec::new(),
        }
    }

    /// Starts `command` with stdin closed and stdout and stderr in `<log_dir>/<name>.log`.
    pub fn spawn(&mut self, name: &'static str, mut command: Command) -> Result<(), String> {
        let log_path = self.log_dir.join(format!("{name}.log"));
        let log = File::create(&log_path).map_err(|e| format!("{}: {e}", log_path.display()))?;
        let err = log.try_clone().map_err(|e| e.to_string())?;
        command.stdin(Stdio::null()).stdout(log).stderr(err);
        println!("$ {} (log: {})", describe(&command), log_path.display());
        let child = command
            .spawn()
            .map_err(|e| format!("could not start {name}: {e}"))?;
        self.processes.push(Process { name, child });
        Ok(())
    }

    /// The process id of the first running child with one of these names.
    pub fn pid_of(&self, names: &[&str]) -> Option<u32> {
        self.processes
            .iter()
            .find(|p| names.contains(&p.name))
            .map(|p| p.child.id())
    }

    /// Fails with the log's path when a child has died.
    pub fn check_children(&mut self) -> Result<(), String> {
        for p in &mut self.processes {
            if let Ok(Some(status)) = p.child.try_wait() {
                let log = self.log_dir.join(format!("{}.log", p.name));
                return Err(format!(
                    "{} exited early ({status}); see {}",
                    p.name,
                    log.display()
                ));
            }
        }
        Ok(())
    }

    /// Waits until `url` answers 2xx, failing early when a child dies.
    pub fn wait_http_ok(&mut self, url: &str, timeout: Duration) -> Result<(), String> {
        self.wait_http_ok_as(url, None, timeout)
    }

    /// `wait_http_ok` sending `authorization` (a server that refuses anonymous requests).
    pub fn wait_http_ok_as(
        &mut self,
        url: &str,
        authorization: Option<&str>,
        timeout: Duration,
    ) -> Result<(), String> {
        let deadline = Instant::now() + timeout;
        while Instant::now() < deadline {
            self.check_children()?;
            let mut request = ureq::get(url).timeout(Duration::from_secs(2));
            if let Some(value) = authorization {
                request = request.set("Authorization", value);
            }
            if request.call().is_ok() {
                return Ok(());
            }
            std::thread::sleep(Duration::from_millis(500));
        }
        Err(format!(
            "{url} did not answer within {}s",
            timeout.as_secs()
        ))
    }
}

impl Drop for Supervisor {
    /// SIGTERM to every child (newest first), so the engines close their storage cleanly, then
    /// SIGKILL to any still running after 10s.
    fn drop(&mut self) {
        for p in self.processes.iter().rev() {
            let _ = Command::new("kill")
                .arg("-TERM")
                .arg(p.child.id().to_string())
                .status();
        }
        let deadline = Instant::now() + Duration::from_secs(10);
        for p in self.processes.iter_mut().rev() {
            while Instant::now() < deadline {
                if let Ok(Some(_)) = p.child.try_wait() {
                    break;
                }
                std::thread::sleep(Duration::from_millis(100));
            }
            if let Ok(None) = p.child.try_wait() {
                eprintln!("devstack: {} ignored SIGTERM; killing it", p.name);
                let _ = p.child.kill();
                let _ = p.child.wait();
            }
        }
    }
}

/// Runs a command to completion and returns its stdout (stderr shows live), echoing it first.
pub fn run_output(command: &mut Command) -> Result<String, String> {
    println!("$ {}", describe(command));
    let output = command
        .stderr(Stdio::inherit())
        .output()
        .map_err(|e| format!("could not start `{}`: {e}", describe(command)))?;
    if !output.status.success() {
        return Err(format!(
            "`{}` failed ({})",
            describe(command),
            output.status
        ));
    }
    Ok(String::from_utf8_lossy(&output.stdout).into_owned())
}

/// One port per entry of `preferred`, all distinct: the preferred one when it is free (those
/// the app's dev proxy and docs assume), else any free one.
pub fn pick_ports(preferred: &[u16]) -> Result<Vec<u16>, String> {
    let mut taken = Vec::new();
    for &port in preferred {
        let port =
            if !taken.contains(&port) && TcpListener::bind((Ipv4Addr::LOCALHOST, port)).is_ok() {
                port
            } else {
                free_port(&taken)?
            };
        taken.push(port);
    }
    Ok(taken)
}

fn free_port(taken: &[u16]) -> Result<u16, String> {
    for _ in 0..20 {
        let listener = TcpListener::bind((Ipv4Addr::LOCALHOST, 0)).map_err(|e| e.to_string())?;
        let port = listener.local_addr().map_err(|e| e.to_string())?.port();
        if !taken.contains(&port) {
            return Ok(port);
        }
    }
    Err("no free port on 127.0.0.1".to_string())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn picked_ports_are_distinct() {
        // The same preferred port twice must still give two ports.
        let mut ports = pick_ports(&[9090, 8880, 9100, 3100, 16686, 9090]).unwrap();
        ports.sort_unstable();
        ports.dedup();
        assert_eq!(ports.len(), 6);
    }

    #[test]
    fn a_dead_child_is_reported_with_its_log() {
        let dir = std::env::temp_dir().join(format!("xtask-supervise-{}", std::process::id()));
        std::fs::create_dir_all(&dir).unwrap();
        let mut children = Supervisor::new(dir.clone());
        children.spawn("quitter", Command::new("true")).unwrap();
        let deadline = Instant::now() + Duration::from_secs(10);
        let error = loop {
            match children.check_children() {
                Err(e) => break e,
                Ok(()) if Instant::now() < deadline => {
                    std::thread::sleep(Duration::from_millis(20))
                }
                Ok(()) => panic!("the child's exit was not noticed"),
            }
        };
        assert!(error.starts_with("quitter exited early"), "{error}");
        assert!(error.contains("quitter.log"), "{error}");
        drop(children);
        let _ = std::fs::remove_dir_all(dir);
    }
}
