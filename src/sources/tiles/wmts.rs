//! WMTS services: the capabilities document read (layers, styles, formats, tile matrix sets),
//! the Web Mercator set found (`PM`, `GoogleMapsCompatible`, or any EPSG:3857 set on the usual
//! grid), and a tile address template built from it for the basemap.

use std::time::Duration;

/// The scale denominator of zoom 0 of the Web Mercator grid (256-pixel tiles, 0.28 mm pixels).
const ZOOM0_SCALE: f64 = 559_082_264.028_717_8;

/// Why a WMTS service cannot give a basemap.
#[derive(Debug, thiserror::Error)]
pub enum WmtsError {
    /// The capabilities could not be fetched (no answer, error status).
    #[error("capabilities not fetched")]
    Unreachable,
    /// The answer is not a WMTS capabilities document.
    #[error("not WMTS capabilities")]
    NotCapabilities,
    /// The service offers no layer (or not the one asked).
    #[error("no such layer")]
    NoLayer,
    /// The layer offers no Web Mercator tile matrix set.
    #[error("no Web Mercator tile matrix set")]
    NoWebMercator,
}

impl WmtsError {
    /// The locale key of its message.
    pub fn message_key(&self) -> &'static str {
        match self {
            Self::Unreachable => "wmts-unreachable",
            Self::NotCapabilities => "wmts-not-capabilities",
            Self::NoLayer => "wmts-no-layer",
            Self::NoWebMercator => "wmts-no-web-mercator",
        }
    }
}

/// One layer of the service.
#[derive(Clone, Debug, PartialEq)]
pub struct WmtsLayer {
    /// Its identifier.
    pub id: String,
    /// Its title (the identifier when it has none).
    pub title: String,
    /// Its styles, the default first.
    pub styles: Vec<String>,
    formats: Vec<String>,
    sets: Vec<String>,
    resource_urls: Vec<(String, String)>,
}

/// A tile matrix set: identifier, and per matrix its identifier and Web Mercator zoom (if any).
#[derive(Clone, Debug, PartialEq)]
struct MatrixSet {
    id: String,
    web_mercator: bool,
    matrices: Vec<(String, Option<u8>)>,
}

/// What a capabilities document offers.
#[derive(Clone, Debug, PartialEq)]
pub struct Capabilities {
    /// The layers, in the document's order.
    pub layers: Vec<WmtsLayer>,
    sets: Vec<MatrixSet>,
    get_tile_kvp: Option<String>,
}

fn child<'a>(node: roxmltree::Node<'a, 'a>, name: &str) -> Option<roxmltree::Node<'a, 'a>> {
    node.children().find(|c| c.tag_name().name() == name)
}

fn text_of(node: roxmltree::Node<'_, '_>, name: &str) -> Option<String> {
    child(node, name)
        .and_then(|c| c.text())
        .map(|t| t.trim().to_owned())
}

/// Reads a capabilities document.
pub fn parse(xml: &str) -> Result<Capabilities, WmtsError> {
    let doc = roxmltree::Document::parse(xml).map_err(|_| WmtsError::NotCapabilities)?;
    let root = doc.root_element();
    if root.tag_name().name() != "Capabilities" {
        return Err(WmtsError::NotCapabilities);
    }
    let contents = child(root, "Contents").ok_or(WmtsError::NotCapabilities)?;
    let layers = contents
        .children()
        .filter(|c| c.tag_name().name() == "Layer")
        .filter_map(read_layer)
        .collect();
    let sets = contents
        .children()
        .filter(|c| c.tag_name().name() == "TileMatrixSet")
        .filter_map(read_set)
        .collect();
    let get_tile_kvp = root
        .descendants()
        .find(|n| n.tag_name().name() == "Operation" && n.attribute("name") == Some("GetTile"))
        .and_then(|op| {
            op.descendants().find(|n| {
                n.tag_name().name() == "Get"
                    && n.descendants()
                        .any(|v| v.text().is_some_and(|t| t.trim() == "KVP"))
            })
        })
        .and_then(|get| {
            get.attributes()
                .find(|a| a.name() == "href")
                .map(|a| a.value().to_owned())
        });
    Ok(Capabilities {
        layers,
        sets,
        get_tile_kvp,
    })
}

fn read_layer(node: roxmltree::Node<'_, '_>) -> Option<WmtsLayer> {
    let id = text_of(node, "Identifier")?;
    let mut styles: Vec<(bool, String)> = node
        .children()
        .filter(|c| c.tag_name().name() == "Style")
        .filter_map(|s| {
            Some((
                s.attribute("isDefault") != Some("true"),
                text_of(s, "Identifier")?,
            ))
        })
        .collect();
    styles.sort_by_key(|(not_default, _)| *not_default);
    let all = |name: &str| -> Vec<String> {
        node.children()
            .filter(|c| c.tag_name().name() == name)
            .filter_map(|c| c.text().map(|t| t.trim().to_owned()))
            .collect()
    };
    Some(WmtsLayer {
        title: text_of(node, "Title").unwrap_or_else(|| id.clone()),
        id,
        styles: styles.into_iter().map(|(_, s)| s).collect(),
        formats: all("Format"),
        sets: node
            .children()
            .filter(|c| c.tag_name().name() == "TileMatrixSetLink")
            .filter_map(|l| text_of(l, "TileMatrixSet"))
            .collect(),
        resource_urls: node
            .children()
            .filter(|c| c.tag_name().name() == "ResourceURL")
            .filter(|c| c.attribute("resourceType") == Some("tile"))
            .filter_map(|c| {
                Some((
                    c.attribute("format")?.to_owned(),
                    c.attribute("template")?.to_owned(),
                ))
            })
            .collect(),
    })
}

fn read_set(node: roxmltree::Node<'_, '_>) -> Option<MatrixSet> {
    let id = text_of(node, "Identifier")?;
    let crs = text_of(node, "SupportedCRS").unwrap_or_default();
    let mercator_crs = ["3857", "900913", "102100", "3785"]
        .iter()
        .any(|code| crs.ends_with(code));
    let named = id == "PM" || id.eq_ignore_ascii_case("GoogleMapsCompatible");
    let matrices: Vec<(String, Option<u8>)> = node
        .children()
        .filter(|c| c.tag_name().name() == "TileMatrix")
        .filter_map(|m| {
            let mid = text_of(m, "Identifier")?;
            let scale: f64 = text_of(m, "ScaleDenominator")?.parse().ok()?;
            let zoom = (ZOOM0_SCALE / scale).log2();
            let on_grid = (zoom - zoom.round()).abs() < 0.01 && (0.0..=24.0).contains(&zoom);
            Some((mid, on_grid.then_some(zoom.round() as u8)))
        })
        .collect();
    let on_grid = !matrices.is_empty() && matrices.iter().all(|(_, z)| z.is_some());
    Some(MatrixSet {
        id,
        web_mercator: (named || mercator_crs) && on_grid,
        matrices,
    })
}

/// The `TILEMATRIX` part of a template for `set`: a common prefix followed by the zoom (two
/// digits with `{0z}` when the identifiers are zero-padded); `None` when they follow no pattern.
fn matrix_pattern(set: &MatrixSet) -> Option<String> {
    let (first_id, first_zoom) = set.matrices.first().and_then(|(i, z)| Some((i, (*z)?)))?;
    for padded in [false, true] {
        let number = if padded {
            format!("{first_zoom:02}")
        } else {
            first_zoom.to_string()
        };
        let Some(prefix) = first_id.strip_suffix(&number) else {
            continue;
        };
        let fits = set.matrices.iter().all(|(id, z)| {
            z.is_some_and(|z| {
                let n = if padded {
                    format!("{z:02}")
                } else {
                    z.to_string()
                };
                *id == format!("{prefix}{n}")
            })
        });
        if fits {
            return Some(format!("{prefix}{}", if padded { "{0z}" } else { "{z}" }));
        }
    }
    None
}

impl Capabilities {
    /// The tile address of `layer` in `style` (their first when empty) on the Web Mercator set,
    /// and the deepest zoom; `base` is the capabilities address (for services without a KVP
    /// address of their own).
    pub fn template(
        &self,
        layer: &str,
        style: &str,
        base: &str,
    ) -> Result<(String, u8), WmtsError> {
        let layer = if layer.is_empty() {
            self.layers.first()
        } else {
            self.layers.iter().find(|l| l.id == layer)
        }
        .ok_or(WmtsError::NoLayer)?;
        let (set, pattern) = layer
            .sets
            .iter()
            .filter_map(|id| self.sets.iter().find(|s| &s.id == id && s.web_mercator))
            .find_map(|s| Some((s, matrix_pattern(s)?)))
            .ok_or(WmtsError::NoWebMercator)?;
        let max_zoom = set
            .matrices
            .iter()
            .filter_map(|(_, z)| *z)
            .max()
            .unwrap_or(19);
        let style = if style.is_empty() {
            layer.styles.first().map_or("default", String::as_str)
        } else {
            style
        };
        let format = ["image/png", "image/jpeg"]
            .into_iter()
            .find(|f| layer.formats.iter().any(|g| g == f))
            .or(layer.formats.first().map(String::as_str))
            .unwrap_or("image/png");
        if self.get_tile_kvp.is_none()
            && let Some((_, rest)) = layer
                .resource_urls
                .iter()
                .find(|(f, _)| f == format)
                .or(layer.resource_urls.first())
        {
            let t = rest
                .replace("{TileMatrixSet}", &set.id)
                .replace("{Style}", style)
                .replace("{TileMatrix}", &pattern)
                .replace("{TileRow}", "{y}")
                .replace("{TileCol}", "{x}");
            return Ok((t, max_zoom));
        }
        let base = self
            .get_tile_kvp
            .clone()
            .unwrap_or_else(|| base.split('?').next().unwrap_or(base).to_owned());
        let sep = if base.contains('?') {
            if base.ends_with('?') || base.ends_with('&') {
                ""
            } else {
                "&"
            }
        } else {
            "?"
        };
        let enc = |s: &str| url::form_urlencoded::byte_serialize(s.as_bytes()).collect::<String>();
        let template = format!(
            "{base}{sep}SERVICE=WMTS&REQUEST=GetTile&VERSION=1.0.0&LAYER={}&STYLE={}&FORMAT={}&TILEMATRIXSET={}&TILEMATRIX={pattern}&TILEROW={{y}}&TILECOL={{x}}",
            enc(&layer.id),
            enc(style),
            enc(format),
            enc(&set.id)
        );
        Ok((template, max_zoom))
    }
}

/// Fetches the capabilities at `url`. Blocks.
pub fn fetch(url: &str, user_agent: &str) -> Result<Capabilities, WmtsError> {
    let client = reqwest::blocking::Client::builder()
        .user_agent(user_agent)
        .connect_timeout(Duration::from_secs(5))
        .timeout(Duration::from_secs(30))
        .build()
        .map_err(|_| WmtsError::Unreachable)?;
    let text = client
        .get(url)
        .send()
        .and_then(reqwest::blocking::Response::error_for_status)
        .and_then(reqwest::blocking::Response::text)
        .map_err(|e| {
            log::warn!("WMTS capabilities {url}: {e}");
            WmtsError::Unreachable
        })?;
    parse(&text)
}

/// The tiles of a WMTS layer, as its capabilities describe them.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct WmtsTiles {
    /// The tile address (`{z}`, `{x}`, `{y}` in it).
    pub template: String,
    /// The layer's identifier (the first layer when none was asked for).
    pub layer: String,
    /// The deepest zoom of the Web Mercator tile matrix set.
    pub max_zoom: u8,
}

/// The tiles of `layer` in `style` (either may be empty: the first, the default) of the WMTS
/// service whose capabilities are at `location`. Blocks.
pub fn resolve(
    location: &str,
    layer: &str,
    style: &str,
    user_agent: &str,
) -> Result<WmtsTiles, WmtsError> {
    let caps = fetch(location, user_agent)?;
    let (template, max_zoom) = caps.template(layer, style, location)?;
    let layer = if layer.is_empty() {
        caps.layers
            .first()
            .map(|l| l.id.clone())
            .unwrap_or_default()
    } else {
        layer.to_owned()
    };
    Ok(WmtsTiles {
        template,
        layer,
        max_zoom,
    })
}

#[cfg(test)]
mod tests;
