//! Every spreadsheet of other projects' test suites kept in
//! `../shared/data/peer-spreadsheets` (see its SOURCES.md) goes through the
//! importer: no panic, at most 10 s each, and either a one-line refusal or a
//! report whose counts add up. Some files have their own expectation.

use std::path::PathBuf;
use std::time::{Duration, Instant};

use crate::common::*;
use salesos::import::{import_bytes, ImportOptions, ImportReport};

fn peers() -> Option<PathBuf> {
    let dir = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../shared/data/peer-spreadsheets");
    if dir.is_dir() {
        Some(dir)
    } else {
        println!("skipped: {} is missing", dir.display());
        None
    }
}

/// Imports one file as a dry run in a fresh workspace.
fn import(dir: &std::path::Path, name: &str) -> (salesos::Result<ImportReport>, Duration) {
    let bytes = std::fs::read(dir.join(name)).expect("read peer file");
    let t = TestWs::new();
    let options = ImportOptions {
        dry_run: true,
        ..ImportOptions::default()
    };
    let started = Instant::now();
    let result = import_bytes(&t.ws, name, &bytes, &options, &mut |_, _, _| {});
    (result, started.elapsed())
}

#[test]
fn every_peer_spreadsheet_is_read_or_refused_in_one_line() {
    let Some(dir) = peers() else { return };
    let mut names: Vec<String> = std::fs::read_dir(&dir)
        .expect("list peer files")
        .filter_map(|e| e.ok())
        .map(|e| e.file_name().to_string_lossy().into_owned())
        .filter(|n| n != "SOURCES.md")
        .collect();
    names.sort();
    assert!(!names.is_empty());
    for name in &names {
        let (result, took) = import(&dir, name);
        assert!(took < Duration::from_secs(10), "{name} took {took:?}");
        match result {
            Ok(r) => {
                let accounted = r.created + r.updated + r.unchanged + r.rejected;
                assert_eq!(
                    r.rows_read, accounted,
                    "{name}: counts do not add up: {r:#?}"
                );
                assert_eq!(r.rejected as usize, r.errors.len(), "{name}: {r:#?}");
                println!("{name}: read {} rows of \"{}\"", r.rows_read, r.sheet);
            }
            Err(e) => {
                let message = e.to_string();
                assert!(!message.contains('\n'), "{name}: {message:?}");
                assert!(!message.contains("panicked"), "{name}: {message}");
                assert!(!message.is_empty(), "{name}");
                println!("{name}: refused: {message}");
            }
        }
    }
}

fn read(name: &str) -> Option<ImportReport> {
    let dir = peers()?;
    let (result, _) = import(&dir, name);
    Some(result.unwrap_or_else(|e| panic!("{name} should be read: {e}")))
}

fn refused(name: &str) -> Option<String> {
    let dir = peers()?;
    let (result, _) = import(&dir, name);
    match result {
        Ok(r) => panic!("{name} should be refused: {r:#?}"),
        Err(e) => Some(e.to_string()),
    }
}

#[test]
fn backslash_part_names_read_like_forward_slashes() {
    let (Some(back), Some(forward)) = (
        read("calamine__issue_530.xlsx"),
        read("derived__issue_530_forward_slashes.xlsx"),
    ) else {
        return;
    };
    assert!(back.rows_read > 0, "{back:#?}");
    assert_eq!(
        (back.rows_read, back.created, back.rejected, &back.sheet),
        (
            forward.rows_read,
            forward.created,
            forward.rejected,
            &forward.sheet
        )
    );
    assert_eq!(back.column_headers, forward.column_headers);
}

#[test]
fn a_workbook_at_the_package_root_is_read() {
    let Some(r) = read("calamine__minimal_package.xlsx") else {
        return;
    };
    assert!(r.rows_read > 100, "{r:#?}");
}

#[test]
fn an_encrypted_xls_is_called_password_protected() {
    let Some(message) = refused("calamine__issue_385.xls") else {
        return;
    };
    assert!(message.contains("protected with a password"), "{message}");
    assert!(!message.contains("damaged"), "{message}");
}

#[test]
fn an_excel_4_file_is_named() {
    let Some(message) = refused("xlrd__biff4_no_format_no_window2.xls") else {
        return;
    };
    assert!(message.contains("an Excel 4.0 worksheet"), "{message}");
    assert!(message.contains("save it as xlsx"), "{message}");
}

#[test]
fn hostile_peer_files_stay_refused_or_bounded() {
    let Some(message) = refused("calamine__issue_594_dos.ods") else {
        return;
    };
    assert!(message.contains("repeats its cells"), "{message}");
    assert!(refused("calamine__OOM_alloc3.xls").is_some());
    assert!(refused("calamine__issue252.xlsx").is_some());
    for name in ["calamine__OOM_alloc.xls", "calamine__OOM_alloc2.xls"] {
        let r = read(name).unwrap_or_default();
        assert!(r.rows_read > 0, "{name}: {r:#?}");
    }
}

#[cfg(target_os = "linux")]
#[test]
fn hostile_peer_files_need_little_memory() {
    let Some(dir) = peers() else { return };
    for name in [
        "calamine__issue_594_dos.ods",
        "calamine__OOM_alloc.xls",
        "calamine__OOM_alloc2.xls",
        "calamine__OOM_alloc3.xls",
        "calamine__issue_666_panic.xlsb",
    ] {
        let t = TestWs::new();
        let path = dir.join(name);
        let (_, _, err, peak_kb) = cli_peak_memory(
            &t.data_dir(),
            &["import", path.to_str().unwrap(), "--json", "--dry-run"],
            t.dir.path(),
        );
        assert!(!err.contains("panicked"), "{name}: {err}");
        assert!(peak_kb < 100 * 1024, "{name}: peak {peak_kb} kB");
    }
}

/// Patches one FAT entry of a real xls so its sector chain does what a
/// damaged file's does, and imports it through the real binary: refused in
/// one line, quickly, in little memory. Before the container was walked
/// first, a directory chain looping on itself made the xls reader append the
/// same sector for ever (24 GB, killed), and a chain past the end of a cut
/// file made it panic.
#[cfg(target_os = "linux")]
#[test]
fn an_xls_whose_sector_chains_loop_or_run_past_the_end_is_refused() {
    let Some(dir) = peers() else { return };
    let good = std::fs::read(dir.join("calamine__issue_385.xls")).unwrap();
    let u32_at = |b: &[u8], at: usize| u32::from_le_bytes(b[at..at + 4].try_into().unwrap());
    let directory = u32_at(&good, 0x30) as usize;
    let first_fat = u32_at(&good, 0x4C) as usize;
    let entry = 512 + first_fat * 512 + directory * 4;
    let work = tempfile::tempdir().unwrap();

    let mut looping = good.clone();
    looping[entry..entry + 4].copy_from_slice(&(directory as u32).to_le_bytes());
    // The directory's chain goes on to a sector past the end of the file.
    let mut past_end = good.clone();
    past_end[entry..entry + 4].copy_from_slice(&0x00FF_FFF0u32.to_le_bytes());
    // Cut short inside the Workbook stream.
    let cut = good[..good.len() - 700].to_vec();

    for (name, bytes) in [
        ("looping.xls", looping),
        ("past-end.xls", past_end),
        ("cut.xls", cut),
    ] {
        let file = work.path().join(name);
        std::fs::write(&file, &bytes).unwrap();
        let data = work.path().join(format!("ws-{name}"));
        let started = Instant::now();
        let (code, _, err, peak_kb) =
            cli_peak_memory(&data, &["import", file.to_str().unwrap()], work.path());
        let took = started.elapsed();
        assert_eq!(code, 1, "{name}: {err}");
        assert!(err.contains("damaged"), "{name}: {err}");
        assert!(!err.contains("panicked"), "{name}: {err}");
        assert!(took < Duration::from_secs(10), "{name}: {took:?}");
        assert!(peak_kb < 500 * 1024, "{name}: {peak_kb} kB");
    }
}
