//! Small, platform-independent hashing used for features (stable across builds and machines,
//! because model files depend on it).

/// FNV-1a offset basis.
pub(crate) const SEED: u64 = 0xcbf2_9ce4_8422_2325;
const PRIME: u64 = 0x0000_0100_0000_01b3;

/// Feeds `bytes` into an FNV-1a state.
#[inline]
pub(crate) fn feed(mut h: u64, bytes: &[u8]) -> u64 {
    for &b in bytes {
        h ^= u64::from(b);
        h = h.wrapping_mul(PRIME);
    }
    h
}

/// Feeds one char (as UTF-8) into an FNV-1a state.
#[inline]
pub(crate) fn feed_char(h: u64, c: char) -> u64 {
    let mut buf = [0u8; 4];
    feed(h, c.encode_utf8(&mut buf).as_bytes())
}

/// FNV-1a of `bytes`.
pub(crate) fn fnv(bytes: &[u8]) -> u64 {
    feed(SEED, bytes)
}

/// A well-mixed combination of two 64-bit values (one multiply and a shift: it runs about 40
/// times per token).
#[inline]
pub(crate) fn mix(a: u64, b: u64) -> u64 {
    let z = (a.rotate_left(23) ^ b).wrapping_mul(0x9e37_79b9_7f4a_7c15);
    z ^ (z >> 29)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn stable_values() {
        // FNV-1a reference value for "a".
        assert_eq!(fnv(b"a"), 0xaf63_dc4c_8601_ec8c);
        assert_eq!(mix(1, 2), mix(1, 2));
        assert_ne!(mix(1, 2), mix(2, 1));
    }
}
