//! `make bench`: importing a generated activity export of 1,000,000 rows (one
//! row per activity, csv, 200 reps over two years) against the csv crate
//! reading the same file, in the same run; then the ramp board over those
//! 200 reps as a share of the import.
//!
//! Prints the times, the ratio (limit 5x), the import's peak memory
//! (measured in a child process; limit 300 MB) and the ramp board's time
//! (limit 5 % of the import): its first view after the import, and a view
//! again with nothing changed (the kept answer).
use std::io::Write;
use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

use chrono::NaiveDate;

mod common;
use common::peak_rss_mb;

const REPS: u32 = 200;
const RUNS: usize = 3;

fn rows() -> u32 {
    std::env::var("SALESOS_BENCH_ACTIVITIES")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(1_000_000)
}

fn today() -> NaiveDate {
    NaiveDate::from_ymd_opt(2026, 3, 10).unwrap()
}

fn generate(path: &Path, roster: &Path) {
    let mut f = std::io::BufWriter::new(std::fs::File::create(path).unwrap());
    writeln!(
        f,
        "Assigned,Date,Activity Type,Call Result,Subject,Activity ID"
    )
    .unwrap();
    let types = [
        "Call",
        "Call",
        "Email",
        "Email",
        "Email",
        "Meeting",
        "Demo",
        "Follow-up meeting",
    ];
    let results = ["Connected", "No answer", "Left voicemail", ""];
    let start = today() - chrono::Duration::days(730);
    for i in 0..rows() {
        let rep = i % REPS;
        let day = start + chrono::Duration::days(i64::from((i / REPS) % 730));
        let t = types[(i % 8) as usize];
        let r = if t == "Call" {
            results[(i % 4) as usize]
        } else {
            ""
        };
        writeln!(
            f,
            "Rep {rep:03},{day},{t},{r},{t} with Account {},ACT-{i:08}",
            i % 5000
        )
        .unwrap();
    }
    f.flush().unwrap();
    let mut r = std::io::BufWriter::new(std::fs::File::create(roster).unwrap());
    writeln!(r, "Rep Name,Role,Start Date").unwrap();
    for rep in 0..REPS {
        let role = if rep % 4 == 0 { "SDR" } else { "AE" };
        // Starts over three years: most ramped, a few in ramp.
        let started = today() - chrono::Duration::days(i64::from(20 + rep * 5));
        writeln!(r, "Rep {rep:03},{role},{started}").unwrap();
    }
    r.flush().unwrap();
}

fn csv_read(path: &Path) -> u64 {
    let mut reader = csv::Reader::from_path(path).unwrap();
    let mut record = csv::StringRecord::new();
    let mut n = 0;
    while reader.read_record(&mut record).unwrap() {
        n += record.len() as u64;
    }
    n
}

/// A workspace with the roster imported, ready for the activities.
fn workspace(roster: &Path, dir: &Path) -> salesos::store::Workspace {
    let ws = salesos::store::Workspace::open(dir)
        .unwrap()
        .with_today(today());
    let reps = salesos::import::ImportOptions {
        kind: salesos::import::ImportKind::Reps,
        ..Default::default()
    };
    salesos::import::import_file(&ws, roster, &reps, &mut |_, _, _| {}).unwrap();
    ws
}

fn import(ws: &salesos::store::Workspace, path: &Path) {
    let options = salesos::import::ImportOptions {
        kind: salesos::import::ImportKind::Activities,
        ..Default::default()
    };
    let report = salesos::import::import_file(ws, path, &options, &mut |_, _, _| {}).unwrap();
    assert_eq!(report.created, report.rows_read);
}

fn main() {
    // RUST_LOG=salesos=debug shows where an import spends its time.
    if std::env::var_os("RUST_LOG").is_some() {
        tracing_subscriber::fmt()
            .with_env_filter(tracing_subscriber::EnvFilter::from_default_env())
            .with_writer(std::io::stderr)
            .init();
    }
    if let Ok(file) = std::env::var("SALESOS_BENCH_CHILD") {
        let dir = tempfile::tempdir().unwrap();
        let roster = std::env::var("SALESOS_BENCH_ROSTER").unwrap();
        let ws = workspace(Path::new(&roster), dir.path());
        import(&ws, Path::new(&file));
        println!("{:.1}", peak_rss_mb());
        return;
    }
    let dir = tempfile::tempdir().unwrap();
    let file: PathBuf = dir.path().join("activities.csv");
    let roster = dir.path().join("roster.csv");
    let t = Instant::now();
    generate(&file, &roster);
    let size = std::fs::metadata(&file).unwrap().len();
    println!(
        "generated {} activities of {REPS} reps over two years: {:.1} MB in {:.2?}",
        rows(),
        size as f64 / 1e6,
        t.elapsed()
    );
    let (mut read, mut imp, mut fields) = (Duration::MAX, Duration::MAX, 0);
    let (mut first_view, mut again, mut in_ramp) = (Duration::MAX, Duration::MAX, 0);
    for n in 0..RUNS {
        let t = Instant::now();
        fields = csv_read(&file);
        read = read.min(t.elapsed());
        // Timed: the activities import alone, into a workspace that has the roster.
        let ws = workspace(&roster, &dir.path().join(format!("ws{n}")));
        let t = Instant::now();
        import(&ws, &file);
        imp = imp.min(t.elapsed());
        // The board's first view after the import computes it; the next
        // one, with nothing changed, is the kept answer.
        let t = Instant::now();
        let b = salesos::api::ramp_board(&ws, Default::default()).unwrap();
        first_view = first_view.min(t.elapsed());
        in_ramp = b.reps.len();
        let t = Instant::now();
        salesos::api::ramp_board(&ws, Default::default()).unwrap();
        again = again.min(t.elapsed());
        std::thread::sleep(Duration::from_millis(500));
    }
    println!("csv crate read:               {read:>10.2?}  ({fields} fields)");
    println!("salesos activities import:    {imp:>10.2?}");
    println!("ramp board ({REPS} reps, {in_ramp} in ramp), first view: {first_view:>10.2?}");
    println!("ramp board again, unchanged:  {again:>10.2?}");
    println!(
        "ratio import / csv read:      {:>10.2}x   (limit 5x)",
        imp.as_secs_f64() / read.as_secs_f64()
    );
    println!(
        "ramp board / import:          {:>10.1}%  (limit 5%; again: {:.2}%)",
        100.0 * first_view.as_secs_f64() / imp.as_secs_f64(),
        100.0 * again.as_secs_f64() / imp.as_secs_f64()
    );
    let exe = std::env::current_exe().unwrap();
    let out = std::process::Command::new(exe)
        .env("SALESOS_BENCH_CHILD", &file)
        .env("SALESOS_BENCH_ROSTER", &roster)
        .output()
        .unwrap();
    let peak = String::from_utf8_lossy(&out.stdout).trim().to_string();
    println!("peak memory of one import:    {peak:>10} MB (limit 300 MB)");
}
