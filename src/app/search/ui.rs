//! The address search box in the menu bar and its suggestions: loaded address layers first,
//! then the national address service; a click goes there and drops a marker.

use egui::{RichText, Ui};

use crate::app::TerritoireApp;
use crate::app::action::{Action, SearchAction};
use crate::app::search::Suggestions;
use crate::i18n::tr;

impl TerritoireApp {
    pub(crate) fn search_box_ui(&self, ui: &mut Ui, actions: &mut Vec<Action>) {
        let mut text = self.search.text.clone();
        let response = ui
            .add(
                egui::TextEdit::singleline(&mut text)
                    .id_salt("address-search")
                    .hint_text(tr("search-hint"))
                    .desired_width(260.0),
            )
            .on_hover_text(tr("search-tooltip"));
        // The box's accessible name, for screen readers and tests.
        response.widget_info(|| {
            let mut info = egui::WidgetInfo::text_edit(
                true,
                self.search.text.clone(),
                text.clone(),
                tr("search-hint"),
            );
            info.label = Some(tr("search-label"));
            info
        });
        if response.changed() {
            actions.push(Action::Search(SearchAction::Typed(text)));
        }
        let first = self
            .search
            .local
            .items
            .first()
            .or_else(|| self.search.remote.items.first());
        if response.lost_focus()
            && ui.input(|i| i.key_pressed(egui::Key::Enter))
            && let Some(s) = first
        {
            actions.push(Action::Search(SearchAction::GoTo(Box::new(s.clone()))));
        }
        if ui.input(|i| i.key_pressed(egui::Key::Escape)) && self.search.open {
            actions.push(Action::Search(SearchAction::Close));
        }
        if !self.search.open {
            return;
        }
        egui::Area::new(egui::Id::unique("address-suggestions"))
            .order(egui::Order::Foreground)
            .fixed_pos(response.rect.left_bottom() + egui::vec2(0.0, 4.0))
            .show(ui.ctx(), |ui| {
                egui::Frame::popup(ui.style()).show(ui, |ui| {
                    ui.set_width(360.0);
                    self.suggestions_ui(ui, actions);
                });
            });
    }

    fn suggestions_ui(&self, ui: &mut Ui, actions: &mut Vec<Action>) {
        let local = &self.search.local;
        let remote = &self.search.remote;
        side_ui(ui, "search-local", local, &[], actions);
        let known: Vec<String> = local
            .items
            .iter()
            .map(|s| crate::filter::eval::fold(&s.label))
            .collect();
        side_ui(ui, "search-remote", remote, &known, actions);
        if !local.pending
            && !remote.pending
            && local.items.is_empty()
            && remote.items.is_empty()
            && remote.error.is_none()
        {
            ui.label(RichText::new(tr("search-nothing")).weak());
        }
    }
}

/// One side's heading and suggestions; `skip` holds labels already listed above.
fn side_ui(
    ui: &mut Ui,
    heading: &str,
    side: &Suggestions,
    skip: &[String],
    actions: &mut Vec<Action>,
) {
    let items: Vec<_> = side
        .items
        .iter()
        .filter(|s| !skip.contains(&crate::filter::eval::fold(&s.label)))
        .collect();
    if items.is_empty() && !side.pending && side.error.is_none() {
        return;
    }
    ui.label(RichText::new(tr(heading)).small().strong());
    if side.pending {
        ui.horizontal(|ui| {
            ui.spinner();
            ui.label(RichText::new(tr("search-pending")).small().weak());
        });
    }
    for s in items {
        let text = format!("{}\n{}", s.label, s.context);
        if ui
            .add(egui::Button::new(text).frame(false).wrap())
            .clicked()
        {
            actions.push(Action::Search(SearchAction::GoTo(Box::new(s.clone()))));
        }
    }
    if let Some(error) = &side.error {
        ui.label(
            RichText::new(format!("{error} — {}", tr("search-local-still")))
                .small()
                .color(egui::Color32::from_rgb(0x90, 0x50, 0x00)),
        );
    }
    ui.separator();
}
