//! A plugin stage that does nothing: it reads no fields and keeps every document unchanged.
//! The host's `overhead` bench compares it with a no-op built-in stage.
#![deny(missing_docs)]
#![deny(unsafe_code)]

use textpipe_plugin::{Descriptor, Outcome, Params, PluginDoc, PluginStage};

/// The no-op stage.
pub struct Noop;

impl PluginStage for Noop {
    fn describe() -> Descriptor {
        Descriptor::new(
            "noop",
            env!("CARGO_PKG_VERSION"),
            "Does nothing; measures the cost of a plugin call.",
        )
    }

    fn create(_params: &Params) -> Result<Self, String> {
        Ok(Noop)
    }

    fn process(&self, _doc: &PluginDoc<'_>) -> Result<Outcome, String> {
        Ok(Outcome::keep())
    }
}

textpipe_plugin::export_stage!(Noop);
