//! The progress bar on stderr (only when stderr is a terminal).

use indicatif::{ProgressBar, ProgressDrawTarget, ProgressStyle};
use std::io::IsTerminal;
use textpipe_core::executor::{Progress, ProgressFn};

/// A progress callback for the executor, or `None` when stderr is not a terminal or `quiet`.
/// `total_bytes` (input size on disk) enables the ETA.
pub fn bar(total_bytes: Option<u64>, quiet: bool) -> Option<(ProgressBar, ProgressFn)> {
    if quiet || !std::io::stderr().is_terminal() {
        return None;
    }
    let bar = match total_bytes {
        Some(n) if n > 0 => {
            let b = ProgressBar::with_draw_target(Some(n), ProgressDrawTarget::stderr());
            b.set_style(
                ProgressStyle::with_template(
                    "{bar:30} {bytes}/{total_bytes} {msg} [{elapsed_precise}, ETA {eta}]",
                )
                .unwrap_or_else(|_| ProgressStyle::default_bar()),
            );
            b
        }
        _ => {
            let b = ProgressBar::with_draw_target(None, ProgressDrawTarget::stderr());
            b.set_style(
                ProgressStyle::with_template("{spinner} {bytes} {msg} [{elapsed_precise}]")
                    .unwrap_or_else(|_| ProgressStyle::default_spinner()),
            );
            b
        }
    };
    let started = std::time::Instant::now();
    let handle = bar.clone();
    let f: ProgressFn = Box::new(move |p: &Progress| {
        let secs = started.elapsed().as_secs_f64().max(1e-9);
        handle.set_position(p.input_bytes);
        handle.set_message(format!(
            "{} docs, {} rejected, {:.1} MB/s, {:.0} docs/s",
            p.read,
            p.rejected,
            p.text_bytes as f64 / 1e6 / secs,
            p.read as f64 / secs
        ));
    });
    Some((bar, f))
}
