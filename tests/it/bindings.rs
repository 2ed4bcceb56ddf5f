//! The UI's TypeScript types must match the Rust types they are generated from.
use std::path::PathBuf;

#[test]
fn generated_typescript_types_are_current() {
    let path = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("ui/src/lib/api-types.ts");
    let expected = salesos::api::bindings::typescript();
    if std::env::var_os("SALESOS_BLESS").is_some() {
        std::fs::write(&path, &expected).expect("write api-types.ts");
        return;
    }
    let actual = std::fs::read_to_string(&path).unwrap_or_default();
    assert!(
        actual == expected,
        "ui/src/lib/api-types.ts is stale: run `SALESOS_BLESS=1 cargo test --test it bindings` and commit it"
    );
}
