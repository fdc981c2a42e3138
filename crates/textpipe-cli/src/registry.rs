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

/// The built-in registry plus the plugin loader: `"plugin": PATH` entries load from PATH, and
/// stage names no built-in stage has are looked up in `dirs` (`--plugin-dir`).
pub fn with_plugins(dirs: &[std::path::PathBuf]) -> Registry {
    let mut reg = builtin();
    reg.set_plugin_loader(Box::new(textpipe_plugin_host::Loader::new(dirs.to_vec())));
    reg
}
