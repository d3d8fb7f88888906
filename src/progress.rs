//! A progress bar for long runs: drawn on a terminal, silent in pipes, files and CI, so that
//! output and logs never fill with redraws.

use std::io::IsTerminal;

use indicatif::{ProgressBar, ProgressStyle};

/// Progress through a corpus, counted in bytes of text.
pub struct Progress {
    bar: Option<ProgressBar>,
}

impl Progress {
    /// A bar over `total` bytes, labelled `what`; drawn only when standard error is a
    /// terminal and the `CI` environment variable is not set.
    pub fn bytes(total: u64, what: &str) -> Progress {
        let attended = std::io::stderr().is_terminal() && std::env::var_os("CI").is_none();
        Progress::new(total, what, attended)
    }

    /// A bar that never draws: for library callers and tests.
    pub fn hidden() -> Progress {
        Progress { bar: None }
    }

    fn new(total: u64, what: &str, attended: bool) -> Progress {
        if !attended {
            return Progress::hidden();
        }
        let bar = ProgressBar::new(total);
        let template = format!(
            "{what} {{bar:30}} {{bytes}}/{{total_bytes}} ({{binary_bytes_per_sec}}, {{eta}} left)"
        );
        if let Ok(style) = ProgressStyle::with_template(&template) {
            bar.set_style(style);
        }
        Progress { bar: Some(bar) }
    }

    /// Adds `n` bytes done.
    pub fn advance(&self, n: u64) {
        if let Some(b) = &self.bar {
            b.inc(n);
        }
    }

    /// Runs `f` (which prints to the terminal) with the bar hidden, so lines and bar do not mix.
    pub fn suspend<R>(&self, f: impl FnOnce() -> R) -> R {
        match &self.bar {
            Some(b) => b.suspend(f),
            None => f(),
        }
    }

    /// Removes the bar from the terminal.
    pub fn finish(&self) {
        if let Some(b) = &self.bar {
            b.finish_and_clear();
        }
    }

    /// Whether the bar is drawn.
    pub fn is_drawn(&self) -> bool {
        self.bar.is_some()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_unattended_run_draws_nothing() {
        assert!(!Progress::new(10, "extract", false).is_drawn());
        assert!(!Progress::hidden().is_drawn());
        let drawn = Progress::new(10, "extract", true);
        assert!(drawn.is_drawn());
        drawn.advance(4);
        assert_eq!(drawn.bar.as_ref().map(ProgressBar::position), Some(4));
        drawn.finish();
    }
}
