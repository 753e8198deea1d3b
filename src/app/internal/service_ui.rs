//! The collections (OGC API Features) or feature types (WFS) of the listed service: a search, and
//! each with its title, identifier, extent and CRS when known, and a button to add it.

use egui::{RichText, Ui};

use super::InternalAction;
use crate::app::TerritoireApp;
use crate::app::action::Action;
use crate::i18n::{tr, tr_count};
use crate::sources::internal::ServiceItem;

impl TerritoireApp {
    pub(super) fn internal_items_ui(
        &mut self,
        ui: &mut Ui,
        items: &[ServiceItem],
        actions: &mut Vec<Action>,
    ) {
        let label = ui.label(tr("internal-search-item"));
        ui.text_edit_singleline(&mut self.internal.search)
            .labelled_by(label.id);
        let needle = self.internal.search.to_lowercase();
        let shown: Vec<&ServiceItem> = items
            .iter()
            .filter(|i| {
                needle.is_empty()
                    || i.id.to_lowercase().contains(&needle)
                    || i.title.to_lowercase().contains(&needle)
            })
            .collect();
        ui.label(tr_count("internal-item-count", shown.len() as u64, &[]));
        for item in shown {
            item_row_ui(ui, item, actions);
        }
    }
}

/// What is known of an item besides its title: its identifier, CRS and extent.
fn details(item: &ServiceItem) -> String {
    let mut parts = Vec::new();
    if item.id != item.title {
        parts.push(item.id.clone());
    }
    if let Some(crs) = &item.crs {
        parts.push(short_crs(crs));
    }
    if let Some([w, s, e, n]) = item.extent {
        parts.push(format!("[{w:.3}, {s:.3}, {e:.3}, {n:.3}]"));
    }
    parts.join(" · ")
}

/// `EPSG:2154` for the long URN and URI forms of a CRS, else the text as given.
fn short_crs(crs: &str) -> String {
    let lower = crs.to_ascii_lowercase();
    if lower.contains("crs84") {
        return "CRS84".into();
    }
    if lower.contains("epsg") {
        let code = crs.rsplit([':', '/']).next().unwrap_or(crs);
        return format!("EPSG:{code}");
    }
    crs.to_owned()
}

fn item_row_ui(ui: &mut Ui, item: &ServiceItem, actions: &mut Vec<Action>) {
    ui.horizontal_wrapped(|ui| {
        ui.label(RichText::new(&item.title).strong());
        let details = details(item);
        if !details.is_empty() {
            ui.label(details);
        }
        if ui.button(tr("internal-add")).clicked() {
            actions.push(Action::Internal(InternalAction::AddItem(
                item.id.clone(),
                item.title.clone(),
            )));
        }
    });
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn crs_are_shortened() {
        assert_eq!(
            short_crs("http://www.opengis.net/def/crs/OGC/1.3/CRS84"),
            "CRS84"
        );
        assert_eq!(short_crs("urn:ogc:def:crs:EPSG::2154"), "EPSG:2154");
        assert_eq!(
            short_crs("http://www.opengis.net/def/crs/EPSG/0/4326"),
            "EPSG:4326"
        );
        assert_eq!(short_crs("EPSG:3857"), "EPSG:3857");
    }
}
