//! Repairs mojibake line by line from stdin (for checking the repair against test sets):
//! `cargo run -p textpipe-clean --example fix_lines < cases.txt`.

use std::io::{BufRead, Write};

fn main() {
    let stdin = std::io::stdin();
    let mut out = std::io::stdout().lock();
    for line in stdin.lock().lines().map_while(Result::ok) {
        let fixed = textpipe_clean::mojibake::fix_mojibake(&line).map_or(line, |(t, _)| t);
        let _ = writeln!(out, "{fixed}");
    }
}
