//! Writing a form's value back into the model: one setter per kind of
//! target, each matching on the field's key.

use super::*;

pub(in crate::tui) fn list(text: &str) -> Vec<String> {
    text.split(',')
        .map(str::trim)
        .filter(|s| !s.is_empty())
        .map(String::from)
        .collect()
}

/// The key of the option chosen (see [`Opt`]).
pub(in crate::tui) fn chosen(value: &Value) -> Result<&str, String> {
    match value {
        Value::Choice(key) => Ok(key),
        _ => Err("choose an option".into()),
    }
}

/// The variant of `all` chosen (keyed by [`variant`]).
pub(in crate::tui) fn pick<T: Copy + std::fmt::Debug>(
    all: &[T],
    value: &Value,
) -> Result<T, String> {
    let key = chosen(value)?;
    all.iter()
        .copied()
        .find(|&t| variant(t) == key)
        .ok_or_else(|| format!("no such option: {key}"))
}

fn flip<T: Clone + PartialEq + Ord>(list: &mut Vec<T>, item: T) {
    if let Some(at) = list.iter().position(|x| *x == item) {
        list.remove(at);
    } else {
        list.push(item);
        list.sort();
    }
}

pub(in crate::tui) fn flip_control(list: &mut Vec<Control>, value: &Value) -> Result<(), String> {
    let control = chosen_control(value)?;
    // A name typed for a control already listed keeps it.
    if !(matches!(value, Value::Text(_)) && list.contains(&control)) {
        flip(list, control);
    }
    Ok(())
}

/// The control a picker row (keyed by the control's name, see [`controls`])
/// or a typed name stands for: a built-in control by its label or name,
/// else the team's own.
fn chosen_control(value: &Value) -> Result<Control, String> {
    match value {
        Value::Text(name) => {
            let name = name.trim();
            if name.is_empty() {
                return Err("type the name of a control".into());
            }
            Ok(Control::BUILT_IN
                .iter()
                .find(|c| {
                    c.label().eq_ignore_ascii_case(name) || c.name().eq_ignore_ascii_case(name)
                })
                .cloned()
                .unwrap_or_else(|| Control::Custom(name.to_string())))
        }
        Value::Choice(name) => Ok(Control::BUILT_IN
            .iter()
            .find(|c| c.name() == name.as_str())
            .cloned()
            .unwrap_or_else(|| Control::Custom(name.clone()))),
        Value::Toggle => Err("choose a control".into()),
    }
}

/// Flips a control on the element or flow `id` the way the analysis sees
/// it: a control in place (listed or implied, see `model::in_place`) is
/// taken out, any other is applied with `model::edit::apply_control`.
fn toggle_target_control(m: &mut Model, id: &str, value: &Value) -> Result<(), String> {
    let control = chosen_control(value)?;
    let on = m
        .element(id)
        .map(|e| e.has_control(&control))
        .or_else(|| m.flow(id).map(|f| f.has_control(&control)))
        .unwrap_or(false);
    match (on, value) {
        // A name typed for a control in place keeps it.
        (true, Value::Text(_)) => Ok(()),
        (true, _) => crate::model::in_place::remove_control(m, id, &control),
        (false, _) => {
            crate::model::edit::apply_control(m, id, &control);
            Ok(())
        }
    }
}

fn flip_data(
    model_data: &[DataAsset],
    list: &mut Vec<String>,
    value: &Value,
) -> Result<(), String> {
    let id = chosen(value)?;
    if !model_data.iter().any(|d| d.id == id) {
        return Err(format!("there is no data asset {id}"));
    }
    flip(list, id.to_string());
    Ok(())
}

pub(in crate::tui) fn as_text(value: &Value) -> Result<&str, String> {
    match value {
        Value::Text(t) => Ok(t.trim()),
        _ => Err("type a value".into()),
    }
}

pub(in crate::tui) fn non_empty(value: &Value, what: &str) -> Result<String, String> {
    let t = as_text(value)?;
    if t.is_empty() {
        Err(format!("{what} cannot be empty"))
    } else {
        Ok(t.to_string())
    }
}

fn opt(value: &Value) -> Result<Option<String>, String> {
    let t = as_text(value)?;
    Ok((!t.is_empty()).then(|| t.to_string()))
}

fn set_bool(b: &mut bool) -> Result<(), String> {
    *b = !*b;
    Ok(())
}

/// Writes `value` into the attribute `key` of `target`. Returns how the
/// target is named now: an endpoint is named by its method and path, so
/// changing either renames it (a new id is followed by the caller).
pub fn set(
    model: &mut Model,
    target: &FormTarget,
    key: Key,
    value: &Value,
) -> Result<FormTarget, String> {
    match target {
        FormTarget::Threat(id) => crate::tui::threat_form::set(model, id, key, value)?,
        _ if key == Key::Id => rename(model, target, value)?,
        FormTarget::Model => set_model(model, key, value)?,
        FormTarget::Element(id) => set_element(model, id, key, value)?,
        FormTarget::Flow(id) => set_flow(model, id, key, value)?,
        FormTarget::Boundary(id) => set_boundary(model, id, key, value)?,
        FormTarget::Data(id) => set_data(model, id, key, value)?,
        FormTarget::Endpoint(flow, at) => {
            let now = set_endpoint(model, flow, at, key, value)?;
            return Ok(FormTarget::Endpoint(flow.clone(), now));
        }
    }
    Ok(target.clone())
}

/// A new id for the target, with every reference to it and the decisions
/// on it carried along.
fn rename(model: &mut Model, target: &FormTarget, value: &Value) -> Result<(), String> {
    let old = match target {
        FormTarget::Element(id)
        | FormTarget::Flow(id)
        | FormTarget::Boundary(id)
        | FormTarget::Data(id) => id,
        FormTarget::Model | FormTarget::Endpoint(..) | FormTarget::Threat(_) => {
            return unknown(Key::Id);
        }
    };
    let new = as_text(value)?.trim();
    let before = model.clone();
    crate::model::edit::rename_id(model, old, new)?;
    crate::analysis::stale::carry_over(&before, model, Some((old, new)));
    Ok(())
}

impl FormTarget {
    /// The same target after `old` was renamed to `new`.
    pub fn renamed(&self, old: &str, new: &str) -> FormTarget {
        let swap = |id: &String| {
            if id == old {
                new.to_string()
            } else {
                id.clone()
            }
        };
        match self {
            FormTarget::Model => FormTarget::Model,
            FormTarget::Element(id) => FormTarget::Element(swap(id)),
            FormTarget::Flow(id) => FormTarget::Flow(swap(id)),
            FormTarget::Boundary(id) => FormTarget::Boundary(swap(id)),
            FormTarget::Data(id) => FormTarget::Data(swap(id)),
            FormTarget::Endpoint(flow, key) => FormTarget::Endpoint(swap(flow), key.clone()),
            // Threat ids have their own namespace: an element's rename leaves them.
            FormTarget::Threat(id) => FormTarget::Threat(id.clone()),
        }
    }
}

fn unknown<T>(key: Key) -> Result<T, String> {
    Err(format!("{key:?} cannot be set here"))
}

fn set_model(m: &mut Model, key: Key, value: &Value) -> Result<(), String> {
    match key {
        Key::Name => m.name = non_empty(value, "the name")?,
        Key::Description => m.description = as_text(value)?.into(),
        Key::Version => m.version = as_text(value)?.into(),
        Key::Owners => m.owners = list(as_text(value)?),
        Key::Scope => m.scope = as_text(value)?.into(),
        Key::DisabledRules => m.disabled_rules = list(as_text(value)?),
        _ => return unknown(key),
    }
    Ok(())
}

fn set_element(m: &mut Model, id: &str, key: Key, value: &Value) -> Result<(), String> {
    if key == Key::Controls {
        return toggle_target_control(m, id, value);
    }
    let boundary = match key {
        Key::Boundary => chosen_boundary(m, value, None)?,
        _ => None,
    };
    let data = m.data.clone();
    let e = m.element_mut(id).ok_or("the element is gone")?;
    match (key, &mut e.kind) {
        (Key::Name, _) => e.name = non_empty(value, "the name")?,
        (Key::Description, _) => e.description = as_text(value)?.into(),
        (Key::Owner, _) => e.owner = opt(value)?,
        (Key::Tags, _) => e.tags = list(as_text(value)?),
        (Key::InScope, _) => set_bool(&mut e.in_scope)?,
        (Key::Boundary, _) => e.boundary = boundary,
        (Key::Kind, kind) => {
            let tag = pick(ElementKindTag::ALL, value)?;
            if tag != kind.tag() {
                *kind = ElementKind::empty(tag);
            }
        }
        (Key::Human, ElementKind::External(x)) => set_bool(&mut x.human)?,
        (Key::InternetFacing, ElementKind::External(x)) => set_bool(&mut x.internet_facing)?,
        (Key::ThirdParty, ElementKind::External(x)) => set_bool(&mut x.third_party)?,
        (Key::Role, ElementKind::Process(p)) => p.role = pick(ProcessRole::ALL, value)?,
        (Key::Technology, ElementKind::Process(p)) => p.technology = as_text(value)?.into(),
        (Key::InternetFacing, ElementKind::Process(p)) => set_bool(&mut p.internet_facing)?,
        (Key::Handles, ElementKind::Process(p)) => flip_data(&data, &mut p.handles, value)?,
        (Key::Authentication, ElementKind::Process(p)) => {
            p.authentication = pick(Authentication::ALL, value)?
        }
        (Key::Authorization, ElementKind::Process(p)) => {
            p.authorization = pick(Authorization::ALL, value)?
        }
        (Key::Privileges, ElementKind::Process(p)) => p.privileges = pick(Privileges::ALL, value)?,
        (Key::Store, ElementKind::DataStore(s)) => s.store = pick(StoreKind::ALL, value)?,
        (Key::Stores, ElementKind::DataStore(s)) => flip_data(&data, &mut s.stores, value)?,
        (Key::EncryptedAtRest, ElementKind::DataStore(s)) => set_bool(&mut s.encrypted_at_rest)?,
        (Key::Logs, ElementKind::DataStore(s)) => set_bool(&mut s.logs)?,
        _ => return unknown(key),
    }
    Ok(())
}

fn set_flow(m: &mut Model, id: &str, key: Key, value: &Value) -> Result<(), String> {
    if key == Key::Controls {
        return toggle_target_control(m, id, value);
    }
    let end = |value: &Value| -> Result<String, String> {
        let id = chosen(value)?;
        match m.element(id) {
            Some(_) => Ok(id.to_string()),
            None => Err(format!("there is no element {id}")),
        }
    };
    let (source, target) = match key {
        Key::Source => (Some(end(value)?), None),
        Key::Target => (None, Some(end(value)?)),
        _ => (None, None),
    };
    let data = m.data.clone();
    let f = m.flow_mut(id).ok_or("the flow is gone")?;
    match key {
        Key::Label => f.label = as_text(value)?.into(),
        Key::Description => f.description = as_text(value)?.into(),
        Key::Tags => f.tags = list(as_text(value)?),
        Key::Source => f.source = source.unwrap_or_default(),
        Key::Target => f.target = target.unwrap_or_default(),
        Key::Protocol => crate::model::edit::set_protocol(f, pick(Protocol::ALL, value)?),
        Key::Encryption => f.encryption = pick(Encryption::ALL, value)?,
        Key::Authentication => f.authentication = pick(Authentication::ALL, value)?,
        Key::Authorization => f.authorization = pick(Authorization::ALL, value)?,
        Key::Data => flip_data(&data, &mut f.data, value)?,
        Key::Response => set_bool(&mut f.response)?,
        Key::Bidirectional => set_bool(&mut f.bidirectional)?,
        _ => return unknown(key),
    }
    Ok(())
}

fn set_endpoint(
    m: &mut Model,
    flow: &str,
    at: &str,
    key: Key,
    value: &Value,
) -> Result<String, String> {
    let taken: Vec<String> = m
        .flow(flow)
        .map(|f| {
            f.endpoints
                .iter()
                .map(|e| e.key())
                .filter(|k| k != at)
                .collect()
        })
        .unwrap_or_default();
    let e = crate::model::structure::endpoint_mut(m, flow, at).ok_or("the endpoint is gone")?;
    match key {
        Key::Method => e.method = pick(Method::ALL, value)?,
        Key::Path => {
            let path = as_text(value)?;
            if !crate::model::endpoint::is_valid_path(path) {
                return Err("a path starts with / and has no spaces".into());
            }
            e.path = path.into();
        }
        Key::OperationId => e.operation_id = opt(value)?,
        Key::Summary => e.summary = as_text(value)?.into(),
        Key::Tags => e.tags = list(as_text(value)?),
        Key::EndpointAuth => flip(&mut e.authentication, pick(Authentication::ALL, value)?),
        Key::Admin => set_bool(&mut e.admin)?,
        Key::SensitiveFlow => set_bool(&mut e.sensitive_flow)?,
        Key::TakesUrl => set_bool(&mut e.takes_url)?,
        Key::ReturnsList => set_bool(&mut e.returns_list)?,
        Key::Deprecated => set_bool(&mut e.deprecated)?,
        Key::Login => set_bool(&mut e.login)?,
        Key::BindsProperties => set_bool(&mut e.binds_properties)?,
        _ => return unknown(key),
    }
    if taken.contains(&e.key()) {
        return Err(format!("{flow} already has {}", e.key()));
    }
    Ok(e.key())
}

fn set_boundary(m: &mut Model, id: &str, key: Key, value: &Value) -> Result<(), String> {
    let parent = match key {
        Key::Parent => chosen_boundary(m, value, Some(id))?,
        _ => None,
    };
    let b = m
        .boundaries
        .iter_mut()
        .find(|b| b.id == id)
        .ok_or("the boundary is gone")?;
    match key {
        Key::Name => b.name = non_empty(value, "the name")?,
        Key::Description => b.description = as_text(value)?.into(),
        Key::BoundaryKind => b.kind = pick(BoundaryKind::ALL, value)?,
        Key::Parent => b.parent = parent,
        Key::Trust => {
            let t = as_text(value)?;
            b.trust = if t.is_empty() {
                None
            } else {
                match t.parse::<u8>() {
                    Ok(n) if n <= 10 => Some(n),
                    _ => return Err("trust is a number from 0 to 10".into()),
                }
            };
        }
        _ => return unknown(key),
    }
    Ok(())
}

fn set_data(m: &mut Model, id: &str, key: Key, value: &Value) -> Result<(), String> {
    let d = m
        .data
        .iter_mut()
        .find(|d| d.id == id)
        .ok_or("the data asset is gone")?;
    match key {
        Key::Name => d.name = non_empty(value, "the name")?,
        Key::Description => d.description = as_text(value)?.into(),
        Key::Classification => d.classification = pick(Classification::ALL, value)?,
        Key::Personal => set_bool(&mut d.personal)?,
        Key::Credentials => set_bool(&mut d.credentials)?,
        _ => return unknown(key),
    }
    Ok(())
}

/// Removes a boundary, data asset or endpoint, and every reference to it
/// (see `model::structure`).
pub fn remove(model: &mut Model, target: &FormTarget) -> bool {
    use crate::model::structure;
    match target {
        FormTarget::Boundary(id) => structure::remove_boundary(model, id),
        FormTarget::Data(id) => structure::remove_data(model, id),
        FormTarget::Endpoint(flow, key) => structure::remove_endpoint(model, flow, key),
        _ => false,
    }
}

/// The boundary a choice of a boundary row names (see `boundary_row`);
/// `None` for `(none)`. A boundary cannot be `except` (inside itself).
fn chosen_boundary(
    m: &Model,
    value: &Value,
    except: Option<&str>,
) -> Result<Option<String>, String> {
    match chosen(value)? {
        "" => Ok(None),
        id if Some(id) == except => Err(format!("{id} cannot be inside itself")),
        id if m.boundary(id).is_some() => Ok(Some(id.to_string())),
        id => Err(format!("there is no trust boundary {id}")),
    }
}
