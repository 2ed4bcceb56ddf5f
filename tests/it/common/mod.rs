//! Shared helpers of the integration tests: a real workspace in a temp dir,
//! workbooks written with rust_xlsxwriter, zip surgery on them, the
//! committed input files of `tests/fixtures`, LibreOffice conversions (of
//! our own exports) and running the real `salesos` binary.

pub mod http;
#[cfg(target_os = "linux")]
pub mod measure;

use std::io::{Cursor, Read, Write};
use std::path::{Path, PathBuf};
use std::process::{Command, Output};

use chrono::{NaiveDate, NaiveDateTime};
use rust_xlsxwriter::{Format, Workbook};
use salesos::api::{self, Deal, DealColumn, DealQuery, Empty};
use salesos::import::{import_file, ImportOptions, ImportReport, RowIssue};
use salesos::store::Workspace;

/// "Today" of every test workspace, so quarters and forecasts are stable.
pub const TODAY: (i32, u32, u32) = (2026, 3, 10);

pub fn d(y: i32, m: u32, day: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(y, m, day).expect("valid date")
}

pub fn dt(y: i32, m: u32, day: u32, h: u32, min: u32) -> NaiveDateTime {
    d(y, m, day).and_hms_opt(h, min, 0).expect("valid time")
}

/// Excel's 1900-system serial number of a date.
pub fn serial_1900(date: NaiveDate) -> f64 {
    (date - d(1899, 12, 30)).num_days() as f64
}

/// Excel's 1904-system serial number of a date.
pub fn serial_1904(date: NaiveDate) -> f64 {
    (date - d(1904, 1, 1)).num_days() as f64
}

/// A temp dir holding a real SQLite workspace (in `ws/`) and the test's files.
pub struct TestWs {
    pub dir: tempfile::TempDir,
    pub ws: Workspace,
}

impl TestWs {
    pub fn new() -> TestWs {
        let dir = tempfile::tempdir().expect("temp dir");
        let ws = Workspace::open(&dir.path().join("ws"))
            .expect("open workspace")
            .with_today(d(TODAY.0, TODAY.1, TODAY.2));
        TestWs { dir, ws }
    }

    pub fn data_dir(&self) -> PathBuf {
        self.dir.path().join("ws")
    }

    /// Writes a file next to the workspace and returns its path.
    pub fn write(&self, name: &str, bytes: impl AsRef<[u8]>) -> PathBuf {
        let path = self.dir.path().join(name);
        std::fs::write(&path, bytes).expect("write test file");
        path
    }

    pub fn import_with(
        &self,
        path: &Path,
        options: &ImportOptions,
    ) -> salesos::Result<ImportReport> {
        import_file(&self.ws, path, options, &mut |_, _, _| {})
    }

    /// Writes `bytes` as `name` and imports it as deals with default options.
    pub fn import(&self, name: &str, bytes: impl AsRef<[u8]>) -> ImportReport {
        let path = self.write(name, bytes);
        self.import_with(&path, &ImportOptions::default())
            .unwrap_or_else(|e| panic!("importing {name} failed: {e}"))
    }

    /// Writes and imports a file that must be refused; returns the message.
    pub fn import_err(&self, name: &str, bytes: impl AsRef<[u8]>) -> String {
        let path = self.write(name, bytes);
        match self.import_with(&path, &ImportOptions::default()) {
            Ok(r) => panic!("{name} should have been refused, got {r:#?}"),
            Err(e) => e.to_string(),
        }
    }

    /// Every deal, in close-date order (the CLI's `deals` order).
    pub fn deals(&self) -> Vec<Deal> {
        let conn = self.ws.conn();
        let cal = salesos::store::settings::calendar(&conn).expect("calendar");
        salesos::store::deals::all(&conn, &cal, &DealQuery::default()).expect("all deals")
    }

    /// The deal with this external id, through the UI's `list_deals` command.
    pub fn deal(&self, external_id: &str) -> Deal {
        let page = api::list_deals(
            &self.ws,
            DealQuery {
                search: Some(external_id.to_string()),
                limit: 1000,
                ..DealQuery::default()
            },
        )
        .expect("list_deals");
        page.rows
            .into_iter()
            .find(|d| d.external_id.as_deref() == Some(external_id))
            .unwrap_or_else(|| panic!("no deal with id {external_id}"))
    }

    pub fn deal_named(&self, name: &str) -> Deal {
        self.deals()
            .into_iter()
            .find(|d| d.name.as_deref() == Some(name))
            .unwrap_or_else(|| panic!("no deal named {name}"))
    }

    pub fn deal_count(&self) -> u32 {
        api::list_deals(&self.ws, DealQuery::default())
            .expect("list_deals")
            .total
    }

    /// Everything an import could change, to prove a refused file changed nothing.
    pub fn snapshot(&self) -> String {
        let page = api::list_deals(
            &self.ws,
            DealQuery {
                sort: DealColumn::ExternalId,
                limit: 1000,
                ..DealQuery::default()
            },
        )
        .expect("list_deals");
        let reps = api::list_reps(&self.ws, Empty {}).expect("list_reps");
        let imports = api::list_imports(&self.ws, Empty {}).expect("list_imports");
        let stages = api::stage_mapping(&self.ws, Empty {}).expect("stage_mapping");
        format!(
            "{} deals {:?}\nreps {:?}\nimports {:?}\nstages {:?}",
            page.total,
            page.rows,
            reps,
            imports
                .iter()
                .map(|i| (i.id, &i.file_name))
                .collect::<Vec<_>>(),
            stages
        )
    }
}

/// The issue reported for a sheet row, or a panic listing all of them.
pub fn issue_at(issues: &[RowIssue], row: u32) -> &RowIssue {
    issues
        .iter()
        .find(|i| i.row == row)
        .unwrap_or_else(|| panic!("no issue on row {row}; issues: {issues:#?}"))
}

/// Whether some note contains `text`.
pub fn has_note(report: &ImportReport, text: &str) -> bool {
    report.notes.iter().any(|n| n.contains(text))
}

// ---- workbooks ----------------------------------------------------------------

/// One cell of a test workbook.
#[derive(Debug, Clone)]
pub enum C {
    Blank,
    S(String),
    N(f64),
    /// A real date cell (a serial number with a date format).
    D(NaiveDate),
    /// A real date-time cell.
    Dt(NaiveDateTime),
    /// A raw serial number shown with a date format (for the 1904 system).
    SerialDate(f64),
}

impl From<&str> for C {
    fn from(s: &str) -> C {
        C::S(s.to_string())
    }
}

impl From<String> for C {
    fn from(s: String) -> C {
        C::S(s)
    }
}

impl From<f64> for C {
    fn from(n: f64) -> C {
        C::N(n)
    }
}

impl From<i32> for C {
    fn from(n: i32) -> C {
        C::N(n as f64)
    }
}

impl From<NaiveDate> for C {
    fn from(v: NaiveDate) -> C {
        C::D(v)
    }
}

impl From<NaiveDateTime> for C {
    fn from(v: NaiveDateTime) -> C {
        C::Dt(v)
    }
}

/// A row of cells: `row!["Acme", 12500.0, d(2026, 3, 1), C::Blank]`.
#[macro_export]
macro_rules! row {
    ($($x:expr),* $(,)?) => {
        vec![$($crate::common::C::from($x)),*]
    };
}

/// A workbook with one sheet per `(name, rows)`; rows start at A1, an empty
/// row leaves that sheet row blank.
pub fn xlsx_sheets(sheets: &[(&str, &[Vec<C>])]) -> Vec<u8> {
    let mut wb = Workbook::new();
    for (name, rows) in sheets {
        let ws = wb.add_worksheet();
        ws.set_name(*name).expect("sheet name");
        for (r, row) in rows.iter().enumerate() {
            for (c, cell) in row.iter().enumerate() {
                put(ws, r as u32, c as u16, cell);
            }
        }
    }
    wb.save_to_buffer().expect("xlsx")
}

/// A one-sheet workbook ("Sheet1").
pub fn xlsx(rows: &[Vec<C>]) -> Vec<u8> {
    xlsx_sheets(&[("Sheet1", rows)])
}

/// A one-sheet workbook with cells at explicit (row, column) positions, 0-based.
pub fn xlsx_cells(cells: &[(u32, u16, C)]) -> Vec<u8> {
    let mut wb = Workbook::new();
    let ws = wb.add_worksheet();
    for (r, c, cell) in cells {
        put(ws, *r, *c, cell);
    }
    wb.save_to_buffer().expect("xlsx")
}

fn put(ws: &mut rust_xlsxwriter::Worksheet, r: u32, c: u16, cell: &C) {
    let date = Format::new().set_num_format("yyyy-mm-dd");
    let date_time = Format::new().set_num_format("yyyy-mm-dd hh:mm");
    match cell {
        C::Blank => Ok(ws),
        C::S(s) => ws.write_string(r, c, s),
        C::N(n) => ws.write_number(r, c, *n),
        C::D(v) => ws.write_datetime_with_format(r, c, v, &date),
        C::Dt(v) => ws.write_datetime_with_format(r, c, v, &date_time),
        C::SerialDate(n) => ws.write_number_with_format(r, c, *n, &date),
    }
    .expect("write cell");
}

/// Rebuilds a zip, passing every entry through `edit(name, bytes)`: `None`
/// drops the entry, `Some((name, bytes))` keeps it (possibly renamed or changed).
pub fn rewrite_zip(
    bytes: &[u8],
    mut edit: impl FnMut(&str, Vec<u8>) -> Option<(String, Vec<u8>)>,
) -> Vec<u8> {
    let mut archive = zip::ZipArchive::new(Cursor::new(bytes)).expect("read zip");
    let mut out = zip::ZipWriter::new(Cursor::new(Vec::new()));
    let options = zip::write::SimpleFileOptions::default()
        .compression_method(zip::CompressionMethod::Deflated);
    for i in 0..archive.len() {
        let mut entry = archive.by_index(i).expect("zip entry");
        let name = entry.name().expect("entry name").into_owned();
        let mut content = Vec::new();
        entry.read_to_end(&mut content).expect("read entry");
        drop(entry);
        if let Some((name, content)) = edit(&name, content) {
            out.start_file(name, options).expect("start entry");
            out.write_all(&content).expect("write entry");
        }
    }
    out.finish().expect("finish zip").into_inner()
}

/// Replaces text inside one part of a workbook.
pub fn patch_part(bytes: &[u8], part: &str, from: &str, to: &str) -> Vec<u8> {
    let mut found = false;
    let out = rewrite_zip(bytes, |name, content| {
        if name != part {
            return Some((name.to_string(), content));
        }
        let text = String::from_utf8(content).expect("xml part is UTF-8");
        assert!(text.contains(from), "{part} has no {from:?}: {text}");
        found = true;
        Some((name.to_string(), text.replacen(from, to, 1).into_bytes()))
    });
    assert!(found, "no part {part}");
    out
}

/// The text of one part of a zip.
pub fn zip_part(bytes: &[u8], part: &str) -> String {
    let mut archive = zip::ZipArchive::new(Cursor::new(bytes)).expect("read zip");
    let mut text = String::new();
    archive
        .by_name(part)
        .expect("part")
        .read_to_string(&mut text)
        .expect("read part");
    text
}

/// A zip with the given entries; the first is stored uncompressed (as ODS
/// wants its `mimetype`), the rest deflated.
pub fn zip_of(entries: &[(&str, &[u8])]) -> Vec<u8> {
    let mut out = zip::ZipWriter::new(Cursor::new(Vec::new()));
    for (i, (name, content)) in entries.iter().enumerate() {
        let method = if i == 0 {
            zip::CompressionMethod::Stored
        } else {
            zip::CompressionMethod::Deflated
        };
        let options = zip::write::SimpleFileOptions::default().compression_method(method);
        out.start_file(*name, options).expect("start entry");
        out.write_all(content).expect("write entry");
    }
    out.finish().expect("finish zip").into_inner()
}

/// Where the committed test file `tests/fixtures/<name>` is.
pub fn fixture_path(name: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures")
        .join(name)
}

/// The bytes of the committed test file `tests/fixtures/<name>` (files
/// LibreOffice wrote once, so reading them needs no LibreOffice; see
/// `tests/fixtures/generate.sh`).
pub fn fixture(name: &str) -> Vec<u8> {
    let path = fixture_path(name);
    std::fs::read(&path).unwrap_or_else(|e| {
        panic!(
            "{}: {e} (`make fixtures` regenerates tests/fixtures)",
            path.display()
        )
    })
}

/// Converts `input` with LibreOffice (`soffice --headless --convert-to`),
/// using a private profile so parallel runs do not share one.
pub fn soffice_convert(input: &Path, to: &str, work: &Path) -> PathBuf {
    let out_dir = work.join(format!("converted-{to}"));
    std::fs::create_dir_all(&out_dir).expect("out dir");
    let profile = work.join("lo-profile");
    let output = Command::new("soffice")
        .arg(format!("-env:UserInstallation=file://{}", profile.display()))
        .args(["--headless", "--norestore", "--convert-to", to, "--outdir"])
        .arg(&out_dir)
        .arg(input)
        .env("HOME", work)
        .output()
        .unwrap_or_else(|e| {
            panic!("LibreOffice (soffice) is needed to write .{to} files for this test ({e}); `make test` installs it")
        });
    let stem = input.file_stem().expect("stem").to_string_lossy();
    let converted = out_dir.join(format!("{stem}.{to}"));
    assert!(
        converted.exists(),
        "soffice did not write {}: status {}, stdout {}, stderr {}",
        converted.display(),
        output.status,
        String::from_utf8_lossy(&output.stdout),
        String::from_utf8_lossy(&output.stderr)
    );
    converted
}

// ---- the real binary ----------------------------------------------------------

/// Runs `salesos --data DATA ARGS...`.
pub fn cli(data: &Path, args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_salesos"))
        .arg("--data")
        .arg(data)
        .args(args)
        .env("SALESOS_TODAY", "2026-03-10")
        .env_remove("SALESOS_DATA")
        .output()
        .expect("run salesos")
}

pub fn stdout(o: &Output) -> String {
    String::from_utf8_lossy(&o.stdout).into_owned()
}

pub fn stderr(o: &Output) -> String {
    String::from_utf8_lossy(&o.stderr).into_owned()
}

/// Runs the binary and returns its exit status, stdout, stderr and peak
/// resident memory in kB (its own: see `measure`).
#[cfg(target_os = "linux")]
pub fn cli_peak_memory(data: &Path, args: &[&str], work: &Path) -> (i32, String, String, i64) {
    let out_path = work.join("cli-stdout.txt");
    let err_path = work.join("cli-stderr.txt");
    let mut command = Command::new(env!("CARGO_BIN_EXE_salesos"));
    command
        .arg("--data")
        .arg(data)
        .args(args)
        .env("SALESOS_TODAY", "2026-03-10");
    let ended = measure::run(measure::Spec {
        stdout: Some(out_path.clone()),
        stderr: Some(err_path.clone()),
        ..measure::Spec::of(&command)
    });
    (
        ended.status.code().unwrap_or(-1),
        std::fs::read_to_string(&out_path).unwrap_or_default(),
        std::fs::read_to_string(&err_path).unwrap_or_default(),
        ended.peak_kb,
    )
}

/// Adds a candidate with nothing but a name and a role, as the hiring tests
/// start from.
pub fn add_candidate(
    t: &TestWs,
    name: &str,
    role: salesos::hiring::Role,
) -> salesos::hiring::Candidate {
    api::create_candidate(
        &t.ws,
        salesos::hiring::CandidateInput {
            name: name.into(),
            role,
            source: None,
            stage: None,
            notes: String::new(),
            resume_url: None,
            start_date: None,
        },
    )
    .expect("create candidate")
}
