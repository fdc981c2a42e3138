//! Fuzz target for the `clean` stage: never panics, output has the promised shape, and
//! cleaning is idempotent (clean(clean(x)) == clean(x)).
#![no_main]

use libfuzzer_sys::fuzz_target;
use textpipe_clean::Clean;

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    let clean = Clean::default();
    let once = clean.clean(text).text;
    assert_eq!(once.trim(), once, "output not trimmed");
    assert!(
        !once.contains("\n\n\n"),
        "more than one blank line between paragraphs"
    );
    assert!(!once.contains('\r'), "carriage return left");
    let twice = clean.clean(&once).text;
    assert_eq!(twice, once, "clean is not idempotent");
});
