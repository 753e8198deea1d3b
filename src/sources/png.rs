//! Writes screenshots as PNG files.

use std::path::Path;

/// Saves RGBA pixels (`width × height × 4` bytes) to `path` as PNG.
pub fn write_png(path: &Path, width: u32, height: u32, rgba: Vec<u8>) -> Result<(), String> {
    let image = image::RgbaImage::from_raw(width, height, rgba)
        .ok_or_else(|| format!("image size mismatch: {}", path.display()))?;
    image
        .save_with_format(path, image::ImageFormat::Png)
        .map_err(|e| format!("{e}: {}", path.display()))
}
