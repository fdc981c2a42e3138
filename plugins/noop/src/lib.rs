//! A plugin stage that does nothing: it keeps every document unchanged. By default it reads
//! only the text; with `"requires": ["sentences"]` the host also sends those fields, which
//! measures the cost of passing annotations. The host's `overhead` bench compares it with a
//! no-op built-in stage.
#![deny(missing_docs)]
#![deny(unsafe_code)]

use textpipe_plugin::{Descriptor, Outcome, Params, PluginDoc, PluginStage};

/// The no-op stage.
pub struct Noop {
    requires: Vec<String>,
}

impl PluginStage for Noop {
    fn describe() -> Descriptor {
        Descriptor::new(
            "noop",
            env!("CARGO_PKG_VERSION"),
            "Does nothing; measures the cost of a plugin call.",
        )
        .with_param(
            "requires",
            "list of strings",
            textpipe_plugin::serde_json::json!([]),
            "Fields to receive (and ignore) with each document.",
        )
    }

    fn create(params: &Params) -> Result<Self, String> {
        Ok(Noop {
            requires: params.strings("requires")?,
        })
    }

    fn requires(&self) -> Vec<String> {
        self.requires.clone()
    }

    fn process(&self, _doc: &PluginDoc<'_>) -> Result<Outcome, String> {
        Ok(Outcome::keep())
    }
}

textpipe_plugin::export_stage!(Noop);
