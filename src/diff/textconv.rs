//! A model as one fact per line, for `git diff` through a textconv driver.
//!
//! Every line names its item, so a changed line reads on its own:
//! `-flow checkout-payments: encryption TLS` / `+flow checkout-payments: encryption none`.

use super::facts::{self, Item};
use super::value::{Attr, Val};
use crate::model::Model;
use crate::text::escape_control;

/// The facts of a model, one per line, in canonical order; empty values are left out.
pub fn fact_lines(model: &Model) -> String {
    let mut out = Vec::new();
    push_attrs(&mut out, "model", &facts::model_attrs(model));
    for (kind, mut items) in facts::items(model) {
        items.sort_by(|a, b| a.id.cmp(&b.id));
        for Item { id, attrs, .. } in &items {
            let prefix = format!("{} {}", kind.label(), escape_control(id));
            out.push(prefix.clone());
            push_attrs(&mut out, &prefix, attrs);
        }
    }
    for (id, p) in &model.layout {
        out.push(format!("layout {}: {}, {}", escape_control(id), p.x, p.y));
    }
    let mut text = out.join("\n");
    text.push('\n');
    text
}

fn quote(s: &str) -> String {
    format!("\"{}\"", escape_control(s))
}

fn push_attrs(out: &mut Vec<String>, prefix: &str, attrs: &[(&'static str, Attr)]) {
    for (name, attr) in attrs {
        match attr {
            Attr::One(Val::Flag(true)) => out.push(format!("{prefix}: {name}")),
            Attr::One(v) if !v.is_empty() => {
                out.push(format!("{prefix}: {name} {}", v.render(&quote)));
            }
            Attr::One(_) => {}
            Attr::Set(values) => {
                let mut values: Vec<String> = values.iter().map(|v| v.render(&quote)).collect();
                values.sort();
                for v in values {
                    out.push(format!("{prefix}: {name} {v}"));
                }
            }
            Attr::Parts(parts) => {
                let mut parts: Vec<_> = parts.iter().collect();
                parts.sort_by_key(|p| p.key_string());
                for part in parts {
                    let key = format!("{prefix}: {name} {}", escape_control(&part.key_string()));
                    out.push(key.clone());
                    push_attrs(out, &key, &part.attrs);
                }
            }
        }
    }
}
