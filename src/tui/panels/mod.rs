//! The panels around the canvas: inspector and form, threats, findings view,
//! status bar, help overlay and dialogs.

pub mod dialog;
pub mod findings;
pub mod help;
pub mod inspector;
pub mod review;
pub mod status;
pub mod threats;

use ratatui::layout::Rect;

/// A rectangle of at most `w` × `h` centred in `area`.
pub fn centered(area: Rect, w: u16, h: u16) -> Rect {
    let w = w.min(area.width);
    let h = h.min(area.height);
    Rect::new(
        area.x + (area.width - w) / 2,
        area.y + (area.height - h) / 2,
        w,
        h,
    )
}

/// Keeps the cursor's line visible in a list of `height` rows.
pub fn scroll_for(cursor: usize, height: usize) -> usize {
    if height == 0 {
        0
    } else {
        cursor.saturating_sub(height - 1)
    }
}
