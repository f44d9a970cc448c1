//! Folding a list of findings: a rule's operations on one flow show as one
//! line ("… — 14 operations") until the user opens the group. The cursor of
//! the threats panel and of the findings view counts these visible rows.

use std::collections::BTreeSet;

use crate::analysis::Finding;
use crate::analysis::group::{Place, places};
use crate::review::Scope;

use super::app::{App, Screen};

/// One visible line of a list of findings.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Row {
    /// A finding on a line of its own: `member` when it is an operation
    /// listed under its open group.
    One { at: usize, member: bool },
    /// A group of two or more operations of one rule on one flow, from
    /// `first` in the list, `len` findings long.
    Group {
        first: usize,
        len: usize,
        folded: bool,
    },
}

/// Findings brought together by group, and the rows they show as.
#[derive(Debug, Clone)]
pub struct Listing<'a> {
    pub findings: Vec<&'a Finding>,
    pub rows: Vec<Row>,
}

impl<'a> Listing<'a> {
    /// `findings` must be brought together (`analysis::group::together`);
    /// groups whose id is in `unfolded` show their operations.
    pub fn new(findings: Vec<&'a Finding>, unfolded: &BTreeSet<String>) -> Self {
        let mut rows = Vec::with_capacity(findings.len());
        let mut open = false;
        for (at, place) in places(&findings).into_iter().enumerate() {
            match place {
                Place::Alone => rows.push(Row::One { at, member: false }),
                Place::Head(len) => {
                    open = unfolded.contains(&*findings[at].group_id());
                    rows.push(Row::Group {
                        first: at,
                        len,
                        folded: !open,
                    });
                    if open {
                        rows.push(Row::One { at, member: true });
                    }
                }
                Place::Member if open => rows.push(Row::One { at, member: true }),
                Place::Member => {}
            }
        }
        Self { findings, rows }
    }

    pub fn len(&self) -> usize {
        self.rows.len()
    }

    pub fn is_empty(&self) -> bool {
        self.rows.is_empty()
    }

    /// The findings a row stands for: one, or a whole group.
    pub fn members(&self, row: usize) -> &[&'a Finding] {
        match self.rows.get(row) {
            Some(Row::One { at, .. }) => &self.findings[*at..=*at],
            Some(Row::Group { first, len, .. }) => &self.findings[*first..*first + *len],
            None => &[],
        }
    }

    /// What a decision on a row is about: its finding alone, or (on a group
    /// line) the group, through its first operation.
    pub fn aim(&self, row: usize) -> Option<(&'a Finding, Scope)> {
        match self.rows.get(row)? {
            Row::One { at, .. } => Some((self.findings[*at], Scope::Finding)),
            Row::Group { first, .. } => Some((self.findings[*first], Scope::Group)),
        }
    }

    /// The finding on a row that is one finding (not a group line).
    pub fn finding(&self, row: usize) -> Option<&'a Finding> {
        match self.rows.get(row)? {
            Row::One { at, .. } => Some(self.findings[*at]),
            Row::Group { .. } => None,
        }
    }

    /// The group id (`RULE@flow`) of the group a row is in, if it is one of
    /// two or more operations.
    pub fn group_of(&self, row: usize) -> Option<String> {
        match self.rows.get(row)? {
            Row::Group { first, .. } => Some(self.findings[*first].group_id().into_owned()),
            Row::One { at, member: true } => Some(self.findings[*at].group_id().into_owned()),
            Row::One { .. } => None,
        }
    }

    /// The row that shows `id`: its own line, or its group's line when the
    /// group is folded or when the group itself is meant.
    pub fn row_of(&self, id: &str, scope: Scope) -> Option<usize> {
        let at = self.findings.iter().position(|f| f.id == id)?;
        self.rows.iter().position(|r| match *r {
            Row::One { at: a, .. } => a == at && scope == Scope::Finding,
            Row::Group { first, len, folded } => {
                (first..first + len).contains(&at) && (folded || scope == Scope::Group)
            }
        })
    }
}

/// Opens the group under the cursor, or folds the one it is in; returns
/// where the cursor goes (the group's line when folding).
pub fn toggle(listing: &Listing, unfolded: &mut BTreeSet<String>, cursor: usize) -> usize {
    let Some(id) = listing.group_of(cursor) else {
        return cursor;
    };
    if unfolded.remove(&id) {
        listing
            .rows
            .iter()
            .position(|r| matches!(r, Row::Group { first, .. } if listing.findings[*first].group_id() == id.as_str()))
            .unwrap_or(cursor)
    } else {
        unfolded.insert(id);
        cursor
    }
}

/// The ids of every group of two or more operations among `findings`.
pub fn all_groups(findings: &[Finding]) -> BTreeSet<String> {
    let mut seen = BTreeSet::new();
    let mut twice = BTreeSet::new();
    for f in findings.iter().filter(|f| f.endpoint.is_some()) {
        let id = f.group_id().into_owned();
        if !seen.insert(id.clone()) {
            twice.insert(id);
        }
    }
    twice
}

/// Space in the threats panel or the findings view (and Enter on a group's
/// line): opens or folds the group under the cursor.
pub fn toggle_here(app: &mut App) {
    let mut unfolded = app.unfolded.clone();
    let (listing, cursor) = match app.screen {
        Screen::Threats => (app.threat_rows(), app.threat_cursor),
        Screen::Findings => (app.findings_rows(), app.findings_cursor),
        _ => return,
    };
    if listing.group_of(cursor).is_none() {
        app.message = Some("not one of several operations: nothing to fold here".into());
        return;
    }
    let to = toggle(&listing, &mut unfolded, cursor);
    app.unfolded = unfolded;
    app.detail_open = false;
    match app.screen {
        Screen::Threats => app.threat_cursor = to,
        _ => app.findings_cursor = to,
    }
}

/// `:unfold` opens every group of operations, `:fold` folds them all; the
/// cursors stay on what they were on (its group's line once folded).
pub fn set_all(app: &mut App, open: bool) {
    let own = |l: &Listing, row: usize| l.aim(row).map(|(f, s)| (f.id.clone(), s));
    let threat = own(&app.threat_rows(), app.threat_cursor);
    let finding = own(&app.findings_rows(), app.findings_cursor);
    app.unfolded = if open {
        all_groups(&app.findings.items)
    } else {
        BTreeSet::new()
    };
    let back = |l: &Listing, was: Option<(String, Scope)>| {
        was.and_then(|(id, scope)| l.row_of(&id, scope))
            .unwrap_or(0)
    };
    app.threat_cursor = back(&app.threat_rows(), threat);
    app.findings_cursor = back(&app.findings_rows(), finding);
    app.detail_open = false;
}
