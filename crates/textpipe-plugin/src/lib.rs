/*!
textpipe-plugin: the SDK for writing textpipe stages as run-time plugins (shared libraries).

A plugin author depends on this crate only (never on textpipe-core), implements the safe
[`PluginStage`] trait and calls [`export_stage!`] once; the crate is built as a `cdylib` and
named in a pipeline config as `{"stage": "word-stats", "plugin": "path/libword_stats.so"}` or
found on `--plugin-dir`.

# Brief overview

- [`PluginStage`]: `describe()` (a [`Descriptor`]: name, version, kind, parameters with
  defaults, fields required and provided), `create(&Params)`, `process(&PluginDoc) ->
  Result<Outcome, String>`. Instances are `Send + Sync`: the host calls `process` from several
  threads at once.
- [`PluginDoc`]: the id, the text (borrowed, no copy) and only the fields the stage requires
  (sentences and other annotations as JSON with byte offsets).
- [`Outcome`]: keep (optionally with output fields, replaced text or metadata, counters), drop
  (filters) or fatal; `Err(message)` rejects the document.
- [`abi`]: the `#[repr(C)]` boundary, its [`ABI_VERSION`] and the ownership rules (the host
  copies everything the plugin writes; nobody frees the other side's memory). Every exported
  function catches panics: a panic rejects that document with the panic message and its
  location (the library's own panic hook records them instead of printing to stderr), and the
  run goes on.

# Example

```
use textpipe_plugin::{Descriptor, Outcome, Params, PluginDoc, PluginStage};

/// Counts the characters of the text.
struct CharCount { field: String }

impl PluginStage for CharCount {
    fn describe() -> Descriptor {
        Descriptor::new("char-count", "0.1.0", "Counts the characters of the text.")
            .with_param("field", "string", "chars".into(), "output field name")
            .with_provides(&["chars"])
    }
    fn create(params: &Params) -> Result<Self, String> {
        Ok(CharCount { field: params.str("field")?.to_string() })
    }
    fn process(&self, doc: &PluginDoc<'_>) -> Result<Outcome, String> {
        Ok(Outcome::keep().with_field(&self.field, doc.text().chars().count()))
    }
}

textpipe_plugin::export_stage!(CharCount);

// The export glue resolves parameters (defaults, unknown names, JSON types) before `create`.
let params = Params::resolve(&Default::default(), &CharCount::describe().params).unwrap();
let stage = CharCount::create(&params).unwrap();
let out = stage.process(&PluginDoc::new("d1", "héllo", Default::default())).unwrap();
assert_eq!(out.fields()["chars"], 5);
```
*/
#![deny(missing_docs)]
#![deny(unsafe_code)]

pub mod abi;
mod descriptor;
#[allow(unsafe_code)]
mod export;
mod stage;

pub use abi::ABI_VERSION;
pub use descriptor::{Descriptor, Kind, Param, ParamKind};
pub use stage::{ByteSpan, Decision, Outcome, Params, PluginDoc, PluginStage};

/// Re-exported for plugins (parameter defaults and output fields are JSON values).
pub use serde_json;

/// Used by [`export_stage!`]; not part of the public API.
#[doc(hidden)]
pub mod __private {
    pub use crate::export::{create_one, vtable, ErasedStage, Library};
}
