//! One lock for a whole output tree. A run writing `-o OUT` and one writing `-o OUT/terraform`
//! touch the same files, so locking only the folder each was given is not enough: a run
//! takes an exclusive lock on its own folder and a shared lock on every folder above it.
//! Runs into unrelated folders share every lock they have in common (`/`, `/home`, ...) and
//! never wait for each other; a run into a folder and one into a folder inside it conflict
//! on the outer one, and the second waits. Locks are taken from the top down, the same order
//! in every run, so two runs cannot wait for each other in a cycle.
//!
//! The locks are advisory `flock`s on the folders themselves (no lock file is left behind),
//! released when dropped or when the process ends, however it ends.

use crate::error::{Error, Result};
use std::fs::File;
use std::path::Path;

pub struct Lock {
    _held: Vec<File>,
}

impl Lock {
    /// Waits until no other run writes `dir`, a folder above it or a folder below it.
    pub fn acquire(dir: &Path) -> Result<Self> {
        let failed = |source: std::io::Error| Error::Io {
            path: dir.to_path_buf(),
            source,
        };
        std::fs::create_dir_all(dir).map_err(failed)?;
        let dir = dir.canonicalize().map_err(failed)?;
        let mut held = Vec::new();
        let mut above: Vec<&Path> = dir.ancestors().skip(1).collect();
        above.reverse();
        for folder in above {
            // A folder above that cannot be opened (no read permission) cannot hold a run's
            // output either: nothing to share with there.
            if let Ok(file) = File::open(folder) {
                file.lock_shared().map_err(failed)?;
                held.push(file);
            }
        }
        let own = File::open(&dir).map_err(failed)?;
        own.lock().map_err(failed)?;
        held.push(own);
        Ok(Self { _held: held })
    }
}
