//! Running commands and saying so: every step xtask takes is printed before it runs.

use std::path::{Path, PathBuf};
use std::process::Command;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::Arc;

/// The repository root (the parent of xtask/).
pub fn repo_root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .parent()
        .expect("xtask lives inside the repository")
        .to_path_buf()
}

/// Prints a step heading.
pub fn step(text: &str) {
    println!("\n==> {text}");
}

/// Runs a command, echoing it; an error says which command failed and how.
pub fn run(command: &mut Command) -> Result<(), String> {
    println!("$ {}", describe(command));
    let status = command
        .status()
        .map_err(|e| format!("could not start `{}`: {e}", describe(command)))?;
    if status.success() {
        Ok(())
    } else {
        Err(format!("`{}` failed ({status})", describe(command)))
    }
}

/// Runs a command and captures stdout+stderr while also echoing them, for counting tests.
pub fn run_captured(command: &mut Command) -> (bool, String) {
    println!("$ {}", describe(command));
    match command.output() {
        Ok(output) => {
            let mut text = String::from_utf8_lossy(&output.stdout).into_owned();
            text.push_str(&String::from_utf8_lossy(&output.stderr));
            print!("{text}");
            (output.status.success(), text)
        }
        Err(e) => {
            let message = format!("could not start `{}`: {e}\n", describe(command));
            print!("{message}");
            (false, message)
        }
    }
}

pub fn describe(command: &Command) -> String {
    let mut text = command.get_program().to_string_lossy().into_owned();
    for arg in command.get_args() {
        text.push(' ');
        text.push_str(&arg.to_string_lossy());
    }
    text
}

/// True when `program` is on PATH (or is a path that exists).
pub fn have(program: &str) -> bool {
    which(program).is_some()
}

pub fn which(program: &str) -> Option<PathBuf> {
    if program.contains('/') {
        return Path::new(program).exists().then(|| PathBuf::from(program));
    }
    let path = std::env::var_os("PATH")?;
    std::env::split_paths(&path)
        .map(|dir| dir.join(program))
        .find(|candidate| candidate.is_file())
}

/// Blocks until Ctrl-C (or SIGTERM); children are stopped by their owners' `Drop`.
pub fn wait_for_ctrl_c() {
    let stop = Arc::new(AtomicBool::new(false));
    let flag = stop.clone();
    if ctrlc::set_handler(move || flag.store(true, Ordering::SeqCst)).is_err() {
        eprintln!("xtask: could not install the Ctrl-C handler; stop with kill");
    }
    while !stop.load(Ordering::SeqCst) {
        std::thread::sleep(std::time::Duration::from_millis(200));
    }
}
