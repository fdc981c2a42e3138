//! Test helpers: a temp dir, the binary, JSONL reading.

use serde_json::Value;
use std::path::{Path, PathBuf};
use std::process::{Command, Output, Stdio};

/// The repository root.
pub fn repo() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

/// A temporary working folder for one test.
pub struct Env {
    pub dir: tempfile::TempDir,
}

impl Env {
    pub fn new() -> Env {
        Env {
            dir: tempfile::tempdir().unwrap(),
        }
    }

    pub fn path(&self, rel: &str) -> PathBuf {
        self.dir.path().join(rel)
    }

    pub fn write(&self, rel: &str, content: impl AsRef<[u8]>) -> PathBuf {
        let p = self.path(rel);
        if let Some(parent) = p.parent() {
            std::fs::create_dir_all(parent).unwrap();
        }
        std::fs::write(&p, content).unwrap();
        p
    }

    /// A `textpipe` command running in the temp dir.
    pub fn cmd(&self) -> Command {
        let mut c = Command::new(env!("CARGO_BIN_EXE_textpipe"));
        c.current_dir(self.dir.path());
        c.env_remove("RUST_LOG");
        c.env_remove("TEXTPIPE_PLUGIN_PATH");
        c
    }

    /// Runs `textpipe ARGS` and returns its output.
    pub fn run(&self, args: &[&str]) -> Output {
        self.cmd().args(args).stdin(Stdio::null()).output().unwrap()
    }

    /// Runs with `stdin` as standard input.
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
        let writer = std::thread::spawn(move || {
            let _ = input.write_all(&data);
        });
        let out = child.wait_with_output().unwrap();
        writer.join().unwrap();
        out
    }
}

/// Asserts success and returns stderr, printing both streams on failure.
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

/// Asserts exit code `code` and returns stderr.
pub fn fails(out: &Output, code: i32) -> String {
    let stderr = String::from_utf8_lossy(&out.stderr).into_owned();
    assert_eq!(
        out.status.code(),
        Some(code),
        "unexpected exit code\n--- stderr ---\n{stderr}"
    );
    stderr
}

/// Parses JSONL bytes.
pub fn parse_jsonl(bytes: &[u8]) -> Vec<Value> {
    bytes
        .split(|b| *b == b'\n')
        .filter(|l| !l.is_empty())
        .map(|l| serde_json::from_slice(l).unwrap())
        .collect()
}

/// Reads a JSONL file (plain, .gz or .zst).
pub fn read_jsonl(path: &Path) -> Vec<Value> {
    use std::io::Read;
    let raw = std::fs::read(path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
    let bytes = match path.extension().and_then(|e| e.to_str()) {
        Some("gz") => {
            let mut s = Vec::new();
            flate2::read::MultiGzDecoder::new(&raw[..])
                .read_to_end(&mut s)
                .unwrap();
            s
        }
        Some("zst") => zstd::decode_all(&raw[..]).unwrap(),
        _ => raw,
    };
    parse_jsonl(&bytes)
}

/// Writes `n` synthetic news-like records as JSONL (plain text; deterministic).
pub fn synthetic_jsonl(n: usize) -> String {
    let people = [
        "Anna Berg",
        "Tomas Ruiz",
        "Li Wen",
        "Omar Haddad",
        "Grace Otieno",
    ];
    let places = ["Lisbon", "Nairobi", "Osaka", "Quito", "Tallinn"];
    let orgs = [
        "the Harbour Authority",
        "Northwind Bank",
        "the City Council",
        "Apex Rail",
    ];
    let mut out = String::new();
    for i in 0..n {
        let p = people[i % people.len()];
        let q = places[(i * 7) % places.len()];
        let o = orgs[(i * 3) % orgs.len()];
        let text = format!(
            "{q} — {p} said on Monday that {o} would hire {n} workers by March.\n\n\
             \"We expect growth of {pct}% next year,\" {p} told reporters. Dr. Smith, an analyst \
             at the U.S. office, disagreed. The plan costs $1.{i}bn.\n\n\
             Critics said the move came too late. Officials declined to comment on the \
             {n} new jobs.",
            n = 100 + i,
            pct = i % 40
        );
        out.push_str(&serde_json::json!({"id": format!("doc-{i:04}"), "text": text}).to_string());
        out.push('\n');
    }
    out
}
