//! SalesOS desktop shell.
//!
//! A thin layer: it opens the workspace, registers every function of the core
//! command layer (`salesos::api`) as a Tauri command: the JSON commands, the
//! downloads (asking where to save with a native dialog) and the uploads
//! (a raw IPC body), all from the core's command lists. No domain logic lives here.
//!
//! The UI calls `invoke(name, { req })` for every JSON command; the reply is the
//! command's response, or an `ApiError` (`{code, message}`) when it fails.

#![cfg_attr(not(debug_assertions), windows_subsystem = "windows")]

use std::path::PathBuf;

use salesos::api::{ApiError, ErrorCode};
use salesos::store::Workspace;
use tauri::ipc::{InvokeBody, Request};
use tauri::{AppHandle, Manager};
use tauri_plugin_dialog::{DialogExt, MessageDialogKind};

/// What a command sends back on failure: the core's `ApiError`, whose code
/// the UI's one transport reads the same way over HTTP and IPC. The shell's
/// own failures use the same codes.
type CommandError = ApiError;

/// Runs `f` with the workspace on a blocking thread, so a long import never
/// holds up the window or the async runtime.
async fn with_workspace<T, F>(app: AppHandle, f: F) -> Result<T, CommandError>
where
    T: Send + 'static,
    F: FnOnce(&Workspace) -> Result<T, CommandError> + Send + 'static,
{
    tauri::async_runtime::spawn_blocking(move || match app.try_state::<Workspace>() {
        Some(ws) => f(ws.inner()),
        None => Err(ApiError::new(
            ErrorCode::Internal,
            "The workspace could not be opened.",
        )),
    })
    .await
    .unwrap_or_else(|err| {
        Err(ApiError::new(
            ErrorCode::Internal,
            format!("The command stopped unexpectedly: {err}"),
        ))
    })
}

/// One `#[tauri::command]` per entry of `salesos::for_each_command!`.
macro_rules! desktop_commands {
    ($($name:ident : $req:ty => $resp:ty),* $(,)?) => {
        mod api_commands {
            use super::*;
            $(
                #[tauri::command]
                pub async fn $name(app: AppHandle, req: $req) -> Result<$resp, CommandError> {
                    with_workspace(app, move |ws| {
                        salesos::api::$name(ws, req)
                    })
                    .await
                }
            )*
        }
    };
}
salesos::for_each_command!(desktop_commands);

/// `invoke_handler()`: every command of the three lists registered, chained
/// through the lists (each passes the names gathered so far to the next).
macro_rules! desktop_handler {
    (commands: $($name:ident : $req:ty => $resp:ty),* $(,)?) => {
        salesos::for_each_download!(desktop_handler, [$(api_commands :: $name),*] downloads:);
    };
    ([$($m:ident :: $n:ident),*] downloads: $($name:ident : $req:ty => $title:literal),* $(,)?) => {
        salesos::for_each_upload!(
            desktop_handler,
            [$($m :: $n,)* $(download_commands :: $name),*] uploads:
        );
    };
    ([$($m:ident :: $n:ident),*] uploads: $($name:ident => $res:ty),* $(,)?) => {
        fn invoke_handler() -> impl Fn(tauri::ipc::Invoke) -> bool + Send + Sync + 'static {
            tauri::generate_handler![$($m :: $n,)* $(upload_commands :: $name),*]
        }
    };
}
salesos::for_each_command!(desktop_handler, commands:);

/// One command per entry of `salesos::for_each_upload!`, under the same name
/// as over HTTP: the request body is the file's bytes, its name in the
/// `salesos::api::FILE_NAME_HEADER` header.
macro_rules! desktop_uploads {
    ($($name:ident => $res:ty),* $(,)?) => {
        mod upload_commands {
            use super::*;
            $(
                #[tauri::command]
                pub async fn $name(app: AppHandle, request: Request<'_>) -> Result<$res, CommandError> {
                    let (req, bytes) = upload_parts(&request)?;
                    with_workspace(app, move |ws| {
                        let mut body = salesos::import::Upload::begin(ws)?;
                        body.write(&bytes)?;
                        salesos::api::$name(ws, req, body)
                    })
                    .await
                }
            )*
        }
    };
}
salesos::for_each_upload!(desktop_uploads);

/// An upload's name (from its header) and bytes (the raw IPC body).
fn upload_parts(
    request: &Request<'_>,
) -> Result<(salesos::api::UploadRequest, Vec<u8>), CommandError> {
    let bytes = match request.body() {
        InvokeBody::Raw(bytes) => bytes.clone(),
        InvokeBody::Json(_) => {
            return Err(ApiError::new(
                ErrorCode::Invalid,
                "An upload expects the file's bytes as the request body.",
            ))
        }
    };
    let name = request
        .headers()
        .get(salesos::api::FILE_NAME_HEADER)
        .and_then(|v| v.to_str().ok());
    Ok((salesos::api::UploadRequest::from_header(name), bytes))
}

/// One command per entry of `salesos::for_each_download!`, under the same
/// name and with the same request as over HTTP: it builds the workbook, asks
/// where to save it and writes it there. Returns the saved path, or `null`
/// when the user cancelled the dialog.
macro_rules! desktop_downloads {
    ($($name:ident: $req:ty => $title:literal),* $(,)?) => {
        mod download_commands {
            use super::*;
            $(
                #[tauri::command]
                pub async fn $name(app: AppHandle, req: $req) -> Result<Option<String>, CommandError> {
                    save_download(app, $title, move |ws| salesos::api::$name(ws, req)).await
                }
            )*
        }
    };
}
salesos::for_each_download!(desktop_downloads);

/// Builds a workbook with `build`, asks where to save it (a save dialog owned
/// by the shell, so the page never gets file-system access), writes it there.
async fn save_download(
    app: AppHandle,
    title: &'static str,
    build: impl FnOnce(&Workspace) -> salesos::api::ApiResult<salesos::api::Download> + Send + 'static,
) -> Result<Option<String>, CommandError> {
    let dialog_app = app.clone();
    with_workspace(app, move |ws| {
        let download = build(ws)?;
        let mut dialog = dialog_app
            .dialog()
            .file()
            .set_title(title)
            .set_file_name(salesos::api::safe_file_name(&download.file_name))
            .add_filter("Excel workbook", &["xlsx"]);
        if let Some(window) = dialog_app.get_webview_window("main") {
            dialog = dialog.set_parent(&window);
        }
        let Some(target) = dialog.blocking_save_file() else {
            return Ok(None);
        };
        let path: PathBuf = target
            .into_path()
            .map_err(|err| ApiError::new(ErrorCode::Invalid, err.to_string()))?;
        salesos::store::files::write_user_file(ws, &path, &download.bytes)
            .map_err(ApiError::from)?;
        Ok(Some(path.display().to_string()))
    })
    .await
}

fn open_workspace() -> Result<Workspace, String> {
    let dir = salesos::store::data_dir(None);
    Workspace::open(&dir)
        .map_err(|err| format!("Could not open the workspace in {}: {err}", dir.display()))
}

fn main() {
    // The core logs internal errors (details a user should not see) with tracing.
    tracing_subscriber::fmt()
        .with_env_filter(
            tracing_subscriber::EnvFilter::try_from_env("SALESOS_LOG")
                .unwrap_or_else(|_| "warn".into()),
        )
        .with_writer(std::io::stderr)
        // Colour codes only for a terminal, as in the CLI: a log piped to a
        // file (a support bundle, a service manager) stays plain text.
        .with_ansi(std::io::IsTerminal::is_terminal(&std::io::stderr()))
        .init();

    let workspace = open_workspace();

    tauri::Builder::default()
        .plugin(tauri_plugin_dialog::init())
        .invoke_handler(invoke_handler())
        .setup(move |app| {
            match workspace {
                Ok(ws) => {
                    // The week's forecast snapshot: now, before the window
                    // asks, and whenever the week turns while the app is open.
                    salesos::api::keep_weekly_snapshot(&ws);
                    app.manage(ws);
                    let handle = app.handle().clone();
                    std::thread::spawn(move || loop {
                        std::thread::sleep(salesos::api::WEEK_CHECK_EVERY);
                        if let Some(ws) = handle.try_state::<Workspace>() {
                            salesos::api::keep_weekly_snapshot(ws.inner());
                        }
                    });
                }
                Err(message) => {
                    eprintln!("salesos-desktop: {message}");
                    if let Some(window) = app.get_webview_window("main") {
                        let _ = window.hide();
                    }
                    let handle = app.handle().clone();
                    app.dialog()
                        .message(message)
                        .title("SalesOS cannot start")
                        .kind(MessageDialogKind::Error)
                        .show(move |_| handle.exit(1));
                }
            }
            Ok(())
        })
        .run(tauri::generate_context!())
        .unwrap_or_else(|err| {
            eprintln!("salesos-desktop: {err}");
            std::process::exit(1);
        });
}
