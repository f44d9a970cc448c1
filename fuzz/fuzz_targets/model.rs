//! Any bytes given as a model file: loading must return a model or located
//! diagnostics, never panic; a model that loads must save and load again to
//! the same model.
#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    if let Ok(loaded) = threatmap::model::parse_str(text, "fuzz.ron") {
        let saved = threatmap::model::to_canonical_string(&loaded.model);
        let again = threatmap::model::parse_str(&saved, "saved.ron")
            .unwrap_or_else(|e| panic!("a saved model must load: {e:?}\n{saved}"));
        assert_eq!(threatmap::model::to_canonical_string(&again.model), saved);
        let _ = threatmap::analysis::analyze(&loaded.model, &threatmap::library::built_in());
    }
});
