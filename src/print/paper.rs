//! Paper sheets: A4 or A3, portrait or landscape, 150 or 300 dots per inch, and the output format.

use std::path::Path;

/// Points (1/72 inch) per millimetre.
const PT_PER_MM: f32 = 72.0 / 25.4;

/// The sheet size.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum PaperSize {
    /// 210 × 297 mm.
    #[default]
    A4,
    /// 297 × 420 mm.
    A3,
}

/// Which way the sheet is held.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum Orientation {
    /// Wider than high (the usual map).
    #[default]
    Landscape,
    /// Higher than wide.
    Portrait,
}

/// Dots per inch of a PNG (a PDF is drawn as vectors and keeps it only for its raster parts).
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum Resolution {
    /// 150 dpi: a screen, a note attached to an email.
    #[default]
    Dpi150,
    /// 300 dpi: a printer.
    Dpi300,
}

impl Resolution {
    /// Dots per inch.
    pub fn dpi(self) -> u32 {
        match self {
            Self::Dpi150 => 150,
            Self::Dpi300 => 300,
        }
    }
}

/// The sheet a map is printed on.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Paper {
    /// A4 or A3.
    pub size: PaperSize,
    /// Landscape or portrait.
    pub orientation: Orientation,
    /// Resolution of a PNG.
    pub resolution: Resolution,
}

impl Paper {
    /// Width and height in millimetres.
    pub fn size_mm(self) -> [f32; 2] {
        let [short, long] = match self.size {
            PaperSize::A4 => [210.0, 297.0],
            PaperSize::A3 => [297.0, 420.0],
        };
        match self.orientation {
            Orientation::Landscape => [long, short],
            Orientation::Portrait => [short, long],
        }
    }

    /// Width and height in points (A4 landscape: 842 × 595).
    pub fn size_pt(self) -> [f32; 2] {
        self.size_mm().map(|mm| (mm * PT_PER_MM).round())
    }

    /// Width and height in pixels at the sheet's resolution (A4 landscape at 300 dpi: 3508 × 2480).
    pub fn size_px(self) -> [u32; 2] {
        let dpi = self.resolution.dpi() as f32;
        self.size_mm().map(|mm| (mm / 25.4 * dpi).round() as u32)
    }
}

/// The kind of file written.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum Format {
    /// A picture.
    #[default]
    Png,
    /// A one-page document, drawn as vectors.
    Pdf,
}

impl Format {
    /// The format a file name asks for, by its extension (`.png`, `.pdf`, any case).
    pub fn from_path(path: &Path) -> Option<Self> {
        let ext = path.extension()?.to_str()?.to_ascii_lowercase();
        match ext.as_str() {
            "png" => Some(Self::Png),
            "pdf" => Some(Self::Pdf),
            _ => None,
        }
    }

    /// The file extension, without the dot.
    pub fn extension(self) -> &'static str {
        match self {
            Self::Png => "png",
            Self::Pdf => "pdf",
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a4_landscape_has_the_usual_sizes() {
        let mut paper = Paper {
            resolution: Resolution::Dpi300,
            ..Paper::default()
        };
        assert_eq!(paper.size_pt(), [842.0, 595.0]);
        assert_eq!(paper.size_px(), [3508, 2480]);
        paper.resolution = Resolution::Dpi150;
        assert_eq!(paper.size_px(), [1754, 1240]);
        paper.orientation = Orientation::Portrait;
        paper.size = PaperSize::A3;
        assert_eq!(paper.size_px(), [1754, 2480]);
    }

    #[test]
    fn the_extension_chooses_the_format() {
        assert_eq!(Format::from_path(Path::new("carte.PDF")), Some(Format::Pdf));
        assert_eq!(
            Format::from_path(Path::new("a/carte.png")),
            Some(Format::Png)
        );
        assert_eq!(Format::from_path(Path::new("carte.jpg")), None);
    }
}
