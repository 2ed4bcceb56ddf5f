//! The real local server in this test process, and a bare HTTP/1.1 client
//! that can send what a browser never would (two Host headers, a stalled
//! body).
use std::io::{Read, Write};
use std::net::TcpStream;
use std::path::Path;
use std::sync::Arc;

use salesos::server::Server;
use salesos::store::Workspace;

pub struct Running {
    pub port: u16,
    pub token: String,
    pub _dir: Option<tempfile::TempDir>,
}

impl Running {
    pub fn host(&self) -> String {
        format!("127.0.0.1:{}", self.port)
    }
}

/// A server on a fresh workspace.
pub fn start() -> Running {
    let dir = tempfile::tempdir().unwrap();
    let ws_dir = dir.path().join("ws");
    let mut r = start_on(&ws_dir, |s| s);
    r._dir = Some(dir);
    r
}

/// A server on the workspace in `ws_dir`, set up by `configure`.
pub fn start_on(ws_dir: &Path, configure: fn(Server) -> Server) -> Running {
    let ws = Arc::new(
        Workspace::open(ws_dir)
            .unwrap()
            .with_today(chrono::NaiveDate::from_ymd_opt(2026, 11, 25).unwrap()),
    );
    let (tx, rx) = std::sync::mpsc::channel();
    std::thread::spawn(move || {
        let rt = tokio::runtime::Runtime::new().unwrap();
        rt.block_on(async move {
            let server = configure(Server::bind(ws, 0).await.unwrap());
            tx.send((server.port(), server.token().to_string()))
                .unwrap();
            server.run().await.unwrap();
        });
    });
    let (port, token) = rx.recv().unwrap();
    Running {
        port,
        token,
        _dir: None,
    }
}

/// One HTTP/1.1 request; returns (status, headers, body).
pub fn request(
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

pub fn dechunk(mut b: &[u8]) -> Vec<u8> {
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

pub fn api(r: &Running, name: &str, body: &str) -> (u16, serde_json::Value) {
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
