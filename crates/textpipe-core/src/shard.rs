//! Deterministic sharding of inputs across processes (being written).
