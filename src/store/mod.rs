//! The workspace: one SQLite file in the data directory, plus the files the
//! user dropped in and has not imported yet.
//!
//! One connection behind a mutex serves the whole app: SQLite serialises
//! writers anyway, and the desktop app has one user. WAL lets readers of
//! other processes (the CLI while the app is open) see a consistent state.
use std::path::{Path, PathBuf};
use std::sync::{Mutex, MutexGuard};

use chrono::NaiveDate;
use rusqlite::Connection;

use crate::error::{Error, Result};

pub mod activities;
pub mod activity_days;
pub mod activity_kinds;
pub mod checklist;
pub mod corrections;
pub mod deals;
pub mod files;
pub mod hiring;
mod kept;
pub mod meddpicc;
mod migrations;
pub mod next_steps;
pub mod ramp;
pub mod reps;
pub mod scaling;
pub mod scorecards;
pub mod settings;
pub mod stages;
pub mod template;
pub mod timeline;

/// The data directory: `--data DIR`, else `SALESOS_DATA`, else the OS data directory.
pub fn data_dir(explicit: Option<&Path>) -> PathBuf {
    if let Some(p) = explicit {
        return p.to_path_buf();
    }
    if let Some(p) = std::env::var_os("SALESOS_DATA").filter(|p| !p.is_empty()) {
        return PathBuf::from(p);
    }
    dirs::data_dir()
        .unwrap_or_else(|| PathBuf::from("."))
        .join("SalesOS")
}

/// The workspace's database, inside its directory.
const DB_FILE: &str = "salesos.db";
/// SQLite's default: fold the log into the database once it holds this many pages.
const WAL_AUTOCHECKPOINT_PAGES: i64 = 1000;
/// How long a write waits for another process's write (an import from the
/// command line) before it gives up and says the workspace is busy.
const BUSY_WAIT: std::time::Duration = std::time::Duration::from_secs(20);
/// Dropped-in files not imported after this long are removed when a
/// workspace opens (the user left the import page without importing).
const STALE_INCOMING: std::time::Duration = std::time::Duration::from_secs(6 * 60 * 60);

pub struct Workspace {
    dir: PathBuf,
    conn: Mutex<Connection>,
    today: Option<NaiveDate>,
    kept: kept::Kept,
}

impl Workspace {
    /// Opens (creating if needed) the workspace in `dir` and brings its schema up to date.
    pub fn open(dir: &Path) -> Result<Workspace> {
        Self::open_inner(dir).map_err(|e| Error::Workspace {
            path: dir.to_path_buf(),
            source: Box::new(e),
        })
    }

    fn open_inner(dir: &Path) -> Result<Workspace> {
        std::fs::create_dir_all(dir.join("incoming"))?;
        // The canonical path, so "is this file inside the workspace?" can
        // compare resolved paths (see `files`).
        let dir = std::fs::canonicalize(dir)?;
        sweep_incoming(&dir.join("incoming"));
        let mut conn = Connection::open(dir.join(DB_FILE))?;
        conn.pragma_update(None, "journal_mode", "WAL")?;
        conn.pragma_update(None, "foreign_keys", "ON")?;
        // FULL: a commit returns only once the log is on disk, so an
        // acknowledged write survives a power cut, and a disk that cannot take
        // it fails the write instead of losing it later.
        conn.pragma_update(None, "synchronous", "FULL")?;
        // 32 MiB of page cache (the default is 2): a 100,000-deal pipeline's
        // tables and indexes stay in memory instead of being re-read per lookup.
        conn.pragma_update(None, "cache_size", -32_768)?;
        conn.busy_timeout(BUSY_WAIT)?;
        // Every transaction takes the write lock when it begins: a
        // transaction that read first and then wants to write while another
        // process has committed would fail at once ("database is locked")
        // instead of waiting its turn.
        conn.set_transaction_behavior(rusqlite::TransactionBehavior::Immediate);
        conn.set_prepared_statement_cache_capacity(64);
        migrations::migrate(&mut conn)?;
        template::ensure_criteria(&conn)?;
        guard_log(&conn, &dir);
        Ok(Workspace {
            dir,
            conn: Mutex::new(conn),
            today: today_override(),
            kept: kept::Kept::default(),
        })
    }

    /// Pins "today" (tests and demos); otherwise `SALESOS_TODAY` or the clock decides.
    pub fn with_today(mut self, today: NaiveDate) -> Self {
        self.today = Some(today);
        self
    }

    pub fn dir(&self) -> &Path {
        &self.dir
    }

    /// The database and the files SQLite keeps beside it: never to be opened
    /// by anything but SQLite (see `files`).
    pub fn own_files(&self) -> [PathBuf; 3] {
        [
            self.dir.join(DB_FILE),
            self.dir.join(format!("{DB_FILE}-wal")),
            self.dir.join(format!("{DB_FILE}-shm")),
        ]
    }

    /// Where dropped-in files wait for their import.
    pub fn incoming_dir(&self) -> PathBuf {
        self.dir.join("incoming")
    }

    /// The database connection. A panic elsewhere never leaves it unusable:
    /// a poisoned lock still holds a consistent SQLite connection.
    pub fn conn(&self) -> MutexGuard<'_, Connection> {
        self.conn.lock().unwrap_or_else(|p| p.into_inner())
    }

    /// An answer computed from the workspace, kept while its data stays
    /// the same (see `kept`): `key` names all else it depends on.
    pub fn kept<T: Clone + Send + Sync + 'static>(
        &self,
        key: String,
        compute: impl FnOnce(&Connection) -> Result<T>,
    ) -> Result<T> {
        self.kept.get_or(&self.conn(), key, compute)
    }

    /// "Today" for every date rule. `SALESOS_TODAY=YYYY-MM-DD` pins it so tests
    /// and demos are deterministic.
    pub fn today(&self) -> NaiveDate {
        self.today
            .unwrap_or_else(|| chrono::Local::now().date_naive())
    }

    /// Runs `write` (an import) with the connection's automatic checkpoint
    /// off, then folds the write-ahead log into the database on a connection
    /// of its own. The import is committed and visible either way; it just
    /// does not wait while its pages are copied a second time (a fifth of a
    /// 100,000-row import).
    pub fn write_then_fold_log<T>(
        &self,
        conn: &mut Connection,
        write: impl FnOnce(&mut Connection) -> Result<T>,
    ) -> Result<T> {
        conn.pragma_update(None, "wal_autocheckpoint", 0)?;
        let result = write(conn);
        conn.pragma_update(None, "wal_autocheckpoint", WAL_AUTOCHECKPOINT_PAGES)?;
        let path = self.dir.join(DB_FILE);
        std::thread::spawn(move || {
            // PASSIVE never waits for the app's connection: whatever it cannot
            // fold now, the next automatic checkpoint will.
            let folded = Connection::open(&path).and_then(|c| {
                c.query_row("PRAGMA wal_checkpoint(PASSIVE)", [], |r| r.get::<_, i64>(0))
            });
            if let Err(e) = folded {
                tracing::debug!(error = %e, "background checkpoint did not run");
            }
        });
        result
    }
}

/// Refuses any commit once the write-ahead log this connection writes to is
/// no longer the workspace's log (another process deleted or replaced it):
/// such a write would be acknowledged and then lost, so it fails loudly
/// instead. One `stat` per commit.
fn guard_log(conn: &Connection, dir: &Path) {
    let log = dir.join(format!("{DB_FILE}-wal"));
    let Some(expected) = file_id(&log) else {
        tracing::debug!("no write-ahead log to guard yet");
        return;
    };
    conn.commit_hook(Some(move || {
        let replaced = file_id(&log) != Some(expected);
        if replaced {
            tracing::error!(log = %log.display(), "the workspace's log was replaced underneath; refusing the commit");
        }
        replaced
    }));
}

/// The identity of a file (device and inode), to tell it from a new file of
/// the same name.
#[cfg(unix)]
fn file_id(path: &Path) -> Option<(u64, u64)> {
    use std::os::unix::fs::MetadataExt;
    std::fs::metadata(path).ok().map(|m| (m.dev(), m.ino()))
}

/// Elsewhere the identity is not available and the guard stays off.
#[cfg(not(unix))]
fn file_id(_: &Path) -> Option<(u64, u64)> {
    None
}

/// Removes dropped-in files older than [`STALE_INCOMING`].
fn sweep_incoming(dir: &Path) {
    let Ok(entries) = std::fs::read_dir(dir) else {
        return;
    };
    let now = std::time::SystemTime::now();
    for entry in entries.flatten() {
        let old = entry
            .metadata()
            .and_then(|m| m.modified())
            .ok()
            .and_then(|t| now.duration_since(t).ok())
            .is_some_and(|age| age > STALE_INCOMING);
        if old {
            let _ = std::fs::remove_file(entry.path());
        }
    }
}

fn today_override() -> Option<NaiveDate> {
    let v = std::env::var("SALESOS_TODAY").ok()?;
    NaiveDate::parse_from_str(v.trim(), "%Y-%m-%d").ok()
}

/// Dates are stored as ISO text so SQLite compares and sorts them correctly.
pub(crate) fn parse_date(s: Option<String>) -> Option<NaiveDate> {
    s.and_then(|s| NaiveDate::parse_from_str(&s, "%Y-%m-%d").ok())
}

/// A stored date's ISO text (`YYYY-MM-DD`, ten bytes, digits where digits
/// go) read without chrono's format parser: readers of a million stored
/// dates call this. `None` for any other text, or no such day.
pub(crate) fn iso_date(text: &str) -> Option<NaiveDate> {
    let b = text.as_bytes();
    if b.len() != 10 || b[4] != b'-' || b[7] != b'-' {
        return None;
    }
    let number = |from: usize, to: usize| {
        b.get(from..to)?.iter().try_fold(0u32, |n, d| {
            d.is_ascii_digit()
                .then(|| n.saturating_mul(10).saturating_add(u32::from(d - b'0')))
        })
    };
    let year = i32::try_from(number(0, 4)?).ok()?;
    NaiveDate::from_ymd_opt(year, number(5, 7)?, number(8, 10)?)
}

pub(crate) fn now_text() -> String {
    chrono::Local::now().format("%Y-%m-%d %H:%M:%S").to_string()
}
