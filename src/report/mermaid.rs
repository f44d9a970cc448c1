//! The data-flow diagram as a Mermaid flowchart: trust boundaries as nested
//! subgraphs titled with their kind and trust level, elements shaped by kind
//! (rectangle: external entity, stadium: process, cylinder: data store) and
//! named by their model id (so one more element renames no other node),
//! flows labelled with their protocol, and nodes and edges coloured by the
//! worst open finding on them.

use std::fmt::Write;

use super::ReportInput;
use super::diagram::{Diagram, Step, class_name, colours};
use super::escape::{mermaid as label, mermaid_id};
use super::sink::Sink;
use crate::analysis::Severity;
use crate::model::ElementKindTag;

/// A standalone Mermaid document (`threatmap export --format mermaid`).
pub fn render(input: &ReportInput) -> String {
    let diagram = Diagram::new(input.model, input.findings);
    super::sink::to_string(|out| write_flowchart(out, &diagram))
}

/// Writes the flowchart into `out` (also used inside the Markdown report).
pub fn write_flowchart(out: &mut Sink, diagram: &Diagram) {
    out.push_str("flowchart LR\n");
    let mut indent = 1;
    diagram.walk(|step| match step {
        Step::Enter(z, _) => {
            pad(out, indent);
            out.push_str("subgraph ");
            mermaid_id(out, 'b', &diagram.zones[z].boundary.id);
            out.push_str("[\"");
            label(out, &crate::layout::frame_title(diagram.zones[z].boundary));
            out.push_str("\"]\n");
            indent += 1;
        }
        Step::Node(n) => {
            out.spill();
            pad(out, indent);
            write_node(out, diagram, n);
        }
        Step::Leave(_) => {
            indent -= 1;
            pad(out, indent);
            out.push_str("end\n");
        }
    });
    let numbers = crate::layout::flow_numbers(diagram.model);
    for e in &diagram.edges {
        out.spill();
        pad(out, 1);
        let source = &diagram.nodes[e.source].element.id;
        let target = &diagram.nodes[e.target].element.id;
        mermaid_id(out, 'e', source);
        out.push_str(if e.flow.bidirectional {
            " <-->|\""
        } else {
            " -->|\""
        });
        let number = numbers.get(&e.flow.id).copied().unwrap_or(0);
        label(out, &format!("{number} {}", super::flow_label(e.flow)));
        out.push_str("\"| ");
        mermaid_id(out, 'e', target);
        out.push('\n');
    }
    write_styles(out, diagram);
}

fn write_node(out: &mut String, diagram: &Diagram, n: usize) {
    let node = &diagram.nodes[n];
    let (open, close) = match node.element.kind.tag() {
        ElementKindTag::External => ("[\"", "\"]"),
        ElementKindTag::Process => ("([\"", "\"])"),
        ElementKindTag::DataStore => ("[(\"", "\")]"),
    };
    mermaid_id(out, 'e', &node.element.id);
    out.push_str(open);
    label(out, &node.element.name);
    out.push_str(close);
    out.push_str(":::");
    out.push_str(class_name(node.worst));
    out.push('\n');
}

/// Class definitions for nodes, a dashed style for each boundary, and one
/// `linkStyle` line per severity that lists the edges carrying it.
fn write_styles(out: &mut String, diagram: &Diagram) {
    let levels = [
        Some(Severity::Critical),
        Some(Severity::High),
        Some(Severity::Medium),
        Some(Severity::Low),
        None,
    ];
    for worst in levels {
        let (fill, stroke) = colours(worst);
        let _ = writeln!(
            out,
            "    classDef {} fill:{fill},stroke:{stroke},color:#111827",
            class_name(worst)
        );
    }
    // Trust boundaries dashed, as in the report's SVG, on a pale ground
    // (Mermaid's default yellow reads as a highlight).
    for zone in &diagram.zones {
        out.push_str("    style ");
        mermaid_id(out, 'b', &zone.boundary.id);
        out.push_str(" fill:#f9fafb,stroke:#6b7280,stroke-dasharray:6 4,color:#374151\n");
    }
    for worst in levels {
        let mut first = true;
        for (i, e) in diagram.edges.iter().enumerate() {
            if e.worst != worst {
                continue;
            }
            out.push_str(if first { "    linkStyle " } else { "," });
            first = false;
            let _ = write!(out, "{i}");
        }
        if !first {
            let _ = writeln!(out, " stroke:{},stroke-width:2px", colours(worst).1);
        }
    }
}

fn pad(out: &mut String, depth: usize) {
    for _ in 0..depth {
        out.push_str("    ");
    }
}
