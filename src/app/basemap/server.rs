//! A tile server as the basemap: an XYZ address used as typed, a WMTS service's capabilities
//! read in a job (layers, styles, the Web Mercator set) and turned into a tile address.

use crate::app::{JobOutput, TerritoireApp};
use crate::settings::{CustomBasemap, CustomBasemapKind};
use crate::sources::tiles::wmts;

use super::{BasemapAction, BasemapJob};

/// True for an XYZ address (with `{z}`, `{x}` and `{y}`).
pub(super) fn is_xyz(url: &str) -> bool {
    ["{z}", "{x}", "{y}"].iter().all(|p| url.contains(p)) || url.contains("{-y}")
}

/// True for an address the window may use (`http` or `https`).
pub(super) fn is_web(url: &str) -> bool {
    let u = url.trim().to_ascii_lowercase();
    u.starts_with("http://") || u.starts_with("https://")
}

impl TerritoireApp {
    /// Reads the capabilities of the WMTS at `url` in the background.
    pub(super) fn read_capabilities(&mut self, url: String) {
        let form = &mut self.basemap.server;
        form.url = url.trim().to_owned();
        form.capabilities = None;
        form.reading = true;
        let url = form.url.clone();
        self.jobs.spawn(move |_| {
            let read = wmts::fetch(&url, crate::map::basemap::USER_AGENT);
            JobOutput::Basemap(BasemapJob::Capabilities(url, read))
        });
    }

    /// The capabilities arrived (for the address still typed, else dropped).
    pub(super) fn capabilities_read(
        &mut self,
        url: String,
        read: Result<wmts::Capabilities, wmts::WmtsError>,
    ) {
        let form = &mut self.basemap.server;
        if form.url != url {
            return;
        }
        form.reading = false;
        if let Ok(caps) = &read
            && let Some(first) = caps.layers.first()
        {
            form.layer = first.id.clone();
            form.style = first.styles.first().cloned().unwrap_or_default();
        }
        form.capabilities = Some(read.map_err(|e| {
            log::warn!("WMTS {url}: {e}");
            e.message_key()
        }));
    }

    /// Uses the server of the window: the XYZ address, or the WMTS layer chosen.
    pub(super) fn use_server(
        &mut self,
        url: String,
        attribution: String,
        layer: String,
        style: String,
    ) {
        let url = url.trim().to_owned();
        let attribution = attribution.trim().to_owned();
        if is_xyz(&url) {
            self.basemap.server.open = false;
            let custom = CustomBasemap {
                kind: CustomBasemapKind::Xyz,
                location: url,
                attribution,
                ..CustomBasemap::default()
            };
            return self.apply_basemap(BasemapAction::UseCustom(custom));
        }
        let Some(Ok(caps)) = &self.basemap.server.capabilities else {
            return;
        };
        match caps.template(&layer, &style, &url) {
            Ok((template, max_zoom)) => {
                self.basemap.server.open = false;
                let custom = CustomBasemap {
                    kind: CustomBasemapKind::Wmts,
                    location: url,
                    template,
                    layer,
                    style,
                    attribution,
                    max_zoom: Some(max_zoom),
                };
                self.apply_basemap(BasemapAction::UseCustom(custom));
            }
            Err(e) => self.basemap.server.capabilities = Some(Err(e.message_key())),
        }
    }

    /// A WMTS basemap named without its tile address (`--basemap` with a capabilities address):
    /// its capabilities are read in the background, then it is shown.
    pub(crate) fn resolve_wmts(&mut self, custom: CustomBasemap) {
        let job = self.jobs.spawn(move |_| {
            let resolved = wmts::resolve(
                &custom.location,
                &custom.layer,
                &custom.style,
                crate::map::basemap::USER_AGENT,
            )
            .map(|tiles| crate::sources::tiles::with_wmts_tiles(&custom, tiles));
            JobOutput::Basemap(BasemapJob::Resolved(resolved))
        });
        self.basemap.resolving = Some(job);
    }

    /// The WMTS basemap's tile address arrived (or why not).
    pub(super) fn wmts_resolved(&mut self, resolved: Result<CustomBasemap, wmts::WmtsError>) {
        self.basemap.resolving = None;
        match resolved {
            Ok(custom) => self.apply_basemap(BasemapAction::UseCustom(custom)),
            Err(e) => {
                log::warn!("WMTS basemap: {e}");
                self.basemap.notice = Some(e.message_key());
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn xyz_addresses_are_told_from_capabilities() {
        assert!(is_xyz("https://tiles.example/{z}/{x}/{y}.png"));
        assert!(is_xyz("https://tiles.example/{z}/{x}/{-y}.png"));
        assert!(!is_xyz(
            "https://wmts.example/wmts?SERVICE=WMTS&REQUEST=GetCapabilities"
        ));
        assert!(is_web("HTTPS://a") && !is_web("/tmp/kit.mbtiles"));
    }
}
