//! `salesos serve`: the same command layer over HTTP on 127.0.0.1, with the
//! UI embedded in the binary.
//!
//! Security: loopback only; every API call carries the per-launch token
//! (handed to the browser in the URL fragment, which is never sent to a
//! server); requests naming a foreign Host are refused, which defeats DNS
//! rebinding; pages get a strict CSP.
use std::net::SocketAddr;
use std::sync::Arc;

use axum::body::{Body, Bytes};
use axum::extract::{DefaultBodyLimit, Path, Query, Request, State};
use axum::http::{header, HeaderMap, HeaderValue, StatusCode};
use axum::middleware::{self, Next};
use axum::response::{IntoResponse, Response};
use axum::routing::{get, post};
use axum::{Json, Router};
use serde::de::DeserializeOwned;
use serde::Serialize;

use crate::api::{self, ApiError};
use crate::error::{Error, Result};
use crate::store::Workspace;

mod assets;

#[derive(Clone)]
struct AppState {
    ws: Arc<Workspace>,
    token: Arc<str>,
    port: u16,
}

/// A bound server, not yet serving: the address and token are known first.
pub struct Server {
    listener: tokio::net::TcpListener,
    state: AppState,
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
            },
        })
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

    pub async fn run(self) -> Result<()> {
        let app = router(self.state);
        axum::serve(self.listener, app)
            .with_graceful_shutdown(async {
                let _ = tokio::signal::ctrl_c().await;
            })
            .await?;
        Ok(())
    }
}

fn new_token() -> Result<String> {
    let mut b = [0u8; 24];
    getrandom::fill(&mut b).map_err(|e| Error::invalid(format!("no randomness available: {e}")))?;
    Ok(b.iter().map(|x| format!("{x:02x}")).collect())
}

fn router(state: AppState) -> Router {
    let api = Router::new()
        .route("/stage_upload", post(stage_upload))
        .route("/import_issues_xlsx", post(import_issues_xlsx))
        .route("/template_xlsx", post(template_xlsx))
        .route("/hiring_packet_xlsx", post(hiring_packet_xlsx))
        .route("/role_comparison_xlsx", post(role_comparison_xlsx))
        .route("/board_xlsx", post(board_xlsx))
        .route("/{name}", post(command))
        .layer(middleware::from_fn_with_state(state.clone(), require_token))
        .layer(DefaultBodyLimit::max(crate::import::MAX_UPLOAD_BYTES));
    Router::new()
        .nest("/api", api)
        .fallback(get(assets::serve))
        .layer(middleware::from_fn_with_state(state.clone(), check_host))
        .with_state(state)
}

/// Refuses requests addressed to any other host than this server.
async fn check_host(State(state): State<AppState>, req: Request, next: Next) -> Response {
    let host = req
        .headers()
        .get(header::HOST)
        .and_then(|h| h.to_str().ok())
        .unwrap_or("");
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
            ApiError {
                code: "unauthorized".into(),
                message: "This page's session has ended. Open SalesOS again from the link `salesos serve` printed.".into(),
            },
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
    match e.code.as_str() {
        "not_found" => StatusCode::NOT_FOUND,
        "internal" => StatusCode::INTERNAL_SERVER_ERROR,
        _ => StatusCode::BAD_REQUEST,
    }
}

/// Reads a JSON request body; an empty body is an empty request.
fn parse_json<Req: DeserializeOwned>(body: &Bytes) -> Result<Req, ApiError> {
    let body: &[u8] = if body.iter().all(u8::is_ascii_whitespace) {
        b"{}"
    } else {
        body
    };
    serde_json::from_slice(body).map_err(|e| ApiError {
        code: "invalid".into(),
        message: format!("The request is not valid: {e}"),
    })
}

/// Runs core work off the async threads (SQLite and parsing block); a panic
/// inside it becomes an internal error.
async fn run_blocking<T: Send + 'static>(
    f: impl FnOnce() -> api::ApiResult<T> + Send + 'static,
) -> api::ApiResult<T> {
    tokio::task::spawn_blocking(f).await.unwrap_or_else(|_| {
        Err(ApiError {
            code: "internal".into(),
            message: "SalesOS hit an internal error; nothing was changed by it.".into(),
        })
    })
}

/// The response for a failed request.
fn failure(e: ApiError) -> Response {
    error_response(status_for(&e), e)
}

async fn call<Req, Resp>(
    ws: Arc<Workspace>,
    body: Bytes,
    f: fn(&Workspace, Req) -> api::ApiResult<Resp>,
) -> Response
where
    Req: DeserializeOwned + Send + 'static,
    Resp: Serialize + Send + 'static,
{
    let req: Req = match parse_json(&body) {
        Ok(r) => r,
        Err(e) => return failure(e),
    };
    match run_blocking(move || f(&ws, req)).await {
        Ok(resp) => Json(resp).into_response(),
        Err(e) => failure(e),
    }
}

macro_rules! dispatch {
    ($($name:ident: $req:ty => $resp:ty),* $(,)?) => {
        async fn command(State(state): State<AppState>, Path(name): Path<String>, body: Bytes) -> Response {
            match name.as_str() {
                $(stringify!($name) => call::<$req, $resp>(state.ws.clone(), body, api::$name).await,)*
                _ => error_response(
                    StatusCode::NOT_FOUND,
                    ApiError { code: "not_found".into(), message: format!("There is no command named {name}.") },
                ),
            }
        }
    };
}
crate::for_each_command!(dispatch);

#[derive(serde::Deserialize)]
struct UploadQuery {
    name: Option<String>,
}

async fn stage_upload(
    State(state): State<AppState>,
    Query(q): Query<UploadQuery>,
    body: Bytes,
) -> Response {
    let name = q.name.unwrap_or_else(|| "upload".into());
    let ws = state.ws.clone();
    match run_blocking(move || api::stage_upload(&ws, &name, &body)).await {
        Ok(staged) => Json(staged).into_response(),
        Err(e) => failure(e),
    }
}

async fn import_issues_xlsx(State(state): State<AppState>, body: Bytes) -> Response {
    let req: crate::import::ImportIdRequest = match parse_json(&body) {
        Ok(r) => r,
        Err(e) => return failure(e),
    };
    let ws = state.ws.clone();
    match run_blocking(move || api::import_issues_xlsx(&ws, req)).await {
        Ok(d) => xlsx_download(d),
        Err(e) => failure(e),
    }
}

async fn template_xlsx(State(state): State<AppState>) -> Response {
    let ws = state.ws.clone();
    match run_blocking(move || api::template_xlsx(&ws, api::Empty {})).await {
        Ok(d) => xlsx_download(d),
        Err(e) => failure(e),
    }
}

async fn hiring_packet_xlsx(State(state): State<AppState>, body: Bytes) -> Response {
    let req: api::ViewerRequest = match parse_json(&body) {
        Ok(r) => r,
        Err(e) => return failure(e),
    };
    let ws = state.ws.clone();
    match run_blocking(move || api::hiring_packet_xlsx(&ws, req)).await {
        Ok(d) => xlsx_download(d),
        Err(e) => failure(e),
    }
}

async fn role_comparison_xlsx(State(state): State<AppState>, body: Bytes) -> Response {
    let req: api::CompareRequest = match parse_json(&body) {
        Ok(r) => r,
        Err(e) => return failure(e),
    };
    let ws = state.ws.clone();
    match run_blocking(move || api::role_comparison_xlsx(&ws, req)).await {
        Ok(d) => xlsx_download(d),
        Err(e) => failure(e),
    }
}

async fn board_xlsx(State(state): State<AppState>, body: Bytes) -> Response {
    let req: api::BoardRequest = match parse_json(&body) {
        Ok(r) => r,
        Err(e) => return failure(e),
    };
    let ws = state.ws.clone();
    match run_blocking(move || api::board_xlsx(&ws, req)).await {
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
    // The header carries an ASCII name; the UI shows the real one it knows.
    let ascii: String = download
        .file_name
        .chars()
        .map(|c| {
            if c.is_ascii_graphic() || c == ' ' {
                c
            } else {
                '_'
            }
        })
        .filter(|c| *c != '"')
        .collect();
    if let Ok(v) = HeaderValue::from_str(&format!("attachment; filename=\"{ascii}\"")) {
        headers.insert(header::CONTENT_DISPOSITION, v);
    }
    (headers, Body::from(download.bytes)).into_response()
}
