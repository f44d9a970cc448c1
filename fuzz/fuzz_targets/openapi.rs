//! Any bytes given as an OpenAPI document: the import must return a valid
//! model or located diagnostics, never panic; a merge of the result into
//! itself must change nothing.
#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    if let Ok(imported) = threatmap::import::import_openapi(text, "fuzz.yaml") {
        let saved = threatmap::model::to_canonical_string(&imported.model);
        if let Err(e) = threatmap::model::parse_str(&saved, "imported.ron") {
            panic!("an imported model must be valid: {e:?}\n{saved}");
        }
        let again = threatmap::import::merge_openapi(&imported.model, &imported.model);
        assert!(!again.changed(), "merging a model with its own import changes nothing");
    }
});
