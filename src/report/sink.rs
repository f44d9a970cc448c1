//! Where a report's text goes while it is composed: renderers write into a
//! small buffer that is handed on to the destination piece by piece, so a
//! report of tens of thousands of findings never sits in memory whole.

use std::io;
use std::ops::{Deref, DerefMut};

/// Text waits in the buffer until it holds about this much.
const SPILL_AT: usize = 64 * 1024;

pub struct Sink<'w> {
    buf: String,
    /// Where text is handed on; none when the text stays in memory whole.
    out: Option<&'w mut dyn io::Write>,
    /// The first failure; after it nothing more is written.
    failed: Option<io::Error>,
}

impl<'w> Sink<'w> {
    pub fn new(out: &'w mut dyn io::Write) -> Self {
        Self {
            buf: String::with_capacity(SPILL_AT * 2),
            out: Some(out),
            failed: None,
        }
    }

    /// Hands the buffered text on once there is enough of it. Renderers
    /// call this between findings, sections and diagram shapes.
    pub fn spill(&mut self) {
        if self.buf.len() >= SPILL_AT && self.out.is_some() {
            self.hand_on();
        }
    }

    /// Hands on what is left and reports the first failure, if any.
    pub fn finish(mut self) -> io::Result<()> {
        self.hand_on();
        match (self.failed.take(), self.out.as_mut()) {
            (Some(e), _) => Err(e),
            (None, Some(out)) => out.flush(),
            (None, None) => Ok(()),
        }
    }

    fn hand_on(&mut self) {
        let Some(out) = self.out.as_mut() else {
            return;
        };
        if self.failed.is_none() {
            if let Err(e) = out.write_all(self.buf.as_bytes()) {
                self.failed = Some(e);
            }
        }
        self.buf.clear();
    }
}

impl Deref for Sink<'_> {
    type Target = String;

    fn deref(&self) -> &String {
        &self.buf
    }
}

impl DerefMut for Sink<'_> {
    fn deref_mut(&mut self) -> &mut String {
        &mut self.buf
    }
}

impl std::fmt::Write for Sink<'_> {
    fn write_str(&mut self, s: &str) -> std::fmt::Result {
        self.buf.push_str(s);
        Ok(())
    }
}

impl Sink<'_> {
    /// Runs a streaming renderer into `out`.
    pub fn write_with(out: &mut dyn io::Write, render: impl FnOnce(&mut Sink)) -> io::Result<()> {
        let mut sink = Sink::new(out);
        render(&mut sink);
        sink.finish()
    }
}

/// Runs a streaming renderer into memory, for callers that want the text:
/// the buffer then simply grows and is the result.
pub fn to_string(render: impl FnOnce(&mut Sink)) -> String {
    let mut sink = Sink {
        buf: String::new(),
        out: None,
        failed: None,
    };
    render(&mut sink);
    sink.buf
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::fmt::Write as _;

    #[test]
    fn text_arrives_whole_and_in_order_across_spills() {
        let render = |sink: &mut Sink| {
            for i in 0..50_000 {
                let _ = write!(sink, "{i},");
                sink.spill();
            }
        };
        let mut written = Vec::new();
        Sink::write_with(&mut written, render).expect("a Vec takes everything");
        let expected: String = (0..50_000).map(|i| format!("{i},")).collect();
        assert!(
            expected.len() > 4 * SPILL_AT,
            "the text spans several spills"
        );
        assert_eq!(String::from_utf8(written).unwrap(), expected);
        assert_eq!(to_string(render), expected);
    }

    #[test]
    fn the_first_write_failure_is_reported() {
        struct Full;
        impl io::Write for Full {
            fn write(&mut self, _: &[u8]) -> io::Result<usize> {
                Err(io::Error::other("disk full"))
            }
            fn flush(&mut self) -> io::Result<()> {
                Ok(())
            }
        }
        let mut full = Full;
        let mut sink = Sink::new(&mut full);
        sink.push_str(&"x".repeat(SPILL_AT + 1));
        sink.spill();
        sink.push_str("more");
        let err = sink.finish().expect_err("the failure surfaces");
        assert_eq!(err.to_string(), "disk full");
    }
}
