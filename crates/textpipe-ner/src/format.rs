//! The binary model file format (little-endian):
//!
//! ```text
//! magic "TPNERMDL" | version u32 | total length u64 | bits u32 | tags u32 | labels u32
//! transitions (tags*tags + 2*tags) i32
//! gazetteer: count u32, then (hash u64, label mask u8) sorted by hash
//! clusters: count u32, then (hash u64, coarse u16, fine u16) sorted by hash
//! weights: row count u32, then per non-zero row: bucket delta (varint), tags zigzag varints
//! checksum u64 (FNV-1a of every byte before it)
//! ```

use crate::clusters::WordClusters;
use crate::decode::{SparseRows, Transitions, ROW};
use crate::error::Error;
use crate::features::{LABELS, T};
use crate::model::{Gazetteer, Tagger};
use textpipe_lexicon::hash::fnv1a as fnv;

const MAGIC: &[u8; 8] = b"TPNERMDL";
/// Format version this build reads and writes (bump when features change).
pub(crate) const VERSION: u32 = 2;

fn put_varint(out: &mut Vec<u8>, mut v: u64) {
    while v >= 0x80 {
        out.push((v as u8) | 0x80);
        v >>= 7;
    }
    out.push(v as u8);
}

fn zigzag(v: i16) -> u64 {
    let v = i64::from(v);
    ((v << 1) ^ (v >> 63)) as u64
}

fn unzigzag(v: u64) -> i64 {
    ((v >> 1) as i64) ^ -((v & 1) as i64)
}

/// Serializes a tagger.
pub(crate) fn write(t: &Tagger) -> Vec<u8> {
    let mut out = Vec::new();
    out.extend_from_slice(MAGIC);
    out.extend_from_slice(&VERSION.to_le_bytes());
    out.extend_from_slice(&0u64.to_le_bytes()); // total length, patched below
    out.extend_from_slice(&t.bits.to_le_bytes());
    out.extend_from_slice(&(T as u32).to_le_bytes());
    out.extend_from_slice(&(LABELS.len() as u32).to_le_bytes());
    for v in t
        .trans
        .trans
        .iter()
        .chain(&t.trans.start)
        .chain(&t.trans.end)
    {
        out.extend_from_slice(&v.to_le_bytes());
    }
    out.extend_from_slice(&(t.gaz.entries().len() as u32).to_le_bytes());
    for &(h, m) in t.gaz.entries() {
        out.extend_from_slice(&h.to_le_bytes());
        out.push(m);
    }
    out.extend_from_slice(&(t.clusters.entries.len() as u32).to_le_bytes());
    for &(h, c, f) in &t.clusters.entries {
        out.extend_from_slice(&h.to_le_bytes());
        out.extend_from_slice(&c.to_le_bytes());
        out.extend_from_slice(&f.to_le_bytes());
    }
    let nrows = t.table.rows.len() / ROW;
    out.extend_from_slice(&(nrows as u32).to_le_bytes());
    let mut prev = 0usize;
    for (r, row) in t.table.buckets().zip(t.table.rows.chunks_exact(ROW)) {
        put_varint(&mut out, (r - prev) as u64);
        prev = r;
        for &w in row {
            put_varint(&mut out, zigzag(w));
        }
    }
    let total = (out.len() + 8) as u64;
    out[12..20].copy_from_slice(&total.to_le_bytes());
    let sum = fnv(&out);
    out.extend_from_slice(&sum.to_le_bytes());
    out
}

struct Reader<'a> {
    bytes: &'a [u8],
    pos: usize,
}

impl<'a> Reader<'a> {
    fn take(&mut self, n: usize, what: &'static str) -> Result<&'a [u8], Error> {
        let end = self.pos.checked_add(n).ok_or(Error::Truncated { what })?;
        let s = self
            .bytes
            .get(self.pos..end)
            .ok_or(Error::Truncated { what })?;
        self.pos = end;
        Ok(s)
    }
    fn arr<const N: usize>(&mut self, what: &'static str) -> Result<[u8; N], Error> {
        let mut a = [0u8; N];
        a.copy_from_slice(self.take(N, what)?);
        Ok(a)
    }
    fn u32(&mut self, what: &'static str) -> Result<u32, Error> {
        Ok(u32::from_le_bytes(self.arr(what)?))
    }
    fn i32(&mut self, what: &'static str) -> Result<i32, Error> {
        Ok(i32::from_le_bytes(self.arr(what)?))
    }
    fn u64(&mut self, what: &'static str) -> Result<u64, Error> {
        Ok(u64::from_le_bytes(self.arr(what)?))
    }
    fn varint(&mut self, what: &'static str) -> Result<u64, Error> {
        let mut v = 0u64;
        for shift in (0..64).step_by(7) {
            let b = self.take(1, what)?[0];
            v |= u64::from(b & 0x7f) << shift;
            if b & 0x80 == 0 {
                return Ok(v);
            }
        }
        Err(Error::Invalid(format!("overlong varint in {what}")))
    }
}

/// Parses and validates a model.
///
/// Over 80 lines on purpose: it reads the file's sections in file order, each with its own
/// checks, so it reads like the format description at the top of this module.
pub(crate) fn parse(bytes: &[u8]) -> Result<Tagger, Error> {
    let mut r = Reader { bytes, pos: 0 };
    let magic = r.take(8, "magic").map_err(|_| Error::BadMagic)?;
    if magic != MAGIC {
        return Err(Error::BadMagic);
    }
    let version = r.u32("version")?;
    if version != VERSION {
        return Err(Error::UnsupportedVersion {
            found: version,
            expected: VERSION,
        });
    }
    let total = r.u64("length")?;
    if (bytes.len() as u64) < total {
        return Err(Error::Truncated {
            what: "file shorter than its header says",
        });
    }
    if (bytes.len() as u64) > total || total < 28 {
        return Err(Error::Invalid(format!(
            "file is {} bytes, header says {total}",
            bytes.len()
        )));
    }
    let body_len = bytes.len() - 8;
    let mut sum = [0u8; 8];
    sum.copy_from_slice(&bytes[body_len..]);
    let stored = u64::from_le_bytes(sum);
    let computed = fnv(&bytes[..body_len]);
    if stored != computed {
        return Err(Error::Checksum { stored, computed });
    }
    let mut r = Reader {
        bytes: &bytes[..body_len],
        pos: r.pos,
    };
    let bits = r.u32("bits")?;
    if !(8..=24).contains(&bits) {
        return Err(Error::Invalid(format!(
            "hash bits {bits} out of range 8..=24"
        )));
    }
    let ntags = r.u32("tags")?;
    let nlabels = r.u32("labels")?;
    if ntags as usize != T || nlabels as usize != LABELS.len() {
        return Err(Error::Invalid(format!(
            "model has {ntags} tags / {nlabels} labels, expected {T} / {}",
            LABELS.len()
        )));
    }
    let mut trans = Transitions::zeros();
    for v in trans
        .trans
        .iter_mut()
        .chain(trans.start.iter_mut())
        .chain(trans.end.iter_mut())
    {
        *v = r.i32("transitions")?;
    }
    let ngaz = r.u32("gazetteer size")? as usize;
    if ngaz > body_len / 9 {
        return Err(Error::Invalid(format!(
            "gazetteer size {ngaz} exceeds the file"
        )));
    }
    let mut entries = Vec::with_capacity(ngaz);
    for _ in 0..ngaz {
        let h = r.u64("gazetteer")?;
        let m = r.take(1, "gazetteer")?[0];
        entries.push((h, m));
    }
    if entries.windows(2).any(|w| w[0].0 >= w[1].0) {
        return Err(Error::Invalid("gazetteer is not sorted".into()));
    }
    let ncl = r.u32("cluster count")? as usize;
    if ncl > body_len / 12 {
        return Err(Error::Invalid(format!(
            "cluster count {ncl} exceeds the file"
        )));
    }
    let mut clusters = Vec::with_capacity(ncl);
    for _ in 0..ncl {
        let h = r.u64("clusters")?;
        let c = u16::from_le_bytes(r.arr("clusters")?);
        let f = u16::from_le_bytes(r.arr("clusters")?);
        clusters.push((h, c, f));
    }
    if clusters.windows(2).any(|w| w[0].0 >= w[1].0) {
        return Err(Error::Invalid("clusters are not sorted".into()));
    }
    let buckets = 1usize << bits;
    let nrows = r.u32("row count")? as usize;
    if nrows > buckets || nrows > body_len {
        return Err(Error::Invalid(format!(
            "{nrows} weight rows exceed the table or the file"
        )));
    }
    let mut table = SparseRows {
        present: vec![0; buckets.div_ceil(64)],
        rank: Vec::new(),
        rows: Vec::with_capacity(nrows * ROW),
    };
    let mut row = 0usize;
    for k in 0..nrows {
        let delta = r.varint("weights")?;
        row = usize::try_from(delta)
            .ok()
            .and_then(|d| row.checked_add(d))
            .filter(|&x| x < buckets && (k == 0 || delta > 0))
            .ok_or_else(|| Error::Invalid(format!("weight row {k} out of range")))?;
        table.present[row / 64] |= 1 << (row % 64);
        for _ in 0..ROW {
            let v = unzigzag(r.varint("weights")?);
            table.rows.push(
                i16::try_from(v)
                    .map_err(|_| Error::Invalid(format!("weight {v} out of i16 range")))?,
            );
        }
    }
    table.build_rank();
    if r.pos != body_len {
        return Err(Error::Invalid(format!(
            "{} unexpected bytes after the weights",
            body_len - r.pos
        )));
    }
    Ok(Tagger {
        id: crate::model::next_id(),
        bits,
        table,
        trans,
        gaz: Gazetteer::new(entries),
        clusters: WordClusters::new(clusters),
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::testutil::{tiny_docs, tiny_tagger};

    #[test]
    fn round_trip_gives_same_model_and_predictions() {
        let t = tiny_tagger();
        let bytes = t.to_bytes();
        let back = parse(&bytes).unwrap();
        assert_eq!(back, t);
        assert_eq!(write(&back), bytes);
        for d in tiny_docs() {
            assert_eq!(back.tag(&d.text, &[]), t.tag(&d.text, &[]));
        }
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("m.tpner");
        t.save(&path).unwrap();
        assert_eq!(Tagger::load(&path).unwrap(), t);
    }

    #[test]
    fn corrupt_models_are_rejected() {
        let bytes = tiny_tagger().to_bytes();
        assert!(matches!(parse(b""), Err(Error::BadMagic)));
        assert!(matches!(
            parse(b"PK\x03\x04 not a model"),
            Err(Error::BadMagic)
        ));
        let mut v = bytes.clone();
        v[8] = 99;
        assert!(matches!(
            parse(&v),
            Err(Error::UnsupportedVersion { found: 99, .. })
        ));
        for cut in [10, 30, bytes.len() / 2, bytes.len() - 1] {
            assert!(
                matches!(parse(&bytes[..cut]), Err(Error::Truncated { .. })),
                "cut at {cut}"
            );
        }
        let mut v = bytes.clone();
        let mid = v.len() / 2;
        v[mid] ^= 0x40;
        assert!(matches!(parse(&v), Err(Error::Checksum { .. })));
        let mut v = bytes.clone();
        v.push(0);
        assert!(matches!(parse(&v), Err(Error::Invalid(_))));
        let missing = Tagger::load(std::path::Path::new("/nonexistent/model.tpner"));
        assert!(matches!(missing, Err(Error::Io { .. })));
        // Messages name the problem.
        let e = parse(&bytes[..bytes.len() / 2]).unwrap_err().to_string();
        assert!(e.contains("truncated"), "{e}");
    }

    proptest::proptest! {
        #![proptest_config(proptest::prelude::ProptestConfig::with_cases(64))]

        #[test]
        fn arbitrary_bytes_never_panic(bytes in proptest::collection::vec(proptest::num::u8::ANY, 0..200)) {
            let mut v = MAGIC.to_vec();
            v.extend_from_slice(&bytes);
            proptest::prop_assert!(parse(&bytes).is_err());
            proptest::prop_assert!(parse(&v).is_err());
        }

        #[test]
        fn damaged_models_are_errors(pos in 0usize..100_000, flip in 1u8..=255) {
            let bytes = tiny_model_bytes();
            let mut v = bytes.to_vec();
            let i = pos % v.len();
            v[i] ^= flip;
            proptest::prop_assert!(parse(&v).is_err());
            proptest::prop_assert!(parse(&bytes[..i]).is_err());
        }
    }

    fn tiny_model_bytes() -> &'static [u8] {
        static BYTES: std::sync::OnceLock<Vec<u8>> = std::sync::OnceLock::new();
        BYTES.get_or_init(|| tiny_tagger().to_bytes())
    }
}
