//! The drawn basemap, when no tile can be had (no network, an unreadable tile file): the
//! communes shipped with the app (`assets/reference/communes.geojson`, made by the project's
//! generator) filled lightly, outlined and named, so that the map is never an empty background.

use std::sync::OnceLock;

use egui::{Align2, Color32, FontId, Mesh, Pos2, Shape, Stroke};
use walkers::{MapMemory, Plugin, Projector, lon_lat};

/// The reference communes, embedded in the program.
const COMMUNES: &str = include_str!("../../assets/reference/communes.geojson");

/// One commune: its name, outline (lon/lat) and triangles (indices into the outline).
struct Commune {
    name: String,
    ring: Vec<[f64; 2]>,
    triangles: Vec<u32>,
}

/// The communes, read once (a few kilobytes, embedded: no file is read).
fn communes() -> &'static [Commune] {
    static READ: OnceLock<Vec<Commune>> = OnceLock::new();
    READ.get_or_init(|| read(COMMUNES))
}

fn read(text: &str) -> Vec<Commune> {
    let Ok(value) = serde_json::from_str::<serde_json::Value>(text) else {
        return Vec::new();
    };
    let features = value
        .get("features")
        .and_then(|f| f.as_array())
        .cloned()
        .unwrap_or_default();
    let mut earcut = earcut::Earcut::new();
    features
        .iter()
        .filter_map(|f| {
            let name = f.pointer("/properties/nom")?.as_str()?.to_owned();
            let ring: Vec<[f64; 2]> = f
                .pointer("/geometry/coordinates/0")?
                .as_array()?
                .iter()
                .filter_map(|p| Some([p.get(0)?.as_f64()?, p.get(1)?.as_f64()?]))
                .collect();
            let mut triangles = Vec::new();
            earcut.earcut(ring.iter().copied(), &[], &mut triangles);
            Some(Commune {
                name,
                ring,
                triangles,
            })
        })
        .collect()
}

/// The walkers plugin that draws the communes under the layers.
pub struct FallbackPlugin {
    /// How much larger than usual the names are painted.
    pub text_scale: f32,
}

impl Plugin for FallbackPlugin {
    fn run(
        self: Box<Self>,
        ui: &mut egui::Ui,
        response: &egui::Response,
        projector: &Projector,
        _: &MapMemory,
    ) {
        let painter = ui.painter_at(response.rect);
        let fill = Color32::from_rgb(0xf3, 0xf0, 0xe4);
        let outline = Stroke::new(1.2, Color32::from_rgb(0xb4, 0xa8, 0x94));
        let to_screen = |p: [f64; 2]| projector.project(lon_lat(p[0], p[1])).to_pos2();
        for commune in communes() {
            let points: Vec<Pos2> = commune.ring.iter().map(|p| to_screen(*p)).collect();
            let mut mesh = Mesh::default();
            for p in &points {
                mesh.colored_vertex(*p, fill);
            }
            mesh.indices.extend_from_slice(&commune.triangles);
            painter.add(Shape::mesh(mesh));
            painter.add(Shape::closed_line(points, outline));
        }
        for commune in communes() {
            let n = commune.ring.len().max(1) as f64;
            let centre = [
                commune.ring.iter().map(|p| p[0]).sum::<f64>() / n,
                commune.ring.iter().map(|p| p[1]).sum::<f64>() / n,
            ];
            painter.text(
                to_screen(centre),
                Align2::CENTER_CENTER,
                &commune.name,
                FontId::proportional(13.0 * self.text_scale),
                Color32::from_rgb(0x7a, 0x6e, 0x5c),
            );
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_shipped_communes_are_read_and_triangulated() {
        let all = communes();
        assert_eq!(all.len(), 29, "the communes of the metropolis");
        assert!(all.iter().any(|c| c.name == "Angers"));
        assert!(all.iter().any(|c| c.name == "Loire-Authion"));
        for c in all {
            assert!(c.ring.len() >= 4, "{}", c.name);
            assert!(
                !c.triangles.is_empty() && c.triangles.len() % 3 == 0,
                "{}",
                c.name
            );
        }
    }
}
