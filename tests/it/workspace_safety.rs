//! The workspace cannot be corrupted through the files a user names, a write
//! that cannot be made durable fails loudly, and the local server keeps its
//! hygiene: only spreadsheets are staged, staged files do not pile up, slow
//! clients are cut off, two Host headers are refused.

use std::io::{Read, Write};
use std::net::TcpStream;
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use crate::common::http::{self, request};
use crate::common::*;

/// `salesos serve` as its own process, as a user runs it.
struct ServeProcess {
    child: Child,
    port: u16,
    token: String,
}

impl ServeProcess {
    fn start(data: &Path) -> ServeProcess {
        let mut child = Command::new(env!("CARGO_BIN_EXE_salesos"))
            .arg("--data")
            .arg(data)
            .args(["serve", "--port", "0", "--no-open"])
            .env("SALESOS_TODAY", "2026-03-10")
            .stdout(Stdio::piped())
            .stderr(Stdio::null())
            .spawn()
            .expect("start salesos serve");
        let mut out = child.stdout.take().expect("stdout");
        let mut seen = String::new();
        let mut buf = [0u8; 256];
        let url = loop {
            let n = out.read(&mut buf).expect("read serve output");
            assert!(n > 0, "serve exited early: {seen}");
            seen.push_str(&String::from_utf8_lossy(&buf[..n]));
            if let Some(line) = seen.lines().find(|l| l.contains("#token=")) {
                if seen.contains('\n') {
                    break line.to_string();
                }
            }
        };
        let url = url.split_whitespace().last().expect("url").to_string();
        let port: u16 = url
            .split("127.0.0.1:")
            .nth(1)
            .and_then(|r| r.split('/').next())
            .and_then(|p| p.parse().ok())
            .expect("port");
        let token = url.split("#token=").nth(1).expect("token").to_string();
        // Keep reading what it prints: a closed pipe would fail its next line.
        std::thread::spawn(move || std::io::copy(&mut out, &mut std::io::sink()));
        ServeProcess { child, port, token }
    }

    fn api(&self, name: &str, body: &str) -> (u16, serde_json::Value) {
        let (status, _, body) = request(
            self.port,
            "POST",
            &format!("/api/{name}"),
            &format!("127.0.0.1:{}", self.port),
            &[
                ("content-type", "application/json"),
                ("x-salesos-token", &self.token),
            ],
            body.as_bytes(),
        );
        (
            status,
            serde_json::from_slice(&body).unwrap_or(serde_json::Value::Null),
        )
    }

    /// Ctrl+C, as a user stops it.
    fn stop(mut self) {
        // SAFETY: signals our own child process.
        unsafe { libc::kill(self.child.id() as libc::pid_t, libc::SIGINT) };
        let deadline = Instant::now() + Duration::from_secs(10);
        while Instant::now() < deadline {
            if let Ok(Some(_)) = self.child.try_wait() {
                return;
            }
            std::thread::sleep(Duration::from_millis(50));
        }
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

impl Drop for ServeProcess {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

fn integrity(db: &Path) -> String {
    let conn = rusqlite::Connection::open(db).expect("open database");
    conn.query_row("PRAGMA integrity_check", [], |r| r.get(0))
        .expect("integrity_check")
}

fn goal_of(data: &Path, quarter: &str) -> serde_json::Value {
    let o = cli(data, &["forecast", "--quarter", quarter, "--json"]);
    assert!(o.status.success(), "forecast: {}", stderr(&o));
    let v: serde_json::Value = serde_json::from_str(&stdout(&o)).expect("forecast json");
    v["goal"].clone()
}

const PIPELINE: &str =
    "Opportunity ID,Opportunity Name,Opportunity Owner,Amount,Close Date,Stage\n\
    S-1,Safe one,Ann Lee,100,2026-03-01,Prospecting\n\
    S-2,Safe two,Bob Ray,200,2026-03-02,Closed Won\n";

/// Issue 11, defect 1: staging the live database dropped the server's SQLite
/// locks; the next CLI command then deleted the log the server was writing
/// and the workspace no longer opened. Now the path is refused before it is
/// opened, and every write made before and after is still there.
#[test]
fn staging_the_live_database_is_refused_and_the_workspace_survives() {
    let work = tempfile::tempdir().unwrap();
    let data = work.path().join("ws");
    let csv = work.path().join("pipeline.csv");
    std::fs::write(&csv, PIPELINE).unwrap();
    let o = cli(&data, &["import", csv.to_str().unwrap()]);
    assert!(o.status.success(), "{}", stderr(&o));

    let server = ServeProcess::start(&data);
    let (status, _) = server.api(
        "set_goal",
        r#"{"quarter":"2026-Q1","rep_id":null,"amount":111100}"#,
    );
    assert_eq!(status, 200);
    let db = data.join("salesos.db");
    let wal = data.join("salesos.db-wal");
    let log_id = || {
        use std::os::unix::fs::MetadataExt;
        std::fs::metadata(&wal).ok().map(|m| m.ino())
    };
    let log_before = log_id();
    assert!(log_before.is_some(), "the server keeps a write-ahead log");
    for path in [
        db.clone(),
        data.join("salesos.db-wal"),
        data.join("incoming/../salesos.db"),
    ] {
        let (status, body) = server.api(
            "stage_path",
            &serde_json::json!({ "path": path }).to_string(),
        );
        assert_eq!(status, 400, "{path:?}: {body}");
        assert!(
            body["error"]["message"]
                .as_str()
                .unwrap_or("")
                .contains("workspace"),
            "{body}"
        );
    }
    // Any command on the same workspace, then an import and more writes.
    let o = cli(&data, &["deals"]);
    assert!(o.status.success(), "{}", stderr(&o));
    let o = cli(&data, &["import", csv.to_str().unwrap()]);
    assert!(o.status.success(), "{}", stderr(&o));
    // With the server's locks dropped, the CLI took itself for the last
    // user and deleted the log the server was still writing to.
    assert_eq!(
        log_id(),
        log_before,
        "the server's log was deleted or replaced"
    );
    for (q, amount) in [("2026-Q2", 222200), ("2026-Q3", 333300)] {
        let (status, body) = server.api(
            "set_goal",
            &format!(r#"{{"quarter":"{q}","rep_id":null,"amount":{amount}}}"#),
        );
        assert_eq!(status, 200, "{body}");
    }
    server.stop();

    assert_eq!(integrity(&db), "ok");
    assert_eq!(goal_of(&data, "2026-Q1"), 1111.0);
    assert_eq!(goal_of(&data, "2026-Q2"), 2222.0);
    assert_eq!(goal_of(&data, "2026-Q3"), 3333.0);
}

/// Another name for a workspace file (a hard or symbolic link elsewhere) is
/// the same file: refused for reading and for writing.
#[test]
fn links_to_the_workspace_files_are_refused() {
    let t = TestWs::new();
    t.import("seed.csv", PIPELINE);
    let db = t.data_dir().join("salesos.db");
    let hard = t.dir.path().join("pipeline.xlsx");
    std::fs::hard_link(&db, &hard).unwrap();
    let soft = t.dir.path().join("export.csv");
    std::os::unix::fs::symlink(&db, &soft).unwrap();
    for path in [&hard, &soft] {
        let e = salesos::import::stage_path(&t.ws, path).unwrap_err();
        assert!(e.to_string().contains("workspace"), "{e}");
        let e = salesos::store::files::write_user_file(&t.ws, path, b"x").unwrap_err();
        assert!(e.to_string().contains("workspace"), "{e}");
    }
    drop(t.ws.conn());
    assert_eq!(integrity(&db), "ok");
    assert_eq!(t.deal_count(), 2);
}

/// Issue 11, defect 8: `export board --out <workspace>/salesos.db` destroyed
/// the workspace. Every output path inside the workspace is refused, and an
/// export is written whole or not at all.
#[test]
fn exports_never_land_in_the_workspace_and_are_written_whole() {
    let work = tempfile::tempdir().unwrap();
    let data = work.path().join("ws");
    let csv = work.path().join("pipeline.csv");
    std::fs::write(&csv, PIPELINE).unwrap();
    assert!(cli(&data, &["import", csv.to_str().unwrap()])
        .status
        .success());
    let db = data.join("salesos.db");
    let before = std::fs::metadata(&db).unwrap().len();
    for target in [
        db.clone(),
        data.join("salesos.db-wal"),
        data.join("board.xlsx"),
        data.join("incoming/board.xlsx"),
    ] {
        let t = target.to_str().unwrap();
        for args in [
            vec!["export", "board", "--out", t],
            vec!["template", "export", "--out", t],
            vec!["rows-to-fix", "1", "--out", t],
        ] {
            let o = cli(&data, &args);
            assert!(!o.status.success(), "{args:?} succeeded");
            assert!(stderr(&o).contains("workspace"), "{args:?}: {}", stderr(&o));
        }
    }
    // Nor is a workspace file read as a spreadsheet, whatever the kind.
    for kind in ["deals", "reps", "template", "scorecards"] {
        let o = cli(&data, &["import", db.to_str().unwrap(), "--kind", kind]);
        assert!(!o.status.success(), "import --kind {kind} succeeded");
        assert!(stderr(&o).contains("workspace"), "{kind}: {}", stderr(&o));
    }
    assert!(!data.join("board.xlsx").exists());
    assert_eq!(integrity(&db), "ok");
    assert!(std::fs::metadata(&db).unwrap().len() >= before);
    let o = cli(&data, &["deals", "--json"]);
    assert!(o.status.success(), "{}", stderr(&o));

    // A real export: the file is complete and nothing temporary is left.
    let out_dir = work.path().join("out");
    std::fs::create_dir_all(&out_dir).unwrap();
    let out = out_dir.join("board.xlsx");
    std::fs::write(&out, b"an older file").unwrap();
    let o = cli(
        &data,
        &[
            "export",
            "board",
            "--quarter",
            "2026-Q1",
            "--out",
            out.to_str().unwrap(),
        ],
    );
    assert!(o.status.success(), "{}", stderr(&o));
    assert!(std::fs::read(&out).unwrap().starts_with(b"PK"));
    let names: Vec<String> = std::fs::read_dir(&out_dir)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    assert_eq!(names, vec!["board.xlsx".to_string()]);
    // A folder is not a file name.
    let o = cli(
        &data,
        &["export", "board", "--out", out_dir.to_str().unwrap()],
    );
    assert!(!o.status.success());
}

/// A write on a connection whose log another program replaced would be
/// acknowledged and then lost: it is refused, and says so.
#[test]
fn a_write_that_cannot_be_durable_fails_loudly() {
    let t = TestWs::new();
    t.import("seed.csv", PIPELINE);
    let goal = |amount: i64| {
        salesos::api::set_goal(
            &t.ws,
            salesos::api::SetGoalRequest {
                quarter: "2026-Q1".into(),
                rep_id: None,
                amount: Some(amount),
            },
        )
    };
    goal(100).expect("a normal write");
    let wal = t.data_dir().join("salesos.db-wal");
    std::fs::remove_file(&wal).unwrap();
    let e = goal(200).unwrap_err();
    assert_eq!(e.code, salesos::api::ErrorCode::Unsafe, "{e:?}");
    assert!(e.message.contains("NOT saved"), "{}", e.message);
    // A new file of the same name is not the log either.
    std::fs::write(&wal, b"").unwrap();
    let e = goal(300).unwrap_err();
    assert_eq!(e.code, salesos::api::ErrorCode::Unsafe, "{e:?}");
}

/// Issue 11, defect 9: `stage_path` read any file the token holder named.
#[test]
fn stage_path_takes_only_spreadsheet_files() {
    let t = TestWs::new();
    for (path, phrase) in [
        (PathBuf::from("/etc/passwd"), "not a spreadsheet"),
        (PathBuf::from("/dev/zero"), "not a spreadsheet"),
        (t.dir.path().to_path_buf(), "not a spreadsheet"),
    ] {
        let e = salesos::import::stage_path(&t.ws, &path).unwrap_err();
        assert!(e.to_string().contains(phrase), "{path:?}: {e}");
    }
    // A folder or a device named like a spreadsheet is still not a file.
    let folder = t.dir.path().join("folder.csv");
    std::fs::create_dir_all(&folder).unwrap();
    let e = salesos::import::stage_path(&t.ws, &folder).unwrap_err();
    assert!(e.to_string().contains("not a file"), "{e}");
    // Text that is not a table, named .csv, passes the name but is read as text;
    // a PNG named .xlsx is refused by its content.
    let png = t.write("picture.xlsx", b"\x89PNG\r\n\x1a\n\0\0\0\rIHDR");
    assert!(salesos::import::stage_path(&t.ws, &png).is_err());
    let csv = t.write("pipeline.csv", PIPELINE);
    let staged = salesos::import::stage_path(&t.ws, &csv).expect("a csv stages");
    assert_eq!(staged.file_name, "pipeline.csv");
}

fn incoming(data: &Path) -> Vec<String> {
    let mut names: Vec<String> = std::fs::read_dir(data.join("incoming"))
        .map(|d| {
            d.map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
                .collect()
        })
        .unwrap_or_default();
    names.sort();
    names
}

fn upload(r: &http::Running, name: &str, bytes: &[u8]) -> serde_json::Value {
    let (status, _, body) = request(
        r.port,
        "POST",
        "/api/stage_upload",
        &r.host(),
        &[
            ("content-type", "application/octet-stream"),
            ("x-salesos-token", &r.token),
            ("x-file-name", name),
        ],
        bytes,
    );
    let json: serde_json::Value = serde_json::from_slice(&body).unwrap_or_default();
    assert_eq!(status, 200, "{json}");
    json
}

/// Uploaded files leave `incoming/` once imported or given up, a refused
/// upload leaves nothing, and leftovers of an earlier day are swept at start.
#[test]
fn staged_files_do_not_pile_up() {
    let work = tempfile::tempdir().unwrap();
    let data = work.path().join("ws");
    std::fs::create_dir_all(data.join("incoming")).unwrap();
    let old = data.join("incoming/0123abcd");
    std::fs::write(&old, b"left from last week").unwrap();
    let week_ago = std::time::SystemTime::now() - Duration::from_secs(7 * 24 * 3600);
    std::fs::File::options()
        .write(true)
        .open(&old)
        .unwrap()
        .set_modified(week_ago)
        .unwrap();
    let r = http::start_on(&data, |s| s);
    assert!(incoming(&data).is_empty(), "{:?}", incoming(&data));

    let staged = upload(&r, "pipeline.csv", PIPELINE.as_bytes());
    let id = staged["file_id"].as_str().unwrap().to_string();
    assert_eq!(incoming(&data).len(), 2);
    let (status, _) = http::api(&r, "discard_staged", &format!(r#"{{"file_id":"{id}"}}"#));
    assert_eq!(status, 200);
    assert!(incoming(&data).is_empty());

    let staged = upload(&r, "pipeline.csv", PIPELINE.as_bytes());
    let id = staged["file_id"].as_str().unwrap().to_string();
    let (status, body) = http::api(
        &r,
        "import_commit",
        &format!(
            r#"{{"file_id":"{id}","sheet":null,"kind":"deals","mapping":null,"stages":[],"strict":false,"dry_run":false}}"#
        ),
    );
    assert_eq!(status, 200, "{body}");
    assert!(incoming(&data).is_empty());

    // Not a spreadsheet: refused, and nothing kept.
    let (status, _, _) = request(
        r.port,
        "POST",
        "/api/stage_upload",
        &r.host(),
        &[("x-salesos-token", &r.token), ("x-file-name", "x.csv")],
        b"\x89PNG\r\n\x1a\n\0\0\0\rIHDR\0\0",
    );
    assert_eq!(status, 400);
    assert!(incoming(&data).is_empty());
}

/// A client that sends half its headers, or stops sending its body, is cut
/// off instead of holding a connection for good.
#[test]
fn slow_clients_are_cut_off() {
    let work = tempfile::tempdir().unwrap();
    let r = http::start_on(&work.path().join("ws"), |s| {
        s.with_timeouts(Duration::from_secs(1), Duration::from_secs(1))
    });
    // Partial headers.
    let mut s = TcpStream::connect(("127.0.0.1", r.port)).unwrap();
    s.set_read_timeout(Some(Duration::from_secs(10))).unwrap();
    s.write_all(b"POST /api/workspace_info HTTP/1.1\r\nHost: 127.0.0.1\r\n")
        .unwrap();
    let started = Instant::now();
    let mut rest = Vec::new();
    let _ = s.read_to_end(&mut rest);
    assert!(
        started.elapsed() < Duration::from_secs(5),
        "{:?}",
        started.elapsed()
    );

    // A body that stalls after its first bytes.
    let mut s = TcpStream::connect(("127.0.0.1", r.port)).unwrap();
    s.set_read_timeout(Some(Duration::from_secs(10))).unwrap();
    let head = format!(
        "POST /api/set_goal HTTP/1.1\r\nHost: {}\r\nx-salesos-token: {}\r\ncontent-type: application/json\r\nContent-Length: 100\r\n\r\n{{\"quarter\"",
        r.host(),
        r.token
    );
    s.write_all(head.as_bytes()).unwrap();
    let started = Instant::now();
    let mut answer = Vec::new();
    let _ = s.read_to_end(&mut answer);
    assert!(
        started.elapsed() < Duration::from_secs(5),
        "{:?}",
        started.elapsed()
    );
    let answer = String::from_utf8_lossy(&answer);
    assert!(
        answer.is_empty() || answer.starts_with("HTTP/1.1 400"),
        "{answer}"
    );

    // The server still answers everyone else.
    let (status, _) = http::api(&r, "workspace_info", "{}");
    assert_eq!(status, 200);
}

/// Issue 11, defect 9: the Host check read only the first Host header.
#[test]
fn a_request_with_two_host_headers_is_refused() {
    let r = http::start();
    let host = r.host();
    let (status, _, _) = request(
        r.port,
        "POST",
        "/api/workspace_info",
        &host,
        &[("host", "evil.example"), ("x-salesos-token", &r.token)],
        b"{}",
    );
    assert_eq!(status, 403);
    let (status, _, _) = request(
        r.port,
        "POST",
        "/api/workspace_info",
        &host,
        &[("host", &host), ("x-salesos-token", &r.token)],
        b"{}",
    );
    assert_eq!(status, 403);
}

/// Issue 11, defect 2: a close date written as a huge serial number
/// (`100000000`, `1e9`, `1e300`) crashed the import; through the API the
/// preview answered 500 and the progress stayed "active" for good.
#[test]
fn out_of_range_date_serials_are_reported_not_crashes() {
    let work = tempfile::tempdir().unwrap();
    let data = work.path().join("ws");
    let csv = "Opportunity ID,Opportunity Name,Amount,Close Date\n\
        D-1,Huge serial,100,100000000\n\
        D-2,Exponent,200,1e9\n\
        D-3,Far exponent,300,1e300\n\
        D-4,Fine,400,2026-03-01\n";
    let path = work.path().join("dates.csv");
    std::fs::write(&path, csv).unwrap();
    let o = cli(&data, &["import", path.to_str().unwrap(), "--json"]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    let report: serde_json::Value = serde_json::from_str(&stdout(&o)).unwrap();
    assert_eq!(report["rows_read"], 4, "{report}");
    let text = report.to_string();
    assert!(text.contains("100000000"), "the value is named: {text}");

    let r = http::start_on(&work.path().join("ws2"), |s| s);
    let staged = upload(&r, "dates.csv", csv.as_bytes());
    let id = staged["file_id"].as_str().unwrap();
    let (status, body) = http::api(
        &r,
        "import_preview",
        &format!(r#"{{"file_id":"{id}","sheet":null,"kind":"deals","mapping":null}}"#),
    );
    assert_eq!(status, 200, "{body}");
    let (status, body) = http::api(
        &r,
        "import_commit",
        &format!(
            r#"{{"file_id":"{id}","sheet":null,"kind":"deals","mapping":null,"stages":[],"strict":false,"dry_run":false}}"#
        ),
    );
    assert_eq!(status, 200, "{body}");
    let (_, progress) = http::api(&r, "import_progress", "{}");
    assert_eq!(progress["active"], false, "{progress}");
}
