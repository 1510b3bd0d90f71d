//! Prints what build.rs generated: the files are part of the binary.

const MAIN_TF: &str = include_str!(concat!(env!("OUT_DIR"), "/terraform/main.tf"));
const WRANGLER: &str = include_str!(concat!(env!("OUT_DIR"), "/wrangler/wrangler.kv.toml"));

fn main() {
    print!("{MAIN_TF}");
    print!("{WRANGLER}");
}
