//! Files the user names: the spreadsheets read in and the workbooks written
//! out. Both are kept away from the workspace's own files.
//!
//! Why this matters: SQLite's locks are POSIX advisory locks, which belong to
//! the process, not to a file handle. Opening and closing the live database
//! with an ordinary handle anywhere in the process (reading it "as a
//! spreadsheet", or writing a workbook over it) silently drops every lock the
//! process holds on it; another process then believes it is alone, deletes the
//! write-ahead log in use and the database is corrupted. So a path inside the
//! workspace directory, or any other name for one of its files (a hard or
//! symbolic link), is refused before it is opened.
//!
//! Writes go to a temporary file beside the target, are flushed to disk and
//! then renamed over it, so a crash never leaves half a workbook, and a
//! failure to make the file durable is reported, not swallowed.
use std::io::{Read, Write};
use std::path::{Path, PathBuf};

use super::Workspace;
use crate::error::{Error, Result};

/// Extensions of the files SalesOS reads as spreadsheets.
pub const SPREADSHEET_EXTENSIONS: &[&str] = &[
    "csv", "tsv", "txt", "tab", "xlsx", "xlsm", "xltx", "xltm", "xlsb", "xls", "xlt", "ods",
];

/// The one-line refusal for a path inside the workspace.
fn inside_message(path: &Path, ws: &Workspace) -> Error {
    Error::invalid(format!(
        "{} is one of SalesOS's own workspace files (in {}); pick a spreadsheet or a folder outside it.",
        path.display(),
        ws.dir().display()
    ))
}

/// Whether `path` names the workspace directory, something in it, or (through
/// a link) one of the workspace's files.
pub fn is_inside_workspace(ws: &Workspace, path: &Path) -> bool {
    let dir = ws.dir();
    let dir = std::fs::canonicalize(dir).unwrap_or_else(|_| dir.to_path_buf());
    let resolved = resolve(path);
    if resolved.starts_with(&dir) {
        return true;
    }
    same_file_as_workspace(ws, &resolved)
}

/// `path` made absolute with its links resolved, as far as it exists: a file
/// about to be created resolves through its folder.
fn resolve(path: &Path) -> PathBuf {
    if let Ok(p) = std::fs::canonicalize(path) {
        return p;
    }
    let absolute = if path.is_absolute() {
        path.to_path_buf()
    } else {
        std::env::current_dir()
            .map(|d| d.join(path))
            .unwrap_or_else(|_| path.to_path_buf())
    };
    match (absolute.parent(), absolute.file_name()) {
        (Some(parent), Some(name)) => std::fs::canonicalize(parent)
            .map(|p| p.join(name))
            .unwrap_or(absolute),
        _ => absolute,
    }
}

/// A hard link elsewhere to the database or its log is the same file.
#[cfg(unix)]
fn same_file_as_workspace(ws: &Workspace, path: &Path) -> bool {
    use std::os::unix::fs::MetadataExt;
    let Ok(target) = std::fs::metadata(path) else {
        return false;
    };
    ws.own_files().iter().any(|own| {
        std::fs::metadata(own)
            .map(|m| m.dev() == target.dev() && m.ino() == target.ino())
            .unwrap_or(false)
    })
}

#[cfg(not(unix))]
fn same_file_as_workspace(_: &Workspace, _: &Path) -> bool {
    false
}

/// Whether the name ends in a spreadsheet extension.
pub fn has_spreadsheet_extension(path: &Path) -> bool {
    path.extension()
        .and_then(|e| e.to_str())
        .map(|e| {
            SPREADSHEET_EXTENSIONS
                .iter()
                .any(|x| x.eq_ignore_ascii_case(e))
        })
        .unwrap_or(false)
}

/// Refuses a path that names one of the workspace's files or folders.
pub fn refuse_inside(ws: &Workspace, path: &Path) -> Result<()> {
    if is_inside_workspace(ws, path) {
        return Err(inside_message(path, ws));
    }
    Ok(())
}

/// Reads a file the user picked, at most `max_bytes` of it. Refuses the
/// workspace's own files, folders, devices and pipes, and stops reading as
/// soon as the file turns out larger than the limit (it may grow as we read).
pub fn read_user_file(ws: &Workspace, path: &Path, max_bytes: usize) -> Result<Vec<u8>> {
    refuse_inside(ws, path)?;
    let cannot = |e: &dyn std::fmt::Display| {
        Error::unreadable(format!("Cannot read {}: {e}", path.display()))
    };
    let meta = std::fs::metadata(path).map_err(|e| cannot(&e))?;
    if !meta.is_file() {
        return Err(Error::unreadable(format!(
            "{} is not a file; pick a spreadsheet file.",
            path.display()
        )));
    }
    let too_big = || {
        Error::unreadable(format!(
            "{} is larger than {} MB; SalesOS reads files up to that size.",
            path.display(),
            max_bytes / (1024 * 1024)
        ))
    };
    if meta.len() > max_bytes as u64 {
        return Err(too_big());
    }
    let file = std::fs::File::open(path).map_err(|e| cannot(&e))?;
    let limit = u64::try_from(max_bytes)
        .unwrap_or(u64::MAX)
        .saturating_add(1);
    let mut bytes = Vec::with_capacity(usize::try_from(meta.len()).unwrap_or(0));
    ask_for_huge_pages(&mut bytes);
    file.take(limit)
        .read_to_end(&mut bytes)
        .map_err(|e| cannot(&e))?;
    if bytes.len() > max_bytes {
        return Err(too_big());
    }
    Ok(bytes)
}

/// Asks Linux to back a large buffer with 2 MB pages. Reading a 68 MB
/// export into fresh 4 KB pages took 35 ms, nearly all of it faulting the
/// pages in (copying the file took 5); huge pages fault 512 times less.
/// Only advice: where it is refused, nothing changes.
#[cfg(target_os = "linux")]
fn ask_for_huge_pages(buffer: &mut Vec<u8>) {
    const HUGE: usize = 2 << 20;
    let start = buffer.as_mut_ptr() as usize;
    // madvise wants page-aligned ranges: the whole huge pages inside the buffer.
    let (Some(first), Some(end)) = (
        start.checked_next_multiple_of(HUGE),
        start.checked_add(buffer.capacity()),
    ) else {
        return;
    };
    let len = end.saturating_sub(first) / HUGE * HUGE;
    if len == 0 {
        return;
    }
    // SAFETY: [first, first + len) lies inside the buffer's own allocation
    // (rounded inward to whole huge pages); MADV_HUGEPAGE changes how the
    // kernel backs those pages, never their contents or their mapping.
    unsafe {
        libc::madvise(first as *mut libc::c_void, len, libc::MADV_HUGEPAGE);
    }
}

#[cfg(not(target_os = "linux"))]
fn ask_for_huge_pages(_buffer: &mut Vec<u8>) {}

/// Writes `bytes` to `path` whole or not at all: a temporary file in the same
/// folder, flushed to disk, renamed over the target, and the folder flushed so
/// the new name survives a power cut. Paths inside the workspace are refused.
pub fn write_user_file(ws: &Workspace, path: &Path, bytes: &[u8]) -> Result<()> {
    refuse_inside(ws, path)?;
    write_atomically(path, bytes)
}

/// The temporary-file-and-rename write, for any file SalesOS produces.
pub fn write_atomically(path: &Path, bytes: &[u8]) -> Result<()> {
    let cannot =
        |e: std::io::Error| Error::invalid(format!("Cannot write {}: {e}", path.display()));
    if path.is_dir() {
        return Err(Error::invalid(format!(
            "{} is a folder; give a file name to save to.",
            path.display()
        )));
    }
    let folder = match path.parent() {
        Some(p) if !p.as_os_str().is_empty() => p.to_path_buf(),
        _ => PathBuf::from("."),
    };
    let name = path
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_else(|| "file".into());
    let mut suffix = [0u8; 6];
    getrandom::fill(&mut suffix).map_err(|e| Error::invalid(format!("no randomness: {e}")))?;
    let suffix: String = suffix.iter().map(|b| format!("{b:02x}")).collect();
    let temp = folder.join(format!(".{name}.{suffix}.part"));
    let written = (|| -> std::io::Result<()> {
        let mut f = std::fs::OpenOptions::new()
            .write(true)
            .create_new(true)
            .open(&temp)?;
        f.write_all(bytes)?;
        f.sync_all()?;
        drop(f);
        std::fs::rename(&temp, path)?;
        sync_dir(&folder)
    })();
    if let Err(e) = written {
        let _ = std::fs::remove_file(&temp);
        return Err(cannot(e));
    }
    Ok(())
}

/// Flushes a folder's entries (the rename) to disk.
#[cfg(unix)]
fn sync_dir(dir: &Path) -> std::io::Result<()> {
    std::fs::File::open(dir)?.sync_all()
}

#[cfg(not(unix))]
fn sync_dir(_: &Path) -> std::io::Result<()> {
    Ok(())
}
