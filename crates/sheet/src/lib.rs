//! Reading spreadsheets into rows of cells, and nothing about what they hold.
//!
//! The pipeline: [`sniff`] decides the format from the bytes (never the
//! file's name) and refuses a hostile file before a reader holds it, since
//! the readers allocate as the file claims: [`package`] checks where the
//! workbook is and the sizes its zip parts declare, `markup` long gaps
//! between tags and long xlsb records, `ods` the cells and text repeats
//! expand to, `xlsb` its sheet list and `cfb` an xls file's streams,
//! dimensions and passwords. Then [`workbook`] reads one sheet into a
//! [`Grid`] ([`stream`] on a second thread for xlsx and xlsb,
//! [`delimited`] for text), holding it to [`grid::CellLimits`] while it
//! reads; [`sheets`] picks the sheet when none is asked for, from the
//! column names the caller knows ([`Fields`]). [`values`] reads dates out of
//! cells.
//!
//! Every failure is an [`Error`] whose message is written for the person who
//! picked the file: what is wrong with it and what to do.
mod cfb;
pub mod delimited;
mod format;
pub mod grid;
mod markup;
mod ods;
mod package;
mod quotes;
pub mod sheets;
pub mod sniff;
pub mod stream;
pub mod values;
pub mod workbook;
mod xlsb;

pub use format::Format;
pub use grid::{letter, Cell, Grid, GridRow, Text};
pub use sheets::Fields;
pub use sniff::{sniff, MAX_FILE_BYTES};
pub use stream::RowStream;
pub use workbook::{guard, load, sheet_names, TEXT_SHEET};

/// Why a file could not be read.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum Error {
    /// The file is not a spreadsheet this crate reads, is damaged, too
    /// large, protected, or breaks a limit that holds while reading.
    #[error("{0}")]
    Unreadable(String),
    /// The sheet asked for is not in the workbook.
    #[error("{0}")]
    NoSuchSheet(String),
}

impl Error {
    pub(crate) fn unreadable(msg: impl Into<String>) -> Self {
        Error::Unreadable(msg.into())
    }
}

pub type Result<T, E = Error> = std::result::Result<T, E>;
