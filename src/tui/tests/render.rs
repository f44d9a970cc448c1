use ratatui::Terminal;
use ratatui::backend::TestBackend;

use crate::tui::{Action, App, render, select_id, update};

use super::{app, keys};

pub(super) fn screen(app: &mut App, w: u16, h: u16) -> TestBackend {
    update(app, Action::Resize(w, h));
    app.follow_selection();
    let mut terminal = Terminal::new(TestBackend::new(w, h)).expect("terminal");
    terminal.draw(|f| render(app, f)).expect("draw");
    terminal.backend().clone()
}

/// The e-commerce example, laid out automatically (its saved positions
/// cleared), so the snapshot shows the layout and routing as well.
fn example() -> App {
    let text = include_str!("../../../models/ecommerce.ron");
    let mut model = crate::model::parse_str(text, "ecommerce.ron")
        .expect("the example model is valid")
        .model;
    model.layout.clear();
    let mut a = App::new(
        std::path::PathBuf::from("ecommerce.ron"),
        model,
        crate::library::built_in(),
        None,
        super::TODAY,
    );
    a.color = false;
    a
}

#[test]
fn example_model_at_120x40() {
    let mut a = example();
    insta::assert_snapshot!(screen(&mut a, 120, 40));
}

#[test]
fn example_model_at_80x24() {
    let mut a = example();
    select_id(&mut a, "gateway");
    insta::assert_snapshot!(screen(&mut a, 80, 24));
}

#[test]
fn starter_model_at_120x40() {
    let mut a = app();
    insta::assert_snapshot!(screen(&mut a, 120, 40));
}

#[test]
fn help_overlay() {
    let mut a = app();
    keys(&mut a, "?");
    insta::assert_snapshot!(screen(&mut a, 120, 40));
}

#[test]
fn element_form() {
    let mut a = app();
    select_id(&mut a, "orders-svc");
    keys(&mut a, "<Enter><Down><Down>");
    insta::assert_snapshot!(screen(&mut a, 120, 40));
}

#[test]
fn findings_view() {
    let mut a = app();
    keys(&mut a, "F");
    insta::assert_snapshot!(screen(&mut a, 120, 30));
}

#[test]
fn finding_detail() {
    let mut a = app();
    select_id(&mut a, "browser-gateway");
    keys(&mut a, "t<Enter>");
    insta::assert_snapshot!(screen(&mut a, 120, 40));
}

#[test]
fn add_flow_picker() {
    let mut a = app();
    select_id(&mut a, "gateway");
    keys(&mut a, "fau");
    insta::assert_snapshot!(screen(&mut a, 80, 24));
}

#[test]
fn no_color_means_no_colour_but_the_symbols_stay() {
    use ratatui::style::Color;
    let mut a = example();
    let plain = screen(&mut a, 120, 40);
    let coloured_cells = |b: &TestBackend| {
        b.buffer()
            .content()
            .iter()
            .filter(|c| c.fg != Color::Reset || c.bg != Color::Reset)
            .count()
    };
    assert_eq!(coloured_cells(&plain), 0);
    let text = plain.to_string();
    assert!(text.contains('!') && text.contains('✓'), "{text}");
    a.color = true;
    let coloured = screen(&mut a, 120, 40);
    assert!(coloured_cells(&coloured) > 0);
}

#[test]
fn help_overlay_scrolls_on_a_small_terminal() {
    let mut a = app();
    keys(&mut a, "?");
    for _ in 0..200 {
        keys(&mut a, "j");
    }
    insta::assert_snapshot!(screen(&mut a, 80, 24));
}

/// The example in a review by a fixed reviewer on a fixed day.
fn reviewing() -> App {
    let mut a = example();
    a.reviewer = "Ana Silva".into();
    a.refresh();
    keys(&mut a, "R");
    a
}

#[test]
fn review_at_120x40() {
    let mut a = reviewing();
    insta::assert_snapshot!(screen(&mut a, 120, 40));
}

#[test]
fn review_at_80x24() {
    let mut a = reviewing();
    insta::assert_snapshot!(screen(&mut a, 80, 24));
}

#[test]
fn review_of_a_stale_decision() {
    let mut a = reviewing();
    // The catalog hop's acceptance expired on 2025-09-30.
    while a
        .review
        .as_ref()
        .and_then(|r| r.current())
        .is_some_and(|id| id != "CROSS-TI-traffic-in-transit@gateway-catalog")
    {
        keys(&mut a, "s");
    }
    insta::assert_snapshot!(screen(&mut a, 120, 40));
}

#[test]
fn review_end_of_the_queue() {
    let mut a = reviewing();
    for _ in 0..200 {
        keys(&mut a, "s");
        if a.review.as_ref().is_some_and(|r| r.at_end()) {
            break;
        }
    }
    insta::assert_snapshot!(screen(&mut a, 80, 24));
}

/// Names, labels and notes that hold terminal escapes are drawn as visible
/// `\x1b` text: nothing reaches the terminal that could drive it.
#[test]
fn hostile_strings_are_drawn_as_visible_escapes() {
    let text = include_str!("../../../tests/fixtures/hostile.ron");
    let model = crate::model::parse_str(text, "hostile.ron")
        .expect("the hostile fixture is a valid model")
        .model;
    let mut a = App::new(
        std::path::PathBuf::from("hostile.ron"),
        model,
        crate::library::built_in(),
        None,
        super::TODAY,
    );
    let mut seen = String::new();
    for (id, w, h) in [("f1", 200, 50), ("svc", 200, 50), ("db", 80, 24)] {
        select_id(&mut a, id);
        let backend = screen(&mut a, w, h);
        for cell in backend.buffer().content() {
            let symbol = cell.symbol();
            assert!(
                !symbol.chars().any(|c| c.is_control()),
                "a control character reached the screen: {symbol:?}"
            );
            seen.push_str(symbol);
        }
    }
    assert!(seen.contains("\\x1b"), "escapes are shown as text");
}
