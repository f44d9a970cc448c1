//! Reading the data-contract XML of a `.tm7` file by local element names.

use std::collections::BTreeMap;

use roxmltree::Node;

/// An element's name without its namespace.
pub fn local<'a>(node: Node<'a, '_>) -> &'a str {
    node.tag_name().name()
}

/// The first child element called `name`.
pub fn child<'a, 'i>(node: Node<'a, 'i>, name: &str) -> Option<Node<'a, 'i>> {
    node.children()
        .find(|c| c.is_element() && local(*c) == name)
}

/// The text of the first child element called `name`, or empty.
pub fn child_text(node: Node, name: &str) -> String {
    child(node, name)
        .map(|c| c.text().unwrap_or("").to_string())
        .unwrap_or_default()
}

/// The display properties of a stencil or connector (`DisplayName` → value,
/// headers and empty values left out), or the `Key`/`Value` properties of a
/// threat instance.
pub fn properties(node: Node) -> BTreeMap<String, String> {
    let mut out = BTreeMap::new();
    let Some(props) = child(node, "Properties") else {
        return out;
    };
    for p in props.children().filter(|p| p.is_element()) {
        let (key, value) = if child(p, "DisplayName").is_some() {
            (child_text(p, "DisplayName"), child(p, "Value"))
        } else {
            (child_text(p, "Key"), child(p, "Value"))
        };
        let Some(value) = value else { continue };
        // A list property: the item at `SelectedIndex`.
        let selected = child_text(p, "SelectedIndex").trim().parse::<usize>().ok();
        let text = match (value.text(), selected) {
            (Some(t), _) if !t.trim().is_empty() => t.to_string(),
            (_, Some(i)) => value
                .children()
                .filter(|c| c.is_element())
                .nth(i)
                .and_then(|c| c.text())
                .unwrap_or("")
                .to_string(),
            _ => String::new(),
        };
        if !key.is_empty() && !text.trim().is_empty() {
            out.entry(key).or_insert(text);
        }
    }
    out
}
