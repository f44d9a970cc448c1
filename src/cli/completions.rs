//! `threatmap completions`: shell completion scripts.

use clap::{Args, CommandFactory};
use clap_complete::Shell;

use super::{Cli, CliError, ExitCode};

#[derive(Debug, Args)]
#[command(
    after_help = "Examples:\n  threatmap completions bash > ~/.local/share/bash-completion/completions/threatmap\n  threatmap completions zsh > ~/.zfunc/_threatmap\n  threatmap completions fish > ~/.config/fish/completions/threatmap.fish"
)]
pub struct CompletionsArgs {
    /// The shell to complete for
    pub shell: Shell,
}

pub fn run(args: CompletionsArgs) -> Result<ExitCode, CliError> {
    let mut cmd = Cli::command();
    let mut script = Vec::new();
    clap_complete::generate(args.shell, &mut cmd, "threatmap", &mut script);
    super::output::write_output(None, &String::from_utf8_lossy(&script))?;
    Ok(ExitCode::Success)
}
