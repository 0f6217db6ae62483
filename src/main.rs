//! Entry point of the browser app; trunk builds this binary for wasm32.

#[cfg(target_arch = "wasm32")]
fn main() {
    // When the wasm is compiled and running: `cargo xtask bench` splits the time to the first
    // chart at this mark (download and compile before it, the app's own waits after it).
    if let Some(performance) = web_sys::window().and_then(|w| w.performance()) {
        let _ = performance.mark("meshboard-wasm-started");
    }
    meshboard::ui::start();
}

#[cfg(not(target_arch = "wasm32"))]
fn main() {
    eprintln!("Meshboard runs in the browser: `cargo xtask demo` builds and serves it.");
}
