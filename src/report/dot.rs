//! The data-flow diagram in Graphviz DOT: trust boundaries as nested dashed
//! clusters named by their id and titled with their kind and trust level,
//! elements named by their id and shaped by kind, flows labelled with their protocol, and
//! nodes and edges coloured by the worst open finding on them.

use std::fmt::Write;

use super::ReportInput;
use super::diagram::{Diagram, Step, colours};
use super::escape::dot as quoted;
use crate::model::ElementKindTag;

pub fn render(input: &ReportInput) -> String {
    let diagram = Diagram::new(input.model, input.findings);
    let mut out = String::with_capacity(512 + 128 * (diagram.nodes.len() + diagram.edges.len()));
    out.push_str("digraph threatmap {\n");
    out.push_str("    graph [rankdir=LR, fontname=\"Helvetica\", labelloc=t, label=");
    quoted(&mut out, &input.model.name);
    out.push_str("];\n");
    out.push_str("    node [fontname=\"Helvetica\", fontsize=11, style=filled];\n");
    out.push_str("    edge [fontname=\"Helvetica\", fontsize=9];\n");
    let mut indent = 1;
    diagram.walk(|step| match step {
        Step::Enter(z, _) => {
            pad(&mut out, indent);
            let b = diagram.zones[z].boundary;
            out.push_str("subgraph ");
            quoted(&mut out, &format!("cluster_{}", b.id));
            out.push_str(" {\n");
            indent += 1;
            pad(&mut out, indent);
            out.push_str("label=");
            quoted(&mut out, &crate::layout::frame_title(b));
            out.push_str(";\n");
            pad(&mut out, indent);
            out.push_str("style=dashed; color=\"#6b7280\"; fontcolor=\"#374151\";\n");
        }
        Step::Node(n) => {
            pad(&mut out, indent);
            let node = &diagram.nodes[n];
            let (fill, stroke) = colours(node.worst);
            let shape = match node.element.kind.tag() {
                ElementKindTag::External => "box",
                ElementKindTag::Process => "ellipse",
                ElementKindTag::DataStore => "cylinder",
            };
            quoted(&mut out, &node.element.id);
            out.push_str(" [label=");
            quoted(&mut out, &node.element.name);
            let _ = writeln!(
                out,
                ", shape={shape}, color=\"{stroke}\", fillcolor=\"{fill}\"];"
            );
        }
        Step::Leave(_) => {
            indent -= 1;
            pad(&mut out, indent);
            out.push_str("}\n");
        }
    });
    for e in &diagram.edges {
        pad(&mut out, 1);
        quoted(&mut out, &diagram.nodes[e.source].element.id);
        out.push_str(" -> ");
        quoted(&mut out, &diagram.nodes[e.target].element.id);
        out.push_str(" [label=");
        quoted(&mut out, &super::flow_label(e.flow));
        let (_, stroke) = colours(e.worst);
        let _ = write!(out, ", color=\"{stroke}\", fontcolor=\"{stroke}\"");
        if e.flow.bidirectional {
            out.push_str(", dir=both");
        }
        if e.flow.response {
            out.push_str(", style=dashed");
        }
        out.push_str("];\n");
    }
    out.push_str("}\n");
    out
}

fn pad(out: &mut String, depth: usize) {
    for _ in 0..depth {
        out.push_str("    ");
    }
}
