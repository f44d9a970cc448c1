use std::collections::BTreeMap;

use super::*;
use crate::layout::{Drawing, layered};
use crate::model::starter::starter_model;
use crate::model::{Boundary, BoundaryKind, Element, ElementKind, Process};

fn process(id: &str, name: &str, boundary: Option<&str>) -> Element {
    let mut e = Element::new(id, name, ElementKind::Process(Process::default()));
    e.boundary = boundary.map(str::to_string);
    e
}

fn boundary(id: &str, parent: Option<&str>) -> Boundary {
    Boundary {
        id: id.into(),
        name: format!("Boundary {id}"),
        kind: BoundaryKind::InternalNetwork,
        parent: parent.map(str::to_string),
        trust: None,
        description: String::new(),
    }
}

fn at(pairs: &[(&str, i32, i32)]) -> BTreeMap<String, Position> {
    pairs
        .iter()
        .map(|&(id, x, y)| (id.to_string(), Position { x, y }))
        .collect()
}

/// The three promises: boxes apart by the gaps, every box inside the frames
/// of its boundary chain, no frame over a box that is not its member.
pub(crate) fn assert_clean(model: &Model, pos: &BTreeMap<String, Position>) {
    let d = Drawing::build(model, pos);
    for (i, a) in d.boxes.iter().enumerate() {
        for b in &d.boxes[i + 1..] {
            assert!(
                !crowd(&a.rect, &b.rect),
                "{} and {} crowd: {:?} {:?}",
                a.id,
                b.id,
                a.rect,
                b.rect
            );
        }
    }
    for e in &model.elements {
        let r = d.rect_of(&e.id).unwrap();
        let mut chain = Vec::new();
        let mut up = e.boundary.as_deref();
        while let Some(b) = up {
            chain.push(b);
            up = model.boundary(b).and_then(|b| b.parent.as_deref());
        }
        for f in &d.frames {
            if chain.contains(&f.id.as_str()) {
                assert!(
                    f.rect.grow(-1, -1).encloses(&r),
                    "{} outside its frame {}",
                    e.id,
                    f.id
                );
            } else {
                assert!(
                    !f.rect.intersects(&r),
                    "frame {} covers {}, not a member",
                    f.id,
                    e.id
                );
            }
        }
    }
}

#[test]
fn two_boxes_on_one_row_move_apart_along_it_each_half_way() {
    let mut model = Model::default();
    model.elements.push(process("web", "Web Service", None));
    model
        .elements
        .push(process("db", "Customer Database", None));
    let before = at(&[("web", 10, 5), ("db", 24, 5)]);
    let after = separate(&model, &before);
    assert_clean(&model, &after);
    let (web, db) = (after["web"], after["db"]);
    assert_eq!((web.y, db.y), (5, 5), "they stay on their row");
    assert_eq!(db.x - web.x, box_width(&model.elements[0]) + GAP_X);
    assert!(web.x < 10 && db.x > 24, "both moved: {web:?} {db:?}");
    assert!(
        (10 - web.x - (db.x - 24)).abs() <= 1,
        "each half way: {web:?} {db:?}"
    );
}

#[test]
fn clean_positions_come_back_unchanged() {
    let model = starter_model();
    let pos = layered(&model);
    assert_eq!(separate(&model, &pos), pos);
    let mut model = starter_model();
    model.elements.push(process("far", "Far away", None));
    let mut pos = layered(&model);
    pos.insert("far".into(), Position { x: 500, y: 500 });
    assert_eq!(separate(&model, &pos), pos);
}

#[test]
fn the_layered_layout_of_every_example_is_already_clean() {
    for text in [
        include_str!("../../../models/ecommerce.ron"),
        include_str!("../../../models/internal-service.ron"),
        include_str!("../../../models/partner-b2b.ron"),
    ] {
        let model = crate::model::parse_str(text, "example").unwrap().model;
        let pos = layered(&model);
        assert_eq!(separate(&model, &pos), pos, "{}", model.name);
    }
    // And of generated estates: freezing a layout (any edit in the
    // workbench does) moves nothing.
    for n in [100, 1000] {
        let model = crate::synthetic::generate(n, 3);
        let pos = layered(&model);
        assert_eq!(separate(&model, &pos), pos, "estate of {n}");
    }
}

#[test]
fn a_box_straddling_a_frame_it_is_not_in_leaves_it_and_keeps_below() {
    // The startleft / TMT "nested_tz" picture: Main Application sits on the
    // bottom edge of the Sandbox frame drawn around Sandbox Mongo.
    let mut model = Model::default();
    model.boundaries.push(boundary("outer", None));
    model.boundaries.push(boundary("sandbox", Some("outer")));
    model
        .elements
        .push(process("mongo", "Sandbox Mongo", Some("sandbox")));
    model
        .elements
        .push(process("app", "Main Application", Some("outer")));
    model
        .elements
        .push(process("prod", "Production Mongo", Some("outer")));
    let before = at(&[("mongo", 10, 8), ("app", 30, 11), ("prod", 10, 16)]);
    let after = separate(&model, &before);
    assert_clean(&model, &after);
    assert!(
        after["app"].y > after["mongo"].y,
        "app still below: {after:?}"
    );
    assert!(
        after["prod"].y > after["mongo"].y,
        "prod still below: {after:?}"
    );
    assert!(
        after["app"].x > after["prod"].x,
        "app still right of prod: {after:?}"
    );
}

#[test]
fn a_heap_of_boxes_in_nested_boundaries_comes_apart_in_order() {
    let mut model = Model::default();
    model.boundaries.push(boundary("a", None));
    model.boundaries.push(boundary("a1", Some("a")));
    model.boundaries.push(boundary("b", None));
    let mut pos = BTreeMap::new();
    for k in 0..24 {
        let id = format!("e{k}");
        let home = ["a", "a1", "b"].get(k % 4).copied();
        model
            .elements
            .push(process(&id, &format!("Element number {k}"), home));
        // Everything within a few cells of everything else.
        pos.insert(
            id,
            Position {
                x: (k as i32 * 7) % 13,
                y: (k as i32 * 5) % 7,
            },
        );
    }
    let after = separate(&model, &pos);
    assert_clean(&model, &after);
    // Boxes of one group that stood clearly apart keep their order.
    for (i, a) in model.elements.iter().enumerate() {
        for b in &model.elements[i + 1..] {
            if a.boundary != b.boundary {
                continue;
            }
            let (pa, pb) = (pos[&a.id], pos[&b.id]);
            let (qa, qb) = (after[&a.id], after[&b.id]);
            if pa.x + 8 <= pb.x && pa.y == pb.y {
                assert!(qa.x < qb.x, "{} no longer left of {}", a.id, b.id);
            }
            if pa.y + 3 <= pb.y && pa.x == pb.x {
                assert!(qa.y < qb.y, "{} no longer above {}", a.id, b.id);
            }
        }
    }
    // Separating again changes nothing.
    assert_eq!(separate(&model, &after), after);
}

#[test]
fn elements_without_a_position_stay_without_one() {
    let mut model = Model::default();
    model.elements.push(process("a", "A", None));
    model.elements.push(process("b", "B", None));
    let after = separate(&model, &at(&[("a", 0, 0)]));
    assert_eq!(after.len(), 1);
}

#[test]
fn the_solver_keeps_order_and_moves_least() {
    // Three on a line wanting one place, three apart: centred on it.
    let x = solve(
        &[10, 10, 10],
        &[1, 1, 1],
        &[0, 1, 2],
        &[(0, 1, 3), (1, 2, 3)],
    );
    assert_eq!(x, vec![7, 10, 13]);
    // A heavy one moves less.
    let x = solve(&[10, 10], &[3, 1], &[0, 1], &[(0, 1, 4)]);
    assert_eq!(x, vec![9, 13]);
}

#[test]
fn a_pinned_box_stays_where_it_was_moved_and_the_others_make_way() {
    let mut model = Model::default();
    model.boundaries.push(boundary("zone", None));
    model.elements.push(process("moved", "Moved", None));
    model.elements.push(process("still", "Still here", None));
    model
        .elements
        .push(process("inside", "Inside", Some("zone")));
    // Moved one row down, into the gap above `still`, and onto the zone.
    let before = at(&[("moved", 10, 6), ("still", 10, 10), ("inside", 30, 8)]);
    let after = separate_keeping(&model, &before, &["moved"]);
    assert_clean(&model, &after);
    assert_eq!(after["moved"], before["moved"]);
    assert!(after["still"].y > 10, "pushed down: {after:?}");
    // Moving it back up is not stuck either.
    let back = at(&[("moved", 10, 5), ("still", 10, 10), ("inside", 30, 8)]);
    assert_eq!(
        separate_keeping(&model, &back, &["moved"])["moved"],
        back["moved"]
    );
}
