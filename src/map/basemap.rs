//! Basemap tile sources (OpenStreetMap, IGN Géoplateforme WMTS) with a disk cache and a real User-Agent.

use std::path::PathBuf;

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

/// Where a run takes basemap tiles: each basemap's own server, or another serving the same
/// tiles (a local tile server in tests, a mirror), and the disk cache shared with the print.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct TileServer {
    /// A `{z}/{x}/{y}` address replacing the basemap's own server for this run.
    pub url_template: Option<String>,
    /// The HTTP cache folder, instead of `tiles` in the platform's cache folder.
    pub cache_dir: Option<PathBuf>,
}

impl TileServer {
    /// The HTTP cache folder of the tiles.
    pub fn cache_dir(&self) -> Option<PathBuf> {
        self.cache_dir
            .clone()
            .or_else(|| crate::sources::settings_file::cache_dir().map(|d| d.join("tiles")))
    }

    /// The `{z}/{x}/{y}` address of a basemap's tiles; `None` for "no basemap".
    pub fn url_template(&self, id: BasemapId) -> Option<String> {
        let own = match id {
            BasemapId::OpenStreetMap => "https://tile.openstreetmap.org/{z}/{x}/{y}.png".to_owned(),
            BasemapId::IgnPlan => ign_template("GEOGRAPHICALGRIDSYSTEMS.PLANIGNV2", "image/png"),
            BasemapId::IgnOrtho => ign_template("ORTHOIMAGERY.ORTHOPHOTOS", "image/jpeg"),
            BasemapId::None => return None,
        };
        Some(self.url_template.clone().unwrap_or(own))
    }

    fn source(&self, id: BasemapId) -> Option<Template> {
        Some(Template {
            url: self.url_template(id)?,
            attribution: attribution(id)?,
            max_zoom: max_zoom(id),
        })
    }
}

/// A layer of IGN's Géoplateforme WMTS in the Web Mercator (`PM`) tile matrix set.
fn ign_template(layer: &str, format: &str) -> String {
    format!(
        "https://data.geopf.fr/wmts?SERVICE=WMTS&REQUEST=GetTile&VERSION=1.0.0&LAYER={layer}&STYLE=normal&FORMAT={format}&TILEMATRIXSET=PM&TILEMATRIX={{z}}&TILEROW={{y}}&TILECOL={{x}}"
    )
}

/// The deepest zoom of a basemap's server (19 for each of them).
pub fn max_zoom(_id: BasemapId) -> u8 {
    19
}

fn attribution(id: BasemapId) -> Option<Attribution> {
    let (text, url) = match id {
        BasemapId::OpenStreetMap => ("© OpenStreetMap contributors", OSM_COPYRIGHT),
        BasemapId::IgnPlan | BasemapId::IgnOrtho => {
            ("© IGN – Géoplateforme", "https://geoservices.ign.fr/")
        }
        BasemapId::None => return None,
    };
    Some(Attribution {
        text,
        url,
        logo_light: None,
        logo_dark: None,
    })
}

/// A tile server by its address template.
struct Template {
    url: String,
    attribution: Attribution,
    max_zoom: u8,
}

impl TileSource for Template {
    fn tile_url(&self, t: TileId) -> String {
        self.url
            .replace("{z}", &t.zoom.to_string())
            .replace("{x}", &t.x.to_string())
            .replace("{y}", &t.y.to_string())
    }

    fn attribution(&self) -> Attribution {
        self.attribution.clone()
    }

    fn max_zoom(&self) -> u8 {
        self.max_zoom
    }
}

/// The URL of one tile of a basemap (for tests and diagnostics); `None` for "no basemap".
pub fn tile_url(id: BasemapId, tile: TileId) -> Option<String> {
    Some(TileServer::default().source(id)?.tile_url(tile))
}

/// The attribution text a basemap requires, in the interface language; `None` for "no basemap".
pub fn attribution_text(id: BasemapId) -> Option<String> {
    Some(attribution_label(&attribution(id)?))
}

/// The text of an attribution in the interface language (walkers keeps one fixed text).
pub fn attribution_label(attribution: &Attribution) -> String {
    if attribution.url == OSM_COPYRIGHT {
        crate::i18n::tr("attribution-osm")
    } else {
        attribution.text.to_owned()
    }
}

/// Downloaded tiles of the current basemap; counts what it shows for [`super::health`].
pub struct BasemapTiles {
    inner: HttpTiles,
}

impl BasemapTiles {
    /// Starts the tile downloader for `id` from `server`; `None` for "no basemap". In tests,
    /// only with a local server: the basemaps' own servers are on the internet.
    pub fn new(id: BasemapId, server: &TileServer, ctx: &egui::Context) -> Option<Self> {
        let options = HttpOptions {
            cache: server.cache_dir(),
            user_agent: walkers::HeaderValue::from_str(USER_AGENT).ok(),
            ..HttpOptions::default()
        };
        let inner = HttpTiles::with_options(server.source(id)?, options, ctx.clone());
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
        let osm = tile_url(BasemapId::OpenStreetMap, t).unwrap_or_default();
        assert_eq!(osm, "https://tile.openstreetmap.org/15/16300/11400.png");
        let local = TileServer {
            url_template: Some("http://127.0.0.1:9/{z}/{x}/{y}.png".into()),
            cache_dir: None,
        };
        assert_eq!(
            local.url_template(BasemapId::IgnPlan).as_deref(),
            Some("http://127.0.0.1:9/{z}/{x}/{y}.png")
        );
        assert_eq!(local.url_template(BasemapId::None), None);
    }
}
