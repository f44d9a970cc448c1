//! Everything the workbench can do, as data: keys map to these, `update`
//! carries them out, and the help overlay describes them.

/// A jump in a long list.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Jump {
    PageUp,
    PageDown,
    First,
    Last,
}

impl Jump {
    /// Where the cursor goes in a list of `len` rows, `page` rows a screen.
    pub fn apply(self, cursor: usize, len: usize, page: usize) -> usize {
        let last = len.saturating_sub(1);
        match self {
            Jump::PageUp => cursor.saturating_sub(page.max(1)),
            Jump::PageDown => (cursor + page.max(1)).min(last),
            Jump::First => 0,
            Jump::Last => last,
        }
    }
}

/// A direction on the canvas.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Dir {
    Up,
    Down,
    Left,
    Right,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Action {
    // Canvas
    Select(Dir),
    CycleNext,
    CyclePrev,
    Deselect,
    Move(Dir),
    Pan(Dir),
    AddElement,
    AddFlow,
    Delete,
    Rename,
    EditForm,
    EditModel,
    AssignBoundary,
    FocusThreats,
    OpenFindings,
    TogglePanel,
    Search,
    CommandLine,
    Help,
    Undo,
    Redo,
    Save,
    Quit,
    // Lists (threats panel, findings view, forms, pickers)
    Up,
    Down,
    /// PageUp/PageDown/Home/End (g/G where letters do not type).
    Jump(Jump),
    Confirm,
    Back,
    Toggle,
    FilterSeverity,
    FilterStride,
    FilterOwasp,
    FilterStatus,
    ClearFilters,
    RemoveItem,
    /// Opens or folds a group of operations.
    Fold,
    /// A new hand-written threat on the selection.
    NewThreat,
    /// The form of a hand-written threat.
    EditThreat,
    // Review
    Review,
    DecideControl,
    DecideInProgress,
    DecideAccept,
    DecideTransfer,
    DecideFalsePositive,
    /// In a review: the next decision covers the whole group of operations.
    WholeGroup,
    Skip,
    Previous,
    WriteMinutes,
    // Text entry
    Insert(char),
    Backspace,
    /// Tab on the command line.
    Complete,
    /// Ctrl-U: clear the line.
    ClearLine,
    /// Ctrl-W: delete the word before the cursor.
    DeleteWord,
    // Questions
    Answer(char),
    // From the terminal
    Resize(u16, u16),
    Click(u16, u16),
    Drag(u16, u16),
    Release,
    /// Debug builds only: panics, to test the recovery file.
    DebugPanic,
    /// How an effect asked for by `update` went (see `effect::perform`).
    Done(super::effect::Done),
    /// The date changed (`YYYY-MM-DD`): the clock is read by the event
    /// loop, never by `update`.
    Today(String),
}

impl Action {
    /// A word or two for the status bar's key hints.
    pub fn hint(&self) -> &'static str {
        match self {
            Action::AddElement => "add",
            Action::AddFlow => "flow",
            Action::EditForm => "edit",
            Action::FocusThreats => "threats",
            Action::OpenFindings => "findings",
            Action::Search => "search",
            Action::Undo => "undo",
            Action::Save => "save",
            Action::Help => "help",
            Action::Quit => "quit",
            Action::Confirm => "open",
            Action::Back => "back",
            Action::Toggle => "toggle",
            Action::RemoveItem => "remove",
            Action::Fold => "fold/open",
            Action::WholeGroup => "whole group",
            Action::NewThreat => "new threat",
            Action::FilterSeverity => "severity",
            Action::FilterStride => "STRIDE",
            Action::FilterOwasp => "OWASP",
            Action::FilterStatus => "status",
            Action::Review => "review",
            Action::DecideControl => "control",
            Action::DecideInProgress => "in progress",
            Action::DecideAccept => "accept",
            Action::DecideTransfer => "transfer",
            Action::DecideFalsePositive => "false positive",
            Action::Skip => "skip",
            Action::Previous => "previous",
            Action::WriteMinutes => "minutes",
            other => other.describe(),
        }
    }

    /// A short description for the help overlay.
    pub fn describe(&self) -> &'static str {
        match self {
            Action::Select(_) => "select nearest in direction",
            Action::CycleNext => "next element or flow",
            Action::CyclePrev => "previous element or flow",
            Action::Deselect => "clear selection",
            Action::Move(_) => "move selected element",
            Action::Pan(_) => "pan the view",
            Action::AddElement => "add element",
            Action::AddFlow => "add flow from selection",
            Action::Delete => "delete selection",
            Action::Rename => "rename selection",
            Action::EditForm => "edit attributes",
            Action::EditModel => "model, boundaries, data",
            Action::AssignBoundary => "set trust boundary",
            Action::FocusThreats => "threats of selection",
            Action::OpenFindings => "all findings",
            Action::TogglePanel => "show/hide side panel",
            Action::Search => "search",
            Action::CommandLine => "command line",
            Action::Help => "help",
            Action::Undo => "undo",
            Action::Redo => "redo",
            Action::Save => "save",
            Action::Quit => "quit",
            Action::Up => "up",
            Action::Down => "down",
            Action::Jump(Jump::PageUp) => "page up",
            Action::Jump(Jump::PageDown) => "page down",
            Action::Jump(Jump::First) => "first",
            Action::Jump(Jump::Last) => "last",
            Action::Confirm => "open / choose / jump",
            Action::Back => "back",
            Action::Toggle => "toggle",
            Action::FilterSeverity => "filter by severity",
            Action::FilterStride => "filter by STRIDE",
            Action::FilterOwasp => "filter by OWASP id",
            Action::FilterStatus => "filter by status",
            Action::ClearFilters => "clear filters",
            Action::RemoveItem => "remove list item",
            Action::Fold => "open/fold a group of operations",
            Action::NewThreat => "new threat written by hand",
            Action::EditThreat => "edit a hand-written threat",
            Action::Review => "review undecided findings",
            Action::DecideControl => "apply a mitigating control",
            Action::DecideInProgress => "in progress: owner, ticket",
            Action::DecideAccept => "accept the risk: why, until",
            Action::DecideTransfer => "transfer: to whom",
            Action::DecideFalsePositive => "false positive: why",
            Action::WholeGroup => "next decision: all operations of the group",
            Action::Skip => "skip for now",
            Action::Previous => "previous finding",
            Action::WriteMinutes => "write today's minutes",
            Action::Insert(_) => "type text",
            Action::Backspace => "delete last character",
            Action::ClearLine => "clear the line",
            Action::Complete => "complete the command name",
            Action::DeleteWord => "delete the last word",
            Action::Answer(_) => "answer",
            Action::Resize(..)
            | Action::Click(..)
            | Action::Drag(..)
            | Action::Release
            | Action::Done(_)
            | Action::Today(_) => "",
            Action::DebugPanic => "",
        }
    }
}
