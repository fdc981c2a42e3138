//! Building plugins for tests. cargo does not build the cdylib crates a test loads, so the
//! tests build them: the workspace's plugin crates with `cargo build -p ...` into the target
//! dir and profile of the test itself (once per test process), a crate elsewhere (a generated
//! one) with `cargo build`, and a one-file library with `rustc` (for libraries that are not
//! plugins at all).

use std::path::{Path, PathBuf};
use std::process::Command;
use std::sync::OnceLock;

/// The file name of the shared library of crate `crate_name` (`word_stats` gives
/// `libword_stats.so` on Linux).
pub fn dylib_name(crate_name: &str) -> String {
    format!(
        "{}{crate_name}{}",
        std::env::consts::DLL_PREFIX,
        std::env::consts::DLL_SUFFIX
    )
}

/// The cargo running the tests (`$CARGO`), or `cargo` from PATH.
pub fn cargo() -> Command {
    Command::new(std::env::var("CARGO").unwrap_or_else(|_| "cargo".into()))
}

/// Plugin packages of the workspace, built on first use into a profile folder (`target/debug`
/// or `target/release`), where their libraries are then found. Meant for a `static`:
///
/// ```no_run
/// use std::sync::LazyLock;
/// use textpipe_testkit::Plugins;
/// static PLUGINS: LazyLock<Plugins> =
///     LazyLock::new(|| Plugins::beside_test_exe(&["word-stats", "noop"]));
/// let lib = PLUGINS.lib("word_stats"); // builds both packages the first time
/// ```
#[derive(Debug)]
pub struct Plugins {
    profile: PathBuf,
    packages: Vec<String>,
    built: OnceLock<()>,
}

impl Plugins {
    /// `packages` built into the profile folder of the running test executable
    /// (`target/debug/deps/<test>` gives `target/debug`): the same target dir and profile the
    /// test was built with, so the build is incremental and reuses the test's dependencies.
    pub fn beside_test_exe(packages: &[&str]) -> Plugins {
        let exe = std::env::current_exe().unwrap();
        let profile = exe.parent().unwrap().parent().unwrap().to_path_buf();
        Plugins::in_profile(profile, packages)
    }

    /// `packages` built into the profile folder holding binary `bin` (for the root package's
    /// tests: `env!("CARGO_BIN_EXE_textpipe")` is `target/debug/textpipe`).
    pub fn beside_binary(bin: impl AsRef<Path>, packages: &[&str]) -> Plugins {
        Plugins::in_profile(bin.as_ref().parent().unwrap().to_path_buf(), packages)
    }

    /// `packages` built into profile folder `profile` (`<target dir>/<profile name>`).
    pub fn in_profile(profile: PathBuf, packages: &[&str]) -> Plugins {
        Plugins {
            profile,
            packages: packages.iter().map(|p| p.to_string()).collect(),
            built: OnceLock::new(),
        }
    }

    /// The profile folder, without building anything.
    pub fn profile_dir(&self) -> &Path {
        &self.profile
    }

    /// The target dir holding the profile folder (for other builds that should share it).
    pub fn target_dir(&self) -> &Path {
        self.profile.parent().unwrap()
    }

    /// Builds the packages (the first time only; other threads wait for that build) and
    /// returns the folder holding their libraries.
    pub fn dir(&self) -> &Path {
        self.built.get_or_init(|| {
            let mut cmd = cargo();
            cmd.current_dir(crate::env::workspace_root())
                .env("CARGO_TARGET_DIR", self.target_dir())
                .args(["build", "--quiet"]);
            for p in &self.packages {
                cmd.args(["-p", p]);
            }
            if self.profile.file_name().and_then(|n| n.to_str()) == Some("release") {
                cmd.arg("--release");
            }
            let status = cmd.status().unwrap();
            assert!(
                status.success(),
                "building the plugins {:?} failed",
                self.packages
            );
        });
        &self.profile
    }

    /// The library of crate `crate_name` (e.g. `word_stats`), built first if need be.
    pub fn lib(&self, crate_name: &str) -> PathBuf {
        self.dir().join(dylib_name(crate_name))
    }
}

/// Builds the crate in folder `dir` (a generated plugin crate, outside the workspace) with
/// `cargo build` into `target_dir`; returns the debug profile folder holding its library.
/// A `target_dir` that persists between test runs keeps the build incremental.
pub fn build_crate(dir: &Path, target_dir: &Path) -> PathBuf {
    let status = cargo()
        .current_dir(dir)
        .env("CARGO_TARGET_DIR", target_dir)
        .args(["build", "--quiet"])
        .status()
        .unwrap();
    assert!(status.success(), "{} does not build", dir.display());
    target_dir.join("debug")
}

/// Compiles `source` (one Rust file) into the shared library `name` in `dir` with rustc, and
/// returns its path: for libraries that are not plugins (missing symbols, wrong signatures).
pub fn rustc_cdylib(dir: &Path, name: &str, source: &str) -> PathBuf {
    let src = dir.join(format!("{name}.rs"));
    std::fs::write(&src, source).unwrap();
    let out = dir.join(dylib_name(name));
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
