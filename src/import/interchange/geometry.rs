//! Boundary membership where a source only has geometry, and pixel
//! positions scaled to the workbench canvas's cells.

use std::collections::BTreeMap;

use crate::model::Position;

/// An axis-aligned rectangle in the source's pixels.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Rect {
    pub x: f64,
    pub y: f64,
    pub width: f64,
    pub height: f64,
}

impl Rect {
    pub fn area(&self) -> f64 {
        self.width.max(0.0) * self.height.max(0.0)
    }

    pub fn center(&self) -> (f64, f64) {
        (self.x + self.width / 2.0, self.y + self.height / 2.0)
    }

    /// Whether the point lies inside (edges included).
    pub fn contains_point(&self, (x, y): (f64, f64)) -> bool {
        x >= self.x && x <= self.x + self.width && y >= self.y && y <= self.y + self.height
    }

    /// Whether `other` lies wholly inside this rectangle.
    pub fn contains(&self, other: &Rect) -> bool {
        self.contains_point((other.x, other.y))
            && self.contains_point((other.x + other.width, other.y + other.height))
    }

    /// Distance from a point to the rectangle (0 inside).
    pub fn distance(&self, (x, y): (f64, f64)) -> f64 {
        let dx = (self.x - x).max(0.0).max(x - (self.x + self.width));
        let dy = (self.y - y).max(0.0).max(y - (self.y + self.height));
        dx.hypot(dy)
    }
}

/// The innermost box (smallest area) among `boxes` that contains the centre
/// of `item`. Ties go to the earlier box, so the result is deterministic.
pub fn innermost(item: &Rect, boxes: &[Rect]) -> Option<usize> {
    smallest(boxes, |_, b| b.contains_point(item.center()))
}

/// The box that box `me` sits in: the smallest other box that holds it
/// wholly and is larger (of two equal boxes the earlier is the outer).
pub fn parent_box(me: usize, boxes: &[Rect]) -> Option<usize> {
    let inner = boxes.get(me)?;
    smallest(boxes, |i, b| {
        i != me
            && b.contains(inner)
            && (b.area() > inner.area() || (b.area() == inner.area() && i < me))
    })
}

fn smallest(boxes: &[Rect], keep: impl Fn(usize, &Rect) -> bool) -> Option<usize> {
    let mut best: Option<(usize, f64)> = None;
    for (i, b) in boxes.iter().enumerate() {
        if keep(i, b) && best.is_none_or(|(_, area)| b.area() < area) {
            best = Some((i, b.area()));
        }
    }
    best.map(|(i, _)| i)
}

/// Source pixels per canvas column and per canvas row: element boxes are
/// about 100–160 px wide in Threat Dragon and TMT, and 12–32 cells wide on
/// the canvas, three rows high.
pub const PX_PER_COLUMN: f64 = 8.0;
pub const PX_PER_ROW: f64 = 22.0;

/// Positions in cells for items at pixel positions, shifted so that the
/// top-left item sits near the canvas origin.
pub fn scale_to_cells(pixels: &BTreeMap<String, (f64, f64)>) -> BTreeMap<String, Position> {
    let min_x = pixels.values().map(|p| p.0).fold(f64::INFINITY, f64::min);
    let min_y = pixels.values().map(|p| p.1).fold(f64::INFINITY, f64::min);
    pixels
        .iter()
        .filter(|(_, (x, y))| x.is_finite() && y.is_finite())
        .map(|(id, (x, y))| {
            let cx = ((x - min_x) / PX_PER_COLUMN).round().clamp(0.0, 100_000.0) as i32 + 4;
            let cy = ((y - min_y) / PX_PER_ROW).round().clamp(0.0, 100_000.0) as i32 + 3;
            (id.clone(), Position { x: cx, y: cy })
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn r(x: f64, y: f64, w: f64, h: f64) -> Rect {
        Rect {
            x,
            y,
            width: w,
            height: h,
        }
    }

    #[test]
    fn an_item_belongs_to_the_innermost_box_and_boxes_nest() {
        let boxes = [r(0.0, 0.0, 1000.0, 1000.0), r(100.0, 100.0, 300.0, 300.0)];
        assert_eq!(innermost(&r(150.0, 150.0, 50.0, 50.0), &boxes), Some(1));
        assert_eq!(innermost(&r(600.0, 600.0, 50.0, 50.0), &boxes), Some(0));
        assert_eq!(innermost(&r(2000.0, 0.0, 50.0, 50.0), &boxes), None);
        assert_eq!(parent_box(1, &boxes), Some(0));
        assert_eq!(parent_box(0, &boxes), None);
    }

    #[test]
    fn pixels_scale_to_cells_from_the_top_left() {
        let mut px = BTreeMap::new();
        px.insert("a".to_string(), (100.0, 50.0));
        px.insert("b".to_string(), (260.0, 94.0));
        let cells = scale_to_cells(&px);
        assert_eq!(cells["a"], Position { x: 4, y: 3 });
        assert_eq!(cells["b"], Position { x: 24, y: 5 });
    }
}
