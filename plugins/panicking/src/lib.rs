//! A test plugin that panics when the text contains a trigger word, to show that a panic in a
//! plugin rejects that one document (with the panic message) and the run goes on. Documents
//! without the word get `"panic_checked": true`.
#![deny(missing_docs)]
#![deny(unsafe_code)]

use textpipe_plugin::serde_json::json;
use textpipe_plugin::{Descriptor, Outcome, Params, PluginDoc, PluginStage};

/// The panicking stage.
pub struct Panicking {
    trigger: String,
}

impl PluginStage for Panicking {
    fn describe() -> Descriptor {
        Descriptor::new(
            "panicking",
            env!("CARGO_PKG_VERSION"),
            "Test stage: panics on documents containing the trigger word.",
        )
        .with_param(
            "trigger",
            "string",
            json!("KABOOM"),
            "Word that makes the stage panic.",
        )
        .with_param(
            "panic_in_create",
            "boolean",
            json!(false),
            "Panic while being created instead.",
        )
        .with_provides(&["panic_checked"])
    }

    fn create(params: &Params) -> Result<Self, String> {
        if params.bool("panic_in_create")? {
            panic!("asked to panic in create");
        }
        let trigger = params.str("trigger")?.to_string();
        if trigger.is_empty() {
            return Err("parameter `trigger` must not be empty".into());
        }
        Ok(Panicking { trigger })
    }

    fn process(&self, doc: &PluginDoc<'_>) -> Result<Outcome, String> {
        if doc.text().contains(&self.trigger) {
            panic!(
                "trigger word {:?} found in document {}",
                self.trigger,
                doc.id()
            );
        }
        Ok(Outcome::keep().with_field("panic_checked", true))
    }
}

textpipe_plugin::export_stage!(Panicking);
