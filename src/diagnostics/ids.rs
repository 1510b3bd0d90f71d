//! planton-gen's own rule ids: problems with input that is not a well-formed manifest, and
//! checks across the manifests of a run (buf.validate's ids come from the schema). Each id is
//! written here once; docs/errors.md describes them, and docs/guides/troubleshooting.md
//! has an entry for each.

/// The same field set twice (under its proto and its JSON name).
pub const FIELD_DUPLICATE: &str = "field.duplicate";
/// A name that is not a value of the field's enum.
pub const FIELD_ENUM: &str = "field.enum";
/// A number outside the range of the field's type.
pub const FIELD_RANGE: &str = "field.range";
/// A value of the wrong type for its field.
pub const FIELD_TYPE: &str = "field.type";
/// A key that is no field of its message.
pub const FIELD_UNKNOWN: &str = "field.unknown";
/// An input over the file-size limit.
pub const FILE_TOO_LARGE: &str = "file.too_large";
/// An input that is not UTF-8 text.
pub const FILE_UTF8: &str = "file.utf8";
/// An apiVersion that no kind of the schema has.
pub const MANIFEST_API_VERSION: &str = "manifest.api_version";
/// A file without any YAML document.
pub const MANIFEST_EMPTY: &str = "manifest.empty";
/// A kind the schema does not have, or none.
pub const MANIFEST_KIND: &str = "manifest.kind";
/// A document that is not a mapping.
pub const MANIFEST_NOT_MAPPING: &str = "manifest.not_mapping";
/// Two manifests whose names become the same identifier in a target.
pub const NAMES_COLLISION: &str = "names.collision";
/// A name from which no identifier can be derived.
pub const NAMES_INVALID: &str = "names.invalid";
/// Two manifests of one run share a value that must be unique among them.
pub const RUN_UNIQUE: &str = "run.unique";
/// Aliases that expand past the node or byte budget.
pub const YAML_ALIAS_LIMIT: &str = "yaml.alias_limit";
/// A plain scalar, or a line-break character, that YAML 1.1 readers (kubectl, Project
/// Planton's CLI) read otherwise than YAML 1.2.
pub const YAML_AMBIGUOUS: &str = "yaml.ambiguous";
/// A character YAML does not allow in its text.
pub const YAML_CHARACTER: &str = "yaml.character";
/// Nesting deeper than the YAML layer accepts.
pub const YAML_DEPTH: &str = "yaml.depth";
/// A key twice in one mapping.
pub const YAML_DUPLICATE_KEY: &str = "yaml.duplicate_key";
/// A mapping key that is not a scalar.
pub const YAML_KEY: &str = "yaml.key";
/// Text that is not YAML.
pub const YAML_SYNTAX: &str = "yaml.syntax";
/// A tag outside the YAML 1.2 core schema, or a value that does not fit its tag.
pub const YAML_TAG: &str = "yaml.tag";
