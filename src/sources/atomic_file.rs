//! Writes a file all at once: into a temporary file beside it, then renamed over the target.

use std::fs::File;
use std::io::{BufWriter, Write};
use std::path::{Path, PathBuf};

/// Creates `path` with what `write` produces. The bytes go to a temporary file in the same
/// folder (so the rename stays on one file system), flushed to disk, then renamed over `path`:
/// readers see the old file or the complete new one, never a half-written file. On error the
/// temporary file is removed and `path` is left untouched.
pub fn write_atomically(
    path: &Path,
    write: impl FnOnce(&mut dyn Write) -> std::io::Result<()>,
) -> std::io::Result<()> {
    let temporary = temporary_path(path)?;
    let result = (|| {
        let mut out = BufWriter::new(File::create(&temporary)?);
        write(&mut out)?;
        let file = out.into_inner().map_err(|e| e.into_error())?;
        file.sync_all()?;
        drop(file);
        std::fs::rename(&temporary, path)
    })();
    if result.is_err() {
        let _ = std::fs::remove_file(&temporary);
    }
    result
}

/// `.NAME.PID.tmp` beside `path`: hidden, and distinct for two processes writing the same file.
fn temporary_path(path: &Path) -> std::io::Result<PathBuf> {
    let name = path.file_name().ok_or_else(|| {
        std::io::Error::new(
            std::io::ErrorKind::InvalidInput,
            format!("{}", path.display()),
        )
    })?;
    let mut temporary = std::ffi::OsString::from(".");
    temporary.push(name);
    temporary.push(format!(".{}.tmp", std::process::id()));
    Ok(path.with_file_name(temporary))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_failed_write_leaves_the_old_file_and_no_temporary() {
        let dir = tempfile::tempdir().expect("temp dir");
        let path = dir.path().join("sortie.csv");
        write_atomically(&path, |out| out.write_all(b"ancien")).expect("write");
        let failed = write_atomically(&path, |out| {
            out.write_all(b"nouveau, mais")?;
            Err(std::io::Error::other("disque plein"))
        });
        assert!(failed.is_err());
        assert_eq!(std::fs::read(&path).expect("read"), b"ancien");
        let names: Vec<_> = std::fs::read_dir(dir.path())
            .expect("list")
            .filter_map(|e| e.ok())
            .map(|e| e.file_name())
            .collect();
        assert_eq!(names, vec![std::ffi::OsString::from("sortie.csv")]);
        write_atomically(&path, |out| out.write_all(b"nouveau")).expect("write");
        assert_eq!(std::fs::read(&path).expect("read"), b"nouveau");
    }
}
