//! The mouse: clicks select, drags move a box or pan the view.

use crate::model::Position;

use super::app::{App, Drag, Mode, Screen, Selection};

fn canvas_cell(app: &App, x: u16, y: u16) -> Option<(i32, i32)> {
    let c = app.areas().canvas;
    let inside = x >= c.x && x < c.x + c.width && y >= c.y && y < c.y + c.height;
    inside.then(|| {
        (
            i32::from(x - c.x) + app.view.0,
            i32::from(y - c.y) + app.view.1,
        )
    })
}

pub(super) fn click(app: &mut App, x: u16, y: u16) {
    if !matches!(app.mode(), Mode::Canvas | Mode::Threats) {
        return;
    }
    if let Some(side) = app.areas().side {
        if side.contains(ratatui::layout::Position::new(x, y)) {
            click_threat_list(app, side, x, y);
            return;
        }
    }
    let Some((cx, cy)) = canvas_cell(app, x, y) else {
        return;
    };
    app.show(Screen::Canvas);
    app.message = None;
    if let Some(b) = app.scene.element_at(cx, cy) {
        let (id, grab) = (b.id.clone(), (cx - b.rect.x, cy - b.rect.y));
        app.selection = Some(Selection::Element(id.clone()));
        app.threat_cursor = 0;
        app.drag = Some(Drag::Element { id, grab });
    } else if let Some(r) = app.scene.flow_at(cx, cy) {
        app.selection = Some(Selection::Flow(r.flow.clone()));
        app.threat_cursor = 0;
        app.drag = None;
    } else {
        app.drag = Some(Drag::Pan { last: (x, y) });
    }
}

/// A click on a row of the side panel's threat list focuses the list on
/// that threat (Enter then opens it); elsewhere in the panel it does nothing.
fn click_threat_list(app: &mut App, side: ratatui::layout::Rect, x: u16, y: u16) {
    let (_, list) = super::app::side_split(side, app.selection.is_some());
    // Inside the list's border.
    let inner = ratatui::layout::Rect::new(
        list.x + 1,
        list.y + 1,
        list.width.saturating_sub(2),
        list.height.saturating_sub(2),
    );
    if !inner.contains(ratatui::layout::Position::new(x, y)) {
        return;
    }
    let height = usize::from(inner.height);
    // The list scrolls only while it has the focus; see `draw_list`.
    let skip = if app.mode() == Mode::Threats {
        super::panels::scroll_for(app.threat_cursor, height)
    } else {
        0
    };
    let row = skip + usize::from(y - inner.y);
    if row < app.threat_rows().len() {
        app.show(Screen::Threats);
        app.threat_cursor = row;
        app.message = None;
    }
}

pub(super) fn drag(app: &mut App, x: u16, y: u16) {
    match app.drag.clone() {
        Some(Drag::Element { id, grab }) => {
            let c = app.areas().canvas;
            let cx = i32::from(x) - i32::from(c.x) + app.view.0;
            let cy = i32::from(y) - i32::from(c.y) + app.view.1;
            let to = Position {
                x: cx - grab.0,
                y: cy - grab.1,
            };
            if app.positions.get(&id) == Some(&to) {
                return;
            }
            // Moved in place while dragging; one undo step when released.
            let positions = app.positions.clone();
            App::freeze_layout(&mut app.model, &positions);
            app.model.layout.insert(id.clone(), to);
            // What is in the way moves aside; the dragged box follows the pointer.
            app.model.layout =
                crate::layout::separate_keeping(&app.model, &app.model.layout, &[id.as_str()]);
            app.positions = crate::layout::auto_positions(&app.model);
            app.scene = super::scene::Scene::rebuild(&app.model, &app.positions, &app.scene);
            app.dirty = app.model != app.saved;
        }
        Some(Drag::Pan { last }) => {
            app.view.0 -= i32::from(x) - i32::from(last.0);
            app.view.1 -= i32::from(y) - i32::from(last.1);
            app.drag = Some(Drag::Pan { last: (x, y) });
        }
        None => {}
    }
}

pub(super) fn release(app: &mut App) {
    if let Some(Drag::Element { .. }) = app.drag.take() {
        app.commit();
    }
}
