//! Edits of hand-written threats, for the workbench and the tests: add one
//! with an id made from its title, give it a new id or a new target, remove it.
//! Each keeps the triage decisions on the threat's finding with it.

use super::ids::{IdAllocator, slug};
use super::threat::Threat;
use super::types::Model;

/// Adds a threat titled `title` on the element or flow `target`, with a fresh
/// id made from the title (`Coupon stacking` → `coupon-stacking`, then
/// `coupon-stacking-2`…). Returns the id.
pub fn add_threat(model: &mut Model, title: &str, target: &str) -> Result<String, String> {
    let title = title.trim();
    if title.is_empty() {
        return Err("a threat needs a title: say in a few words what could go wrong".into());
    }
    if !is_target(model, target) {
        return Err(format!("`{target}` is not an element or a flow"));
    }
    let id = IdAllocator::with_taken(model.threats.iter().map(|t| t.id.as_str()))
        .allocate(&slug(title, "threat"));
    model.threats.push(Threat::new(id.clone(), title, target));
    Ok(id)
}

/// Gives the threat `old` the id `new`; its triage decisions follow.
pub fn rename_threat(model: &mut Model, old: &str, new: &str) -> Result<(), String> {
    let new = new.trim();
    if old == new {
        return Ok(());
    }
    if !super::validate::is_valid_id(new) {
        return Err(format!(
            "`{new}` is not a valid id: letters, digits, `-`, `_`, `.` and `:`, starting with a letter or digit"
        ));
    }
    if model.threats.iter().any(|t| t.id == new) {
        return Err(format!("`{new}` is already a threat"));
    }
    let threat = threat_mut(model, old)?;
    let before = threat.finding_id();
    threat.id = new.to_string();
    let after = threat.finding_id();
    move_triage(model, &before, &after);
    Ok(())
}

/// Puts the threat `id` on another element or flow. An endpoint the new
/// target does not carry is dropped; its triage decisions follow.
pub fn retarget_threat(model: &mut Model, id: &str, target: &str) -> Result<(), String> {
    if !is_target(model, target) {
        return Err(format!("`{target}` is not an element or a flow"));
    }
    let carried = |endpoint: &str| {
        model.flow(target).is_some_and(|f| {
            super::endpoint::parse_endpoint(endpoint)
                .is_some_and(|(m, p)| f.endpoints.iter().any(|e| e.method == m && e.path == p))
        })
    };
    let keep_endpoint = model
        .threats
        .iter()
        .find(|t| t.id == id)
        .and_then(|t| t.endpoint.as_deref())
        .is_some_and(carried);
    let threat = threat_mut(model, id)?;
    let before = threat.finding_id();
    threat.target = target.to_string();
    if !keep_endpoint {
        threat.endpoint = None;
    }
    let after = threat.finding_id();
    move_triage(model, &before, &after);
    Ok(())
}

/// Removes the threat `id` and the decisions on its finding, which would
/// otherwise name nothing. Returns the threat, or `None` when there is none.
pub fn remove_threat(model: &mut Model, id: &str) -> Option<Threat> {
    let at = model.threats.iter().position(|t| t.id == id)?;
    let threat = model.threats.remove(at);
    let finding = threat.finding_id();
    model.triage.retain(|t| t.finding != finding);
    Some(threat)
}

/// The operations a threat on `target` can name: those of the flow, as
/// `METHOD /path`; none for an element.
pub fn endpoint_choices(model: &Model, target: &str) -> Vec<String> {
    model
        .flow(target)
        .map(|f| {
            f.endpoints
                .iter()
                .map(|e| format!("{} {}", e.method.as_str(), e.path))
                .collect()
        })
        .unwrap_or_default()
}

fn is_target(model: &Model, id: &str) -> bool {
    model.element(id).is_some() || model.flow(id).is_some()
}

fn threat_mut<'m>(model: &'m mut Model, id: &str) -> Result<&'m mut Threat, String> {
    model
        .threats
        .iter_mut()
        .find(|t| t.id == id)
        .ok_or_else(|| format!("there is no threat `{id}`"))
}

fn move_triage(model: &mut Model, before: &str, after: &str) {
    for record in &mut model.triage {
        if record.finding == before {
            record.finding = after.to_string();
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::starter::starter_model;
    use crate::model::{Triage, TriageStatus};

    fn decision(finding: &str) -> Triage {
        Triage::new(finding, TriageStatus::Accepted)
    }

    #[test]
    fn new_threats_get_unique_ids_from_their_titles() {
        let mut m = starter_model();
        let a = add_threat(&mut m, "Coupon stacking!", "browser-gateway");
        let b = add_threat(&mut m, "coupon  stacking", "gateway");
        assert_eq!(a.as_deref(), Ok("coupon-stacking"));
        assert_eq!(b.as_deref(), Ok("coupon-stacking-2"));
        assert_eq!(
            add_threat(&mut m, "   ", "gateway").ok(),
            None,
            "no empty titles"
        );
        let odd = add_threat(&mut m, "§§§", "gateway");
        assert_eq!(odd.as_deref(), Ok("threat"), "a title without letters");
        assert_eq!(
            add_threat(&mut m, "Replay", "nowhere"),
            Err("`nowhere` is not an element or a flow".into())
        );
        assert_eq!(m.threats.len(), 3);
        assert_eq!(m.threats[0].title, "Coupon stacking!");
        let mut problems = Vec::new();
        crate::model::threat_check::check(&m, |_, _, _, message, _| problems.push(message));
        assert!(
            problems.is_empty(),
            "the added threats are valid: {problems:?}"
        );
    }

    #[test]
    fn renaming_and_retargeting_carry_the_decisions() {
        let mut m = starter_model();
        let id = add_threat(&mut m, "Refund abuse", "browser-gateway").expect("added");
        m.threats[0].endpoint = Some("POST /checkout".into());
        m.triage.push(decision("refund-abuse@browser-gateway"));
        rename_threat(&mut m, &id, "refunds").expect("renamed");
        assert_eq!(m.triage[0].finding, "refunds@browser-gateway");
        let malformed = rename_threat(&mut m, "refunds", "bad id!").unwrap_err();
        assert!(
            malformed.starts_with("`bad id!` is not a valid id"),
            "{malformed}"
        );
        add_threat(&mut m, "Other", "gateway").expect("added");
        assert_eq!(
            rename_threat(&mut m, "refunds", "other"),
            Err("`other` is already a threat".into()),
            "taken"
        );

        retarget_threat(&mut m, "refunds", "gateway").expect("retargeted");
        assert_eq!(m.threats[0].target, "gateway");
        assert_eq!(m.threats[0].endpoint, None, "an element has no endpoints");
        assert_eq!(m.triage[0].finding, "refunds@gateway");
        assert_eq!(
            retarget_threat(&mut m, "refunds", "nowhere"),
            Err("`nowhere` is not an element or a flow".into())
        );
        assert_eq!(
            retarget_threat(&mut m, "missing", "gateway"),
            Err("there is no threat `missing`".into())
        );
    }

    #[test]
    fn removing_a_threat_removes_its_decisions() {
        let mut m = starter_model();
        add_threat(&mut m, "Refund abuse", "gateway").expect("added");
        m.triage.push(decision("refund-abuse@gateway"));
        let removed = remove_threat(&mut m, "refund-abuse").expect("removed");
        assert_eq!(removed.title, "Refund abuse");
        assert!(m.threats.is_empty());
        assert!(m.triage.iter().all(|t| t.finding != "refund-abuse@gateway"));
        assert_eq!(remove_threat(&mut m, "refund-abuse"), None);
    }

    #[test]
    fn endpoint_choices_are_the_flows_operations() {
        let m = starter_model();
        let flow = endpoint_choices(&m, "browser-gateway");
        assert!(flow.contains(&"POST /checkout".to_string()), "{flow:?}");
        assert!(endpoint_choices(&m, "gateway").is_empty());
    }
}
