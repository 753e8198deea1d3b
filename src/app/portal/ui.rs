//! The open-data portal panel: portals, search, facets, paste, datasets with their fields and cache,
//! and the choice offered before a large download.

use egui::{Color32, RichText, Ui};

use crate::app::TerritoireApp;
use crate::app::action::{Action, PortalAction};
use crate::app::portal::{CatalogState, LoadScope};
use crate::i18n::{tr, tr_args};
use crate::sources::portal::cache::format_day;
use crate::sources::portal::{DatasetMeta, Facet, PortalUrl};

/// Facet values shown per facet (the most frequent).
const FACET_VALUES_SHOWN: usize = 12;
/// Characters of a description shown in the list.
const DESCRIPTION_CHARS: usize = 180;

/// `1,2 Mo`, `850 ko`: sizes as French users read them.
pub fn format_bytes(bytes: u64) -> String {
    let b = bytes as f64;
    let (value, key) = if b >= 1e9 {
        (b / 1e9, "unit-gb")
    } else if b >= 1e6 {
        (b / 1e6, "unit-mb")
    } else if b >= 1e3 {
        (b / 1e3, "unit-kb")
    } else {
        (b, "unit-b")
    };
    let decimals = if value >= 100.0 || key == "unit-b" {
        0
    } else {
        1
    };
    let number = crate::i18n::format_number(value, decimals);
    format!("{number} {}", tr(key))
}

/// `2026-10-01T08:00:00+00:00` → `01/10/2026`.
pub fn format_modified(text: &str) -> String {
    crate::data::column::parse_datetime(text)
        .map(format_day)
        .or_else(|| {
            crate::data::column::parse_date(text).map(|d| format_day(i64::from(d) * 86_400))
        })
        .unwrap_or_else(|| text.to_string())
}

impl TerritoireApp {
    pub(crate) fn portal_ui(&mut self, ui: &mut Ui, actions: &mut Vec<Action>) {
        ui.horizontal(|ui| {
            ui.heading(tr("portal-title"));
            ui.with_layout(egui::Layout::right_to_left(egui::Align::Center), |ui| {
                if ui.button("×").on_hover_text(tr("portal-close")).clicked() {
                    actions.push(Action::Portal(PortalAction::Toggle));
                }
            });
        });
        self.portal_choice_ui(ui, actions);
        ui.separator();
        self.search_ui(ui, actions);
        // The link field comes before the facets, which appear with the catalog: it never moves
        // under the pointer when the catalog arrives.
        self.paste_ui(ui, actions);
        if let Some(notice) = &self.portal.notice {
            ui.label(RichText::new(notice).italics());
        }
        facets_ui(ui, &self.portal.facets, &self.portal.refine, actions);
        ui.separator();
        match &self.portal.state {
            CatalogState::Idle => {}
            CatalogState::Loading(_) => {
                ui.horizontal(|ui| {
                    ui.spinner();
                    ui.label(tr("portal-searching"));
                });
            }
            CatalogState::Failed(error) => {
                ui.label(
                    RichText::new(error.to_string()).color(Color32::from_rgb(0xb0, 0x20, 0x20)),
                );
                if ui.button(tr("layer-retry")).clicked() {
                    actions.push(Action::Portal(PortalAction::SearchCatalog));
                }
            }
            CatalogState::Ready => {
                ui.label(crate::i18n::tr_count(
                    "portal-count",
                    self.portal.page.total_count,
                    &[],
                ));
            }
        }
        let Some(portal) = self.current_portal() else {
            return;
        };
        egui::ScrollArea::vertical()
            .id_salt("portal-datasets")
            .show(ui, |ui| {
                for meta in &self.portal.page.datasets {
                    egui::Frame::group(ui.style()).show(ui, |ui| {
                        ui.set_width(ui.available_width());
                        self.dataset_ui(ui, &portal, meta, actions);
                    });
                }
            });
    }

    fn portal_choice_ui(&mut self, ui: &mut Ui, actions: &mut Vec<Action>) {
        let portals = self.settings.portals.clone();
        let selected = self.portal.selected.min(portals.len().saturating_sub(1));
        let label = ui.label(tr("portal-choose"));
        egui::ComboBox::from_id_salt("portal-choice")
            .selected_text(portals.get(selected).cloned().unwrap_or_default())
            .width(260.0)
            .show_ui(ui, |ui| {
                for (i, p) in portals.iter().enumerate() {
                    if ui.selectable_label(i == selected, p).clicked() && i != selected {
                        actions.push(Action::Portal(PortalAction::Select(i)));
                    }
                }
            })
            .response
            .labelled_by(label.id);
        egui::CollapsingHeader::new(tr("portal-add-portal"))
            .id_salt("portal-add")
            .show(ui, |ui| {
                ui.horizontal(|ui| {
                    let edit = ui
                        .add(
                            egui::TextEdit::singleline(&mut self.portal.new_portal)
                                .hint_text("https://…")
                                .desired_width(220.0),
                        )
                        .accessible_name(tr("portal-add-portal"));
                    let enter = edit.lost_focus() && ui.input(|i| i.key_pressed(egui::Key::Enter));
                    if ui.button(tr("portal-add")).clicked() || enter {
                        actions.push(Action::Portal(PortalAction::Add(
                            self.portal.new_portal.clone(),
                        )));
                    }
                });
            });
        let unfold = std::mem::take(&mut self.portal.key_open);
        egui::CollapsingHeader::new(tr("portal-key"))
            .id_salt("portal-key")
            .open(unfold.then_some(true))
            .show(ui, |ui| {
                ui.small(tr("portal-key-note"));
                ui.horizontal(|ui| {
                    let label = ui.label(tr("portal-key-label"));
                    let field = ui
                        .add(
                            egui::TextEdit::singleline(&mut self.portal.key_input)
                                .password(true)
                                .desired_width(160.0),
                        )
                        .labelled_by(label.id);
                    if unfold {
                        field.request_focus();
                    }
                    if ui.button(tr("portal-key-save")).clicked() {
                        actions.push(Action::Portal(PortalAction::SetKey(Some(
                            self.portal.key_input.clone(),
                        ))));
                    }
                });
                if ui.button(tr("portal-key-forget")).clicked() {
                    actions.push(Action::Portal(PortalAction::SetKey(None)));
                }
            });
    }

    fn search_ui(&mut self, ui: &mut Ui, actions: &mut Vec<Action>) {
        ui.horizontal(|ui| {
            let edit = ui
                .add(
                    egui::TextEdit::singleline(&mut self.portal.search)
                        .hint_text(tr("portal-search-hint"))
                        .desired_width(220.0),
                )
                .accessible_name(tr("portal-search-hint"));
            let enter = edit.lost_focus() && ui.input(|i| i.key_pressed(egui::Key::Enter));
            if ui.button(tr("portal-search")).clicked() || enter {
                actions.push(Action::Portal(PortalAction::SearchCatalog));
            }
        });
    }

    fn paste_ui(&mut self, ui: &mut Ui, actions: &mut Vec<Action>) {
        let label = ui.label(tr("portal-paste"));
        ui.horizontal(|ui| {
            let edit = ui
                .add(
                    egui::TextEdit::singleline(&mut self.portal.paste)
                        .hint_text("https://data.angers.fr/explore/dataset/…")
                        .desired_width(220.0),
                )
                .labelled_by(label.id);
            let enter = edit.lost_focus() && ui.input(|i| i.key_pressed(egui::Key::Enter));
            if ui.button(tr("portal-paste-add")).clicked() || enter {
                actions.push(Action::Portal(PortalAction::PasteDataset(
                    self.portal.paste.clone(),
                )));
            }
        });
    }

    /// One dataset of the catalog: what it is, its cache, the button that adds it, and the
    /// fields to keep.
    fn dataset_ui(
        &self,
        ui: &mut Ui,
        portal: &PortalUrl,
        meta: &DatasetMeta,
        actions: &mut Vec<Action>,
    ) {
        summary_ui(ui, meta);
        let geometric = meta.has_geometry();
        ui.horizontal_wrapped(|ui| {
            ui.label(
                RichText::new(tr(if geometric {
                    "portal-geo"
                } else {
                    "portal-table"
                }))
                .small(),
            );
            ui.label(RichText::new(format!("· {}", meta.id)).small().weak());
            self.cache_ui(ui, meta, actions);
        });
        ui.horizontal(|ui| {
            let add = tr(if geometric {
                "portal-add-layer"
            } else {
                "portal-add-table"
            });
            if ui.button(add).clicked() {
                actions.push(Action::Portal(PortalAction::AddDataset(
                    portal.clone(),
                    Box::new(meta.clone()),
                )));
            }
        });
        self.fields_ui(ui, meta, actions);
    }

    /// The size of the dataset's cached copy, with a button to clear it; nothing without one.
    fn cache_ui(&self, ui: &mut Ui, meta: &DatasetMeta, actions: &mut Vec<Action>) {
        let cached = self.portal.cache_sizes.get(&meta.id).copied().unwrap_or(0);
        if cached > 0 {
            ui.label(
                RichText::new(tr_args("portal-cached", &[("size", &format_bytes(cached))])).small(),
            );
            if ui.small_button(tr("portal-clear-cache")).clicked() {
                actions.push(Action::Portal(PortalAction::ClearCache(meta.id.clone())));
            }
        }
    }

    /// The dataset's attribute fields (geometry left out), each with a box to keep or drop it.
    fn fields_ui(&self, ui: &mut Ui, meta: &DatasetMeta, actions: &mut Vec<Action>) {
        let dropped = self.portal.dropped_fields.get(&meta.id);
        let fields: Vec<_> = meta.fields.iter().filter(|f| !f.kind.is_geo()).collect();
        let kept = fields
            .iter()
            .filter(|f| dropped.is_none_or(|d| !d.contains(&f.name)))
            .count();
        egui::CollapsingHeader::new(tr_args(
            "portal-fields",
            &[
                ("kept", &kept.to_string()),
                ("total", &fields.len().to_string()),
            ],
        ))
        .id_salt(("fields", &meta.id))
        .show(ui, |ui| {
            for field in fields {
                let mut keep = dropped.is_none_or(|d| !d.contains(&field.name));
                let text = if field.label != field.name {
                    format!("{} ({})", field.label, field.name)
                } else {
                    field.name.clone()
                };
                if ui.checkbox(&mut keep, text).changed() {
                    actions.push(Action::Portal(PortalAction::ToggleField(
                        meta.id.clone(),
                        field.name.clone(),
                    )));
                }
            }
        });
    }

    /// The choice offered before a download over the configured number of records.
    pub(crate) fn large_dataset_ui(&mut self, ctx: &egui::Context, actions: &mut Vec<Action>) {
        let Some(large) = &mut self.portal.large else {
            return;
        };
        let records = large.meta.records.unwrap_or(0);
        let geometric = large.meta.has_geometry();
        egui::Window::new(tr("portal-large-title"))
            .collapsible(false)
            .resizable(false)
            .anchor(egui::Align2::CENTER_CENTER, egui::vec2(0.0, 0.0))
            .show(ctx, |ui| {
                ui.label(crate::i18n::tr_count(
                    "portal-large-text",
                    records,
                    &[("title", &large.meta.title)],
                ));
                ui.add_space(6.0);
                if ui.button(tr("portal-large-all")).clicked() {
                    actions.push(Action::Portal(PortalAction::LoadLarge(LoadScope::All)));
                }
                if ui
                    .add_enabled(geometric, egui::Button::new(tr("portal-large-extent")))
                    .clicked()
                {
                    actions.push(Action::Portal(PortalAction::LoadLarge(LoadScope::Extent)));
                }
                ui.horizontal(|ui| {
                    let label = ui.label(tr("portal-large-filter"));
                    ui.add(
                        egui::TextEdit::singleline(&mut large.filter)
                            .hint_text("commune = \"Angers\"")
                            .desired_width(200.0),
                    )
                    .labelled_by(label.id);
                });
                if let Some(error) = &large.error {
                    ui.label(RichText::new(error).color(Color32::from_rgb(0xb0, 0x20, 0x20)));
                }
                if ui
                    .add_enabled(
                        !large.filter.trim().is_empty(),
                        egui::Button::new(tr("portal-large-with-filter")),
                    )
                    .clicked()
                {
                    actions.push(Action::Portal(PortalAction::LoadLarge(LoadScope::Filter)));
                }
                ui.separator();
                if ui.button(tr("action-cancel")).clicked() {
                    actions.push(Action::Portal(PortalAction::CancelLarge));
                }
            });
    }
}

/// The dataset's title, the start of its description (all of it on hover), then its
/// publisher, licence, record count and last change on one line.
fn summary_ui(ui: &mut Ui, meta: &DatasetMeta) {
    ui.label(RichText::new(&meta.title).strong());
    if !meta.description.is_empty() {
        let mut text: String = meta.description.chars().take(DESCRIPTION_CHARS).collect();
        if meta.description.chars().count() > DESCRIPTION_CHARS {
            text.push('…');
        }
        ui.label(RichText::new(text).small())
            .on_hover_text(&meta.description);
    }
    let mut facts = vec![];
    if !meta.publisher.is_empty() {
        facts.push(meta.publisher.clone());
    }
    if !meta.licence.is_empty() {
        facts.push(meta.licence.clone());
    }
    if let Some(n) = meta.records {
        facts.push(crate::i18n::tr_count("portal-records", n, &[]));
    }
    if let Some(m) = &meta.modified {
        facts.push(tr_args("portal-modified", &[("date", &format_modified(m))]));
    }
    ui.label(RichText::new(facts.join(" · ")).small().weak());
}

fn facets_ui(
    ui: &mut Ui,
    facets: &[Facet],
    refine: &std::collections::BTreeSet<(String, String)>,
    actions: &mut Vec<Action>,
) {
    for facet in facets.iter().filter(|f| !f.values.is_empty()) {
        let key = match facet.name.as_str() {
            "theme" => "portal-facet-theme",
            "keyword" => "portal-facet-keyword",
            "publisher" => "portal-facet-publisher",
            _ => continue,
        };
        let chosen = refine.iter().filter(|(f, _)| *f == facet.name).count();
        let title = if chosen > 0 {
            format!("{} ({chosen})", tr(key))
        } else {
            tr(key)
        };
        egui::CollapsingHeader::new(title)
            .id_salt(("facet", &facet.name))
            .show(ui, |ui| {
                ui.horizontal_wrapped(|ui| {
                    for (value, count) in facet.values.iter().take(FACET_VALUES_SHOWN) {
                        let mut on = refine.contains(&(facet.name.clone(), value.clone()));
                        if ui.checkbox(&mut on, format!("{value} ({count})")).changed() {
                            actions.push(Action::Portal(PortalAction::ToggleFacet(
                                facet.name.clone(),
                                value.clone(),
                            )));
                        }
                    }
                });
            });
    }
}
