//! What a shard reads: the sorted units of the inputs, their assignment ([`Mode`]), the
//! [`ShardPlan`] and its record filter.

use super::*;
use crate::io::{list_articles, InputSource, RawRecord, RecordReader};
use serde::{Deserialize, Serialize};
use std::collections::BTreeSet;

/// How records are assigned to shards.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Mode {
    /// Whole units (files, articles): unit `k` to shard `k mod N`.
    Files,
    /// Records interleaved: record `r` to shard `r mod N` (fewer units than shards).
    Records,
}

/// The assignment mode for `units` units and `count` shards.
pub fn mode(units: usize, count: usize) -> Mode {
    if units >= count {
        Mode::Files
    } else {
        Mode::Records
    }
}

/// One unit of assignment: a JSONL file, a text article, or one article of a folder.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize)]
pub struct Unit {
    /// The name records of this unit carry as their origin input (`RawRecord::origin.input`):
    /// the path as named for a file, `<folder>/<relative path>` for an article of a folder.
    pub name: String,
    /// Size in bytes (part of the input fingerprint).
    pub size: u64,
}

/// The units of `sources`, sorted by name.
///
/// # Errors
///
/// [`ShardError::Stdin`] for stdin (it has no name to assign), [`ShardError::Io`] when a
/// folder cannot be listed.
pub fn list_units(sources: &[InputSource]) -> Result<Vec<Unit>, ShardError> {
    let mut units = Vec::new();
    for src in sources {
        match src {
            InputSource::Stdin => return Err(ShardError::Stdin),
            InputSource::Jsonl(p) | InputSource::TextFile(p) => units.push(Unit {
                name: src.display_name(),
                size: std::fs::metadata(p).map(|m| m.len()).unwrap_or(0),
            }),
            InputSource::Dir(dir) => {
                let base = src.display_name();
                let base = base.trim_end_matches('/');
                for (path, rel) in list_articles(dir)? {
                    units.push(Unit {
                        name: format!("{base}/{rel}"),
                        size: std::fs::metadata(&path).map(|m| m.len()).unwrap_or(0),
                    });
                }
            }
        }
    }
    units.sort();
    Ok(units)
}

/// A 128-bit XXH3 hash of `parts` (each length-prefixed, so `["a", "bc"]` and `["ab", "c"]`
/// differ), as 32 hex digits. Stable across platforms, Rust versions and releases of the
/// `xxhash-rust` crate (XXH3 is a fixed specification); not cryptographic, which change
/// detection does not need.
pub fn fingerprint<'a>(parts: impl IntoIterator<Item = &'a [u8]>) -> String {
    let mut h = xxhash_rust::xxh3::Xxh3::new();
    for part in parts {
        h.update(&(part.len() as u64).to_le_bytes());
        h.update(part);
    }
    format!("{:032x}", h.digest128())
}

/// What a shard reads and which of the records it keeps.
#[derive(Debug, Clone)]
pub struct ShardPlan {
    spec: ShardSpec,
    mode: Mode,
    units: Vec<Unit>,
    owned: BTreeSet<String>,
    sources: Vec<InputSource>,
}

impl ShardPlan {
    /// Plans shard `spec` over `sources`. With one shard the sources are read in the order
    /// given and nothing is filtered; otherwise they are sorted by name and assigned as the
    /// [module docs](crate::shard) describe.
    ///
    /// # Errors
    ///
    /// [`ShardError::Stdin`] when stdin is sharded, [`ShardError::Duplicate`] when an input
    /// is named twice, [`ShardError::Io`] when a folder cannot be listed.
    pub fn new(sources: Vec<InputSource>, spec: ShardSpec) -> Result<Self, ShardError> {
        if spec.count == 1 {
            let units = if sources.contains(&InputSource::Stdin) {
                Vec::new()
            } else {
                list_units(&sources)?
            };
            return Ok(ShardPlan {
                spec,
                mode: Mode::Files,
                owned: units.iter().map(|u| u.name.clone()).collect(),
                units,
                sources,
            });
        }
        let units = list_units(&sources)?;
        for pair in units.windows(2) {
            if pair[0].name == pair[1].name {
                return Err(ShardError::Duplicate(pair[0].name.clone()));
            }
        }
        let mode = mode(units.len(), spec.count);
        let mut sources = sources;
        sources.sort_by_key(InputSource::display_name);
        let owned: BTreeSet<String> = match mode {
            Mode::Files => units
                .iter()
                .enumerate()
                .filter(|(k, _)| file_shard(*k, spec.count) == spec.index)
                .map(|(_, u)| u.name.clone())
                .collect(),
            Mode::Records => units.iter().map(|u| u.name.clone()).collect(),
        };
        if mode == Mode::Files {
            // Read only the files this shard owns (and the folders holding its articles).
            sources.retain(|s| match s {
                InputSource::Dir(_) => {
                    let prefix = format!("{}/", s.display_name().trim_end_matches('/'));
                    owned
                        .range(prefix.clone()..)
                        .next()
                        .is_some_and(|n| n.starts_with(&prefix))
                }
                _ => owned.contains(&s.display_name()),
            });
        }
        Ok(ShardPlan {
            spec,
            mode,
            units,
            owned,
            sources,
        })
    }

    /// A plan that reads every source in the order given, for an unsharded run without
    /// markers. Unlike [`ShardPlan::new`] it lists no folder, so [`ShardPlan::units`] is empty
    /// and [`ShardPlan::inputs_hash`] does not describe the inputs.
    pub fn unsharded(sources: Vec<InputSource>) -> Self {
        ShardPlan {
            spec: ShardSpec::single(),
            mode: Mode::Files,
            units: Vec::new(),
            owned: BTreeSet::new(),
            sources,
        }
    }

    /// The shard.
    pub fn spec(&self) -> ShardSpec {
        self.spec
    }

    /// How records are assigned.
    pub fn mode(&self) -> Mode {
        self.mode
    }

    /// All units of the run (every shard), sorted.
    pub fn units(&self) -> &[Unit] {
        &self.units
    }

    /// The sources this shard reads, in reading order.
    pub fn sources(&self) -> &[InputSource] {
        &self.sources
    }

    /// Names of the units this shard owns (in [`Mode::Records`], all units: it owns part of
    /// each).
    pub fn owned_units(&self) -> impl Iterator<Item = &str> {
        self.owned.iter().map(String::as_str)
    }

    /// Fingerprint of the input list: sorted unit names and sizes, plus the shard count.
    /// Identical in every shard of a run.
    pub fn inputs_hash(&self) -> String {
        let count = self.spec.count.to_string();
        let sizes: Vec<String> = self.units.iter().map(|u| u.size.to_string()).collect();
        let mut parts: Vec<&[u8]> = vec![b"textpipe-inputs-v1", count.as_bytes()];
        for (u, s) in self.units.iter().zip(&sizes) {
            parts.push(u.name.as_bytes());
            parts.push(s.as_bytes());
        }
        fingerprint(parts)
    }

    /// The record filter of this shard.
    pub fn filter(&self) -> ShardFilter {
        if self.spec.count == 1 {
            return ShardFilter::All;
        }
        match self.mode {
            Mode::Files => ShardFilter::Units(self.owned.clone()),
            Mode::Records => ShardFilter::Interleave {
                spec: self.spec,
                next: 0,
            },
        }
    }

    /// A reader over this shard's sources that yields only this shard's records, with a
    /// `--limit` applied where it can count the whole input: in [`Mode::Records`] the shards
    /// together process the first `limit` records (each keeps its own among them); in
    /// [`Mode::Files`] a shard never sees the other shards' files, so the limit is left to the
    /// run and counts this shard's documents.
    pub fn reader_with_limit(&self, limit: Option<u64>) -> RecordReader {
        match self.mode {
            Mode::Records if self.spec.count > 1 => self.reader().with_record_limit(limit),
            _ => self.reader(),
        }
    }

    /// A reader over this shard's sources that yields only this shard's records.
    pub fn reader(&self) -> RecordReader {
        let reader = RecordReader::new(self.sources.clone());
        let mut filter = self.filter();
        match filter {
            ShardFilter::All => reader,
            _ => reader.with_filter(move |rec| filter.keep(rec)),
        }
    }
}

/// Decides, record by record and without parsing, whether a record belongs to this shard.
#[derive(Debug, Clone)]
pub enum ShardFilter {
    /// Keep everything (one shard).
    All,
    /// Keep records whose origin input is one of these units ([`Mode::Files`]).
    Units(BTreeSet<String>),
    /// Keep the records whose ordinal maps to this shard ([`Mode::Records`]).
    Interleave {
        /// The shard.
        spec: ShardSpec,
        /// Ordinal of the next record.
        next: u64,
    },
}

impl ShardFilter {
    /// True when `rec` belongs to this shard. Must see every record in reading order.
    pub fn keep(&mut self, rec: &RawRecord) -> bool {
        match self {
            ShardFilter::All => true,
            ShardFilter::Units(owned) => owned.contains(&*rec.origin.input),
            ShardFilter::Interleave { spec, next } => {
                let r = *next;
                *next += 1;
                record_shard(r, spec.count) == spec.index
            }
        }
    }
}
