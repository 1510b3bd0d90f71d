//! A run's files written as they render: each into a staged file beside its target, listed
//! in the journal before it exists, and renamed into place only when every file of the run
//! is complete (see [`super::journal`]). A run that fails half way — a template error, a full
//! disk, a refused overwrite — deletes what it staged and leaves the old files as they were.

use super::journal::{self, Journal};
use super::{carries_marker, extra_files, refuse_foreign, refuse_links, Lock, Written};
use crate::error::{Error, Result};
use rayon::prelude::*;
use std::collections::{BTreeMap, BTreeSet};
use std::fs::File;
use std::io::{BufWriter, Write};
use std::path::{Path, PathBuf};
use std::sync::Mutex;

/// An open output folder: locked, recovered, and journaled for the files a run may write.
pub struct Staging {
    root: PathBuf,
    dirs: Vec<PathBuf>,
    /// Candidates in the place of a file planton-gen did not generate.
    foreign: BTreeSet<String>,
    /// Folders that did not exist before the run, deepest first: a run that does not
    /// commit removes them again (those left empty), so it leaves no trace.
    created: Vec<PathBuf>,
    /// The journal as staging wrote it: every file the run may write, in the order given,
    /// as (staged name, path).
    journal: Journal,
    /// Each path's place in the journal's list.
    index: BTreeMap<String, usize>,
    /// Whether each file of the list was finished with text (a template can render to
    /// nothing: then there is no file).
    written: Mutex<Vec<bool>>,
    /// Set once the journal is committed: dropping the staging then leaves the files.
    committed: bool,
    _lock: Lock,
}

/// A staged file being written.
pub struct StagedFile {
    /// Its place in the journal's list.
    index: usize,
    staged: PathBuf,
    out: BufWriter<File>,
}

impl Write for StagedFile {
    fn write(&mut self, bytes: &[u8]) -> std::io::Result<usize> {
        self.out.write(bytes)
    }

    fn write_all(&mut self, bytes: &[u8]) -> std::io::Result<()> {
        self.out.write_all(bytes)
    }

    fn flush(&mut self) -> std::io::Result<()> {
        self.out.flush()
    }
}

impl Staging {
    /// Opens `root` for a run that may write `candidates` (paths relative to it) and owns
    /// the generated files of `dirs`: refuses links in the way and files planton-gen did not
    /// generate, takes the lock, finishes an interrupted run, and journals the staged names
    /// before any exists.
    pub fn open(root: &Path, candidates: &[String], dirs: &[PathBuf]) -> Result<Self> {
        let targets = candidates.iter().map(|path| root.join(path));
        let probes = dirs.iter().map(|dir| dir.join(journal::NAME));
        refuse_links(root, targets.chain(probes))?;
        let created = missing_folders(root, candidates);
        let lock = Lock::acquire(root)?;
        // An interrupted run into this folder, or into a target folder inside it, is finished
        // (or undone) first: its journal would otherwise be replayed over this run's files.
        let mut folders: Vec<&Path> = vec![root];
        folders.extend(dirs.iter().map(PathBuf::as_path).filter(|d| *d != root));
        for folder in folders {
            journal::recover(folder, carries_marker)?;
        }
        // A file that renders to nothing replaces nothing: a file in its way that
        // planton-gen did not generate is refused only if the run writes it.
        let mut foreign = BTreeSet::new();
        for path in candidates {
            match refuse_foreign(&root.join(path)) {
                Ok(()) => {}
                Err(Error::Output { .. }) => {
                    foreign.insert(path.clone());
                }
                Err(other) => return Err(other),
            }
        }
        let pid = std::process::id();
        let renames: Vec<(String, String)> = candidates
            .iter()
            .enumerate()
            .map(|(i, path)| {
                let name = match path.rsplit_once('/') {
                    Some((folder, _)) => format!("{folder}/{}{pid}-{i}", journal::STAGED_PREFIX),
                    None => format!("{}{pid}-{i}", journal::STAGED_PREFIX),
                };
                (name, path.clone())
            })
            .collect();
        let index = candidates.iter().cloned().zip(0..).collect();
        let journal = Journal {
            state: journal::State::Staging,
            renames,
            deletes: Vec::new(),
        };
        // The lock created `root`.
        journal.save(root)?;
        Ok(Self {
            root: root.to_path_buf(),
            dirs: dirs.to_vec(),
            foreign,
            created,
            written: Mutex::new(vec![false; candidates.len()]),
            journal,
            index,
            committed: false,
            _lock: lock,
        })
    }

    /// Starts writing `path`, one of the candidates the staging was opened with.
    pub fn create(&self, path: &str) -> Result<StagedFile> {
        let planned = self.index.get(path).copied();
        let planned = planned.and_then(|i| self.journal.renames.get(i).map(|(name, _)| (i, name)));
        let Some((index, name)) = planned else {
            return Err(Error::Output {
                path: self.root.join(path),
                message: "is not among the files this run planned to write (a bug in \
                          planton-gen: please report it)"
                    .into(),
            });
        };
        let staged = self.root.join(name);
        let failed = |source| Error::Io {
            path: staged.clone(),
            source,
        };
        if let Some(dir) = staged.parent() {
            std::fs::create_dir_all(dir).map_err(failed)?;
        }
        // An ordinary file, readable as the umask allows (0644 with the usual 022).
        let file = File::create(&staged).map_err(failed)?;
        Ok(StagedFile {
            index,
            out: BufWriter::with_capacity(256 * 1024, file),
            staged,
        })
    }

    /// Ends a file: flushed if the run wrote text into it, deleted if it rendered to
    /// nothing (then there is no file, and an earlier run's is deleted as stale).
    pub fn finish(&self, file: StagedFile, wrote: bool) -> Result<()> {
        let StagedFile { index, staged, out } = file;
        let failed = |source| Error::Io {
            path: staged.clone(),
            source,
        };
        // Flushed and closed; synced at the commit, all files at once.
        out.into_inner().map_err(|e| failed(e.into_error()))?;
        let path = self.journal.renames.get(index).map(|(_, path)| path);
        if !wrote {
            std::fs::remove_file(&staged).map_err(failed)?;
        } else if let Some(path) = path.filter(|path| self.foreign.contains(*path)) {
            refuse_foreign(&self.root.join(path))?;
        }
        if let Some(slot) = self.written.lock().map_err(poisoned)?.get_mut(index) {
            *slot = wrote;
        }
        Ok(())
    }

    /// Makes the run's files the folder's: syncs every staged file, then renames them over
    /// their targets and deletes the generated files no longer produced, under the journal.
    pub fn commit(mut self) -> Result<Written> {
        let written = std::mem::take(&mut *self.written.lock().map_err(poisoned)?);
        // (staged name, path) of every file written.
        let produced: Vec<&(String, String)> = self
            .journal
            .renames
            .iter()
            .zip(written)
            .filter_map(|(rename, wrote)| wrote.then_some(rename))
            .collect();
        // Most of the time is waiting for each file's fsync, and those waits overlap.
        produced
            .par_iter()
            .map(|(name, _)| {
                let staged = self.root.join(name);
                File::open(&staged)
                    .and_then(|file| file.sync_all())
                    .map_err(|source| Error::Io {
                        path: staged,
                        source,
                    })
            })
            .collect::<Result<Vec<()>>>()?;
        let targets: Vec<PathBuf> = produced.iter().map(|(_, p)| self.root.join(p)).collect();
        let stale = extra_files(&targets, &self.dirs)?;
        let relative = |path: &Path| -> String {
            path.strip_prefix(&self.root)
                .unwrap_or(path)
                .to_string_lossy()
                .replace('\\', "/")
        };
        let record = Journal {
            state: journal::State::Committing,
            renames: produced.into_iter().cloned().collect(),
            deletes: stale.iter().map(|p| relative(p)).collect(),
        };
        record.save(&self.root)?;
        self.committed = true;
        record.apply(&self.root, carries_marker)?;
        Journal::remove(&self.root)?;
        Ok(Written {
            written: targets,
            deleted: stale,
        })
    }
}

impl Drop for Staging {
    /// A run that did not commit leaves nothing of itself: its staged files and its journal
    /// go. (A run killed outright leaves them to the next run's recovery.)
    fn drop(&mut self) {
        if self.committed {
            return;
        }
        self.journal.roll_back(&self.root);
        let _ = Journal::remove(&self.root);
        for folder in &self.created {
            // Only an empty folder is removed: anything else in it is not this run's.
            let _ = std::fs::remove_dir(folder);
        }
    }
}

/// A lock is poisoned only by a thread that panicked while writing a file.
fn poisoned<T>(_: T) -> Error {
    Error::Render("a thread writing files failed".into())
}

/// The folders on the way to `root` and to the candidates' folders that do not exist yet,
/// deepest first.
fn missing_folders(root: &Path, candidates: &[String]) -> Vec<PathBuf> {
    let mut missing = BTreeSet::new();
    let files = candidates.iter().map(|path| root.join(path));
    for folder in files.filter_map(|file| file.parent().map(Path::to_path_buf)) {
        for folder in folder.ancestors() {
            if folder.as_os_str().is_empty() || folder.exists() || !missing.insert(folder.into()) {
                break;
            }
        }
    }
    let mut missing: Vec<PathBuf> = missing.into_iter().collect();
    missing.sort_by_key(|folder| std::cmp::Reverse(folder.components().count()));
    missing
}

/// A target's files written into a [`Staging`]: `folder` is the target's place under the
/// output folder (empty when the run has one target).
pub struct Staged<'a> {
    staging: &'a Staging,
    folder: String,
}

impl<'a> Staged<'a> {
    pub fn new(staging: &'a Staging, folder: String) -> Self {
        Self { staging, folder }
    }
}

impl crate::render::Destination for Staged<'_> {
    type File = StagedFile;

    fn open(&self, path: &str) -> Result<StagedFile> {
        self.staging.create(&format!("{}{path}", self.folder))
    }

    fn close(
        &self,
        _: &str,
        file: StagedFile,
        wrote: bool,
    ) -> Result<Option<crate::render::OutputFile>> {
        self.staging.finish(file, wrote)?;
        Ok(None)
    }
}
