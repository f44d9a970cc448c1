//! Colours and symbols. Every colour has a symbol beside it, so the meaning
//! survives NO_COLOR and colour blindness.

use ratatui::style::{Color, Modifier, Style};

use crate::analysis::Severity;

/// The symbol and colour for a worst open severity (None: clean).
pub fn severity_mark(worst: Option<Severity>) -> (&'static str, Color) {
    let colour = match worst {
        Some(Severity::Critical | Severity::High) => Color::Red,
        Some(Severity::Medium) => Color::Yellow,
        Some(Severity::Low) => Color::Blue,
        None => Color::Green,
    };
    (Severity::mark(worst), colour)
}

pub fn short(s: Severity) -> &'static str {
    match s {
        Severity::Critical => "crit",
        Severity::High => "high",
        Severity::Medium => "med",
        Severity::Low => "low",
    }
}

#[derive(Debug, Clone, Copy)]
pub struct Theme {
    pub color: bool,
}

impl Theme {
    pub fn fg(&self, c: Color) -> Style {
        if self.color {
            Style::new().fg(c)
        } else {
            Style::new()
        }
    }

    pub fn severity(&self, worst: Option<Severity>) -> Style {
        let style = self.fg(severity_mark(worst).1);
        if worst == Some(Severity::Critical) {
            style.add_modifier(Modifier::BOLD)
        } else {
            style
        }
    }

    pub fn frame(&self) -> Style {
        self.fg(Color::Magenta)
    }

    pub fn dim(&self) -> Style {
        if self.color {
            Style::new().fg(Color::DarkGray)
        } else {
            Style::new()
        }
    }

    pub fn key(&self) -> Style {
        self.fg(Color::Cyan).add_modifier(Modifier::BOLD)
    }

    pub fn selected(&self) -> Style {
        Style::new().add_modifier(Modifier::REVERSED)
    }

    pub fn title(&self) -> Style {
        Style::new().add_modifier(Modifier::BOLD)
    }
}
