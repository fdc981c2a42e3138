//! Error types of the core: configuration errors and I/O errors, each carrying the context
//! (stage index, key, line, path) a user needs to fix the problem.

use std::path::PathBuf;

/// A problem in a pipeline config or a stage's parameters.
///
/// Stage crates return the leaf variants ([`ConfigError::Param`], [`ConfigError::UnknownKey`]);
/// the pipeline loader wraps them in [`ConfigError::InStage`] with the stage index, type and the
/// line in the file.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum ConfigError {
    /// The file is not valid JSON.
    #[error("malformed JSON at line {line}, column {column}: {message}")]
    Json {
        /// 1-based line.
        line: usize,
        /// 1-based column.
        column: usize,
        /// What the parser said.
        message: String,
    },
    /// A key that the object does not accept.
    #[error("unknown key `{key}`{}{}", suggestion(.key, .expected), expected_list(.expected))]
    UnknownKey {
        /// The key.
        key: String,
        /// The keys that are accepted.
        expected: Vec<String>,
    },
    /// A required key is absent.
    #[error("missing key `{key}`")]
    MissingKey {
        /// The key.
        key: String,
    },
    /// A parameter has a wrong type or value.
    #[error("invalid value for `{field}`: {message}")]
    Param {
        /// Parameter (or dotted path) at fault.
        field: String,
        /// What is wrong.
        message: String,
    },
    /// No stage of that name is registered.
    #[error("unknown stage \"{name}\"{}; known stages: {}", suggestion.as_ref().map(|s| format!(": did you mean \"{s}\"?")).unwrap_or_default(), known.join(", "))]
    UnknownStage {
        /// The name given.
        name: String,
        /// The closest known name, if any is close.
        suggestion: Option<String>,
        /// Every known stage.
        known: Vec<String>,
    },
    /// A stage needs a field that no earlier stage provides.
    #[error("needs field `{field}`, which {}", match provider { Some(p) => format!("stage \"{p}\" provides: place it after \"{p}\""), None => "no earlier stage provides".to_string() })]
    Order {
        /// The field needed.
        field: String,
        /// A stage (later in the pipeline or known in the registry) that provides it.
        provider: Option<String>,
    },
    /// A stage rewrites the text after another stage added spans into it.
    #[error("rewrites `text` after stage \"{earlier}\" added `{field}` spans into it: move it before \"{earlier}\"")]
    TextAfterSpans {
        /// The earlier stage.
        earlier: String,
        /// The span field it provided.
        field: String,
    },
    /// A plugin could not be loaded or refused its parameters.
    #[error("plugin {}: {message}", path.display())]
    Plugin {
        /// The library path.
        path: PathBuf,
        /// What went wrong.
        message: String,
    },
    /// Context: the error is in stage number `index` (0-based) of type `stage`.
    #[error("stages[{index}] (\"{stage}\"){}: {source}", line.map(|l| format!(", line {l}")).unwrap_or_default())]
    InStage {
        /// 0-based index in `stages`.
        index: usize,
        /// Stage type name.
        stage: String,
        /// 1-based line of the offending key (or of the stage object) in the config file.
        line: Option<usize>,
        /// The error.
        source: Box<ConfigError>,
    },
    /// Context: the error is at a top-level key of the config file.
    #[error("`{key}`{}: {source}", line.map(|l| format!(", line {l}")).unwrap_or_default())]
    AtKey {
        /// The key.
        key: String,
        /// 1-based line.
        line: Option<usize>,
        /// The error.
        source: Box<ConfigError>,
    },
    /// Context: the error is in this config file.
    #[error("{}: {source}", path.display())]
    InFile {
        /// The file.
        path: PathBuf,
        /// The error.
        source: Box<ConfigError>,
    },
    /// Several problems, all reported at once.
    #[error("{} problems:\n  - {}", .0.len(), .0.iter().map(|e| e.to_string()).collect::<Vec<_>>().join("\n  - "))]
    Multiple(Vec<ConfigError>),
    /// Reading the config file failed.
    #[error("cannot read {}: {source}", path.display())]
    Read {
        /// The file.
        path: PathBuf,
        /// The cause.
        source: std::io::Error,
    },
}

/// ": did you mean `k`?" when an accepted key is close to `key` (a typo).
fn suggestion(key: &str, expected: &[String]) -> String {
    crate::config::closest(key, expected.iter().map(String::as_str))
        .map(|k| format!(": did you mean `{k}`?"))
        .unwrap_or_default()
}

fn expected_list(expected: &[String]) -> String {
    if expected.is_empty() {
        String::new()
    } else {
        format!(" (expected one of: {})", expected.join(", "))
    }
}

impl ConfigError {
    /// A [`ConfigError::Param`] for `field`.
    pub fn param(field: impl Into<String>, message: impl Into<String>) -> Self {
        ConfigError::Param {
            field: field.into(),
            message: message.into(),
        }
    }

    /// The innermost error, below every context wrapper.
    pub fn leaf(&self) -> &ConfigError {
        match self {
            ConfigError::InStage { source, .. }
            | ConfigError::AtKey { source, .. }
            | ConfigError::InFile { source, .. } => source.leaf(),
            other => other,
        }
    }

    /// Flattens [`ConfigError::Multiple`] into a list (a single error gives a list of one).
    pub fn into_list(self) -> Vec<ConfigError> {
        match self {
            ConfigError::Multiple(v) => v,
            other => vec![other],
        }
    }
}

/// An input or output failure, with the path (and line) it happened at.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum IoError {
    /// Opening, reading or writing `path` failed.
    #[error("{}: {source}", path.display())]
    WithPath {
        /// The file.
        path: PathBuf,
        /// The cause.
        source: std::io::Error,
    },
    /// Reading line `line` of `path` failed (e.g. a corrupt compressed stream).
    #[error("{}:{line}: {source}", path.display())]
    WithLine {
        /// The file.
        path: PathBuf,
        /// 1-based line.
        line: u64,
        /// The cause.
        source: std::io::Error,
    },
    /// The input kind cannot be read (unknown extension, not a file or folder).
    #[error("{}: {message}", path.display())]
    Unsupported {
        /// The path.
        path: PathBuf,
        /// Why.
        message: String,
    },
}
