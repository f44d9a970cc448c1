//! Any bytes given to `threatmap import otm` (see `interchange.rs`).
#![no_main]

use libfuzzer_sys::fuzz_target;
use threatmap::import::Tool;

#[path = "interchange.rs"]
mod interchange;

fuzz_target!(|data: &[u8]| interchange::check(Tool::Otm, data, "fuzz.json"));
