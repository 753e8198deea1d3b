//! The attribute table window: rows drawn only where the window shows them (millions stay
//! fluid), sort by column, search, filtered rows only, selection shown on the map, copy.

use egui::{Label, RichText, Ui};

use crate::app::action::{Action, TableAction};
use crate::app::table::{TableQuery, TableView};
use crate::app::{Layer, TerritoireApp};
use crate::data::{Dataset, Value};
use crate::i18n::{tr, tr_args, tr_count};
use crate::sources::csv::CsvDialect;

/// Width of a cell, in points.
const CELL_WIDTH: f32 = 150.0;
/// Width of the row-number column, in points.
const NUMBER_WIDTH: f32 = 64.0;

impl TerritoireApp {
    pub(crate) fn table_ui(&self, ctx: &egui::Context, actions: &mut Vec<Action>) {
        let Some(table) = &self.table else {
            return;
        };
        let Some(layer) = self.layer(table.layer) else {
            return;
        };
        let Some(dataset) = layer.dataset.clone() else {
            return;
        };
        let mut open = true;
        egui::Window::new(tr_args("table-title", &[("layer", &layer.name)]))
            .id(egui::Id::unique("attribute-table"))
            .open(&mut open)
            .default_size([760.0, 400.0])
            .resizable(true)
            .show(ctx, |ui| {
                toolbar_ui(ui, table, layer, &dataset, actions);
                ui.separator();
                egui::ScrollArea::horizontal()
                    .id_salt(("table-h", table.layer.0))
                    .show(ui, |ui| {
                        let preset = layer.preset();
                        let headers = headers(&dataset, preset);
                        table_body_ui(ui, table, &dataset, &headers, actions);
                    });
            });
        if !open {
            actions.push(Action::Table(TableAction::Close));
        }
    }
}

/// Above the rows: how many are listed and selected, the last export's outcome, then the
/// query and the tools.
fn toolbar_ui(
    ui: &mut Ui,
    table: &TableView,
    layer: &Layer,
    dataset: &Dataset,
    actions: &mut Vec<Action>,
) {
    counts_ui(ui, table, dataset);
    notice_ui(ui, table);
    ui.horizontal_wrapped(|ui| {
        query_ui(ui, table, layer, actions);
        tools_ui(ui, table, actions);
    });
}

/// Rows listed (of how many, when a query narrows them), a spinner while they are computed,
/// and how many are selected.
fn counts_ui(ui: &mut Ui, table: &TableView, dataset: &Dataset) {
    let count = crate::app::format_count;
    ui.horizontal(|ui| {
        let listed = table.rows.len();
        let text = if listed == dataset.len() {
            tr_count("table-rows", listed as u64, &[])
        } else {
            tr_count(
                "table-rows-of",
                listed as u64,
                &[("total", &count(dataset.len()))],
            )
        };
        ui.label(text);
        if table.is_computing() {
            ui.spinner();
        }
        if !table.selected.is_empty() {
            ui.label(
                RichText::new(tr_count("table-selected", table.selected.len() as u64, &[])).weak(),
            );
        }
    });
}

/// Where the last export went, or why it failed.
fn notice_ui(ui: &mut Ui, table: &TableView) {
    match &table.notice {
        Some(Ok((path, n))) => {
            ui.label(
                RichText::new(tr_count(
                    "table-exported",
                    *n as u64,
                    &[("path", &path.display().to_string())],
                ))
                .small()
                .color(egui::Color32::from_rgb(0x1b, 0x6e, 0x35)),
            );
        }
        Some(Err(message)) => {
            ui.label(
                RichText::new(message.to_string())
                    .small()
                    .color(egui::Color32::from_rgb(0xb0, 0x20, 0x20)),
            );
        }
        None => {}
    }
}

/// "Only the filtered rows" (offered when the layer has a filter) and the text searched.
fn query_ui(ui: &mut Ui, table: &TableView, layer: &Layer, actions: &mut Vec<Action>) {
    let mut query = table.query.clone();
    ui.add_enabled(
        layer.filter.is_some(),
        egui::Checkbox::new(&mut query.only_filtered, tr("table-only-filtered")),
    )
    .on_disabled_hover_text(tr("table-no-filter"));
    let label = ui.label(tr("table-search"));
    ui.add(
        egui::TextEdit::singleline(&mut query.search)
            .id_salt("table-search")
            .hint_text(tr("table-search-hint"))
            .desired_width(180.0),
    )
    .labelled_by(label.id);
    if query != table.query {
        actions.push(Action::Table(TableAction::SetQuery(query)));
    }
}

/// Copy, export, and zoom to the selection when there is one.
fn tools_ui(ui: &mut Ui, table: &TableView, actions: &mut Vec<Action>) {
    let copy_hint = if table.selected.is_empty() {
        tr("table-copy-all-hint")
    } else {
        tr("table-copy-selected-hint")
    };
    if ui
        .button(tr("table-copy"))
        .on_hover_text(copy_hint)
        .clicked()
    {
        actions.push(Action::Table(TableAction::CopyRows));
    }
    ui.menu_button(tr("table-export"), |ui| export_menu_ui(ui, table, actions));
    if !table.selected.is_empty() && ui.button(tr("table-zoom-selection")).clicked() {
        actions.push(Action::Table(TableAction::ZoomToRows(
            table.selected.iter().copied().collect(),
        )));
    }
}

/// The export formats, under a line saying how many rows go out.
fn export_menu_ui(ui: &mut Ui, table: &TableView, actions: &mut Vec<Action>) {
    use crate::sources::export_file::ExportFormat;
    ui.label(RichText::new(tr_count("table-export-what", table.rows.len() as u64, &[])).weak());
    for (format, key) in [
        (ExportFormat::GeoJson, "table-export-geojson"),
        (
            ExportFormat::Csv(CsvDialect::FRENCH),
            "table-export-csv-semicolon",
        ),
        (
            ExportFormat::Csv(CsvDialect::COMMA),
            "table-export-csv-comma",
        ),
        (ExportFormat::GeoPackage, "table-export-gpkg"),
        (ExportFormat::FlatGeobuf, "table-export-fgb"),
    ] {
        if ui.button(tr(key)).clicked() {
            actions.push(Action::Table(TableAction::ExportRows(format, None)));
        }
    }
}

/// The column headers: the preset's label where it names the field, else the field's name.
fn headers(dataset: &Dataset, preset: Option<&crate::filter::preset::Preset>) -> Vec<String> {
    dataset
        .columns
        .iter()
        .map(|c| {
            preset
                .and_then(|p| p.label_of(&c.name))
                .map_or_else(|| c.name.clone(), str::to_string)
        })
        .collect()
}

fn header_ui(
    ui: &mut Ui,
    table: &TableView,
    dataset: &Dataset,
    headers: &[String],
    actions: &mut Vec<Action>,
) {
    ui.horizontal(|ui| {
        ui.add_sized(
            [NUMBER_WIDTH, 18.0],
            Label::new(RichText::new("#").strong()),
        );
        for ((index, column), header) in dataset.columns.iter().enumerate().zip(headers) {
            let arrow = match table.query.sort {
                Some((i, true)) if i == index => " ⬆",
                Some((i, false)) if i == index => " ⬇",
                _ => "",
            };
            let button = egui::Button::new(RichText::new(format!("{header}{arrow}")).strong())
                .frame(false)
                .truncate();
            if ui
                .add_sized([CELL_WIDTH, 18.0], button)
                .on_hover_text(tr_args(
                    "table-sort-hint",
                    &[
                        ("field", &column.name),
                        ("type", column.field_type().name()),
                    ],
                ))
                .clicked()
            {
                let sort = match table.query.sort {
                    Some((i, true)) if i == index => Some((index, false)),
                    Some((i, false)) if i == index => None,
                    _ => Some((index, true)),
                };
                actions.push(Action::Table(TableAction::SetQuery(TableQuery {
                    sort,
                    ..table.query.clone()
                })));
            }
        }
    });
}

fn table_body_ui(
    ui: &mut Ui,
    table: &TableView,
    dataset: &Dataset,
    headers: &[String],
    actions: &mut Vec<Action>,
) {
    header_ui(ui, table, dataset, headers, actions);
    ui.separator();
    let row_height = ui.text_style_height(&egui::TextStyle::Body) + ui.spacing().item_spacing.y;
    let mut area = egui::ScrollArea::vertical()
        .id_salt(("table-v", table.layer.0))
        .auto_shrink([false, false]);
    if let Some(feature) = table.scroll_to {
        if let Some(position) = table.rows.iter().position(|&r| r as usize == feature) {
            area = area.vertical_scroll_offset(
                position as f32 * (row_height + ui.spacing().item_spacing.y),
            );
        }
        actions.push(Action::Table(TableAction::Scrolled));
    } else if table.scroll_top {
        area = area.vertical_scroll_offset(0.0);
        actions.push(Action::Table(TableAction::Scrolled));
    }
    let (modifiers, last) = (ui.input(|i| i.modifiers), table.selected.last().copied());
    area.show_rows(ui, row_height, table.rows.len(), |ui, visible| {
        for position in visible {
            let Some(&row) = table.rows.get(position) else {
                continue;
            };
            let row = row as usize;
            let selected = table.selected.contains(&row);
            // The selected row's band, painted under the cells once their place is known.
            let band = ui.painter().add(egui::Shape::Noop);
            let line = ui.horizontal(|ui| {
                let number = ui.add_sized(
                    [NUMBER_WIDTH, row_height],
                    egui::Button::selectable(selected, RichText::new((row + 1).to_string()).weak()),
                );
                let mut clicked = number.on_hover_text(tr("table-row-hint")).clicked();
                for column in &dataset.columns {
                    let text = match column.value(row) {
                        Value::Null => String::new(),
                        value => value.shown(),
                    };
                    let text = if selected {
                        RichText::new(text).strong()
                    } else {
                        RichText::new(text)
                    };
                    // A click on any cell selects the row, as in a spreadsheet.
                    let cell = Label::new(text).truncate().sense(egui::Sense::click());
                    clicked |= ui.add_sized([CELL_WIDTH, row_height], cell).clicked();
                }
                clicked
            });
            if selected {
                let fill = ui.visuals().selection.bg_fill.gamma_multiply(0.35);
                let shape = egui::Shape::rect_filled(line.response.rect, 2.0, fill);
                ui.painter().set(band, shape);
            }
            if line.inner {
                actions.push(select_action(table, row, last, modifiers));
            }
        }
    });
    if dataset.columns.is_empty() {
        ui.label(tr("table-no-fields"));
    }
}

/// A click on a row number: select it (and zoom), Ctrl adds or removes it, Shift selects the
/// rows listed between the last selected one and it.
fn select_action(
    table: &TableView,
    row: usize,
    last: Option<usize>,
    modifiers: egui::Modifiers,
) -> Action {
    if modifiers.shift
        && let Some(last) = last
    {
        let at = |r: usize| table.rows.iter().position(|&x| x as usize == r);
        if let (Some(a), Some(b)) = (at(last), at(row)) {
            let (a, b) = (a.min(b), a.max(b));
            return Action::Table(TableAction::SelectRows {
                rows: table.rows[a..=b].iter().map(|&r| r as usize).collect(),
                add: false,
                zoom: false,
            });
        }
    }
    Action::Table(TableAction::SelectRows {
        rows: vec![row],
        add: modifiers.command,
        zoom: !modifiers.command,
    })
}
