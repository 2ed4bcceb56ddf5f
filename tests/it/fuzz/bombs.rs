//! The memory and time bombs, through the real binary: each runs in a
//! process of its own with its address space capped (so a bomb cannot take
//! the machine down), a time limit, and its peak memory measured.
use std::os::unix::process::ExitStatusExt;
use std::process::Command;
use std::time::Duration;

use super::mutate::{self, Kind, Scale};
use super::rng::Rng;
use super::seeds::Seed;
use super::Failure;
use crate::common::measure;

/// Peak resident memory a bomb may reach.
const MAX_PEAK_KB: i64 = 512 * 1024;
/// The child's address-space cap: past it allocations fail and it dies.
const ADDRESS_SPACE: u64 = 4 << 30;
/// A bomb still running after this is killed (and fails).
const KILL_AFTER: Duration = Duration::from_secs(60);

const KINDS: &[Kind] = &[
    Kind::RepeatAttributes,
    Kind::XmlEntities,
    Kind::XmlDeepNesting,
    Kind::GiantCell,
    Kind::ZipSizeLie,
];

/// The fixed bombs: (seed file, mutation); a missing seed is skipped.
const FIXED: &[(&str, Option<Kind>)] = &[
    ("deals.ods", Some(Kind::RepeatAttributes)),
    ("deals.xlsx", Some(Kind::RepeatAttributes)),
    ("deals.xlsx", Some(Kind::XmlEntities)),
    ("deals.xlsx", Some(Kind::XmlDeepNesting)),
    ("deals.ods", Some(Kind::XmlDeepNesting)),
    ("deals.xlsx", Some(Kind::GiantCell)),
    ("deals.ods", Some(Kind::GiantCell)),
    ("deals.csv", Some(Kind::GiantCell)),
    ("deals.xlsx", Some(Kind::ZipSizeLie)),
    ("calamine__issue_594_dos.ods", None),
];

struct Run {
    code: Option<i32>,
    signal: Option<i32>,
    stdout: String,
    stderr: String,
    peak_kb: i64,
    elapsed: Duration,
}

fn run_binary(file: &std::path::Path, work: &std::path::Path) -> Run {
    let out_path = work.join("stdout.txt");
    let err_path = work.join("stderr.txt");
    let data = work.join("ws");
    let mut command = Command::new(env!("CARGO_BIN_EXE_salesos"));
    command
        .arg("--data")
        .arg(&data)
        .args(["import", &file.to_string_lossy(), "--json"])
        .env("SALESOS_TODAY", "2026-03-10")
        .env_remove("SALESOS_DATA");
    // Through a go-between, so the peak is the binary's own.
    let ended = measure::run(measure::Spec {
        stdout: Some(out_path.clone()),
        stderr: Some(err_path.clone()),
        address_space: Some(ADDRESS_SPACE),
        kill_after: Some(KILL_AFTER),
        ..measure::Spec::of(&command)
    });
    Run {
        code: ended.status.code(),
        signal: ended.status.signal(),
        stdout: std::fs::read_to_string(&out_path).unwrap_or_default(),
        stderr: std::fs::read_to_string(&err_path).unwrap_or_default(),
        peak_kb: ended.peak_kb,
        elapsed: ended.elapsed,
    }
}

fn check(run: &Run) -> Vec<String> {
    let mut problems = Vec::new();
    if run.stderr.contains("panicked") {
        problems.push(format!("panic: {}", run.stderr.trim()));
    }
    match (run.code, run.signal) {
        (Some(0), _) => match serde_json::from_str::<serde_json::Value>(&run.stdout) {
            Ok(json) => {
                let n = |k: &str| json[k].as_u64().unwrap_or(u64::MAX);
                let sum = ["created", "updated", "unchanged", "rejected", "merged"]
                    .iter()
                    .map(|k| n(k))
                    .fold(0u64, u64::saturating_add);
                if n("rows_read") != sum {
                    problems.push(format!("rows do not add up: {json}"));
                }
            }
            Err(e) => problems.push(format!("stdout is not JSON ({e})")),
        },
        (Some(1), _) => {}
        (code, signal) => problems.push(format!(
            "exit code {code:?}, signal {signal:?} (killed: over {KILL_AFTER:?} or out of its {} GiB address space); stderr {}",
            ADDRESS_SPACE >> 30,
            run.stderr.lines().last().unwrap_or("")
        )),
    }
    if run.elapsed > super::MAX_TIME {
        problems.push(format!("took {:?}", run.elapsed));
    }
    if run.peak_kb > MAX_PEAK_KB {
        problems.push(format!("peak memory {} MB", run.peak_kb / 1024));
    }
    problems
}

/// Runs the fixed bombs and `SALESOS_FUZZ_BOMBS` random ones; prints each
/// one's time and peak memory.
pub fn run(seed: u64) -> Vec<Failure> {
    let seeds = super::seeds::all();
    let seeds = seeds.as_slice();
    let random = super::env_u64("SALESOS_FUZZ_BOMBS").unwrap_or(0);
    let mut list: Vec<(String, &Seed, Option<Kind>, Rng)> = Vec::new();
    for (i, (name, kind)) in FIXED.iter().enumerate() {
        match seeds.iter().find(|s| s.name == *name) {
            Some(s) => list.push((
                format!("bomb {i}"),
                s,
                *kind,
                Rng::for_case(seed, 1 << 40 | i as u64),
            )),
            None => println!("fuzz: bomb {i} skipped: no seed {name}"),
        }
    }
    for i in 0..random {
        let mut rng = Rng::for_case(seed, 1 << 41 | i);
        // Workbooks take every bomb; text only giant cells.
        let s = rng.pick(seeds);
        let kind = if s.is_zip() {
            *rng.pick(KINDS)
        } else {
            Kind::GiantCell
        };
        list.push((format!("random bomb {i}"), s, Some(kind), rng));
    }
    let work = tempfile::tempdir().expect("temp dir");
    let mut failures = Vec::new();
    let mut peak = (0i64, String::new());
    let mut slowest = (Duration::ZERO, String::new());
    for (label, s, kind, mut rng) in list {
        let bytes = match kind {
            Some(k) => match mutate::apply(k, &s.bytes, &mut rng, Scale::Bomb) {
                Some(b) => b,
                None => continue,
            },
            None => s.bytes.clone(),
        };
        let what = format!("{label} ({} with {kind:?}, {} bytes)", s.name, bytes.len());
        let dir = work.path().join(label.replace(' ', "-"));
        std::fs::create_dir_all(&dir).expect("bomb dir");
        let file = dir.join(&s.name);
        std::fs::write(&file, &bytes).expect("write bomb");
        let run = run_binary(&file, &dir);
        let outcome = match run.code {
            Some(0) => "accepted".to_string(),
            _ => run
                .stderr
                .lines()
                .rfind(|l| l.starts_with("error:"))
                .unwrap_or("")
                .to_string(),
        };
        println!(
            "fuzz: {what}: {:?}, peak {} MB, {outcome}",
            run.elapsed,
            run.peak_kb / 1024
        );
        if run.peak_kb > peak.0 {
            peak = (run.peak_kb, what.clone());
        }
        if run.elapsed > slowest.0 {
            slowest = (run.elapsed, what.clone());
        }
        let problems = check(&run);
        if !problems.is_empty() {
            println!("fuzz: FAILED {what}: {}", problems.join("; "));
            let reader = super::reader(&s.name, &bytes);
            failures.push(Failure {
                what,
                reader,
                problems,
            });
        }
        let _ = std::fs::remove_dir_all(&dir);
    }
    println!(
        "fuzz: bombs: highest peak {} MB ({}), slowest {:?} ({})",
        peak.0 / 1024,
        peak.1,
        slowest.0,
        slowest.1
    );
    failures
}
