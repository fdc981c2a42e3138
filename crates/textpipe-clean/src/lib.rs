//! textpipe-clean: the `clean` stage, first in every textpipe pipeline.
//!
//! It turns scraped news (Markdown-ish pages, HTML fragments, hard-wrapped wire copy, text that
//! went through the wrong encoding) into plain paragraphs, and lifts the article header into
//! metadata. In order:
//!
//! 1. HTML tags and entities ([`html`]): script/style/page chrome dropped, blocks to breaks.
//! 2. Mojibake repair ([`mojibake`]), ftfy-style: UTF-8 misread as Windows-1252, Latin-1,
//!    MacRoman, Windows-1251/1250, ISO-8859-2, Windows-1253/1254, code page 437, double
//!    encodings, mixed lines; legitimate text untouched.
//! 3. Characters and Unicode ([`unicode`]): line endings, control/zero-width characters, soft
//!    hyphens, exotic spaces, optional straight quotes, NFC (or NFKC).
//! 4. Lines: the header at the top (`# Title`, a date line parsed by [`date`], `**Source**`)
//!    and an `Original url: <...>` footer ([`header`]), boilerplate lines ([`boilerplate`]),
//!    Markdown ([`markdown`]).
//! 5. Layout ([`layout`]): hard-wrapped lines joined, line-end hyphenation undone, paragraphs
//!    broken mid-sentence joined; paragraphs separated by exactly one blank line.
//! 6. The dateline opening the body ("DUSHANBE, Tajikistan —") goes to `dateline`.
//!
//! Every step can be switched off in [`CleanConfig`]. The output is a fixed point: cleaning
//! it again changes nothing.
//!
//! ```
//! use textpipe_clean::{Clean, CleanConfig};
//!
//! let config: CleanConfig = serde_json::from_str(r#"{"straighten_quotes": false}"#).unwrap();
//! let clean = Clean::new(config);
//! let page = "# Bridge Reopens\n\nMarch 3, 2021\n\n**The  Harbour  Gazette**\n\n\
//!     PORTVALE, Norland — The bridge reopened on Monday after repairs that took\n\
//!     six weeks, the city said.\n\nAdvertisement\n\nOriginal url: <https://gazette.example/b>";
//! let out = clean.clean(page);
//! assert_eq!(out.text, "PORTVALE, Norland — The bridge reopened on Monday after repairs \
//!     that took six weeks, the city said.");
//! assert_eq!(out.meta.title.as_deref(), Some("Bridge Reopens"));
//! assert_eq!(out.meta.date.as_deref(), Some("2021-03-03"));
//! assert_eq!(out.meta.source.as_deref(), Some("The Harbour Gazette"));
//! assert_eq!(out.meta.url.as_deref(), Some("https://gazette.example/b"));
//! assert_eq!(out.meta.dateline.as_deref(), Some("PORTVALE, Norland"));
//! ```
#![deny(missing_docs)]
#![forbid(unsafe_code)]

pub mod boilerplate;
pub mod config;
pub mod date;
pub mod header;
pub mod html;
pub mod layout;
pub mod markdown;
pub mod mojibake;
mod scan;
pub mod stage;
mod tables;
pub mod unicode;
mod words;

pub use config::CleanConfig;
pub use stage::{Clean, CleanCounts, Cleaned};
pub use unicode::Normalization;

/// Registers the `clean` stage.
pub fn register(reg: &mut textpipe_core::Registry) {
    reg.register_config::<CleanConfig>();
}
