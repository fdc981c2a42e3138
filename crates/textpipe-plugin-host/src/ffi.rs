//! Every `unsafe` operation of the host: opening a library, looking up its symbols and calling
//! the plugin's C functions. The rest of the crate is safe code over [`RawLibrary`] and
//! [`Instance`].
//!
//! Soundness rests on the protocol in [`textpipe_plugin::abi`]: the version symbol is checked
//! before any other call, only `#[repr(C)]` types cross, the host lends its strings for one
//! call and copies whatever the plugin writes into host memory, and libraries are leaked
//! (never `dlclose`d), so the function pointers and the `'static` vtable stay valid for the
//! life of the process.

use crate::error::Error;
use std::ffi::c_void;
use std::panic::{catch_unwind, AssertUnwindSafe};
use std::path::Path;
use textpipe_plugin::abi::{
    status, DocView, PluginVTable, Sink, StrRef, ABI_VERSION, ABI_VERSION_SYMBOL, ENTRY_SYMBOL,
};

/// A loaded, version-checked plugin library. Copyable: the library is leaked.
#[derive(Debug, Clone, Copy)]
pub(crate) struct RawLibrary {
    vtable: &'static PluginVTable,
}

/// Host side of the sink: appends the plugin's bytes to the `Vec<u8>` behind `ctx`.
extern "C" fn write_to_vec(ctx: *mut c_void, ptr: *const u8, len: usize) {
    if ctx.is_null() || ptr.is_null() || len == 0 {
        return;
    }
    // Nothing may unwind into the plugin's frames (an allocation failure aborts anyway).
    let _ = catch_unwind(AssertUnwindSafe(|| {
        // SAFETY: `ctx` is the `&mut Vec<u8>` the host put in the `Sink` for this call (see
        // `with_sink`), used by one thread; the plugin guarantees `ptr` points to `len`
        // readable bytes for the duration of this callback (ABI contract).
        let (buf, bytes) = unsafe {
            (
                &mut *ctx.cast::<Vec<u8>>(),
                std::slice::from_raw_parts(ptr, len),
            )
        };
        buf.extend_from_slice(bytes);
    }));
}

/// Runs `f` with a sink writing into a fresh buffer; returns the code and the bytes.
fn with_sink(f: impl FnOnce(*const Sink) -> i32) -> (i32, Vec<u8>) {
    let mut buf: Vec<u8> = Vec::new();
    let sink = Sink {
        ctx: (&mut buf as *mut Vec<u8>).cast::<c_void>(),
        write: write_to_vec,
    };
    let code = f(&sink);
    (code, buf)
}

#[cfg(unix)]
fn dlopen(path: &Path) -> Result<libloading::Library, libloading::Error> {
    use libloading::os::unix::{Library, RTLD_LOCAL, RTLD_NOW};
    // SAFETY: loading runs the library's initialisers; naming a plugin (in a config or on the
    // plugin path) is the user's decision to trust that code. RTLD_NOW resolves every symbol
    // now, so a missing dependency fails here instead of aborting in a later call. The path
    // is absolute (canonicalized by the loader), so no library search path is consulted.
    unsafe { Library::open(Some(path), RTLD_NOW | RTLD_LOCAL) }.map(Into::into)
}

#[cfg(not(unix))]
fn dlopen(path: &Path) -> Result<libloading::Library, libloading::Error> {
    // SAFETY: as above; the user chose to trust the library's initialisers.
    unsafe { libloading::Library::new(path) }
}

impl RawLibrary {
    /// Opens `path` (absolute), checks the ABI version, then fetches the function table.
    /// The library is leaked even on failure: unloading is never safe to assume.
    pub(crate) fn open(path: &Path) -> Result<RawLibrary, Error> {
        let lib = dlopen(path).map_err(|e| Error::NotALibrary(e.to_string()))?;
        let lib: &'static libloading::Library = Box::leak(Box::new(lib));
        // SAFETY: the symbol, when present, is the `extern "C" fn() -> u32` that
        // `export_stage!` defines (its name is reserved for that signature by the ABI); the
        // pointer stays valid because the library is never unloaded.
        let version: extern "C" fn() -> u32 =
            unsafe { lib.get::<extern "C" fn() -> u32>(ABI_VERSION_SYMBOL.as_bytes()) }
                .map(|s| *s)
                .map_err(|_| Error::MissingSymbol {
                    symbol: ABI_VERSION_SYMBOL,
                })?;
        let found = version();
        if found != ABI_VERSION {
            return Err(Error::AbiMismatch {
                found,
                expected: ABI_VERSION,
            });
        }
        // SAFETY: same as above, for the versioned entry point `extern "C" fn() -> *const
        // PluginVTable`; only looked up once the version matched.
        let entry: extern "C" fn() -> *const PluginVTable =
            unsafe { lib.get::<extern "C" fn() -> *const PluginVTable>(ENTRY_SYMBOL.as_bytes()) }
                .map(|s| *s)
                .map_err(|_| Error::MissingSymbol {
                    symbol: ENTRY_SYMBOL,
                })?;
        let ptr = entry();
        if ptr.is_null() {
            return Err(Error::BadVTable("the entry point returned null".into()));
        }
        // SAFETY: non-null, and ABI version 1 says it points to a `'static` `PluginVTable` in
        // the (never unloaded) library. We read `abi_version` and `size` before trusting the
        // rest; both are the first fields of the `#[repr(C)]` struct.
        let vtable: &'static PluginVTable = unsafe { &*ptr };
        if vtable.abi_version != ABI_VERSION {
            return Err(Error::AbiMismatch {
                found: vtable.abi_version,
                expected: ABI_VERSION,
            });
        }
        if vtable.size != std::mem::size_of::<PluginVTable>() {
            return Err(Error::BadVTable(format!(
                "size {} bytes, expected {}",
                vtable.size,
                std::mem::size_of::<PluginVTable>()
            )));
        }
        Ok(RawLibrary { vtable })
    }

    /// Calls `describe`; returns the status and what the plugin wrote.
    pub(crate) fn describe(&self) -> (i32, Vec<u8>) {
        with_sink(|out| (self.vtable.describe)(out))
    }

    /// Calls `create`; on success the instance and the instance info JSON, otherwise the
    /// status and the message.
    pub(crate) fn create(
        &self,
        name: &str,
        params_json: &[u8],
    ) -> Result<(Instance, Vec<u8>), (i32, Vec<u8>)> {
        let mut state: *mut c_void = std::ptr::null_mut();
        let (code, out) = with_sink(|sink| {
            (self.vtable.create)(
                StrRef::new(name),
                StrRef::from_bytes(params_json),
                &mut state,
                sink,
            )
        });
        if code == status::OK && !state.is_null() {
            Ok((
                Instance {
                    state,
                    vtable: self.vtable,
                },
                out,
            ))
        } else {
            // On failure the plugin made no state (the SDK only sets it last, on success); a
            // non-null state with an error code is destroyed to be safe.
            if !state.is_null() {
                drop(Instance {
                    state,
                    vtable: self.vtable,
                });
            }
            Err((
                if code == status::OK {
                    status::ERROR
                } else {
                    code
                },
                out,
            ))
        }
    }
}

/// One stage instance inside a plugin: the opaque state and the functions that use it.
#[derive(Debug)]
pub(crate) struct Instance {
    state: *mut c_void,
    vtable: &'static PluginVTable,
}

// SAFETY: the state is only used through the plugin's `process` (which the ABI requires to be
// callable concurrently: the SDK bounds every stage type by `Send + Sync`) and `destroy` (called
// once, from `Drop`, when no `process` call can be running because `Drop` has `&mut self`).
unsafe impl Send for Instance {}
// SAFETY: see `Send`; `process` takes the state by shared pointer.
unsafe impl Sync for Instance {}

impl Instance {
    /// Calls `process` on one document; the plugin's answer is appended to `out`.
    pub(crate) fn process(&self, id: &str, text: &str, fields_json: &[u8]) -> (i32, Vec<u8>) {
        let view = DocView {
            id: StrRef::new(id),
            text: StrRef::new(text),
            fields_json: StrRef::from_bytes(fields_json),
        };
        with_sink(|out| (self.vtable.process)(self.state, &view, out))
    }
}

impl Drop for Instance {
    fn drop(&mut self) {
        (self.vtable.destroy)(self.state);
    }
}
