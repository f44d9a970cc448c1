//! The new-user scenario of issue #17, headless: the same keys as the tmux
//! test in tests/runner/tui_tmux.rs (tests/fixtures/workbench_scenario.keys).

use std::path::PathBuf;

use crate::library::built_in;
use crate::model::starter::empty_model;
use crate::tui::App;

use super::keys_effects;

pub const SCRIPT: &str = include_str!("../../../tests/fixtures/workbench_scenario.keys");

/// Keystrokes in a script: `<Enter>` is one, every other character is one.
pub fn count(script: &str) -> usize {
    let mut n = 0;
    let mut rest = script.trim_end_matches('\n');
    while let Some(c) = rest.chars().next() {
        if c == '<'
            && let Some(end) = rest.find('>')
        {
            rest = &rest[end + 1..];
        } else {
            rest = &rest[c.len_utf8()..];
        }
        n += 1;
    }
    n
}

#[test]
fn the_scenario_builds_the_model_in_at_most_120_keystrokes() {
    let mut a = App::new(
        PathBuf::from("shop.ron"),
        empty_model("shop"),
        built_in(),
        None,
        super::TODAY,
    );
    a.color = false;
    a.reviewer = "Ana".into();
    crate::tui::update::update(&mut a, crate::tui::Action::Resize(80, 24));
    let effects = keys_effects(&mut a, SCRIPT.trim_end_matches('\n'));
    let n = count(SCRIPT);
    eprintln!("the scenario takes {n} keystrokes");
    assert!(n <= 120, "{n} keystrokes: over the budget of 120");
    // The save is asked for, not performed: its text is what the file
    // would hold (the tmux test checks the file itself).
    let saved: Vec<&str> = effects
        .iter()
        .filter_map(|e| match e {
            crate::tui::effect::Effect::SaveModel { path, text, .. } => {
                assert_eq!(path, &PathBuf::from("shop.ron"));
                Some(text.as_str())
            }
            _ => None,
        })
        .collect();
    let [text] = saved[..] else {
        panic!("one save expected, got {}", saved.len());
    };
    let m = crate::model::parse_str(text, "shop.ron")
        .expect("the saved text loads")
        .model;
    check_scenario_model(&m);
    assert_eq!(
        text,
        crate::model::to_canonical_string(&a.model),
        "what is saved is what was built"
    );
}

/// What the scenario must have built: four elements, three flows, two
/// endpoints, TLS, rate limiting, a control, an accepted risk with a note.
pub fn check_scenario_model(m: &crate::model::Model) {
    use crate::model::{Control, Encryption, Method, Protocol, TriageStatus};
    let ids: Vec<&str> = m.elements.iter().map(|e| e.id.as_str()).collect();
    assert_eq!(ids.len(), 4, "{ids:?}");
    let flows: Vec<&str> = m.flows.iter().map(|f| f.id.as_str()).collect();
    assert_eq!(flows.len(), 3, "{flows:?}");
    let public = m.flow("user-api").expect("the user's flow");
    assert_eq!(
        (public.protocol, public.encryption),
        (Protocol::Https, Encryption::Tls)
    );
    let endpoints: Vec<(Method, &str)> = public
        .endpoints
        .iter()
        .map(|e| (e.method, e.path.as_str()))
        .collect();
    assert_eq!(
        endpoints,
        [(Method::Get, "/orders"), (Method::Post, "/orders")]
    );
    assert!(public.controls.contains(&Control::RateLimiting));
    assert!(public.controls.contains(&Control::PayloadSizeLimits));
    assert_eq!(
        m.flow("api-db").map(|f| f.protocol),
        Some(Protocol::Sql),
        "a flow into a SQL store speaks SQL"
    );
    let accepted = m
        .triage
        .iter()
        .find(|t| t.status == TriageStatus::Accepted)
        .expect("an accepted risk");
    assert_eq!(accepted.finding, "API2-unauthenticated-inbound@user-api");
    assert_eq!(accepted.note, "VPN only");
    assert!(accepted.reviewer.is_some() && accepted.date.is_some());
    assert!(
        accepted.fingerprint.is_some(),
        "it goes stale when the design changes"
    );
}
