//! A child process's own peak memory, measured from this test process.
//!
//! Linux counts in a child's peak resident memory (`ru_maxrss`) the memory
//! of the process that started it: that process's whole peak when started
//! as `Command` does (`vfork` and exec), what it holds at the time with a
//! plain `fork`. Every integration test runs in this one process, so a
//! child started from here would report about as much as all the tests
//! before it held. A child whose memory is measured is therefore started by
//! a go-between: this test binary run again as `common::measure::go_between`
//! (a few MB), which starts the child, waits for it and writes its exit
//! status, peak memory and time to a file.
use std::ffi::OsStr;
use std::os::unix::process::{CommandExt, ExitStatusExt};
use std::path::PathBuf;
use std::process::{Child, ChildStdout, Command, ExitStatus, Stdio};
use std::time::{Duration, Instant};

use serde::{Deserialize, Serialize};

/// The go-between's instructions, as JSON.
const SPEC_ENV: &str = "SALESOS_TEST_GO_BETWEEN";

/// What the go-between runs.
#[derive(Debug, Default, Serialize, Deserialize)]
pub struct Spec {
    pub program: PathBuf,
    pub args: Vec<String>,
    /// Variables set (`Some`) or removed (`None`) for the child.
    pub env: Vec<(String, Option<String>)>,
    /// Files the child writes its output to; `None`: the go-between's own.
    pub stdout: Option<PathBuf>,
    pub stderr: Option<PathBuf>,
    /// A cap on the child's address space, in bytes.
    pub address_space: Option<u64>,
    /// The child is killed when it runs longer.
    pub kill_after: Option<Duration>,
    /// Where the go-between writes how the child ended (`start` sets it).
    pub result: PathBuf,
}

impl Spec {
    /// The program, arguments and environment changes of `command` (its
    /// standard streams and other settings are not carried over).
    pub fn of(command: &Command) -> Spec {
        let text = |s: &OsStr| s.to_str().expect("UTF-8 argument").to_string();
        Spec {
            program: PathBuf::from(command.get_program()),
            args: command.get_args().map(text).collect(),
            env: command
                .get_envs()
                .map(|(k, v)| (text(k), v.map(text)))
                .collect(),
            ..Spec::default()
        }
    }
}

/// How a measured child ended.
#[derive(Debug)]
pub struct Ended {
    pub status: ExitStatus,
    /// The child's own peak resident memory, in kB.
    pub peak_kb: i64,
    /// From the child's start to its end (or its kill after `kill_after`).
    pub elapsed: Duration,
}

/// A go-between and its child, running.
pub struct Running {
    go_between: Child,
    result: tempfile::TempPath,
}

/// Starts `spec` through a go-between whose own output (and the child's,
/// where `spec` names no file) goes to `stdout` and `stderr`.
pub fn start(mut spec: Spec, stdout: Stdio, stderr: Stdio) -> Running {
    let result = tempfile::NamedTempFile::new()
        .expect("result file")
        .into_temp_path();
    spec.result = result.to_path_buf();
    let go_between = Command::new(std::env::current_exe().expect("test binary"))
        .args([
            "common::measure::go_between",
            "--exact",
            "--ignored",
            "--quiet",
            "--test-threads=1",
        ])
        .env(SPEC_ENV, serde_json::to_string(&spec).expect("spec"))
        .stdin(Stdio::null())
        .stdout(stdout)
        .stderr(stderr)
        // A group of its own, which `kill` ends with the child.
        .process_group(0)
        .spawn()
        .expect("start the go-between");
    Running { go_between, result }
}

/// Runs `spec` to its end.
pub fn run(spec: Spec) -> Ended {
    let mut running = start(spec, Stdio::piped(), Stdio::piped());
    let mut out = String::new();
    if let Some(mut stdout) = running.take_stdout() {
        let _ = std::io::Read::read_to_string(&mut stdout, &mut out);
    }
    let (status, ended) = running.wait();
    ended.unwrap_or_else(|| panic!("the go-between failed ({status}): {out}"))
}

impl Running {
    pub fn take_stdout(&mut self) -> Option<ChildStdout> {
        self.go_between.stdout.take()
    }

    /// Kills the go-between and the child.
    pub fn kill(&self) {
        // SAFETY: signals the process group of our own child, not yet reaped.
        unsafe { libc::kill(-(self.go_between.id() as libc::pid_t), libc::SIGKILL) };
    }

    /// Waits for the go-between: its exit status, and how the child ended
    /// (`None` if the go-between was killed or failed).
    pub fn wait(mut self) -> (ExitStatus, Option<Ended>) {
        let status = self.go_between.wait().expect("wait for the go-between");
        let text = std::fs::read_to_string(&self.result).unwrap_or_default();
        let mut fields = text.split_whitespace().map(|f| f.parse::<i64>().ok());
        let mut next = || fields.next().flatten();
        let ended = (|| {
            Some(Ended {
                status: ExitStatus::from_raw(next()? as i32),
                peak_kb: next()?,
                elapsed: Duration::from_nanos(next()? as u64),
            })
        })();
        (status, ended)
    }
}

/// The go-between: runs the child `SALESOS_TEST_GO_BETWEEN` describes and
/// writes how it ended to the spec's result file.
#[test]
#[ignore = "run by `start` in a child process"]
fn go_between() {
    let Some(json) = std::env::var_os(SPEC_ENV) else {
        return;
    };
    let spec: Spec = serde_json::from_str(json.to_str().expect("UTF-8 spec")).expect("spec");
    let mut command = Command::new(&spec.program);
    command.args(&spec.args).env_remove(SPEC_ENV);
    for (key, value) in &spec.env {
        match value {
            Some(value) => command.env(key, value),
            None => command.env_remove(key),
        };
    }
    if let Some(path) = &spec.stdout {
        command.stdout(std::fs::File::create(path).expect("stdout file"));
    }
    if let Some(path) = &spec.stderr {
        command.stderr(std::fs::File::create(path).expect("stderr file"));
    }
    let cap = spec.address_space;
    let go_between = std::process::id();
    // SAFETY: prctl, getppid and setrlimit are async-signal-safe and touch
    // only the child.
    unsafe {
        command.pre_exec(move || {
            // The child dies with the go-between (killed when it is stuck).
            libc::prctl(libc::PR_SET_PDEATHSIG, libc::SIGKILL);
            if libc::getppid() as u32 != go_between {
                return Err(std::io::Error::other("the go-between is gone"));
            }
            if let Some(cap) = cap {
                let limit = libc::rlimit {
                    rlim_cur: cap,
                    rlim_max: cap,
                };
                libc::setrlimit(libc::RLIMIT_AS, &limit);
            }
            Ok(())
        });
    }
    let started = Instant::now();
    let child = command.spawn().expect("start the measured child");
    let pid = child.id() as libc::pid_t;
    let mut status: libc::c_int = 0;
    // SAFETY: an all-zero rusage is a valid value for wait4 to fill in.
    let mut usage: libc::rusage = unsafe { std::mem::zeroed() };
    let mut killed = false;
    loop {
        let flags = if spec.kill_after.is_some() && !killed {
            libc::WNOHANG
        } else {
            0
        };
        // SAFETY: waits for our own child; both pointers are valid for the call.
        let done = unsafe { libc::wait4(pid, &mut status, flags, &mut usage) };
        if done == pid {
            break;
        }
        if done < 0 {
            let e = std::io::Error::last_os_error();
            assert_eq!(e.kind(), std::io::ErrorKind::Interrupted, "wait4: {e}");
            continue;
        }
        if spec.kill_after.is_some_and(|k| started.elapsed() > k) {
            // SAFETY: our own child, not yet reaped.
            unsafe { libc::kill(pid, libc::SIGKILL) };
            killed = true;
            continue;
        }
        std::thread::sleep(Duration::from_millis(20));
    }
    let elapsed = started.elapsed();
    // Reaped by `wait4` above.
    drop(child);
    std::fs::write(
        &spec.result,
        format!("{status} {} {}", usage.ru_maxrss, elapsed.as_nanos()),
    )
    .expect("write the result");
}

#[test]
fn a_measured_child_is_charged_with_its_own_memory_only() {
    // 64 MB resident here while the child starts: a child started from this
    // process directly would report at least that.
    let held = vec![1u8; 64 << 20];
    let ended = run(Spec::of(Command::new("true").arg("--version")));
    assert!(held.iter().step_by(4096).all(|b| *b == 1));
    assert!(ended.status.success(), "{ended:?}");
    assert!(ended.peak_kb < 32 * 1024, "{ended:?}");
}

#[test]
fn a_measured_child_is_killed_after_its_time() {
    let ended = run(Spec {
        kill_after: Some(Duration::from_millis(200)),
        ..Spec::of(Command::new("sleep").arg("30"))
    });
    assert_eq!(ended.status.signal(), Some(libc::SIGKILL), "{ended:?}");
    assert!(ended.elapsed < Duration::from_secs(10), "{ended:?}");
}
