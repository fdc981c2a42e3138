//! [`Loader`]: opens plugin libraries (once each, cached by canonical path), reads their
//! descriptors, finds stages on the search path and creates [`LoadedStage`]s. Implements
//! [`PluginLoader`] for the core registry.

use crate::error::Error;
use crate::ffi::RawLibrary;
use crate::stage::LoadedStage;
use serde::Deserialize;
use serde_json::{Map, Value};
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex};
use textpipe_core::{ConfigError, PluginLoader, Stage, StageInfo};
use textpipe_plugin::abi::status;
use textpipe_plugin::Descriptor;

/// A loaded library with its descriptors.
#[derive(Debug)]
struct Library {
    raw: RawLibrary,
    descriptors: Vec<Descriptor>,
}

/// What `create` reports about the instance.
#[derive(Debug, Deserialize)]
struct InstanceInfo {
    requires: Vec<String>,
    provides: Vec<String>,
}

/// Loads stage plugins. Give it the `--plugin-dir` folders; a stage entry with `"plugin":
/// "path"` loads from that path, and a stage name no built-in stage has is looked up in the
/// folders (files ending in `.so`, `.dylib` or `.dll`, in folder order then file name order).
///
/// Libraries are never unloaded, and each is opened once per loader.
#[derive(Debug, Default)]
pub struct Loader {
    dirs: Vec<PathBuf>,
    libs: Mutex<BTreeMap<PathBuf, Arc<Library>>>,
}

fn is_library(path: &Path) -> bool {
    matches!(
        path.extension().and_then(|e| e.to_str()),
        Some("so" | "dylib" | "dll")
    ) && path.is_file()
}

impl Loader {
    /// A loader searching `search_dirs` (in order) for stages not named with a path.
    pub fn new(search_dirs: Vec<PathBuf>) -> Self {
        Loader {
            dirs: search_dirs,
            libs: Mutex::new(BTreeMap::new()),
        }
    }

    /// The search folders.
    pub fn search_dirs(&self) -> &[PathBuf] {
        &self.dirs
    }

    fn open(&self, path: &Path) -> Result<Arc<Library>, Error> {
        let canonical = match std::fs::canonicalize(path) {
            Ok(p) => p,
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Err(Error::NotFound),
            Err(e) => return Err(Error::NotALibrary(e.to_string())),
        };
        if canonical.is_dir() {
            return Err(Error::NotALibrary("it is a directory".into()));
        }
        // The lock is held while loading, so two threads never open the same file twice.
        let mut libs = self.libs.lock().unwrap_or_else(|e| e.into_inner());
        if let Some(lib) = libs.get(&canonical) {
            return Ok(Arc::clone(lib));
        }
        let raw = RawLibrary::open(&canonical)?;
        let (code, out) = raw.describe();
        let descriptors: Vec<Descriptor> = match code {
            status::OK => {
                serde_json::from_slice(&out).map_err(|e| Error::Describe(e.to_string()))?
            }
            status::PANIC => {
                return Err(Error::Panicked {
                    stage: "*".into(),
                    during: "describing its stages",
                    message: String::from_utf8_lossy(&out).into_owned(),
                })
            }
            _ => return Err(Error::Describe(String::from_utf8_lossy(&out).into_owned())),
        };
        let lib = Arc::new(Library { raw, descriptors });
        libs.insert(canonical, Arc::clone(&lib));
        Ok(lib)
    }

    /// The descriptors of every stage in the library at `path`.
    ///
    /// # Errors
    ///
    /// Not found, not a library, missing symbols, ABI version mismatch, bad descriptors.
    pub fn descriptors(&self, path: &Path) -> Result<Vec<Descriptor>, Error> {
        Ok(self.open(path)?.descriptors.clone())
    }

    /// Creates stage `name` from the library at `path` with `params` (a JSON object; the
    /// plugin fills in defaults and rejects unknown or invalid parameters).
    ///
    /// # Errors
    ///
    /// As [`Loader::descriptors`], plus no such stage in the library and parameters rejected.
    pub fn load_stage(
        &self,
        path: &Path,
        name: &str,
        params: &Map<String, Value>,
    ) -> Result<LoadedStage, Error> {
        let lib = self.open(path)?;
        let Some(descriptor) = lib.descriptors.iter().find(|d| d.name == name) else {
            return Err(Error::NoSuchStage {
                name: name.to_string(),
                available: lib.descriptors.iter().map(|d| d.name.clone()).collect(),
            });
        };
        let params_json = serde_json::to_vec(params).unwrap_or_else(|_| b"{}".to_vec());
        let (instance, info) = lib.raw.create(name, &params_json).map_err(|(code, out)| {
            let message = String::from_utf8_lossy(&out).into_owned();
            if code == status::PANIC {
                Error::Panicked {
                    stage: name.to_string(),
                    during: "being created",
                    message,
                }
            } else {
                Error::Create {
                    stage: name.to_string(),
                    message,
                }
            }
        })?;
        let info: InstanceInfo = serde_json::from_slice(&info).map_err(|e| Error::Create {
            stage: name.to_string(),
            message: format!("malformed instance info: {e}"),
        })?;
        Ok(LoadedStage::new(
            name.to_string(),
            path.to_path_buf(),
            descriptor.kind,
            info.requires,
            info.provides,
            &descriptor.counters,
            instance,
        ))
    }

    /// Every library file in the search folders: folder order, then file name order.
    pub fn candidates(&self) -> Vec<PathBuf> {
        let mut all = Vec::new();
        for dir in &self.dirs {
            let Ok(entries) = std::fs::read_dir(dir) else {
                tracing::debug!("plugin dir {} cannot be read", dir.display());
                continue;
            };
            let mut files: Vec<PathBuf> = entries
                .filter_map(|e| e.ok().map(|e| e.path()))
                .filter(|p| is_library(p))
                .collect();
            files.sort();
            all.extend(files);
        }
        all
    }

    /// The first library on the search path that provides stage `name`. Libraries that fail
    /// to load are skipped with a warning.
    pub fn find_library(&self, name: &str) -> Option<PathBuf> {
        for path in self.candidates() {
            match self.open(&path) {
                Ok(lib) if lib.descriptors.iter().any(|d| d.name == name) => return Some(path),
                Ok(_) => {}
                Err(e) => tracing::warn!("skipping plugin {}: {e}", path.display()),
            }
        }
        None
    }
}

impl Loader {
    /// `textpipe stages` info for every stage of every library on the search path (folder
    /// order, then file name order); libraries that fail to load are skipped with a warning.
    pub fn search_path_stages(&self) -> Vec<StageInfo> {
        let mut infos = Vec::new();
        for path in self.candidates() {
            match self.open(&path) {
                Ok(lib) => infos.extend(lib.descriptors.iter().map(|d| stage_info(d, &path))),
                Err(e) => tracing::warn!("skipping plugin {}: {e}", path.display()),
            }
        }
        infos
    }
}

/// `textpipe stages` (and `textpipe schema`) info from a descriptor.
fn stage_info(d: &Descriptor, path: &Path) -> StageInfo {
    StageInfo {
        name: d.name.clone(),
        description: format!(
            "{} ({} plugin, version {})",
            d.description.trim_end(),
            d.kind.as_str(),
            d.version
        ),
        // The SDK's `Param` is core's `ParamInfo` (one type, from textpipe-model).
        params: d.params.clone(),
        requires: d.requires.clone(),
        provides: d.provides.clone(),
        origin: path.display().to_string(),
    }
}

impl PluginLoader for Loader {
    fn load(
        &self,
        path: &Path,
        name: &str,
        params: &Map<String, Value>,
    ) -> Result<Box<dyn Stage>, ConfigError> {
        self.load_stage(path, name, params)
            .map(|s| Box::new(s) as Box<dyn Stage>)
            .map_err(|e| e.into_config(path))
    }

    fn find(&self, name: &str) -> Option<PathBuf> {
        self.find_library(name)
    }

    fn describe(&self, path: &Path) -> Result<Vec<StageInfo>, ConfigError> {
        let descriptors = self.descriptors(path).map_err(|e| e.into_config(path))?;
        Ok(descriptors.iter().map(|d| stage_info(d, path)).collect())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn missing_file_and_non_library_are_clear_errors() {
        let dir = std::env::temp_dir().join(format!("tp-host-{}", std::process::id()));
        std::fs::create_dir_all(&dir).unwrap();
        let loader = Loader::new(vec![dir.clone()]);
        let missing = dir.join("nope.so");
        let err = loader.describe(&missing).unwrap_err().to_string();
        assert!(
            err.contains("nope.so") && err.contains("file not found"),
            "{err}"
        );
        let fake = dir.join("libfake.so");
        std::fs::write(&fake, b"this is not an ELF file").unwrap();
        let err = loader.describe(&fake).unwrap_err().to_string();
        assert!(
            err.contains("libfake.so") && err.contains("not a loadable shared library"),
            "{err}"
        );
        // A broken library on the search path is skipped, not fatal.
        assert_eq!(loader.find("anything"), None);
        assert_eq!(loader.candidates(), vec![fake]);
        let err = loader.describe(&dir).unwrap_err().to_string();
        assert!(err.contains("directory"), "{err}");
        std::fs::remove_dir_all(&dir).unwrap();
    }
}
