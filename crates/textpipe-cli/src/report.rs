//! Logging setup, error printing and exit codes: every error leaves the program through
//! [`error`], which prints the whole cause chain and picks the exit code.

use std::process::ExitCode;

/// Documented exit codes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Exit {
    /// The run completed (rejected documents do not change this).
    Success = 0,
    /// The run started but did not complete: a document failed under fail-fast, a stage failed
    /// fatally, an input could not be read to its end, or the output could not be written.
    RunFailed = 1,
    /// Nothing ran: bad command line, invalid pipeline config, unreadable input, unwritable
    /// output.
    Usage = 2,
    /// Interrupted by SIGINT or SIGTERM; no partial output file was left under a final name.
    Interrupted = 130,
}

impl From<Exit> for ExitCode {
    fn from(e: Exit) -> Self {
        ExitCode::from(e as u8)
    }
}

/// An error with the exit code it should produce.
#[derive(Debug)]
pub struct Failure {
    /// Exit code.
    pub exit: Exit,
    /// The error, with context.
    pub error: anyhow::Error,
}

/// Attaches an exit code to errors.
pub trait WithExit<T> {
    /// Maps the error to a [`Failure`] with `exit`.
    fn exit(self, exit: Exit) -> Result<T, Failure>;
}

impl<T, E: Into<anyhow::Error>> WithExit<T> for Result<T, E> {
    fn exit(self, exit: Exit) -> Result<T, Failure> {
        self.map_err(|e| Failure {
            exit,
            error: e.into(),
        })
    }
}

/// Prints `f` (the whole cause chain) to stderr and returns its exit code. A broken pipe on
/// stdout (`textpipe run ... | head`) is not an error.
pub fn error(f: &Failure) -> ExitCode {
    let broken_pipe = f.error.chain().any(|c| {
        c.downcast_ref::<std::io::Error>()
            .is_some_and(|e| e.kind() == std::io::ErrorKind::BrokenPipe)
    });
    if broken_pipe {
        return ExitCode::SUCCESS;
    }
    eprintln!("textpipe: error: {}", chain_text(&f.error));
    f.exit.into()
}

/// The error and its causes joined by ": ", skipping a cause whose text the previous message
/// already ends with (error types that print their source in their own message).
fn chain_text(err: &anyhow::Error) -> String {
    let mut out = String::new();
    for cause in err.chain() {
        let text = cause.to_string();
        if out.ends_with(&text) {
            continue;
        }
        if !out.is_empty() {
            out.push_str(": ");
        }
        out.push_str(&text);
    }
    out
}

/// Sets up tracing on stderr: `-q` shows errors only, default warnings, `-v` info, `-vv` debug;
/// `RUST_LOG` overrides.
pub fn init_logging(verbose: u8, quiet: bool) {
    use tracing_subscriber::EnvFilter;
    let level = if quiet {
        "error"
    } else {
        match verbose {
            0 => "warn",
            1 => "info",
            2 => "debug",
            _ => "trace",
        }
    };
    let filter = EnvFilter::try_from_default_env().unwrap_or_else(|_| EnvFilter::new(level));
    let _ = tracing_subscriber::fmt()
        .with_env_filter(filter)
        .with_writer(std::io::stderr)
        .with_target(false)
        .try_init();
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn chain_skips_repeated_causes() {
        let io = std::io::Error::new(std::io::ErrorKind::NotFound, "no such file");
        let err = anyhow::Error::new(io)
            .context("out.jsonl: no such file")
            .context("cannot create output");
        assert_eq!(
            chain_text(&err),
            "cannot create output: out.jsonl: no such file"
        );
    }
}
