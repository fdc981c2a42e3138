//! Word knowledge shared by textpipe's stages (clean, extract, summarize, ner).
//!
//! Before this crate, each stage carried its own copy of the same pieces: three static
//! word-set implementations, month and number words in four places, days-in-month twice and
//! the FNV-1a hash twice. They now live here once:
//!
//! - [`WordSet`] / [`WordMap`]: static word lists (built once, at start-up) with a lookup
//!   that a long `match` or a binary search would make slow: a 2 KB bit filter rejects most
//!   other words, then an open-addressing table finds the rest in about one probe.
//! - [`names`]: month names and abbreviations (English, plus the French, German and Spanish
//!   ones a foreign date line uses), weekday names, English number words.
//! - [`calendar`]: days in a month, leap years, weekdays, day and ISO-week arithmetic, through
//!   the `jiff` calendar crate rather than hand-written formulas.
//! - [`hash`]: FNV-1a and a 64-bit mixer. The NER model file stores feature hashes made with
//!   them, so their values are part of that file format and must never change.
//!
//! Word *data* that differs on purpose (summarize's NLTK stop words, extract's keyword stop
//! list) stays with the stage that owns it; only the set type is shared.
//!
//! ```
//! use textpipe_lexicon::{calendar, names, WordSet};
//! let set = WordSet::new(&["the", "a"]);
//! assert!(set.contains("the") && !set.contains("then"));
//! assert_eq!(names::month_number("sept"), Some(9));
//! assert_eq!(calendar::days_in_month(2012, 2), Some(29));
//! ```
#![forbid(unsafe_code)]

pub mod calendar;
pub mod hash;
pub mod names;
mod words;

pub use words::{WordMap, WordSet};
