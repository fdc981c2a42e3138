//! The export glue behind [`crate::export_stage!`]: generic `extern "C"` functions that turn a
//! safe [`PluginStage`] into the [`PluginVTable`]. All the SDK's `unsafe` is here.
//!
//! Every function catches panics, so no unwind crosses the C boundary; a panic in `process`
//! becomes [`status::PANIC`] with the panic message, which the host turns into a rejected
//! document.

use crate::abi::{status, DocView, PluginVTable, Sink, StrRef, ABI_VERSION};
use crate::descriptor::Descriptor;
use crate::stage::{Decision, Params, PluginDoc, PluginStage};
use serde_json::{json, Map, Value};
use std::any::Any;
use std::ffi::c_void;
use std::panic::{catch_unwind, AssertUnwindSafe};

/// A stage with its type erased, so one library can export several stage types. The state
/// pointer handed to the host is a `Box<Box<dyn ErasedStage>>`.
pub trait ErasedStage: Send + Sync {
    /// See [`PluginStage::process`].
    fn process(&self, doc: &PluginDoc<'_>) -> Result<crate::Outcome, String>;
    /// See [`PluginStage::requires`].
    fn requires(&self) -> Vec<String>;
    /// See [`PluginStage::provides`].
    fn provides(&self) -> Vec<String>;
}

impl<T: PluginStage> ErasedStage for T {
    fn process(&self, doc: &PluginDoc<'_>) -> Result<crate::Outcome, String> {
        PluginStage::process(self, doc)
    }
    fn requires(&self) -> Vec<String> {
        PluginStage::requires(self)
    }
    fn provides(&self) -> Vec<String> {
        PluginStage::provides(self)
    }
}

/// The set of stages one library exports; implemented by [`crate::export_stage!`].
pub trait Library {
    /// Descriptors of every stage, in the order given to the macro.
    fn describe() -> Vec<Descriptor>;
    /// Builds stage `name`, or `None` when the library has no such stage.
    fn create(name: &str, params: &Params) -> Option<Result<Box<dyn ErasedStage>, String>>;
}

/// Builds one stage of type `T` (used by the macro).
pub fn create_one<T: PluginStage>(params: &Params) -> Result<Box<dyn ErasedStage>, String> {
    T::create(params).map(|s| Box::new(s) as Box<dyn ErasedStage>)
}

/// The vtable for library `L`; the macro stores it in a `static`.
pub const fn vtable<L: Library>() -> PluginVTable {
    PluginVTable {
        abi_version: ABI_VERSION,
        size: std::mem::size_of::<PluginVTable>(),
        describe: describe::<L>,
        create: create::<L>,
        process,
        destroy,
    }
}

fn emit(out: *const Sink, bytes: &[u8]) {
    if out.is_null() || bytes.is_empty() {
        return;
    }
    // SAFETY: the host passes a valid `Sink` for the duration of the call (ABI contract in
    // `abi`), and `bytes` is alive while `write` copies it.
    let sink = unsafe { &*out };
    (sink.write)(sink.ctx, bytes.as_ptr(), bytes.len());
}

fn panic_message(payload: &(dyn Any + Send)) -> String {
    if let Some(s) = payload.downcast_ref::<&str>() {
        (*s).to_string()
    } else if let Some(s) = payload.downcast_ref::<String>() {
        s.clone()
    } else {
        "panic with a non-string payload".to_string()
    }
}

thread_local! {
    /// Where the last panic on this thread happened (`file:line`), recorded by the hook.
    static PANIC_AT: std::cell::RefCell<Option<String>> = const { std::cell::RefCell::new(None) };
}

/// Replaces this library's panic hook (a cdylib has its own copy of std, so the host's hook
/// is untouched) with one that records the location instead of printing to stderr: a panic is
/// an expected, reported outcome here (the document is rejected with the message and the
/// location), not a crash, and a large batch would otherwise flood the terminal.
fn install_panic_hook() {
    static ONCE: std::sync::Once = std::sync::Once::new();
    ONCE.call_once(|| {
        std::panic::set_hook(Box::new(|info| {
            let at = info
                .location()
                .map(|l| format!("{}:{}:{}", l.file(), l.line(), l.column()));
            let _ = PANIC_AT.try_with(|p| {
                if let Ok(mut p) = p.try_borrow_mut() {
                    *p = at;
                }
            });
        }));
    });
}

/// Runs `f`, turning a panic into [`status::PANIC`] with its message (and location) written
/// to `out`.
fn guard(out: *const Sink, f: impl FnOnce() -> i32) -> i32 {
    install_panic_hook();
    match catch_unwind(AssertUnwindSafe(f)) {
        Ok(code) => code,
        Err(payload) => {
            // Formatting the message cannot unwind past here: a panic while building it is
            // caught too, and then only the fixed text is written.
            let msg = catch_unwind(AssertUnwindSafe(|| {
                let msg = panic_message(payload.as_ref());
                let at = PANIC_AT
                    .try_with(|p| p.try_borrow_mut().ok().and_then(|mut p| p.take()))
                    .ok()
                    .flatten();
                match at {
                    Some(at) => format!("{msg} (at {at})"),
                    None => msg,
                }
            }))
            .unwrap_or_else(|_| "panic".to_string());
            let _ = catch_unwind(AssertUnwindSafe(|| emit(out, msg.as_bytes())));
            status::PANIC
        }
    }
}

/// # Safety
///
/// `s` must point to `s.len` readable bytes for the lifetime `'a` (ABI contract: borrowed for
/// the call).
unsafe fn bytes<'a>(s: StrRef) -> &'a [u8] {
    if s.len == 0 || s.ptr.is_null() {
        &[]
    } else {
        // SAFETY: guaranteed by the caller.
        unsafe { std::slice::from_raw_parts(s.ptr, s.len) }
    }
}

extern "C" fn describe<L: Library>(out: *const Sink) -> i32 {
    guard(out, || match serde_json::to_vec(&L::describe()) {
        Ok(v) => {
            emit(out, &v);
            status::OK
        }
        Err(e) => {
            emit(
                out,
                format!("cannot serialize the descriptors: {e}").as_bytes(),
            );
            status::ERROR
        }
    })
}

extern "C" fn create<L: Library>(
    stage: StrRef,
    params_json: StrRef,
    state_out: *mut *mut c_void,
    out: *const Sink,
) -> i32 {
    guard(out, || {
        let fail = |msg: String| {
            emit(out, msg.as_bytes());
            status::ERROR
        };
        if state_out.is_null() {
            return fail("null state pointer".into());
        }
        // SAFETY: the host lends both for the call.
        let (name, params) = unsafe { (bytes(stage), bytes(params_json)) };
        let Ok(name) = std::str::from_utf8(name) else {
            return fail("stage name is not UTF-8".into());
        };
        let given: Map<String, Value> = if params.is_empty() {
            Map::new()
        } else {
            match serde_json::from_slice(params) {
                Ok(m) => m,
                Err(e) => return fail(format!("parameters are not a JSON object: {e}")),
            }
        };
        let descriptors = L::describe();
        let Some(descriptor) = descriptors.iter().find(|d| d.name == name) else {
            let names: Vec<&str> = descriptors.iter().map(|d| d.name.as_str()).collect();
            return fail(format!(
                "this library has no stage \"{name}\" (it provides: {})",
                names.join(", ")
            ));
        };
        let params = match Params::resolve(&given, &descriptor.params) {
            Ok(p) => p,
            Err(e) => return fail(e),
        };
        let stage = match L::create(name, &params) {
            Some(Ok(s)) => s,
            Some(Err(e)) => return fail(e),
            None => return fail(format!("this library has no stage \"{name}\"")),
        };
        let info = json!({"requires": stage.requires(), "provides": stage.provides()});
        emit(out, info.to_string().as_bytes());
        let state: Box<Box<dyn ErasedStage>> = Box::new(stage);
        // SAFETY: checked non-null above; the host passes a writable pointer.
        unsafe { *state_out = Box::into_raw(state).cast::<c_void>() };
        status::OK
    })
}

extern "C" fn process(state: *const c_void, doc: *const DocView, out: *const Sink) -> i32 {
    guard(out, || {
        if state.is_null() || doc.is_null() {
            emit(out, b"null state or document");
            return status::FATAL;
        }
        // SAFETY: `state` came from `create` (a `Box<Box<dyn ErasedStage>>`) and the host calls
        // `destroy` only after the last `process`; `ErasedStage: Sync` allows the shared
        // borrow from several threads.
        let stage: &dyn ErasedStage = unsafe { &**state.cast::<Box<dyn ErasedStage>>() };
        // SAFETY: the host lends the view and its strings for the call.
        let view = unsafe { &*doc };
        // SAFETY: as above, borrowed for the call.
        let (id, text, fields) =
            unsafe { (bytes(view.id), bytes(view.text), bytes(view.fields_json)) };
        // SAFETY: the ABI contract says `id` and `text` are UTF-8 (the host passes `&str`s); not
        // re-validating keeps a text-only stage free of a pass over the text.
        let (id, text) = unsafe {
            (
                std::str::from_utf8_unchecked(id),
                std::str::from_utf8_unchecked(text),
            )
        };
        let doc = PluginDoc::from_json(id, text, fields);
        match stage.process(&doc) {
            Err(reason) => {
                emit(out, reason.as_bytes());
                status::REJECT
            }
            Ok(outcome) => match outcome.decision() {
                Decision::Drop(reason) => {
                    emit(out, outcome.drop_json(reason).to_string().as_bytes());
                    status::DROP
                }
                Decision::Fatal(reason) => {
                    emit(out, reason.as_bytes());
                    status::FATAL
                }
                Decision::Keep if outcome.is_unchanged() => status::OK,
                Decision::Keep => match serde_json::to_vec(&outcome.changes_json()) {
                    Ok(v) => {
                        emit(out, &v);
                        status::OK
                    }
                    Err(e) => {
                        emit(out, format!("cannot serialize the result: {e}").as_bytes());
                        status::REJECT
                    }
                },
            },
        }
    })
}

extern "C" fn destroy(state: *mut c_void) {
    if state.is_null() {
        return;
    }
    // A panic in a stage's `Drop` is swallowed: nothing can be reported and nothing may unwind.
    let _ = catch_unwind(AssertUnwindSafe(|| {
        // SAFETY: `state` came from `Box::into_raw` in `create` and the host destroys it once.
        drop(unsafe { Box::from_raw(state.cast::<Box<dyn ErasedStage>>()) });
    }));
}

/// Exports one or more [`PluginStage`](crate::PluginStage) types as a plugin library: defines
/// the `textpipe_plugin_abi_version` and `textpipe_plugin_v1` symbols. Use it once per
/// `cdylib` crate.
///
/// ```ignore
/// textpipe_plugin::export_stage!(WordStats);
/// textpipe_plugin::export_stage!(StageA, StageB);
/// ```
#[macro_export]
macro_rules! export_stage {
    ($($stage:ty),+ $(,)?) => {
        #[doc(hidden)]
        pub struct __TextpipePluginLibrary;

        impl $crate::__private::Library for __TextpipePluginLibrary {
            fn describe() -> ::std::vec::Vec<$crate::Descriptor> {
                ::std::vec![$(<$stage as $crate::PluginStage>::describe()),+]
            }
            fn create(
                name: &str,
                params: &$crate::Params,
            ) -> ::std::option::Option<
                ::std::result::Result<
                    ::std::boxed::Box<dyn $crate::__private::ErasedStage>,
                    ::std::string::String,
                >,
            > {
                $(
                    if <$stage as $crate::PluginStage>::describe().name == name {
                        return ::std::option::Option::Some(
                            $crate::__private::create_one::<$stage>(params),
                        );
                    }
                )+
                ::std::option::Option::None
            }
        }

        #[doc(hidden)]
        static __TEXTPIPE_PLUGIN_VTABLE: $crate::abi::PluginVTable =
            $crate::__private::vtable::<__TextpipePluginLibrary>();

        /// The plugin ABI version this library was built for (checked by the host first).
        #[allow(unsafe_code)]
        #[no_mangle]
        pub extern "C" fn textpipe_plugin_abi_version() -> u32 {
            $crate::abi::ABI_VERSION
        }

        /// The entry point of plugin ABI version 1: the library's function table.
        #[allow(unsafe_code)]
        #[no_mangle]
        pub extern "C" fn textpipe_plugin_v1() -> *const $crate::abi::PluginVTable {
            &__TEXTPIPE_PLUGIN_VTABLE
        }
    };
}
