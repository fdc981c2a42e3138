//! `textpipe new-stage NAME`: scaffolds a plugin crate (Cargo.toml, src/lib.rs implementing
//! `textpipe_plugin::PluginStage`, README) that builds as a shared library and loads as
//! generated.

use anyhow::{bail, Context};
use std::path::{Path, PathBuf};

/// `textpipe new-stage`.
#[derive(clap::Args, Debug)]
pub struct NewStageArgs {
    /// Stage name, also the crate name: lowercase letters, digits and single hyphens, starting
    /// with a letter (e.g. `headline-case`).
    pub name: String,
    /// Folder in which to create the crate folder NAME (default: the current folder).
    #[arg(long, default_value = ".")]
    pub dir: PathBuf,
    /// Depend on the textpipe-plugin SDK at this path (a textpipe checkout's
    /// crates/textpipe-plugin). Default: the SDK in the source tree this textpipe was built
    /// from when it still exists, otherwise the released textpipe-plugin of this version.
    #[arg(long)]
    pub sdk_path: Option<PathBuf>,
}

/// The SDK in the source tree this binary was built from, if it is still there.
fn built_from_sdk() -> Option<PathBuf> {
    let p = Path::new(env!("CARGO_MANIFEST_DIR")).join("crates/textpipe-plugin");
    p.join("Cargo.toml").is_file().then_some(p)
}

/// The `textpipe-plugin = ...` dependency line.
fn dependency_line(sdk_path: Option<&Path>) -> anyhow::Result<String> {
    let Some(p) = sdk_path else {
        return Ok(format!(
            "textpipe-plugin = \"{}\"",
            env!("CARGO_PKG_VERSION")
        ));
    };
    let abs = std::fs::canonicalize(p).with_context(|| format!("SDK path {}", p.display()))?;
    if !abs.join("Cargo.toml").is_file() {
        bail!("SDK path {} has no Cargo.toml", abs.display());
    }
    // TOML basic strings need escaped backslashes and quotes.
    let s = abs
        .display()
        .to_string()
        .replace('\\', "\\\\")
        .replace('"', "\\\"");
    Ok(format!("textpipe-plugin = {{ path = \"{s}\" }}"))
}

/// Checks a stage name: lowercase ASCII letters, digits and single inner hyphens, starting with
/// a letter, at most 64 characters.
fn check_name(name: &str) -> anyhow::Result<()> {
    let ok = name.len() <= 64
        && name.starts_with(|c: char| c.is_ascii_lowercase())
        && !name.ends_with('-')
        && !name.contains("--")
        && name
            .chars()
            .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '-');
    if !ok {
        bail!(
            "invalid stage name \"{name}\": use lowercase letters, digits and single hyphens, \
             starting with a letter (e.g. \"headline-case\")"
        );
    }
    Ok(())
}

/// `headline-case` → `HeadlineCase`.
fn type_name(name: &str) -> String {
    name.split('-')
        .map(|part| {
            let mut c = part.chars();
            c.next()
                .map(|f| f.to_ascii_uppercase().to_string() + c.as_str())
                .unwrap_or_default()
        })
        .collect()
}

/// The nearest folder at or above `dir` whose Cargo.toml declares a `[workspace]`.
fn enclosing_workspace(dir: &Path) -> Option<PathBuf> {
    dir.ancestors().find_map(|d| {
        let manifest = d.join("Cargo.toml");
        let text = std::fs::read_to_string(&manifest).ok()?;
        text.lines()
            .any(|l| l.trim() == "[workspace]")
            .then_some(manifest)
    })
}

fn manifest(name: &str, dependency: &str, standalone: bool) -> String {
    let workspace = if standalone {
        "\n# A crate of its own, not a member of an enclosing workspace.\n[workspace]\n"
    } else {
        ""
    };
    format!(
        r#"[package]
name = "{name}"
version = "0.1.0"
edition = "2021"
description = "textpipe plugin stage {name}"
publish = false

[lib]
# A C-compatible shared library that textpipe loads at run time.
crate-type = ["cdylib"]

[dependencies]
{dependency}
{workspace}"#
    )
}

fn lib_rs(name: &str, ty: &str, field: &str) -> String {
    format!(
        r#"//! `{name}`: a textpipe plugin stage.
//!
//! It adds the output field `{field}` with the number of characters and words of the text.
//! Replace `process` with your own logic; keep `describe` in step with what it reads and
//! writes. See the `textpipe_plugin` docs for the rules (the stage is shared by several
//! threads, a panic rejects only the current document, only declared fields may be written).
#![deny(missing_docs)]

use textpipe_plugin::serde_json::json;
use textpipe_plugin::{{Descriptor, Outcome, Params, PluginDoc, PluginStage}};

/// The `{name}` stage. Holds settings only: `process` runs on many threads at once.
#[derive(Debug)]
pub struct {ty} {{
    field: String,
    min_chars: u64,
}}

impl PluginStage for {ty} {{
    fn describe() -> Descriptor {{
        Descriptor::new(
            "{name}",
            env!("CARGO_PKG_VERSION"),
            "Adds the number of characters and words of the text.",
        )
        .with_param("field", "string", json!("{field}"), "Output field name.")
        .with_param(
            "min_chars",
            "integer",
            json!(0),
            "Reject documents shorter than this many characters (0: accept all).",
        )
        .with_provides(&["{field}"])
    }}

    fn create(params: &Params) -> Result<Self, String> {{
        let field = params.str("field")?.trim().to_string();
        if field.is_empty() {{
            return Err("parameter `field` must not be empty".into());
        }}
        Ok({ty} {{
            field,
            min_chars: params.u64("min_chars")?,
        }})
    }}

    fn provides(&self) -> Vec<String> {{
        vec![self.field.clone()]
    }}

    fn process(&self, doc: &PluginDoc<'_>) -> Result<Outcome, String> {{
        let chars = doc.text().chars().count() as u64;
        if chars < self.min_chars {{
            return Err(format!("{{chars}} characters, fewer than min_chars {{}}", self.min_chars));
        }}
        let words = doc.text().split_whitespace().count();
        Ok(Outcome::keep().with_field(&self.field, json!({{"chars": chars, "words": words}})))
    }}
}}

textpipe_plugin::export_stage!({ty});

#[cfg(test)]
mod tests {{
    use super::*;

    fn build(params: textpipe_plugin::serde_json::Value) -> Result<{ty}, String> {{
        let given = params.as_object().cloned().unwrap_or_default();
        {ty}::create(&Params::resolve(&given, &{ty}::describe().params)?)
    }}

    #[test]
    fn counts_characters_and_words() {{
        let stage = build(json!({{}})).unwrap();
        let doc = PluginDoc::new("d1", "Two words", Default::default());
        let out = stage.process(&doc).unwrap();
        assert_eq!(out.fields()["{field}"], json!({{"chars": 9, "words": 2}}));
    }}

    #[test]
    fn rejects_short_documents_and_bad_parameters() {{
        let stage = build(json!({{"min_chars": 100}})).unwrap();
        let doc = PluginDoc::new("d1", "short", Default::default());
        assert!(stage.process(&doc).is_err());
        assert!(build(json!({{"field": ""}})).is_err());
        assert!(build(json!({{"unknown": 1}})).is_err());
    }}
}}
"#
    )
}

fn readme(name: &str, lib_file: &str) -> String {
    format!(
        r#"# {name}

A textpipe plugin stage, generated by `textpipe new-stage {name}`.

Build the shared library:

    cargo build --release

List its stage, parameters and defaults:

    textpipe stages --plugin target/release/{lib_file}

Use it in a pipeline, by path:

    {{"stages": [{{"stage": "{name}", "plugin": "target/release/{lib_file}"}}]}}

or by name, with the library's folder on the plugin search path
(`textpipe --plugin-dir target/release run ...`):

    {{"stages": [{{"stage": "{name}"}}]}}

The plugin talks to textpipe through the versioned C ABI of the `textpipe-plugin` crate: rebuild
it when textpipe reports an ABI version mismatch.
"#
    )
}

/// Writes the crate into `args.dir/args.name`.
///
/// # Errors
///
/// An invalid name, an existing non-empty target folder, or a write failure.
pub fn run(args: &NewStageArgs) -> anyhow::Result<()> {
    check_name(&args.name)?;
    let root = args.dir.join(&args.name);
    if root.exists()
        && std::fs::read_dir(&root)
            .with_context(|| format!("reading {}", root.display()))?
            .next()
            .is_some()
    {
        bail!("{} already exists and is not empty", root.display());
    }
    let sdk = args.sdk_path.clone().or_else(built_from_sdk);
    let dependency = dependency_line(sdk.as_deref())?;
    std::fs::create_dir_all(root.join("src"))
        .with_context(|| format!("creating {}", root.display()))?;
    let parent = std::fs::canonicalize(&args.dir).unwrap_or_else(|_| args.dir.clone());
    let enclosing = enclosing_workspace(&parent);
    let snake = args.name.replace('-', "_");
    let lib_file = format!(
        "{}{snake}{}",
        std::env::consts::DLL_PREFIX,
        std::env::consts::DLL_SUFFIX
    );
    let files = [
        (
            "Cargo.toml",
            manifest(&args.name, &dependency, enclosing.is_none()),
        ),
        (
            "src/lib.rs",
            lib_rs(&args.name, &type_name(&args.name), &snake),
        ),
        ("README.md", readme(&args.name, &lib_file)),
        (".gitignore", "/target\n".to_string()),
    ];
    for (rel, content) in files {
        let path = root.join(rel);
        std::fs::write(&path, content).with_context(|| format!("writing {}", path.display()))?;
    }
    eprintln!(
        "created plugin crate {} (stage \"{}\")",
        root.display(),
        args.name
    );
    if let Some(ws) = enclosing {
        eprintln!(
            "note: {} is inside the workspace of {}; add it to [workspace] members if no glob covers it",
            root.display(),
            ws.display()
        );
    }
    eprintln!(
        "next: cd {} && cargo build --release && textpipe stages --plugin target/release/{lib_file}",
        root.display()
    );
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_are_checked() {
        for good in ["a", "word-stats", "x2-y3"] {
            check_name(good).unwrap();
        }
        for bad in ["", "Word", "-a", "a-", "a--b", "1a", "a_b", "a b"] {
            assert!(check_name(bad).is_err(), "{bad}");
        }
        assert_eq!(type_name("headline-case"), "HeadlineCase");
    }

    #[test]
    fn dependency_by_path_or_version() {
        let dir = tempfile::tempdir().unwrap();
        std::fs::write(dir.path().join("Cargo.toml"), "[package]").unwrap();
        let line = dependency_line(Some(dir.path())).unwrap();
        assert!(line.starts_with("textpipe-plugin = { path = \""), "{line}");
        assert!(dependency_line(Some(&dir.path().join("nope"))).is_err());
        std::fs::remove_file(dir.path().join("Cargo.toml")).unwrap();
        let err = dependency_line(Some(dir.path())).unwrap_err().to_string();
        assert!(err.contains("no Cargo.toml"), "{err}");
        let v = dependency_line(None).unwrap();
        assert_eq!(
            v,
            format!("textpipe-plugin = \"{}\"", env!("CARGO_PKG_VERSION"))
        );
    }

    #[test]
    fn refuses_a_non_empty_folder() {
        let dir = tempfile::tempdir().unwrap();
        std::fs::create_dir_all(dir.path().join("taken")).unwrap();
        std::fs::write(dir.path().join("taken/file"), "x").unwrap();
        let args = NewStageArgs {
            name: "taken".into(),
            dir: dir.path().to_path_buf(),
            sdk_path: None,
        };
        let err = run(&args).unwrap_err().to_string();
        assert!(err.contains("not empty"), "{err}");
    }
}
