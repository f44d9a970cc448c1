//! Where each part of the screen goes for a terminal size: canvas, side
//! panel, status bar; shared by rendering and by mouse hit-testing.

use ratatui::layout::Rect;

/// Where each part of the screen is, for a terminal size; shared by
/// rendering and by mouse hit-testing.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Areas {
    pub canvas: Rect,
    pub side: Option<Rect>,
    pub status: Rect,
}

/// The screen split: canvas, an optional side panel (inspector and threats),
/// and a two-line status bar. The side panel needs 80 columns of canvas
/// beside it, or the user asking for it on a narrower screen.
pub fn areas(area: Rect, show_panel: bool) -> Areas {
    let (body, status) = above_status(area);
    if show_panel && area.width >= 60 {
        // 38 columns on small screens, 44 at 120, three tenths (60 at 200)
        // on wide ones, so the panel uses the space.
        let side_w = if area.width >= 110 {
            (area.width * 3 / 10).clamp(44, 72)
        } else {
            38
        };
        beside(body, status, side_w.min(area.width / 2))
    } else {
        Areas {
            canvas: body,
            side: None,
            status,
        }
    }
}

/// The screen above a two-line status bar, and the status bar.
fn above_status(area: Rect) -> (Rect, Rect) {
    let status_h = 2.min(area.height);
    let body_h = area.height - status_h;
    let body = Rect::new(area.x, area.y, area.width, body_h);
    let status = Rect::new(area.x, area.y + body_h, area.width, status_h);
    (body, status)
}

/// The canvas on the left of `body`, a panel `side_w` wide on its right.
fn beside(body: Rect, status: Rect, side_w: u16) -> Areas {
    let canvas = Rect::new(body.x, body.y, body.width - side_w, body.height);
    let side = Rect::new(body.x + body.width - side_w, body.y, side_w, body.height);
    Areas {
        canvas,
        side: Some(side),
        status,
    }
}

/// The side panel split: the inspector above, the threat list below (the
/// larger part once something is selected). Shared by rendering and by
/// mouse hit-testing.
pub fn side_split(side: Rect, selected: bool) -> (Rect, Rect) {
    let top_h = if selected {
        (side.height / 2).max(side.height.saturating_sub(16))
    } else {
        side.height / 2
    };
    let top = Rect::new(side.x, side.y, side.width, top_h);
    let bottom = Rect::new(side.x, side.y + top_h, side.width, side.height - top_h);
    (top, bottom)
}

/// The review screen: the canvas beside the review panel when there is room
/// for both, else a strip of canvas above the panel (the panel matters more).
pub fn review_areas(area: Rect) -> Areas {
    let (body, status) = above_status(area);
    if area.width >= 100 {
        beside(body, status, (area.width * 9 / 20).max(50))
    } else {
        let canvas_h = (body.height / 3).clamp(body.height.min(5), 12);
        let canvas = Rect::new(body.x, body.y, body.width, canvas_h);
        let side = Rect::new(
            body.x,
            body.y + canvas_h,
            body.width,
            body.height - canvas_h,
        );
        Areas {
            canvas,
            side: Some(side),
            status,
        }
    }
}
