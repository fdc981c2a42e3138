/*!
textpipe-plugin-host: loads stage plugins (shared libraries built with `textpipe-plugin`) at
run time and presents each as an ordinary `textpipe_core::Stage`.

# Brief overview

- [`Loader`]: `Loader::new(search_dirs)`, implements [`textpipe_core::PluginLoader`]; set it
  on a registry with `Registry::set_plugin_loader`. It opens each library once, checks the ABI
  version symbol before anything else, reads the stage descriptors, finds stages on the search
  path, and creates stages with their parameters. Errors become `ConfigError::Plugin` naming
  the library path ([`Error`] lists the cases: not found, not a library, missing symbols, ABI
  mismatch with both versions, parameters rejected).
- [`LoadedStage`]: a plugin stage instance. Per document it lends the text (no copy) and sends
  only the fields the stage requires as JSON; the plugin answers through a host callback and
  the host copies the answer (output fields, replaced text or metadata, counters, or a drop,
  reject or fatal decision). A panic inside the plugin rejects that document with the panic
  message; the batch goes on.

All `unsafe` code lives in one private module (`ffi`) with a `// SAFETY:` comment on every
block. Libraries are never unloaded.

# Example

```no_run
use textpipe_core::{PipelineConfig, Registry};

let mut registry = Registry::new();
registry.set_plugin_loader(Box::new(textpipe_plugin_host::Loader::new(vec!["plugins".into()])));
let config = PipelineConfig::parse(
    r#"{"stages": [{"stage": "word-stats", "plugin": "target/release/libword_stats.so"}]}"#,
)?;
let pipeline = config.build(&registry)?;
let mut doc = textpipe_core::Document::from_text("d1", "One sentence. Two.");
pipeline.process(&mut doc).map_err(|(_, e)| e)?;
assert!(doc.fields.contains_key("word_stats"));
# Ok::<(), Box<dyn std::error::Error>>(())
```
*/
#![deny(missing_docs)]
#![deny(unsafe_code)]

mod error;
#[allow(unsafe_code)]
mod ffi;
mod fields;
mod loader;
mod stage;

pub use error::Error;
pub use loader::Loader;
pub use stage::LoadedStage;
/// The plugin ABI version this host speaks (libraries reporting another are refused).
pub use textpipe_plugin::ABI_VERSION;
