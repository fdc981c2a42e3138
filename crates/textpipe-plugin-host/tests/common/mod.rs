//! The plugins these tests load, built with the test kit (cargo does not build cdylib crates
//! for a test): the example plugins in plugins/ and the test fixtures in tests/fixtures/.

use std::path::{Path, PathBuf};
use std::sync::LazyLock;

pub use textpipe_testkit::rustc_cdylib;

/// Built once per test binary, into this test's target dir and profile.
static PLUGINS: LazyLock<textpipe_testkit::Plugins> = LazyLock::new(|| {
    textpipe_testkit::Plugins::beside_test_exe(&[
        "word-stats",
        "length-filter",
        "panicking",
        "abi-mismatch",
        "noop",
    ])
});

/// Builds the plugins (the first time) and returns the profile dir holding the libraries.
pub fn plugins() -> &'static Path {
    PLUGINS.dir()
}

/// Path of plugin library `crate_name` (e.g. `word_stats`).
pub fn lib(crate_name: &str) -> PathBuf {
    PLUGINS.lib(crate_name)
}
