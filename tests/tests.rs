//! End-to-end tests of the textpipe binary (being written).
