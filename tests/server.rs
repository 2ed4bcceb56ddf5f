//! The local server for real: loopback, per-launch token, Host check, the
//! command layer over HTTP, uploads and downloads.
use std::io::{Read, Write};
use std::net::TcpStream;
use std::sync::Arc;

use salesos::server::Server;
use salesos::store::Workspace;

struct Running {
    port: u16,
    token: String,
    _dir: tempfile::TempDir,
}

fn start() -> Running {
    let dir = tempfile::tempdir().unwrap();
    let ws = Arc::new(
        Workspace::open(&dir.path().join("ws"))
            .unwrap()
            .with_today(chrono::NaiveDate::from_ymd_opt(2026, 11, 25).unwrap()),
    );
    let (tx, rx) = std::sync::mpsc::channel();
    std::thread::spawn(move || {
        let rt = tokio::runtime::Runtime::new().unwrap();
        rt.block_on(async move {
            let server = Server::bind(ws, 0).await.unwrap();
            tx.send((server.port(), server.token().to_string()))
                .unwrap();
            server.run().await.unwrap();
        });
    });
    let (port, token) = rx.recv().unwrap();
    Running {
        port,
        token,
        _dir: dir,
    }
}

/// One HTTP/1.1 request; returns (status, headers, body).
fn request(
    port: u16,
    method: &str,
    path: &str,
    host: &str,
    headers: &[(&str, &str)],
    body: &[u8],
) -> (u16, String, Vec<u8>) {
    let mut s = TcpStream::connect(("127.0.0.1", port)).unwrap();
    let mut head = format!(
        "{method} {path} HTTP/1.1\r\nHost: {host}\r\nConnection: close\r\nContent-Length: {}\r\n",
        body.len()
    );
    for (k, v) in headers {
        head.push_str(&format!("{k}: {v}\r\n"));
    }
    head.push_str("\r\n");
    s.write_all(head.as_bytes()).unwrap();
    s.write_all(body).unwrap();
    let mut raw = Vec::new();
    s.read_to_end(&mut raw).unwrap();
    let split = raw.windows(4).position(|w| w == b"\r\n\r\n").unwrap();
    let head = String::from_utf8_lossy(&raw[..split]).to_string();
    let status: u16 = head.split(' ').nth(1).unwrap().parse().unwrap();
    let mut body = raw[split + 4..].to_vec();
    if head
        .to_ascii_lowercase()
        .contains("transfer-encoding: chunked")
    {
        body = dechunk(&body);
    }
    (status, head, body)
}

fn dechunk(mut b: &[u8]) -> Vec<u8> {
    let mut out = Vec::new();
    loop {
        let line_end = b.windows(2).position(|w| w == b"\r\n").unwrap();
        let size =
            usize::from_str_radix(std::str::from_utf8(&b[..line_end]).unwrap().trim(), 16).unwrap();
        if size == 0 {
            return out;
        }
        out.extend_from_slice(&b[line_end + 2..line_end + 2 + size]);
        b = &b[line_end + 2 + size + 2..];
    }
}

fn api(r: &Running, name: &str, body: &str) -> (u16, serde_json::Value) {
    let host = format!("127.0.0.1:{}", r.port);
    let (status, _, body) = request(
        r.port,
        "POST",
        &format!("/api/{name}"),
        &host,
        &[
            ("content-type", "application/json"),
            ("x-salesos-token", &r.token),
        ],
        body.as_bytes(),
    );
    (
        status,
        serde_json::from_slice(&body).unwrap_or(serde_json::Value::Null),
    )
}

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
        "/api/stage_upload?name=pipeline%20export.csv",
        &host,
        &[
            ("x-salesos-token", &r.token),
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
        "/api/stage_upload?name=cat.png",
        &host,
        &[("x-salesos-token", &r.token)],
        b"\x89PNG\r\n\x1a\nrest",
    );
    assert_eq!(status, 400);
    assert!(String::from_utf8_lossy(&body).contains("PNG image"));
    let (status, json) = api(&r, "import_preview", r#"{"file_id":"../../etc/passwd"}"#);
    assert_eq!(status, 400, "{json}");
}
