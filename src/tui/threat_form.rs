//! The form of a threat written by hand: its rows, and how a new value is
//! written back. The edits themselves are the model's (`model::threat_edit`).

use super::form::{
    Edit, Key, Row, Value, action, as_text, controls, flip_control, list, multi, non_empty, pick,
    text,
};
use crate::library::{Rating, Stride};
use crate::model::threat_edit::{endpoint_choices, rename_threat, retarget_threat};
use crate::model::{Model, Threat, ThreatSeverity};

const RATINGS: [Rating; 3] = [Rating::Low, Rating::Medium, Rating::High];

/// The OWASP API Security Top 10 (2023) ids, in their order.
fn owasp_ids() -> Vec<String> {
    (1..=10).map(|n| format!("API{n}:2023")).collect()
}

/// Elements, then flows: the things a threat can be on.
fn targets(m: &Model) -> Vec<(String, String)> {
    let elements = m
        .elements
        .iter()
        .map(|e| (e.id.clone(), format!("{} ({})", e.id, e.kind.tag().label())));
    let flows = m.flows.iter().map(|f| {
        (
            f.id.clone(),
            format!("{} (flow {} → {})", f.id, f.source, f.target),
        )
    });
    elements.chain(flows).collect()
}

fn choice_row(label: &str, key: Key, options: Vec<String>, at: usize) -> Row {
    Row {
        label: label.into(),
        value: options.get(at).cloned().unwrap_or_default(),
        edit: Edit::Choice(key, options, at),
    }
}

fn rating_row(label: &str, key: Key, now: Option<Rating>) -> Row {
    let mut options = vec!["(not given)".to_string()];
    options.extend(RATINGS.iter().map(|r| format!("{r:?}")));
    let at = now
        .and_then(|r| RATINGS.iter().position(|x| *x == r))
        .map_or(0, |i| i + 1);
    choice_row(label, key, options, at)
}

/// The rows of the threat `id`'s form; empty when it is gone.
pub fn rows(m: &Model, id: &str) -> Vec<Row> {
    let Some(t) = m.threats.iter().find(|t| t.id == id) else {
        return Vec::new();
    };
    let targets = targets(m);
    let target_at = targets.iter().position(|(id, _)| *id == t.target);
    let mut endpoints = vec!["(the whole target)".to_string()];
    endpoints.extend(endpoint_choices(m, &t.target));
    let endpoint_at = t
        .endpoint
        .as_deref()
        .and_then(|e| endpoints.iter().position(|x| x == e))
        .unwrap_or(0);
    let mut severities = vec!["(from likelihood × impact)".to_string()];
    severities.extend(ThreatSeverity::ALL.iter().map(|s| format!("{s:?}")));
    let severity_at = t
        .severity
        .and_then(|s| ThreatSeverity::ALL.iter().position(|x| *x == s))
        .map_or(0, |i| i + 1);
    let stride: Vec<(String, bool)> = Stride::ALL
        .iter()
        .map(|s| {
            let on = t.stride.contains(s.letter());
            (format!("{} {}", s.letter(), s.name()), on)
        })
        .collect();
    let stride_row = Row {
        label: "STRIDE".into(),
        value: if t.stride.is_empty() {
            "—".into()
        } else {
            t.stride.clone()
        },
        edit: Edit::Multi(Key::Stride, stride),
    };
    let owasp_row = Row {
        label: "OWASP".into(),
        value: if t.owasp.is_empty() {
            "—".into()
        } else {
            t.owasp.join(", ")
        },
        edit: Edit::Multi(Key::Owasp, owasp_options(&t.owasp)),
    };
    let mut target_row = choice_row(
        "target",
        Key::Target,
        targets.iter().map(|(_, label)| label.clone()).collect(),
        target_at.unwrap_or(0),
    );
    // A target that is gone still shows what the file says.
    target_row.value = t.target.clone();
    let mut endpoint_row = choice_row("endpoint", Key::Endpoint, endpoints, endpoint_at);
    endpoint_row.value = t.endpoint.clone().unwrap_or_else(|| "—".into());
    vec![
        text("id", Key::Id, &t.id),
        text("title", Key::Title, &t.title),
        target_row,
        endpoint_row,
        stride_row,
        owasp_row,
        choice_row("severity", Key::Severity, severities, severity_at),
        rating_row("likelihood", Key::Likelihood, t.likelihood),
        rating_row("impact", Key::Impact, t.impact),
        text("description", Key::Description, &t.description),
        multi(
            "mitigating controls",
            Key::Controls,
            controls(&t.mitigations, |c| t.mitigations.contains(c)),
        ),
        text("mitigation note", Key::MitigationNote, &t.mitigation_note),
        text("tags", Key::Tags, &t.tags.join(", ")),
        action("delete this threat", Edit::Delete),
    ]
}

/// The ten OWASP ids, each on or off, then any other id the threat has
/// (from an import), which can only be switched off.
fn owasp_options(held: &[String]) -> Vec<(String, bool)> {
    let known = owasp_ids();
    let mut options: Vec<(String, bool)> = known
        .iter()
        .map(|id| {
            let name = crate::report::owasp::name(id).unwrap_or("");
            (format!("{id} {name}"), held.contains(id))
        })
        .collect();
    options.extend(
        held.iter()
            .filter(|id| !known.contains(id))
            .map(|id| (id.clone(), true)),
    );
    options
}

/// Writes `value` into the attribute `key` of the threat `id`.
pub fn set(m: &mut Model, id: &str, key: Key, value: &Value) -> Result<(), String> {
    match key {
        Key::Id => return rename_threat(m, id, as_text(value)?),
        Key::Target => {
            let targets = targets(m);
            let i = pick(&(0..targets.len()).collect::<Vec<_>>(), value)?;
            return retarget_threat(m, id, &targets[i].0);
        }
        _ => {}
    }
    let target = threat(m, id)?.target.clone();
    let endpoints = endpoint_choices(m, &target);
    let t = threat_mut(m, id)?;
    match key {
        Key::Title => t.title = non_empty(value, "the title")?,
        Key::Endpoint => {
            let i = pick(&(0..=endpoints.len()).collect::<Vec<_>>(), value)?;
            t.endpoint = i.checked_sub(1).map(|i| endpoints[i].clone());
        }
        Key::Stride => {
            let s = pick(&Stride::ALL, value)?;
            let mut letters: String = t.stride.chars().filter(|c| *c != s.letter()).collect();
            if letters.len() == t.stride.len() {
                letters.push(s.letter());
            }
            // Always in STRIDE order, whatever the order of the clicks.
            t.stride = Stride::ALL
                .iter()
                .map(|s| s.letter())
                .filter(|c| letters.contains(*c))
                .collect();
        }
        Key::Owasp => flip_owasp(&mut t.owasp, value)?,
        Key::Severity => {
            let i = pick(&(0..=ThreatSeverity::ALL.len()).collect::<Vec<_>>(), value)?;
            t.severity = i.checked_sub(1).map(|i| ThreatSeverity::ALL[i]);
        }
        Key::Likelihood => t.likelihood = rating(value)?,
        Key::Impact => t.impact = rating(value)?,
        Key::Description => t.description = as_text(value)?.into(),
        Key::Controls => flip_control(&mut t.mitigations, value)?,
        Key::MitigationNote => t.mitigation_note = as_text(value)?.into(),
        Key::Tags => t.tags = list(as_text(value)?),
        _ => return Err(format!("{key:?} cannot be set on a threat")),
    }
    Ok(())
}

fn rating(value: &Value) -> Result<Option<Rating>, String> {
    let i = pick(&(0..=RATINGS.len()).collect::<Vec<_>>(), value)?;
    Ok(i.checked_sub(1).map(|i| RATINGS[i]))
}

/// Flips one option of `owasp_options`; the ids stay in their Top 10 order.
fn flip_owasp(held: &mut Vec<String>, value: &Value) -> Result<(), String> {
    let options = owasp_options(held);
    let i = pick(&(0..options.len()).collect::<Vec<_>>(), value)?;
    let known = owasp_ids();
    let id = match known.get(i) {
        Some(id) => id.clone(),
        None => options[i].0.clone(),
    };
    if let Some(at) = held.iter().position(|x| *x == id) {
        held.remove(at);
    } else {
        held.push(id);
    }
    held.sort_by_key(|id| known.iter().position(|k| k == id).unwrap_or(usize::MAX));
    Ok(())
}

fn threat<'m>(m: &'m Model, id: &str) -> Result<&'m Threat, String> {
    m.threats
        .iter()
        .find(|t| t.id == id)
        .ok_or_else(|| "the threat is gone".to_string())
}

fn threat_mut<'m>(m: &'m mut Model, id: &str) -> Result<&'m mut Threat, String> {
    m.threats
        .iter_mut()
        .find(|t| t.id == id)
        .ok_or_else(|| "the threat is gone".to_string())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::starter::starter_model;
    use crate::model::threat_edit::add_threat;

    fn row_index(m: &Model, id: &str, key: Key) -> usize {
        let rows = rows(m, id);
        rows.iter()
            .position(|r| match &r.edit {
                Edit::Text(k, _) | Edit::Choice(k, _, _) | Edit::Multi(k, _) => *k == key,
                _ => false,
            })
            .unwrap_or_else(|| panic!("no row for {key:?}"))
    }

    #[test]
    fn every_attribute_is_set_through_the_form() {
        let mut m = starter_model();
        let id = add_threat(&mut m, "Coupon stacking", "browser-gateway").expect("added");
        let set_ok = |m: &mut Model, key: Key, value: Value| {
            set(m, &id, key, &value).unwrap_or_else(|e| panic!("{key:?}: {e}"));
        };
        set_ok(&mut m, Key::Title, Value::Text("Coupons stack".into()));
        // STRIDE: T then S, stored in STRIDE order; flipping T again removes it.
        set_ok(&mut m, Key::Stride, Value::Index(1));
        set_ok(&mut m, Key::Stride, Value::Index(0));
        set_ok(&mut m, Key::Stride, Value::Index(5));
        assert_eq!(m.threats[0].stride, "STE");
        set_ok(&mut m, Key::Stride, Value::Index(1));
        assert_eq!(m.threats[0].stride, "SE");
        set_ok(&mut m, Key::Owasp, Value::Index(9));
        set_ok(&mut m, Key::Owasp, Value::Index(5));
        assert_eq!(m.threats[0].owasp, ["API6:2023", "API10:2023"]);
        set_ok(&mut m, Key::Severity, Value::Index(3));
        assert_eq!(m.threats[0].severity, Some(ThreatSeverity::High));
        set_ok(&mut m, Key::Likelihood, Value::Index(3));
        set_ok(&mut m, Key::Impact, Value::Index(1));
        assert_eq!(m.threats[0].likelihood, Some(Rating::High));
        assert_eq!(m.threats[0].impact, Some(Rating::Low));
        let endpoints = endpoint_choices(&m, "browser-gateway");
        let checkout = endpoints
            .iter()
            .position(|e| e == "POST /checkout")
            .expect("the flow carries it");
        set_ok(&mut m, Key::Endpoint, Value::Index(checkout + 1));
        assert_eq!(m.threats[0].endpoint.as_deref(), Some("POST /checkout"));
        set_ok(&mut m, Key::Controls, Value::Text("Coupon ledger".into()));
        set_ok(
            &mut m,
            Key::MitigationNote,
            Value::Text("one per order".into()),
        );
        set_ok(&mut m, Key::Tags, Value::Text("abuse, pricing".into()));
        set_ok(&mut m, Key::Description, Value::Text("stacking".into()));
        let t = &m.threats[0];
        assert_eq!(t.title, "Coupons stack");
        assert_eq!(t.tags, ["abuse", "pricing"]);
        assert_eq!(
            t.mitigations,
            [crate::model::Control::Custom("Coupon ledger".into())]
        );
        assert!(set(&mut m, &id, Key::Title, &Value::Text("  ".into())).is_err());

        // Retargeting by the target row's index drops the endpoint.
        let gateway = targets(&m)
            .iter()
            .position(|(id, _)| id == "gateway")
            .expect("an element");
        set_ok(&mut m, Key::Target, Value::Index(gateway));
        assert_eq!(m.threats[0].target, "gateway");
        assert_eq!(m.threats[0].endpoint, None);
        assert_eq!(rows(&m, &id)[row_index(&m, &id, Key::Endpoint)].value, "—");

        set_ok(&mut m, Key::Id, Value::Text("coupons".into()));
        assert!(rows(&m, &id).is_empty(), "the old id names nothing");
        assert_eq!(rows(&m, "coupons")[1].value, "Coupons stack");
    }

    #[test]
    fn imported_owasp_ids_outside_the_top_ten_can_be_removed() {
        let mut m = starter_model();
        let id = add_threat(&mut m, "Old", "gateway").expect("added");
        m.threats[0].owasp = vec!["API3:2019".into()];
        set(&mut m, &id, Key::Owasp, &Value::Index(10)).expect("flipped off");
        assert!(m.threats[0].owasp.is_empty());
    }
}
