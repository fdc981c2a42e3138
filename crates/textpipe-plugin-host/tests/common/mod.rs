//! Builds the example plugins (cargo does not build cdylib crates for a test) and finds them.

use std::path::{Path, PathBuf};
use std::process::Command;
use std::sync::OnceLock;

/// The profile folder this test binary was built into (`target/debug`), from the test
/// executable's path (`target/debug/deps/<test>`).
pub fn profile_dir() -> PathBuf {
    let exe = std::env::current_exe().unwrap();
    exe.parent().unwrap().parent().unwrap().to_path_buf()
}

/// Builds every example plugin once per test binary, into this test's target dir and
/// profile; returns the profile dir holding the libraries.
pub fn plugins() -> &'static Path {
    static BUILT: OnceLock<PathBuf> = OnceLock::new();
    BUILT.get_or_init(|| {
        let profile = profile_dir();
        let target = profile.parent().unwrap();
        let cargo = std::env::var("CARGO").unwrap_or_else(|_| "cargo".into());
        let mut cmd = Command::new(cargo);
        cmd.current_dir(env!("CARGO_MANIFEST_DIR"))
            .env("CARGO_TARGET_DIR", target)
            .args(["build", "--quiet"]);
        for p in [
            "word-stats",
            "length-filter",
            "panicking",
            "abi-mismatch",
            "noop",
        ] {
            cmd.args(["-p", p]);
        }
        if profile.file_name().and_then(|n| n.to_str()) == Some("release") {
            cmd.arg("--release");
        }
        let status = cmd.status().unwrap();
        assert!(status.success(), "building the example plugins failed");
        profile
    })
}

/// Path of plugin library `crate_name` (e.g. `word_stats`).
pub fn lib(crate_name: &str) -> PathBuf {
    plugins().join(format!(
        "{}{crate_name}{}",
        std::env::consts::DLL_PREFIX,
        std::env::consts::DLL_SUFFIX
    ))
}

/// Compiles `source` into a shared library with rustc (for libraries that are not plugins).
pub fn rustc_cdylib(dir: &Path, name: &str, source: &str) -> PathBuf {
    let src = dir.join(format!("{name}.rs"));
    std::fs::write(&src, source).unwrap();
    let out = dir.join(format!(
        "{}{name}{}",
        std::env::consts::DLL_PREFIX,
        std::env::consts::DLL_SUFFIX
    ));
    let rustc = std::env::var("RUSTC").unwrap_or_else(|_| "rustc".into());
    let status = Command::new(rustc)
        .args(["--crate-type", "cdylib", "--edition", "2021", "-o"])
        .arg(&out)
        .arg(&src)
        .status()
        .unwrap();
    assert!(status.success(), "rustc failed on {name}");
    out
}
