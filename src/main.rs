fn main() -> std::process::ExitCode {
    salesos::cli::main()
}
