//! Writes screenshots and exported maps as PNG files.

use std::path::{Path, PathBuf};

use crate::i18n::tr_args;

/// An image that could not be saved. The words, made when shown, say what to check; the
/// library's detail goes to the log.
#[derive(Debug, thiserror::Error)]
#[error("{}", tr_args("png-write-failed", &[("path", &.path.display().to_string())]))]
pub struct PngError {
    /// The file asked for.
    pub path: PathBuf,
}

/// Saves RGBA pixels (`width × height × 4` bytes) to `path` as PNG.
pub fn write_png(path: &Path, width: u32, height: u32, rgba: Vec<u8>) -> Result<(), PngError> {
    let fail = |detail: &dyn std::fmt::Display| {
        log::warn!("{}: {detail}", path.display());
        PngError {
            path: path.to_path_buf(),
        }
    };
    let image = image::RgbaImage::from_raw(width, height, rgba)
        .ok_or_else(|| fail(&format_args!("{width}×{height} does not match the pixels")))?;
    image
        .save_with_format(path, image::ImageFormat::Png)
        .map_err(|e| fail(&e))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_folder_that_does_not_exist_is_named_in_the_message() {
        let dir = tempfile::tempdir().expect("temp dir");
        let path = dir.path().join("absent").join("carte.png");
        let error = write_png(&path, 1, 1, vec![0, 0, 0, 255]).expect_err("no folder");
        let message = error.to_string();
        assert!(message.contains("carte.png"), "{message}");
        assert!(
            !message.contains("No such file"),
            "no system text: {message}"
        );
    }

    #[test]
    fn pixels_are_written() {
        let dir = tempfile::tempdir().expect("temp dir");
        let path = dir.path().join("carte.png");
        write_png(&path, 2, 1, vec![255; 8]).expect("written");
        assert!(std::fs::metadata(&path).expect("exists").len() > 0);
    }
}
