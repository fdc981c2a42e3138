//! textpipe stage crate (being written).
#![forbid(unsafe_code)]

/// Registers this crate's stage.
pub fn register(_reg: &mut textpipe_core::Registry) {}
