//! The journal that makes one run's files appear together. Every file is first written to a
//! staged name beside its target; the journal lists each (staged, target) pair and the
//! generated files to delete, and is itself replaced atomically as the run moves on:
//!
//! 1. `staging`: written before any staged file exists. A run killed now left staged files
//!    that may be incomplete; recovery deletes them (exactly those names) and the old
//!    generation stays.
//! 2. `committing`: written once every staged file is complete and synced. A run killed now
//!    (between renames) left a mix of old and new files; recovery finishes the renames and
//!    deletions, and the new generation is whole.
//!
//! Every run that writes into a folder first recovers any journal there, before it reads or
//! changes anything; `--check` reports a journal it finds as drift. The journal lives in the
//! output folder the run was given (`.planton-gen-journal`), with paths relative to it.

use crate::error::{Error, Result};
use std::io::Write;
use std::path::{Path, PathBuf};

/// The journal's file name in an output folder.
pub const NAME: &str = ".planton-gen-journal";
/// Staged files are named `.planton-gen-staged-<pid>-<n>`: listed in the journal before they
/// are created, and never confused with a user's file.
pub const STAGED_PREFIX: &str = ".planton-gen-staged-";

#[derive(Clone, Copy, Debug, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum State {
    Staging,
    Committing,
}

#[derive(Debug, serde::Serialize, serde::Deserialize)]
pub struct Journal {
    pub state: State,
    /// (staged, target) paths relative to the journal's folder, `/`-separated.
    pub renames: Vec<(String, String)>,
    /// Generated files to delete once the renames are done, relative too.
    pub deletes: Vec<String>,
}

fn io(path: &Path) -> impl Fn(std::io::Error) -> Error + '_ {
    move |source| Error::Io {
        path: path.to_path_buf(),
        source,
    }
}

impl Journal {
    /// Replaces the journal in `dir` with this one: written and synced under a staged name,
    /// renamed over, and the folder synced, so a reader finds the old journal or this one.
    pub fn save(&self, dir: &Path) -> Result<()> {
        let path = dir.join(NAME);
        let temp = dir.join(format!("{STAGED_PREFIX}journal-{}", std::process::id()));
        let text = serde_json::to_vec(self).map_err(|e| Error::Output {
            path: path.clone(),
            message: format!("cannot write the journal: {e}"),
        })?;
        let mut file = std::fs::File::create(&temp).map_err(io(&temp))?;
        file.write_all(&text).map_err(io(&temp))?;
        file.sync_all().map_err(io(&temp))?;
        std::fs::rename(&temp, &path).map_err(io(&path))?;
        sync_dir(dir)
    }

    /// The journal an interrupted run left in `dir`, if any.
    pub fn load(dir: &Path) -> Result<Option<Self>> {
        let path = dir.join(NAME);
        let text = match std::fs::read(&path) {
            Ok(text) => text,
            Err(error) if error.kind() == std::io::ErrorKind::NotFound => return Ok(None),
            Err(source) => return Err(Error::Io { path, source }),
        };
        let journal: Journal = serde_json::from_slice(&text).map_err(|e| Error::Output {
            path: path.clone(),
            message: format!(
                "unreadable journal of an interrupted run ({e}); check the folder's files and \
                 delete the journal to go on"
            ),
        })?;
        // Only names this module makes, inside the folder, are acted on.
        let inside = |p: &str| {
            !p.is_empty()
                && !p.starts_with('/')
                && !p.split('/').any(|part| part == ".." || part.is_empty())
        };
        let staged_name = |p: &str| {
            p.rsplit('/')
                .next()
                .is_some_and(|name| name.starts_with(STAGED_PREFIX))
        };
        let sane = journal
            .renames
            .iter()
            .all(|(staged, target)| inside(staged) && inside(target) && staged_name(staged))
            && journal.deletes.iter().all(|p| inside(p));
        if !sane {
            return Err(Error::Output {
                path,
                message: "journal names files outside its folder; delete it after checking".into(),
            });
        }
        Ok(Some(journal))
    }

    /// Removes the journal from `dir`: the run it describes is complete.
    pub fn remove(dir: &Path) -> Result<()> {
        let path = dir.join(NAME);
        match std::fs::remove_file(&path) {
            Ok(()) => sync_dir(dir),
            Err(error) if error.kind() == std::io::ErrorKind::NotFound => Ok(()),
            Err(source) => Err(Error::Io { path, source }),
        }
    }

    /// Renames every staged file still there over its target, then deletes the files listed
    /// (those still carrying the marker), and syncs the folders touched.
    pub fn apply(&self, dir: &Path, carries_marker: impl Fn(&Path) -> bool) -> Result<()> {
        let mut touched = std::collections::BTreeSet::new();
        for (staged, target) in &self.renames {
            let (staged, target) = (dir.join(staged), dir.join(target));
            match std::fs::rename(&staged, &target) {
                Ok(()) => {}
                // Renamed before the interruption.
                Err(error) if error.kind() == std::io::ErrorKind::NotFound => continue,
                Err(source) => {
                    return Err(Error::Io {
                        path: target,
                        source,
                    })
                }
            }
            touched.insert(target.parent().map(Path::to_path_buf).unwrap_or_default());
            test_hook::between_renames();
        }
        for delete in &self.deletes {
            let path = dir.join(delete);
            if path.is_file() && carries_marker(&path) {
                std::fs::remove_file(&path).map_err(io(&path))?;
                touched.insert(path.parent().map(Path::to_path_buf).unwrap_or_default());
            }
        }
        for folder in touched {
            sync_dir(&folder)?;
        }
        Ok(())
    }

    /// Deletes the staged files of a run that never committed (exactly the names listed).
    pub fn roll_back(&self, dir: &Path) {
        for (staged, _) in &self.renames {
            let _ = std::fs::remove_file(dir.join(staged));
        }
    }
}

/// Finishes or undoes whatever an interrupted run left in `dir`.
pub fn recover(dir: &Path, carries_marker: impl Fn(&Path) -> bool) -> Result<()> {
    let Some(journal) = Journal::load(dir)? else {
        return Ok(());
    };
    match journal.state {
        State::Staging => journal.roll_back(dir),
        State::Committing => journal.apply(dir, carries_marker)?,
    }
    Journal::remove(dir)
}

/// Whether `dir` holds the journal of an interrupted run.
pub fn pending(dir: &Path) -> Option<PathBuf> {
    let path = dir.join(NAME);
    path.is_file().then_some(path)
}

/// Makes a folder's entries (renames, deletions) durable.
fn sync_dir(dir: &Path) -> Result<()> {
    #[cfg(unix)]
    {
        std::fs::File::open(dir)
            .and_then(|folder| folder.sync_all())
            .map_err(io(dir))?;
    }
    #[cfg(not(unix))]
    let _ = dir;
    Ok(())
}

/// A pause between renames, so tests can kill a run exactly there instead of by timing luck.
/// Only in debug builds (what `cargo test` runs); a release binary has no such hook.
mod test_hook {
    #[cfg(debug_assertions)]
    pub fn between_renames() {
        if let Some(ms) = std::env::var("PLANTON_GEN_TEST_PAUSE_BETWEEN_RENAMES_MS")
            .ok()
            .and_then(|v| v.parse::<u64>().ok())
        {
            std::thread::sleep(std::time::Duration::from_millis(ms));
        }
    }

    #[cfg(not(debug_assertions))]
    pub fn between_renames() {}
}

#[cfg(test)]
mod tests {
    use super::*;

    fn journal(state: State) -> Journal {
        Journal {
            state,
            renames: vec![
                (format!("{STAGED_PREFIX}1-0"), "a.tf".into()),
                (format!("t/{STAGED_PREFIX}1-1"), "t/b.tf".into()),
            ],
            deletes: vec!["old.tf".into(), "mine.txt".into()],
        }
    }

    fn setup() -> tempfile::TempDir {
        let dir = tempfile::tempdir().unwrap();
        std::fs::create_dir_all(dir.path().join("t")).unwrap();
        for (path, text) in [
            ("a.tf", "old a"),
            ("t/b.tf", "old b"),
            ("old.tf", "generated"),
            ("mine.txt", "user's"),
        ] {
            std::fs::write(dir.path().join(path), text).unwrap();
        }
        std::fs::write(dir.path().join(format!("{STAGED_PREFIX}1-0")), "new a").unwrap();
        std::fs::write(dir.path().join(format!("t/{STAGED_PREFIX}1-1")), "new b").unwrap();
        dir
    }

    fn read(dir: &Path, path: &str) -> Option<String> {
        std::fs::read_to_string(dir.join(path)).ok()
    }

    #[test]
    fn a_run_killed_while_staging_is_rolled_back() {
        let dir = setup();
        journal(State::Staging).save(dir.path()).unwrap();
        recover(dir.path(), |_| true).unwrap();
        assert_eq!(read(dir.path(), "a.tf").as_deref(), Some("old a"));
        assert_eq!(read(dir.path(), "t/b.tf").as_deref(), Some("old b"));
        assert_eq!(read(dir.path(), &format!("{STAGED_PREFIX}1-0")), None);
        assert_eq!(read(dir.path(), "old.tf").as_deref(), Some("generated"));
        assert!(pending(dir.path()).is_none());
    }

    #[test]
    fn a_run_killed_while_committing_is_completed() {
        let dir = setup();
        // The first rename happened before the kill.
        std::fs::rename(
            dir.path().join(format!("{STAGED_PREFIX}1-0")),
            dir.path().join("a.tf"),
        )
        .unwrap();
        journal(State::Committing).save(dir.path()).unwrap();
        recover(dir.path(), |path| !path.ends_with("mine.txt")).unwrap();
        assert_eq!(read(dir.path(), "a.tf").as_deref(), Some("new a"));
        assert_eq!(read(dir.path(), "t/b.tf").as_deref(), Some("new b"));
        assert_eq!(read(dir.path(), "old.tf"), None);
        // A file without the marker is never deleted, journal or not.
        assert_eq!(read(dir.path(), "mine.txt").as_deref(), Some("user's"));
        assert!(pending(dir.path()).is_none());
    }

    #[test]
    fn a_journal_naming_files_outside_its_folder_is_refused() {
        let dir = tempfile::tempdir().unwrap();
        let mut bad = journal(State::Committing);
        bad.renames
            .push((format!("{STAGED_PREFIX}x"), "../escape".into()));
        bad.save(dir.path()).unwrap();
        assert!(recover(dir.path(), |_| true).is_err());
        let mut not_staged = journal(State::Staging);
        not_staged.renames.push(("users-file".into(), "x".into()));
        not_staged.save(dir.path()).unwrap();
        assert!(recover(dir.path(), |_| true).is_err());
    }
}
