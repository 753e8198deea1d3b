//! Basemap tiles from outside: tile servers (XYZ, WMTS), tile files (MBTiles, PMTiles), the
//! disk cache in front of servers, the print's batch fetch and the preparation of a session.

pub mod cache;
pub mod custom;
pub mod fetcher;
pub mod http;
pub mod mbtiles;
pub mod mbtiles_write;
pub mod pmtiles;
pub mod print;
pub mod seed;
pub mod wmts;

pub use cache::TileCache;
pub use custom::{custom_spec, with_wmts_tiles};
pub use fetcher::{TileFetcher, TileSpec};
pub use print::{TileFetch, fetch_tiles};

/// One tile: zoom, column, row (Web Mercator, rows from the north).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct TileKey {
    /// Zoom level.
    pub zoom: u8,
    /// Column from the west.
    pub x: u32,
    /// Row from the north.
    pub y: u32,
}

impl TileKey {
    /// Its address from a `{z}/{x}/{y}` template (`{-y}` for rows counted from the south,
    /// `{0z}` for a zoom written with two digits, `{s}` for the servers `a`, `b`, `c` in turn).
    pub fn url(self, template: &str) -> String {
        let flipped = (1u64 << self.zoom).saturating_sub(1 + u64::from(self.y));
        let server = ["a", "b", "c"][((u64::from(self.x) + u64::from(self.y)) % 3) as usize];
        template
            .replace("{s}", server)
            .replace("{0z}", &format!("{:02}", self.zoom))
            .replace("{z}", &self.zoom.to_string())
            .replace("{x}", &self.x.to_string())
            .replace("{-y}", &flipped.to_string())
            .replace("{y}", &self.y.to_string())
    }

    /// The tile of zoom `zoom` (not deeper than this one's) that covers this one.
    pub fn ancestor(self, zoom: u8) -> TileKey {
        let shift = self.zoom.saturating_sub(zoom);
        TileKey {
            zoom: self.zoom.min(zoom),
            x: self.x >> shift,
            y: self.y >> shift,
        }
    }

    /// True when the column and row exist at its zoom.
    pub fn valid(self) -> bool {
        self.zoom <= 30 && u64::from(self.x.max(self.y)) < (1u64 << self.zoom)
    }
}

/// What a tile source says about itself (a file's metadata, a server's known limits).
#[derive(Clone, Debug, PartialEq)]
pub struct TileMeta {
    /// The credit the source asks for (a file's `attribution`), if it says one.
    pub attribution: Option<String>,
    /// Its name (a file's `name`), if it says one.
    pub name: Option<String>,
    /// The shallowest zoom it has.
    pub min_zoom: u8,
    /// The deepest zoom it has; deeper views stretch its tiles.
    pub max_zoom: u8,
    /// The extent it covers, `[min_lon, min_lat, max_lon, max_lat]`, if it says one.
    pub bounds: Option<[f64; 4]>,
}

impl Default for TileMeta {
    fn default() -> Self {
        Self {
            attribution: None,
            name: None,
            min_zoom: 0,
            max_zoom: 19,
            bounds: None,
        }
    }
}

/// Why a tile could not be had.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum TileFault {
    /// The source has no such tile (404, an empty answer, absent from the file).
    Missing,
    /// The server asks to wait (429, 503), this long if it said.
    RateLimited(Option<std::time::Duration>),
    /// The server failed (5xx) or refused (other 4xx): this status.
    Status(u16),
    /// No answer: no network, no server, a timeout, a connection dropped mid-answer.
    Unreachable,
    /// The answer is not a picture.
    NotAnImage,
    /// The tile file could not be read.
    File,
}

/// Why a tile source could not be opened.
#[derive(Debug, thiserror::Error)]
pub enum TileSourceError {
    /// The file could not be read.
    #[error("tile file: {0}")]
    Io(#[from] std::io::Error),
    /// The SQLite file is not an MBTiles file (no `tiles` table) or is damaged.
    #[error("not an MBTiles file: {0}")]
    NotMbTiles(String),
    /// The file is not a version 3 PMTiles archive, or is damaged.
    #[error("not a PMTiles file: {0}")]
    NotPmTiles(&'static str),
    /// The file holds vector tiles, which this basemap cannot draw.
    #[error("vector tiles")]
    VectorTiles,
    /// Neither an MBTiles nor a PMTiles file (by its extension).
    #[error("unknown tile file")]
    UnknownFormat,
}

impl TileSourceError {
    /// The locale key of its message.
    pub fn message_key(&self) -> &'static str {
        match self {
            Self::Io(_) => "basemap-file-unreadable",
            Self::NotMbTiles(_) => "basemap-file-not-mbtiles",
            Self::NotPmTiles(_) => "basemap-file-not-pmtiles",
            Self::VectorTiles => "basemap-file-vector",
            Self::UnknownFormat => "basemap-file-unknown",
        }
    }
}

/// True for a tile file by its extension (`.mbtiles`, `.pmtiles`).
pub fn is_tile_file(path: &std::path::Path) -> bool {
    path.extension()
        .and_then(|e| e.to_str())
        .is_some_and(|e| e.eq_ignore_ascii_case("mbtiles") || e.eq_ignore_ascii_case("pmtiles"))
}

/// True when `bytes` start like a picture a basemap can show (PNG, JPEG, WebP, GIF).
pub fn looks_like_image(bytes: &[u8]) -> bool {
    bytes.starts_with(b"\x89PNG")
        || bytes.starts_with(&[0xFF, 0xD8, 0xFF])
        || (bytes.len() > 12 && bytes.starts_with(b"RIFF") && &bytes[8..12] == b"WEBP")
        || bytes.starts_with(b"GIF8")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn templates_ancestors_and_validity() {
        let k = TileKey {
            zoom: 3,
            x: 5,
            y: 1,
        };
        assert_eq!(k.url("/{z}/{x}/{y}.png"), "/3/5/1.png");
        assert_eq!(k.url("/{z}/{x}/{-y}.png"), "/3/5/6.png");
        assert_eq!(k.url("https://{s}.t/{z}/{x}/{y}"), "https://a.t/3/5/1");
        assert_eq!(
            k.ancestor(1),
            TileKey {
                zoom: 1,
                x: 1,
                y: 0
            }
        );
        assert_eq!(k.ancestor(5), k);
        assert!(k.valid());
        assert!(
            !TileKey {
                zoom: 1,
                x: 2,
                y: 0
            }
            .valid()
        );
        assert!(looks_like_image(b"\x89PNG\r\n\x1a\n"));
        assert!(!looks_like_image(b"<html>"));
    }
}
