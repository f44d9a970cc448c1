//! What every importer of another tool's file must hold, for any bytes: it
//! returns a model that loads, or located diagnostics, never a panic; and
//! merging the model with its own import changes nothing. Each
//! `import_*` target runs it for one tool.

use threatmap::import::interchange::merge::merge_items;
use threatmap::import::{Tool, import};

pub fn check(tool: Tool, data: &[u8], file: &str) {
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    if let Ok(converted) = import(tool, text, file) {
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
}
