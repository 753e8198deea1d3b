//! Colour-blind-safe sequential palettes for classed maps, light to dark: ColorBrewer, viridis.

/// A sequential colour scheme, readable with the common colour-vision deficiencies.
#[derive(
    Clone, Copy, Debug, Default, PartialEq, Eq, Hash, serde::Serialize, serde::Deserialize,
)]
#[serde(rename_all = "snake_case")]
pub enum Palette {
    /// ColorBrewer Blues.
    #[default]
    Blues,
    /// ColorBrewer Greens.
    Greens,
    /// ColorBrewer Oranges.
    Oranges,
    /// ColorBrewer Purples.
    Purples,
    /// Viridis (matplotlib), from its light yellow end to its dark purple end.
    Viridis,
    /// ColorBrewer YlGnBu.
    YellowGreenBlue,
}

impl Palette {
    /// Every palette, in menu order.
    pub const ALL: [Palette; 6] = [
        Palette::Blues,
        Palette::Greens,
        Palette::Oranges,
        Palette::Purples,
        Palette::Viridis,
        Palette::YellowGreenBlue,
    ];

    /// The locale key of the palette's name.
    pub fn label_key(self) -> &'static str {
        match self {
            Self::Blues => "palette-blues",
            Self::Greens => "palette-greens",
            Self::Oranges => "palette-oranges",
            Self::Purples => "palette-purples",
            Self::Viridis => "palette-viridis",
            Self::YellowGreenBlue => "palette-yellow-green-blue",
        }
    }

    /// One colour per class, lightest first, as RGB.
    ///
    /// From 3 to 9 classes, the published ColorBrewer colours for that count, or viridis
    /// sampled at evenly spaced points from end to end. Fewer classes (data with one or two
    /// distinct values) take colours of the 3-class scheme: its ends for 2, its middle for 1;
    /// none for 0. Above 9, the 9 colours.
    pub fn colors(self, classes: usize) -> Vec<[u8; 3]> {
        let count = classes.min(super::MAX_CLASSES);
        let scheme = match self {
            Self::Blues => &BLUES,
            Self::Greens => &GREENS,
            Self::Oranges => &ORANGES,
            Self::Purples => &PURPLES,
            Self::YellowGreenBlue => &YL_GN_BU,
            Self::Viridis => return viridis_colors(count),
        };
        match count {
            0 => Vec::new(),
            1 => vec![scheme[0][1]],
            2 => vec![scheme[0][0], scheme[0][2]],
            _ => scheme[count - 3].to_vec(),
        }
    }
}

/// `count` colours of viridis, light to dark, evenly spaced from end to end (the middle for 1).
fn viridis_colors(count: usize) -> Vec<[u8; 3]> {
    if count == 1 {
        return vec![viridis(0.5)];
    }
    (0..count)
        .map(|i| viridis(1.0 - i as f64 / (count - 1) as f64))
        .collect()
}

/// Viridis at `t` (0 dark purple, 1 yellow), interpolated linearly between its anchors.
fn viridis(t: f64) -> [u8; 3] {
    let last = VIRIDIS.len() - 1;
    let position = t.clamp(0.0, 1.0) * last as f64;
    let index = (position.floor() as usize).min(last - 1);
    let fraction = position - index as f64;
    let (a, b) = (VIRIDIS[index], VIRIDIS[index + 1]);
    std::array::from_fn(|c| {
        let value = f64::from(a[c]) + (f64::from(b[c]) - f64::from(a[c])) * fraction;
        value.round().clamp(0.0, 255.0) as u8
    })
}

/// A ColorBrewer scheme: its colours for 3, 4, … 9 classes.
type Scheme = [&'static [[u8; 3]]; 7];

/// An RGB colour from its `0xRRGGBB` code, the form in which the schemes are published.
const fn hex(code: u32) -> [u8; 3] {
    [(code >> 16) as u8, (code >> 8) as u8, code as u8]
}

// This product includes color specifications and designs developed by Cynthia Brewer
// (http://colorbrewer.org/), under the Apache License 2.0. Viridis, by Stéfan van der Walt and
// Nathaniel Smith for matplotlib, is in the public domain (CC0).

/// ColorBrewer Blues, 3 to 9 classes.
#[rustfmt::skip]
const BLUES: Scheme = [
    &[hex(0xdeebf7), hex(0x9ecae1), hex(0x3182bd)],
    &[hex(0xeff3ff), hex(0xbdd7e7), hex(0x6baed6), hex(0x2171b5)],
    &[hex(0xeff3ff), hex(0xbdd7e7), hex(0x6baed6), hex(0x3182bd), hex(0x08519c)],
    &[hex(0xeff3ff), hex(0xc6dbef), hex(0x9ecae1), hex(0x6baed6), hex(0x3182bd), hex(0x08519c)],
    &[hex(0xeff3ff), hex(0xc6dbef), hex(0x9ecae1), hex(0x6baed6), hex(0x4292c6), hex(0x2171b5), hex(0x084594)],
    &[hex(0xf7fbff), hex(0xdeebf7), hex(0xc6dbef), hex(0x9ecae1), hex(0x6baed6), hex(0x4292c6), hex(0x2171b5), hex(0x084594)],
    &[hex(0xf7fbff), hex(0xdeebf7), hex(0xc6dbef), hex(0x9ecae1), hex(0x6baed6), hex(0x4292c6), hex(0x2171b5), hex(0x08519c), hex(0x08306b)],
];

/// ColorBrewer Greens, 3 to 9 classes.
#[rustfmt::skip]
const GREENS: Scheme = [
    &[hex(0xe5f5e0), hex(0xa1d99b), hex(0x31a354)],
    &[hex(0xedf8e9), hex(0xbae4b3), hex(0x74c476), hex(0x238b45)],
    &[hex(0xedf8e9), hex(0xbae4b3), hex(0x74c476), hex(0x31a354), hex(0x006d2c)],
    &[hex(0xedf8e9), hex(0xc7e9c0), hex(0xa1d99b), hex(0x74c476), hex(0x31a354), hex(0x006d2c)],
    &[hex(0xedf8e9), hex(0xc7e9c0), hex(0xa1d99b), hex(0x74c476), hex(0x41ab5d), hex(0x238b45), hex(0x005a32)],
    &[hex(0xf7fcf5), hex(0xe5f5e0), hex(0xc7e9c0), hex(0xa1d99b), hex(0x74c476), hex(0x41ab5d), hex(0x238b45), hex(0x005a32)],
    &[hex(0xf7fcf5), hex(0xe5f5e0), hex(0xc7e9c0), hex(0xa1d99b), hex(0x74c476), hex(0x41ab5d), hex(0x238b45), hex(0x006d2c), hex(0x00441b)],
];

/// ColorBrewer Oranges, 3 to 9 classes.
#[rustfmt::skip]
const ORANGES: Scheme = [
    &[hex(0xfee6ce), hex(0xfdae6b), hex(0xe6550d)],
    &[hex(0xfeedde), hex(0xfdbe85), hex(0xfd8d3c), hex(0xd94701)],
    &[hex(0xfeedde), hex(0xfdbe85), hex(0xfd8d3c), hex(0xe6550d), hex(0xa63603)],
    &[hex(0xfeedde), hex(0xfdd0a2), hex(0xfdae6b), hex(0xfd8d3c), hex(0xe6550d), hex(0xa63603)],
    &[hex(0xfeedde), hex(0xfdd0a2), hex(0xfdae6b), hex(0xfd8d3c), hex(0xf16913), hex(0xd94801), hex(0x8c2d04)],
    &[hex(0xfff5eb), hex(0xfee6ce), hex(0xfdd0a2), hex(0xfdae6b), hex(0xfd8d3c), hex(0xf16913), hex(0xd94801), hex(0x8c2d04)],
    &[hex(0xfff5eb), hex(0xfee6ce), hex(0xfdd0a2), hex(0xfdae6b), hex(0xfd8d3c), hex(0xf16913), hex(0xd94801), hex(0xa63603), hex(0x7f2704)],
];

/// ColorBrewer Purples, 3 to 9 classes.
#[rustfmt::skip]
const PURPLES: Scheme = [
    &[hex(0xefedf5), hex(0xbcbddc), hex(0x756bb1)],
    &[hex(0xf2f0f7), hex(0xcbc9e2), hex(0x9e9ac8), hex(0x6a51a3)],
    &[hex(0xf2f0f7), hex(0xcbc9e2), hex(0x9e9ac8), hex(0x756bb1), hex(0x54278f)],
    &[hex(0xf2f0f7), hex(0xdadaeb), hex(0xbcbddc), hex(0x9e9ac8), hex(0x756bb1), hex(0x54278f)],
    &[hex(0xf2f0f7), hex(0xdadaeb), hex(0xbcbddc), hex(0x9e9ac8), hex(0x807dba), hex(0x6a51a3), hex(0x4a1486)],
    &[hex(0xfcfbfd), hex(0xefedf5), hex(0xdadaeb), hex(0xbcbddc), hex(0x9e9ac8), hex(0x807dba), hex(0x6a51a3), hex(0x4a1486)],
    &[hex(0xfcfbfd), hex(0xefedf5), hex(0xdadaeb), hex(0xbcbddc), hex(0x9e9ac8), hex(0x807dba), hex(0x6a51a3), hex(0x54278f), hex(0x3f007d)],
];

/// ColorBrewer YlGnBu, 3 to 9 classes.
#[rustfmt::skip]
const YL_GN_BU: Scheme = [
    &[hex(0xedf8b1), hex(0x7fcdbb), hex(0x2c7fb8)],
    &[hex(0xffffcc), hex(0xa1dab4), hex(0x41b6c4), hex(0x225ea8)],
    &[hex(0xffffcc), hex(0xa1dab4), hex(0x41b6c4), hex(0x2c7fb8), hex(0x253494)],
    &[hex(0xffffcc), hex(0xc7e9b4), hex(0x7fcdbb), hex(0x41b6c4), hex(0x2c7fb8), hex(0x253494)],
    &[hex(0xffffcc), hex(0xc7e9b4), hex(0x7fcdbb), hex(0x41b6c4), hex(0x1d91c0), hex(0x225ea8), hex(0x0c2c84)],
    &[hex(0xffffd9), hex(0xedf8b1), hex(0xc7e9b4), hex(0x7fcdbb), hex(0x41b6c4), hex(0x1d91c0), hex(0x225ea8), hex(0x0c2c84)],
    &[hex(0xffffd9), hex(0xedf8b1), hex(0xc7e9b4), hex(0x7fcdbb), hex(0x41b6c4), hex(0x1d91c0), hex(0x225ea8), hex(0x253494), hex(0x081d58)],
];

/// Viridis, dark to light: entries round(i · 255 / 16) of matplotlib's 256-colour table for
/// i = 0..=16 (the entry follows each colour).
const VIRIDIS: [[u8; 3]; 17] = [
    hex(0x440154), // 0
    hex(0x48186a), // 16
    hex(0x472d7b), // 32
    hex(0x424086), // 48
    hex(0x3b528b), // 64
    hex(0x33638d), // 80
    hex(0x2c728e), // 96
    hex(0x26828e), // 112
    hex(0x21918c), // 128
    hex(0x1f9f88), // 143
    hex(0x27ad81), // 159
    hex(0x3dbc74), // 175
    hex(0x5cc863), // 191
    hex(0x81d34d), // 207
    hex(0xaadc32), // 223
    hex(0xd5e21a), // 239
    hex(0xfde725), // 255
];

#[cfg(test)]
mod tests {
    use super::*;
    use crate::i18n::{EN_SOURCE, FR_SOURCE, parse_locale};

    /// Relative luminance (sRGB), to check that colours go from light to dark.
    fn luminance([r, g, b]: [u8; 3]) -> f64 {
        let linear = |c: u8| {
            let c = f64::from(c) / 255.0;
            if c <= 0.04045 {
                c / 12.92
            } else {
                ((c + 0.055) / 1.055).powf(2.4)
            }
        };
        0.2126 * linear(r) + 0.7152 * linear(g) + 0.0722 * linear(b)
    }

    #[test]
    fn every_palette_goes_from_light_to_dark_for_every_count() {
        for palette in Palette::ALL {
            for classes in 1..=9 {
                let colors = palette.colors(classes);
                assert_eq!(colors.len(), classes, "{palette:?}");
                let light: Vec<f64> = colors.iter().map(|&c| luminance(c)).collect();
                assert!(
                    light.windows(2).all(|w| w[0] > w[1]),
                    "{palette:?} with {classes} classes: {colors:?}"
                );
            }
        }
    }

    #[test]
    fn colorbrewer_colours_are_the_published_ones() {
        // Spot checks against the published hex values.
        assert_eq!(Palette::Blues.colors(9)[8], [0x08, 0x30, 0x6b]);
        assert_eq!(
            Palette::Blues.colors(3),
            [[0xde, 0xeb, 0xf7], [0x9e, 0xca, 0xe1], [0x31, 0x82, 0xbd]]
        );
        assert_eq!(Palette::Greens.colors(5)[4], [0x00, 0x6d, 0x2c]);
        assert_eq!(Palette::Oranges.colors(7)[6], [0x8c, 0x2d, 0x04]);
        assert_eq!(Palette::Purples.colors(4)[0], [0xf2, 0xf0, 0xf7]);
        assert_eq!(Palette::YellowGreenBlue.colors(3)[0], [0xed, 0xf8, 0xb1]);
        assert_eq!(Palette::YellowGreenBlue.colors(9)[8], [0x08, 0x1d, 0x58]);
    }

    #[test]
    fn viridis_runs_from_its_yellow_end_to_its_purple_end() {
        let colors = Palette::Viridis.colors(9);
        assert_eq!(colors[0], [0xfd, 0xe7, 0x25]);
        assert_eq!(colors[8], [0x44, 0x01, 0x54]);
        // Halfway falls on the anchor taken from entry 128 of the 256-colour table.
        assert_eq!(colors[4], [0x21, 0x91, 0x8c]);
        // Between anchors, colours are interpolated: halfway between those of entries 64
        // ([59, 82, 139]) and 80 ([51, 99, 141]).
        assert_eq!(viridis(4.5 / 16.0), [55, 91, 140]);
    }

    #[test]
    fn few_classes_take_the_three_class_scheme_and_many_are_capped() {
        let three = Palette::Oranges.colors(3);
        assert_eq!(Palette::Oranges.colors(2), [three[0], three[2]]);
        assert_eq!(Palette::Oranges.colors(1), [three[1]]);
        assert!(Palette::Oranges.colors(0).is_empty());
        assert_eq!(Palette::Oranges.colors(12), Palette::Oranges.colors(9));
        assert_eq!(Palette::Viridis.colors(2).len(), 2);
    }

    #[test]
    fn every_palette_is_named_in_both_languages() {
        let (fr, en) = (parse_locale(FR_SOURCE), parse_locale(EN_SOURCE));
        for palette in Palette::ALL {
            let key = palette.label_key();
            assert!(fr.contains_key(key) && en.contains_key(key), "{key}");
        }
    }
}
