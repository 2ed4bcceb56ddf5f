//! The core's layers, enforced: a module may use only modules on a lower
//! floor, so the import graph cannot silently turn into a circle again.
//! The floors are the README's "How it is built" table.
use std::collections::BTreeSet;
use std::path::{Path, PathBuf};

/// Each top-level module of `src/` and its floor, lowest first.
const FLOORS: &[(&str, u8)] = &[
    ("error", 0),
    ("money", 1),
    ("calendar", 1),
    ("process", 1),
    ("model", 2),
    ("hiring", 2),
    ("store", 3),
    ("import", 4),
    ("forecast", 4),
    ("review", 4),
    ("ramp", 4),
    ("scaling", 5),
    ("export", 6),
    ("demo", 6),
    ("api", 7),
    ("server", 8),
    ("cli", 9),
];

fn floor(module: &str) -> Option<u8> {
    FLOORS.iter().find(|(m, _)| *m == module).map(|(_, f)| *f)
}

fn rust_files(dir: &Path, out: &mut Vec<PathBuf>) {
    for entry in std::fs::read_dir(dir).expect("read src") {
        let path = entry.expect("entry").path();
        if path.is_dir() {
            rust_files(&path, out);
        } else if path.extension().is_some_and(|e| e == "rs") {
            out.push(path);
        }
    }
}

/// The `crate::<module>` paths a file uses, outside comments.
fn crate_paths(text: &str) -> BTreeSet<String> {
    let mut found = BTreeSet::new();
    for line in text.lines() {
        let code = line.split("//").next().unwrap_or("");
        let mut rest = code;
        while let Some(at) = rest.find("crate::") {
            let after = &rest[at + "crate::".len()..];
            let name: String = after
                .chars()
                .take_while(|c| c.is_ascii_alphanumeric() || *c == '_')
                .collect();
            if !name.is_empty() {
                found.insert(name);
            }
            rest = after;
        }
    }
    found
}

#[test]
fn every_module_uses_only_lower_floors() {
    let src = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("src");
    let mut files = Vec::new();
    rust_files(&src, &mut files);
    let mut wrong = Vec::new();
    for file in &files {
        let rel = file.strip_prefix(&src).expect("under src");
        let top = rel
            .components()
            .next()
            .and_then(|c| c.as_os_str().to_str())
            .unwrap_or("")
            .trim_end_matches(".rs")
            .to_string();
        if top == "lib" || top == "main" {
            continue;
        }
        let Some(own) = floor(&top) else {
            wrong.push(format!(
                "src/{top} has no floor: add it to FLOORS (and the README)"
            ));
            continue;
        };
        let text = std::fs::read_to_string(file).expect("read file");
        for used in crate_paths(&text) {
            // The command lists are macros of `api` (`crate::for_each_command!`).
            let used = if used.starts_with("for_each_") {
                "api".to_string()
            } else {
                used
            };
            if used == top || matches!(used.as_str(), "Error" | "Result") {
                continue;
            }
            match floor(&used) {
                Some(f) if f < own => {}
                Some(f) => wrong.push(format!(
                    "{} (floor {own}) uses crate::{used} (floor {f})",
                    rel.display()
                )),
                None => wrong.push(format!(
                    "{} uses crate::{used}, which has no floor",
                    rel.display()
                )),
            }
        }
    }
    assert!(
        wrong.is_empty(),
        "imports that point up or sideways:\n{}",
        wrong.join("\n")
    );
}

#[test]
fn the_checker_sees_paths_in_code_not_in_comments() {
    let text = "use crate::store::Workspace; // see crate::api\n/// crate::cli\nlet x = crate::model::Deal::default();";
    let found: Vec<String> = crate_paths(text).into_iter().collect();
    assert_eq!(found, vec!["model".to_string(), "store".to_string()]);
}

/// The spreadsheet reader is the ground under the core: it depends on no
/// crate of this workspace, so nothing of the domain can leak into it.
#[test]
fn the_sheet_crate_depends_on_nothing_of_ours() {
    let manifest = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("crates/sheet/Cargo.toml");
    let text = std::fs::read_to_string(&manifest).expect("read crates/sheet/Cargo.toml");
    let ours: Vec<&str> = text
        .lines()
        .filter(|l| l.contains("path =") || l.trim_start().starts_with("salesos"))
        .collect();
    assert!(
        ours.is_empty(),
        "crates/sheet depends on the workspace: {ours:?}"
    );
    let src = manifest.with_file_name("src");
    let mut files = Vec::new();
    rust_files(&src, &mut files);
    for file in files {
        let code = std::fs::read_to_string(&file).expect("read file");
        assert!(
            !code.contains("salesos::"),
            "{} names the core",
            file.display()
        );
    }
}
