//! The C ABI between the host and a plugin library: `#[repr(C)]` types, symbol names and status
//! codes. Nothing here has a Rust layout, so host and plugin may be built by different compilers.
//!
//! # Protocol
//!
//! 1. The host opens the library and calls [`ABI_VERSION_SYMBOL`]
//!    (`extern "C" fn() -> u32`) before anything else; a value other than its own
//!    [`ABI_VERSION`] stops the load.
//! 2. The host calls [`ENTRY_SYMBOL`] (`extern "C" fn() -> *const PluginVTable`), whose name
//!    carries the ABI version, and checks [`PluginVTable::abi_version`] and
//!    [`PluginVTable::size`].
//! 3. `describe` writes a JSON array of [`crate::Descriptor`]s to the sink.
//! 4. `create` builds one stage instance from its name and parameters (a JSON object); on
//!    success it stores an opaque state pointer and writes the instance's fields as
//!    `{"requires": [..], "provides": [..]}`, on failure it writes the message.
//! 5. `process` may be called from many threads at once with the same state (the state is
//!    `Send + Sync`); it writes nothing when the document is unchanged, a JSON change set
//!    (`{"fields": {..}, "text": "..", "meta": {..}, "counters": {..}}`) otherwise; for a drop
//!    `{"reason": "..", "counters": {..}}`; for a reject or fatal error the reason as text.
//! 6. `destroy` frees the state; the host calls it once, after the last `process`.
//!
//! # Ownership
//!
//! Nobody frees memory the other side allocated. Everything the host passes ([`StrRef`],
//! [`DocView`], [`Sink`]) is borrowed for the duration of the call. The plugin never returns
//! heap memory: it writes bytes through [`Sink::write`], and the host copies them. The only
//! plugin allocation the host holds is the opaque state, which goes back to the plugin's
//! `destroy`. Every function the plugin exports catches panics ([`status::PANIC`]); no unwind
//! crosses the boundary. Libraries are never unloaded.

use std::ffi::c_void;

/// Version of this ABI. Bumped on any breaking change of the types or the protocol in this
/// module (not with the crate version).
pub const ABI_VERSION: u32 = 1;

/// `extern "C" fn() -> u32` returning the plugin's [`ABI_VERSION`]; checked first.
pub const ABI_VERSION_SYMBOL: &str = "textpipe_plugin_abi_version";

/// `extern "C" fn() -> *const PluginVTable`: the entry point of ABI version 1.
pub const ENTRY_SYMBOL: &str = "textpipe_plugin_v1";

/// Return codes of the vtable functions.
pub mod status {
    /// Success. `process`: the sink holds a change set, or nothing when the document is
    /// unchanged.
    pub const OK: i32 = 0;
    /// `process`: a filter drops the document; the sink holds `{"reason": "..", "counters":
    /// {..}}` (counters optional).
    pub const DROP: i32 = 1;
    /// `process`: the document is rejected; the sink holds the reason.
    pub const REJECT: i32 = 2;
    /// `process`: the stage cannot go on at all; the run stops. The sink holds the reason.
    pub const FATAL: i32 = 3;
    /// The plugin panicked; the sink holds the panic message.
    pub const PANIC: i32 = 4;
    /// `describe`/`create` failed (unknown stage, parameters rejected); the sink holds the
    /// message.
    pub const ERROR: i32 = 5;
}

/// Borrowed UTF-8 bytes, valid for the duration of one call.
#[repr(C)]
#[derive(Debug, Clone, Copy)]
pub struct StrRef {
    /// First byte (may dangle when `len` is 0).
    pub ptr: *const u8,
    /// Length in bytes.
    pub len: usize,
}

impl StrRef {
    /// Borrows `s` (the caller keeps `s` alive for the call).
    pub fn new(s: &str) -> Self {
        StrRef {
            ptr: s.as_ptr(),
            len: s.len(),
        }
    }

    /// Borrows raw bytes (JSON the caller produced).
    pub fn from_bytes(b: &[u8]) -> Self {
        StrRef {
            ptr: b.as_ptr(),
            len: b.len(),
        }
    }
}

/// Host callback receiving bytes; the host copies them before it returns. Called any number of
/// times per call; the pieces are concatenated.
pub type WriteFn = extern "C" fn(ctx: *mut c_void, ptr: *const u8, len: usize);

/// Where a plugin writes its answer: a host buffer and the host function that appends to it.
#[repr(C)]
#[derive(Debug)]
pub struct Sink {
    /// Host context handed back to `write`.
    pub ctx: *mut c_void,
    /// Appends bytes to the host buffer.
    pub write: WriteFn,
}

/// One document as the host lends it to `process`.
#[repr(C)]
#[derive(Debug)]
pub struct DocView {
    /// Document id (UTF-8).
    pub id: StrRef,
    /// The text (UTF-8), borrowed without a copy.
    pub text: StrRef,
    /// A JSON object with only the fields the stage requires besides `text` (metadata,
    /// annotations with byte offsets, fields of earlier stages); empty (`len == 0`) when it
    /// requires none.
    pub fields_json: StrRef,
}

/// `describe(out) -> status`: writes a JSON array of descriptors.
pub type DescribeFn = extern "C" fn(out: *const Sink) -> i32;
/// `create(stage, params_json, state_out, out) -> status`.
pub type CreateFn = extern "C" fn(
    stage: StrRef,
    params_json: StrRef,
    state_out: *mut *mut c_void,
    out: *const Sink,
) -> i32;
/// `process(state, doc, out) -> status`; called concurrently.
pub type ProcessFn =
    extern "C" fn(state: *const c_void, doc: *const DocView, out: *const Sink) -> i32;
/// `destroy(state)`: frees a state `create` made.
pub type DestroyFn = extern "C" fn(state: *mut c_void);

/// The functions a plugin library exports, returned by [`ENTRY_SYMBOL`]; a `'static` in the
/// plugin.
#[repr(C)]
#[derive(Debug)]
pub struct PluginVTable {
    /// Must equal [`ABI_VERSION`].
    pub abi_version: u32,
    /// `size_of::<PluginVTable>()` as the plugin sees it (a layout sanity check).
    pub size: usize,
    /// Lists the stages.
    pub describe: DescribeFn,
    /// Builds a stage instance.
    pub create: CreateFn,
    /// Processes one document.
    pub process: ProcessFn,
    /// Frees a stage instance.
    pub destroy: DestroyFn,
}
