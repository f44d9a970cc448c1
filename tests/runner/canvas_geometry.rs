//! The workbench canvas, read back from the terminal buffer at 80×24,
//! 120×40 and 200×60 with every element of each example selected in turn:
//! no line runs through a box or a boundary title (the titles read whole),
//! each flow ends in an arrowhead beside its own target, and each flow's
//! label (which starts with the flow's number) sits on or beside its own line.

use std::path::{Path, PathBuf};

use ratatui::Terminal;
use ratatui::backend::TestBackend;
use ratatui::buffer::Buffer;
use threatmap::library::built_in;
use threatmap::model::load;
use threatmap::tui::{Action, App, render, select_id, update};

const ARROWS: [&str; 4] = ["▶", "◀", "▼", "▲"];

/// The buffer cell showing canvas cell (x, y), if the viewport shows it.
fn shown<'b>(app: &App, buf: &'b Buffer, x: i32, y: i32) -> Option<&'b str> {
    let area = app.areas().canvas;
    let (sx, sy) = (x - app.view.0, y - app.view.1);
    if sx < 0 || sy < 0 || sx >= i32::from(area.width) || sy >= i32::from(area.height) {
        return None;
    }
    Some(buf[(area.x + sx as u16, area.y + sy as u16)].symbol())
}

fn check_frame(app: &App, buf: &Buffer, what: &str) -> usize {
    let scene = &app.scene;
    let mut checked = 0;
    for r in &scene.routes {
        let cells = r.cells();
        for &(x, y) in &cells {
            assert!(
                scene.element_at(x, y).is_none(),
                "{what}: {} runs through a box",
                r.flow
            );
            for f in &scene.frames {
                assert!(
                    !f.title.contains(x, y),
                    "{what}: {} runs over the title of {}",
                    r.flow,
                    f.id
                );
            }
        }
        let &(ax, ay) = cells.last().expect("a route has cells");
        let target = scene.boxes[r.target].rect;
        assert!(
            target.contains(ax + r.arrive.0, ay + r.arrive.1),
            "{what}: the arrowhead of {} is not at its target",
            r.flow
        );
        if let Some(s) = shown(app, buf, ax, ay) {
            assert!(
                ARROWS.contains(&s),
                "{what}: {} ends in {s:?}, not an arrowhead",
                r.flow
            );
            checked += 1;
        }
        if let Some(l) = r.label_rect() {
            let beside = cells
                .iter()
                .any(|&(x, y)| y == l.y && x >= l.x - 1 && x <= l.right());
            assert!(beside, "{what}: the label of {} is not on its line", r.flow);
            let row: String = (l.x..l.right())
                .map(|x| shown(app, buf, x, l.y).unwrap_or("\u{0}"))
                .collect();
            if !row.contains('\u{0}') {
                let number = format!(" {} ", r.number);
                assert!(
                    row.contains(&number),
                    "{what}: label of {} reads {row:?}",
                    r.flow
                );
                checked += 1;
            }
        }
    }
    for f in &scene.frames {
        let label: Vec<char> = f.label.chars().collect();
        // The title's first characters, where the viewport shows them.
        for (k, c) in label.iter().take(4).enumerate() {
            let x = f.title.x + 1 + k as i32;
            if let Some(s) = shown(app, buf, x, f.title.y) {
                assert_eq!(s, c.to_string(), "{what}: title of {} broken at {x}", f.id);
                checked += 1;
            }
        }
    }
    checked
}

#[test]
fn canvas_lines_labels_and_titles_read_right_at_three_sizes() {
    let mut models: Vec<PathBuf> = std::fs::read_dir("models")
        .expect("models")
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| p.extension().is_some_and(|x| x == "ron"))
        .collect();
    models.sort();
    models.push(PathBuf::from("src/model/starter.ron"));
    let mut checked = 0;
    for path in &models {
        let model = load(Path::new(path)).expect("example loads").model;
        let ids: Vec<String> = model.elements.iter().map(|e| e.id.clone()).collect();
        for (w, h) in [(80u16, 24u16), (120, 40), (200, 60)] {
            let mut app = App::new(path.clone(), model.clone(), built_in(), None, "2026-11-28");
            update(&mut app, Action::Resize(w, h));
            let mut terminal = Terminal::new(TestBackend::new(w, h)).expect("terminal");
            for id in &ids {
                select_id(&mut app, id);
                terminal.draw(|f| render(&app, f)).expect("draw");
                let what = format!("{} at {w}x{h}, {id} selected", path.display());
                checked += check_frame(&app, terminal.backend().buffer(), &what);
            }
        }
    }
    assert!(checked > 500, "only {checked} cells were checked");
}
