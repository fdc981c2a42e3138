//! Why a plugin library could not be loaded or a stage not created.

use std::path::Path;
use textpipe_core::ConfigError;

/// A plugin loading failure. Turned into [`ConfigError::Plugin`] (which names the path) by
/// [`Error::into_config`].
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum Error {
    /// The file does not exist.
    #[error("file not found")]
    NotFound,
    /// The dynamic loader refused the file.
    #[error("not a loadable shared library: {0}")]
    NotALibrary(String),
    /// A required symbol is absent.
    #[error("missing symbol `{symbol}`: not a textpipe plugin (build it with textpipe_plugin::export_stage!)")]
    MissingSymbol {
        /// The symbol name.
        symbol: &'static str,
    },
    /// The plugin was built for another ABI version.
    #[error("plugin ABI version mismatch: the library was built for plugin ABI version {found}, this textpipe supports version {expected}; rebuild the plugin against textpipe-plugin with ABI version {expected}")]
    AbiMismatch {
        /// What the library reports.
        found: u32,
        /// What this host speaks.
        expected: u32,
    },
    /// The function table is null or malformed.
    #[error("invalid plugin function table: {0}")]
    BadVTable(String),
    /// `describe` failed or returned malformed JSON.
    #[error("cannot read the stage descriptors: {0}")]
    Describe(String),
    /// The library has no stage of that name.
    #[error("the library has no stage \"{name}\" (it provides: {})", available.join(", "))]
    NoSuchStage {
        /// The name asked for.
        name: String,
        /// What it has.
        available: Vec<String>,
    },
    /// `create` refused the parameters (or failed otherwise).
    #[error("stage \"{stage}\" rejected its parameters: {message}")]
    Create {
        /// The stage.
        stage: String,
        /// The plugin's message.
        message: String,
    },
    /// A call into the plugin panicked.
    #[error("stage \"{stage}\" panicked while {during}: {message}")]
    Panicked {
        /// The stage (or `*` for the library).
        stage: String,
        /// What the host was doing.
        during: &'static str,
        /// The panic message.
        message: String,
    },
}

impl Error {
    /// The error as a [`ConfigError::Plugin`] naming `path`.
    pub fn into_config(self, path: &Path) -> ConfigError {
        ConfigError::Plugin {
            path: path.to_path_buf(),
            message: self.to_string(),
        }
    }
}
