fn main() {
    // `generate_context!` embeds the built UI; rebuild the shell whenever the
    // UI build changes (new hashed asset names included).
    println!("cargo:rerun-if-changed=../ui/dist");
    tauri_build::build()
}
