//! Decisions on findings, from every place that shows one: the threats panel,
//! the findings view and the review. Same keys everywhere (`m` control,
//! `i` in progress, `a` accept, `t` transfer, `f` false positive), same
//! prompts, and one writer: `review::decide`, which checks the justification
//! and records reviewer, date, expiry and the fingerprint that makes a
//! decision go stale when the design changes.

use crate::analysis::Finding;
use crate::analysis::group::operations;
use crate::model::TriageStatus;
use crate::review::{Decision, Scope, decide_on, queue};

use super::action::Action;
use super::app::{App, PickFor, PickItem, Picker, PromptFor, Screen};
use super::dialogs::{close_dialog, open_picker, open_prompt};

/// What a decision is about: a finding (for a group, its first operation)
/// and whether it covers the finding alone or its whole group.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct On {
    pub finding: String,
    pub scope: Scope,
}

/// The text a decision asks for, one prompt after the other.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Ask {
    Owner { on: On },
    Reference { on: On, owner: String },
    AcceptNote { on: On },
    AcceptUntil { on: On, note: String },
    TransferNote { on: On },
    FalsePositiveNote { on: On },
}

/// The finding a decision key applies to: the review's current finding, or
/// the one under the cursor of the threats panel or the findings view (for
/// a group's line, its first operation).
pub fn subject(app: &App) -> Option<Finding> {
    aim(app).map(|(f, _)| f)
}

/// [`subject`] and the scope of a decision there: the whole group on a
/// group's line, or in a review after `g`; the finding alone otherwise.
pub fn aim(app: &App) -> Option<(Finding, Scope)> {
    let (f, scope) = match app.screen {
        Screen::Review => {
            let f = super::review::current_finding(app)?;
            let whole = app.review.as_ref().is_some_and(|r| r.whole_group);
            let scope = if whole && group_size(app, f) > 1 {
                Scope::Group
            } else {
                Scope::Finding
            };
            (f, scope)
        }
        Screen::Threats => app.threat_rows().aim(app.threat_cursor)?,
        Screen::Findings => app.findings_rows().aim(app.findings_cursor)?,
        _ => return None,
    };
    Some((f.clone(), scope))
}

/// How many findings of the model a decision on `f`'s group covers: the
/// rule's operations on its flow; 1 for a finding on a whole target.
pub fn group_size(app: &App, f: &Finding) -> usize {
    if f.endpoint.is_none() {
        return 1;
    }
    let id = f.group_id();
    app.findings
        .items
        .iter()
        .filter(|x| x.endpoint.is_some() && x.group_id() == id)
        .count()
}

/// The id a decision on `on` is recorded under: `RULE@flow` for a group.
fn record_id(app: &App, on: &On) -> String {
    match (on.scope, app.findings.get(&on.finding)) {
        (Scope::Group, Some(f)) => f.group_id().into_owned(),
        _ => on.finding.clone(),
    }
}

/// How a prompt names what is decided: the finding's id, or
/// `all 14 operations of API1-…@orders-api` (the scope first, so that a
/// narrow prompt cuts the id, not what the decision covers).
pub fn label(app: &App, on: &On) -> String {
    match (on.scope, app.findings.get(&on.finding)) {
        (Scope::Group, Some(f)) if f.endpoint.is_some() => {
            let n = group_size(app, f);
            let all = if n == 2 {
                "both operations".to_string()
            } else {
                format!("all {}", operations(n))
            };
            format!("{all} of {}", f.group_id())
        }
        _ => on.finding.clone(),
    }
}

/// Handles a decision key; false when `action` is not one.
pub fn key(app: &mut App, action: &Action) -> bool {
    let make: fn(On) -> Ask = match action {
        Action::DecideControl => {
            control(app);
            return true;
        }
        Action::DecideInProgress => |on| Ask::Owner { on },
        Action::DecideAccept => |on| Ask::AcceptNote { on },
        Action::DecideTransfer => |on| Ask::TransferNote { on },
        Action::DecideFalsePositive => |on| Ask::FalsePositiveNote { on },
        _ => return false,
    };
    match aim(app) {
        Some((f, scope)) => prompt(
            app,
            make(On {
                finding: f.id,
                scope,
            }),
        ),
        None => app.message = Some(no_subject(app)),
    }
    true
}

fn no_subject(app: &App) -> String {
    if app.screen == Screen::Review {
        "no finding here: p goes back, s goes over skipped ones".into()
    } else {
        "no threat here to decide on".into()
    }
}

/// The prompt's starting text: what the existing record says, if it says it.
fn prefill(app: &App, record: &str, status: TriageStatus) -> String {
    app.model
        .triage_for(record)
        .filter(|t| t.status == status)
        .map(|t| t.note.clone())
        .unwrap_or_default()
}

fn prompt(app: &mut App, step: Ask) {
    let on = match &step {
        Ask::Owner { on }
        | Ask::Reference { on, .. }
        | Ask::AcceptNote { on }
        | Ask::AcceptUntil { on, .. }
        | Ask::TransferNote { on }
        | Ask::FalsePositiveNote { on } => on,
    };
    let (what, record) = (label(app, on), record_id(app, on));
    let existing = app.model.triage_for(&record);
    let (title, text) = match &step {
        Ask::Owner { .. } => (
            format!("{what} in progress: owner"),
            existing.and_then(|t| t.owner.clone()).unwrap_or_default(),
        ),
        Ask::Reference { .. } => (
            "Ticket or reference (optional)".to_string(),
            existing
                .and_then(|t| t.reference.clone())
                .unwrap_or_default(),
        ),
        Ask::AcceptNote { .. } => (
            format!("Accept {what}: why (required)"),
            prefill(app, &record, TriageStatus::Accepted),
        ),
        Ask::AcceptUntil { .. } => (
            "Accepted until (YYYY-MM-DD or empty)".to_string(),
            existing
                .filter(|t| t.status == TriageStatus::Accepted)
                .and_then(|t| t.until.clone())
                .unwrap_or_default(),
        ),
        Ask::TransferNote { .. } => (
            format!("Transfer {what}: to whom, how"),
            prefill(app, &record, TriageStatus::Transferred),
        ),
        Ask::FalsePositiveNote { .. } => (
            format!("{what} false positive: why (required)"),
            prefill(app, &record, TriageStatus::FalsePositive),
        ),
    };
    open_prompt(app, title, text, PromptFor::Decide(step));
}

/// A line typed into one of the decision prompts.
pub fn submit(app: &mut App, step: Ask, text: String) {
    match step {
        Ask::Owner { on } => prompt(app, Ask::Reference { on, owner: text }),
        Ask::Reference { on, owner } => {
            close_dialog(app);
            record(
                app,
                &on,
                Decision::InProgress {
                    owner,
                    reference: text,
                },
            );
        }
        Ask::AcceptNote { on } => {
            if text.trim().is_empty() {
                app.message = Some("accepting a risk needs a justification".into());
                return;
            }
            prompt(app, Ask::AcceptUntil { on, note: text });
        }
        Ask::AcceptUntil { on, note } => {
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
            record(app, &on, Decision::Accept { note, until });
        }
        Ask::TransferNote { on } => {
            close_dialog(app);
            record(app, &on, Decision::Transfer { note: text });
        }
        Ask::FalsePositiveNote { on } => {
            if text.trim().is_empty() {
                app.message = Some("a false positive needs a justification".into());
                return;
            }
            close_dialog(app);
            record(app, &on, Decision::FalsePositive { note: text });
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
            key: Some(c.name().into_owned()),
        })
        .collect()
}

/// `m`: put the finding's mitigating control in place (on the operation,
/// or on the flow for a whole group), asking which when there are several.
fn control(app: &mut App) {
    let Some((f, scope)) = aim(app) else {
        app.message = Some(no_subject(app));
        return;
    };
    let on = On {
        finding: f.id.clone(),
        scope,
    };
    match &*f.mitigations {
        [] => {
            app.message = Some("this threat lists no mitigating control: decide otherwise".into());
        }
        [only] => {
            record(app, &on, Decision::ApplyControl(only.clone()));
        }
        _ => {
            let place = match scope {
                Scope::Group => label(app, &on),
                Scope::Finding => f.subject_key().to_string(),
            };
            let p = Picker::with_items(
                format!("Control for {place}"),
                control_items(&f),
                PickFor::DecideControl { on },
            );
            open_picker(app, p);
        }
    }
}

/// The control picked for a finding (from the picker).
pub fn chose_control(app: &mut App, on: &On, item: PickItem) {
    let control = app.findings.get(&on.finding).and_then(|f| {
        f.mitigations
            .iter()
            .find(|c| item.key.as_deref() == Some(&*c.name()))
            .cloned()
    });
    close_dialog(app);
    if let Some(control) = control {
        record(app, on, Decision::ApplyControl(control));
    }
}

/// Writes a decision through `review::decide_on` as one edit (undo takes
/// it back). In a review, the review then moves on.
pub fn record(app: &mut App, on: &On, decision: Decision) -> bool {
    let finding = on.finding.as_str();
    let Some(f) = app.findings.get(finding).cloned() else {
        app.message = Some(format!("{finding} is no longer a finding"));
        return false;
    };
    if app.reviewer.trim().is_empty() {
        // The caller gives the reviewer (`tui::run`); never asked here.
        app.reviewer = crate::review::UNKNOWN_REVIEWER.into();
    }
    let group = f.group_id().into_owned();
    let in_group = |x: &Finding| on.scope == Scope::Group && x.group_id() == group;
    let waiting: Vec<String> = queue(&app.findings)
        .into_iter()
        .map(|i| &app.findings.items[i])
        .filter(|x| x.id != finding && !in_group(x))
        .map(|x| x.id.clone())
        .collect();
    let mut model = app.model.clone();
    if !decide_on(
        &mut model,
        &f,
        on.scope,
        &decision,
        &app.reviewer,
        &app.today,
    ) {
        app.message = Some(if decision.missing_justification() {
            "this decision needs a justification".into()
        } else {
            format!("{} no longer exists", f.target)
        });
        return false;
    }
    app.model = model;
    app.commit();
    let mut message = match on.scope {
        Scope::Group if f.endpoint.is_some() => {
            format!("{group}: {}", group_outcome(app, &group, &decision))
        }
        _ => format!(
            "{finding}: {}",
            app.findings
                .get(finding)
                .map_or("resolved", |x| x.status.label())
        ),
    };
    // Findings that needed a decision and no longer do, besides these:
    // a control usually closes several; say so rather than skip them silently.
    let also: Vec<&str> = waiting
        .iter()
        .filter(|id| !app.findings.get(id).is_some_and(Finding::needs_decision))
        .map(String::as_str)
        .collect();
    if let Decision::ApplyControl(c) = &decision {
        let place = match on.scope {
            Scope::Group => f.target.as_str(),
            Scope::Finding => f.subject_key(),
        };
        // How many findings the control closed: this one (or its group's
        // operations) and every other it also mitigates.
        let here = match on.scope {
            Scope::Group => group_size(app, &f),
            Scope::Finding => 1,
        };
        let closed = crate::text::count(here + also.len(), "finding", "findings");
        message = format!("{} put on {place}, closed {closed}; {message}", c.label());
    }
    if !also.is_empty() {
        message.push_str(&format!("; also closed {}", also.join(", ")));
    }
    app.message = Some(message);
    if app.screen == Screen::Review {
        super::review::after_decision(app, finding);
    } else {
        stay_on(app, on);
    }
    true
}

/// What a decision on a group did: `accepted on all 14`, or how many
/// operations keep a decision of their own.
fn group_outcome(app: &App, group: &str, decision: &Decision) -> String {
    let members: Vec<&Finding> = app
        .findings
        .items
        .iter()
        .filter(|x| x.endpoint.is_some() && x.group_id() == group)
        .collect();
    let status = decision.status();
    let took = members.iter().filter(|x| x.status == status).count();
    let n = members.len();
    let status = status.label();
    if members.is_empty() {
        "resolved".into()
    } else if took == n {
        format!("{status} on all {}", operations(n))
    } else {
        format!(
            "{status} on {took} of {}; {} keep their own decision",
            operations(n),
            n - took
        )
    }
}

/// Keeps the cursor of the threats panel or findings view on what was just
/// decided, so the list does not silently jump to another threat.
fn stay_on(app: &mut App, on: &On) {
    match app.screen {
        Screen::Threats => {
            if let Some(at) = app.threat_rows().row_of(&on.finding, on.scope) {
                app.threat_cursor = at;
            }
        }
        Screen::Findings => {
            if let Some(at) = app.findings_rows().row_of(&on.finding, on.scope) {
                app.findings_cursor = at;
            }
        }
        _ => {}
    }
}
