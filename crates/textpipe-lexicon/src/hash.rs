//! Small, platform-independent hashes whose values are stable across builds, machines and
//! releases.
//!
//! The NER model file (`textpipe-ner`) stores weights under feature hashes computed with
//! [`fnv1a`], [`feed`], [`feed_char`] and [`mix`], and checksums its body with [`fnv1a`]: the
//! values these functions return are part of that file format. Never change them; the tests
//! pin reference values.

/// FNV-1a 64-bit offset basis: the state before any byte is fed.
pub const FNV_OFFSET: u64 = 0xcbf2_9ce4_8422_2325;

/// FNV-1a 64-bit prime.
const FNV_PRIME: u64 = 0x0000_0100_0000_01b3;

/// Feeds `bytes` into the FNV-1a state `h` and returns the new state (so a hash can be built
/// from several pieces without joining them first).
#[inline]
pub fn feed(mut h: u64, bytes: &[u8]) -> u64 {
    for &b in bytes {
        h ^= u64::from(b);
        h = h.wrapping_mul(FNV_PRIME);
    }
    h
}

/// Feeds one char, as its UTF-8 bytes, into the FNV-1a state `h` (the same value as feeding
/// the encoded bytes with [`feed`]).
#[inline]
pub fn feed_char(h: u64, c: char) -> u64 {
    let mut buf = [0u8; 4];
    feed(h, c.encode_utf8(&mut buf).as_bytes())
}

/// 64-bit FNV-1a of `bytes`: a stable hash for short keys and checksums.
#[inline]
pub fn fnv1a(bytes: &[u8]) -> u64 {
    feed(FNV_OFFSET, bytes)
}

/// A well-mixed, order-dependent combination of two 64-bit values: one multiply and a shift,
/// cheap enough to run some 40 times per token when features are combined.
#[inline]
pub fn mix(a: u64, b: u64) -> u64 {
    let z = (a.rotate_left(23) ^ b).wrapping_mul(0x9e37_79b9_7f4a_7c15);
    z ^ (z >> 29)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reference_values_never_change() {
        // Published FNV-1a 64 test vectors.
        assert_eq!(fnv1a(b""), 0xcbf2_9ce4_8422_2325);
        assert_eq!(fnv1a(b"a"), 0xaf63_dc4c_8601_ec8c);
        assert_eq!(fnv1a(b"foobar"), 0x8594_4171_f739_67e8);
        // Values the NER model format depends on.
        assert_eq!(mix(1, 2), 0x192e_98b1_c060_3da2);
    }

    #[test]
    fn pieces_hash_like_the_whole() {
        assert_eq!(feed(fnv1a(b"foo"), b"bar"), fnv1a(b"foobar"));
        assert_eq!(feed_char(FNV_OFFSET, 'é'), fnv1a("é".as_bytes()));
        assert_eq!(feed_char(fnv1a(b"ab"), 'c'), fnv1a(b"abc"));
    }

    #[test]
    fn mix_is_order_dependent() {
        assert_eq!(mix(1, 2), mix(1, 2));
        assert_ne!(mix(1, 2), mix(2, 1));
        assert_ne!(mix(0, 0), mix(0, 1));
    }
}
