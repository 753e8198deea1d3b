//! `--screenshot OUT.png`: waits for layers and tiles to settle, saves the window as PNG (or,
//! with `--print` or a `.pdf`, the printed page drawn from the layers), then closes.

use std::path::PathBuf;
use std::sync::mpsc::{Receiver, channel};
use std::time::{Duration, Instant};

use super::TerritoireApp;

/// Frames in a row with nothing loading before the picture is taken.
const STABLE_FRAMES: u32 = 8;
/// The least time to wait, so that tiles have a chance to arrive.
const MIN_WAIT: Duration = Duration::from_millis(1500);
/// Give up waiting for tiles after this long (offline, slow servers) and take the picture anyway.
const MAX_WAIT: Duration = Duration::from_secs(45);

/// The screenshot state machine.
pub(super) struct Screenshot {
    target: Option<PathBuf>,
    started: Instant,
    stable: u32,
    pending: Option<Receiver<std::sync::Arc<egui::ColorImage>>>,
    /// The map is being exported for a note (`--print`); the app closes when it is written.
    pub(super) printing: bool,
}

impl Screenshot {
    pub(super) fn new(target: Option<PathBuf>) -> Self {
        Self {
            target,
            started: Instant::now(),
            stable: 0,
            pending: None,
            printing: false,
        }
    }
}

impl TerritoireApp {
    /// Advances the screenshot, if one was asked for.
    pub(super) fn screenshot_step(&mut self, ctx: &egui::Context) {
        let Some(target) = self.screenshot.target.clone() else {
            return;
        };
        ctx.request_repaint_after(Duration::from_millis(50));
        if let Some(rx) = &self.screenshot.pending {
            if let Ok(image) = rx.try_recv() {
                let [w, h] = image.size;
                let rgba: Vec<u8> = image.pixels.iter().flat_map(|p| p.to_array()).collect();
                match crate::sources::png::write_png(&target, w as u32, h as u32, rgba) {
                    Ok(()) => eprintln!(
                        "{}",
                        crate::i18n::tr_args(
                            "screenshot-saved",
                            &[("path", &target.display().to_string())]
                        )
                    ),
                    Err(e) => eprintln!("territoire: {e}"),
                }
                self.screenshot.target = None;
                ctx.send_viewport_cmd(egui::ViewportCommand::Close);
            }
            return;
        }
        let busy = self.is_loading()
            || self.project.reading > 0
            || !self.project.pending_filters.is_empty()
            || self.layers.iter().any(|l| l.filter_job.is_some())
            || self.zone_stats.is_computing()
            || self.map.tiles_in_progress() > 0
            || self.map.rasters_busy()
            || matches!(self.portal.state, super::portal::CatalogState::Loading(_))
            || self.internal.is_busy();
        self.screenshot.stable = if busy { 0 } else { self.screenshot.stable + 1 };
        let waited = self.screenshot.started.elapsed();
        if (self.screenshot.stable >= STABLE_FRAMES && waited >= MIN_WAIT) || waited >= MAX_WAIT {
            let pdf = crate::print::Format::from_path(&target) == Some(crate::print::Format::Pdf);
            if self.start.print_title.is_some() || pdf {
                // The page for a note, drawn from the layers (a PDF is always such a page).
                self.print.title = self.start.print_title.clone().unwrap_or_default();
                self.print.paper = self.start.print_paper;
                self.screenshot.target = None;
                self.screenshot.printing = true;
                self.export_map(Some(target));
                return;
            }
            let (tx, rx) = channel();
            let repaint = ctx.clone();
            ctx.request_screenshot(move |image| {
                let _ = tx.send(image);
                repaint.request_repaint();
            });
            self.screenshot.pending = Some(rx);
        }
    }
}
