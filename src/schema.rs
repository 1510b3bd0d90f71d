//! The schema: a descriptor pool of every known .proto file, and the resource kinds in it.
//!
//! The built-in pool is compiled from `proto/` by build.rs and embedded; `--proto-path`
//! compiles further trees at run time, still resolving the built-in files (buf.validate,
//! Project Planton's shared messages, google/protobuf) when a tree does not carry its own.

use crate::error::{Error, Result};
use crate::rules;
use crate::setting::Spelling;
use prost_reflect::{DescriptorPool, Kind as FieldKind, MessageDescriptor};
use protox::file::{
    ChainFileResolver, DescriptorSetFileResolver, GoogleFileResolver, IncludeFileResolver,
};
use std::path::{Path, PathBuf};

/// The encoded FileDescriptorSet of `proto/`, with source info (comments) and options.
pub const BUILTIN_DESCRIPTOR_SET: &[u8] = include_bytes!(concat!(env!("OUT_DIR"), "/schema.binpb"));

/// The same set without source info: what [`Schema::builtin`] decodes, so a run that only
/// validates and generates does not pay for the comments.
const LEAN_DESCRIPTOR_SET: &[u8] = include_bytes!(concat!(env!("OUT_DIR"), "/schema-lean.binpb"));

/// The built-in file `name` with its comments, decoded on first use (by the commands that
/// document a kind: explain, schema, the interfaces).
pub(crate) fn documented_builtin_file(name: &str) -> Option<prost_reflect::FileDescriptor> {
    static POOL: std::sync::OnceLock<Option<DescriptorPool>> = std::sync::OnceLock::new();
    POOL.get_or_init(|| DescriptorPool::decode(BUILTIN_DESCRIPTOR_SET).ok())
        .as_ref()?
        .get_file_by_name(name)
}

/// Field that carries a manifest's apiVersion; part of the resource convention.
pub(crate) const API_VERSION_FIELD: &str = "api_version";
/// Field that carries a manifest's kind; its `string.const` rule names the kind.
const KIND_FIELD: &str = "kind";

/// A resource kind: a message a manifest can be, selected by apiVersion + kind.
#[derive(Clone, Debug)]
pub struct Kind {
    /// The `string.const` of the `api_version` field; `None` when unconstrained.
    pub api_version: Option<String>,
    /// The `string.const` of the `kind` field.
    pub name: String,
    pub message: MessageDescriptor,
}

impl Kind {
    /// `Kind (apiVersion)`, as shown in lists of known kinds.
    pub fn display(&self) -> String {
        match &self.api_version {
            Some(version) => format!("{} ({version})", self.name),
            None => self.name.clone(),
        }
    }

    /// `kinds` as lists of known kinds show them: names grouped by apiVersion, in the order
    /// given (`CloudflareD1Database, CloudflareDnsZone (cloudflare.project-planton.org/v1)`).
    pub fn list<'a>(kinds: impl IntoIterator<Item = &'a Kind>) -> String {
        let mut groups: Vec<(Option<&str>, Vec<&str>)> = Vec::new();
        for kind in kinds {
            let version = kind.api_version.as_deref();
            match groups.iter_mut().find(|(v, _)| *v == version) {
                Some((_, names)) => names.push(&kind.name),
                None => groups.push((version, vec![&kind.name])),
            }
        }
        let shown: Vec<String> = groups
            .into_iter()
            .map(|(version, names)| match version {
                Some(version) => format!("{} ({version})", names.join(", ")),
                None => names.join(", "),
            })
            .collect();
        shown.join("; ")
    }
}

#[derive(Clone, Debug)]
pub struct Schema {
    pool: DescriptorPool,
    kinds: Vec<Kind>,
    /// What is wrong with the schema but does not stop a run (see [`Schema::warnings`]).
    warnings: Vec<String>,
}

impl Schema {
    /// The schema compiled into the binary.
    pub fn builtin() -> Result<Self> {
        let pool = DescriptorPool::decode(LEAN_DESCRIPTOR_SET)
            .map_err(|e| Error::Schema(format!("embedded descriptor set: {e}")))?;
        Self::from_pool(pool)
    }

    /// The built-in schema plus every .proto file under each of `dirs`. A file in `dirs`
    /// wins over a built-in file of the same name, so a monorepo's own copy of the Project
    /// Planton tree (and of buf/validate/validate.proto) is the one used.
    pub fn with_proto_paths(dirs: &[PathBuf]) -> Result<Self> {
        Self::load(dirs, Spelling::default())
    }

    /// [`Schema::with_proto_paths`], its errors naming the setting in `spelling`.
    pub(crate) fn load(dirs: &[PathBuf], spelling: Spelling) -> Result<Self> {
        if dirs.is_empty() {
            return Self::builtin();
        }
        let builtin = DescriptorSetFileResolver::decode(BUILTIN_DESCRIPTOR_SET)
            .map_err(|e| Error::Schema(format!("embedded descriptor set: {e}")))?;
        let builtin_pool = DescriptorPool::decode(BUILTIN_DESCRIPTOR_SET)
            .map_err(|e| Error::Schema(format!("embedded descriptor set: {e}")))?;

        let mut resolver = ChainFileResolver::new();
        let mut names = Vec::new();
        for dir in dirs {
            if !dir.is_dir() {
                return Err(Error::Io {
                    path: dir.clone(),
                    source: std::io::Error::new(
                        std::io::ErrorKind::NotFound,
                        format!("{} is not a directory", spelling.proto_path()),
                    ),
                });
            }
            collect_protos(dir, dir, &mut names)?;
            resolver.add(IncludeFileResolver::new(dir.clone()));
        }
        resolver.add(builtin);
        resolver.add(GoogleFileResolver::new());
        // Built-in kinds stay available next to the user's.
        names.extend(
            builtin_pool
                .files()
                .map(|file| file.name().to_owned())
                .filter(|name| !name.starts_with("google/protobuf/")),
        );
        names.sort();
        names.dedup();

        let mut compiler = protox::Compiler::with_file_resolver(resolver);
        compiler.include_imports(true).include_source_info(true);
        compiler
            .open_files(&names)
            .map_err(|error| proto_error(&error, dirs))?;
        let pool = DescriptorPool::decode(compiler.encode_file_descriptor_set().as_slice())
            .map_err(|e| Error::Proto(e.to_string()))?;
        Self::from_pool(pool)
    }

    fn from_pool(pool: DescriptorPool) -> Result<Self> {
        let mut kinds: Vec<Kind> = Vec::new();
        for message in pool.all_messages() {
            let Some(kind) = resource_kind(&message) else {
                continue;
            };
            if let Some(other) = kinds
                .iter()
                .find(|k| k.name == kind.name && k.api_version == kind.api_version)
            {
                return Err(Error::Schema(format!(
                    "two messages declare kind {}: {} and {}",
                    kind.display(),
                    other.message.full_name(),
                    kind.message.full_name()
                )));
            }
            kinds.push(kind);
        }
        kinds.sort_by(|a, b| (&a.name, &a.api_version).cmp(&(&b.name, &b.api_version)));
        let warnings = crate::manifest::unusable_defaults(&pool);
        Ok(Self {
            pool,
            kinds,
            warnings,
        })
    }

    /// The whole schema as an encoded FileDescriptorSet (options included), for tools that
    /// want to read the same descriptors — such as the protovalidate differential tests.
    pub fn encode_descriptor_set(&self) -> Vec<u8> {
        self.pool.encode_to_vec()
    }

    /// The schema's own mistakes that do not stop a run: an
    /// `(org.project_planton.shared.options.default)` that is not a value of its field's type
    /// (an enum value that does not exist, text for a number) is never filled in, and said
    /// here, naming the proto field — a manifest that left the field out is not to blame.
    pub fn warnings(&self) -> &[String] {
        &self.warnings
    }

    pub fn pool(&self) -> &DescriptorPool {
        &self.pool
    }

    /// Every resource kind, sorted by name.
    pub fn kinds(&self) -> &[Kind] {
        &self.kinds
    }

    /// The kind a manifest's `apiVersion` and `kind` select.
    pub fn find_kind(&self, api_version: &str, kind: &str) -> Option<&Kind> {
        self.kinds
            .iter()
            .find(|k| k.name == kind && k.api_version.as_deref().is_none_or(|v| v == api_version))
    }
}

/// A protox error, located as `path:line:col` in the user's tree when it has a position.
fn proto_error(error: &protox::Error, dirs: &[PathBuf]) -> Error {
    use miette::Diagnostic;
    let offset = error
        .labels()
        .and_then(|mut labels| labels.next())
        .map(|label| label.offset());
    let file = error.file().map(|name| {
        dirs.iter()
            .map(|dir| dir.join(name))
            .find(|path| path.is_file())
            .unwrap_or_else(|| PathBuf::from(name))
    });
    let location = match (file, offset) {
        (Some(path), Some(offset)) => match std::fs::read_to_string(&path) {
            Ok(source) => {
                let before = source.get(..offset).unwrap_or(&source);
                let line = before.matches('\n').count() + 1;
                let col = before.rsplit('\n').next().map_or(0, |l| l.chars().count()) + 1;
                format!("{}:{line}:{col}: ", path.display())
            }
            Err(_) => format!("{}: ", path.display()),
        },
        (Some(path), None) => format!("{}: ", path.display()),
        _ => String::new(),
    };
    Error::Proto(format!("{location}{error}"))
}

/// A message is a resource kind when it has `api_version` and `kind` string fields and the
/// `kind` field pins its value with `string.const`.
fn resource_kind(message: &MessageDescriptor) -> Option<Kind> {
    let kind_field = message.get_field_by_name(KIND_FIELD)?;
    let version_field = message.get_field_by_name(API_VERSION_FIELD)?;
    if kind_field.kind() != FieldKind::String || version_field.kind() != FieldKind::String {
        return None;
    }
    let name = rules::string_const(&kind_field)?;
    Some(Kind {
        api_version: rules::string_const(&version_field),
        name,
        message: message.clone(),
    })
}

/// Every `*.proto` under `dir`, named relative to `root` with `/` separators.
fn collect_protos(root: &Path, dir: &Path, names: &mut Vec<String>) -> Result<()> {
    for entry in walkdir::WalkDir::new(dir)
        .follow_links(true)
        .sort_by_file_name()
    {
        let entry = entry.map_err(|e| Error::Io {
            path: e
                .path()
                .map_or_else(|| dir.to_path_buf(), Path::to_path_buf),
            source: e.into(),
        })?;
        let path = entry.path();
        if entry.file_type().is_file() && path.extension().is_some_and(|ext| ext == "proto") {
            if let Ok(relative) = path.strip_prefix(root) {
                let parts: Vec<String> = relative
                    .components()
                    .map(|c| c.as_os_str().to_string_lossy().into_owned())
                    .collect();
                names.push(parts.join("/"));
            }
        }
    }
    Ok(())
}
