//! Any bytes given to `threatmap import threat-dragon` (see `interchange.rs`).
#![no_main]

use libfuzzer_sys::fuzz_target;
use threatmap::import::Tool;

#[path = "interchange.rs"]
mod interchange;

fuzz_target!(|data: &[u8]| interchange::check(Tool::ThreatDragon, data, "fuzz.json"));
