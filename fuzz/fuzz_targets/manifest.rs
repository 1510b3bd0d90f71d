//! Arbitrary bytes as a manifest file: YAML parsing, loading, validation and the checks
//! across manifests never panic, violations point into the file, the verdict agrees with
//! the schema's rules, and valid input renders and reads back (see fuzz/common/oracle.rs).
#![no_main]

#[path = "../common/oracle.rs"]
mod oracle;

libfuzzer_sys::fuzz_target!(
    // Known findings do not stop a run, unless PLANTON_FUZZ_STRICT is set.
    init: oracle::TOLERATE_KNOWN.store(
        std::env::var_os("PLANTON_FUZZ_STRICT").is_none(),
        std::sync::atomic::Ordering::Relaxed
    ),
    |data: &[u8]| {
    oracle::manifest_bytes(data);
});
