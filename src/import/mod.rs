//! Importing CRM exports, rosters, process templates and scorecards, on top
//! of the domain-free reader in the `sheet` crate (which decides the
//! format, refuses hostile files and reads one sheet into rows of cells).
//!
//! The pipeline: `prepare` finds the header, footers, mapping and date
//! orders, `parse` turns each row into typed values with plain-language
//! warnings, and `run` writes it all in one transaction with a report that
//! accounts for every row.
//!
//! An xlsx or xlsb import streams: a second thread reads the sheet
//! (`sheet::stream`) while `run` writes the rows (`rows`), so on two cores
//! importing takes about as long as reading. Its first rows decide the
//! header, mapping and date orders; if the rest of the sheet disagrees (a
//! date order only later rows reveal, rows stored out of order), nothing is
//! kept and the sheet is read whole instead.
mod activities;
mod cells;
mod columns;
pub mod detect;
mod dictionary;
mod digest;
pub mod grouping;
pub mod history;
mod missing;
mod model;
mod parse;
mod prepare;
mod preview;
pub mod progress;
mod repeats;
mod rows;
mod run;
pub mod scorecards;
mod staging;
mod tally;
pub mod template;

pub use columns::field_for_header;
use columns::header_fields;
pub use model::*;
pub use sheet::letter;
pub use sheet::Format;
pub use staging::{discard, read_staged, stage_bytes, stage_path, Upload};

use crate::error::Result;
use crate::store::{settings, Workspace};

/// Everything an import needs besides the file.
#[derive(Debug, Clone, Default)]
pub struct ImportOptions {
    pub sheet: Option<String>,
    pub kind: ImportKind,
    pub mapping: Option<Vec<ColumnAssignment>>,
    /// Columns chosen by name, on top of `mapping` (or the suggested one).
    pub columns: Vec<ColumnChoice>,
    pub stages: Vec<StageChoice>,
    pub activity_types: Vec<ActivityTypeChoice>,
    pub strict: bool,
    pub dry_run: bool,
}

/// Rows read before deciding the header, mapping and date orders of a sheet
/// that streams; the rest is written as it is read.
const HEAD_ROWS: usize = 1_000;

/// Phases a progress callback hears about.
pub const PHASE_READING: &str = "Reading the file";
pub const PHASE_WRITING: &str = "Importing rows";

/// Reads and checks a file and shows how it would be imported.
pub fn preview(
    ws: &Workspace,
    file_id: &str,
    file_name: &str,
    bytes: &[u8],
    sheet: Option<&str>,
    kind: ImportKind,
    mapping: Option<Vec<ColumnAssignment>>,
) -> Result<ImportPreview> {
    template::refuse_as_rows(bytes)?;
    let conn = ws.conn();
    let p = prepare::prepare(
        &conn,
        prepare::Request {
            file_name,
            bytes,
            sheet,
            kind,
            mapping,
            columns: &[],
        },
    )?;
    let currency = settings::currency(&conn)?;
    preview::build(&conn, &p, file_id, &currency)
}

/// Imports a file into the workspace. `progress(phase, done, total)` reports
/// how far it is; the same numbers are kept for the UI's `import_progress`.
pub fn import_bytes(
    ws: &Workspace,
    file_name: &str,
    bytes: &[u8],
    options: &ImportOptions,
    progress: &mut dyn FnMut(&str, u64, u64),
) -> Result<ImportReport> {
    // However the import ends (even by a panic a caller catches), the UI's
    // progress poll must not show it running for good.
    struct ClearProgress<'a>(&'a Workspace);
    impl Drop for ClearProgress<'_> {
        fn drop(&mut self) {
            progress::clear(self.0);
        }
    }
    let _clear = ClearProgress(ws);
    let mut report_progress = |phase: &str, done: u64, total: u64| {
        progress::set(
            ws,
            ImportProgress {
                active: true,
                phase: phase.to_string(),
                done,
                total,
            },
        );
        progress(phase, done, total);
    };
    report_progress(PHASE_READING, 0, 0);
    let started = std::time::Instant::now();
    let opts = run::Options {
        today: ws.today(),
        activity_types: options.activity_types.clone(),
        strict: options.strict,
        dry_run: options.dry_run,
    };
    let request = || prepare::Request {
        file_name,
        bytes,
        sheet: options.sheet.as_deref(),
        kind: options.kind,
        mapping: options.mapping.clone(),
        columns: &options.columns,
    };
    std::thread::scope(|scope| {
        let digest = digest::FileDigest::start(scope, bytes);
        ws.write_then_fold_log(&mut ws.conn(), |conn| {
        let format = sheet::sniff(bytes)?;
        if sheet::stream::streams(format) {
            // A template is refused once the reader has listed the sheets.
            let refuse_template = |sheets: &[String]| template::refuse_as_rows_named(bytes, sheets);
            let streamed = sheet::stream::stream(
                format,
                bytes,
                options.sheet.as_deref(),
                &header_fields(options.kind),
                refuse_template,
                |tail| {
                    let head = tail.head(HEAD_ROWS)?;
                    if !tail.in_order() {
                        // Rows stored out of order (some tools write the
                        // last row first): the sheet is read whole and sorted.
                        return Ok(None);
                    }
                    let (sheets, sheet) = (tail.sheets.clone(), tail.sheet.clone());
                    let p = prepare::understand(conn, request(), format, sheets, sheet, head)?;
                    tracing::debug!(elapsed = ?started.elapsed(), "first rows read and mapped");
                    run::run(
                        conn,
                        &p,
                        tail,
                        &options.stages,
                        &opts,
                        &digest,
                        &mut |done, total| report_progress(PHASE_WRITING, done, total),
                    )
                },
            )?;
            if let Some(report) = streamed {
                return Ok(report);
            }
        } else {
            template::refuse_as_rows(bytes)?;
        }
        let p = prepare::prepare(conn, request())?;
        tracing::debug!(elapsed = ?started.elapsed(), rows = p.data.len(), "file read and mapped");
        let mut whole = sheet::RowStream::empty();
        run::run(
            conn,
            &p,
            &mut whole,
            &options.stages,
            &opts,
            &digest,
            &mut |done, total| report_progress(PHASE_WRITING, done, total),
        )?
        .ok_or_else(|| crate::Error::invalid("The sheet could not be imported in one pass."))
    })
    })
}

/// Imports a file from disk (the CLI's path).
pub fn import_file(
    ws: &Workspace,
    path: &std::path::Path,
    options: &ImportOptions,
    progress: &mut dyn FnMut(&str, u64, u64),
) -> Result<ImportReport> {
    let bytes = crate::store::files::read_user_file(ws, path, sheet::MAX_FILE_BYTES)?;
    let name = path
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_else(|| "file".into());
    import_bytes(ws, &name, &bytes, options, progress)
}

/// Largest upload the local server accepts (the reader's own limit).
pub const MAX_UPLOAD_BYTES: usize = sheet::MAX_FILE_BYTES;
