//! The *Depuis un serveur…* window: an XYZ or WMTS capabilities address, the credit, and for a
//! WMTS its layers and styles once read.

use egui::Ui;

use super::BasemapAction;
use super::server::{is_web, is_xyz};
use crate::app::TerritoireApp;
use crate::app::action::Action;
use crate::i18n::tr;

/// What is typed in the window (kept in egui's memory until used).
#[derive(Clone, Debug, Default)]
struct Typed {
    url: String,
    attribution: String,
}

impl TerritoireApp {
    /// The server window, while open.
    pub(crate) fn basemap_server_ui(&self, ctx: &egui::Context, actions: &mut Vec<Action>) {
        if !self.basemap.server.open {
            return;
        }
        let mut open = true;
        egui::Window::new(tr("basemap-server-title"))
            .id(egui::Id::unique("basemap-server"))
            .open(&mut open)
            .resizable(false)
            .collapsible(false)
            .show(ctx, |ui| self.server_form_ui(ui, actions));
        if !open {
            actions.push(Action::Basemap(BasemapAction::CloseServer));
        }
    }

    fn server_form_ui(&self, ui: &mut Ui, actions: &mut Vec<Action>) {
        let form = &self.basemap.server;
        let id = egui::Id::unique("basemap-server-typed");
        let mut typed: Typed = ui.data(|d| d.get_temp(id)).unwrap_or_else(|| Typed {
            url: form.url.clone(),
            attribution: form.attribution.clone(),
        });
        let label = ui.label(tr("basemap-server-url"));
        ui.add(egui::TextEdit::singleline(&mut typed.url).desired_width(420.0))
            .labelled_by(label.id);
        ui.small(tr("basemap-server-url-hint"));
        let label = ui.label(tr("basemap-server-attribution"));
        ui.add(egui::TextEdit::singleline(&mut typed.attribution).desired_width(420.0))
            .labelled_by(label.id);
        let url = typed.url.trim().to_owned();
        let xyz = is_xyz(&url);
        if is_web(&url) && !xyz {
            self.wmts_choice_ui(ui, &url, actions);
        }
        let wmts_ready = matches!(&form.capabilities, Some(Ok(_))) && form.url == url;
        let usable = is_web(&url) && (xyz || wmts_ready);
        if ui
            .add_enabled(usable, egui::Button::new(tr("basemap-server-use")))
            .clicked()
        {
            actions.push(Action::Basemap(BasemapAction::UseServer {
                url,
                attribution: typed.attribution.clone(),
                layer: form.layer.clone(),
                style: form.style.clone(),
            }));
        }
        ui.data_mut(|d| d.insert_temp(id, typed));
    }

    /// Reading a WMTS's capabilities, then choosing its layer and style.
    fn wmts_choice_ui(&self, ui: &mut Ui, url: &str, actions: &mut Vec<Action>) {
        let form = &self.basemap.server;
        ui.horizontal(|ui| {
            let read = ui.add_enabled(!form.reading, egui::Button::new(tr("basemap-server-read")));
            if read.clicked() {
                actions.push(Action::Basemap(BasemapAction::ReadCapabilities(
                    url.to_owned(),
                )));
            }
            if form.reading {
                ui.spinner();
            }
        });
        match &form.capabilities {
            Some(Err(key)) => {
                ui.colored_label(ui.visuals().warn_fg_color, tr(key));
            }
            Some(Ok(caps)) if form.url == url => {
                let label = ui.label(tr("basemap-server-layer"));
                let shown = caps
                    .layers
                    .iter()
                    .find(|l| l.id == form.layer)
                    .map_or_else(String::new, |l| l.title.clone());
                egui::ComboBox::from_id_salt("basemap-wmts-layer")
                    .selected_text(shown)
                    .width(400.0)
                    .show_ui(ui, |ui| {
                        for layer in &caps.layers {
                            if ui
                                .selectable_label(layer.id == form.layer, &layer.title)
                                .clicked()
                            {
                                let style = layer.styles.first().cloned().unwrap_or_default();
                                actions.push(Action::Basemap(BasemapAction::ChooseLayer(
                                    layer.id.clone(),
                                    style,
                                )));
                            }
                        }
                    })
                    .response
                    .labelled_by(label.id);
                self.style_choice_ui(ui, caps, actions);
            }
            _ => {}
        }
    }

    fn style_choice_ui(
        &self,
        ui: &mut Ui,
        caps: &crate::sources::tiles::wmts::Capabilities,
        actions: &mut Vec<Action>,
    ) {
        let form = &self.basemap.server;
        let Some(layer) = caps.layers.iter().find(|l| l.id == form.layer) else {
            return;
        };
        if layer.styles.len() < 2 {
            return;
        }
        let label = ui.label(tr("basemap-server-style"));
        egui::ComboBox::from_id_salt("basemap-wmts-style")
            .selected_text(form.style.clone())
            .show_ui(ui, |ui| {
                for style in &layer.styles {
                    if ui.selectable_label(*style == form.style, style).clicked() {
                        actions.push(Action::Basemap(BasemapAction::ChooseLayer(
                            layer.id.clone(),
                            style.clone(),
                        )));
                    }
                }
            })
            .response
            .labelled_by(label.id);
    }
}
