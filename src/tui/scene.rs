//! The canvas geometry of a model: element boxes, boundary frames and flow
//! routes, in canvas cells, from the domain's layout engine. Built once per
//! edit so that drawing a frame only has to clip what the viewport shows.

pub use crate::layout::{Drawing as Scene, ElementBox, Frame, Rect as CRect, Route};
