//! Free space for a new element, next to the one it belongs with.

use std::collections::BTreeMap;

use crate::model::{Element, Model, Position};

use super::geometry::{Drawing, Rect};
use super::{BOX_H, box_width};

/// Where a new `element` goes: in free space beside `near` (right of it,
/// then below, left, above, then further out), clear of every box and of
/// the frames of boundaries the element is not in. Without `near`, below
/// everything already placed.
pub fn place_near(
    model: &Model,
    positions: &BTreeMap<String, Position>,
    near: Option<&str>,
    element: &Element,
) -> Position {
    let mut d = Drawing::default();
    for e in &model.elements {
        let Some(p) = positions.get(&e.id) else {
            continue;
        };
        d.by_id.insert(e.id.clone(), d.boxes.len());
        d.boxes.push(super::ElementBox {
            id: e.id.clone(),
            name: String::new(),
            kind: e.kind.tag(),
            rect: Rect {
                x: p.x,
                y: p.y,
                w: box_width(e),
                h: BOX_H,
            },
        });
    }
    let frames = super::geometry::frames(model, &d);
    let inside = chain(model, element.boundary.as_deref());
    let w = box_width(element);
    let fits = |x: i32, y: i32| {
        let want = Rect { x, y, w, h: BOX_H }.grow(3, 2);
        let clear_boxes = !d.boxes.iter().any(|b| b.rect.intersects(&want));
        let clear_frames = frames.iter().all(|f| {
            let r = f.rect;
            if inside.contains(&f.id) {
                // Its own boundary: inside, off the edges and the title.
                return r.grow(-1, -1).encloses(&Rect { x, y, w, h: BOX_H })
                    || !r.grow(1, 1).intersects(&want);
            }
            !r.intersects(&want)
        });
        clear_boxes && clear_frames
    };
    let bounds = d
        .boxes
        .iter()
        .map(|b| b.rect)
        .chain(frames.iter().map(|f| f.rect))
        .reduce(|a, b| a.union(&b));
    let anchor = near
        .and_then(|id| d.by_id.get(id))
        .map(|&i| d.boxes[i].rect);
    if let Some(a) = anchor {
        for ring in 1..60 {
            let dx = ring * (w.max(a.w) + 8) / 2;
            let dy = ring * (BOX_H + 2);
            let spots = [
                (a.right() + dx - a.w / 2, a.y),
                (a.x, a.y + dy),
                (a.x - dx - w + a.w / 2, a.y),
                (a.x, a.y - dy),
                (a.right() + dx - a.w / 2, a.y + dy),
                (a.x - dx - w + a.w / 2, a.y + dy),
            ];
            if let Some(&(x, y)) = spots.iter().find(|&&(x, y)| fits(x, y)) {
                return Position { x, y };
            }
        }
    }
    match bounds {
        Some(b) => Position {
            x: anchor.map_or(b.x + 2, |a| a.x),
            y: b.bottom() + 3,
        },
        None => Position { x: 2, y: 2 },
    }
}

/// A boundary and every boundary around it.
fn chain(model: &Model, start: Option<&str>) -> Vec<String> {
    let mut out = Vec::new();
    let mut at = start;
    while let Some(id) = at {
        if out.iter().any(|o| o == id) || out.len() > model.boundaries.len() {
            break;
        }
        out.push(id.to_string());
        at = model.boundary(id).and_then(|b| b.parent.as_deref());
    }
    out
}
