//! The workbench state. Only `update` changes it; `render` only reads it.

use std::collections::{BTreeMap, HashMap};
use std::path::PathBuf;

use ratatui::layout::Rect;

use crate::analysis::{Findings, Severity, Summary, analyze_on, reanalyze_on};
use crate::library::{Library, Stride};
use crate::model::{Model, Position, TriageStatus};

pub use super::areas::{Areas, areas, review_areas, side_split};
pub use super::dialogs::{PickFor, PickItem, Picker, Prompt, PromptFor, Question};
use super::form::FormTarget;
use super::history::History;
pub use super::overlay::{HelpView, Overlay, Screen};
use super::scene::{CRect, Scene};

/// Which keymap applies.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Mode {
    Canvas,
    /// The threats panel of the selection has focus.
    Threats,
    /// The list of every finding.
    Findings,
    Form,
    Picker,
    Search,
    /// A line of text for a name, a note or a value.
    Prompt,
    Command,
    /// A yes/no (or save/discard/cancel) question.
    Confirm,
    Help,
    /// A design review: the findings that need a decision, one at a time.
    Review,
}

impl Mode {
    pub fn label(self) -> &'static str {
        match self {
            Mode::Canvas => "CANVAS",
            Mode::Threats => "THREATS",
            Mode::Findings => "FINDINGS",
            Mode::Form => "FORM",
            Mode::Picker => "PICK",
            Mode::Search => "SEARCH",
            Mode::Prompt => "INPUT",
            Mode::Command => "COMMAND",
            Mode::Confirm => "CONFIRM",
            Mode::Help => "HELP",
            Mode::Review => "REVIEW",
        }
    }
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Selection {
    Element(String),
    Flow(String),
}

impl Selection {
    pub fn id(&self) -> &str {
        match self {
            Selection::Element(id) | Selection::Flow(id) => id,
        }
    }
}

#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct FindingsFilter {
    pub severity: Option<Severity>,
    pub stride: Option<Stride>,
    pub owasp: Option<String>,
    pub status: Option<TriageStatus>,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FormLevel {
    pub target: FormTarget,
    pub cursor: usize,
}

/// A mouse drag in progress.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Drag {
    /// Moving an element: the grab point inside its box.
    Element {
        id: String,
        grab: (i32, i32),
    },
    Pan {
        last: (u16, u16),
    },
}

pub struct App {
    pub path: PathBuf,
    pub model: Model,
    pub library: Library,
    pub findings: Findings,
    /// The model `findings` were computed from, so that the next analysis
    /// only re-checks what an edit touched.
    analyzed: Option<Model>,
    /// Worst open severity per target; present (None) for targets whose
    /// findings are all mitigated or triaged.
    pub worst: HashMap<String, Option<Severity>>,
    pub summary: Summary,
    pub history: History,
    pub saved: Model,
    pub dirty: bool,
    /// A hash of the file's contents when it was opened or last saved.
    pub disk_hash: Option<u64>,
    /// Effects asked for during the current `update`, which returns them.
    pub effects: Vec<super::effect::Effect>,
    pub positions: BTreeMap<String, Position>,
    pub scene: Scene,
    pub selection: Option<Selection>,
    /// The screen under the overlays.
    pub screen: Screen,
    /// Forms, pickers, prompts, questions, the command line and help, the
    /// top one getting the keys (see `super::overlay`).
    pub overlays: Vec<Overlay>,
    pub view: (i32, i32),
    pub size: (u16, u16),
    /// The side panel: shown or hidden by the user, or None for "when wide enough".
    pub show_panel: Option<bool>,
    pub threat_cursor: usize,
    pub detail_open: bool,
    pub findings_cursor: usize,
    /// Groups of operations (`RULE@flow`) shown open in the threats panel
    /// and the findings view; every other group shows as one line.
    pub unfolded: std::collections::BTreeSet<String>,
    /// How far the open threat detail is scrolled.
    pub detail_scroll: usize,
    pub filter: FindingsFilter,
    pub message: Option<String>,
    pub drag: Option<Drag>,
    pub color: bool,
    pub quit: bool,
    /// Who signs the decisions of a review.
    pub reviewer: String,
    /// Today, `YYYY-MM-DD`: the date of decisions and of expiry checks,
    /// given by the caller (and by `Action::Today` when it changes), so
    /// that `update` never reads the clock.
    pub today: String,
    /// The review in progress (kept when leaving, to resume).
    pub review: Option<super::review::Review>,
}

impl App {
    /// A workbench on `model`, read from `path`, on the day `today`
    /// (`YYYY-MM-DD`).
    pub fn new(
        path: PathBuf,
        model: Model,
        library: Library,
        disk_hash: Option<u64>,
        today: &str,
    ) -> App {
        let mut app = App {
            path,
            saved: model.clone(),
            history: History::new(model.clone()),
            model,
            library,
            findings: Findings::default(),
            analyzed: None,
            worst: HashMap::new(),
            summary: Summary::default(),
            dirty: false,
            disk_hash,
            effects: Vec::new(),
            positions: BTreeMap::new(),
            scene: Scene::default(),
            selection: None,
            screen: Screen::Canvas,
            overlays: Vec::new(),
            view: (0, 0),
            size: (120, 40),
            show_panel: None,
            threat_cursor: 0,
            detail_open: false,
            findings_cursor: 0,
            unfolded: Default::default(),
            detail_scroll: 0,
            filter: FindingsFilter::default(),
            message: None,
            drag: None,
            color: true,
            quit: false,
            reviewer: String::new(),
            today: today.to_string(),
            review: None,
        };
        app.refresh();
        // Start at the top left of the picture, on the first box in reading order.
        app.view = (app.scene.bounds.x - 1, app.scene.bounds.y - 1);
        app.selection = app
            .scene
            .boxes
            .iter()
            .min_by_key(|b| (b.rect.x, b.rect.y))
            .map(|b| Selection::Element(b.id.clone()));
        app
    }

    /// Re-runs the analysis and rebuilds the canvas after the model changed.
    pub fn refresh(&mut self) {
        let today = Some(self.today.as_str());
        self.findings = match self.analyzed.take() {
            Some(old) => reanalyze_on(&old, &self.findings, &self.model, &self.library, today),
            None => analyze_on(&self.model, &self.library, today),
        };
        self.analyzed = Some(self.model.clone());
        self.summary = self.findings.summary();
        self.worst.clear();
        for f in &self.findings.items {
            let entry = self.worst.entry(f.target.clone()).or_insert(None);
            if f.is_open() && Some(f.severity) > *entry {
                *entry = Some(f.severity);
            }
        }
        self.positions = crate::layout::auto_positions(&self.model);
        self.scene = Scene::rebuild(&self.model, &self.positions, &self.scene);
        self.dirty = self.model != self.saved;
        if let Some(sel) = &self.selection {
            let exists = match sel {
                Selection::Element(id) => self.model.element(id).is_some(),
                Selection::Flow(id) => self.model.flow(id).is_some(),
            };
            if !exists {
                self.selection = None;
            }
        }
        super::recovery::remember(&self.path, &self.model, self.dirty);
    }

    /// A new day: expiries are measured against it, so every finding is
    /// analysed again (not only what an edit touched).
    pub fn set_today(&mut self, date: String) {
        if date != self.today {
            self.today = date;
            self.analyzed = None;
            self.refresh();
        }
    }

    /// Applies one edit: a new version in the history, analysis re-run.
    pub fn edit(&mut self, change: impl FnOnce(&mut Model)) {
        change(&mut self.model);
        self.commit();
    }

    /// Records the current model (changed in place) as a new version.
    pub fn commit(&mut self) {
        if self.model != *self.history.current() {
            self.history.push(self.model.clone());
        }
        self.refresh();
    }

    /// Saves every position shown, so that the picture stays as the user
    /// arranges it from now on.
    pub fn freeze_layout(model: &mut Model, positions: &BTreeMap<String, Position>) {
        for e in &model.elements {
            if let Some(p) = positions.get(&e.id) {
                model.layout.insert(e.id.clone(), *p);
            }
        }
    }

    pub fn selected_id(&self) -> Option<&str> {
        self.selection.as_ref().map(Selection::id)
    }

    /// The findings on the selection: open ones first, each part worst first.
    pub fn selection_findings(&self) -> Vec<&crate::analysis::Finding> {
        let mut list: Vec<_> = match self.selected_id() {
            Some(id) => self.findings.for_target(id).collect(),
            None => Vec::new(),
        };
        // A stable sort keeps the analysis order (severity, then rule) within;
        // one rule's operations then stay together under their group.
        list.sort_by_key(|f| !f.is_open());
        crate::analysis::group::together(&list)
    }

    /// Findings passing the findings view's filters.
    pub fn filtered_findings(&self) -> Vec<&crate::analysis::Finding> {
        let f = &self.filter;
        let list: Vec<_> = self
            .findings
            .items
            .iter()
            .filter(|x| f.severity.is_none_or(|s| x.severity == s))
            .filter(|x| f.stride.is_none_or(|s| x.stride.contains(&s)))
            .filter(|x| f.owasp.as_ref().is_none_or(|o| x.owasp.contains(o)))
            .filter(|x| f.status.is_none_or(|s| x.status == s))
            .collect();
        crate::analysis::group::together(&list)
    }

    /// The threats panel's rows: the selection's findings, groups folded
    /// unless opened.
    pub fn threat_rows(&self) -> super::fold::Listing<'_> {
        super::fold::Listing::new(self.selection_findings(), &self.unfolded)
    }

    /// The findings view's rows, as [`App::threat_rows`].
    pub fn findings_rows(&self) -> super::fold::Listing<'_> {
        super::fold::Listing::new(self.filtered_findings(), &self.unfolded)
    }

    pub fn areas(&self) -> Areas {
        let screen = Rect::new(0, 0, self.size.0, self.size.1);
        if self.screen == Screen::Review {
            review_areas(screen)
        } else {
            areas(screen, self.panel_shown())
        }
    }

    pub fn panel_shown(&self) -> bool {
        self.show_panel.unwrap_or(self.size.0 >= 100)
    }

    /// After a resize: back to the diagram's corner when it all fits, else
    /// to the selection, so an old pan never hides the diagram.
    pub fn reset_view(&mut self) {
        let canvas = self.areas().canvas;
        let b = self.scene.bounds;
        let fits = b.w + 2 <= i32::from(canvas.width) && b.h + 2 <= i32::from(canvas.height);
        if fits || self.selection.is_none() {
            self.view = (b.x - 1, b.y - 1);
        }
        self.follow_selection();
    }

    /// Scrolls so that the selection is inside the canvas, with a margin.
    pub fn follow_selection(&mut self) {
        let Some(rect) = self.selected_id().and_then(|id| self.scene.rect_of(id)) else {
            return;
        };
        let canvas = self.areas().canvas;
        let (w, h) = (i32::from(canvas.width), i32::from(canvas.height));
        let view = CRect {
            x: self.view.0,
            y: self.view.1,
            w,
            h,
        };
        let margin = 2;
        if rect.x - margin < view.x || rect.w + 2 * margin > w {
            self.view.0 = rect.x - margin;
        } else if rect.right() + margin > view.right() {
            self.view.0 = rect.right() + margin - w;
        }
        if rect.y - 1 < view.y || rect.h + 2 > h {
            self.view.1 = rect.y - 1;
        } else if rect.bottom() + 1 > view.bottom() {
            self.view.1 = rect.bottom() + 1 - h;
        }
    }
}
