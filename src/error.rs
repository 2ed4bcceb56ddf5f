//! The one error type of the core. Every message is written for the person
//! using the app: it says what went wrong and, where it can, what to do.
use std::path::PathBuf;

pub type Result<T, E = Error> = std::result::Result<T, E>;

#[derive(Debug, thiserror::Error)]
pub enum Error {
    /// The file could not be read as a spreadsheet at all.
    #[error("{0}")]
    Unreadable(String),
    /// The request does not make sense (bad quarter, unknown deal...).
    #[error("{0}")]
    Invalid(String),
    #[error("{0} was not found")]
    NotFound(String),
    /// `--strict` and the file had problems: nothing was imported.
    #[error("{0}")]
    Rejected(String),
    #[error("could not open the workspace at {path}: {source}")]
    Workspace {
        path: PathBuf,
        #[source]
        source: Box<Error>,
    },
    #[error("database error: {0}")]
    Db(#[from] rusqlite::Error),
    #[error("{0}")]
    Io(#[from] std::io::Error),
    #[error("could not write the workbook: {0}")]
    Xlsx(#[from] rust_xlsxwriter::XlsxError),
}

impl Error {
    pub fn invalid(msg: impl Into<String>) -> Self {
        Error::Invalid(msg.into())
    }
    pub fn unreadable(msg: impl Into<String>) -> Self {
        Error::Unreadable(msg.into())
    }
}
