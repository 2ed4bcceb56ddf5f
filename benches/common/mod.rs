//! What both `make bench` programs share: the workspace size and how a peak
//! is measured, so the import and the board figures mean the same thing.
#![allow(dead_code)]

/// Deals generated (`SALESOS_BENCH_DEALS` overrides, for profiling).
pub fn deals() -> u32 {
    std::env::var("SALESOS_BENCH_DEALS")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(100_000)
}

/// Runs of each measurement; the best counts. The two sides of a ratio run
/// alternately so that both meet the same machine (a shared VM's speed drifts).
pub const RUNS: usize = 5;

/// This process's peak resident memory. `VmHWM` belongs to the process's own
/// address space; `getrusage`'s maximum would carry over the parent's peak
/// across exec.
pub fn peak_rss_mb() -> f64 {
    let status = std::fs::read_to_string("/proc/self/status").unwrap_or_default();
    status
        .lines()
        .find_map(|l| l.strip_prefix("VmHWM:"))
        .and_then(|v| v.trim().trim_end_matches("kB").trim().parse::<f64>().ok())
        .map(|kb| kb / 1024.0)
        .unwrap_or(f64::NAN)
}
