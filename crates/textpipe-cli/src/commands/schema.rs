//! `textpipe schema`: the JSON Schema (draft 2020-12) of a pipeline config, for editors.
//!
//! Built from the same stage descriptions as `textpipe stages`: the built-in stages' config
//! structs (their derived schemas, with ranges and choices) and the plugin stages' descriptors
//! (`--plugin LIB`, then the libraries on `--plugin-dir`), each parameter typed by its kind.
//! See `textpipe_core::config::pipeline_schema` for the shape.

use crate::cli::{Cli, SchemaArgs};
use crate::report::{Exit, Failure, WithExit};
use textpipe_core::config::{pipeline_schema, StageSchema};

/// Prints the schema on stdout.
pub fn run(cli: &Cli, args: &SchemaArgs) -> Result<Exit, Failure> {
    let registry = crate::registry::with_plugins(&cli.plugin_dirs);
    let mut stages: Vec<StageSchema> = registry.stage_schemas();
    let mut plugin_infos = Vec::new();
    if !args.plugin.is_empty() {
        let loader = registry
            .plugin_loader()
            .ok_or_else(|| anyhow::anyhow!("this build has no plugin support"))
            .exit(Exit::Usage)?;
        for path in &args.plugin {
            plugin_infos.extend(loader.describe(path).exit(Exit::Usage)?);
        }
    }
    // Stages on --plugin-dir can be named without a path, as in `textpipe stages`.
    plugin_infos
        .extend(textpipe_plugin_host::Loader::new(cli.plugin_dirs.clone()).search_path_stages());
    for info in &plugin_infos {
        let shadowed = registry.info(&info.name).is_some();
        stages.push(info.plugin_schema(shadowed));
    }
    let text = serde_json::to_string_pretty(&pipeline_schema(&stages)).exit(Exit::RunFailed)?;
    println!("{text}");
    Ok(Exit::Success)
}
