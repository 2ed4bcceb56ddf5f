//! The local server for real: loopback, per-launch token, Host check, the
//! command layer over HTTP, uploads and downloads.

use crate::common::http::*;

#[test]
fn api_requires_the_launch_token() {
    let r = start();
    let host = format!("127.0.0.1:{}", r.port);
    let (status, _, body) = request(r.port, "POST", "/api/workspace_info", &host, &[], b"{}");
    assert_eq!(status, 401);
    assert!(String::from_utf8_lossy(&body).contains("unauthorized"));
    let (status, _, _) = request(
        r.port,
        "POST",
        "/api/workspace_info",
        &host,
        &[("x-salesos-token", "wrong")],
        b"{}",
    );
    assert_eq!(status, 401);
    let (status, json) = api(&r, "workspace_info", "{}");
    assert_eq!(status, 200);
    assert_eq!(json["empty"], true);
}

#[test]
fn foreign_host_headers_are_refused() {
    let r = start();
    for host in ["evil.example:80", "attacker.test", "127.0.0.1:1"] {
        let (status, _, _) = request(r.port, "GET", "/", host, &[], b"");
        assert_eq!(status, 403, "{host}");
        let (status, _, _) = request(
            r.port,
            "POST",
            "/api/workspace_info",
            host,
            &[("x-salesos-token", &r.token)],
            b"{}",
        );
        assert_eq!(status, 403, "{host}");
    }
    let (status, _, _) = request(
        r.port,
        "GET",
        "/",
        &format!("localhost:{}", r.port),
        &[],
        b"",
    );
    assert_ne!(status, 403);
}

#[test]
fn pages_carry_a_strict_content_security_policy() {
    let r = start();
    let (_, head, _) = request(
        r.port,
        "GET",
        "/",
        &format!("127.0.0.1:{}", r.port),
        &[],
        b"",
    );
    let head = head.to_ascii_lowercase();
    assert!(
        head.contains("content-security-policy: default-src 'self'; script-src 'self'"),
        "{head}"
    );
    assert!(head.contains("x-frame-options: deny"));
}

#[test]
fn upload_preview_commit_forecast_over_http() {
    let r = start();
    let host = format!("127.0.0.1:{}", r.port);
    let csv = "Deal Name,Account,Deal owner,Amount,Close Date,Deal Stage,Risk\nBig one,Acme,Ann,\"$50,000\",2026-12-01,Negotiation,green\nNo amount,Bolt,Bob,N/A,2026-12-02,Discovery,\n";
    let (status, _, body) = request(
        r.port,
        "POST",
        "/api/stage_upload",
        &host,
        &[
            ("x-salesos-token", &r.token),
            ("x-file-name", "pipeline%20export.csv"),
            ("content-type", "application/octet-stream"),
        ],
        csv.as_bytes(),
    );
    assert_eq!(status, 200, "{}", String::from_utf8_lossy(&body));
    let staged: serde_json::Value = serde_json::from_slice(&body).unwrap();
    assert_eq!(staged["file_name"], "pipeline export.csv");
    let file_id = staged["file_id"].as_str().unwrap().to_string();

    let (status, preview) = api(
        &r,
        "import_preview",
        &format!(r#"{{"file_id":"{file_id}","kind":"deals"}}"#),
    );
    assert_eq!(status, 200, "{preview}");
    assert_eq!(preview["data_rows"], 2);
    let (status, report) = api(
        &r,
        "import_commit",
        &format!(r#"{{"file_id":"{file_id}","kind":"deals","stages":[]}}"#),
    );
    assert_eq!(status, 200, "{report}");
    assert_eq!(report["created"], 2);
    assert_eq!(report["warnings"][0]["row"], 3);
    assert_eq!(report["warnings"][0]["value"], "N/A");

    let (_, forecast) = api(&r, "forecast", r#"{"quarter":"2026-Q4"}"#);
    assert_eq!(forecast["team"]["commit"], 5_000_000);

    // The rows to fix come back as a real workbook.
    let import_id = report["import_id"].as_i64().unwrap();
    let (status, head, body) = request(
        r.port,
        "POST",
        "/api/import_issues_xlsx",
        &host,
        &[("x-salesos-token", &r.token)],
        format!(r#"{{"import_id":{import_id}}}"#).as_bytes(),
    );
    assert_eq!(status, 200);
    assert!(
        head.contains("pipeline export - rows to fix.xlsx"),
        "{head}"
    );
    assert!(body.starts_with(b"PK"));
}

#[test]
fn bad_requests_get_messages_not_crashes() {
    let r = start();
    let (status, json) = api(&r, "no_such_command", "{}");
    assert_eq!(status, 404);
    assert!(json["error"]["message"]
        .as_str()
        .unwrap()
        .contains("no command"));
    let (status, json) = api(&r, "set_risk", r#"{"deal_id": "x"}"#);
    assert_eq!(status, 400);
    assert_eq!(json["error"]["code"], "invalid");
    let (status, json) = api(
        &r,
        "set_goal",
        r#"{"quarter":"Q9","rep_id":null,"amount":5}"#,
    );
    assert_eq!(status, 400);
    assert!(json["error"]["message"]
        .as_str()
        .unwrap()
        .contains("is not a quarter"));
    let host = format!("127.0.0.1:{}", r.port);
    let (status, _, body) = request(
        r.port,
        "POST",
        "/api/stage_upload",
        &host,
        &[("x-salesos-token", &r.token), ("x-file-name", "cat.png")],
        b"\x89PNG\r\n\x1a\nrest",
    );
    assert_eq!(status, 400);
    assert!(String::from_utf8_lossy(&body).contains("PNG image"));
    let (status, json) = api(&r, "import_preview", r#"{"file_id":"../../etc/passwd"}"#);
    assert_eq!(status, 400, "{json}");
}
