//! The form of a threat written by hand: its rows, and how a new value is
//! written back. The edits themselves are the model's (`model::threat_edit`).

use super::form::{
    Edit, Key, Opt, Row, Value, action, as_text, choice_of, chosen, controls, flip_control, list,
    multi, non_empty, pick, text, variant,
};
use crate::library::{Rating, Stride};
use crate::model::threat_edit::{endpoint_choices, rename_threat, retarget_threat};
use crate::model::{Model, Threat, ThreatSeverity};

const RATINGS: [Rating; 3] = [Rating::Low, Rating::Medium, Rating::High];

/// The OWASP API Security Top 10 (2023) ids, in their order.
fn owasp_ids() -> Vec<String> {
    (1..=10).map(|n| format!("API{n}:2023")).collect()
}

/// Elements, then flows: the things a threat can be on, keyed by id.
fn targets(m: &Model) -> Vec<Opt> {
    let elements = m.elements.iter().map(|e| {
        Opt::new(
            format!("{} ({})", e.id, e.kind.tag().label()),
            e.id.as_str(),
        )
    });
    let flows = m.flows.iter().map(|f| {
        Opt::new(
            format!("{} (flow {} → {})", f.id, f.source, f.target),
            f.id.as_str(),
        )
    });
    elements.chain(flows).collect()
}

/// A choice of "none" (keyed empty), then `all`'s variants; `now` chosen.
fn optional_row<T: Copy + PartialEq + std::fmt::Debug>(
    label: &str,
    key: Key,
    none: &str,
    all: &[T],
    now: Option<T>,
) -> Row {
    let mut options = vec![Opt::new(none, "")];
    options.extend(all.iter().map(|&t| Opt::new(variant(t), variant(t))));
    let at = now
        .and_then(|r| all.iter().position(|x| *x == r))
        .map_or(0, |i| i + 1);
    choice_of(label, key, options, at)
}

/// The variant chosen in an [`optional_row`]; `None` for "none".
fn pick_optional<T: Copy + std::fmt::Debug>(all: &[T], value: &Value) -> Result<Option<T>, String> {
    match chosen(value)? {
        "" => Ok(None),
        _ => pick(all, value).map(Some),
    }
}

/// The rows of the threat `id`'s form; empty when it is gone.
pub fn rows(m: &Model, id: &str) -> Vec<Row> {
    let Some(t) = m.threats.iter().find(|t| t.id == id) else {
        return Vec::new();
    };
    let targets = targets(m);
    let target_at = targets.iter().position(|o| o.key == t.target);
    let mut endpoints = vec![Opt::new("(the whole target)", "")];
    endpoints.extend(endpoint_choices(m, &t.target).iter().map(|e| Opt::id(e)));
    let endpoint_at = t
        .endpoint
        .as_deref()
        .and_then(|e| endpoints.iter().position(|x| x.key == e))
        .unwrap_or(0);
    let stride: Vec<(Opt, bool)> = Stride::ALL
        .iter()
        .map(|&s| {
            let on = t.stride.contains(s.letter());
            (
                Opt::new(format!("{} {}", s.letter(), s.name()), variant(s)),
                on,
            )
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
    let mut target_row = choice_of("target", Key::Target, targets, target_at.unwrap_or(0));
    // A target that is gone still shows what the file says.
    target_row.value = t.target.clone();
    let mut endpoint_row = choice_of("endpoint", Key::Endpoint, endpoints, endpoint_at);
    endpoint_row.value = t.endpoint.clone().unwrap_or_else(|| "—".into());
    vec![
        text("id", Key::Id, &t.id),
        text("title", Key::Title, &t.title),
        target_row,
        endpoint_row,
        stride_row,
        owasp_row,
        optional_row(
            "severity",
            Key::Severity,
            "(from likelihood × impact)",
            ThreatSeverity::ALL,
            t.severity,
        ),
        optional_row(
            "likelihood",
            Key::Likelihood,
            "(not given)",
            &RATINGS,
            t.likelihood,
        ),
        optional_row("impact", Key::Impact, "(not given)", &RATINGS, t.impact),
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
/// (from an import), which can only be switched off; each keyed by its id.
fn owasp_options(held: &[String]) -> Vec<(Opt, bool)> {
    let known = owasp_ids();
    let mut options: Vec<(Opt, bool)> = known
        .iter()
        .map(|id| {
            let name = crate::report::owasp::name(id).unwrap_or("");
            (
                Opt::new(format!("{id} {name}"), id.as_str()),
                held.contains(id),
            )
        })
        .collect();
    options.extend(
        held.iter()
            .filter(|id| !known.contains(id))
            .map(|id| (Opt::id(id), true)),
    );
    options
}

/// Writes `value` into the attribute `key` of the threat `id`.
pub fn set(m: &mut Model, id: &str, key: Key, value: &Value) -> Result<(), String> {
    match key {
        Key::Id => return rename_threat(m, id, as_text(value)?),
        Key::Target => {
            let target = chosen(value)?.to_string();
            if !targets(m).iter().any(|o| o.key == target) {
                return Err(format!("there is no element or flow {target}"));
            }
            return retarget_threat(m, id, &target);
        }
        _ => {}
    }
    let target = threat(m, id)?.target.clone();
    let endpoints = endpoint_choices(m, &target);
    let t = threat_mut(m, id)?;
    match key {
        Key::Title => t.title = non_empty(value, "the title")?,
        Key::Endpoint => {
            t.endpoint = match chosen(value)? {
                "" => None,
                e if endpoints.iter().any(|x| x == e) => Some(e.to_string()),
                e => return Err(format!("{target} has no endpoint {e}")),
            };
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
        Key::Severity => t.severity = pick_optional(ThreatSeverity::ALL, value)?,
        Key::Likelihood => t.likelihood = pick_optional(&RATINGS, value)?,
        Key::Impact => t.impact = pick_optional(&RATINGS, value)?,
        Key::Description => t.description = as_text(value)?.into(),
        Key::Controls => flip_control(&mut t.mitigations, value)?,
        Key::MitigationNote => t.mitigation_note = as_text(value)?.into(),
        Key::Tags => t.tags = list(as_text(value)?),
        _ => return Err(format!("{key:?} cannot be set on a threat")),
    }
    Ok(())
}

/// Flips one option of `owasp_options`; the ids stay in their Top 10 order.
fn flip_owasp(held: &mut Vec<String>, value: &Value) -> Result<(), String> {
    let id = chosen(value)?.to_string();
    let known = owasp_ids();
    if !known.contains(&id) && !held.contains(&id) {
        return Err(format!("{id} is not an OWASP API Top 10 (2023) id"));
    }
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
        let pick = |key: &str| Value::Choice(key.into());
        set_ok(&mut m, Key::Stride, pick("Tampering"));
        set_ok(&mut m, Key::Stride, pick("Spoofing"));
        set_ok(&mut m, Key::Stride, pick("ElevationOfPrivilege"));
        assert_eq!(m.threats[0].stride, "STE");
        set_ok(&mut m, Key::Stride, pick("Tampering"));
        assert_eq!(m.threats[0].stride, "SE");
        set_ok(&mut m, Key::Owasp, pick("API10:2023"));
        set_ok(&mut m, Key::Owasp, pick("API6:2023"));
        assert_eq!(m.threats[0].owasp, ["API6:2023", "API10:2023"]);
        assert!(set(&mut m, &id, Key::Owasp, &pick("API11:2023")).is_err());
        set_ok(&mut m, Key::Severity, pick("High"));
        assert_eq!(m.threats[0].severity, Some(ThreatSeverity::High));
        set_ok(&mut m, Key::Likelihood, pick("High"));
        set_ok(&mut m, Key::Impact, pick("Low"));
        assert_eq!(m.threats[0].likelihood, Some(Rating::High));
        assert_eq!(m.threats[0].impact, Some(Rating::Low));
        set_ok(&mut m, Key::Endpoint, pick("POST /checkout"));
        assert_eq!(m.threats[0].endpoint.as_deref(), Some("POST /checkout"));
        assert!(set(&mut m, &id, Key::Endpoint, &pick("GET /nowhere")).is_err());
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

        // Retargeting (by the target's id) drops the endpoint.
        assert!(set(&mut m, &id, Key::Target, &pick("nowhere")).is_err());
        set_ok(&mut m, Key::Target, pick("gateway"));
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
        set(&mut m, &id, Key::Owasp, &Value::Choice("API3:2019".into())).expect("flipped off");
        assert!(m.threats[0].owasp.is_empty());
    }
}
