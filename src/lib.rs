pub mod rules_types {
    include!(concat!(env!("OUT_DIR"), "/buf.validate.rs"));
}
