//! meshsim command line (being written).
fn main() {}
