use std::collections::{BTreeMap, HashSet};

use crate::layout::{Drawing, auto_positions};
use crate::model::{Flow, Model, Position, Protocol};

/// A generated estate laid out and frozen, as the workbench keeps it once
/// someone has moved a box.
fn estate() -> Model {
    let mut m = crate::synthetic::generate(100, 7);
    m.layout = auto_positions(&m);
    m
}

/// What every drawing must hold: no line through a box other than its
/// ends, no label over a box, no two lines along the same stretch.
fn assert_reads_right(d: &Drawing) {
    let mut stretches: HashSet<((i32, i32), (i32, i32))> = HashSet::new();
    for r in &d.routes {
        let cells = r.cells();
        for &(x, y) in &cells {
            for (k, b) in d.boxes.iter().enumerate() {
                if k != r.source && k != r.target {
                    assert!(!b.rect.contains(x, y), "{} runs through {}", r.flow, b.id);
                }
            }
        }
        for w in cells.windows(2) {
            let key = (w[0].min(w[1]), w[0].max(w[1]));
            assert!(
                stretches.insert(key),
                "{} shares a stretch at {key:?}",
                r.flow
            );
        }
        if let Some(l) = r.label_rect() {
            assert!(
                d.boxes.iter().all(|b| !b.rect.intersects(&l)),
                "label of {}",
                r.flow
            );
        }
    }
}

fn cells_of(d: &Drawing) -> BTreeMap<String, Vec<(i32, i32)>> {
    d.routes
        .iter()
        .map(|r| (r.flow.clone(), r.points.clone()))
        .collect()
}

fn touching<'a>(m: &'a Model, id: &'a str) -> impl Iterator<Item = &'a Flow> + 'a {
    m.flows
        .iter()
        .filter(move |f| f.source == id || f.target == id)
}

#[test]
fn nothing_changed_keeps_every_line() {
    let m = estate();
    let before = Drawing::of(&m);
    assert_reads_right(&before);
    let after = Drawing::rebuild(&m, &auto_positions(&m), &before);
    assert_eq!(cells_of(&after), cells_of(&before));
    assert_eq!(after.routes.len(), m.flows.len());
}

#[test]
fn moving_one_box_re_routes_only_the_lines_it_touches() {
    let mut m = estate();
    let before = Drawing::of(&m);
    // A box in the middle of the estate, moved a little along its row.
    let id = m.elements[m.elements.len() / 2].id.clone();
    let p = m.layout[&id];
    m.layout.insert(id.clone(), Position { x: p.x + 2, y: p.y });
    let pos = auto_positions(&m);
    let after = Drawing::rebuild(&m, &pos, &before);
    assert_reads_right(&after);
    let old = cells_of(&before);
    let new = cells_of(&after);
    let mine: HashSet<&str> = touching(&m, &id).map(|f| f.id.as_str()).collect();
    assert!(!mine.is_empty());
    for f in &mine {
        assert_ne!(old[*f], new[*f], "{f} still ends where the box was");
    }
    let kept = new.iter().filter(|(f, c)| old.get(*f) == Some(c)).count();
    assert!(
        kept + 8 >= m.flows.len(),
        "only {kept} of {} lines kept",
        m.flows.len()
    );
    // The same as a drawing from scratch would give for the moved box.
    let fresh = Drawing::build(&m, &pos);
    assert_eq!(fresh.boxes.len(), after.boxes.len());
    for (a, b) in fresh.frames.iter().zip(&after.frames) {
        assert_eq!((&a.id, a.rect), (&b.id, b.rect));
    }
}

#[test]
fn adding_renaming_and_removing_flows_re_route_only_those() {
    let mut m = estate();
    let before = Drawing::of(&m);
    let old = cells_of(&before);
    // Rename one flow's label, remove another, add a third.
    let renamed = m.flows[3].id.clone();
    m.flows[3].label = "a much longer label than before".into();
    let removed = m.flows.remove(5).id;
    let (a, b) = (m.elements[0].id.clone(), m.elements[9].id.clone());
    m.flows
        .push(Flow::new("added".to_string(), a, b, Protocol::Https));
    let after = Drawing::rebuild(&m, &auto_positions(&m), &before);
    assert_reads_right(&after);
    let new = cells_of(&after);
    assert!(!new.contains_key(&removed));
    assert!(new.contains_key("added"));
    assert_eq!(after.routes.len(), m.flows.len());
    let route = |d: &Drawing, id: &str| d.routes.iter().find(|r| r.flow == id).cloned();
    assert_eq!(
        route(&after, &renamed).map(|r| r.label),
        Some("a much longer label than before".to_string())
    );
    let kept = new.iter().filter(|(f, c)| old.get(*f) == Some(c)).count();
    assert!(
        kept + 4 >= m.flows.len(),
        "only {kept} of {} kept",
        m.flows.len()
    );
    // Numbers follow the model after the removal.
    for (k, f) in m.flows.iter().enumerate() {
        assert_eq!(route(&after, &f.id).map(|r| r.number), Some(k + 1));
    }
}
