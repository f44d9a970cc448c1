use super::*;
use crate::model::starter::starter_model;

fn boxes_apart(d: &Drawing) {
    for (i, a) in d.boxes.iter().enumerate() {
        for b in &d.boxes[i + 1..] {
            assert!(!a.rect.intersects(&b.rect), "{} overlaps {}", a.id, b.id);
        }
    }
}

#[test]
fn flows_go_left_to_right_and_boxes_never_overlap() {
    let model = starter_model();
    let pos = auto_positions(&model);
    assert_eq!(pos.len(), model.elements.len());
    assert!(pos["browser"].x < pos["gateway"].x);
    assert!(pos["gateway"].x < pos["orders-svc"].x);
    assert!(pos["orders-svc"].x < pos["orders-db"].x);
    boxes_apart(&Drawing::build(&model, &pos));
}

#[test]
fn cycles_do_not_hang() {
    let mut model = starter_model();
    let mut back = model.flows[0].clone();
    back.id = "back".into();
    back.source = "orders-db".into();
    back.target = "browser".into();
    model.flows.push(back);
    assert_eq!(auto_positions(&model).len(), model.elements.len());
}

#[test]
fn hand_set_positions_are_kept_and_new_elements_go_beside_a_partner() {
    let mut model = starter_model();
    model.layout = layered(&model);
    model
        .layout
        .insert("browser".into(), Position { x: 3, y: 40 });
    model.layout.remove("orders-db");
    let pos = auto_positions(&model);
    assert_eq!(pos["browser"], Position { x: 3, y: 40 });
    let d = Drawing::build(&model, &pos);
    boxes_apart(&d);
    // It lands near the service that writes to it, not at the bottom.
    let db = d.rect_of("orders-db").unwrap();
    let svc = d.rect_of("orders-svc").unwrap();
    let far = (db.x - svc.x).abs() + (db.y - svc.y).abs();
    assert!(far < 60, "orders-db at {db:?}, orders-svc at {svc:?}");
}

#[test]
fn every_element_sits_inside_its_chain_of_frames() {
    let model = starter_model();
    let d = Drawing::of(&model);
    for e in &model.elements {
        let r = d.rect_of(&e.id).unwrap();
        let mut at = e.boundary.as_deref();
        while let Some(b) = at {
            let f = d.frames.iter().find(|f| f.id == b).unwrap();
            assert!(f.rect.grow(-1, -1).encloses(&r), "{} outside {b}", e.id);
            at = model.boundary(b).and_then(|b| b.parent.as_deref());
        }
    }
}

#[test]
fn routes_avoid_boxes_and_labels_sit_on_their_own_line() {
    let model = starter_model();
    let d = Drawing::of(&model);
    assert_eq!(d.routes.len(), model.flows.len());
    for r in &d.routes {
        for (x, y) in r.cells() {
            assert!(
                d.element_at(x, y).is_none(),
                "{} runs through a box",
                r.flow
            );
        }
        if let Some(l) = r.label_rect() {
            assert!(d.boxes.iter().all(|b| !b.rect.intersects(&l)));
            let near = r.cells().iter().any(|&(x, y)| l.grow(1, 0).contains(x, y));
            assert!(near, "label of {} away from its line", r.flow);
        }
    }
}

#[test]
fn flows_are_numbered_in_model_order() {
    let model = starter_model();
    let n = flow_numbers(&model);
    assert_eq!(n[&model.flows[0].id], 1);
    assert_eq!(n[&model.flows[2].id], 3);
}

#[test]
fn a_new_element_goes_into_free_space_next_to_its_neighbour() {
    let model = starter_model();
    let pos = auto_positions(&model);
    let mut new = model.elements[1].clone();
    new.id = "new".into();
    new.name = "New service".into();
    let spot = place_near(&model, &pos, Some("gateway"), &new);
    let r = Rect {
        x: spot.x,
        y: spot.y,
        w: box_width(&new),
        h: BOX_H,
    };
    let d = Drawing::build(&model, &pos);
    assert!(d.boxes.iter().all(|b| !b.rect.intersects(&r.grow(1, 1))));
    let g = d.rect_of("gateway").unwrap();
    assert!(
        (r.x - g.x).abs() + (r.y - g.y).abs() < 80,
        "{r:?} far from {g:?}"
    );
}

/// The example models and the starter, as drawn automatically.
fn examples() -> Vec<(&'static str, Model)> {
    let mut models = vec![("starter", starter_model())];
    for (name, text) in [
        ("ecommerce", include_str!("../../models/ecommerce.ron")),
        (
            "internal-service",
            include_str!("../../models/internal-service.ron"),
        ),
        ("partner-b2b", include_str!("../../models/partner-b2b.ron")),
    ] {
        let loaded = crate::model::parse_str(text, name).expect("example loads");
        models.push((name, loaded.model));
    }
    models
}

#[test]
fn labels_never_cover_a_frame_edge_or_title() {
    for (name, model) in examples() {
        let d = Drawing::of(&model);
        for r in &d.routes {
            let Some(l) = r.label_rect() else { continue };
            for f in &d.frames {
                let edges = [f.rect.x, f.rect.right() - 1].map(|x| Rect {
                    x,
                    y: f.rect.y,
                    w: 1,
                    h: f.rect.h,
                });
                assert!(
                    edges.iter().all(|e| !e.intersects(&l)) && !f.title.intersects(&l),
                    "{name}: the label of {} covers the frame of {}",
                    r.flow,
                    f.id
                );
            }
        }
    }
}

#[test]
fn the_bounds_hold_every_line_and_label() {
    let mut models = examples();
    models.push(("estate 100", crate::synthetic::generate(100, 1)));
    for (name, model) in models {
        let d = Drawing::of(&model);
        for r in &d.routes {
            assert!(
                d.bounds.encloses(&r.bbox),
                "{name}: {} runs outside the drawing's bounds",
                r.flow
            );
        }
    }
}
