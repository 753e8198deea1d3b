//! What a printed map says around the map: title, subtitle and date, legend, sources and licences.

/// A colour in sRGB with straight (not premultiplied) alpha: `[r, g, b, a]`.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub struct Rgba(pub [u8; 4]);

impl Rgba {
    /// Opaque white, the paper.
    pub const WHITE: Self = Self([255, 255, 255, 255]);
    /// The ink of text and frames.
    pub const INK: Self = Self([25, 25, 25, 255]);

    /// An opaque colour.
    pub const fn rgb(r: u8, g: u8, b: u8) -> Self {
        Self([r, g, b, 255])
    }

    /// An opaque grey.
    pub const fn gray(v: u8) -> Self {
        Self([v, v, v, 255])
    }

    /// The same colour with its alpha multiplied by `factor` (0 to 1).
    pub fn faded(self, factor: f32) -> Self {
        let [r, g, b, a] = self.0;
        let alpha = (f32::from(a) * factor.clamp(0.0, 1.0)).round() as u8;
        Self([r, g, b, alpha])
    }

    /// The alpha, 0 to 1.
    pub fn alpha(self) -> f32 {
        f32::from(self.0[3]) / 255.0
    }
}

/// How a legend entry's symbol looks.
#[derive(Clone, Copy, Debug, PartialEq)]
pub enum Swatch {
    /// A dot (point layers).
    Point(Rgba),
    /// A stroke (line layers).
    Line(Rgba),
    /// A filled square with an outline (polygon layers, classes of a choropleth).
    Fill(Rgba, Rgba),
    /// No symbol: a heading line.
    Heading,
}

/// One line of the legend.
#[derive(Clone, Debug, PartialEq)]
pub struct LegendItem {
    /// The symbol.
    pub swatch: Swatch,
    /// Its text.
    pub label: String,
}

/// The words around the map of a printed page.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct PrintSheet {
    /// The title, at the top.
    pub title: String,
    /// A line under the title (place, date).
    pub subtitle: String,
    /// The heading of the legend ("Légende").
    pub legend_heading: String,
    /// The legend, top to bottom (layers, choropleth classes, compare side headings).
    pub legend: Vec<LegendItem>,
    /// Sources and licences of the layers drawn, one per line (and the basemap's credit only
    /// when basemap tiles were drawn).
    pub sources: Vec<String>,
    /// The heading of the sources ("Sources").
    pub sources_heading: String,
}
