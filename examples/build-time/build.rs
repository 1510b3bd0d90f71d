//! Generates the Terraform module and the wrangler bindings for the manifests in kv/ into
//! OUT_DIR at build time; cargo re-runs this when a manifest changes.

use std::path::PathBuf;

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let out = PathBuf::from(std::env::var("OUT_DIR")?);
    for target in ["terraform", "wrangler"] {
        planton_gen::Generator::new()
            .manifest("kv")
            .target(target)
            .out_dir(out.join(target))
            .emit_rerun_if_changed(true)
            .generate()?;
    }
    Ok(())
}
