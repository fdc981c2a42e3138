//! A temporary folder for one test, the binary under test run inside it, and checks of how the
//! binary exited.

use std::path::{Path, PathBuf};
use std::process::{Child, Command, ExitStatus, Output, Stdio};
use std::time::{Duration, Instant};

/// The root of the textpipe workspace (where `pipelines/`, `examples/` and `deploy/` are),
/// for tests that read the shipped files.
pub fn workspace_root() -> PathBuf {
    // This crate lives in `<root>/crates/textpipe-testkit`.
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .ancestors()
        .nth(2)
        .unwrap()
        .to_path_buf()
}

/// A temporary working folder for one test, and the binary the test runs in it. The folder is
/// removed when the `Env` is dropped.
pub struct Env {
    /// The temporary folder (public so a test can hand it to other APIs).
    pub dir: tempfile::TempDir,
    bin: PathBuf,
}

impl Env {
    /// A fresh temporary folder for running `bin` (in the root package's tests:
    /// `Env::new(env!("CARGO_BIN_EXE_textpipe"))`).
    pub fn new(bin: impl Into<PathBuf>) -> Env {
        Env {
            dir: tempfile::tempdir().unwrap(),
            bin: bin.into(),
        }
    }

    /// The binary this environment runs.
    pub fn bin(&self) -> &Path {
        &self.bin
    }

    /// The temporary folder.
    pub fn root(&self) -> &Path {
        self.dir.path()
    }

    /// The absolute path of `rel` inside the folder (`""` is the folder itself).
    pub fn path(&self, rel: &str) -> PathBuf {
        self.dir.path().join(rel)
    }

    /// Writes `content` to `rel` (creating parent folders) and returns its absolute path.
    pub fn write(&self, rel: &str, content: impl AsRef<[u8]>) -> PathBuf {
        let p = self.path(rel);
        if let Some(parent) = p.parent() {
            std::fs::create_dir_all(parent).unwrap();
        }
        std::fs::write(&p, content).unwrap();
        p
    }

    /// The binary as a command running in the folder, without the `RUST_LOG` and
    /// `TEXTPIPE_PLUGIN_PATH` of the environment running the tests (they change its output).
    pub fn cmd(&self) -> Command {
        let mut c = Command::new(&self.bin);
        c.current_dir(self.dir.path());
        c.env_remove("RUST_LOG");
        c.env_remove("TEXTPIPE_PLUGIN_PATH");
        c
    }

    /// Runs the binary with `args` (stdin closed) and returns its output.
    pub fn run(&self, args: &[&str]) -> Output {
        self.cmd().args(args).stdin(Stdio::null()).output().unwrap()
    }

    /// Runs the binary with `args` and `stdin` as its standard input.
    pub fn run_stdin(&self, args: &[&str], stdin: &[u8]) -> Output {
        use std::io::Write;
        let mut child = self
            .cmd()
            .args(args)
            .stdin(Stdio::piped())
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()
            .unwrap();
        let mut input = child.stdin.take().unwrap();
        let data = stdin.to_vec();
        // Written from another thread: a child that fills its stdout pipe before reading all of
        // stdin would otherwise deadlock with us.
        let writer = std::thread::spawn(move || {
            let _ = input.write_all(&data);
        });
        let out = child.wait_with_output().unwrap();
        writer.join().unwrap();
        out
    }

    /// Reads the JSONL file `rel` of the folder (plain, `.gz` or `.zst`).
    pub fn read_jsonl(&self, rel: &str) -> Vec<serde_json::Value> {
        crate::jsonl::read_jsonl(&self.path(rel))
    }

    /// Reads the JSON file `rel` of the folder (a `--stats` file, a completion marker).
    pub fn read_json(&self, rel: &str) -> serde_json::Value {
        crate::jsonl::read_json(&self.path(rel))
    }
}

/// Asserts that the process succeeded and returns its stderr; on failure the message shows
/// the exit code and both streams.
#[track_caller]
pub fn ok(out: &Output) -> String {
    let stderr = String::from_utf8_lossy(&out.stderr).into_owned();
    assert!(
        out.status.success(),
        "expected success, got {:?}\n--- stderr ---\n{}\n--- stdout ---\n{}",
        out.status.code(),
        stderr,
        String::from_utf8_lossy(&out.stdout)
    );
    stderr
}

/// Asserts that the process exited with `code` and returns its stderr.
#[track_caller]
pub fn fails(out: &Output, code: i32) -> String {
    let stderr = String::from_utf8_lossy(&out.stderr).into_owned();
    assert_eq!(
        out.status.code(),
        Some(code),
        "unexpected exit code\n--- stderr ---\n{stderr}"
    );
    stderr
}

/// Waits for `child` at most `secs` seconds; after that kills it and fails the test, so a hung
/// process cannot hang the test suite.
#[track_caller]
pub fn wait_timeout(child: &mut Child, secs: u64) -> ExitStatus {
    let deadline = Instant::now() + Duration::from_secs(secs);
    loop {
        if let Some(st) = child.try_wait().unwrap() {
            return st;
        }
        if Instant::now() > deadline {
            let _ = child.kill();
            let _ = child.wait();
            panic!("the process did not finish within {secs} s");
        }
        std::thread::sleep(Duration::from_millis(20));
    }
}

/// The names of the files in `dir` whose name contains `needle`, sorted (e.g. `".tmp-"`: the
/// temporary files an interrupted atomic write leaves).
pub fn files_containing(dir: &Path, needle: &str) -> Vec<String> {
    let mut v: Vec<String> = std::fs::read_dir(dir)
        .unwrap_or_else(|e| panic!("{}: {e}", dir.display()))
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .filter(|n| n.contains(needle))
        .collect();
    v.sort();
    v
}
