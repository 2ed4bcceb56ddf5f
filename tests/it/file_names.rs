//! Suggested download names keep people's names as they are written
//! ("Zoë Müller", "José") and lose only what a path would misread; over HTTP
//! the real name travels in `filename*` (RFC 5987) beside an ASCII stand-in.

use crate::common::http::*;
use salesos::api::{content_disposition, safe_file_name};

#[test]
fn unicode_letters_stay_and_path_hostile_characters_go() {
    assert_eq!(
        safe_file_name("Zoë Müller - candidate packet.xlsx"),
        "Zoë Müller - candidate packet.xlsx"
    );
    assert_eq!(safe_file_name("José.xlsx"), "José.xlsx");
    assert_eq!(
        safe_file_name("Zoë/Ops: \"A*B\"?.xlsx"),
        "Zoë_Ops_ _A_B__.xlsx"
    );
    assert_eq!(safe_file_name("..\\x<y>|z\n.xlsx"), "_x_y__z_.xlsx");
    assert_eq!(safe_file_name(" ... "), "download");
}

#[test]
fn content_disposition_carries_the_real_name_and_an_ascii_fallback() {
    assert_eq!(
        content_disposition("Zoë Müller - candidate packet.xlsx"),
        "attachment; filename=\"Zo_ M_ller - candidate packet.xlsx\"; \
         filename*=UTF-8''Zo%C3%AB%20M%C3%BCller%20-%20candidate%20packet.xlsx"
    );
    // A quote in a name cannot break out of the header's quoted string.
    assert!(!content_disposition("a\"b.xlsx").contains("a\"b"));
}

#[test]
fn a_download_over_http_keeps_the_accented_name() {
    let r = start();
    let host = r.host();
    let csv = "Deal Name,Account,Deal owner,Amount,Close Date,Deal Stage\nOne,Acme,José,N/A,2026-12-01,Discovery\n";
    let (status, _, body) = request(
        r.port,
        "POST",
        "/api/stage_upload",
        &host,
        &[
            ("x-salesos-token", &r.token),
            ("x-file-name", "Jos%C3%A9%20pipeline.csv"),
            ("content-type", "application/octet-stream"),
        ],
        csv.as_bytes(),
    );
    assert_eq!(status, 200, "{}", String::from_utf8_lossy(&body));
    let staged: serde_json::Value = serde_json::from_slice(&body).unwrap();
    let file_id = staged["file_id"].as_str().unwrap().to_string();
    let (status, report) = api(
        &r,
        "import_commit",
        &format!(r#"{{"file_id":"{file_id}","kind":"deals","stages":[]}}"#),
    );
    assert_eq!(status, 200, "{report}");
    let import_id = report["import_id"].as_i64().unwrap();
    let (status, head, _) = request(
        r.port,
        "POST",
        "/api/import_issues_xlsx",
        &host,
        &[("x-salesos-token", &r.token)],
        format!(r#"{{"import_id":{import_id}}}"#).as_bytes(),
    );
    assert_eq!(status, 200);
    let head = head.to_lowercase();
    assert!(
        head.contains("filename*=utf-8''jos%c3%a9%20pipeline%20-%20rows%20to%20fix.xlsx"),
        "{head}"
    );
    assert!(
        head.contains("filename=\"jos_ pipeline - rows to fix.xlsx\""),
        "{head}"
    );
}
