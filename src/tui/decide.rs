//! Decisions on findings, from every place that shows one: the threats panel,
//! the findings view and the review. Same keys everywhere (`m` control,
//! `i` in progress, `a` accept, `t` transfer, `f` false positive), same
//! prompts, and one writer: `review::decide`, which checks the justification
//! and records reviewer, date, expiry and the fingerprint that makes a
//! decision go stale when the design changes.

use crate::analysis::Finding;
use crate::model::TriageStatus;
use crate::review::{Decision, decide, default_reviewer, queue};

use super::action::Action;
use super::app::{App, Mode, PickFor, PickItem, Picker, PromptFor};
use super::update::{close_dialog, open_picker, open_prompt};

/// The text a decision asks for, one prompt after the other.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Ask {
    Owner { finding: String },
    Reference { finding: String, owner: String },
    AcceptNote { finding: String },
    AcceptUntil { finding: String, note: String },
    TransferNote { finding: String },
    FalsePositiveNote { finding: String },
}

/// The finding a decision key applies to: the review's current finding, or
/// the one under the cursor of the threats panel or the findings view.
pub fn subject(app: &App) -> Option<Finding> {
    match app.base_mode() {
        Mode::Review => super::review::current_finding(app).cloned(),
        Mode::Threats => app
            .selection_findings()
            .get(app.threat_cursor)
            .map(|f| (*f).clone()),
        Mode::Findings => app
            .filtered_findings()
            .get(app.findings_cursor)
            .map(|f| (*f).clone()),
        _ => None,
    }
}

/// Handles a decision key; false when `action` is not one.
pub fn key(app: &mut App, action: &Action) -> bool {
    let make: fn(String) -> Ask = match action {
        Action::DecideControl => {
            control(app);
            return true;
        }
        Action::DecideInProgress => |finding| Ask::Owner { finding },
        Action::DecideAccept => |finding| Ask::AcceptNote { finding },
        Action::DecideTransfer => |finding| Ask::TransferNote { finding },
        Action::DecideFalsePositive => |finding| Ask::FalsePositiveNote { finding },
        _ => return false,
    };
    match subject(app) {
        Some(f) => prompt(app, make(f.id)),
        None => app.message = Some(no_subject(app)),
    }
    true
}

fn no_subject(app: &App) -> String {
    if app.base_mode() == Mode::Review {
        "no finding here: p goes back, s goes over skipped ones".into()
    } else {
        "no threat here to decide on".into()
    }
}

/// The prompt's starting text: what the existing record says, if it says it.
fn prefill(app: &App, finding: &str, status: TriageStatus) -> String {
    app.model
        .triage_for(finding)
        .filter(|t| t.status == status)
        .map(|t| t.note.clone())
        .unwrap_or_default()
}

fn prompt(app: &mut App, step: Ask) {
    let (title, text) = match &step {
        Ask::Owner { finding } => (
            format!("{finding} in progress: owner"),
            app.model
                .triage_for(finding)
                .and_then(|t| t.owner.clone())
                .unwrap_or_default(),
        ),
        Ask::Reference { finding, .. } => (
            "Ticket or reference (optional)".to_string(),
            app.model
                .triage_for(finding)
                .and_then(|t| t.reference.clone())
                .unwrap_or_default(),
        ),
        Ask::AcceptNote { finding } => (
            format!("Accept {finding}: why (required)"),
            prefill(app, finding, TriageStatus::Accepted),
        ),
        Ask::AcceptUntil { finding, .. } => (
            "Accepted until (YYYY-MM-DD or empty)".to_string(),
            app.model
                .triage_for(finding)
                .filter(|t| t.status == TriageStatus::Accepted)
                .and_then(|t| t.until.clone())
                .unwrap_or_default(),
        ),
        Ask::TransferNote { finding } => (
            format!("Transfer {finding}: to whom, how"),
            prefill(app, finding, TriageStatus::Transferred),
        ),
        Ask::FalsePositiveNote { finding } => (
            format!("{finding} false positive: why (required)"),
            prefill(app, finding, TriageStatus::FalsePositive),
        ),
    };
    open_prompt(app, title, text, PromptFor::Decide(step));
}

/// A line typed into one of the decision prompts.
pub fn submit(app: &mut App, step: Ask, text: String) {
    match step {
        Ask::Owner { finding } => prompt(
            app,
            Ask::Reference {
                finding,
                owner: text,
            },
        ),
        Ask::Reference { finding, owner } => {
            close_dialog(app);
            record(
                app,
                &finding,
                Decision::InProgress {
                    owner,
                    reference: text,
                },
            );
        }
        Ask::AcceptNote { finding } => {
            if text.is_empty() {
                app.message = Some("accepting a risk needs a justification".into());
                return;
            }
            prompt(
                app,
                Ask::AcceptUntil {
                    finding,
                    note: text,
                },
            );
        }
        Ask::AcceptUntil { finding, note } => {
            let until = if text.is_empty() {
                None
            } else if !crate::model::validate::is_date(&text) {
                app.message = Some(format!("`{text}` is not a date: write YYYY-MM-DD"));
                return;
            } else if text < app.today {
                app.message = Some(format!("{text} has passed: give a later date or none"));
                return;
            } else {
                Some(text)
            };
            close_dialog(app);
            record(app, &finding, Decision::Accept { note, until });
        }
        Ask::TransferNote { finding } => {
            close_dialog(app);
            record(app, &finding, Decision::Transfer { note: text });
        }
        Ask::FalsePositiveNote { finding } => {
            if text.is_empty() {
                app.message = Some("a false positive needs a justification".into());
                return;
            }
            close_dialog(app);
            record(app, &finding, Decision::FalsePositive { note: text });
        }
    }
}

/// A finding's mitigating controls as picker items, ticked where in place.
pub fn control_items(f: &Finding) -> Vec<PickItem> {
    f.mitigations
        .iter()
        .map(|c| PickItem {
            label: format!("{} — {}", c.label(), c.meaning()),
            checked: Some(f.mitigated_by.contains(c)),
            jump: None,
        })
        .collect()
}

/// `m`: put the finding's mitigating control in place, asking which when
/// there are several.
fn control(app: &mut App) {
    let Some(f) = subject(app) else {
        app.message = Some(no_subject(app));
        return;
    };
    match &*f.mitigations {
        [] => {
            app.message = Some("this threat lists no mitigating control: decide otherwise".into());
        }
        [only] => {
            record(app, &f.id, Decision::ApplyControl(only.clone()));
        }
        _ => {
            let mut p = Picker::new(
                format!("Control for {}", f.target),
                Vec::new(),
                PickFor::DecideControl {
                    finding: f.id.clone(),
                },
            );
            p.items = control_items(&f);
            open_picker(app, p, Mode::Picker);
        }
    }
}

/// The control picked for a finding (from the picker).
pub fn chose_control(app: &mut App, finding: &str, i: usize) {
    let control = app
        .findings
        .get(finding)
        .and_then(|f| f.mitigations.get(i).cloned());
    close_dialog(app);
    if let Some(control) = control {
        record(app, finding, Decision::ApplyControl(control));
    }
}

/// Writes a decision through `review::decide` as one edit (undo takes it
/// back). In a review, the review then moves on.
pub fn record(app: &mut App, finding: &str, decision: Decision) -> bool {
    let Some(f) = app.findings.get(finding).cloned() else {
        app.message = Some(format!("{finding} is no longer a finding"));
        return false;
    };
    if app.reviewer.trim().is_empty() {
        app.reviewer = default_reviewer();
    }
    let waiting: Vec<String> = queue(&app.findings)
        .into_iter()
        .map(|i| app.findings.items[i].id.clone())
        .collect();
    let mut model = app.model.clone();
    if !decide(&mut model, &f, &decision, &app.reviewer, &app.today) {
        app.message = Some(if decision.missing_justification() {
            "this decision needs a justification".into()
        } else {
            format!("{} no longer exists", f.target)
        });
        return false;
    }
    app.model = model;
    app.commit();
    let now = app
        .findings
        .get(finding)
        .map_or("resolved", |x| x.status.label());
    // Findings that needed a decision and no longer do, besides this one:
    // a control usually closes several; say so rather than skip them silently.
    let also: Vec<&str> = waiting
        .iter()
        .filter(|id| id.as_str() != finding)
        .filter(|id| !app.findings.get(id).is_some_and(Finding::needs_decision))
        .map(String::as_str)
        .collect();
    let mut message = format!("{finding}: {now}");
    if let Decision::ApplyControl(c) = &decision {
        message = format!("{} put on {}; {message}", c.label(), f.target);
    }
    if !also.is_empty() {
        message.push_str(&format!("; also closed {}", also.join(", ")));
    }
    app.message = Some(message);
    if app.base_mode() == Mode::Review {
        super::review::after_decision(app, finding);
    } else {
        stay_on(app, finding);
    }
    true
}

/// Keeps the cursor of the threats panel or findings view on the finding
/// just decided, so the list does not silently jump to another threat.
fn stay_on(app: &mut App, finding: &str) {
    match app.base_mode() {
        Mode::Threats => {
            if let Some(at) = app
                .selection_findings()
                .iter()
                .position(|f| f.id == finding)
            {
                app.threat_cursor = at;
            }
        }
        Mode::Findings => {
            if let Some(at) = app.filtered_findings().iter().position(|f| f.id == finding) {
                app.findings_cursor = at;
            }
        }
        _ => {}
    }
}
