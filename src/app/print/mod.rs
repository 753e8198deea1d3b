//! Exporting the map for a note: the paper and format chosen, the page built from the state
//! (layers, filters, choropleth, view) and rendered by the print composer in the background.

mod action;
mod page;
mod sheet;
mod ui;

pub use action::PrintAction;

use std::path::{Path, PathBuf};
use std::sync::Arc;

use crate::app::{JobOutput, TerritoireApp};
use crate::i18n::tr_args;
use crate::print::{ComposeError, Format, Paper, PrintPage, Rendered, load_basemap, render};

/// Why a map export failed; the words are made when shown.
#[derive(Clone, Debug, thiserror::Error)]
pub enum PrintError {
    /// The file name ends neither in `.png` nor in `.pdf`.
    #[error("{}", tr_args("print-unknown-format", &[("path", &.0.display().to_string())]))]
    UnknownFormat(PathBuf),
    /// The page could not be drawn.
    #[error("{0}")]
    Compose(#[from] ComposeError),
    /// The picture could not be written.
    #[error("{0}")]
    Write(Arc<crate::sources::png::PngError>),
    /// The PDF could not be written.
    #[error("{}", tr_args("png-write-failed", &[("path", &.0.display().to_string())]))]
    WritePdf(PathBuf),
}

/// The export window and the export in progress.
#[derive(Default)]
pub struct PrintPanel {
    /// The window is shown.
    pub open: bool,
    /// The title typed.
    pub title: String,
    /// Paper size, orientation and resolution.
    pub paper: Paper,
    /// PNG or PDF (the save dialog proposes this extension).
    pub format: Format,
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
    /// The page is being drawn and written in the background.
    Rendering,
}

impl PrintPanel {
    /// True while an export is under way.
    pub fn is_busy(&self) -> bool {
        !matches!(self.stage, Stage::Idle)
    }
}

impl TerritoireApp {
    /// Starts an export to `path` (its extension chooses PNG or PDF), or asks where first.
    pub(crate) fn export_map(&mut self, path: Option<PathBuf>) {
        if self.print.is_busy() {
            return;
        }
        self.print.notice = None;
        match path {
            Some(path) => self.render_print(path),
            None => {
                self.print.stage = Stage::Asking;
                let ext = self.print.format.extension();
                let name = format!("{}.{ext}", file_stem(&self.print.title));
                self.jobs.spawn(move |_| {
                    JobOutput::MapExportTarget(crate::sources::dialog::save_file(&name, ext))
                });
            }
        }
    }

    /// The save dialog closed.
    pub(crate) fn map_export_target(&mut self, path: Option<PathBuf>) {
        self.print.stage = Stage::Idle;
        if let Some(mut path) = path {
            if path.extension().is_none() {
                path.set_extension(self.print.format.extension());
            }
            self.render_print(path);
        }
    }

    /// Builds the page from the state now and draws and writes it in the background.
    fn render_print(&mut self, path: PathBuf) {
        let Some(format) = Format::from_path(&path) else {
            self.map_exported(Err(PrintError::UnknownFormat(path)));
            return;
        };
        let mut page = self.print_page();
        self.print.stage = Stage::Rendering;
        self.jobs.spawn(move |_| {
            // The basemap's tiles, from the tile cache or their server, off the UI thread.
            load_basemap(&mut page);
            JobOutput::MapExported(write_page(&page, format, &path).map(|()| path))
        });
    }

    /// The page was written (or not).
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
}

/// Draws `page` in `format` and writes it to `path` (runs in a job).
pub fn write_page(page: &PrintPage, format: Format, path: &Path) -> Result<(), PrintError> {
    match render(page, format)? {
        Rendered::Png(p) => crate::sources::png::write_png(path, p.width, p.height, p.rgba)
            .map_err(|e| PrintError::Write(Arc::new(e))),
        Rendered::Pdf(bytes) => std::fs::write(path, bytes).map_err(|e| {
            log::warn!("{}: {e}", path.display());
            PrintError::WritePdf(path.to_path_buf())
        }),
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn titles_make_file_names() {
        assert_eq!(file_stem("Adresses à 300 m"), "Adresses-à-300-m");
        assert_eq!(file_stem("  "), "carte");
    }
}
