//! Staging a text file tells its kind from its first rows only (it used to
//! parse the whole file, then the preview parsed it again), and the preview
//! carries the kind its columns say.
use salesos::api;
use salesos::import::detect::{detect, text_head, DetectedKind};
use salesos::import::{stage_bytes, ImportKind, ImportPreviewRequest};

use crate::common::TestWs;

fn roster(rows: usize) -> String {
    let mut csv = String::from("sales_agent,manager,regional_office\n");
    for i in 0..rows {
        csv.push_str(&format!("Agent {i},Manager {},Central\n", i % 4));
    }
    csv
}

#[test]
fn only_the_first_rows_of_a_text_file_are_read_to_detect_it() {
    let big = roster(5_000);
    let head = text_head(big.as_bytes());
    // The header search's 30 rows and one more, cut after a line break.
    assert_eq!(head.iter().filter(|b| **b == b'\n').count(), 31);
    assert!(head.ends_with(b"\n"));
    assert!(head.len() < big.len() / 100);
    // A short file is read whole.
    let small = roster(3);
    assert_eq!(text_head(small.as_bytes()), small.as_bytes());
    // UTF-16 little-endian: cut after a whole code unit.
    let mut utf16 = vec![0xFF, 0xFE];
    for u in big.encode_utf16() {
        utf16.extend_from_slice(&u.to_le_bytes());
    }
    let head16 = text_head(&utf16);
    assert_eq!(head16.len() % 2, 0);
    assert!(head16.ends_with(&[b'\n', 0]));

    let found = detect(big.as_bytes());
    assert_eq!(found.kind, DetectedKind::Reps, "{}", found.reason);
    assert_eq!(
        found.reason,
        "Looks like a team roster: sales_agent, manager, regional_office"
    );
}

#[test]
fn the_preview_carries_the_detected_kind() {
    let t = TestWs::new();
    let staged = stage_bytes(&t.ws, "sales_teams.csv", roster(50).as_bytes()).unwrap();
    assert_eq!(staged.detected_kind, "reps");
    // Previewed as deals (the user's choice), it still says what the columns hold.
    let p = api::import_preview(
        &t.ws,
        ImportPreviewRequest {
            file_id: staged.file_id.clone(),
            sheet: None,
            kind: ImportKind::Deals,
            mapping: None,
        },
    )
    .unwrap();
    assert_eq!(p.kind, ImportKind::Deals);
    assert_eq!(p.detected_kind, "reps");
    assert!(
        p.kind_reason.starts_with("Looks like a team roster"),
        "{}",
        p.kind_reason
    );
}
