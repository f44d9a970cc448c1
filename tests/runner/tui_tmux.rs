//! End-to-end runs of `threatmap edit` in a real terminal (tmux): keys go in,
//! the screen and the saved file come out. Without tmux they fail, or skip
//! saying so when THREATMAP_SKIP_TMUX is set.

use std::path::{Path, PathBuf};
use std::process::Command;
use std::thread::sleep;
use std::time::{Duration, Instant};

/// Whether to run: tmux missing is a failure (CI installs it), unless
/// THREATMAP_SKIP_TMUX is set, which skips and says so.
fn tmux_available() -> bool {
    let found = Command::new("tmux")
        .arg("-V")
        .output()
        .is_ok_and(|o| o.status.success());
    if found {
        return true;
    }
    if std::env::var_os("THREATMAP_SKIP_TMUX").is_some() {
        crate::common::skip(
            "tmux is not installed and THREATMAP_SKIP_TMUX is set; workbench end-to-end test not run",
        );
        return false;
    }
    panic!(
        "tmux is not installed: these tests drive the workbench in it (apt-get install tmux), \
         or set THREATMAP_SKIP_TMUX=1 to skip them explicitly"
    );
}

/// A tmux session running the workbench, killed on drop.
struct Session {
    name: String,
}

impl Session {
    fn start(name: &str, file: &Path, env: &[(&str, &str)]) -> Session {
        Session::start_sized(name, file, env, (120, 40))
    }

    fn start_sized(name: &str, file: &Path, env: &[(&str, &str)], size: (u16, u16)) -> Session {
        let bin = env!("CARGO_BIN_EXE_threatmap");
        // The user's own key file never reaches a test: `keys.ron` beside
        // the model, which only a test of key files writes.
        let keys = file.with_file_name("keys.ron");
        let mut cmd = format!("THREATMAP_KEYS={} ", keys.display());
        for (k, v) in env {
            cmd.push_str(&format!("{k}={v} "));
        }
        cmd.push_str(&format!("{bin} edit {}; sleep 30", file.display()));
        Session::start_command_sized(name, &cmd, size)
    }

    /// A session running the shell command `cmd`, once the workbench shows.
    fn start_command(name: &str, cmd: &str) -> Session {
        Session::start_command_sized(name, cmd, (120, 40))
    }

    fn start_command_sized(name: &str, cmd: &str, size: (u16, u16)) -> Session {
        // Unique per process: other checkouts may run these tests at once.
        let name = &format!("{name}-{}", std::process::id());
        let _ = Command::new("tmux")
            .args(["kill-session", "-t", name])
            .stderr(std::process::Stdio::null())
            .status();
        let ok = Command::new("tmux")
            .args([
                "new-session",
                "-d",
                "-s",
                name,
                "-x",
                &size.0.to_string(),
                "-y",
                &size.1.to_string(),
                cmd,
            ])
            .status()
            .is_ok_and(|s| s.success());
        assert!(ok, "tmux could not start a session");
        let s = Session { name: name.into() };
        s.wait_for("CANVAS");
        s
    }

    fn keys(&self, keys: &[&str]) {
        for k in keys {
            let ok = Command::new("tmux")
                .args(["send-keys", "-t", &self.name, k])
                .status()
                .is_ok_and(|s| s.success());
            assert!(ok, "send-keys {k}");
            // Give the program time to read each key on its own, so that Esc
            // is never merged with the next key into an Alt chord.
            sleep(Duration::from_millis(60));
        }
    }

    fn text(&self, text: &str) {
        let ok = Command::new("tmux")
            .args(["send-keys", "-t", &self.name, "-l", text])
            .status()
            .is_ok_and(|s| s.success());
        assert!(ok);
        sleep(Duration::from_millis(100));
    }

    fn screen(&self) -> String {
        let out = Command::new("tmux")
            .args(["capture-pane", "-p", "-t", &self.name])
            .output()
            .expect("capture-pane");
        String::from_utf8_lossy(&out.stdout).into_owned()
    }

    fn wait_for(&self, needle: &str) -> String {
        let start = Instant::now();
        loop {
            let screen = self.screen();
            if screen.contains(needle) {
                return screen;
            }
            assert!(
                start.elapsed() < Duration::from_secs(20),
                "waited for {needle:?}; the screen is:\n{screen}"
            );
            sleep(Duration::from_millis(100));
        }
    }
}

impl Drop for Session {
    fn drop(&mut self) {
        let _ = Command::new("tmux")
            .args(["kill-session", "-t", &self.name])
            .status();
    }
}

fn starter_file(dir: &Path) -> PathBuf {
    let path = dir.join("shop.ron");
    let out = Command::new(env!("CARGO_BIN_EXE_threatmap"))
        .args(["new"])
        .arg(&path)
        .output()
        .expect("threatmap new");
    assert!(out.status.success());
    path
}

#[test]
fn add_an_element_and_a_flow_save_and_quit() {
    if !tmux_available() {
        return;
    }
    let dir = tempfile::tempdir().expect("tempdir");
    let file = starter_file(dir.path());
    let s = Session::start("threatmap-e2e-edit", &file, &[]);
    // a: kind picker; the second kind is a process; then its name.
    s.keys(&["a"]);
    s.wait_for("Add element: kind");
    s.keys(&["Down", "Enter"]);
    s.wait_for("Name of the new process");
    s.text("Billing API");
    s.keys(&["Enter"]);
    s.wait_for("added billing-api");
    // f: a flow from it to the orders database, picked by typing.
    s.keys(&["f"]);
    s.wait_for("New flow from billing-api");
    s.text("orders-db");
    s.keys(&["Enter"]);
    s.wait_for("protocol");
    s.text("SQL");
    s.keys(&["Enter"]);
    s.wait_for("added flow billing-api-orders-db");
    s.keys(&["C-s"]);
    s.wait_for("saved");
    s.keys(&["q"]);
    // The program has ended: the shell's `sleep` holds the pane open.
    let start = Instant::now();
    while s.screen().contains("CANVAS") {
        assert!(start.elapsed() < Duration::from_secs(10), "did not quit");
        sleep(Duration::from_millis(100));
    }
    let saved = std::fs::read_to_string(&file).expect("saved file");
    let model = threatmap::model::parse_str(&saved, "shop.ron").expect("valid model");
    let billing = model.model.element("billing-api").expect("element saved");
    assert_eq!(billing.name, "Billing API");
    let flow = model
        .model
        .flow("billing-api-orders-db")
        .expect("flow saved");
    assert_eq!(flow.protocol, threatmap::model::Protocol::Sql);
    assert!(model.model.layout.contains_key("billing-api"));
    assert_eq!(threatmap::model::to_canonical_string(&model.model), saved);
}

#[test]
fn a_panic_writes_the_unsaved_model_to_a_recovery_file() {
    if !tmux_available() {
        return;
    }
    let dir = tempfile::tempdir().expect("tempdir");
    let file = starter_file(dir.path());
    let s = Session::start(
        "threatmap-e2e-panic",
        &file,
        // A backtrace would push the recovery message off the 24-line screen.
        &[("THREATMAP_PANIC_KEY", "1"), ("RUST_BACKTRACE", "0")],
    );
    s.keys(&["S-Down"]);
    s.wait_for("[+]");
    // F12 is bound to a deliberate panic with THREATMAP_PANIC_KEY set, in
    // release builds as in debug ones.
    s.keys(&["F12"]);
    let screen = s.wait_for("unsaved changes are saved in");
    assert!(screen.contains("shop.recovered.ron"), "{screen}");
    let recovered = dir.path().join("shop.recovered.ron");
    let text = std::fs::read_to_string(&recovered).expect("recovery file");
    let model = threatmap::model::parse_str(&text, "shop.recovered.ron").expect("valid");
    assert!(!model.model.layout.is_empty(), "the unsaved move is in it");
    let original = std::fs::read_to_string(&file).expect("original");
    assert!(!original.contains("layout"), "the original is untouched");
}

/// Asks tmux about the pane, e.g. `#{alternate_on}`.
fn pane_format(s: &Session, format: &str) -> String {
    let out = Command::new("tmux")
        .args(["display-message", "-p", "-t", &s.name, format])
        .output()
        .expect("tmux display-message");
    String::from_utf8_lossy(&out.stdout).trim().to_string()
}

#[test]
fn sigterm_and_sighup_keep_unsaved_work_and_restore_the_terminal() {
    if !tmux_available() {
        return;
    }
    for (signal, number, status) in [("TERM", 15, 143), ("HUP", 1, 129)] {
        let dir = tempfile::tempdir().expect("tempdir");
        let file = starter_file(dir.path());
        let pid_file = dir.path().join("pid");
        let status_file = dir.path().join("status");
        // An inner shell records its pid, which exec hands to the workbench;
        // the outer one records the exit status, then `sleep` keeps the pane.
        let script = dir.path().join("run.sh");
        std::fs::write(
            &script,
            format!(
                "sh -c 'echo $$ > {pid}; exec {bin} edit {file}'\necho $? > {status}\nsleep 30\n",
                pid = pid_file.display(),
                bin = env!("CARGO_BIN_EXE_threatmap"),
                file = file.display(),
                status = status_file.display(),
            ),
        )
        .expect("script");
        let s = Session::start_command(
            &format!("threatmap-e2e-sig{number}"),
            &format!("sh {}", script.display()),
        );
        s.keys(&["S-Down"]);
        s.wait_for("[+]");
        assert_eq!(
            pane_format(&s, "#{alternate_on}"),
            "1",
            "in the alternate screen"
        );
        let pid = std::fs::read_to_string(&pid_file).expect("pid file");
        let sent = Command::new("kill")
            .args([&format!("-{signal}"), pid.trim()])
            .status()
            .is_ok_and(|st| st.success());
        assert!(sent, "kill -{signal} {pid}");
        let start = Instant::now();
        while !status_file.exists()
            || std::fs::read_to_string(&status_file)
                .unwrap_or_default()
                .trim()
                .is_empty()
        {
            assert!(
                start.elapsed() < Duration::from_secs(10),
                "SIG{signal}: did not exit"
            );
            sleep(Duration::from_millis(100));
        }
        let code = std::fs::read_to_string(&status_file).expect("status");
        assert_eq!(
            code.trim(),
            status.to_string(),
            "SIG{signal}: the conventional status"
        );
        let recovered = dir.path().join("shop.recovered.ron");
        let text = std::fs::read_to_string(&recovered)
            .unwrap_or_else(|e| panic!("SIG{signal}: no recovery file: {e}"));
        let model = threatmap::model::parse_str(&text, "shop.recovered.ron").expect("valid");
        assert!(
            !model.model.layout.is_empty(),
            "SIG{signal}: the unsaved move is kept"
        );
        assert_eq!(
            pane_format(&s, "#{alternate_on}"),
            "0",
            "SIG{signal}: alternate screen left"
        );
        assert_eq!(
            pane_format(
                &s,
                "#{mouse_any_flag}#{mouse_button_flag}#{mouse_standard_flag}"
            ),
            "000",
            "SIG{signal}: mouse released"
        );
        assert_eq!(
            pane_format(&s, "#{cursor_flag}"),
            "1",
            "SIG{signal}: cursor shown"
        );
        let screen = s.screen();
        assert!(screen.contains("unsaved changes are saved in"), "{screen}");
    }
}

/// The keys of the new-user scenario of issue #17, one keystroke each:
/// `<Enter>` and the like are one key, every other character is one.
const SCENARIO: &str = include_str!("../fixtures/workbench_scenario.keys");

/// The scenario as tmux keys: (key, typed literally).
fn scenario_keys() -> Vec<(String, bool)> {
    let mut out = Vec::new();
    let mut rest = SCENARIO.trim_end_matches('\n');
    while let Some(c) = rest.chars().next() {
        if c == '<'
            && let Some(end) = rest.find('>')
        {
            let name = match &rest[1..end] {
                "Esc" => "Escape".to_string(),
                "C-s" => "C-s".to_string(),
                other => other.to_string(),
            };
            out.push((name, false));
            rest = &rest[end + 1..];
        } else {
            out.push((c.to_string(), true));
            rest = &rest[c.len_utf8()..];
        }
    }
    out
}

/// Issue #17: four elements, three flows, two endpoints, TLS, rate limiting,
/// a control, an accepted risk with a note, save (and quit), typed into the
/// workbench at 80×24 on an empty model, in at most 120 keystrokes.
#[test]
fn the_new_user_scenario_takes_at_most_120_keystrokes() {
    if !tmux_available() {
        return;
    }
    let dir = tempfile::tempdir().expect("tempdir");
    let file = dir.path().join("shop.ron");
    let out = Command::new(env!("CARGO_BIN_EXE_threatmap"))
        .args(["new", "--empty"])
        .arg(&file)
        .output()
        .expect("threatmap new --empty");
    assert!(out.status.success());
    let keys = scenario_keys();
    eprintln!("the scenario takes {} keystrokes", keys.len());
    assert!(keys.len() <= 120, "{} keystrokes", keys.len());
    let s = Session::start_sized("threatmap-e2e-scenario", &file, &[], (80, 24));
    for (key, literal) in &keys {
        let mut args = vec!["send-keys", "-t", s.name.as_str()];
        if *literal {
            args.push("-l");
        }
        args.push(key);
        let ok = Command::new("tmux")
            .args(&args)
            .status()
            .is_ok_and(|st| st.success());
        assert!(ok, "send-keys {key}");
        sleep(Duration::from_millis(60));
    }
    let start = Instant::now();
    while s.screen().contains("CANVAS") || s.screen().contains("THREATS") {
        assert!(
            start.elapsed() < Duration::from_secs(20),
            "did not save and quit; the screen is:\n{}",
            s.screen()
        );
        sleep(Duration::from_millis(100));
    }
    let saved = std::fs::read_to_string(&file).expect("saved file");
    let m = threatmap::model::parse_str(&saved, "shop.ron")
        .expect("valid model")
        .model;
    use threatmap::model::{Control, Encryption, Protocol, TriageStatus};
    assert_eq!((m.elements.len(), m.flows.len()), (4, 3), "{saved}");
    let public = m.flow("user-api").expect("the user's flow");
    assert_eq!(
        (public.protocol, public.encryption),
        (Protocol::Https, Encryption::Tls)
    );
    let paths: Vec<String> = public
        .endpoints
        .iter()
        .map(|e| format!("{} {}", e.method.as_str(), e.path))
        .collect();
    assert_eq!(paths, ["GET /orders", "POST /orders"]);
    assert!(public.controls.contains(&Control::RateLimiting));
    assert!(public.controls.contains(&Control::PayloadSizeLimits));
    assert_eq!(m.flow("api-db").map(|f| f.protocol), Some(Protocol::Sql));
    let accepted = m
        .triage
        .iter()
        .find(|t| t.status == TriageStatus::Accepted)
        .expect("an accepted risk");
    assert_eq!(accepted.finding, "API2-unauthenticated-inbound@user-api");
    assert_eq!(accepted.note, "VPN only");
    assert!(accepted.fingerprint.is_some() && accepted.reviewer.is_some());
    assert_eq!(threatmap::model::to_canonical_string(&m), saved);
}

/// Issue #17: a key file rebinds keys, and the hint bar shows the keys in
/// effect.
#[test]
fn a_user_key_file_rebinds_keys_and_the_hints_follow() {
    if !tmux_available() {
        if std::env::var_os("THREATMAP_SKIP_TMUX").is_some() {
            eprintln!("SKIP: tmux is not installed and THREATMAP_SKIP_TMUX is set");
            return;
        }
        panic!("tmux is not installed: install it, or set THREATMAP_SKIP_TMUX=1 to skip this test");
    }
    let dir = tempfile::tempdir().expect("tempdir");
    let file = starter_file(dir.path());
    std::fs::write(
        file.with_file_name("keys.ron"),
        r#"(bindings: [(mode: "Canvas", key: "C-n", action: "AddElement")])"#,
    )
    .expect("write keys");
    let s = Session::start("threatmap-e2e-keys", &file, &[]);
    s.wait_for("Ctrl-n add");
    s.keys(&["C-n"]);
    s.wait_for("Add element");
}
