//! The workbench canvas, read back from the terminal buffer at 80×24,
//! 120×40 and 200×60 with every element of each example selected in turn:
//! no line runs through a box or a boundary title (the titles read whole),
//! each flow ends in an arrowhead beside its own target, and each flow's
//! label (which starts with the flow's number) sits on or beside its own line.
//! The same for the real files from other tools as imported (skipped loudly
//! when `../shared` is absent), and for an element added beside the
//! selection: it lands in free space, outside every boundary, on screen, and
//! nothing placed before it moves.

use std::path::{Path, PathBuf};

use ratatui::Terminal;
use ratatui::backend::TestBackend;
use ratatui::buffer::Buffer;
use threatmap::library::built_in;
use threatmap::model::{Model, load};

use crate::common::shared;
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
                // The number reads whole; the text after it may be elided
                // where the line has little room (an imported file's own
                // spacing): the number still names the flow.
                let number = format!(" {} ", r.number);
                let elided = format!(" {}…", r.number);
                assert!(
                    row.contains(&number) || row.contains(&elided),
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

const SIZES: [(u16, u16); 3] = [(80, 24), (120, 40), (200, 60)];

/// Every element of `model` selected in turn at each size, each frame checked.
fn check_every_selection(path: &Path, model: &Model) -> usize {
    let ids: Vec<String> = model.elements.iter().map(|e| e.id.clone()).collect();
    let mut checked = 0;
    for (w, h) in SIZES {
        let mut app = App::new(
            path.to_path_buf(),
            model.clone(),
            built_in(),
            None,
            "2026-11-28",
        );
        update(&mut app, Action::Resize(w, h));
        let mut terminal = Terminal::new(TestBackend::new(w, h)).expect("terminal");
        for id in &ids {
            select_id(&mut app, id);
            terminal.draw(|f| render(&app, f)).expect("draw");
            let what = format!("{} at {w}x{h}, {id} selected", path.display());
            checked += check_frame(&app, terminal.backend().buffer(), &what);
        }
    }
    checked
}

#[test]
fn imported_real_files_read_right_on_the_canvas_at_three_sizes() {
    let mut checked = 0;
    let mut files = 0;
    for (name, tool) in crate::interchange_layout::FILES {
        let Some(path) = shared(&format!("interchange/{name}")) else {
            continue;
        };
        let model = crate::interchange_layout::imported(tool, &path);
        checked += check_every_selection(&path, &model);
        files += 1;
    }
    if files > 0 {
        assert!(checked > 100, "only {checked} cells were checked");
    }
}

/// Adds a process named `name` next to the selection, as a user does.
fn add_process(app: &mut App, name: &str) {
    update(app, Action::AddElement);
    update(app, Action::Down); // external entity, then process
    update(app, Action::Confirm);
    for c in name.chars() {
        update(app, Action::Insert(c));
    }
    update(app, Action::Confirm);
}

#[test]
fn a_new_element_goes_into_free_space_beside_the_selection_and_nothing_else_moves() {
    for (path, model) in examples() {
        for (w, h) in SIZES {
            let mut app = App::new(path.clone(), model.clone(), built_in(), None, "2026-11-28");
            update(&mut app, Action::Resize(w, h));
            let near = model.elements[model.elements.len() / 2].id.clone();
            select_id(&mut app, &near);
            let before = app.positions.clone();
            add_process(&mut app, "Brand new service");
            let what = format!("{} at {w}x{h}, added beside {near}", path.display());
            let added = app
                .model
                .elements
                .iter()
                .find(|e| e.name == "Brand new service")
                .unwrap_or_else(|| panic!("{what}: nothing was added"));
            assert_eq!(added.boundary, None, "{what}: put in a boundary unasked");
            for (id, p) in &before {
                assert_eq!(app.positions.get(id), Some(p), "{what}: {id} moved");
            }
            let scene = &app.scene;
            let mine = scene.rect_of(&added.id).expect("a box");
            for b in &scene.boxes {
                if b.id != added.id {
                    assert!(!b.rect.grow(1, 1).intersects(&mine), "{what}: on {}", b.id);
                }
            }
            for f in &scene.frames {
                assert!(!f.rect.intersects(&mine), "{what}: inside frame {}", f.id);
            }
            let anchor = scene.rect_of(&near).expect("the selection");
            let far = (mine.x - anchor.x).abs() + 2 * (mine.y - anchor.y).abs();
            assert!(far < 120, "{what}: {mine:?} is far from {anchor:?}");
            // The new element is selected and shown, and the canvas reads right.
            let mut terminal = Terminal::new(TestBackend::new(w, h)).expect("terminal");
            terminal.draw(|f| render(&app, f)).expect("draw");
            check_frame(&app, terminal.backend().buffer(), &what);
            let (cx, cy) = mine.center();
            let area = app.areas().canvas;
            let (sx, sy) = (cx - app.view.0, cy - app.view.1);
            assert!(
                sx >= 0 && sy >= 0 && sx < i32::from(area.width) && sy < i32::from(area.height),
                "{what}: the new box is off screen"
            );
        }
    }
}

fn examples() -> Vec<(PathBuf, Model)> {
    let mut models: Vec<PathBuf> = std::fs::read_dir("models")
        .expect("models")
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| p.extension().is_some_and(|x| x == "ron"))
        .collect();
    models.sort();
    models.push(PathBuf::from("src/model/starter.ron"));
    models
        .into_iter()
        .map(|p| {
            let m = load(&p).expect("example loads").model;
            (p, m)
        })
        .collect()
}

#[test]
fn canvas_lines_labels_and_titles_read_right_at_three_sizes() {
    let mut checked = 0;
    for (path, model) in examples() {
        checked += check_every_selection(&path, &model);
    }
    assert!(checked > 500, "only {checked} cells were checked");
}
