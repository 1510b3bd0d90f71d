//! Generates the Terraform module and the wrangler bindings for the manifests in kv/ into
//! OUT_DIR at build time; cargo re-runs this when a manifest changes. A manifest that breaks
//! a rule fails the build with the command line's lines
//! (`kv/dev.yaml:8:3: spec.ttl_seconds: … [ttl_seconds.min_expiration]`).

use std::path::PathBuf;

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let out = PathBuf::from(std::env::var("OUT_DIR")?);
    for target in [planton_gen::Target::Terraform, planton_gen::Target::Wrangler] {
        planton_gen::Generator::new()
            .manifest("kv")
            .target(target)
            .out_dir(out.join(target.name()))
            // cargo:rerun-if-changed for every input, and warnings as cargo:warning=
            .for_build_script()
            .generate()?;
    }
    Ok(())
}
