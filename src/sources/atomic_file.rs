//! Writes a file all at once: into a temporary file beside it, then renamed over the target.

use std::io::{BufWriter, Write};
use std::path::Path;

use tempfile::NamedTempFile;

/// Creates `path` with what `write` produces. The bytes go to a uniquely named temporary file in
/// the same folder (so the rename stays on one file system), flushed to disk, then renamed over
/// `path`: readers see the old file or the complete new one, never a half-written file. Two
/// writers of the same `path` (threads or processes) each get their own temporary file, and the
/// last rename wins. On error the temporary file is removed and `path` is left untouched.
pub fn write_atomically(
    path: &Path,
    write: impl FnOnce(&mut dyn Write) -> std::io::Result<()>,
) -> std::io::Result<()> {
    let folder = folder_of(path)?;
    // Dropping a `NamedTempFile` deletes it, so every early return below cleans up.
    let mut builder = tempfile::Builder::new();
    builder.prefix(".territoire-").suffix(".tmp");
    // Temporary files are private (0600) by default; the written file should get the usual
    // permissions of a new file (0666 less the umask), as `File::create` gives.
    #[cfg(unix)]
    builder.permissions(std::os::unix::fs::PermissionsExt::from_mode(0o666));
    let temporary = builder.tempfile_in(folder)?;
    let mut out = BufWriter::new(temporary);
    write(&mut out)?;
    let temporary = out.into_inner().map_err(|e| e.into_error())?;
    temporary.as_file().sync_all()?;
    persist(temporary, path)
}

/// Renames the temporary file over `path`.
fn persist(temporary: NamedTempFile, path: &Path) -> std::io::Result<()> {
    temporary.persist(path).map(drop).map_err(|e| e.error)
}

/// The folder that holds `path` (the current folder for a bare file name).
fn folder_of(path: &Path) -> std::io::Result<&Path> {
    if path.file_name().is_none() {
        return Err(std::io::Error::new(
            std::io::ErrorKind::InvalidInput,
            format!("{}", path.display()),
        ));
    }
    Ok(match path.parent() {
        Some(parent) if !parent.as_os_str().is_empty() => parent,
        _ => Path::new("."),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn names_in(dir: &Path) -> Vec<std::ffi::OsString> {
        std::fs::read_dir(dir)
            .expect("list")
            .filter_map(|e| e.ok())
            .map(|e| e.file_name())
            .collect()
    }

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
        assert_eq!(
            names_in(dir.path()),
            vec![std::ffi::OsString::from("sortie.csv")]
        );
        write_atomically(&path, |out| out.write_all(b"nouveau")).expect("write");
        assert_eq!(std::fs::read(&path).expect("read"), b"nouveau");
    }

    /// Regression: the temporary name was `.NAME.PID.tmp`, so two threads of one process
    /// writing the same file at once shared it and one of them failed or left a mixed file.
    #[test]
    fn two_threads_writing_the_same_file_at_once_both_succeed_and_leave_it_whole() {
        let dir = tempfile::tempdir().expect("temp dir");
        let path = dir.path().join("zones.csv");
        let first = vec![b'a'; 1 << 20];
        let second = vec![b'b'; 1 << 20];
        let barrier = std::sync::Barrier::new(2);
        std::thread::scope(|scope| {
            let writers: Vec<_> = [&first, &second]
                .into_iter()
                .map(|content| {
                    let (path, barrier) = (&path, &barrier);
                    scope.spawn(move || {
                        write_atomically(path, |out| {
                            // Both temporary files exist before either is renamed.
                            out.write_all(&content[..content.len() / 2])?;
                            out.flush()?;
                            barrier.wait();
                            out.write_all(&content[content.len() / 2..])
                        })
                    })
                })
                .collect();
            for writer in writers {
                writer.join().expect("thread").expect("write");
            }
        });
        let written = std::fs::read(&path).expect("read");
        assert!(written == first || written == second, "mixed file");
        assert_eq!(
            names_in(dir.path()),
            vec![std::ffi::OsString::from("zones.csv")]
        );
    }
}
