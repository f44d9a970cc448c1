//! Time from reading a model file to the workbench's first frame.
fn main() {
    let path = std::env::args().nth(1).expect("a model file");
    let start = std::time::Instant::now();
    let loaded = threatmap::model::load(std::path::Path::new(&path)).expect("loads");
    let mut app = threatmap::tui::App::new(
        loaded.path.clone(),
        loaded.model,
        threatmap::library::built_in(),
        None,
        &threatmap::clock::today(),
    );
    threatmap::tui::update(&mut app, threatmap::tui::Action::Resize(200, 60));
    let mut terminal =
        ratatui::Terminal::new(ratatui::backend::TestBackend::new(200, 60)).expect("terminal");
    terminal
        .draw(|f| threatmap::tui::render(&app, f))
        .expect("draw");
    eprintln!("first frame after {:?}", start.elapsed());
}
