//! Shapefile reader (`.shp` + `.shx` + `.dbf` + `.cpg` + `.prj`, from a folder or a `.zip`) and a small writer.
//!
//! This file finds and opens the member files and reads them row by row; shapes become geometry in `shapes`,
//! and `write` holds the writer.

mod shapes;
mod write;

#[cfg(test)]
mod tests;

pub use write::{ShapefileOptions, write_shapefile};

use std::fs::File;
use std::io::{BufReader, Cursor, Read, Seek, SeekFrom};
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicUsize, Ordering};

use shapefile::ShapeReader;

use super::dbf::{DbfOptions, DbfReader};
use super::parallel_runs::parse_in_order;
use super::{RawSource, SourceError};
use crate::data::{DatasetBuilder, GeometryBuilder, IssueKind};
use crate::jobs::Progress;
use shapes::push_shape;

/// Reads the shapefile at `path` (the `.shp`) with its sidecar files found next to it, in any letter case.
///
/// Without a `.dbf` the layer has geometry only; without a `.shx` the `.shp` is read in sequence.
pub fn read_shapefile(path: &Path, progress: &Progress) -> Result<RawSource, SourceError> {
    let shp = File::open(path).map_err(|e| SourceError::io(path, e))?;
    let shp_len = shp.metadata().map_or(0, |m| m.len());
    let optional = |ext: &str| {
        let file = sidecar(path, ext)?;
        std::fs::read(&file)
            .map_err(|e| log::warn!("{} ignored: {e}", file.display()))
            .ok()
    };
    let dbf = match sidecar(path, "dbf") {
        Some(name) => {
            let file = File::open(&name).map_err(|e| SourceError::io(&name, e))?;
            let len = file.metadata().map_or(0, |m| m.len());
            Some((BufReader::with_capacity(1 << 16, file), len, name))
        }
        None => None,
    };
    let members = Members {
        shp: BufReader::with_capacity(1 << 16, shp),
        shp_len,
        shp_name: path.to_path_buf(),
        shx: optional("shx"),
        dbf,
        cpg: optional("cpg"),
        prj: optional("prj"),
    };
    read_members(members, progress)
}

/// Reads the first shapefile of a `.zip` (at any depth, extensions in any case), its members read into memory.
pub fn read_zip(path: &Path, progress: &Progress) -> Result<RawSource, SourceError> {
    let file = File::open(path).map_err(|e| SourceError::io(path, e))?;
    let zip_len = file.metadata().map_or(0, |m| m.len());
    // Members are read into memory: a zip bomb is refused instead of filling it.
    let mut budget = zip_len.saturating_mul(INFLATE_RATIO).max(INFLATE_FLOOR);
    let mut archive = zip::ZipArchive::new(BufReader::new(file)).map_err(|e| zip_error(path, e))?;
    let names: Vec<String> = (0..archive.len())
        .filter_map(|i| archive.name_for_index(i).map(str::to_owned))
        .collect();
    let is_shp = |name: &&String| {
        let lower = name.to_ascii_lowercase();
        let base = lower.rsplit('/').next().unwrap_or(&lower);
        lower.ends_with(".shp") && !lower.starts_with("__macosx/") && !base.starts_with("._")
    };
    let Some(shp_name) = names.iter().find(is_shp).cloned() else {
        return Err(SourceError::format(
            "err-zip-no-shp",
            &[("path", &path.display().to_string())],
        ));
    };
    if names.iter().filter(is_shp).count() > 1 {
        log::info!("{}: several shapefiles, reading {shp_name}", path.display());
    }
    // The name ends with ".shp" in ASCII, so cutting 4 bytes stays on a character boundary.
    let stem = shp_name[..shp_name.len() - 4].to_lowercase();
    let mut member = |ext: &str| -> Result<Option<(Vec<u8>, PathBuf)>, SourceError> {
        let wanted = format!("{stem}.{ext}");
        match names.iter().find(|n| n.to_lowercase() == wanted) {
            Some(name) => read_member(&mut archive, name, path, &mut budget).map(Some),
            None => Ok(None),
        }
    };
    let (shp, shp_name) = member("shp")?.ok_or_else(|| {
        SourceError::format("err-zip-no-shp", &[("path", &path.display().to_string())])
    })?;
    let dbf = member("dbf")?.map(|(bytes, name)| (bytes.len() as u64, Cursor::new(bytes), name));
    let members = Members {
        shp_len: shp.len() as u64,
        shp: Cursor::new(shp),
        shp_name,
        shx: member("shx")?.map(|m| m.0),
        dbf: dbf.map(|(len, reader, name)| (reader, len, name)),
        cpg: member("cpg")?.map(|m| m.0),
        prj: member("prj")?.map(|m| m.0),
    };
    read_members(members, progress)
}

/// The files of one shapefile, opened from a folder or read from a zip.
struct Members<S, D> {
    shp: S,
    shp_len: u64,
    shp_name: PathBuf,
    shx: Option<Vec<u8>>,
    dbf: Option<(D, u64, PathBuf)>,
    cpg: Option<Vec<u8>>,
    prj: Option<Vec<u8>>,
}

/// Reads shape i and record i into row i; the longer of the two files sets the row count.
/// The shapes and the records are read at the same time, on two threads.
fn read_members<S: Read + Seek + Send, D: Read + Send>(
    members: Members<S, D>,
    progress: &Progress,
) -> Result<RawSource, SourceError> {
    let Members {
        shp,
        shp_len,
        shp_name,
        shx,
        dbf,
        cpg,
        prj,
    } = members;
    let dbf_len = dbf.as_ref().map_or(0, |d| d.1);
    progress.set_total(shp_len + dbf_len);
    let cpg = cpg.map(|bytes| String::from_utf8_lossy(&bytes).into_owned());
    let crs = prj
        .map(|bytes| String::from_utf8_lossy(&bytes).trim().to_owned())
        .filter(|wkt| !wkt.is_empty());
    let shp = Counting {
        inner: shp,
        progress,
        pending: 0,
    };
    if shx.as_ref().is_some_and(|shx| !usable_shx(shx, shp_len)) {
        log::info!(
            "{}: the .shx index is damaged; the .shp is read in sequence",
            shp_name.display()
        );
    }
    let opened = match shx.filter(|shx| usable_shx(shx, shp_len)) {
        Some(shx) => ShapeReader::with_shx(shp, Cursor::new(shx)),
        None => ShapeReader::new(shp),
    };
    let reader = opened.map_err(|e| shp_error(&shp_name, None, e))?;
    // The header's length (in 16-bit words) longer than the file: cut short, said once.
    let announced = u64::try_from(reader.header().file_length).unwrap_or(0) * 2;
    let cut = (announced > shp_len).then_some((announced, shp_len));
    let dbf = match dbf {
        Some((inner, _, name)) => Some(open_dbf(inner, &name, cpg.as_deref(), progress)?),
        None => None,
    };
    let (shapes, records) = std::thread::scope(|scope| {
        let records = scope.spawn(|| dbf.map(|dbf| read_records(dbf, progress)));
        let shapes = read_shapes(reader, &shp_name, progress);
        let records = records
            .join()
            .unwrap_or_else(|_| Some(Err(SourceError::format("err-internal", &[]))));
        (shapes, records)
    });
    let (geometry, shapes) = shapes?;
    let (mut builder, records) = match records.transpose()? {
        Some(read) => read,
        None => (DatasetBuilder::new(true), shapes),
    };
    if records != shapes {
        log::warn!("{}: {shapes} shapes, {records} records", shp_name.display());
        count_mismatch(&mut builder, shapes, records);
    }
    if let Some((announced, held)) = cut {
        let (announced, held) = (
            crate::i18n::format_count(announced),
            crate::i18n::format_count(held),
        );
        builder.add_issue(IssueKind::SkippedRecord, || {
            crate::i18n::tr_args(
                "issue-shp-truncated",
                &[("announced", &announced), ("held", &held)],
            )
        });
    }
    builder.set_geometry(geometry);
    progress.set_done(shp_len + dbf_len);
    Ok(RawSource { builder, crs })
}

/// The `.dbf` reader, its bytes counted into `progress`; deleted records are kept so that
/// the N-th record stays the N-th shape's.
fn open_dbf<'p, D: Read>(
    inner: D,
    name: &Path,
    cpg: Option<&str>,
    progress: &'p Progress,
) -> Result<DbfReader<Counting<'p, D>>, SourceError> {
    let options = DbfOptions {
        cpg,
        encoding: None,
        keep_deleted: true,
    };
    let counting = Counting {
        inner,
        progress,
        pending: 0,
    };
    DbfReader::new(counting, options, name)
}

/// Counts the rows that have a shape but no record, or a record but no shape.
fn count_mismatch(builder: &mut DatasetBuilder, shapes: usize, records: usize) {
    let message = crate::i18n::tr_args(
        "issue-shp-dbf-count",
        &[
            ("shapes", &shapes.to_string()),
            ("records", &records.to_string()),
        ],
    );
    for _ in 0..shapes.abs_diff(records) {
        builder.add_issue(IssueKind::SkippedRecord, || message.clone());
    }
}

/// Every shape of the `.shp`, in order, and how many there are; damage after the first shape
/// ends the reading there.
fn read_shapes<R: Read + Seek>(
    mut reader: ShapeReader<R>,
    shp_name: &Path,
    progress: &Progress,
) -> Result<(GeometryBuilder, usize), SourceError> {
    let mut geometry = GeometryBuilder::new();
    let mut shapes = 0usize;
    for shape in reader.iter_shapes() {
        let shape = match shape {
            Ok(shape) => shape,
            // Damage after readable shapes: they are kept (the rows past the cut keep their
            // attributes without geometry, and the count mismatch is reported).
            Err(e)
                if shapes > 0
                    && !matches!(&e, shapefile::Error::IoError(io)
                if io.kind() != std::io::ErrorKind::UnexpectedEof) =>
            {
                log::warn!(
                    "{}: shape {} unreadable, kept the {shapes} before: {e}",
                    shp_name.display(),
                    shapes + 1
                );
                break;
            }
            Err(e) => return Err(shp_error(shp_name, Some(shapes + 1), e)),
        };
        push_shape(&mut geometry, shape);
        shapes += 1;
        if shapes.is_multiple_of(4096) && progress.is_cancelled() {
            return Err(SourceError::Cancelled);
        }
    }
    Ok((geometry, shapes))
}

/// Records decoded together by one worker.
const RECORDS_PER_RUN: usize = 16_384;

/// Every record of the `.dbf`, one row each, and how many there are: blocks of records are
/// read here and decoded on every core.
fn read_records<R: Read>(
    mut dbf: DbfReader<R>,
    progress: &Progress,
) -> Result<(DatasetBuilder, usize), SourceError> {
    let decoder = dbf.decoder();
    let invalid = AtomicUsize::new(0);
    let (read, joined) = parse_in_order(
        |send| {
            while let Some(block) = dbf.read_block(RECORDS_PER_RUN)? {
                if progress.is_cancelled() {
                    return Err(SourceError::Cancelled);
                }
                if !send(block) {
                    break;
                }
            }
            Ok(())
        },
        |block: Vec<u8>| {
            let (builder, bad) = decoder.decode_block(&block);
            invalid.fetch_add(bad, Ordering::Relaxed);
            Some(builder)
        },
    );
    read?;
    let mut builder = joined.ok_or_else(|| SourceError::format("err-internal", &[]))?;
    dbf.declare_columns(&mut builder);
    dbf.add_invalid_text(invalid.into_inner());
    let records = builder.rows();
    dbf.finish(&mut builder);
    Ok((builder, records))
}

/// A `.shx` is used only when it is well formed and its records follow one another inside the
/// `.shp` without overlapping; otherwise (a damaged index) the `.shp` is read in sequence, so
/// that damage in the `.shx` is never blamed on the `.shp`.
fn usable_shx(shx: &[u8], shp_len: u64) -> bool {
    let be = |b: &[u8]| i64::from(i32::from_be_bytes([b[0], b[1], b[2], b[3]]));
    if shx.len() < 100 || !(shx.len() - 100).is_multiple_of(8) || be(&shx[0..4]) != 9994 {
        return false;
    }
    // The length the header gives (in 16-bit words) must be the index's own.
    if be(&shx[24..28]) * 2 != shx.len() as i64 {
        return false;
    }
    let mut end = 100;
    shx[100..].chunks_exact(8).all(|e| {
        let (offset, length) = (be(&e[0..4]) * 2, be(&e[4..8]) * 2);
        let fits = offset >= end && length >= 0 && (offset + 8 + length) as u64 <= shp_len;
        end = offset + 8 + length;
        fits
    })
}

/// A file next to `shp` with the same name and extension `ext`, in any letter case.
fn sidecar(shp: &Path, ext: &str) -> Option<PathBuf> {
    for candidate in [
        shp.with_extension(ext),
        shp.with_extension(ext.to_ascii_uppercase()),
    ] {
        if candidate.is_file() {
            return Some(candidate);
        }
    }
    let wanted = format!("{}.{ext}", shp.file_stem()?.to_str()?).to_lowercase();
    let dir = shp
        .parent()
        .filter(|p| !p.as_os_str().is_empty())
        .unwrap_or(Path::new("."));
    std::fs::read_dir(dir)
        .ok()?
        .flatten()
        .map(|e| e.path())
        .find(|p| {
            p.is_file()
                && p.file_name()
                    .and_then(|n| n.to_str())
                    .is_some_and(|n| n.to_lowercase() == wanted)
        })
}

/// Members may inflate to this many times the zip's size in all…
const INFLATE_RATIO: u64 = 100;
/// …and to this much whatever the zip's size.
const INFLATE_FLOOR: u64 = 256 << 20;

/// Reads a member whole, within what is left of `budget` (the bytes all members may take).
fn read_member<R: Read + Seek>(
    archive: &mut zip::ZipArchive<R>,
    name: &str,
    zip_path: &Path,
    budget: &mut u64,
) -> Result<(Vec<u8>, PathBuf), SourceError> {
    let label = zip_path.join(name);
    let file = archive.by_name(name).map_err(|e| zip_error(&label, e))?;
    let mut bytes = Vec::with_capacity(file.size().min(*budget).min(1 << 28) as usize);
    file.take(*budget + 1)
        .read_to_end(&mut bytes)
        .map_err(|e| SourceError::io(&label, e))?;
    if bytes.len() as u64 > *budget {
        return Err(SourceError::format(
            "err-zip-too-large",
            &[("path", &zip_path.display().to_string())],
        ));
    }
    *budget -= bytes.len() as u64;
    Ok((bytes, label))
}

fn zip_error(path: &Path, error: zip::result::ZipError) -> SourceError {
    match error {
        zip::result::ZipError::Io(e) => SourceError::io(path, e),
        other => {
            log::debug!("{}: {other}", path.display());
            SourceError::format("err-zip-invalid", &[("path", &path.display().to_string())])
        }
    }
}

/// A damaged `.shp`: the header (`record` is `None`) or record number `record` could not be read.
fn shp_error(path: &Path, record: Option<usize>, error: shapefile::Error) -> SourceError {
    log::debug!("{}: {error}", path.display());
    let file = path.display().to_string();
    match (error, record) {
        (shapefile::Error::IoError(e), _) if e.kind() != std::io::ErrorKind::UnexpectedEof => {
            SourceError::io(path, e)
        }
        (_, None) => SourceError::format("err-shp-invalid", &[("path", &file)]),
        (_, Some(n)) => {
            SourceError::format("err-shp-record", &[("n", &n.to_string()), ("path", &file)])
        }
    }
}

/// Counts the bytes read into the job's progress, in batches.
struct Counting<'a, R> {
    inner: R,
    progress: &'a Progress,
    pending: u64,
}

impl<R: Read> Read for Counting<'_, R> {
    fn read(&mut self, buf: &mut [u8]) -> std::io::Result<usize> {
        let n = self.inner.read(buf)?;
        self.pending += n as u64;
        if self.pending >= 1 << 16 {
            self.progress.add_done(self.pending);
            self.pending = 0;
        }
        Ok(n)
    }
}

impl<R: Seek> Seek for Counting<'_, R> {
    fn seek(&mut self, pos: SeekFrom) -> std::io::Result<u64> {
        self.inner.seek(pos)
    }
}
