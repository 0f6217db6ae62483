//! `cargo xtask`: set-up, running and checking Meshboard in one place.
fn main() {}
