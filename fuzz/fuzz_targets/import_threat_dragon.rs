//! Any bytes given to `threatmap import threat-dragon`: the import must return a
//! model that loads, or located diagnostics, never panic; merging the model
//! with its own import must change nothing.
#![no_main]

use libfuzzer_sys::fuzz_target;
use threatmap::import::interchange::merge::merge_items;
use threatmap::import::{Tool, import};

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    if let Ok(converted) = import(Tool::ThreatDragon, text, "fuzz.json") {
        let saved = threatmap::model::to_canonical_string(&converted.model);
        if let Err(e) = threatmap::model::parse_str(&saved, "imported.ron") {
            panic!("an imported model must be valid: {e:?}\n{saved}");
        }
        let again = merge_items(&converted.model, &converted.model);
        assert!(
            !again.changed(),
            "merging a model with its own import changes nothing"
        );
    }
});
