//! How much work an analysis may be asked to do: every rule is checked on
//! every element and flow (and every operation, for rules about operations),
//! so a large rule folder on a large model multiplies. Past the limit the
//! analysis is refused with a message rather than run out of memory.

use crate::diagnostic::Diagnostic;
use crate::library::Library;
use crate::model::Model;

/// Most (rule, target) checks one analysis runs. The 62 built-in rules on
/// the largest model threatmap loads (64 MiB) stay well below it.
pub const MAX_RULE_CHECKS: u64 = 200_000_000;

/// The number of (rule, target) checks an analysis of `model` runs: every
/// enabled rule on every element, flow and operation (an upper bound: a
/// rule is checked only on the kinds of target it applies to).
pub fn rule_checks(model: &Model, library: &Library) -> u64 {
    let disabled: std::collections::BTreeSet<&str> =
        model.disabled_rules.iter().map(String::as_str).collect();
    let rules = library
        .rules()
        .iter()
        .filter(|r| !disabled.contains(r.id.as_str()))
        .count() as u64;
    rules.saturating_mul(targets(model))
}

/// Elements, flows and operations.
fn targets(model: &Model) -> u64 {
    let endpoints: usize = model.flows.iter().map(|f| f.endpoints.len()).sum();
    (model.elements.len() + model.flows.len() + endpoints) as u64
}

/// Refuses an analysis past [`MAX_RULE_CHECKS`]; `file` names the model.
pub fn check_limits(model: &Model, library: &Library, file: &str) -> Result<(), Diagnostic> {
    let checks = rule_checks(model, library);
    if checks <= MAX_RULE_CHECKS {
        return Ok(());
    }
    Err(Diagnostic::error(
        file,
        (0, 0),
        format!(
            "{} rules on {} elements, flows and operations make {checks} checks; the limit is {MAX_RULE_CHECKS}",
            checks / targets(model).max(1),
            targets(model),
        ),
    )
    .with_hint("use fewer custom rules (--library), switch rules off with `disabled_rules`, or split the model"))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::library::{Library, built_in};

    #[test]
    fn ten_thousand_rules_on_a_hundred_thousand_flows_are_refused() {
        // Before: the analysis ran and aborted on a failed allocation.
        let model = crate::synthetic::hub(99_999);
        let one = built_in().rules()[0].clone();
        let rules: Vec<_> = (0..10_000)
            .map(|i| {
                let mut r = one.clone();
                r.id = format!("TEAM-{i}");
                r
            })
            .collect();
        let library = Library::new(rules);
        let e = check_limits(&model, &library, "big.ron").expect_err("refused");
        assert_eq!(
            e.to_string().lines().next(),
            Some(
                "big.ron: error: 10000 rules on 199999 elements, flows and operations make 1999990000 checks; the limit is 200000000"
            )
        );
        // The built-in rules on the same model are fine.
        assert!(check_limits(&model, &built_in(), "big.ron").is_ok());
    }
}
