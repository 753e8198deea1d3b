//! The *Sources internes* panel: saved connections, the connection form, the searchable table
//! list, and the choice offered before loading a large table.

use egui::{RichText, Ui};

use super::{ConnectionForm, ConnectionKind, InternalAction, TablesState};
use crate::app::TerritoireApp;
use crate::app::action::Action;
use crate::app::portal::LoadScope;
use crate::i18n::{tr, tr_args};
use crate::sources::internal::InternalConnection;
use crate::sources::postgis::{PgTable, SslMode};

const MODES: [SslMode; 5] = [
    SslMode::VerifyFull,
    SslMode::VerifyCa,
    SslMode::Require,
    SslMode::Prefer,
    SslMode::Disable,
];

fn push(actions: &mut Vec<Action>, action: InternalAction) {
    actions.push(Action::Internal(action));
}

impl TerritoireApp {
    pub(crate) fn internal_ui(&mut self, ui: &mut Ui, actions: &mut Vec<Action>) {
        ui.horizontal(|ui| {
            ui.heading(tr("internal-title"));
            ui.with_layout(egui::Layout::right_to_left(egui::Align::Center), |ui| {
                if ui.button("×").on_hover_text(tr("internal-close")).clicked() {
                    push(actions, InternalAction::Toggle);
                }
            });
        });
        if let Some(notice) = &self.internal.notice {
            ui.label(RichText::new(notice).color(ui.visuals().warn_fg_color));
        }
        egui::ScrollArea::vertical().show(ui, |ui| {
            self.internal_connections_ui(ui, actions);
            ui.separator();
            self.internal_form_ui(ui, actions);
            ui.separator();
            self.internal_large_ui(ui, actions);
            self.internal_tables_ui(ui, actions);
        });
    }

    fn internal_connections_ui(&self, ui: &mut Ui, actions: &mut Vec<Action>) {
        if self.settings.internal_connections.is_empty() {
            ui.label(tr("internal-none"));
        }
        for (i, connection) in self.settings.internal_connections.iter().enumerate() {
            let kind = match connection {
                InternalConnection::Postgis(_) => ConnectionKind::Postgis,
                InternalConnection::Ogcapi(_) => ConnectionKind::Ogcapi,
                InternalConnection::Wfs(_) => ConnectionKind::Wfs,
            };
            // Wrapped: a long `postgresql://` name and the buttons stay inside the panel.
            ui.horizontal_wrapped(|ui| {
                ui.label(RichText::new(connection.name()).strong())
                    .on_hover_text(connection.label());
                ui.label(tr(kind.key()));
                if ui.button(tr("internal-browse")).clicked() {
                    push(
                        actions,
                        InternalAction::Browse(connection.name().to_owned()),
                    );
                }
                if ui.button(tr("internal-edit")).clicked() {
                    push(actions, InternalAction::Edit(i));
                }
                if ui.button(tr("internal-remove")).clicked() {
                    push(actions, InternalAction::Remove(i));
                }
            });
        }
        let services = crate::sources::postgis::service::list();
        if !services.is_empty() {
            ui.label(tr("internal-services"));
            for service in services {
                ui.horizontal(|ui| {
                    ui.label(format!("{} — {}", service.name, service.label()));
                    if ui.button(tr("internal-add-service")).clicked() {
                        push(actions, InternalAction::AddService(service.clone()));
                    }
                });
            }
        }
    }

    fn internal_form_ui(&mut self, ui: &mut Ui, actions: &mut Vec<Action>) {
        let title = if self.internal.editing.is_some() {
            tr("internal-form-edit")
        } else {
            tr("internal-form-new")
        };
        ui.label(RichText::new(title).strong());
        let form = &mut self.internal.form;
        ui.horizontal(|ui| {
            ui.label(tr("internal-kind"));
            for kind in ConnectionKind::ALL {
                ui.radio_value(&mut form.kind, kind, tr(kind.key()));
            }
        });
        if form.kind == ConnectionKind::Postgis {
            postgis_fields_ui(ui, form);
        } else {
            service_fields_ui(ui, form);
        }
        ui.horizontal(|ui| {
            if ui.button(tr("internal-save")).clicked() {
                push(actions, InternalAction::SaveForm);
            }
            if self.internal.editing.is_some() && ui.button(tr("internal-new")).clicked() {
                push(actions, InternalAction::NewForm);
            }
        });
    }

    fn internal_tables_ui(&mut self, ui: &mut Ui, actions: &mut Vec<Action>) {
        let Some(name) = self.internal.selected.clone() else {
            return;
        };
        let service = self
            .internal_connection(&name)
            .is_some_and(|c| !matches!(c, InternalConnection::Postgis(_)));
        let (heading, listing) = if service {
            ("internal-items-of", "internal-listing-items")
        } else {
            ("internal-tables-of", "internal-listing")
        };
        ui.label(RichText::new(tr_args(heading, &[("connection", &name)])).strong());
        let tables = match &self.internal.tables {
            TablesState::Idle => return,
            TablesState::Loading(_) => {
                ui.horizontal(|ui| {
                    ui.spinner();
                    ui.label(tr(listing));
                });
                return;
            }
            TablesState::Failed(e) => {
                ui.label(RichText::new(e.to_string()).color(ui.visuals().error_fg_color));
                return;
            }
            TablesState::ItemsFailed(e) => {
                ui.label(RichText::new(e.to_string()).color(ui.visuals().error_fg_color));
                return;
            }
            TablesState::Items(items) => {
                let items = items.clone();
                self.internal_items_ui(ui, &items, actions);
                return;
            }
            TablesState::Ready(tables) => tables.clone(),
        };
        let label = ui.label(tr("internal-search"));
        ui.text_edit_singleline(&mut self.internal.search)
            .labelled_by(label.id);
        let needle = self.internal.search.to_lowercase();
        let shown: Vec<&PgTable> = tables
            .iter()
            .filter(|t| needle.is_empty() || t.table.to_string().to_lowercase().contains(&needle))
            .collect();
        ui.label(crate::i18n::tr_count(
            "internal-table-count",
            shown.len() as u64,
            &[],
        ));
        for table in shown {
            let exact = self
                .internal
                .exact_counts
                .get(&table.table.to_string())
                .copied();
            table_row_ui(ui, table, exact, actions);
        }
    }

    fn internal_large_ui(&mut self, ui: &mut Ui, actions: &mut Vec<Action>) {
        if let Some((_, title)) = &self.internal.counting {
            ui.horizontal(|ui| {
                ui.spinner();
                ui.label(tr_args("internal-counting", &[("table", title)]));
            });
        }
        let Some(large) = self.internal.large.as_mut() else {
            return;
        };
        let rows = large.table.estimated_rows.unwrap_or(0);
        let (key, named) = if large.table.table.schema.is_empty() {
            ("internal-large-item", large.name.clone())
        } else {
            ("internal-large", large.table.table.to_string())
        };
        ui.label(
            RichText::new(tr_args(
                key,
                &[
                    ("table", &named),
                    ("count", &crate::i18n::format_count(rows)),
                ],
            ))
            .strong(),
        );
        if ui.button(tr("internal-load-all")).clicked() {
            push(actions, InternalAction::LoadLarge(LoadScope::All));
        }
        if ui.button(tr("internal-load-extent")).clicked() {
            push(actions, InternalAction::LoadLarge(LoadScope::Extent));
        }
        let label = ui.label(tr("internal-filter"));
        ui.text_edit_singleline(&mut large.filter)
            .labelled_by(label.id);
        if let Some(error) = &large.error {
            ui.label(RichText::new(error).color(ui.visuals().error_fg_color));
        }
        ui.horizontal(|ui| {
            if ui.button(tr("internal-load-filter")).clicked() {
                push(actions, InternalAction::LoadLarge(LoadScope::Filter));
            }
            if ui.button(tr("internal-cancel")).clicked() {
                push(actions, InternalAction::CancelLarge);
            }
        });
        ui.separator();
    }
}

/// The width of a form's fields: what the panel leaves beside the labels, so nothing is cut.
fn field_width(ui: &Ui) -> f32 {
    (ui.available_width() - 170.0).max(120.0)
}

fn postgis_fields_ui(ui: &mut Ui, form: &mut ConnectionForm) {
    let width = field_width(ui);
    egui::Grid::new("internal-form")
        .num_columns(2)
        .show(ui, |ui| {
            for (key, value, secret) in [
                ("internal-name", &mut form.name, false),
                ("internal-host", &mut form.host, false),
                ("internal-port", &mut form.port, false),
                ("internal-database", &mut form.database, false),
                ("internal-user", &mut form.user, false),
                ("internal-password", &mut form.password, true),
            ] {
                let label = ui.label(tr(key));
                ui.add(
                    egui::TextEdit::singleline(value)
                        .password(secret)
                        .desired_width(width),
                )
                .labelled_by(label.id);
                ui.end_row();
            }
            let label = ui.label(tr("internal-sslmode"));
            egui::ComboBox::from_id_salt("internal-sslmode")
                .selected_text(form.sslmode.name())
                .show_ui(ui, |ui| {
                    for mode in MODES {
                        ui.selectable_value(&mut form.sslmode, mode, mode.name());
                    }
                })
                .response
                .labelled_by(label.id);
            ui.end_row();
        });
}

fn service_fields_ui(ui: &mut Ui, form: &mut ConnectionForm) {
    let width = field_width(ui);
    egui::Grid::new("internal-service-form")
        .num_columns(2)
        .show(ui, |ui| {
            for (key, value) in [
                ("internal-name", &mut form.name),
                ("internal-url", &mut form.url),
            ] {
                let label = ui.label(tr(key));
                ui.add(egui::TextEdit::singleline(value).desired_width(width))
                    .labelled_by(label.id);
                ui.end_row();
            }
        });
    let hint = match form.kind {
        ConnectionKind::Wfs => "internal-url-hint-wfs",
        _ => "internal-url-hint-ogcapi",
    };
    ui.label(RichText::new(tr(hint)).weak());
}

fn table_row_ui(ui: &mut Ui, table: &PgTable, exact: Option<u64>, actions: &mut Vec<Action>) {
    ui.horizontal_wrapped(|ui| {
        let count = |key: &str, n: u64| tr_args(key, &[("count", &crate::i18n::format_count(n))]);
        let rows = match (exact, table.estimated_rows) {
            (Some(n), _) => count("internal-rows-exact", n),
            (None, Some(n)) => count("internal-rows", n),
            (None, None) => String::new(),
        };
        ui.label(RichText::new(table.table.to_string()).strong());
        ui.label(format!(
            "{} · EPSG:{} {rows}",
            table.geometry_type, table.srid
        ));
        if exact.is_none() && ui.button(tr("internal-count")).clicked() {
            push(actions, InternalAction::Count(table.table.clone()));
        }
        if ui.button(tr("internal-add")).clicked() {
            push(actions, InternalAction::AddTable(table.clone()));
        }
    });
}
