//! Substring searches used on every line, with their searchers built once (building a
//! `memmem::Finder` costs more than running it on a short line).

use memchr::memmem::Finder;
use std::sync::OnceLock;

fn finder(
    cell: &'static OnceLock<Finder<'static>>,
    needle: &'static [u8],
) -> &'static Finder<'static> {
    cell.get_or_init(|| Finder::new(needle))
}

/// True when `hay` contains `needle`, one of the fixed needles below.
macro_rules! fixed_search {
    ($(#[$doc:meta] $name:ident => $needle:expr;)*) => {
        $(
            #[$doc]
            pub fn $name(hay: &[u8]) -> bool {
                static CELL: OnceLock<Finder<'static>> = OnceLock::new();
                finder(&CELL, $needle).find(hay).is_some()
            }
        )*
    };
}

fixed_search! {
    /// Two spaces in a row.
    has_double_space => b"  ";
    /// A URL scheme separator.
    has_scheme => b"://";
    /// "eserved" (of "All rights reserved").
    has_eserved => b"eserved";
    /// "ESERVED" (of "ALL RIGHTS RESERVED").
    has_eserved_upper => b"ESERVED";
}
