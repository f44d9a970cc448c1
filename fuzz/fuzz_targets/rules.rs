//! Any bytes given as a rule file: parsing must return rules or located
//! diagnostics, never panic; rules that parse must evaluate on a model.
#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    if let Ok(rules) = threatmap::library::parse_rule_file(text, "fuzz.ron") {
        let library = threatmap::library::Library::new(rules);
        let model = threatmap::model::starter::starter_model();
        let _ = threatmap::analysis::analyze(&model, &library);
    }
});
