//! The print composer: a map page drawn from the layers themselves (not from the screen) to PNG
//! or PDF — title, map frame over the basemap's tiles, selection, legend, scale bar, north
//! arrow, date, sources and licences.
//!
//! The page is first laid out as a list of drawing operations in points ([`canvas`]); the PNG
//! writer ([`raster`], tiny-skia) and the PDF writer ([`pdf`], vectors and real text) play the
//! same list back, so both show the same page. No egui here: the app hands over its layers'
//! datasets, masks, styles and choropleth colours, the view's extent and the words.
//!
//! ```
//! use territoire::print::{Format, Paper, PrintPage, render};
//! let page = PrintPage {
//!     extent: [-0.62, 47.43, -0.50, 47.51],
//!     ..PrintPage::default()
//! };
//! let png = render(&page, Format::Png).expect("a picture");
//! assert_eq!(png.size_px(), Some(Paper::default().size_px()));
//! ```

pub mod basemap;
pub mod canvas;
mod labels;
mod layout;
pub mod map;
pub mod paper;
pub mod pdf;
mod pdf_font;
pub mod pdf_text;
pub mod raster;
mod sheet;
pub mod text;

#[cfg(test)]
mod tests;

pub use basemap::{BasemapPicture, BasemapSource, load_basemap};
pub use map::PrintLayer;
pub use paper::{Format, Orientation, Paper, PaperSize, Resolution};
pub use raster::Pixels;
pub use sheet::{LegendItem, PrintSheet, Rgba, Swatch};

use crate::data::Bbox;

/// One side of the map: its layers, bottom first, and its name when there are two sides.
#[derive(Clone, Debug, Default)]
pub struct MapPane {
    /// Shown in the pane's corner ("Côté A"); empty for a single map.
    pub name: String,
    /// The layers, bottom first.
    pub layers: Vec<PrintLayer>,
}

/// Everything a printed page shows.
#[derive(Clone, Debug)]
pub struct PrintPage {
    /// The sheet: size, orientation, resolution.
    pub paper: Paper,
    /// Title, subtitle, legend, sources.
    pub sheet: PrintSheet,
    /// The longitude/latitude box the map must show whole (the view on the screen).
    pub extent: Bbox,
    /// One pane, or two side by side (a comparison).
    pub panes: Vec<MapPane>,
    /// The basemap shown in the app, whose tiles [`load_basemap`] fetches (`None`: no basemap).
    pub basemap: Option<BasemapSource>,
    /// The basemap's tiles found for this page, drawn under the layers (and credited).
    pub basemap_picture: Option<BasemapPicture>,
}

impl Default for PrintPage {
    fn default() -> Self {
        Self {
            paper: Paper::default(),
            sheet: PrintSheet::default(),
            extent: [-0.62, 47.43, -0.50, 47.51],
            panes: vec![MapPane::default()],
            basemap: None,
            basemap_picture: None,
        }
    }
}

/// A rendered page.
#[derive(Clone, Debug, PartialEq)]
pub enum Rendered {
    /// A picture, to be written as PNG.
    Png(Pixels),
    /// A PDF file's bytes.
    Pdf(Vec<u8>),
}

impl Rendered {
    /// The picture's size, for a PNG.
    pub fn size_px(&self) -> Option<[u32; 2]> {
        match self {
            Self::Png(p) => Some([p.width, p.height]),
            Self::Pdf(_) => None,
        }
    }
}

/// Why a page could not be rendered.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
pub enum ComposeError {
    /// The picture is too large for the memory at hand.
    #[error("{}", crate::i18n::tr("print-too-large"))]
    TooLarge,
}

/// The sources printed at the foot: the layers', then the basemap's credit when its tiles are
/// drawn (never for a basemap that did not print).
pub fn printed_sources(page: &PrintPage) -> Vec<String> {
    let mut sources = page.sheet.sources.clone();
    if let Some(picture) = &page.basemap_picture {
        sources.push(picture.credit.clone());
    }
    sources
}

/// Lays the page out and draws it in `format` (a long computation: run it off the UI thread).
pub fn render(page: &PrintPage, format: Format) -> Result<Rendered, ComposeError> {
    let canvas = layout::compose(page);
    match format {
        Format::Png => raster::rasterize(&canvas, page.paper.size_px())
            .map(Rendered::Png)
            .ok_or(ComposeError::TooLarge),
        Format::Pdf => Ok(Rendered::Pdf(pdf::write_pdf(&canvas, &page.sheet.title))),
    }
}
