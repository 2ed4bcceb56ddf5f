//! `make bench`: importing a generated 100,000-deal xlsx (12 columns) against
//! calamine's streaming cells reader reading the same sheet, in the same run.
//!
//! Prints the times, the ratio (goal 1.5x, limit 2x), the import's peak
//! memory (measured in a child process so generation does not count) and the
//! quarter forecast's time as a share of the import.
use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

use calamine::{Reader, Xlsx};
use chrono::NaiveDate;
use rust_xlsxwriter::{Format, Workbook};

mod common;
use common::{deals, peak_rss_mb, RUNS};

fn generate(path: &Path) {
    let mut wb = Workbook::new();
    let sheet = wb.add_worksheet();
    let date = Format::new().set_num_format("yyyy-mm-dd");
    let headers = [
        "Opportunity ID",
        "Opportunity Name",
        "Account Name",
        "Opportunity Owner",
        "Amount",
        "Currency",
        "Close Date",
        "Created Date",
        "Stage",
        "Risk",
        "Next Step",
        "Last Activity",
    ];
    for (c, h) in headers.iter().enumerate() {
        sheet.write(0, c as u16, *h).unwrap();
    }
    let stages = [
        "Prospecting",
        "Discovery",
        "Demo",
        "Id. Decision Makers",
        "Proposal/Price Quote",
        "Negotiation/Review",
        "Closed Won",
        "Closed Lost",
    ];
    let risks = ["red", "orange", "yellow", "green", ""];
    let base = NaiveDate::from_ymd_opt(2025, 1, 1).unwrap();
    for i in 0..deals() {
        let r = i + 1;
        let close = base + chrono::Duration::days((i % 700) as i64);
        let created = close - chrono::Duration::days(30 + (i % 90) as i64);
        sheet.write(r, 0, format!("OPP-{i:07}")).unwrap();
        sheet.write(r, 1, format!("Deal {i}")).unwrap();
        sheet.write(r, 2, format!("Account {}", i % 5000)).unwrap();
        sheet.write(r, 3, format!("Rep {}", i % 60)).unwrap();
        sheet
            .write(r, 4, 1000.0 + (i % 997) as f64 * 125.5)
            .unwrap();
        sheet.write(r, 5, "USD").unwrap();
        sheet.write_date_with_format(r, 6, close, &date).unwrap();
        sheet.write_date_with_format(r, 7, created, &date).unwrap();
        sheet.write(r, 8, stages[(i % 8) as usize]).unwrap();
        let risk = risks[(i % 5) as usize];
        if !risk.is_empty() {
            sheet.write(r, 9, risk).unwrap();
        }
        sheet
            .write(r, 10, "Confirm the mutual action plan")
            .unwrap();
        sheet
            .write_date_with_format(r, 11, close - chrono::Duration::days(7), &date)
            .unwrap();
    }
    wb.save(path).unwrap();
}

fn calamine_read(path: &Path) -> u64 {
    let mut wb: Xlsx<_> = calamine::open_workbook(path).unwrap();
    let name = wb.sheet_names()[0].clone();
    let mut reader = wb.worksheet_cells_reader(&name).unwrap();
    let mut n = 0;
    while let Some(cell) = reader.next_cell().unwrap() {
        if !matches!(cell.get_value(), calamine::DataRef::Empty) {
            n += 1;
        }
    }
    n
}

fn import(path: &Path, dir: &Path) -> salesos::store::Workspace {
    let ws = salesos::store::Workspace::open(dir).unwrap();
    let report =
        salesos::import::import_file(&ws, path, &Default::default(), &mut |_, _, _| {}).unwrap();
    assert_eq!(report.created as usize, report.rows_read as usize);
    ws
}

fn best<T>(mut f: impl FnMut() -> T) -> (Duration, T) {
    let mut best = Duration::MAX;
    let mut last = None;
    for _ in 0..RUNS {
        let t = Instant::now();
        let v = f();
        best = best.min(t.elapsed());
        last = Some(v);
    }
    (best, last.unwrap())
}

fn main() {
    if let Ok(filter) = std::env::var("SALESOS_LOG") {
        tracing_subscriber::fmt()
            .with_env_filter(filter)
            .with_writer(std::io::stderr)
            .init();
    }
    // Child mode: import once and report this process's peak memory.
    if let Ok(file) = std::env::var("SALESOS_BENCH_CHILD") {
        let dir = tempfile::tempdir().unwrap();
        import(Path::new(&file), dir.path());
        println!("{:.1}", peak_rss_mb());
        return;
    }
    let dir = tempfile::tempdir().unwrap();
    let file: PathBuf = match std::env::var("SALESOS_BENCH_OUT") {
        Ok(p) => PathBuf::from(p),
        Err(_) => dir.path().join("deals.xlsx"),
    };
    let t = Instant::now();
    generate(&file);
    let size = std::fs::metadata(&file).unwrap().len();
    println!(
        "generated {} deals x 12 columns: {:.1} MB in {:.2?}",
        deals(),
        size as f64 / 1e6,
        t.elapsed()
    );

    let bytes = std::fs::read(&file).unwrap();
    let scratch = salesos::store::Workspace::open(&dir.path().join("scratch")).unwrap();
    let (prep, _) = best(|| {
        salesos::import::preview(
            &scratch,
            "bench",
            "deals.xlsx",
            &bytes,
            None,
            Default::default(),
            None,
        )
        .unwrap()
    });
    let (mut read, mut imp, mut cells, mut ws) = (Duration::MAX, Duration::MAX, 0, None);
    for n in 0..RUNS {
        let t = Instant::now();
        cells = calamine_read(&file);
        read = read.min(t.elapsed());
        let t = Instant::now();
        let imported = import(&file, &dir.path().join(format!("ws{n}")));
        imp = imp.min(t.elapsed());
        ws = Some(imported);
        // The import folds its log into the database in the background
        // after it returns; let that finish before the next measurement.
        std::thread::sleep(Duration::from_millis(500));
    }
    println!("calamine streaming read:      {read:>10.2?}  ({cells} cells)");
    println!("salesos read + map (preview): {prep:>10.2?}");
    println!("salesos import (fresh ws):    {imp:>10.2?}");
    let ws = ws.unwrap();
    let ws = ws.with_today(NaiveDate::from_ymd_opt(2026, 3, 15).unwrap());
    let (fc, report) = best(|| salesos::api::forecast(&ws, Default::default()).unwrap());
    println!("quarter forecast ({}):    {fc:>10.2?}", report.quarter);
    let ratio = imp.as_secs_f64() / read.as_secs_f64();
    println!("ratio import / calamine:      {ratio:>10.2}x   (goal 1.5x, limit 2x)");
    println!(
        "forecast / import:            {:>10.1}%  (limit 5%)",
        100.0 * fc.as_secs_f64() / imp.as_secs_f64()
    );

    let exe = std::env::current_exe().unwrap();
    let out = std::process::Command::new(exe)
        .env("SALESOS_BENCH_CHILD", &file)
        .output()
        .unwrap();
    let peak = String::from_utf8_lossy(&out.stdout).trim().to_string();
    println!("peak memory of one import:    {peak:>10} MB (limit 200 MB)");
}
