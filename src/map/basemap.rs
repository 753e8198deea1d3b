//! Basemap tile sources (OpenStreetMap, IGN Géoplateforme WMTS) with a disk cache and a real User-Agent.

use walkers::sources::{Attribution, TileSource};
use walkers::{HttpOptions, HttpTiles, TileId, TilePiece, Tiles};

use crate::settings::BasemapId;

/// The User-Agent sent to tile servers: the app, its version and who runs it.
pub const USER_AGENT: &str = concat!(
    "Territoire/",
    env!("CARGO_PKG_VERSION"),
    " (visionneuse cartographique, Angers Loire Metropole)"
);

/// OpenStreetMap's copyright page, which its attribution links to.
const OSM_COPYRIGHT: &str = "https://www.openstreetmap.org/copyright";

/// OpenStreetMap's standard tiles.
struct OpenStreetMap;

impl TileSource for OpenStreetMap {
    fn tile_url(&self, t: TileId) -> String {
        format!(
            "https://tile.openstreetmap.org/{}/{}/{}.png",
            t.zoom, t.x, t.y
        )
    }

    fn attribution(&self) -> Attribution {
        Attribution {
            text: "© OpenStreetMap contributors",
            url: OSM_COPYRIGHT,
            logo_light: None,
            logo_dark: None,
        }
    }
}

/// A layer of IGN's Géoplateforme WMTS in the Web Mercator (`PM`) tile matrix set.
struct IgnWmts {
    layer: &'static str,
    format: &'static str,
}

impl TileSource for IgnWmts {
    fn tile_url(&self, t: TileId) -> String {
        format!(
            "https://data.geopf.fr/wmts?SERVICE=WMTS&REQUEST=GetTile&VERSION=1.0.0&LAYER={}&STYLE=normal&FORMAT={}&TILEMATRIXSET=PM&TILEMATRIX={}&TILEROW={}&TILECOL={}",
            self.layer, self.format, t.zoom, t.y, t.x
        )
    }

    fn attribution(&self) -> Attribution {
        Attribution {
            text: "© IGN – Géoplateforme",
            url: "https://geoservices.ign.fr/",
            logo_light: None,
            logo_dark: None,
        }
    }

    fn max_zoom(&self) -> u8 {
        19
    }
}

/// The URL of one tile of a basemap (for tests and diagnostics); `None` for "no basemap".
pub fn tile_url(id: BasemapId, tile: TileId) -> Option<String> {
    Some(match id {
        BasemapId::OpenStreetMap => OpenStreetMap.tile_url(tile),
        BasemapId::IgnPlan => ign_plan().tile_url(tile),
        BasemapId::IgnOrtho => ign_ortho().tile_url(tile),
        BasemapId::None => return None,
    })
}

/// The attribution text a basemap requires, in the interface language; `None` for "no basemap".
pub fn attribution_text(id: BasemapId) -> Option<String> {
    Some(attribution_label(&match id {
        BasemapId::OpenStreetMap => OpenStreetMap.attribution(),
        BasemapId::IgnPlan => ign_plan().attribution(),
        BasemapId::IgnOrtho => ign_ortho().attribution(),
        BasemapId::None => return None,
    }))
}

/// The text of an attribution in the interface language (walkers keeps one fixed text).
pub fn attribution_label(attribution: &Attribution) -> String {
    if attribution.url == OSM_COPYRIGHT {
        crate::i18n::tr("attribution-osm")
    } else {
        attribution.text.to_owned()
    }
}

fn ign_plan() -> IgnWmts {
    IgnWmts {
        layer: "GEOGRAPHICALGRIDSYSTEMS.PLANIGNV2",
        format: "image/png",
    }
}

fn ign_ortho() -> IgnWmts {
    IgnWmts {
        layer: "ORTHOIMAGERY.ORTHOPHOTOS",
        format: "image/jpeg",
    }
}

/// Downloaded tiles of the current basemap; counts what it shows for [`super::health`].
pub struct BasemapTiles {
    inner: HttpTiles,
}

impl BasemapTiles {
    /// Starts the tile downloader for `id`; `None` for "no basemap". Never call in tests: it reaches the network.
    pub fn new(id: BasemapId, ctx: &egui::Context) -> Option<Self> {
        let options = || HttpOptions {
            cache: crate::sources::settings_file::cache_dir().map(|d| d.join("tiles")),
            user_agent: walkers::HeaderValue::from_str(USER_AGENT).ok(),
            ..HttpOptions::default()
        };
        let ctx = ctx.clone();
        let inner = match id {
            BasemapId::OpenStreetMap => HttpTiles::with_options(OpenStreetMap, options(), ctx),
            BasemapId::IgnPlan => HttpTiles::with_options(ign_plan(), options(), ctx),
            BasemapId::IgnOrtho => HttpTiles::with_options(ign_ortho(), options(), ctx),
            BasemapId::None => return None,
        };
        super::health::reset();
        Some(Self { inner })
    }

    /// Tiles still being downloaded.
    pub fn in_progress(&self) -> usize {
        self.inner.stats().in_progress
    }
}

impl Tiles for BasemapTiles {
    fn at(&mut self, tile_id: TileId) -> Option<TilePiece> {
        let piece = self.inner.at(tile_id);
        if piece.is_some() {
            super::health::record_success();
        }
        piece
    }

    fn attribution(&self) -> Attribution {
        self.inner.attribution()
    }

    fn tile_size(&self) -> u32 {
        self.inner.tile_size()
    }

    fn stats(&self) -> walkers::Stats {
        self.inner.stats()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ign_urls_use_the_web_mercator_matrix_set() {
        let t = TileId {
            x: 16_300,
            y: 11_400,
            zoom: 15,
        };
        let url = tile_url(BasemapId::IgnPlan, t).unwrap_or_default();
        assert!(
            url.contains("LAYER=GEOGRAPHICALGRIDSYSTEMS.PLANIGNV2"),
            "{url}"
        );
        assert!(
            url.contains("TILEMATRIXSET=PM&TILEMATRIX=15&TILEROW=11400&TILECOL=16300"),
            "{url}"
        );
        let ortho = tile_url(BasemapId::IgnOrtho, t).unwrap_or_default();
        assert!(ortho.contains("ORTHOIMAGERY.ORTHOPHOTOS") && ortho.contains("image/jpeg"));
        assert_eq!(tile_url(BasemapId::None, t), None);
        assert!(USER_AGENT.starts_with("Territoire/"));
    }
}
