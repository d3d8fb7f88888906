//! Errors of every stage. Data-file errors carry the file, line and offending value; I/O errors
//! carry the path. The binary prints one of these with an `actorgraph: ` prefix.

use std::path::PathBuf;

/// Result with the crate's error.
pub type Result<T, E = Error> = std::result::Result<T, E>;

/// Everything that can go wrong in actorgraph.
#[derive(Debug, thiserror::Error)]
pub enum Error {
    /// A file could not be read or written.
    #[error("{path}: {source}")]
    Io {
        path: PathBuf,
        #[source]
        source: std::io::Error,
    },
    /// A data file (rules, gazetteer, relations, manifest, gold) is malformed.
    #[error("{path}:{line}: {message}")]
    Data {
        path: PathBuf,
        line: usize,
        message: String,
    },
    /// A document could not be decoded or understood.
    #[error("{path}: {message}")]
    Document { path: PathBuf, message: String },
    /// The store could not be opened, read or written.
    #[error("store {path}: {message}")]
    Store { path: PathBuf, message: String },
    /// A SPARQL query is malformed, failed or ran too long.
    #[error("{0}")]
    Query(String),
    /// The command line asked for something that cannot be done.
    #[error("{0}")]
    Usage(String),
}

impl Error {
    /// An I/O error about `path`.
    pub fn io(path: impl Into<PathBuf>, source: std::io::Error) -> Self {
        Error::Io {
            path: path.into(),
            source,
        }
    }

    pub(crate) fn data(path: impl Into<PathBuf>, line: usize, message: impl Into<String>) -> Self {
        Error::Data {
            path: path.into(),
            line,
            message: message.into(),
        }
    }
}

/// The lines of a text, to tell the line of many offsets ([`line_of`] of each): a file of
/// records asks for the line of every record, and counting from the start for each was
/// quadratic in the file's length.
pub(crate) struct LineIndex {
    /// The byte offset of every line break.
    breaks: Vec<usize>,
}

impl LineIndex {
    pub(crate) fn new(text: &str) -> Self {
        let breaks = text
            .bytes()
            .enumerate()
            .filter(|&(_, b)| b == b'\n')
            .map(|(i, _)| i)
            .collect();
        LineIndex { breaks }
    }

    /// The 1-based line of byte `offset`, as [`line_of`] counts it.
    pub(crate) fn line_of(&self, offset: usize) -> usize {
        self.breaks.partition_point(|&b| b < offset) + 1
    }
}

/// The 1-based line of a byte offset in a text.
pub(crate) fn line_of(text: &str, offset: usize) -> usize {
    let end = offset.min(text.len());
    text.as_bytes()[..end]
        .iter()
        .filter(|&&b| b == b'\n')
        .count()
        + 1
}

/// Turns a `toml` parse error into a located data error.
pub(crate) fn toml_error(path: &std::path::Path, text: &str, err: toml::de::Error) -> Error {
    let line = err.span().map(|s| line_of(text, s.start)).unwrap_or(1);
    Error::data(path, line, err.message().to_string())
}
