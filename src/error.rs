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
    /// Another program (or another SalesOS window) is writing to the
    /// workspace and did not finish in time; the request can be repeated.
    #[error("The workspace is busy with another change (an import in another window or the command line). Nothing was changed; try again in a moment.")]
    Busy,
    /// The workspace's files were changed or damaged underneath the app, so a
    /// write could not be made durable: it is refused, never acknowledged.
    #[error("{0}")]
    Unsafe(String),
    #[error("database error: {0}")]
    Db(rusqlite::Error),
    #[error("{0}")]
    Io(#[from] std::io::Error),
    #[error("could not write the workbook: {0}")]
    Xlsx(#[from] rust_xlsxwriter::XlsxError),
}

/// The extended result code SQLite gives a commit our commit hook refused.
const CONSTRAINT_COMMITHOOK: std::ffi::c_int = 531;

impl From<rusqlite::Error> for Error {
    /// Sorts SQLite's failures into what the user can do about them: wait
    /// (busy), restart (the files changed underneath), or report (the rest).
    fn from(e: rusqlite::Error) -> Self {
        use rusqlite::ErrorCode;
        match e.sqlite_error() {
            Some(f) if matches!(f.code, ErrorCode::DatabaseBusy | ErrorCode::DatabaseLocked) => {
                Error::Busy
            }
            Some(f) if f.extended_code == CONSTRAINT_COMMITHOOK => Error::Unsafe(
                "The workspace's files were changed by another program while SalesOS had them open, so this change was NOT saved. Close every SalesOS window and open it again.".into(),
            ),
            Some(f) if matches!(f.code, ErrorCode::DatabaseCorrupt | ErrorCode::NotADatabase) => {
                Error::Unsafe(format!(
                    "The workspace database is damaged ({e}); this change was NOT saved. Restore the workspace folder from a backup."
                ))
            }
            Some(f) if matches!(f.code, ErrorCode::DiskFull | ErrorCode::SystemIoFailure | ErrorCode::ReadOnly | ErrorCode::CannotOpen) => {
                Error::Unsafe(format!(
                    "The workspace could not be written to disk ({e}); this change was NOT saved. Check the disk has space and the folder can be written to."
                ))
            }
            _ => Error::Db(e),
        }
    }
}

/// The reader's refusals keep their words: they are written for the user.
impl From<sheet::Error> for Error {
    fn from(e: sheet::Error) -> Self {
        match e {
            sheet::Error::Unreadable(m) => Error::Unreadable(m),
            sheet::Error::NoSuchSheet(m) => Error::Invalid(m),
        }
    }
}

impl Error {
    pub fn invalid(msg: impl Into<String>) -> Self {
        Error::Invalid(msg.into())
    }
    pub fn unreadable(msg: impl Into<String>) -> Self {
        Error::Unreadable(msg.into())
    }
}
