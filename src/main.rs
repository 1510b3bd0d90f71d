//! `planton-gen`: the command line over the `planton_gen` library.

/// See Cargo.toml: the library does not choose an allocator; the command line does.
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

fn main() -> std::process::ExitCode {
    planton_gen::internal::cli_main()
}
