//! The committed input files of `tests/fixtures`: xls, ods and xlsx files
//! that LibreOffice wrote once from the sources in `tests/fixtures/sources`,
//! so that reading them needs no LibreOffice at test time. The sources are
//! written by the tests' own code (below); `tests/fixtures/generate.sh`
//! (`make fixtures`) writes them with `write_sources` and converts them.
//!
//! `committed_sources_are_the_tests_own` fails when a test's rows change
//! and the fixtures were not regenerated.

use std::io::Cursor;

use calamine::{open_workbook_from_rs, Reader, Xlsx};

use crate::common::{fixture, xlsx};

/// Each source file and its bytes, as the tests that read its conversions
/// describe it.
fn sources() -> Vec<(&'static str, Vec<u8>)> {
    vec![
        ("pipeline.xlsx", xlsx(&crate::import_formats::deal_rows())),
        ("dims-2.xlsx", xlsx(&crate::import_garbage::dims_rows(2))),
        (
            "dims-400.xlsx",
            xlsx(&crate::import_garbage::dims_rows(400)),
        ),
        ("hidden.xlsx", crate::import_readers::hidden_source()),
        ("tricky.csv", crate::import_csv::TRICKY.as_bytes().to_vec()),
    ]
}

/// Writes the sources into `$SALESOS_FIXTURE_SOURCES` (a folder).
#[test]
#[ignore = "run by tests/fixtures/generate.sh"]
fn write_sources() {
    let Some(dir) = std::env::var_os("SALESOS_FIXTURE_SOURCES") else {
        return;
    };
    let dir = std::path::PathBuf::from(dir);
    std::fs::create_dir_all(&dir).expect("sources folder");
    for (name, bytes) in sources() {
        std::fs::write(dir.join(name), bytes).expect("write a source");
    }
}

/// Every sheet of a workbook: name, visibility and cells.
fn sheets(bytes: Vec<u8>) -> Vec<(String, String, calamine::Range<calamine::Data>)> {
    let mut book: Xlsx<_> = open_workbook_from_rs(Cursor::new(bytes)).expect("read xlsx");
    let meta = book.sheets_metadata().to_vec();
    meta.into_iter()
        .map(|sheet| {
            let cells = book.worksheet_range(&sheet.name).expect("sheet");
            (sheet.name, format!("{:?}", sheet.visible), cells)
        })
        .collect()
}

#[test]
fn committed_sources_are_the_tests_own() {
    for (name, bytes) in sources() {
        let committed = fixture(&format!("sources/{name}"));
        let current = if name.ends_with(".xlsx") {
            // The cells, not the bytes: the writer stamps the time.
            sheets(committed) == sheets(bytes)
        } else {
            committed == bytes
        };
        assert!(
            current,
            "tests/fixtures/sources/{name} is not what the tests describe: run `make fixtures`"
        );
    }
}
