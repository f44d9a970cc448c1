//! The drawings of the real files from other tools (`../shared/interchange`,
//! skipped loudly when absent), as the workbench, the report and exports
//! build them from the imported positions: no two boxes overlap, no frame
//! covers or crosses a box that is not its member, every element sits
//! inside each frame of its boundary chain, no flow runs through a box
//! other than its two ends, and no label covers a box.

use std::path::Path;

use threatmap::import::{Tool, import};
use threatmap::layout::Drawing;
use threatmap::model::Model;

use crate::common::{each, shared};

/// Every real file, with the importer that reads it.
pub const FILES: [(&str, Tool); 7] = [
    ("otm/otm-spec-EXAMPLE.json", Tool::Otm),
    ("otm/startleft-nested_tz.otm", Tool::Otm),
    ("threagile/demo-example-threagile.yaml", Tool::Threagile),
    ("threagile/demo-stub-threagile.yaml", Tool::Threagile),
    (
        "threat-dragon-v2/three-tier-web-app.json",
        Tool::ThreatDragon,
    ),
    ("threat-dragon-v2/v2-threat-model.json", Tool::ThreatDragon),
    ("tm7/MTMT_nested_tz.tm7", Tool::Tmt),
];

pub fn imported(tool: Tool, path: &Path) -> Model {
    let text = match std::fs::read(path) {
        Ok(bytes) => String::from_utf8_lossy(&bytes).into_owned(),
        Err(e) => panic!("{}: {e}", path.display()),
    };
    let file = path.display().to_string();
    import(tool, &text, &file)
        .unwrap_or_else(|e| panic!("{file} imports: {e:?}"))
        .model
}

/// The boundaries an element is in, innermost first.
fn chain<'a>(m: &'a Model, start: Option<&'a str>) -> Vec<&'a str> {
    let mut out = Vec::new();
    let mut at = start;
    while let Some(b) = at {
        if out.contains(&b) {
            break;
        }
        out.push(b);
        at = m.boundary(b).and_then(|b| b.parent.as_deref());
    }
    out
}

pub fn assert_drawing_reads_right(m: &Model, d: &Drawing, what: &str) {
    assert_eq!(d.boxes.len(), m.elements.len(), "{what}: a box per element");
    for (i, a) in d.boxes.iter().enumerate() {
        for b in &d.boxes[i + 1..] {
            assert!(
                !a.rect.intersects(&b.rect),
                "{what}: {} overlaps {} ({:?}, {:?})",
                a.id,
                b.id,
                a.rect,
                b.rect
            );
        }
    }
    for e in &m.elements {
        let r = d.rect_of(&e.id).expect("a box");
        let mine = chain(m, e.boundary.as_deref());
        for f in &d.frames {
            if mine.contains(&f.id.as_str()) {
                assert!(
                    f.rect.grow(-1, -1).encloses(&r),
                    "{what}: {} is not inside the frame of its boundary {}",
                    e.id,
                    f.id
                );
            } else {
                assert!(
                    !f.rect.intersects(&r),
                    "{what}: the frame of {} covers or crosses {}, which is not in it",
                    f.id,
                    e.id
                );
            }
        }
        // Every boundary of the chain that has members has a frame.
        for b in mine {
            assert!(
                d.frames.iter().any(|f| f.id == b),
                "{what}: no frame for {b}"
            );
        }
    }
    for r in &d.routes {
        for (x, y) in r.cells() {
            for (k, b) in d.boxes.iter().enumerate() {
                assert!(
                    !b.rect.contains(x, y),
                    "{what}: flow {} runs through {}{}",
                    r.flow,
                    b.id,
                    if k == r.source || k == r.target {
                        " (one of its own ends)"
                    } else {
                        ""
                    }
                );
            }
        }
        if let Some(l) = r.label_rect() {
            for b in &d.boxes {
                assert!(
                    !b.rect.intersects(&l),
                    "{what}: the label of {} covers {}",
                    r.flow,
                    b.id
                );
            }
            let near = r.cells().iter().any(|&(x, y)| l.grow(1, 1).contains(x, y));
            assert!(
                near,
                "{what}: the label of {} is away from its line",
                r.flow
            );
        }
    }
}

#[test]
fn every_real_file_draws_without_overlaps_and_frames_hold_only_their_members() {
    let present: Vec<_> = FILES
        .iter()
        .filter_map(|&(name, tool)| Some((name, tool, shared(&format!("interchange/{name}"))?)))
        .collect();
    each(
        present,
        |(name, _, _)| name.to_string(),
        |(name, tool, path)| {
            let m = imported(*tool, path);
            // The saved model, the canvas, the report and exports all draw
            // from these positions.
            let d = Drawing::of(&m);
            assert_drawing_reads_right(&m, &d, name);
            // Imported positions are already clean: drawing does not move them.
            if !m.layout.is_empty() {
                assert_eq!(
                    threatmap::layout::auto_positions(&m),
                    m.layout,
                    "{name}: the saved positions need no separating"
                );
            }
        },
    );
}
