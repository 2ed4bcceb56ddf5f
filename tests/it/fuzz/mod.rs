//! Mutation fuzzing of every reader on stable Rust.
//!
//! Seeds are made here (CSV dialects, xlsx, ods) or read from the small real
//! workbooks in `../shared/data` (xls, xlsb, ods; skipped when missing).
//! Each case mutates one seed with a generator seeded from the run's seed
//! and the case index, imports it in-process into a real workspace, and
//! checks that nothing panicked (not even inside the importer's own panic
//! guard, which would hide a reader bug), that it took under 10 s, that a
//! refusal is one plain line, and that an accepted file accounts for every
//! row (rows_read = created + updated + unchanged + rejected + merged, one
//! error per rejected row, one listed repeat per merged row). A text seed given only a byte order mark or other line
//! ends must read as many rows as the seed itself. The memory and time bombs (ods repeats, entity expansion,
//! deep nesting, giant cells, zip size lies) also run through the real
//! binary, whose peak memory is measured.
//!
//! `cargo test --test it fuzz::` runs a few hundred cases from a fixed seed in
//! well under a minute. `make fuzz` runs many more in release mode:
//! `SALESOS_FUZZ_CASES` (cases), `SALESOS_FUZZ_SEED` (the run's seed),
//! `SALESOS_FUZZ_BOMBS` (random bombs through the binary, beside the fixed
//! ones), `SALESOS_FUZZ_GIANT_MB` (a giant cell's size, default 8) and
//! `SALESOS_FUZZ_STRICT=0` (list the binary readers' failures without
//! failing the run, to survey them: see `in_binary_reader`; by default every
//! failure fails it).
//! A failure prints its seed and case index; `SALESOS_FUZZ_ONLY=N` with the
//! same seed replays case N alone (in a fresh workspace, where the run had
//! shared one between 25 cases).
//!
//! Each batch of cases runs in a child process (this test binary again,
//! `fuzz::fuzz_worker`, started by a go-between so that its peak memory is
//! its own: see `common::measure`) with its address space capped: an
//! allocation bomb kills the child, the case is reported, and a new child
//! goes on with the next.
mod bombs;
mod mutate;
mod rng;
mod seeds;
mod zipraw;

use std::panic::{catch_unwind, AssertUnwindSafe};
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::Mutex;
use std::time::{Duration, Instant};

use crate::common::{measure, TestWs};
use mutate::{Kind, Scale};
use rng::Rng;
use salesos::import::{import_bytes, ImportKind, ImportOptions, ImportReport};
use seeds::Seed;

const DEFAULT_SEED: u64 = 20_261_126;
const DEFAULT_CASES: u64 = 300;
/// Longest a case may take.
pub const MAX_TIME: Duration = Duration::from_secs(10);
/// A case still running after this is stuck: its worker is killed.
const STUCK: Duration = Duration::from_secs(120);
/// Cases that share one workspace (re-imports see updated and unchanged deals).
const CASES_PER_WORKSPACE: u64 = 25;

static FUZZING: AtomicBool = AtomicBool::new(false);
static PANICS: Mutex<Vec<String>> = Mutex::new(Vec::new());

fn env_u64(name: &str) -> Option<u64> {
    std::env::var(name).ok().and_then(|v| v.trim().parse().ok())
}

/// Records every panic while a case runs, caught or not; other panics
/// (a failed assertion of the test itself) print as usual.
fn install_panic_hook() {
    let default = std::panic::take_hook();
    std::panic::set_hook(Box::new(move |info| {
        if FUZZING.load(Ordering::SeqCst) {
            let at = info
                .location()
                .map(|l| format!(" at {}:{}", l.file(), l.line()))
                .unwrap_or_default();
            let what = info
                .payload()
                .downcast_ref::<&str>()
                .map(|s| s.to_string())
                .or_else(|| info.payload().downcast_ref::<String>().cloned())
                .unwrap_or_default();
            if let Ok(mut p) = PANICS.lock() {
                p.push(format!("{what}{at}"));
            }
        } else {
            default(info);
        }
    }));
}

/// One case: which seed, what was done to it, and how it should be read.
pub struct Case {
    pub index: u64,
    pub seed_index: usize,
    pub seed_name: String,
    pub kinds: Vec<Kind>,
    pub name: String,
    pub bytes: Vec<u8>,
    pub kind: ImportKind,
    pub dry_run: bool,
}

impl Case {
    pub fn describe(&self) -> String {
        format!(
            "case {} ({} as {}, {:?}{}{})",
            self.index,
            self.seed_name,
            self.name,
            self.kinds,
            match self.kind {
                ImportKind::Reps => ", reps",
                ImportKind::Activities => ", activities",
                ImportKind::Deals => "",
            },
            if self.dry_run { ", dry run" } else { "" },
        )
    }

    /// The reader the case exercises.
    pub fn reader(&self) -> &'static str {
        reader(&self.seed_name, &self.bytes)
    }
}

/// The reader a file goes to, by its first bytes (a mutation can make a
/// workbook read as text) and, for a zip, by its seed's extension.
pub fn reader(seed_name: &str, bytes: &[u8]) -> &'static str {
    if bytes.starts_with(&[0xD0, 0xCF, 0x11, 0xE0]) {
        return "xls";
    }
    if !bytes.starts_with(b"PK") {
        return "text";
    }
    match seed_name.rsplit('.').next() {
        Some("xlsb") => "xlsb",
        Some("ods") => "ods",
        _ => "xlsx",
    }
}

/// Case `index` of a run: the first ones are the seeds as they are.
fn make_case(seed: u64, index: u64, seeds: &[Seed]) -> Case {
    let mut rng = Rng::for_case(seed, index);
    let plain = (index as usize) < seeds.len();
    let seed_index = if plain {
        index as usize
    } else {
        rng.below(seeds.len())
    };
    let s = &seeds[seed_index];
    let mut bytes = s.bytes.clone();
    let mut kinds = Vec::new();
    if !plain {
        for _ in 0..=rng.below(3) {
            let kind = mutate::choose(&mut rng, s.is_zip(), s.is_text());
            if let Some(b) = mutate::apply(kind, &bytes, &mut rng, Scale::InProcess) {
                bytes = b;
                kinds.push(kind);
            }
        }
    }
    let name = if !plain && rng.chance(25) {
        let stem = s
            .name
            .rsplit_once('.')
            .map_or(s.name.as_str(), |(st, _)| st);
        format!(
            "{stem}.{}",
            rng.pick(&["csv", "xlsx", "xls", "xlsb", "ods", "txt", "tsv", "bin"])
        )
    } else {
        s.name.clone()
    };
    let kind = if s.name.starts_with("roster") || (!plain && rng.chance(10)) {
        ImportKind::Reps
    } else if s.name.starts_with("activities") || (!plain && rng.chance(10)) {
        ImportKind::Activities
    } else {
        ImportKind::Deals
    };
    Case {
        index,
        seed_index,
        seed_name: s.name.clone(),
        kinds,
        name,
        bytes,
        kind,
        dry_run: !plain && rng.chance(20),
    }
}

/// What went wrong in a report or a refusal, if anything.
pub fn check_report(r: &ImportReport) -> Vec<String> {
    let mut problems = Vec::new();
    let accounted = u64::from(r.created)
        + u64::from(r.updated)
        + u64::from(r.unchanged)
        + u64::from(r.rejected)
        + u64::from(r.merged);
    if u64::from(r.rows_read) != accounted {
        problems.push(format!(
            "rows_read {} but created {} + updated {} + unchanged {} + rejected {} + merged {} = {accounted}",
            r.rows_read, r.created, r.updated, r.unchanged, r.rejected, r.merged
        ));
    }
    if r.repeats.len() != r.merged as usize {
        problems.push(format!(
            "{} merged rows but {} listed",
            r.merged,
            r.repeats.len()
        ));
    }
    if r.errors.len() != r.rejected as usize {
        problems.push(format!(
            "{} rejected rows but {} errors",
            r.rejected,
            r.errors.len()
        ));
    }
    let texts = r
        .errors
        .iter()
        .chain(&r.warnings)
        .chain(&r.skipped)
        .chain(&r.repeats)
        .map(|i| i.message.as_str())
        .chain(r.notes.iter().map(String::as_str));
    for t in texts {
        if t.contains("panicked") || t.contains("RUST_BACKTRACE") {
            problems.push(format!("a panic message in the report: {t}"));
        }
    }
    problems
}

pub fn check_refusal(message: &str) -> Vec<String> {
    let mut problems = Vec::new();
    if message.contains("panicked") || message.contains("RUST_BACKTRACE") {
        problems.push(format!("a panic message in the refusal: {message}"));
    }
    if message.trim().is_empty() || message.trim().contains('\n') {
        problems.push(format!("the refusal is not one line: {message:?}"));
    }
    problems
}

struct Outcome {
    elapsed: Duration,
    accepted: bool,
    /// `None` when refused.
    rows_read: Option<u32>,
    problems: Vec<String>,
}

/// Rows the seed reads as it is (dry run, fresh workspace); `None` if refused.
fn rows_read(seed: &Seed, kind: ImportKind) -> Option<u32> {
    let t = TestWs::new();
    let options = ImportOptions {
        kind,
        dry_run: true,
        ..ImportOptions::default()
    };
    import_bytes(&t.ws, &seed.name, &seed.bytes, &options, &mut |_, _, _| {})
        .ok()
        .map(|r| r.rows_read)
}

fn run_case(t: &TestWs, case: &Case) -> Outcome {
    // `SALESOS_FUZZ_DUMP=DIR` keeps each case's file, to open it elsewhere.
    if let Some(dir) = std::env::var_os("SALESOS_FUZZ_DUMP") {
        let _ = std::fs::write(
            std::path::Path::new(&dir).join(format!("case-{}-{}", case.index, case.name)),
            &case.bytes,
        );
    }
    let options = ImportOptions {
        kind: case.kind,
        dry_run: case.dry_run,
        ..ImportOptions::default()
    };
    if let Ok(mut p) = PANICS.lock() {
        p.clear();
    }
    FUZZING.store(true, Ordering::SeqCst);
    let started = Instant::now();
    let result = catch_unwind(AssertUnwindSafe(|| {
        import_bytes(&t.ws, &case.name, &case.bytes, &options, &mut |_, _, _| {})
    }));
    let elapsed = started.elapsed();
    FUZZING.store(false, Ordering::SeqCst);
    let mut problems: Vec<String> = PANICS
        .lock()
        .map(|p| p.iter().map(|m| format!("panic: {m}")).collect())
        .unwrap_or_default();
    let rows_read = match &result {
        Ok(Ok(report)) => Some(report.rows_read),
        _ => None,
    };
    let accepted = match &result {
        Ok(Ok(report)) => {
            problems.extend(check_report(report));
            true
        }
        Ok(Err(e)) => {
            problems.extend(check_refusal(&e.to_string()));
            false
        }
        Err(_) => {
            problems.push("the panic escaped the importer".into());
            false
        }
    };
    if elapsed > MAX_TIME {
        problems.push(format!("took {elapsed:?}"));
    }
    Outcome {
        elapsed,
        accepted,
        rows_read,
        problems,
    }
}

pub struct Failure {
    pub what: String,
    pub reader: &'static str,
    pub problems: Vec<String>,
}

const WORKER_ENV: &str = "SALESOS_FUZZ_WORKER";

/// The worker: runs cases `from..to` of the run in this process and
/// reports each on stdout, one line when it starts and one when it ends, so
/// the parent knows which case took the process down if one does.
#[test]
#[ignore = "run by fuzz_every_reader in a child process"]
fn fuzz_worker() {
    let Some(from) = env_u64(WORKER_ENV) else {
        return;
    };
    let seed = env_u64("SALESOS_FUZZ_SEED").unwrap_or(DEFAULT_SEED);
    let to = env_u64("SALESOS_FUZZ_TO").unwrap_or(from + 1);
    let seeds = seeds::all();
    install_panic_hook();
    let mut t = TestWs::new();
    // Rows each seed reads as it is, for the cases that must read the same.
    let mut baselines: std::collections::HashMap<usize, Option<u32>> = Default::default();
    for index in from..to {
        if index % CASES_PER_WORKSPACE == 0 {
            t = TestWs::new();
        }
        let case = make_case(seed, index, &seeds);
        println!("CASE {index} START {} {}", case.reader(), case.describe());
        let mut outcome = run_case(&t, &case);
        if case.kinds == [Kind::SameText] {
            let expected = *baselines
                .entry(case.seed_index)
                .or_insert_with(|| rows_read(&seeds[case.seed_index], case.kind));
            let got = outcome.rows_read;
            if got != expected {
                outcome.problems.push(format!(
                    "read {got:?} rows where the original reads {expected:?}"
                ));
            }
        }
        let problems: Vec<String> = outcome
            .problems
            .iter()
            .map(|p| p.replace(['\n', '\r', '\u{1f}'], " "))
            .collect();
        println!(
            "CASE {index} END {} {} {} {}",
            u8::from(outcome.accepted),
            outcome.elapsed.as_nanos(),
            peak_kb(),
            problems.join("\u{1f}")
        );
    }
}

/// This process's peak resident memory so far, in kB.
fn peak_kb() -> i64 {
    // SAFETY: an all-zero rusage is a valid value for getrusage to fill in.
    let mut usage: libc::rusage = unsafe { std::mem::zeroed() };
    // SAFETY: the pointer is valid for the call.
    unsafe { libc::getrusage(libc::RUSAGE_SELF, &mut usage) };
    usage.ru_maxrss
}

/// One case as the worker reported it.
enum Report {
    Start(u64, &'static str, String),
    /// Index, accepted, time, the worker's peak memory after it (kB), problems.
    End(u64, bool, Duration, i64, Vec<String>),
}

fn parse_line(line: &str) -> Option<Report> {
    // The harness prints "test fuzz::fuzz_worker ... " without a line break first.
    let rest = &line[line.find("CASE ")? + "CASE ".len()..];
    let (index, rest) = rest.split_once(' ')?;
    let index: u64 = index.parse().ok()?;
    if let Some(rest) = rest.strip_prefix("START ") {
        let (reader, what) = rest.split_once(' ')?;
        let reader = ["xlsx", "xlsb", "xls", "ods", "text"]
            .into_iter()
            .find(|r| *r == reader)?;
        return Some(Report::Start(index, reader, what.to_string()));
    }
    let rest = rest.strip_prefix("END ")?;
    let mut parts = rest.splitn(4, ' ');
    let accepted = parts.next()? == "1";
    let nanos: u64 = parts.next()?.parse().ok()?;
    let peak: i64 = parts.next()?.parse().ok()?;
    let problems = parts
        .next()
        .unwrap_or("")
        .split('\u{1f}')
        .filter(|p| !p.is_empty())
        .map(str::to_string)
        .collect();
    Some(Report::End(
        index,
        accepted,
        Duration::from_nanos(nanos),
        peak,
        problems,
    ))
}

/// Hears one finished case: index, reader, description, accepted, time,
/// the worker's new peak memory if the case raised it (kB), problems.
type OnEnd<'a> =
    dyn FnMut(u64, &'static str, String, bool, Duration, Option<i64>, Vec<String>) + 'a;

/// How one worker process ended.
struct WorkerEnd {
    /// The case it was running when it died, with its reader and description.
    died_in: Option<(u64, &'static str, String)>,
    how: String,
    peak_kb: i64,
}

/// Runs cases `from..to` in a child process with a capped address space;
/// `on_end` hears each finished case. Returns when the child exits.
fn run_worker(seed: u64, from: u64, to: u64, on_end: &mut OnEnd<'_>) -> WorkerEnd {
    use std::io::BufRead;
    use std::os::unix::process::ExitStatusExt;
    let err_file = tempfile::NamedTempFile::new().expect("stderr file");
    let mut command = std::process::Command::new(std::env::current_exe().expect("test binary"));
    command
        .args([
            "fuzz::fuzz_worker",
            "--exact",
            "--ignored",
            "--nocapture",
            "--test-threads=1",
        ])
        .env(WORKER_ENV, from.to_string())
        .env("SALESOS_FUZZ_TO", to.to_string())
        .env("SALESOS_FUZZ_SEED", seed.to_string());
    // Through a go-between, so the worker's peak memory is its own; its
    // lines come through the go-between's stdout.
    let mut worker = measure::start(
        measure::Spec {
            stderr: Some(err_file.path().to_path_buf()),
            address_space: Some(WORKER_ADDRESS_SPACE),
            ..measure::Spec::of(&command)
        },
        std::process::Stdio::piped(),
        std::process::Stdio::null(),
    );
    let stdout = worker.take_stdout().expect("worker stdout");
    let (tx, rx) = std::sync::mpsc::channel::<String>();
    let reader = std::thread::spawn(move || {
        for line in std::io::BufReader::new(stdout)
            .lines()
            .map_while(Result::ok)
        {
            if tx.send(line).is_err() {
                break;
            }
        }
    });
    let mut running: Option<(u64, &'static str, String, Instant)> = None;
    let mut last_peak = 0i64;
    let mut killed = false;
    loop {
        match rx.recv_timeout(Duration::from_millis(200)) {
            Ok(line) => match parse_line(&line) {
                Some(Report::Start(i, reader, what)) => {
                    running = Some((i, reader, what, Instant::now()))
                }
                Some(Report::End(i, accepted, elapsed, peak, problems)) => {
                    if let Some((_, reader, what, _)) = running.take() {
                        // The case raised the worker's peak: it is what used that much.
                        let raised = (peak > last_peak).then_some(peak);
                        last_peak = last_peak.max(peak);
                        on_end(i, reader, what, accepted, elapsed, raised, problems);
                    }
                }
                None => {}
            },
            Err(std::sync::mpsc::RecvTimeoutError::Timeout) => {
                if running.as_ref().is_some_and(|r| r.3.elapsed() > STUCK) {
                    worker.kill();
                    killed = true;
                }
            }
            Err(std::sync::mpsc::RecvTimeoutError::Disconnected) => break,
        }
    }
    let _ = reader.join();
    let (go_between, ended) = worker.wait();
    // Killed, the worker is not measured: its peak is the last it reported.
    let (exit, peak_kb) = ended.map_or((go_between, last_peak), |e| (e.status, e.peak_kb));
    let stderr = std::fs::read_to_string(err_file.path()).unwrap_or_default();
    let last = stderr
        .lines()
        .find(|l| {
            l.contains("memory allocation") || l.contains("panicked") || l.contains("overflow")
        })
        .or_else(|| stderr.lines().rfind(|l| !l.trim().is_empty()))
        .unwrap_or("")
        .to_string();
    let how = if killed {
        format!("stuck for over {STUCK:?}; killed")
    } else {
        format!("exit {:?}, signal {:?}: {last}", exit.code(), exit.signal())
    };
    WorkerEnd {
        died_in: running.map(|(i, reader, what, _)| (i, reader, what)),
        how,
        peak_kb,
    }
}

/// Most memory a worker may reach (the limit for any hostile file).
const MAX_PEAK_KB: i64 = 500 * 1024;

/// A worker's address-space cap: an allocation bomb fails the case, not the machine.
const WORKER_ADDRESS_SPACE: u64 = 2 << 30;

#[test]
fn fuzz_every_reader() {
    let seed = env_u64("SALESOS_FUZZ_SEED").unwrap_or(DEFAULT_SEED);
    let cases = env_u64("SALESOS_FUZZ_CASES").unwrap_or(DEFAULT_CASES);
    let only = env_u64("SALESOS_FUZZ_ONLY");
    let seed_count = seeds::all().len() as u64;
    println!("fuzz: seed {seed}, {seed_count} seed files, {cases} cases");
    let (from, to) = match only {
        Some(i) => (i, i + 1),
        None => (0, cases.max(seed_count)),
    };
    let mut failures: Vec<Failure> = Vec::new();
    let mut slowest: Option<(Duration, String)> = None;
    let (mut accepted, mut refused, mut ran) = (0u64, 0u64, 0u64);
    let mut peak_kb = 0i64;
    // The case that raised a worker's peak memory highest (kB).
    let mut hungriest = (0i64, String::new());
    let started = Instant::now();
    let mut next = from;
    while next < to {
        let mut last_done = None;
        let end = run_worker(
            seed,
            next,
            to,
            &mut |index, reader, what, ok, elapsed, raised, problems| {
                last_done = Some(index);
                if let Some(kb) = raised.filter(|kb| *kb > hungriest.0) {
                    hungriest = (kb, what.clone());
                }
                ran += 1;
                if ok {
                    accepted += 1;
                } else {
                    refused += 1;
                }
                if only.is_some() {
                    println!(
                        "fuzz: {what} took {elapsed:?}, {}",
                        if ok { "accepted" } else { "refused" }
                    );
                }
                if slowest.as_ref().is_none_or(|(d, _)| elapsed > *d) {
                    slowest = Some((elapsed, what.clone()));
                }
                if !problems.is_empty() {
                    println!(
                    "fuzz: FAILED {what} [{reader}]: {}\n      replay: SALESOS_FUZZ_SEED={seed} SALESOS_FUZZ_ONLY={index} cargo test --test it fuzz::fuzz_every_reader -- --exact --nocapture",
                    problems.join("; ")
                );
                    failures.push(Failure {
                        what,
                        reader,
                        problems,
                    });
                }
            },
        );
        peak_kb = peak_kb.max(end.peak_kb);
        match end.died_in {
            Some((index, reader, what)) => {
                ran += 1;
                let problem = format!("the process died: {}", end.how);
                println!(
                    "fuzz: FAILED {what} [{reader}]: {problem}\n      replay: SALESOS_FUZZ_SEED={seed} SALESOS_FUZZ_ONLY={index} cargo test --test it fuzz::fuzz_every_reader -- --exact --nocapture"
                );
                failures.push(Failure {
                    what,
                    reader,
                    problems: vec![problem],
                });
                next = index + 1;
            }
            None => {
                let done = last_done.map_or(next, |i| i + 1);
                if done < to {
                    panic!(
                        "the fuzz worker stopped after case {done} without a reason: {}",
                        end.how
                    );
                }
                next = done;
            }
        }
    }
    let in_process = started.elapsed();
    let bomb_failures = if only.is_none() {
        bombs::run(seed)
    } else {
        Vec::new()
    };
    println!(
        "fuzz: {ran} cases in {in_process:?} ({accepted} accepted, {refused} refused), {} failed, worker peak memory {} MB",
        failures.len(),
        peak_kb / 1024
    );
    if let Some((d, what)) = &slowest {
        println!("fuzz: slowest {what}: {d:?}");
    }
    if hungriest.0 > 0 {
        println!(
            "fuzz: most memory: {} MB peak after {}",
            hungriest.0 / 1024,
            hungriest.1
        );
    }
    failures.extend(bomb_failures);
    // Every case of a worker runs in one process: its peak is the highest
    // any case (with what the workspace holds) reached.
    if peak_kb > MAX_PEAK_KB {
        failures.push(Failure {
            what: format!("the worker that ran {}", hungriest.1),
            reader: "memory",
            problems: vec![format!(
                "peak memory {} MB, over {} MB",
                peak_kb / 1024,
                MAX_PEAK_KB / 1024
            )],
        });
    }
    let strict = std::env::var_os("SALESOS_FUZZ_STRICT").is_none_or(|v| v != "0");
    let (known, failing): (Vec<Failure>, Vec<Failure>) = failures
        .into_iter()
        .partition(|f| !strict && in_binary_reader(f));
    let line = |f: &Failure| format!("[{}] {}: {}", f.reader, f.what, f.problems.join("; "));
    if !known.is_empty() {
        println!(
            "fuzz: {} failure(s) inside the binary-format readers, reported but not failing the run (SALESOS_FUZZ_STRICT=0):",
            known.len()
        );
        for f in &known {
            println!("  {}", line(f));
        }
    }
    let summary: Vec<String> = failing.iter().map(line).collect();
    assert!(
        failing.is_empty(),
        "{} fuzz case(s) failed (seed {seed}):\n{}",
        failing.len(),
        summary.join("\n")
    );
}

/// A failure of an xlsx, xlsb, xls or ods reader of the kind that is theirs
/// to fix: a panic inside calamine (the importer's guard turns it into a
/// refusal), a process that died (an allocation too big, a stuck parse),
/// time or memory over the limits. Text-file failures, rows that do not add
/// up and panic text shown to the user always fail the run.
fn in_binary_reader(f: &Failure) -> bool {
    f.reader != "text"
        && f.problems.iter().all(|p| {
            (p.starts_with("panic:") && p.contains("/calamine-"))
                || p.starts_with("the process died")
                || p.starts_with("took ")
                || p.starts_with("peak memory")
                || p.starts_with("exit code")
        })
}

/// Cases longer runs found, kept so they run in every `cargo test`: seed
/// and case index, and what the case once did.
const REGRESSIONS: &[(u64, u64, &str)] = &[
    (
        20_261_126,
        85,
        "xls: a looping directory chain grew past 2 GB",
    ),
    (
        20_261_126,
        101,
        "xls: a sector past the end of a cut file panicked",
    ),
    (20_261_126, 229, "xls: a looping chain grew past 2 GB"),
    (
        20_261_126,
        267,
        "xls: a short FAT sector tripped an assertion",
    ),
    (777, 624, "xls: a MULRK record's columns underflowed"),
    (
        31_337,
        293,
        "xlsb: a sheet without its relationship panicked",
    ),
    (
        31_337,
        15_552,
        "xlsb: a sheet record shorter than its name panicked",
    ),
    (
        31_337,
        11_848,
        "xls: a damaged formula sliced past its record",
    ),
    (
        31_337,
        648,
        "xls: a cell 55,000 columns out made a 690 MB block",
    ),
];

#[test]
fn fuzz_regressions() {
    let mut failed = Vec::new();
    for &(seed, index, once) in REGRESSIONS {
        let end = run_worker(
            seed,
            index,
            index + 1,
            &mut |_, reader, what, _, _, _, problems| {
                if !problems.is_empty() {
                    failed.push(format!(
                        "{what} [{reader}] ({once}): {}",
                        problems.join("; ")
                    ));
                }
            },
        );
        if let Some((_, reader, what)) = end.died_in {
            failed.push(format!(
                "{what} [{reader}] ({once}): the process died: {}",
                end.how
            ));
        }
    }
    assert!(
        failed.is_empty(),
        "fuzz regressions:\n{}",
        failed.join("\n")
    );
    println!("fuzz: {} regression cases pass", REGRESSIONS.len());
}
