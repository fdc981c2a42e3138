//! `textpipe stages`: every stage with its parameters and defaults, and the fields it requires
//! and provides.

use crate::cli::{Cli, StagesArgs};
use crate::report::{Exit, Failure, WithExit};
use textpipe_core::StageInfo;

/// Prints the stage list (text or JSON).
pub fn run(cli: &Cli, args: &StagesArgs) -> Result<Exit, Failure> {
    let registry = crate::registry::with_plugins(&cli.plugin_dirs);
    let infos: Vec<StageInfo> = match &args.plugin {
        Some(path) => {
            let loader = registry
                .plugin_loader()
                .ok_or_else(|| anyhow::anyhow!("this build has no plugin support"))
                .exit(Exit::Usage)?;
            loader.describe(path).exit(Exit::Usage)?
        }
        None => {
            let mut infos: Vec<StageInfo> = registry.infos().into_iter().cloned().collect();
            // Stages found on --plugin-dir are usable by name in a pipeline: list them too.
            infos.extend(
                textpipe_plugin_host::Loader::new(cli.plugin_dirs.clone()).search_path_stages(),
            );
            infos
        }
    };
    if args.json {
        let text = serde_json::to_string_pretty(&infos).exit(Exit::RunFailed)?;
        println!("{text}");
        return Ok(Exit::Success);
    }
    for info in &infos {
        println!("{}  ({})", info.name, info.origin);
        for line in wrap(&info.description, 76) {
            println!("    {line}");
        }
        println!("    requires: {}", list(&info.requires));
        println!("    provides: {}", list(&info.provides));
        if !info.params.is_empty() {
            println!("    parameters:");
            for p in &info.params {
                println!("      {} ({}, default {})", p.name, p.kind, p.default);
                for line in wrap(&p.doc, 70) {
                    println!("          {line}");
                }
            }
        }
        println!();
    }
    Ok(Exit::Success)
}

fn list(v: &[String]) -> String {
    if v.is_empty() {
        "-".into()
    } else {
        v.join(", ")
    }
}

fn wrap(text: &str, width: usize) -> Vec<String> {
    let mut lines = Vec::new();
    let mut cur = String::new();
    for word in text.split_whitespace() {
        if !cur.is_empty() && cur.len() + 1 + word.len() > width {
            lines.push(std::mem::take(&mut cur));
        }
        if !cur.is_empty() {
            cur.push(' ');
        }
        cur.push_str(word);
    }
    if !cur.is_empty() {
        lines.push(cur);
    }
    lines
}
