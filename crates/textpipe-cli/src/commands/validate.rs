//! `textpipe validate`: parse and build every stage of each config (the same checks as `run`,
//! without reading any input). Every problem is reported at once.

use crate::cli::{Cli, ValidateArgs};
use crate::report::{Exit, Failure};
use textpipe_core::PipelineConfig;

/// Validates each file; exit 0 when all are valid.
pub fn run(cli: &Cli, args: &ValidateArgs) -> Result<Exit, Failure> {
    let registry = crate::registry::with_plugins(&cli.plugin_dirs);
    let mut bad = 0;
    for file in args.all_files() {
        let result = PipelineConfig::from_path(file).and_then(|c| {
            c.build(&registry)
                .map_err(|e| textpipe_core::ConfigError::InFile {
                    path: file.clone(),
                    source: Box::new(e),
                })
        });
        match result {
            Ok(p) => {
                if !cli.quiet {
                    let names: Vec<&str> = p.stages().iter().map(|(id, _)| id.as_str()).collect();
                    println!(
                        "{}: ok ({} stage{}: {})",
                        file.display(),
                        names.len(),
                        if names.len() == 1 { "" } else { "s" },
                        names.join(" → ")
                    );
                }
            }
            Err(e) => {
                bad += 1;
                eprintln!("textpipe: error: {e}");
            }
        }
    }
    Ok(if bad == 0 { Exit::Success } else { Exit::Usage })
}
