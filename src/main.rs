//! Entry point of the browser app; trunk builds this binary for wasm32.

#[cfg(target_arch = "wasm32")]
fn main() {
    meshboard::ui::start();
}

#[cfg(not(target_arch = "wasm32"))]
fn main() {
    eprintln!("Meshboard runs in the browser: `cargo xtask demo` builds and serves it.");
}
