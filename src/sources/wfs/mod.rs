//! The WFS client (2.0 and 1.1): capabilities, counts by `RESULTTYPE=hits`, and a feature type
//! loaded as a layer by sorted `GetFeature` pages (GeoJSON when offered, else GML), with the
//! filter pushed down as FES 2.0 / Filter 1.1 (the rest evaluated locally).

pub mod address;
pub mod capabilities;
mod features;

pub use address::{WfsRef, WfsVersion, parse_endpoint, parse_wfs};
pub use capabilities::{Capabilities, FeatureType, pick_format};

use url::Url;

use crate::filter::Expr;
use crate::filter::fes::{FilterVersion, to_fes};
use crate::filter::pushdown::split;
use crate::jobs::Progress;
use crate::sources::service::{ServiceError, ServiceHttp, ServiceLoad, ServicePolicy};
use crate::sources::{LoadOptions, RawSource};
use features::{Paging, Query};

/// What to load from a feature type.
#[derive(Clone, Debug, PartialEq)]
pub struct FeaturesRequest {
    /// The feature type (with or without its namespace prefix).
    pub type_name: String,
    /// A filter: the part the service takes is sent, the rest is returned in [`ServiceLoad::local`].
    pub filter: Option<Expr>,
    /// Features asked per page.
    pub page_size: u32,
    /// Pages read at most before the load stops as endless.
    pub max_pages: u64,
    /// Ask for GML even when GeoJSON is offered (a server whose GeoJSON is wrong).
    pub gml: bool,
    /// Stop once this many features are read ([`ServiceLoad::partial`] tells whether the type
    /// held more); `None` reads them all.
    pub max_features: Option<u64>,
}

impl FeaturesRequest {
    /// The whole feature type `name`, 1,000 features a page.
    pub fn new(name: &str) -> Self {
        Self {
            type_name: name.to_string(),
            filter: None,
            page_size: 1000,
            max_pages: 100_000,
            gml: false,
            max_features: None,
        }
    }
}

/// A client for one WFS endpoint.
#[derive(Clone, Debug)]
pub struct WfsClient {
    endpoint: Url,
    version: Option<WfsVersion>,
    http: ServiceHttp,
}

impl WfsClient {
    /// A client for `service` (its endpoint; the version it names is asked first).
    pub fn new(service: &WfsRef, policy: ServicePolicy) -> Result<Self, ServiceError> {
        Ok(Self {
            endpoint: service.endpoint.clone(),
            version: service.version,
            http: ServiceHttp::new(policy)?,
        })
    }

    /// The endpoint.
    pub fn endpoint(&self) -> &Url {
        &self.endpoint
    }

    /// The capabilities, in the version asked (2.0 then 1.1 when none was).
    pub fn capabilities(&self, progress: &Progress) -> Result<Capabilities, ServiceError> {
        let mut url = self.endpoint.clone();
        {
            let mut q = url.query_pairs_mut();
            q.append_pair("SERVICE", "WFS");
            q.append_pair("REQUEST", "GetCapabilities");
            match self.version {
                Some(v) => q.append_pair("VERSION", v.as_str()),
                None => q.append_pair("ACCEPTVERSIONS", "2.0.0,1.1.0"),
            };
        }
        let fetched = features::checked(
            self.http.get(&url, "text/xml", progress)?,
            "GetCapabilities",
        )?;
        capabilities::parse_capabilities(&String::from_utf8_lossy(&fetched.body))
    }

    /// The feature type `name` of `caps`; an unknown name lists those offered.
    pub fn feature_type<'c>(
        caps: &'c Capabilities,
        name: &str,
    ) -> Result<&'c FeatureType, ServiceError> {
        caps.types
            .iter()
            .find(|t| t.is_named(name))
            .ok_or_else(|| ServiceError::Missing {
                name: name.to_string(),
                available: caps.types.iter().map(|t| t.name.clone()).collect(),
            })
    }

    /// The number of features of `name` (that `filter` keeps, when it can be pushed whole).
    pub fn count(&self, name: &str, progress: &Progress) -> Result<Option<u64>, ServiceError> {
        let caps = self.capabilities(progress)?;
        let ft = Self::feature_type(&caps, name)?;
        let query = Query {
            endpoint: &self.endpoint,
            version: caps.version,
            type_name: &ft.name,
            filter: None,
            srs_name: None,
        };
        features::hits(&self.http, &query, progress)
    }

    /// Loads `request` as a layer in WGS 84 (progress: features read, of those announced).
    pub fn load(
        &self,
        request: &FeaturesRequest,
        progress: &Progress,
    ) -> Result<ServiceLoad, ServiceError> {
        let caps = self.capabilities(progress)?;
        let ft = Self::feature_type(&caps, &request.type_name)?;
        let offered: Vec<String> = ft
            .formats
            .iter()
            .filter(|f| !request.gml || !f.to_ascii_lowercase().contains("json"))
            .cloned()
            .collect();
        let format = pick_format(&offered).ok_or(ServiceError::NoFormat)?;
        let parts = request.filter.as_ref().map(split).unwrap_or_default();
        let dialect = match caps.version {
            WfsVersion::V2_0 => FilterVersion::Fes20,
            WfsVersion::V1_1 => FilterVersion::Filter11,
        };
        let fes = parts.pushed.as_ref().and_then(|p| to_fes(p, dialect));
        let wgs84 = ft.offers_wgs84();
        let query = Query {
            endpoint: &self.endpoint,
            version: caps.version,
            type_name: &ft.name,
            filter: fes.as_deref(),
            srs_name: wgs84.then_some("urn:ogc:def:crs:EPSG::4326"),
        };
        let announced = features::hits(&self.http, &query, progress)?;
        if let Some(total) = announced {
            progress.set_total(total);
        }
        let sort_by = self.sort_key(caps.version, &ft.name, progress);
        // A read of at most `most` features stops as if the server had announced that many.
        let stop_at = match request.max_features {
            Some(most) => Some(announced.map_or(most, |n| n.min(most))),
            None => announced,
        };
        let paging = Paging {
            page_size: request.page_size,
            max_pages: request.max_pages,
            sort_by: sort_by.as_deref(),
            format,
            announced: stop_at,
        };
        let (raw, pages) = features::read_pages(&self.http, &query, &paging, progress)?;
        let read = raw.builder.rows() as u64;
        let partial = request
            .max_features
            .is_some_and(|most| announced.map_or(read >= most, |n| n > read));
        let crs = match (format.1, wgs84) {
            // GeoJSON is longitude first, whatever the axis order of the CRS asked.
            (true, true) => Some("OGC:CRS84".to_string()),
            (true, false) => raw
                .crs
                .or_else(|| Some(crate::sources::crs::normalize(&ft.default_crs))),
            (false, _) => raw
                .crs
                .or_else(|| Some(crate::sources::crs::normalize(&ft.default_crs))),
        };
        let mut builder = raw.builder;
        if wgs84 && let Some(extent) = ft.extent {
            settle_axes(builder.geometry.coords_mut(), extent);
        }
        let raw = RawSource { builder, crs };
        let dataset = crate::sources::open::finish(raw, &LoadOptions::default(), progress)?;
        Ok(ServiceLoad {
            dataset,
            pushed: if fes.is_some() { parts.pushed } else { None },
            local: if fes.is_some() {
                parts.local
            } else {
                request.filter.clone()
            },
            pages,
            announced,
            partial,
        })
    }

    /// A property to sort pages on, from `DescribeFeatureType`: an identifier when there is
    /// one, else the first simple property; `None` when the description cannot be had.
    fn sort_key(&self, version: WfsVersion, name: &str, progress: &Progress) -> Option<String> {
        let mut url = self.endpoint.clone();
        url.query_pairs_mut()
            .append_pair("SERVICE", "WFS")
            .append_pair("VERSION", version.as_str())
            .append_pair("REQUEST", "DescribeFeatureType")
            .append_pair(
                if version == WfsVersion::V2_0 {
                    "TYPENAMES"
                } else {
                    "TYPENAME"
                },
                name,
            );
        let fetched = self.http.get(&url, "text/xml", progress).ok()?;
        let text = String::from_utf8_lossy(&fetched.body);
        let document = roxmltree::Document::parse(&text).ok()?;
        let simple: Vec<&str> = document
            .descendants()
            .filter(|n| n.tag_name().name() == "element")
            .filter(|n| n.attribute("type").is_some_and(|t| !t.starts_with("gml:")))
            .filter_map(|n| n.attribute("name"))
            .collect();
        let ids = ["fid", "id", "gid", "objectid", "ogc_fid", "code"];
        simple
            .iter()
            .find(|n| ids.contains(&n.to_ascii_lowercase().as_str()))
            .or(simple.first())
            .map(|n| n.to_string())
    }
}

/// Puts longitude first when the positions sent fit the type's WGS 84 extent only once swapped:
/// servers disagree on the axis order of EPSG:4326 (WFS 1.1 and 2.0, short and URN names),
/// and the name they put on the answer is not always the order they used.
fn settle_axes(coords: &mut [[f64; 2]], extent: [f64; 4]) {
    let margin = ((extent[2] - extent[0]).max(extent[3] - extent[1]) * 0.05).max(1e-6);
    let inside = |x: f64, y: f64| {
        x >= extent[0] - margin
            && x <= extent[2] + margin
            && y >= extent[1] - margin
            && y <= extent[3] + margin
    };
    let step = (coords.len() / 1000).max(1);
    let (mut straight, mut swapped) = (0usize, 0usize);
    for c in coords.iter().step_by(step) {
        straight += usize::from(inside(c[0], c[1]));
        swapped += usize::from(inside(c[1], c[0]));
    }
    if swapped > straight * 2 {
        log::info!("WFS: positions came latitude first; swapped");
        for c in coords.iter_mut() {
            c.swap(0, 1);
        }
    }
}

#[cfg(test)]
mod tests {
    #[test]
    fn positions_sent_latitude_first_are_swapped_by_the_extent() {
        let extent = [-0.7, 47.3, -0.4, 47.6];
        let mut coords = vec![[47.47, -0.56], [47.5, -0.5]];
        super::settle_axes(&mut coords, extent);
        assert_eq!(coords[0], [-0.56, 47.47]);
        let mut right = vec![[-0.56, 47.47]];
        super::settle_axes(&mut right, extent);
        assert_eq!(right[0], [-0.56, 47.47]);
    }
}
