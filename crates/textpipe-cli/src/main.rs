//! textpipe binary (being written).
fn main() {}
