//! The model appendix of the HTML and Markdown reports: which tables, which
//! columns and what each cell says are decided here once; each medium only
//! draws a table ([`Medium`]).

use std::borrow::Cow;

use super::pieces::Piece;
use super::sink::Sink;
use super::{Context, ReportInput};
use crate::model::ElementKind;

/// How a column's cells read.
#[derive(Clone, Copy, PartialEq, Eq)]
pub(super) enum Align {
    Plain,
    /// Numbers, right-aligned.
    Number,
    /// Prose that wraps.
    Prose,
}

pub(super) struct Column {
    pub head: &'static str,
    pub align: Align,
}

pub(super) struct Table {
    /// The anchor of the table's heading.
    pub id: &'static str,
    pub title: &'static str,
    /// A sentence under the heading.
    pub note: Option<&'static str>,
    pub columns: &'static [Column],
}

pub(super) struct Row<'a> {
    /// An anchor (prefix, id) that findings link to.
    pub anchor: Option<(&'static str, &'a str)>,
    /// Each cell's pieces.
    pub cells: Vec<Vec<Piece<'a>>>,
}

/// Draws tables in one output medium.
pub(super) trait Medium {
    fn start(&self, out: &mut String, table: &Table);
    fn row(&self, out: &mut String, table: &Table, row: &Row);
    fn end(&self, out: &mut String, table: &Table);
}

const fn col(head: &'static str, align: Align) -> Column {
    Column { head, align }
}

const ELEMENTS: Table = Table {
    id: "elements",
    title: "Elements",
    note: None,
    columns: &[
        col("Element", Align::Plain),
        col("Kind", Align::Plain),
        col("Boundary", Align::Plain),
        col("Owner", Align::Plain),
        col("Technology", Align::Plain),
        col("Description", Align::Prose),
    ],
};

const FLOWS: Table = Table {
    id: "flows",
    title: "Data flows",
    note: Some("Numbered in model order."),
    columns: &[
        col("#", Align::Number),
        col("Flow", Align::Plain),
        col("From → to", Align::Plain),
        col("Protocol", Align::Plain),
        col("Security", Align::Plain),
        col("Data", Align::Plain),
        col("Description and security notes", Align::Prose),
    ],
};

const DATA: Table = Table {
    id: "data",
    title: "Data assets",
    note: None,
    columns: &[
        col("Data", Align::Plain),
        col("Classification", Align::Plain),
        col("Kind", Align::Plain),
        col("Description", Align::Prose),
    ],
};

const BOUNDARIES: Table = Table {
    id: "boundaries",
    title: "Trust boundaries",
    note: None,
    columns: &[
        col("Boundary", Align::Plain),
        col("Kind", Align::Plain),
        col("Inside", Align::Plain),
        col("Trust (0–10)", Align::Number),
        col("Description", Align::Prose),
    ],
};

fn text<'a>(s: impl Into<Cow<'a, str>>) -> Vec<Piece<'a>> {
    vec![Piece::Text(s.into())]
}

/// A name over its id.
fn named<'a>(name: &'a str, id: &'a str) -> Vec<Piece<'a>> {
    vec![Piece::Text(name.into()), Piece::Break, Piece::Id(id)]
}

/// A boundary's name, or its id when the model does not know it.
fn boundary_name<'a>(input: &ReportInput<'a>, ctx: &Context, id: &'a str) -> &'a str {
    ctx.index
        .boundary(input.model, id)
        .map_or(id, |b| b.name.as_str())
}

/// The four tables of the model: elements, flows, data assets and trust
/// boundaries, one row per item in model order.
pub(super) fn write_tables(
    out: &mut Sink,
    input: &ReportInput,
    ctx: &Context,
    medium: &impl Medium,
) {
    let m = input.model;
    let boundary_name = |id| boundary_name(input, ctx, id);

    medium.start(out, &ELEMENTS);
    for e in &m.elements {
        out.spill();
        let mut kind = Cow::Borrowed(e.kind.tag().label());
        if !e.in_scope {
            kind = format!("{kind} (out of scope)").into();
        }
        let technology = match &e.kind {
            ElementKind::Process(p) => p.technology.as_str(),
            _ => "",
        };
        let row = Row {
            anchor: Some(("e-", &e.id)),
            cells: vec![
                named(&e.name, &e.id),
                text(kind),
                text(e.boundary.as_deref().map_or("", boundary_name)),
                text(e.owner.as_deref().unwrap_or("")),
                text(technology),
                text(e.description.as_str()),
            ],
        };
        medium.row(out, &ELEMENTS, &row);
    }
    medium.end(out, &ELEMENTS);

    medium.start(out, &FLOWS);
    for f in &m.flows {
        out.spill();
        let ends = format!(
            "{} → {}",
            ctx.element_name(&f.source),
            ctx.element_name(&f.target)
        );
        let security = format!(
            "encryption: {}; authentication: {}; authorization: {}",
            f.encryption.label(),
            f.authentication.label(),
            f.authorization.label()
        );
        let data: Vec<&str> = f
            .data
            .iter()
            .map(|d| ctx.index.data(m, d).map_or(d.as_str(), |a| a.name.as_str()))
            .collect();
        let row = Row {
            anchor: Some(("flow-", &f.id)),
            cells: vec![
                vec![Piece::Number(ctx.flow_number(&f.id))],
                vec![Piece::Id(&f.id)],
                text(ends),
                text(super::flow_label(f)),
                text(security),
                text(data.join(", ")),
                vec![Piece::Prose(&f.description)],
            ],
        };
        medium.row(out, &FLOWS, &row);
    }
    medium.end(out, &FLOWS);

    medium.start(out, &DATA);
    for d in &m.data {
        let kinds: Vec<&str> = [(d.personal, "personal"), (d.credentials, "credentials")]
            .into_iter()
            .filter(|(yes, _)| *yes)
            .map(|(_, k)| k)
            .collect();
        let row = Row {
            anchor: None,
            cells: vec![
                named(&d.name, &d.id),
                text(d.classification.label()),
                text(kinds.join(", ")),
                text(d.description.as_str()),
            ],
        };
        medium.row(out, &DATA, &row);
    }
    medium.end(out, &DATA);

    medium.start(out, &BOUNDARIES);
    for b in &m.boundaries {
        let row = Row {
            anchor: None,
            cells: vec![
                named(&b.name, &b.id),
                text(b.kind.label()),
                text(b.parent.as_deref().map_or("", boundary_name)),
                vec![Piece::Number(usize::from(b.trust_level()))],
                text(b.description.as_str()),
            ],
        };
        medium.row(out, &BOUNDARIES, &row);
    }
    medium.end(out, &BOUNDARIES);
}
