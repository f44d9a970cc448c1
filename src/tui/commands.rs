//! The `:` commands as one table: name, aliases, argument, help and what it
//! does. Parsing, Tab completion and the help screen all read this table.

use super::action::Action;
use super::app::App;

pub struct Command {
    pub name: &'static str,
    pub aliases: &'static [&'static str],
    /// How the argument is written in help, `""` when there is none.
    pub arg: &'static str,
    /// Whether the argument may be left out.
    pub arg_optional: bool,
    pub doc: &'static str,
    pub run: fn(&mut App, &str),
}

pub const COMMANDS: &[Command] = &[
    Command {
        name: "w",
        aliases: &["write"],
        arg: "",
        arg_optional: true,
        doc: "save",
        run: |app, _| app.save(false),
    },
    Command {
        name: "q",
        aliases: &["quit"],
        arg: "",
        arg_optional: true,
        doc: "quit (refuses with unsaved changes)",
        run: |app, _| {
            if app.dirty {
                app.message = Some("unsaved changes: :w to save, :q! to discard them".into());
            } else {
                app.quit = true;
            }
        },
    },
    Command {
        name: "q!",
        aliases: &["quit!"],
        arg: "",
        arg_optional: true,
        doc: "quit and discard unsaved changes",
        run: |app, _| app.quit = true,
    },
    Command {
        name: "wq",
        aliases: &["x"],
        arg: "",
        arg_optional: true,
        doc: "save and quit",
        run: |app, _| app.save(true),
    },
    Command {
        name: "export",
        aliases: &["e"],
        arg: "FILE",
        arg_optional: false,
        doc: "write a report: .md .html .json .sarif .csv .ron",
        run: |app, file| match super::export::export(app, file, true) {
            Ok(write) => app.effects.push(write),
            Err(why) => app.message = Some(why),
        },
    },
    Command {
        name: "minutes",
        aliases: &[],
        arg: "[FILE]",
        arg_optional: true,
        doc: "write today's review minutes",
        run: |app, file| {
            let file = (!file.is_empty()).then_some(file);
            let write = super::review::write_minutes(app, file);
            app.effects.push(write);
        },
    },
    Command {
        name: "threat",
        aliases: &[],
        arg: "[TITLE]",
        arg_optional: true,
        doc: "a new hand-written threat on the selection",
        run: super::threat_actions::new_threat,
    },
    Command {
        name: "layout",
        aliases: &[],
        arg: "",
        arg_optional: true,
        doc: "lay the diagram out again automatically",
        run: |app, _| {
            app.edit(|m| m.layout.clear());
            app.follow_selection();
            app.message = Some("laid out automatically".into());
        },
    },
    Command {
        name: "unfold",
        aliases: &[],
        arg: "",
        arg_optional: true,
        doc: "open every group of operations (Space opens one)",
        run: |app, _| super::fold::set_all(app, true),
    },
    Command {
        name: "fold",
        aliases: &[],
        arg: "",
        arg_optional: true,
        doc: "fold every group of operations to its line",
        run: |app, _| super::fold::set_all(app, false),
    },
];

/// The command a name or alias stands for.
pub fn find(name: &str) -> Option<&'static Command> {
    COMMANDS
        .iter()
        .find(|c| c.name == name || c.aliases.contains(&name))
}

/// Runs a typed command line.
pub fn run(app: &mut App, line: &str) {
    let (name, arg) = line
        .split_once(char::is_whitespace)
        .map_or((line, ""), |(a, b)| (a, b.trim()));
    if name.is_empty() {
        return;
    }
    match find(name) {
        Some(c) if arg.is_empty() && !c.arg_optional => {
            app.message = Some(format!("usage: :{} {}", c.name, c.arg));
        }
        Some(c) if !arg.is_empty() && c.arg.is_empty() => {
            app.message = Some(format!(":{} takes no argument", c.name));
        }
        Some(c) => (c.run)(app, arg),
        None => {
            let names: Vec<String> = COMMANDS.iter().map(|c| format!(":{}", c.name)).collect();
            app.message = Some(format!(
                "unknown command :{} (try {})",
                crate::text::escape_control(line),
                names.join(" ")
            ));
        }
    }
}

/// Tab on the command line: completes a command name when one fits, else
/// lists the ones that could.
pub fn complete(app: &mut App) {
    let Some(typed) = app.command_line().cloned() else {
        return;
    };
    if typed.contains(char::is_whitespace) {
        return;
    }
    let fits: Vec<&str> = COMMANDS
        .iter()
        .flat_map(|c| std::iter::once(c.name).chain(c.aliases.iter().copied()))
        .filter(|n| n.starts_with(&typed))
        .collect();
    match fits.as_slice() {
        [] => app.message = Some(format!("no command starts with {typed}")),
        [one] => {
            let takes_arg = find(one).is_some_and(|c| !c.arg.is_empty());
            if let Some(line) = app.command_line_mut() {
                *line = (*one).to_string();
                if takes_arg {
                    line.push(' ');
                }
            }
        }
        many => app.message = Some(many.join(" ")),
    }
}

/// `:` opens the command line over the current screen, which Esc or Enter
/// goes back to.
pub fn open(app: &mut App) {
    app.push(super::app::Overlay::Command(String::new()));
}

/// Keys of the command line.
pub fn update(app: &mut App, action: Action) {
    let Some(line) = app.command_line_mut() else {
        return;
    };
    match action {
        Action::Insert(c) => line.push(c),
        Action::ClearLine | Action::DeleteWord => super::dialogs::edit_line(line, &action),
        Action::Complete => complete(app),
        // Backspace on an empty line leaves, as in vim.
        Action::Backspace if !line.is_empty() => {
            line.pop();
        }
        Action::Backspace | Action::Back => {
            app.pop();
        }
        Action::Confirm => {
            let line = std::mem::take(line);
            app.pop();
            run(app, line.trim());
        }
        _ => {}
    }
}

/// Help lines for the commands: `:export FILE…` and what it does.
pub fn help_entries() -> Vec<(String, String)> {
    COMMANDS
        .iter()
        .map(|c| {
            let mut keys = format!(":{}", c.name);
            if !c.arg.is_empty() {
                keys.push(' ');
                keys.push_str(c.arg);
            }
            let mut doc = c.doc.to_string();
            if !c.aliases.is_empty() {
                let aliases: Vec<String> = c.aliases.iter().map(|a| format!(":{a}")).collect();
                doc.push_str(&format!(" (also {})", aliases.join(" ")));
            }
            (keys, doc)
        })
        .collect()
}
