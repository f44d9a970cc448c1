//! A design review in the workbench: the findings that need a decision, one
//! at a time, worst target first. Each decision is one edit of the model
//! (undo takes it back), written by `review::decide` with the reviewer and
//! today's date; then the analysis re-runs and the review moves on.

use std::path::PathBuf;

use crate::analysis::{Finding, TargetKind};
use crate::model::Triage;
use crate::report::{ReportInput, mermaid};
use crate::review::minutes::{Period, minutes};
use crate::review::queue;

use super::action::Action;
use super::app::{App, Screen, Selection};

/// Where a review is: the findings it walks through and which one is shown.
#[derive(Debug, Clone, PartialEq)]
pub struct Review {
    /// Finding ids in review order; findings that come to need a decision
    /// during the review (a decision gone stale) are added at the end.
    pub order: Vec<String>,
    /// The finding shown; `order.len()` is the end of the queue.
    pub at: usize,
    /// The triage records when the review started, to tell what it decided.
    pub before: Vec<Triage>,
    /// Where each decision was made, newest last, so undo goes back to it.
    pub trail: Vec<usize>,
    /// The next decision covers every operation of the shown finding's
    /// group (`g`), not the shown operation alone.
    pub whole_group: bool,
}

impl Review {
    pub fn current(&self) -> Option<&str> {
        self.order.get(self.at).map(String::as_str)
    }

    pub fn at_end(&self) -> bool {
        self.at >= self.order.len()
    }

    /// True when this review wrote or changed the finding's triage record,
    /// or, for an operation without a record of its own, its group's.
    pub fn decided(&self, app: &App, id: &str) -> bool {
        let changed = |id: &str| {
            let before = self.before.iter().find(|t| t.finding == id);
            app.model.triage_for(id) != before
        };
        if changed(id) {
            return true;
        }
        let own = app.model.triage_for(id).is_some();
        match id.split_once('#') {
            Some((group, _)) if !own => changed(group),
            _ => false,
        }
    }

    /// How many findings of this review's queue were closed without a
    /// decision of their own: a control put in place for another finding
    /// mitigates them too.
    pub fn closed_by_controls(&self, app: &App) -> usize {
        self.order
            .iter()
            .filter(|id| !self.decided(app, id))
            .filter_map(|id| app.findings.get(id))
            .filter(|f| f.status_source == crate::analysis::StatusSource::Controls)
            .count()
    }

    /// How many findings this review decided.
    pub fn decided_count(&self, app: &App) -> usize {
        self.order.iter().filter(|id| self.decided(app, id)).count()
    }
}

/// Enters the review (`R`, or `threatmap review`), resuming one left earlier.
pub fn start(app: &mut App) {
    if app.reviewer.trim().is_empty() {
        app.reviewer = crate::review::UNKNOWN_REVIEWER.into();
    }
    if app.review.is_none() {
        app.review = Some(Review {
            order: Vec::new(),
            at: 0,
            before: app.model.triage.clone(),
            trail: Vec::new(),
            whole_group: false,
        });
    }
    sync(app);
    app.show(Screen::Review);
    app.detail_open = false;
    let here_needs = current_finding(app).is_some_and(|f| f.needs_decision());
    if !here_needs {
        let from = app.review.as_ref().map_or(0, |r| r.at);
        move_to(app, next_needing(app, from, true));
    } else {
        focus(app);
    }
    let left = queue(&app.findings).len();
    app.message = Some(if left == 0 {
        "nothing needs a decision".into()
    } else {
        format!("review as {}: {left} finding(s) to decide", app.reviewer)
    });
}

/// Adds the findings that now need a decision and are not in the order yet.
fn sync(app: &mut App) {
    let wanted: Vec<String> = queue(&app.findings)
        .into_iter()
        .map(|i| app.findings.items[i].id.clone())
        .collect();
    if let Some(r) = app.review.as_mut() {
        for id in wanted {
            if !r.order.contains(&id) {
                r.order.push(id);
            }
        }
    }
}

/// The finding the review shows, as the analysis sees it now.
pub fn current_finding(app: &App) -> Option<&Finding> {
    let id = app.review.as_ref()?.current()?;
    app.findings.get(id)
}

/// The first position at or after `from` (after it, unless `inclusive`)
/// whose finding needs a decision; the end when there is none.
fn next_needing(app: &App, from: usize, inclusive: bool) -> usize {
    let Some(r) = app.review.as_ref() else {
        return 0;
    };
    let start = if inclusive { from } else { from + 1 };
    (start..r.order.len())
        .find(|&i| {
            app.findings
                .get(&r.order[i])
                .is_some_and(Finding::needs_decision)
        })
        .unwrap_or(r.order.len())
}

fn move_to(app: &mut App, at: usize) {
    if let Some(r) = app.review.as_mut() {
        r.at = at.min(r.order.len());
        r.whole_group = false;
    }
    focus(app);
}

/// Selects the shown finding's target and centres the canvas on it.
pub fn focus(app: &mut App) {
    let Some(f) = current_finding(app) else {
        return;
    };
    let sel = match f.target_kind {
        TargetKind::Flow => Selection::Flow(f.target.clone()),
        TargetKind::Element(_) => Selection::Element(f.target.clone()),
    };
    let Some(rect) = app.scene.rect_of(sel.id()) else {
        app.selection = Some(sel);
        return;
    };
    app.selection = Some(sel);
    let canvas = app.areas().canvas;
    let (w, h) = (i32::from(canvas.width), i32::from(canvas.height));
    let (cx, cy) = rect.center();
    app.view.0 = if rect.w + 4 > w {
        rect.x - 2
    } else {
        cx - w / 2
    };
    app.view.1 = if rect.h + 2 > h {
        rect.y - 1
    } else {
        cy - h / 2
    };
}

/// Keys of the review mode.
pub fn update(app: &mut App, action: Action) {
    match action {
        a if super::decide::key(app, &a) => {}
        Action::WholeGroup => whole_group(app),
        Action::Skip => skip(app),
        Action::Previous => previous(app),
        Action::WriteMinutes => {
            let write = write_minutes(app, None);
            app.effects.push(write);
        }
        Action::CommandLine => super::commands::open(app),
        Action::Back => {
            app.show(Screen::Canvas);
            let n = app.review.as_ref().map_or(0, |r| r.decided_count(app));
            app.message = Some(format!(
                "left the review: {n} decision(s) kept{} (R resumes)",
                if app.dirty { ", Ctrl-s saves them" } else { "" }
            ));
        }
        _ => {}
    }
}

/// `g`: the next decision covers the shown finding's whole group of
/// operations; `g` again, the shown operation alone.
fn whole_group(app: &mut App) {
    let Some(f) = current_finding(app) else {
        app.message = Some("no finding here".into());
        return;
    };
    let n = super::decide::group_size(app, f);
    if n < 2 {
        app.message =
            Some("this finding is not one of several operations: decisions cover it alone".into());
        return;
    }
    let group = f.group_id().into_owned();
    let Some(r) = app.review.as_mut() else {
        return;
    };
    r.whole_group = !r.whole_group;
    app.message = Some(if r.whole_group {
        format!(
            "the next decision covers all {} of {group} (g: this one only)",
            crate::analysis::group::operations(n)
        )
    } else {
        "the next decision covers this operation alone".into()
    });
}

fn skip(app: &mut App) {
    let Some(r) = app.review.as_ref() else {
        return;
    };
    if r.at_end() {
        // At the end, skip goes over what was skipped.
        let first = next_needing(app, 0, true);
        if first >= r.order.len() {
            app.message = Some("nothing left to decide".into());
        }
        move_to(app, first);
        return;
    }
    let at = r.at;
    move_to(app, next_needing(app, at, false));
    if app.review.as_ref().is_some_and(Review::at_end) {
        app.message = Some(end_message(app));
    }
}

fn previous(app: &mut App) {
    let Some(at) = app.review.as_ref().map(|r| r.at) else {
        return;
    };
    if at == 0 {
        app.message = Some("this is the first finding of the review".into());
        return;
    }
    move_to(app, at - 1);
}

fn end_message(app: &App) -> String {
    let left = queue(&app.findings).len();
    if left == 0 {
        "end of the review: w writes the minutes".into()
    } else {
        format!("end of the queue, {left} skipped: s goes over them, w writes the minutes")
    }
}

/// After a decision (written by `decide::record`): note where it was made
/// so undo can come back, take in decisions gone stale, and move on.
pub fn after_decision(app: &mut App, finding: &str) {
    let known = app.review.as_ref().map_or(0, |r| r.order.len());
    sync(app);
    let Some(r) = app.review.as_mut() else {
        return;
    };
    let came_back = r.order.len() - known;
    let at = r.order.iter().position(|id| id == finding).unwrap_or(r.at);
    r.trail.push(at);
    if came_back > 0 {
        let said = app.message.take().unwrap_or_default();
        app.message = Some(format!(
            "{said}; {came_back} decision(s) went stale, they come at the end"
        ));
    }
    move_to(app, next_needing(app, at, false));
    if app.review.as_ref().is_some_and(Review::at_end) {
        app.message = Some(end_message(app));
    } else {
        // Said, so that the jump to another finding is never silent.
        app.message = Some(match app.message.take() {
            Some(said) => format!("{said}; on to the next threat"),
            None => "on to the next threat".into(),
        });
    }
}

/// After an undo in the review, show the finding whose decision was undone.
pub fn after_undo(app: &mut App) {
    sync(app);
    let back = app.review.as_mut().and_then(|r| r.trail.pop());
    if let Some(at) = back {
        move_to(app, at);
    } else {
        focus(app);
    }
}

/// Where the minutes go by default: `shop.ron` → `shop.review-2026-11-28.md`.
pub fn minutes_path(app: &App) -> PathBuf {
    let stem = app
        .path
        .file_stem()
        .map(|s| s.to_string_lossy().into_owned())
        .unwrap_or_else(|| "model".into());
    app.path
        .with_file_name(format!("{stem}.review-{}.md", app.today))
}

/// The write of today's minutes (to `file`, else next to the model).
pub fn write_minutes(app: &App, file: Option<&str>) -> super::effect::Effect {
    let path = file.map_or_else(|| minutes_path(app), PathBuf::from);
    let input = ReportInput::new(&app.model, &app.findings, &app.library);
    let diagram = mermaid::render(&input);
    let text = minutes(
        &app.model,
        &app.findings,
        &Period::On(&app.today),
        Some(&diagram),
    );
    super::effect::Effect::Write {
        done: format!("minutes written to {}", path.display()),
        path,
        text,
        not_over: Some(app.path.clone()),
        ask_first: false,
    }
}
