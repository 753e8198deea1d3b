//! Exporting the map as a PNG for a note: the sheet (title, legend, sources), the capture, the crop, the write.

mod action;

pub use action::PrintAction;

mod ui;

use std::path::PathBuf;
use std::sync::Arc;
use std::sync::mpsc::{Receiver, channel};

use egui::Color32;

use crate::app::compare::Side;
use crate::app::{JobOutput, Layer, LayerSource, TerritoireApp};
use crate::i18n::{tr, tr_args};
use crate::map::print::{LegendItem, PrintSheet, Swatch};

/// Frames drawn with the sheet on the map before the picture is taken (layout settles).
const LAYOUT_FRAMES: u32 = 3;

/// Why a map export failed; the words are made when shown.
#[derive(Clone, Debug, thiserror::Error)]
pub enum PrintError {
    /// The map could not be captured from the screen.
    #[error("{}", tr("print-no-capture"))]
    NoCapture,
    /// The image could not be written.
    #[error("{0}")]
    Write(std::sync::Arc<crate::sources::png::PngError>),
}

/// The export window and the export in progress.
#[derive(Default)]
pub struct PrintPanel {
    /// The window is shown.
    pub open: bool,
    /// The title typed.
    pub title: String,
    /// The last export's file, or why it failed.
    pub notice: Option<Result<PathBuf, PrintError>>,
    stage: Stage,
}

#[derive(Default)]
enum Stage {
    #[default]
    Idle,
    /// Waiting for the save dialog.
    Asking,
    /// The sheet is on the map; the picture is taken after a few frames.
    Laying { path: PathBuf, frames: u32 },
    /// The picture was asked for.
    Capturing {
        path: PathBuf,
        rx: Receiver<Arc<egui::ColorImage>>,
    },
    /// The PNG is being written.
    Writing,
}

impl PrintPanel {
    /// True while an export is under way.
    pub fn is_busy(&self) -> bool {
        !matches!(self.stage, Stage::Idle)
    }
}

impl TerritoireApp {
    /// Starts an export to `path`, or asks where first (in the background).
    pub(crate) fn export_map(&mut self, path: Option<PathBuf>) {
        if self.print.is_busy() {
            return;
        }
        self.print.notice = None;
        match path {
            Some(path) => self.lay_out_print(path),
            None => {
                self.print.stage = Stage::Asking;
                let name = format!("{}.png", file_stem(&self.print.title));
                self.jobs.spawn(move |_| {
                    JobOutput::MapExportTarget(crate::sources::dialog::save_file(&name, "png"))
                });
            }
        }
    }

    /// The save dialog closed.
    pub(crate) fn map_export_target(&mut self, path: Option<PathBuf>) {
        match path {
            Some(path) => self.lay_out_print(path),
            None => self.print.stage = Stage::Idle,
        }
    }

    fn lay_out_print(&mut self, path: PathBuf) {
        self.map.print = Some(self.print_sheet());
        self.print.stage = Stage::Laying { path, frames: 0 };
        self.ctx.request_repaint();
    }

    /// Advances the export: lay out, capture, crop to the map, write in the background.
    pub(crate) fn print_step(&mut self, ctx: &egui::Context) {
        match std::mem::take(&mut self.print.stage) {
            Stage::Laying { path, frames } if frames < LAYOUT_FRAMES => {
                self.map.print = Some(self.print_sheet());
                self.print.stage = Stage::Laying {
                    path,
                    frames: frames + 1,
                };
                ctx.request_repaint();
            }
            Stage::Laying { path, .. } => {
                let (tx, rx) = channel();
                let repaint = ctx.clone();
                ctx.request_screenshot(move |image| {
                    let _ = tx.send(image);
                    repaint.request_repaint();
                });
                self.print.stage = Stage::Capturing { path, rx };
            }
            Stage::Capturing { path, rx } => match rx.try_recv() {
                Ok(image) => {
                    let region = self.map.map_rect();
                    let cropped = image.region(&region, Some(ctx.pixels_per_point()));
                    self.map.print = None;
                    self.print.stage = Stage::Writing;
                    self.jobs.spawn(move |_| {
                        JobOutput::MapExported(write_image(&path, &cropped).map(|()| path))
                    });
                }
                Err(std::sync::mpsc::TryRecvError::Empty) => {
                    self.print.stage = Stage::Capturing { path, rx };
                    ctx.request_repaint_after(std::time::Duration::from_millis(30));
                }
                Err(std::sync::mpsc::TryRecvError::Disconnected) => {
                    self.map.print = None;
                    self.print.notice = Some(Err(PrintError::NoCapture));
                }
            },
            other => self.print.stage = other,
        }
    }

    /// The PNG was written (or not).
    pub(crate) fn map_exported(&mut self, result: Result<PathBuf, PrintError>) {
        self.print.stage = Stage::Idle;
        if let Ok(path) = &result {
            log::info!("map exported to {}", path.display());
        }
        if self.screenshot.printing {
            match &result {
                Ok(path) => eprintln!(
                    "{}",
                    tr_args("screenshot-saved", &[("path", &path.display().to_string())])
                ),
                Err(e) => eprintln!("territoire: {e}"),
            }
            self.ctx.send_viewport_cmd(egui::ViewportCommand::Close);
        }
        self.print.notice = Some(result);
    }

    /// Title, legend and sources of what the map shows now.
    pub fn print_sheet(&self) -> PrintSheet {
        let day = std::time::SystemTime::now()
            .duration_since(std::time::UNIX_EPOCH)
            .map_or(0, |d| d.as_secs() as i64);
        let mut legend = Vec::new();
        let visible: Vec<&Layer> = self
            .layers
            .iter()
            .rev()
            .filter(|l| l.visible && l.dataset.is_some())
            .collect();
        if self.compare.active {
            for (side, key) in [(false, "print-side-a"), (true, "print-side-b")] {
                legend.push(LegendItem {
                    swatch: Swatch::Heading,
                    label: tr(key),
                });
                for layer in &visible {
                    let s = self.compare.side(layer.id);
                    if s == Side::Both || (s == Side::B) == side {
                        self.legend_items(layer, &mut legend);
                    }
                }
            }
        } else {
            for layer in &visible {
                self.legend_items(layer, &mut legend);
            }
        }
        let mut sources: Vec<String> = visible.iter().map(|l| source_line(l)).collect();
        if let Some(text) = crate::map::basemap::attribution_text(self.map.basemap()) {
            sources.push(tr_args("print-basemap", &[("attribution", &text)]));
        }
        PrintSheet {
            title: if self.print.title.trim().is_empty() {
                tr("print-default-title")
            } else {
                self.print.title.trim().to_owned()
            },
            subtitle: tr_args(
                "print-subtitle",
                &[("date", &crate::sources::portal::cache::format_day(day))],
            ),
            legend,
            sources,
        }
    }

    /// A layer's lines in the legend: its classes when it is the zone layer coloured by the
    /// statistics, else one swatch of its dominant geometry.
    fn legend_items(&self, layer: &Layer, legend: &mut Vec<LegendItem>) {
        let Some(ds) = layer.dataset.as_ref() else {
            return;
        };
        let color = layer.style.color;
        let zones = &self.zone_stats;
        if zones.fills_for(layer.id).is_some() && !zones.legend.is_empty() {
            self.zone_legend_items(layer, legend);
            return;
        }
        let counts = ds.geometry.kind_counts();
        let dominant = counts.iter().max_by_key(|(_, n)| **n).map(|(k, _)| *k);
        let swatch = match dominant {
            Some(k) if k.contains("Polygon") => Swatch::Fill(color.gamma_multiply(0.35), color),
            Some(k) if k.contains("Line") => Swatch::Line(color),
            _ => Swatch::Point(color),
        };
        legend.push(LegendItem {
            swatch,
            label: legend_label(layer, ds.len()),
        });
    }

    /// A heading naming the layer and the measure, then one line per class with its bounds
    /// (statistical secrecy applied) and its number of zones.
    fn zone_legend_items(&self, layer: &Layer, legend: &mut Vec<LegendItem>) {
        use crate::analysis::secrecy::shown_bound;
        use crate::app::zones::figures_ui::{format_shown, measure_label};
        let zones = &self.zone_stats;
        let secrecy = self.zone_secrecy();
        let measure = measure_label(zones.measure, zones.field.as_deref(), &zones.near_metres);
        legend.push(LegendItem {
            swatch: Swatch::Heading,
            label: format!("{} — {measure}", layer.name),
        });
        let colors = zones.palette.colors(zones.legend.len());
        let bound = |v| {
            format_shown(
                zones.measure,
                shown_bound(zones.measure, v, secrecy),
                secrecy,
            )
        };
        for (class, c) in zones.legend.iter().zip(colors) {
            legend.push(LegendItem {
                swatch: Swatch::Fill(Color32::from_rgb(c[0], c[1], c[2]), layer.style.color),
                label: crate::i18n::tr_count(
                    "zones-legend-class",
                    class.count as u64,
                    &[("low", &bound(class.low)), ("high", &bound(class.high))],
                ),
            });
        }
    }
}

/// The layer's name, or with its filter: name of the filter, features kept of `total`.
fn legend_label(layer: &Layer, total: usize) -> String {
    let Some(f) = &layer.filter else {
        return layer.name.clone();
    };
    let name = if f.name.is_empty() {
        tr("print-filtered")
    } else {
        f.name.clone()
    };
    tr_args(
        "print-layer-filtered",
        &[
            ("layer", &layer.name),
            ("filter", &name),
            ("count", &crate::app::format_count(f.count)),
            ("total", &crate::app::format_count(total)),
        ],
    )
}

/// "Quartiers : data.angers.fr · jeu — Licence Ouverte (copie du 12/03/2026)" or the file's name.
fn source_line(layer: &Layer) -> String {
    match (&layer.source, &layer.provenance) {
        (_, Some(p)) => tr_args(
            "print-source-portal",
            &[
                ("layer", &layer.name),
                ("portal", &p.portal),
                ("dataset", &p.dataset),
                ("licence", &p.licence),
                (
                    "date",
                    &crate::sources::portal::cache::format_day(p.copy_date),
                ),
            ],
        ),
        (LayerSource::File { path, .. }, None) => tr_args(
            "print-source-file",
            &[
                ("layer", &layer.name),
                (
                    "file",
                    &path
                        .file_name()
                        .map(|n| n.to_string_lossy().into_owned())
                        .unwrap_or_default(),
                ),
            ],
        ),
        (LayerSource::Portal { portal, request }, None) => tr_args(
            "print-source-portal-unknown",
            &[
                ("layer", &layer.name),
                ("portal", &portal.to_string()),
                ("dataset", &request.dataset),
            ],
        ),
    }
}

/// A file name from a title: letters, digits and dashes.
fn file_stem(title: &str) -> String {
    let stem: String = title
        .trim()
        .chars()
        .map(|c| if c.is_alphanumeric() { c } else { '-' })
        .collect();
    let stem = stem.trim_matches('-').to_owned();
    if stem.is_empty() {
        "carte".to_owned()
    } else {
        stem
    }
}

fn write_image(path: &std::path::Path, image: &egui::ColorImage) -> Result<(), PrintError> {
    let [w, h] = image.size;
    let rgba: Vec<u8> = image.pixels.iter().flat_map(|p| p.to_array()).collect();
    crate::sources::png::write_png(path, w as u32, h as u32, rgba)
        .map_err(|e| PrintError::Write(std::sync::Arc::new(e)))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn titles_make_file_names() {
        assert_eq!(file_stem("Adresses à 300 m"), "Adresses-à-300-m");
        assert_eq!(file_stem("  "), "carte");
    }
}
