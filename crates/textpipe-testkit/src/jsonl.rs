//! Reading what the binary writes: JSONL (plain, gzip, zstd), JSON files, record ids.

use serde_json::Value;
use std::io::{Read, Write};
use std::path::Path;

/// Parses JSONL bytes: one JSON value per non-empty line (panics on a malformed line).
pub fn parse_jsonl(bytes: &[u8]) -> Vec<Value> {
    bytes
        .split(|b| *b == b'\n')
        .filter(|l| !l.is_empty())
        .map(|l| {
            serde_json::from_slice(l)
                .unwrap_or_else(|e| panic!("{e}: {:?}", String::from_utf8_lossy(l)))
        })
        .collect()
}

/// Reads a file, decompressed by its extension (`.gz`, multi-member too; `.zst`; anything else
/// is read as is).
pub fn read_decompressed(path: &Path) -> Vec<u8> {
    let raw = std::fs::read(path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
    match path.extension().and_then(|e| e.to_str()) {
        Some("gz") => {
            let mut s = Vec::new();
            flate2::read::MultiGzDecoder::new(&raw[..])
                .read_to_end(&mut s)
                .unwrap();
            s
        }
        Some("zst") => zstd::decode_all(&raw[..]).unwrap(),
        _ => raw,
    }
}

/// Reads a JSONL file (plain, `.gz` or `.zst`).
pub fn read_jsonl(path: &Path) -> Vec<Value> {
    parse_jsonl(&read_decompressed(path))
}

/// Reads a JSON file (a `--stats` file, a completion marker, `merge-stats` output).
pub fn read_json(path: &Path) -> Value {
    serde_json::from_slice(&read_decompressed(path))
        .unwrap_or_else(|e| panic!("{}: {e}", path.display()))
}

/// The non-empty lines of a text file, as written (for byte-level comparisons of outputs).
pub fn read_lines(path: &Path) -> Vec<String> {
    let text = std::fs::read_to_string(path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
    text.lines()
        .filter(|l| !l.is_empty())
        .map(str::to_string)
        .collect()
}

/// The `"id"` of each record (panics on a record without a string id).
pub fn ids(docs: &[Value]) -> Vec<&str> {
    docs.iter()
        .map(|d| {
            d["id"]
                .as_str()
                .unwrap_or_else(|| panic!("record without a string id: {d}"))
        })
        .collect()
}

/// Sorts records by their `"id"` (sharded outputs compared with a one-process run).
pub fn sort_by_id(docs: &mut [Value]) {
    docs.sort_by_key(|d| d["id"].as_str().unwrap().to_string());
}

/// JSONL lines sorted by the `"id"` of their record.
pub fn sort_lines_by_id(mut lines: Vec<String>) -> Vec<String> {
    lines.sort_by_key(|l| {
        let doc: Value = serde_json::from_str(l).unwrap();
        doc["id"].as_str().unwrap().to_string()
    });
    lines
}

/// `data` compressed as one gzip member (concatenate several for a multi-member file).
pub fn gzip(data: &[u8]) -> Vec<u8> {
    let mut enc = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::default());
    enc.write_all(data).unwrap();
    enc.finish().unwrap()
}
