//! Fuzz the pipeline-config parser: no panic on any input, and a config that parses keeps its
//! stage count and builds or fails with an error that names a stage or key.
#![no_main]

use libfuzzer_sys::fuzz_target;
use textpipe_core::{PipelineConfig, Registry};

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    let Ok(config) = PipelineConfig::parse(text) else {
        return;
    };
    let mut registry = Registry::new();
    textpipe_clean::register(&mut registry);
    textpipe_split::register(&mut registry);
    textpipe_extract::register(&mut registry);
    textpipe_summarize::register(&mut registry);
    match config.build(&registry) {
        Ok(pipeline) => assert_eq!(pipeline.stages().len(), config.stages.len()),
        Err(e) => assert!(!e.to_string().is_empty()),
    }
});
