//! Frame-time statistics (`TERRITOIRE_FRAME_STATS=1`, printed on exit) and the scripted pan and
//! zoom of `--benchmark-frames N` that measures them under a real window, followed by a few
//! recolourings of the first layer with the view held still (the time to the new image).

use std::time::{Duration, Instant};

use super::TerritoireApp;

/// Frame times of this session.
#[derive(Debug, Default)]
pub struct FrameStats {
    /// Recording (the environment variable is set, or a scripted run).
    enabled: bool,
    last: Option<Instant>,
    /// Time between successive frames while the map is being redrawn continuously.
    pub frames: Vec<Duration>,
    /// Frames left in a scripted run (`None`: not scripted).
    script: Option<(usize, usize)>,
    /// The recolourings that follow the scripted frames, once they are done.
    recolour: Option<Recolour>,
}

/// Recolourings made by a scripted run after its frames.
const RECOLOURS: usize = 12;

/// How often the recolouring phase looks whether the new image has come.
const RECOLOUR_POLL: Duration = Duration::from_millis(100);

/// Colours the first layer takes in turn during the recolourings.
const PALETTE: [egui::Color32; 3] = [
    egui::Color32::from_rgb(213, 94, 0),
    egui::Color32::from_rgb(0, 158, 115),
    egui::Color32::from_rgb(204, 121, 167),
];

/// The recolouring phase of a scripted run: the view holds still, the first layer's colour
/// changes, and the time until the map shows the new image is taken, `RECOLOURS` times.
#[derive(Debug, Default)]
struct Recolour {
    left: usize,
    /// When the colour last changed, while its image is awaited.
    changed: Option<Instant>,
    /// From each change to the frame that takes the new image in to draw it.
    times: Vec<Duration>,
}

impl FrameStats {
    /// Records when `TERRITOIRE_FRAME_STATS=1` or when `scripted` frames are asked for.
    pub fn new(scripted: Option<usize>) -> Self {
        let env = std::env::var("TERRITOIRE_FRAME_STATS").is_ok_and(|v| v == "1");
        Self {
            enabled: env || scripted.is_some(),
            script: scripted.map(|n| (n, n)),
            ..Self::default()
        }
    }

    fn tick(&mut self) {
        if !self.enabled {
            return;
        }
        let now = Instant::now();
        if let Some(last) = self.last.replace(now) {
            self.frames.push(now - last);
        }
    }

    /// Median, 95th percentile and worst frame, in milliseconds.
    pub fn percentiles(&self) -> Option<(f64, f64, f64)> {
        if self.frames.is_empty() {
            return None;
        }
        let mut ms: Vec<f64> = self.frames.iter().map(|d| d.as_secs_f64() * 1e3).collect();
        ms.sort_by(f64::total_cmp);
        let at = |q: f64| ms[((ms.len() - 1) as f64 * q).round() as usize];
        Some((at(0.5), at(0.95), ms[ms.len() - 1]))
    }

    /// The line printed on exit.
    pub fn report(&self) -> Option<String> {
        let (p50, p95, max) = self.percentiles()?;
        Some(format!(
            "frames: {} · median {p50:.1} ms · p95 {p95:.1} ms · max {max:.1} ms",
            self.frames.len()
        ))
    }
}

/// Where the scripted run takes the view at step `i` of `n`: a loop around Angers, zooming in and out.
pub fn scripted_view(i: usize, n: usize) -> ([f64; 2], f64) {
    let t = i as f64 / n.max(1) as f64 * std::f64::consts::TAU;
    let center = [-0.55 + 0.03 * t.cos(), 47.465 + 0.02 * t.sin()];
    let zoom = 13.5 + 1.5 * (2.0 * t).sin();
    (center, zoom)
}

/// Prints the median and worst time from a colour change to its image.
fn report_recolourings(times: &[Duration]) {
    let mut ms: Vec<f64> = times.iter().map(|d| d.as_secs_f64() * 1e3).collect();
    ms.sort_by(f64::total_cmp);
    if let (Some(median), Some(max)) = (ms.get(ms.len() / 2), ms.last()) {
        println!(
            "recolouring: {} changes · median {median:.1} ms · max {max:.1} ms to the new image",
            ms.len()
        );
    }
}

impl TerritoireApp {
    /// Once per frame: records its time, and in a scripted run moves the view or ends the run.
    pub(super) fn frame_stats_step(&mut self, ctx: &egui::Context) {
        // Frames are counted once the data is loaded and every layer shows something: a map
        // still empty (no raster of a large layer yet) would make frames look cheaper than they are.
        let ready = !self.is_loading() && self.project.reading == 0 && !self.map.rasters_waiting();
        if self.frame_stats.recolour.is_some() {
            self.recolour_step(ctx, ready);
            return;
        }
        let Some((left, total)) = self.frame_stats.script else {
            self.frame_stats.tick();
            return;
        };
        if !ready {
            // The interval spanning the wait is not a frame of the run.
            self.frame_stats.last = None;
            ctx.request_repaint();
            return;
        }
        self.frame_stats.tick();
        if left == 0 {
            if let Some(line) = self.frame_stats.report() {
                println!("{line}");
            }
            if let (count @ 1.., Some(median)) = self.map.raster_times() {
                // How fresh the layer rasters were during the run.
                println!(
                    "layer rasters: {count} rendered · median {:.1} ms each",
                    median.as_secs_f64() * 1e3
                );
            }
            self.frame_stats.script = None;
            self.frame_stats.enabled = false;
            self.frame_stats.recolour = Some(Recolour {
                left: RECOLOURS,
                ..Recolour::default()
            });
            ctx.request_repaint();
            return;
        }
        let (center, zoom) = scripted_view(total - left, total);
        self.map.go_to(center, zoom);
        self.frame_stats.script = Some((left - 1, total));
        ctx.request_repaint();
    }

    /// One frame of the recolouring phase: waits for the map to show the current colours, then
    /// takes the time and changes the colour again; reports and closes after the last.
    fn recolour_step(&mut self, ctx: &egui::Context, ready: bool) {
        // A slow poll: the raster job wakes the frame that takes its image in, and frames
        // drawn meanwhile would take the cores from it.
        ctx.request_repaint_after(RECOLOUR_POLL);
        let shown_at = self.map.raster_shown_at();
        let Some(phase) = self.frame_stats.recolour.as_mut() else {
            return;
        };
        if !ready || self.map.rasters_busy() {
            return;
        }
        // A layer drawn as vectors shows its colour in the same frame: nothing to time.
        if let Some(changed) = phase.changed.take()
            && let Some(shown) = shown_at.filter(|&t| t > changed)
        {
            phase.times.push(shown - changed);
        }
        let layer = self
            .layers
            .iter_mut()
            .find(|l| l.visible && l.dataset.is_some());
        let (Some(layer), 1..) = (layer, phase.left) else {
            report_recolourings(&phase.times);
            self.frame_stats.recolour = None;
            ctx.send_viewport_cmd(egui::ViewportCommand::Close);
            return;
        };
        layer.style.color = PALETTE[phase.left % PALETTE.len()];
        phase.left -= 1;
        // This frame's map sees the new colour and starts its raster.
        phase.changed = Some(Instant::now());
    }

    /// Prints the frame times on exit when asked by the environment.
    pub(super) fn report_frame_stats(&self) {
        if self.frame_stats.enabled
            && let Some(line) = self.frame_stats.report()
        {
            println!("{line}");
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn percentiles_come_from_sorted_frame_times() {
        let stats = FrameStats {
            frames: (1..=100).map(Duration::from_millis).collect(),
            ..FrameStats::default()
        };
        let (p50, p95, max) = stats.percentiles().expect("frames");
        assert_eq!((p50.round(), p95.round(), max.round()), (51.0, 95.0, 100.0));
        assert!(FrameStats::default().percentiles().is_none());
    }

    #[test]
    fn the_script_loops_around_angers() {
        let (a, za) = scripted_view(0, 100);
        let (b, zb) = scripted_view(100, 100);
        assert!((a[0] - b[0]).abs() < 1e-9 && (za - zb).abs() < 1e-9);
        let (_, z) = scripted_view(12, 100);
        assert!((12.0..=15.0).contains(&z));
    }
}
