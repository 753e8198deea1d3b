//! Basemap tile sources (OpenStreetMap, IGN Géoplateforme WMTS) with a disk cache and a real User-Agent.

use std::path::PathBuf;

use walkers::sources::Attribution;
use walkers::{TileId, TilePiece, Tiles};

use crate::settings::{BasemapId, CustomBasemap};
use crate::sources::tiles::TileSpec;

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
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct TileServer {
    /// A `{z}/{x}/{y}` address replacing the basemap's own server for this run.
    pub url_template: Option<String>,
    /// The cache folder, instead of `tiles` in the platform's cache folder.
    pub cache_dir: Option<PathBuf>,
    /// The cache size limit, in megabytes.
    pub cache_limit_mb: u64,
}

impl Default for TileServer {
    fn default() -> Self {
        Self {
            url_template: None,
            cache_dir: None,
            cache_limit_mb: crate::sources::tiles::cache::DEFAULT_LIMIT_MB,
        }
    }
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
            BasemapId::None | BasemapId::Custom => return None,
        };
        Some(self.url_template.clone().unwrap_or(own))
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
        BasemapId::None | BasemapId::Custom => return None,
    };
    Some(Attribution {
        text,
        url,
        logo_light: None,
        logo_dark: None,
    })
}

/// The URL of one tile of a basemap (for tests and diagnostics); `None` for "no basemap".
pub fn tile_url(id: BasemapId, tile: TileId) -> Option<String> {
    let key = crate::sources::tiles::TileKey {
        zoom: tile.zoom,
        x: tile.x,
        y: tile.y,
    };
    Some(key.url(&TileServer::default().url_template(id)?))
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

/// The basemap shown: its tiles and its credit.
pub struct BasemapTiles {
    layer: super::tile_layer::TileLayer,
    credit: Option<(String, String)>,
    custom_credit: bool,
}

impl BasemapTiles {
    /// Starts the tile workers for `id` (`custom` for [`BasemapId::Custom`]) from `server`;
    /// `None` for "no basemap". In tests, only with a local server or a file.
    pub fn new(
        id: BasemapId,
        custom: Option<&CustomBasemap>,
        server: &TileServer,
        ctx: &egui::Context,
    ) -> Option<Self> {
        let (spec, credit) = match (id, custom) {
            (BasemapId::Custom, Some(c)) => {
                let credit = Some(c.attribution.trim())
                    .filter(|a| !a.is_empty())
                    .map(|a| (a.to_owned(), String::new()));
                (crate::sources::tiles::custom_spec(c), credit)
            }
            (BasemapId::Custom, None) => return None,
            _ => {
                let a = attribution(id)?;
                let spec = TileSpec::Url {
                    template: server.url_template(id)?,
                    max_zoom: max_zoom(id),
                };
                (spec, Some((attribution_label(&a), a.url.to_owned())))
            }
        };
        let source = super::tile_layer::TileLayerSource {
            spec,
            cache_dir: server.cache_dir(),
            cache_limit_mb: server.cache_limit_mb,
            user_agent: USER_AGENT.to_owned(),
        };
        super::health::reset();
        Some(Self {
            layer: super::tile_layer::TileLayer::start(source, ctx),
            custom_credit: credit.is_some(),
            credit,
        })
    }

    /// Tiles still being read or downloaded.
    pub fn in_progress(&self) -> usize {
        self.layer.in_progress()
    }

    /// A new size limit for the disk cache of the running basemap.
    pub fn set_cache_limit_mb(&self, limit_mb: u64) {
        self.layer.set_cache_limit_mb(limit_mb);
    }

    /// True when no tile can be had: the source cannot be opened, or the network is down and
    /// no tile was kept; the map then draws its own light basemap.
    pub fn unavailable(&self) -> bool {
        self.layer.ready() == 0 && (self.open_error().is_some() || super::health::unavailable())
    }

    /// Tiles ready to be drawn (kept in memory).
    pub fn ready(&self) -> usize {
        self.layer.ready()
    }

    /// The credit to show and the page it links to (empty when none): the one given, else a
    /// file's own once it is opened.
    pub fn credit(&self) -> Option<(String, String)> {
        if self.custom_credit {
            return self.credit.clone();
        }
        match self.layer.opened() {
            Some(Ok(meta)) => meta.attribution.clone().map(|a| (a, String::new())),
            _ => self.credit.clone(),
        }
    }

    /// The locale key of why the source could not be opened, once known.
    pub fn open_error(&self) -> Option<&'static str> {
        match self.layer.opened() {
            Some(Err(e)) => Some(e.message_key()),
            _ => None,
        }
    }

    /// What the opened source says about itself (zooms, extent), once known.
    pub fn meta(&self) -> Option<&crate::sources::tiles::TileMeta> {
        self.layer.opened().and_then(|r| r.as_ref().ok())
    }
}

impl Tiles for BasemapTiles {
    fn at(&mut self, tile_id: TileId) -> Option<TilePiece> {
        self.layer.at(tile_id)
    }

    fn attribution(&self) -> Attribution {
        self.layer.attribution()
    }

    fn tile_size(&self) -> u32 {
        self.layer.tile_size()
    }

    fn stats(&self) -> walkers::Stats {
        self.layer.stats()
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
            ..TileServer::default()
        };
        assert_eq!(
            local.url_template(BasemapId::IgnPlan).as_deref(),
            Some("http://127.0.0.1:9/{z}/{x}/{y}.png")
        );
        assert_eq!(local.url_template(BasemapId::None), None);
    }
}
