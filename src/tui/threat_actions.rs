//! The workbench's ways to add, open and delete a threat written by hand.
//! Every change goes through `App::commit`, so undo takes it back.

use super::app::{App, FormLevel, Mode, Overlay, PromptFor, Question, Screen, Selection};
use super::form::FormTarget;
use crate::analysis::{Origin, TargetKind};
use crate::model::threat_edit::{add_threat, remove_threat};

/// `n` in the threats panel, `:threat [TITLE]`: a new threat on the
/// selection. Without a title, a prompt asks for one.
pub fn new_threat(app: &mut App, title: &str) {
    let Some(target) = app.selected_id().map(str::to_string) else {
        app.message = Some("select an element or flow first".into());
        return;
    };
    if title.trim().is_empty() {
        super::dialogs::open_prompt(
            app,
            format!("New threat on {target}: title"),
            String::new(),
            PromptFor::NewThreat { target },
        );
    } else {
        add(app, &target, title);
    }
}

/// Adds the threat and opens its form; a bad title keeps the prompt open.
pub fn add(app: &mut App, target: &str, title: &str) {
    let mut model = app.model.clone();
    match add_threat(&mut model, title, target) {
        Ok(id) => {
            app.model = model;
            app.commit();
            app.threat_cursor = cursor_of(app, &id);
            open(app, &id);
            app.message = Some(format!("added threat {id}: now its STRIDE, severity…"));
        }
        Err(e) => app.message = Some(e),
    }
}

/// Opens the form of the threat `id` over the threats panel of its target
/// (which Esc shows), or over the canvas without a selection.
pub fn open(app: &mut App, id: &str) {
    app.show(if app.selection.is_some() {
        Screen::Threats
    } else {
        Screen::Canvas
    });
    app.push(Overlay::Form(FormLevel {
        target: FormTarget::Threat(id.to_string()),
        cursor: 0,
    }));
}

/// Enter or `e` on a finding: a hand-written one opens its threat's form,
/// with its target selected. False for a rule's finding, which has no form.
pub fn open_finding(app: &mut App, finding: &str) -> bool {
    let Some(f) = app.findings.get(finding) else {
        return false;
    };
    if f.origin != Origin::Manual {
        return false;
    }
    let threat = f.rule.to_string();
    let selection = match f.target_kind {
        TargetKind::Flow => Selection::Flow(f.target.clone()),
        TargetKind::Element(_) => Selection::Element(f.target.clone()),
    };
    if app.selection.as_ref() != Some(&selection) {
        app.selection = Some(selection);
        app.follow_selection();
    }
    app.detail_open = false;
    app.threat_cursor = cursor_of(app, &threat);
    open(app, &threat);
    true
}

/// The delete row of a threat's form asks first.
pub fn ask_delete(app: &mut App, id: &str) {
    app.ask(Question::DeleteThreat(id.to_string()));
}

/// The answer was yes: the threat goes, and its form closes.
pub fn delete(app: &mut App, id: &str) {
    let mut model = app.model.clone();
    if remove_threat(&mut model, id).is_none() {
        app.message = Some(format!("there is no threat {id}"));
        return;
    }
    app.model = model;
    app.commit();
    app.close_forms(|l| l.target != FormTarget::Threat(id.to_string()));
    let n = app.threat_rows().len();
    app.threat_cursor = app.threat_cursor.min(n.saturating_sub(1));
    app.message = Some(format!("deleted threat {id} (u undoes)"));
}

/// The last form closed: back in the threats panel, the cursor is on the
/// threat, wherever its new severity sorted it.
pub fn closed(app: &mut App, target: &FormTarget) {
    if let (FormTarget::Threat(id), Mode::Threats) = (target, app.mode()) {
        app.threat_cursor = cursor_of(app, id);
    }
}

/// Where the threat `id`'s finding sits in the threats panel.
fn cursor_of(app: &App, id: &str) -> usize {
    let finding = app
        .selection_findings()
        .iter()
        .find(|f| f.origin == Origin::Manual && &*f.rule == id)
        .map(|f| f.id.clone());
    finding
        .and_then(|f| app.threat_rows().row_of(&f, crate::review::Scope::Finding))
        .unwrap_or(0)
}
