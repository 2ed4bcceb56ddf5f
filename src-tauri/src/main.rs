//! SalesOS desktop shell.
//!
//! A thin layer: it opens the workspace, registers every function of the core
//! command layer (`salesos::api`) as a Tauri command, and adds the two commands
//! that move raw bytes or need a native dialog. No domain logic lives here.
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

/// One `#[tauri::command]` per entry of `salesos::for_each_command!`, plus the
/// hand-written ones, all registered in `invoke_handler()`.
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

        fn invoke_handler() -> impl Fn(tauri::ipc::Invoke) -> bool + Send + Sync + 'static {
            tauri::generate_handler![
                $(api_commands::$name,)*
                stage_upload,
                download_commands::import_issues_xlsx,
                download_commands::template_xlsx,
                download_commands::hiring_packet_xlsx,
                download_commands::role_comparison_xlsx,
                download_commands::board_xlsx,
            ]
        }
    };
}

salesos::for_each_command!(desktop_commands);

/// Decodes a percent-encoded header value (`%C3%A9` → `é`); malformed escapes
/// are kept as they are.
fn percent_decode(value: &str) -> String {
    fn hex(b: u8) -> Option<u8> {
        match b {
            b'0'..=b'9' => Some(b - b'0'),
            b'a'..=b'f' => Some(b - b'a' + 10),
            b'A'..=b'F' => Some(b - b'A' + 10),
            _ => None,
        }
    }
    let bytes = value.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        if bytes[i] == b'%' && i + 2 < bytes.len() {
            if let (Some(hi), Some(lo)) = (hex(bytes[i + 1]), hex(bytes[i + 2])) {
                out.push(hi << 4 | lo);
                i += 3;
                continue;
            }
        }
        out.push(bytes[i]);
        i += 1;
    }
    String::from_utf8_lossy(&out).into_owned()
}

/// Receives a file dropped or picked in the window as the raw request body,
/// with its name in the `x-file-name` header (percent-encoded), and stages it
/// for import.
#[tauri::command]
async fn stage_upload(
    app: AppHandle,
    request: Request<'_>,
) -> Result<salesos::import::StagedFile, CommandError> {
    let bytes = match request.body() {
        InvokeBody::Raw(bytes) => bytes.clone(),
        InvokeBody::Json(_) => {
            return Err(ApiError::new(
                ErrorCode::Invalid,
                "stage_upload expects the file's bytes as the request body.",
            ))
        }
    };
    let name = request
        .headers()
        .get("x-file-name")
        .and_then(|v| v.to_str().ok())
        .map(percent_decode)
        .filter(|n| !n.trim().is_empty())
        .unwrap_or_else(|| "upload".to_string());
    with_workspace(app, move |ws| salesos::api::stage_upload(ws, &name, &bytes)).await
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
            .set_file_name(&download.file_name)
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

#[cfg(test)]
mod tests {
    use super::percent_decode;

    #[test]
    fn decodes_percent_escapes() {
        assert_eq!(percent_decode("pipeline%20Q4.xlsx"), "pipeline Q4.xlsx");
        assert_eq!(percent_decode("r%C3%A9sum%C3%A9.csv"), "résumé.csv");
        assert_eq!(percent_decode("100%"), "100%");
        assert_eq!(percent_decode("a%zzb"), "a%zzb");
        assert_eq!(percent_decode("plain.csv"), "plain.csv");
    }
}
