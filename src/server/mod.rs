//! `salesos serve`: the same command layer over HTTP on 127.0.0.1, with the
//! UI embedded in the binary.
//!
//! Security: loopback only; every API call carries the per-launch token
//! (handed to the browser in the URL fragment, which is never sent to a
//! server); requests naming a foreign Host are refused, which defeats DNS
//! rebinding; a request with two Host headers is refused too; pages get a
//! strict CSP.
//!
//! Slow clients cannot hold a connection for good: headers must arrive within
//! [`HEADER_TIMEOUT`], and a body that stops arriving for [`BODY_STALL`] ends
//! the request. Uploads are written to disk as they arrive.
use std::net::SocketAddr;
use std::pin::Pin;
use std::sync::Arc;
use std::time::Duration;

use axum::body::{Body, Bytes, HttpBody};
use axum::extract::{Path, Request, State};
use axum::http::{header, HeaderMap, HeaderValue, StatusCode};
use axum::middleware::{self, Next};
use axum::response::{IntoResponse, Response};
use axum::routing::{get, post};
use axum::{Json, Router};
use serde::de::DeserializeOwned;
use serde::Serialize;

use crate::api::{self, ApiError, ErrorCode};
use crate::error::{Error, Result};
use crate::store::Workspace;

mod assets;

#[derive(Clone)]
struct AppState {
    ws: Arc<Workspace>,
    token: Arc<str>,
    port: u16,
    /// Longest pause allowed between two pieces of a request's body.
    body_stall: Duration,
}

/// A bound server, not yet serving: the address and token are known first.
pub struct Server {
    listener: tokio::net::TcpListener,
    state: AppState,
    header_timeout: Duration,
}

impl Server {
    /// Binds 127.0.0.1:`port` (0 picks a free port).
    pub async fn bind(ws: Arc<Workspace>, port: u16) -> Result<Server> {
        let listener = tokio::net::TcpListener::bind(SocketAddr::from(([127, 0, 0, 1], port)))
            .await
            .map_err(|e| Error::invalid(format!("Cannot listen on 127.0.0.1:{port}: {e}")))?;
        let port = listener.local_addr()?.port();
        Ok(Server {
            listener,
            state: AppState {
                ws,
                token: new_token()?.into(),
                port,
                body_stall: BODY_STALL,
            },
            header_timeout: HEADER_TIMEOUT,
        })
    }

    /// Other limits for slow clients than [`HEADER_TIMEOUT`] and
    /// [`BODY_STALL`] (tests use short ones).
    pub fn with_timeouts(mut self, headers: Duration, body_stall: Duration) -> Server {
        self.header_timeout = headers;
        self.state.body_stall = body_stall;
        self
    }

    pub fn port(&self) -> u16 {
        self.state.port
    }

    pub fn token(&self) -> &str {
        &self.state.token
    }

    /// The address to open: the token travels in the fragment.
    pub fn url(&self) -> String {
        format!(
            "http://127.0.0.1:{}/#token={}",
            self.state.port, self.state.token
        )
    }

    /// Serves until Ctrl+C, then lets open requests finish. Keeps the
    /// week's forecast snapshot while it runs (see `api::keep_weekly_snapshot`).
    pub async fn run(self) -> Result<()> {
        let weekly = self.state.ws.clone();
        let now = self.state.ws.clone();
        // Before the first page asks: this week's snapshot is there.
        let _ = tokio::task::spawn_blocking(move || api::keep_weekly_snapshot(&now)).await;
        let week_watch = tokio::spawn(async move {
            let start = tokio::time::Instant::now() + api::WEEK_CHECK_EVERY;
            let mut every = tokio::time::interval_at(start, api::WEEK_CHECK_EVERY);
            loop {
                every.tick().await;
                let ws = weekly.clone();
                let _ = tokio::task::spawn_blocking(move || api::keep_weekly_snapshot(&ws)).await;
            }
        });
        let app = router(self.state);
        let (stop, stopped) = tokio::sync::watch::channel(false);
        let ctrl_c = tokio::signal::ctrl_c();
        tokio::pin!(ctrl_c);
        let mut http = hyper::server::conn::http1::Builder::new();
        http.timer(hyper_util::rt::TokioTimer::new())
            .header_read_timeout(self.header_timeout);
        loop {
            let (stream, _) = tokio::select! {
                _ = &mut ctrl_c => break,
                accepted = self.listener.accept() => match accepted {
                    Ok(a) => a,
                    Err(e) => {
                        // Out of file descriptors and the like: wait, don't spin.
                        tracing::warn!(error = %e, "could not accept a connection");
                        tokio::time::sleep(Duration::from_millis(50)).await;
                        continue;
                    }
                },
            };
            let service = hyper_util::service::TowerToHyperService::new(app.clone());
            let connection = http.serve_connection(hyper_util::rt::TokioIo::new(stream), service);
            let mut stopped = stopped.clone();
            tokio::spawn(async move {
                tokio::pin!(connection);
                tokio::select! {
                    _ = connection.as_mut() => {}
                    _ = stopped.changed() => {
                        connection.as_mut().graceful_shutdown();
                        let _ = connection.await;
                    }
                }
            });
        }
        let _ = stop.send(true);
        week_watch.abort();
        Ok(())
    }
}

/// Time a client has to send a request's headers.
const HEADER_TIMEOUT: Duration = Duration::from_secs(10);
/// Longest pause allowed between two pieces of a request's body.
const BODY_STALL: Duration = Duration::from_secs(30);
/// Largest JSON request (a template with long texts is a few hundred KB).
const MAX_JSON_BYTES: usize = 8 * 1024 * 1024;

/// The next piece of a body, waiting at most `stall` for it.
async fn next_piece(body: &mut Body, stall: Duration) -> Result<Option<Bytes>, ApiError> {
    loop {
        let frame = tokio::time::timeout(
            stall,
            std::future::poll_fn(|cx| Pin::new(&mut *body).poll_frame(cx)),
        )
        .await
        .map_err(|_| {
            ApiError::new(
                ErrorCode::Invalid,
                "The request stopped arriving; try again.",
            )
        })?;
        match frame {
            None => return Ok(None),
            Some(Err(e)) => {
                return Err(ApiError::new(
                    ErrorCode::Invalid,
                    format!("The request could not be read: {e}"),
                ))
            }
            Some(Ok(frame)) => {
                if let Ok(data) = frame.into_data() {
                    return Ok(Some(data));
                }
            }
        }
    }
}

/// A whole (small) request body, within [`MAX_JSON_BYTES`].
async fn read_body(mut body: Body, stall: Duration) -> Result<Vec<u8>, ApiError> {
    let mut all = Vec::new();
    while let Some(piece) = next_piece(&mut body, stall).await? {
        if all.len().saturating_add(piece.len()) > MAX_JSON_BYTES {
            return Err(ApiError::new(
                ErrorCode::Invalid,
                "The request is too large.",
            ));
        }
        all.extend_from_slice(&piece);
    }
    Ok(all)
}

fn new_token() -> Result<String> {
    let mut b = [0u8; 24];
    getrandom::fill(&mut b).map_err(|e| Error::invalid(format!("no randomness available: {e}")))?;
    Ok(b.iter().map(|x| format!("{x:02x}")).collect())
}

fn router(state: AppState) -> Router {
    let api = Router::new()
        .route("/{name}", post(command))
        .layer(middleware::from_fn_with_state(state.clone(), require_token));
    Router::new()
        .nest("/api", api)
        .fallback(get(assets::serve))
        .layer(middleware::from_fn_with_state(state.clone(), check_host))
        .with_state(state)
}

/// Refuses requests addressed to any other host than this server, and
/// requests that name more than one host (a proxy and this server could
/// each read a different one).
async fn check_host(State(state): State<AppState>, req: Request, next: Next) -> Response {
    let mut hosts = req.headers().get_all(header::HOST).iter();
    let host = match (hosts.next(), hosts.next()) {
        (Some(h), None) => h.to_str().unwrap_or(""),
        _ => "",
    };
    let allowed = [
        format!("127.0.0.1:{}", state.port),
        format!("localhost:{}", state.port),
    ];
    if !allowed.iter().any(|a| a == host) {
        return (
            StatusCode::FORBIDDEN,
            "This SalesOS server only answers to 127.0.0.1.",
        )
            .into_response();
    }
    next.run(req).await
}

async fn require_token(State(state): State<AppState>, req: Request, next: Next) -> Response {
    let given = req
        .headers()
        .get("x-salesos-token")
        .and_then(|h| h.to_str().ok())
        .unwrap_or("");
    if !constant_time_eq(given.as_bytes(), state.token.as_bytes()) {
        return error_response(
            StatusCode::UNAUTHORIZED,
            ApiError::new(ErrorCode::Unauthorized, "This tab is not signed in to SalesOS. Open the link the terminal printed when SalesOS started, or run salesos serve again for a new one."),
        );
    }
    next.run(req).await
}

fn constant_time_eq(a: &[u8], b: &[u8]) -> bool {
    a.len() == b.len() && a.iter().zip(b).fold(0u8, |acc, (x, y)| acc | (x ^ y)) == 0
}

fn error_response(status: StatusCode, e: ApiError) -> Response {
    (status, Json(serde_json::json!({ "error": e }))).into_response()
}

fn status_for(e: &ApiError) -> StatusCode {
    match e.code {
        ErrorCode::NotFound => StatusCode::NOT_FOUND,
        ErrorCode::Busy => StatusCode::SERVICE_UNAVAILABLE,
        ErrorCode::Unauthorized => StatusCode::UNAUTHORIZED,
        ErrorCode::Internal | ErrorCode::Unsafe => StatusCode::INTERNAL_SERVER_ERROR,
        ErrorCode::Invalid | ErrorCode::Unreadable | ErrorCode::Rejected => StatusCode::BAD_REQUEST,
    }
}

/// Reads a JSON request body; an empty body is an empty request.
async fn parse_json<Req: DeserializeOwned>(body: Body, stall: Duration) -> Result<Req, ApiError> {
    let body = read_body(body, stall).await?;
    let body: &[u8] = if body.iter().all(u8::is_ascii_whitespace) {
        b"{}"
    } else {
        &body
    };
    serde_json::from_slice(body)
        .map_err(|e| ApiError::new(ErrorCode::Invalid, format!("The request is not valid: {e}")))
}

/// Runs core work off the async threads (SQLite and parsing block); a panic
/// inside it becomes an internal error.
async fn run_blocking<T: Send + 'static>(
    f: impl FnOnce() -> api::ApiResult<T> + Send + 'static,
) -> api::ApiResult<T> {
    tokio::task::spawn_blocking(f).await.unwrap_or_else(|_| {
        Err(ApiError::new(
            ErrorCode::Internal,
            "SalesOS hit an internal error; nothing was changed by it.",
        ))
    })
}

/// The response for a failed request.
fn failure(e: ApiError) -> Response {
    error_response(status_for(&e), e)
}

async fn call<Req, Resp>(
    state: &AppState,
    body: Body,
    f: fn(&Workspace, Req) -> api::ApiResult<Resp>,
) -> Response
where
    Req: DeserializeOwned + Send + 'static,
    Resp: Serialize + Send + 'static,
{
    let req: Req = match parse_json(body, state.body_stall).await {
        Ok(r) => r,
        Err(e) => return failure(e),
    };
    let ws = state.ws.clone();
    match run_blocking(move || f(&ws, req)).await {
        Ok(resp) => Json(resp).into_response(),
        Err(e) => failure(e),
    }
}

macro_rules! dispatch {
    ($($name:ident: $req:ty => $resp:ty),* $(,)?) => {
        /// Every command of the list, then the workbook downloads, by name.
        /// A JSON command, else a download, else an upload command.
        async fn command(
            State(state): State<AppState>,
            Path(name): Path<String>,
            headers: HeaderMap,
            body: Body,
        ) -> Response {
            match name.as_str() {
                $(stringify!($name) => call::<$req, $resp>(&state, body, api::$name).await,)*
                _ => download_command(&state, &name, &headers, body).await,
            }
        }
    };
}
crate::for_each_command!(dispatch);

macro_rules! dispatch_downloads {
    ($($name:ident: $req:ty => $title:literal),* $(,)?) => {
        async fn download_command(
            state: &AppState,
            name: &str,
            headers: &HeaderMap,
            body: Body,
        ) -> Response {
            match name {
                $(stringify!($name) => download::<$req>(state, body, api::$name).await,)*
                _ => upload_command(state, name, headers, body).await,
            }
        }
    };
}
crate::for_each_download!(dispatch_downloads);

macro_rules! dispatch_uploads {
    ($($name:ident => $res:ty),* $(,)?) => {
        async fn upload_command(
            state: &AppState,
            name: &str,
            headers: &HeaderMap,
            body: Body,
        ) -> Response {
            match name {
                $(stringify!($name) => upload(state, headers, body, api::$name).await,)*
                _ => error_response(
                    StatusCode::NOT_FOUND,
                    ApiError::new(ErrorCode::NotFound, format!("There is no command named {name}.")),
                ),
            }
        }
    };
}
crate::for_each_upload!(dispatch_uploads);

/// An upload command: the body is written to the workspace's `incoming`
/// folder piece by piece as it arrives (never held whole in memory), then
/// handed to the command with the file's name from its header.
async fn upload<Res: Serialize + Send + 'static>(
    state: &AppState,
    headers: &HeaderMap,
    mut body: Body,
    f: fn(&Workspace, api::UploadRequest, crate::import::Upload) -> api::ApiResult<Res>,
) -> Response {
    let req = api::UploadRequest::from_header(
        headers
            .get(api::FILE_NAME_HEADER)
            .and_then(|v| v.to_str().ok()),
    );
    let ws = state.ws.clone();
    let mut file = match crate::import::Upload::begin(&ws) {
        Ok(u) => u,
        Err(e) => return failure(e.into()),
    };
    loop {
        match next_piece(&mut body, state.body_stall).await {
            Ok(Some(piece)) => {
                if let Err(e) = file.write(&piece) {
                    return failure(e.into());
                }
            }
            Ok(None) => break,
            Err(e) => return failure(e),
        }
    }
    match run_blocking(move || f(&ws, req, file)).await {
        Ok(res) => Json(res).into_response(),
        Err(e) => failure(e),
    }
}

/// The workbook a download command builds, as a file download.
async fn download<Req>(
    state: &AppState,
    body: Body,
    f: fn(&Workspace, Req) -> api::ApiResult<api::Download>,
) -> Response
where
    Req: DeserializeOwned + Send + 'static,
{
    let req: Req = match parse_json(body, state.body_stall).await {
        Ok(r) => r,
        Err(e) => return failure(e),
    };
    let ws = state.ws.clone();
    match run_blocking(move || f(&ws, req)).await {
        Ok(d) => xlsx_download(d),
        Err(e) => failure(e),
    }
}

/// A workbook as a file download.
fn xlsx_download(download: api::Download) -> Response {
    let mut headers = HeaderMap::new();
    headers.insert(
        header::CONTENT_TYPE,
        HeaderValue::from_static(
            "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        ),
    );
    // The real name (Unicode letters kept) in filename*, an ASCII stand-in in filename.
    if let Ok(v) = HeaderValue::from_str(&api::content_disposition(&download.file_name)) {
        headers.insert(header::CONTENT_DISPOSITION, v);
    }
    (headers, Body::from(download.bytes)).into_response()
}
