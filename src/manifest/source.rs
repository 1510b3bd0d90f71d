//! Finding manifest files (files, directories searched recursively, `-` for stdin) and
//! reading them with a size limit, so a stray multi-gigabyte file is refused up front.

use crate::diagnostics::ids;
use crate::diagnostics::{Position, Violation};
use crate::error::{Error, Result};
use crate::setting::Spelling;
use std::io::Read;
use std::path::{Path, PathBuf};

/// The byte order mark, as text.
pub const BOM: char = '\u{feff}';

/// Name that stands for standard input, on the command line and in diagnostics.
pub const STDIN: &str = "-";
pub const STDIN_DISPLAY: &str = "<stdin>";

/// A place manifests are read from.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Input {
    /// A file named on the command line: whatever it holds is meant as manifests.
    File(PathBuf),
    /// A YAML file found by walking a folder: it may be anything (a CI workflow, a
    /// kustomization), and documents that are not manifests are skipped, not errors.
    Found(PathBuf),
    Stdin,
}

impl Input {
    /// How diagnostics name it: the path as the user gave it, with `/` separators.
    pub fn display(&self) -> String {
        match self {
            Input::File(path) | Input::Found(path) => path.to_string_lossy().replace('\\', "/"),
            Input::Stdin => STDIN_DISPLAY.to_owned(),
        }
    }

    /// Whether the file was found by walking a folder.
    pub fn is_found(&self) -> bool {
        matches!(self, Input::Found(_))
    }

    /// The size of a regular file, known before reading it (not of stdin, a pipe or a
    /// device, whose metadata says 0).
    pub fn size(&self) -> Option<u64> {
        match self {
            Input::File(path) | Input::Found(path) => std::fs::metadata(path)
                .ok()
                .filter(std::fs::Metadata::is_file)
                .map(|m| m.len()),
            Input::Stdin => None,
        }
    }
}

/// What a folder walk leaves out, besides what `.gitignore` and `.ignore` files say and
/// hidden files and folders.
#[derive(Clone, Debug, Default)]
pub struct Exclude {
    /// Folders never searched (a run's own output folder).
    pub folders: Vec<PathBuf>,
    /// Gitignore-style globs (`--exclude`), matched against paths below the folder walked.
    pub globs: Vec<String>,
}

/// Expands the command-line arguments into manifest inputs: a directory becomes every
/// `*.yaml`/`*.yml` file below it that `exclude`, ignore files (`.gitignore`, `.ignore`,
/// as git and ripgrep read them) and hiding (a name starting with `.`) leave, sorted by
/// path, so the order never depends on the file system.
pub fn expand(arguments: &[PathBuf], exclude: &Exclude) -> Result<Vec<Input>> {
    let folders: Vec<PathBuf> = exclude
        .folders
        .iter()
        .filter_map(|dir| std::fs::canonicalize(dir).ok())
        .collect();
    let mut inputs = Vec::new();
    for argument in arguments {
        if argument.as_os_str() == STDIN {
            inputs.push(Input::Stdin);
            continue;
        }
        let metadata = std::fs::metadata(argument).map_err(|source| Error::Io {
            path: argument.clone(),
            source,
        })?;
        if metadata.is_dir() {
            let found = manifests_in(argument, &folders, &exclude.globs)?;
            if found.is_empty() {
                return Err(Error::NoManifests {
                    path: argument.clone(),
                });
            }
            inputs.extend(found.into_iter().map(Input::Found));
        } else {
            inputs.push(Input::File(argument.clone()));
        }
    }
    // A file named twice (`infra/ infra/kv/cache.yaml`, overlapping globs in a monorepo) is
    // read once, where it first appears; read twice, its manifests would collide with
    // themselves as duplicates. One argument cannot name a file twice (a directory walk
    // visits each once), so the common run pays no path resolution.
    if arguments.len() < 2 {
        return Ok(inputs);
    }
    let mut seen = std::collections::HashSet::new();
    inputs.retain(|input| match input {
        Input::File(path) | Input::Found(path) => {
            seen.insert(std::fs::canonicalize(path).unwrap_or(path.clone()))
        }
        Input::Stdin => true,
    });
    Ok(inputs)
}

fn manifests_in(dir: &Path, folders: &[PathBuf], globs: &[String]) -> Result<Vec<PathBuf>> {
    let io_error = |path: &Path, source: std::io::Error| Error::Io {
        path: path.to_path_buf(),
        source,
    };
    let mut overrides = ignore::overrides::OverrideBuilder::new(dir);
    for glob in globs {
        // An override glob keeps what it matches; `!` makes it leave out instead.
        overrides
            .add(&format!("!{glob}"))
            .map_err(|e| Error::Usage(format!("--exclude {glob}: not a glob: {e}")))?;
    }
    let overrides = overrides
        .build()
        .map_err(|e| Error::Usage(format!("--exclude: {e}")))?;
    let mut walk = ignore::WalkBuilder::new(dir);
    walk.hidden(true)
        .ignore(true)
        .git_ignore(true)
        .parents(true)
        // A run reads the same files on every machine: the ignore files of the tree count
        // (inside a git checkout or not), a user's global excludes do not.
        .require_git(false)
        .git_global(false)
        .git_exclude(true)
        // Following links lets a monorepo link shared manifests in; a link that loops back
        // is reported instead of walked forever.
        .follow_links(true)
        .overrides(overrides)
        .sort_by_file_name(std::ffi::OsStr::cmp);
    let folders = folders.to_vec();
    walk.filter_entry(move |entry| {
        folders.is_empty()
            || !entry.file_type().is_some_and(|t| t.is_dir())
            || !std::fs::canonicalize(entry.path()).is_ok_and(|real| folders.contains(&real))
    });
    let mut found = Vec::new();
    for entry in walk.build() {
        let entry = entry.map_err(|e| {
            let path = match &e {
                ignore::Error::WithPath { path, .. } => path.clone(),
                _ => dir.to_path_buf(),
            };
            io_error(&path, std::io::Error::other(e.to_string()))
        })?;
        let is_yaml = entry
            .path()
            .extension()
            .is_some_and(|ext| ext == "yaml" || ext == "yml");
        if entry.file_type().is_some_and(|t| t.is_file()) && is_yaml {
            found.push(entry.into_path());
        }
    }
    found.sort();
    Ok(found)
}

/// What reading an input produced: its text, or a reason it cannot be a manifest (reported
/// like any other violation, so the rest of the run still gets checked).
pub enum Content {
    Text(String),
    Invalid(Violation),
}

/// Up to `max_bytes + 1` bytes of `input`, or the size of a file that says it is larger than
/// `max_bytes` (it is not read at all).
fn read_at_most(input: &Input, max_bytes: u64) -> Result<std::result::Result<Vec<u8>, u64>> {
    match input {
        Input::File(path) | Input::Found(path) => {
            let io_error = |source| Error::Io {
                path: path.clone(),
                source,
            };
            let file = std::fs::File::open(path).map_err(io_error)?;
            let size = file.metadata().map_err(io_error)?.len();
            if size > max_bytes {
                return Ok(Err(size));
            }
            let mut bytes = Vec::with_capacity(size as usize);
            file.take(max_bytes + 1)
                .read_to_end(&mut bytes)
                .map_err(io_error)?;
            Ok(Ok(bytes))
        }
        Input::Stdin => {
            let mut bytes = Vec::new();
            std::io::stdin()
                .lock()
                .take(max_bytes + 1)
                .read_to_end(&mut bytes)
                .map_err(|source| Error::Io {
                    path: PathBuf::from(STDIN_DISPLAY),
                    source,
                })?;
            Ok(Ok(bytes))
        }
    }
}

/// Reads one input, refusing more than `max_bytes` (whatever the input's metadata says: a
/// device or a pipe reports 0) and text that is not UTF-8.
pub fn read(input: &Input, max_bytes: u64, spelling: Spelling) -> Result<Content> {
    let raise = spelling.limit("file-size");
    let name = input.display();
    let too_large = |size: u64| {
        Content::Invalid(Violation {
            file: name.clone(),
            line: 1,
            col: 1,
            field: String::new(),
            rule: ids::FILE_TOO_LARGE.into(),
            message: format!(
                "file is {} MiB; manifests are limited to {} MiB (raise it with {raise})",
                size.div_ceil(1024 * 1024),
                max_bytes.div_ceil(1024 * 1024)
            ),
            hint: None,
        })
    };
    let bytes = match read_at_most(input, max_bytes)? {
        Ok(bytes) => bytes,
        Err(size) => return Ok(too_large(size)),
    };
    if bytes.len() as u64 > max_bytes {
        // Read up to the limit only: the true size of a stream is unknown.
        return Ok(Content::Invalid(Violation {
            file: name,
            line: 1,
            col: 1,
            field: String::new(),
            rule: ids::FILE_TOO_LARGE.into(),
            message: format!(
                "holds more than {} MiB (read that far without reaching its end); manifests \
                 are limited to that (raise it with {raise})",
                max_bytes.div_ceil(1024 * 1024)
            ),
            hint: None,
        }));
    }
    match String::from_utf8(bytes) {
        // A byte order mark starts many files saved on Windows; YAML allows it there, and
        // neither the parser nor a reader's columns should see it.
        Ok(text) => Ok(Content::Text(match text.strip_prefix(BOM) {
            Some(rest) => rest.to_owned(),
            None => text,
        })),
        Err(error) => {
            let valid = &error.as_bytes()[..error.utf8_error().valid_up_to()];
            let pos = end_position(valid);
            Ok(Content::Invalid(Violation {
                file: name,
                line: pos.line,
                col: pos.col,
                field: String::new(),
                rule: ids::FILE_UTF8.into(),
                message: "file is not valid UTF-8 text".into(),
                hint: None,
            }))
        }
    }
}

/// The position just after `valid`, a prefix of the file that is valid UTF-8.
fn end_position(valid: &[u8]) -> Position {
    let text = String::from_utf8_lossy(valid);
    let line = text.matches('\n').count() + 1;
    let col = text
        .rsplit('\n')
        .next()
        .map_or(0, |last| last.chars().count())
        + 1;
    Position { line, col }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn end_position_counts_lines_and_characters() {
        assert_eq!(end_position(b""), Position { line: 1, col: 1 });
        assert_eq!(
            end_position("a\nbé".as_bytes()),
            Position { line: 2, col: 3 }
        );
    }
}
