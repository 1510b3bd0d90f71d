//! `planton-gen`: the command line over the `planton_gen` library.

fn main() -> std::process::ExitCode {
    planton_gen::internal::cli_main()
}
