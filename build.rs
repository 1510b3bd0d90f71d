//! Compiles `proto/` in-process with protox (no `protoc`): the encoded descriptor set is
//! embedded in the binary as the built-in schema, and prost-build turns the buf.validate
//! rule messages into Rust types the validator decodes field options into.

use std::path::{Path, PathBuf};

fn main() {
    if let Err(error) = run() {
        // A build script reports failure through its exit status; the message is what
        // cargo shows the developer.
        eprintln!("error: {error}");
        std::process::exit(1);
    }
}

fn run() -> Result<(), Box<dyn std::error::Error>> {
    let proto_root = PathBuf::from("proto");
    println!("cargo:rerun-if-changed={}", proto_root.display());

    let mut files = Vec::new();
    collect_protos(&proto_root, &proto_root, &mut files)?;
    files.sort();

    let mut compiler = protox::Compiler::new([&proto_root])?;
    compiler.include_imports(true).include_source_info(true);
    compiler.open_files(&files)?;

    let out_dir = PathBuf::from(std::env::var("OUT_DIR")?);
    // Encoded by the compiler itself: going through prost_types would drop the custom
    // options (the buf.validate rules) that the whole tool is about.
    std::fs::write(
        out_dir.join("schema.binpb"),
        compiler.encode_file_descriptor_set(),
    )?;

    prost_build::Config::new()
        .out_dir(&out_dir)
        .compile_fds(compiler.file_descriptor_set())?;
    Ok(())
}

/// Every `*.proto` under `dir`, as paths relative to `root` with `/` separators.
fn collect_protos(
    root: &Path,
    dir: &Path,
    files: &mut Vec<String>,
) -> Result<(), Box<dyn std::error::Error>> {
    for entry in std::fs::read_dir(dir)? {
        let path = entry?.path();
        if path.is_dir() {
            collect_protos(root, &path, files)?;
        } else if path.extension().is_some_and(|ext| ext == "proto") {
            let relative = path.strip_prefix(root)?;
            let name: Vec<String> = relative
                .components()
                .map(|c| c.as_os_str().to_string_lossy().into_owned())
                .collect();
            files.push(name.join("/"));
        }
    }
    Ok(())
}
