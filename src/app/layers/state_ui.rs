//! Under a layer's row: its load's progress, its error with the remedies offered, or where its
//! data comes from.

use egui::{Color32, RichText, Ui};

use crate::app::action::{Action, LayersAction, PortalAction, ProjectAction};
use crate::app::{Layer, LayerState};
use crate::i18n::{tr, tr_args};

/// Under the row: the load's progress, the error with its remedies, or the data's provenance
/// and issues.
pub(super) fn state_ui(
    ui: &mut Ui,
    layer: &Layer,
    progress: LoadProgress,
    actions: &mut Vec<Action>,
) {
    match &layer.state {
        LayerState::Loading { .. } => loading_ui(ui, layer, progress, actions),
        LayerState::Failed(error) => failed_ui(ui, layer, error, actions),
        LayerState::Ready => {
            if let Some(provenance) = &layer.provenance {
                provenance_ui(ui, provenance);
            }
            if let Some(ds) = &layer.dataset {
                for issue in &ds.issues {
                    ui.label(RichText::new(format!("⚠ {}", issue.message)).small().weak());
                }
            }
        }
    }
}

/// How far a layer's load is.
#[derive(Clone, Copy, Debug, Default)]
pub(crate) struct LoadProgress {
    /// The share done, when the total is known.
    pub fraction: Option<f32>,
    /// Records read so far.
    pub items: u64,
    /// Bytes read so far.
    pub bytes: u64,
}

/// Items read so far (and bytes received when the total is unknown), a progress bar (moving
/// without a known share) and the cancel button.
fn loading_ui(ui: &mut Ui, layer: &Layer, load: LoadProgress, actions: &mut Vec<Action>) {
    let progress = load.fraction;
    let mut facts = Vec::new();
    if load.items > 0 {
        facts.push(crate::i18n::tr_count("layer-items-read", load.items, &[]));
    }
    if progress.is_none() && load.bytes > 0 {
        let received = crate::app::portal::format_bytes(load.bytes);
        facts.push(tr_args("layer-bytes-received", &[("bytes", &received)]));
    }
    if !facts.is_empty() {
        ui.label(RichText::new(facts.join(" · ")).small().weak());
    }
    ui.horizontal(|ui| {
        let bar = egui::ProgressBar::new(progress.unwrap_or(0.0))
            .desired_width(160.0)
            .show_percentage()
            .animate(progress.is_none());
        ui.add(bar).on_hover_text(tr("layer-loading"));
        if ui.button(tr("action-cancel")).clicked() {
            actions.push(Action::Layers(LayersAction::CancelLoad(layer.id)));
        }
    });
}

/// Why the load failed, then the remedies that fit: retry (portal), the API key (private
/// dataset), "locate the file" (missing file), the CRS menu (CRS error).
fn failed_ui(
    ui: &mut Ui,
    layer: &Layer,
    error: &crate::app::LayerError,
    actions: &mut Vec<Action>,
) {
    ui.label(RichText::new(error.to_string()).color(Color32::from_rgb(0xb0, 0x20, 0x20)));
    ui.horizontal(|ui| {
        if error.can_retry() && ui.button(tr("layer-retry")).clicked() {
            actions.push(Action::Layers(LayersAction::Reload(
                layer.id,
                layer.source.crs(),
            )));
        }
        if matches!(layer.source, crate::app::LayerSource::File { .. })
            && error.is_missing_file()
            && ui
                .button(tr("layer-locate"))
                .on_hover_text(tr("layer-locate-hint"))
                .clicked()
        {
            actions.push(Action::Project(ProjectAction::LocateFile(layer.id, None)));
        }
        if error.is_crs() {
            crs_menu_ui(ui, layer.id, error.suggested_crs(), actions);
        }
        if let crate::app::LayerSource::Portal { portal, .. } = &layer.source
            && error.needs_key()
            && ui
                .button(tr("layer-enter-key"))
                .on_hover_text(tr("layer-enter-key-hint"))
                .clicked()
        {
            actions.push(Action::Portal(PortalAction::AskKey(portal.clone())));
        }
    });
}

/// Where a portal layer comes from: portal, dataset, licence, update, bytes; a badge for a cached copy.
fn provenance_ui(ui: &mut Ui, p: &crate::app::Provenance) {
    use crate::sources::portal::Freshness;
    let mut facts = vec![p.portal.clone(), p.dataset.clone()];
    if !p.licence.is_empty() {
        facts.push(p.licence.clone());
    }
    ui.label(RichText::new(facts.join(" · ")).small().weak());
    let mut second = Vec::new();
    if let Some(m) = &p.modified {
        second.push(tr_args(
            "portal-modified",
            &[("date", &crate::app::portal::format_modified(m))],
        ));
    }
    second.push(tr_args(
        "layer-downloaded",
        &[(
            "size",
            &crate::app::portal::format_bytes(p.bytes_this_session),
        )],
    ));
    ui.label(RichText::new(second.join(" · ")).small().weak());
    let date = crate::sources::portal::cache::format_day(p.copy_date);
    match &p.freshness {
        Freshness::Offline(reason) => {
            ui.label(
                RichText::new(tr_args("layer-cached-copy", &[("date", &date)]))
                    .small()
                    .background_color(Color32::from_rgb(0xff, 0xe0, 0xa0))
                    .color(Color32::from_rgb(0x60, 0x40, 0x00)),
            )
            .on_hover_text(reason);
        }
        Freshness::Revalidated => {
            ui.label(
                RichText::new(tr_args("layer-revalidated", &[("date", &date)]))
                    .small()
                    .weak(),
            );
        }
        Freshness::Downloaded => {}
    }
}

/// "Set the CRS": the layer loaded again with one of the French systems (the one its
/// coordinates suggest first), or any EPSG code typed.
pub(super) fn crs_menu_ui(
    ui: &mut Ui,
    id: crate::app::LayerId,
    suggested: Option<&'static str>,
    actions: &mut Vec<Action>,
) {
    use crate::sources::crs::{FRENCH_SYSTEMS, name};
    ui.menu_button(tr("layer-set-crs"), |ui| {
        let reload = |code: &str| Action::Layers(LayersAction::Reload(id, Some(code.to_owned())));
        if let Some(code) = suggested {
            let text = tr_args("layer-crs-suggested", &[("crs", &name(code))]);
            if ui.button(RichText::new(text).strong()).clicked() {
                actions.push(reload(code));
            }
            ui.separator();
        }
        egui::ScrollArea::vertical()
            .max_height(320.0)
            .show(ui, |ui| {
                for code in FRENCH_SYSTEMS.iter().filter(|c| Some(**c) != suggested) {
                    if ui.button(name(code)).clicked() {
                        actions.push(reload(code));
                    }
                }
            });
        ui.separator();
        let id_field = egui::Id::unique(("crs-code", id.0));
        let mut typed: String = ui.data_mut(|d| d.get_temp(id_field).unwrap_or_default());
        ui.horizontal(|ui| {
            let label = ui.label(tr("layer-crs-other"));
            let field = ui
                .add(
                    egui::TextEdit::singleline(&mut typed)
                        .hint_text("EPSG:3949")
                        .desired_width(110.0),
                )
                .labelled_by(label.id);
            let code = typed.trim().to_owned();
            let ready = !code.is_empty();
            let enter = field.lost_focus() && ui.input(|i| i.key_pressed(egui::Key::Enter));
            if ui
                .add_enabled(ready, egui::Button::new(tr("layer-crs-apply")))
                .clicked()
                || (enter && ready)
            {
                let code = if code.chars().all(|c| c.is_ascii_digit()) {
                    format!("EPSG:{code}")
                } else {
                    code
                };
                actions.push(reload(&code));
            }
        });
        ui.data_mut(|d| d.insert_temp(id_field, typed));
    });
}
