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
    collect(&proto_root, &proto_root, "proto", &mut files)?;
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
    // The same set without comments: what validation and generation decode at start-up.
    // Comments are half the set and only the documentation commands read them.
    let mut lean = protox::Compiler::new([&proto_root])?;
    lean.include_imports(true).include_source_info(false);
    lean.open_files(&files)?;
    std::fs::write(
        out_dir.join("schema-lean.binpb"),
        lean.encode_file_descriptor_set(),
    )?;

    prost_build::Config::new()
        .out_dir(&out_dir)
        .compile_fds(compiler.file_descriptor_set())?;

    embed_templates(Path::new("templates"), &out_dir)?;
    Ok(())
}

/// Writes `templates.rs`: every `*.tera` file under `templates/` as (relative name, text),
/// sorted, so the binary carries its templates and needs no files at run time.
fn embed_templates(root: &Path, out_dir: &Path) -> Result<(), Box<dyn std::error::Error>> {
    println!("cargo:rerun-if-changed={}", root.display());
    let mut names = Vec::new();
    collect(root, root, "tera", &mut names)?;
    names.sort();
    let mut code = String::from("pub const TEMPLATES: &[(&str, &str)] = &[\n");
    for name in &names {
        let path = std::fs::canonicalize(root.join(name))?;
        code.push_str(&format!(
            "    ({name:?}, include_str!({:?})),\n",
            path.to_string_lossy()
        ));
    }
    code.push_str("];\n");
    std::fs::write(out_dir.join("templates.rs"), code)?;
    Ok(())
}

/// Every file with extension `ext` under `dir`, as paths relative to `root` with `/`
/// separators.
fn collect(
    root: &Path,
    dir: &Path,
    ext: &str,
    files: &mut Vec<String>,
) -> Result<(), Box<dyn std::error::Error>> {
    for entry in std::fs::read_dir(dir)? {
        let path = entry?.path();
        if path.is_dir() {
            collect(root, &path, ext, files)?;
        } else if path.extension().is_some_and(|e| e == ext) {
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
