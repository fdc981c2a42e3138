//! A library that claims a plugin ABI version this textpipe does not speak. It exports the
//! version symbol (and a null entry point the host must never reach), so the host's version
//! check is what refuses it.
#![deny(missing_docs)]

/// Reports `ABI_VERSION + 1`.
#[no_mangle]
pub extern "C" fn textpipe_plugin_abi_version() -> u32 {
    textpipe_plugin::ABI_VERSION + 1
}

/// Never called by a correct host: the version check comes first.
#[no_mangle]
pub extern "C" fn textpipe_plugin_v1() -> *const textpipe_plugin::abi::PluginVTable {
    std::ptr::null()
}
