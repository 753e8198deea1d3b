//! Where a brought basemap's tiles are: its file or server, and a WMTS layer's tile address once its capabilities are read.

use super::TileSpec;
use super::wmts::WmtsTiles;
use crate::project::basemap::{CustomBasemap, CustomBasemapKind};

/// Where the tiles of `basemap` are.
pub fn custom_spec(basemap: &CustomBasemap) -> TileSpec {
    let max_zoom = basemap.max_zoom.unwrap_or(19);
    match basemap.kind {
        CustomBasemapKind::File => TileSpec::File(basemap.location.clone().into()),
        CustomBasemapKind::Xyz => TileSpec::Url {
            template: basemap.location.clone(),
            max_zoom,
        },
        CustomBasemapKind::Wmts => TileSpec::Url {
            template: basemap.template.clone(),
            max_zoom,
        },
    }
}

/// The WMTS `basemap` with the tile address its capabilities gave.
pub fn with_wmts_tiles(basemap: &CustomBasemap, tiles: WmtsTiles) -> CustomBasemap {
    CustomBasemap {
        template: tiles.template,
        layer: tiles.layer,
        max_zoom: Some(tiles.max_zoom),
        ..basemap.clone()
    }
}
