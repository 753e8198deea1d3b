//! Applies user actions to the app state: the only place that changes it.

use std::path::PathBuf;
use std::sync::Arc;

use super::layer::LayerSource;
use super::layer::{default_style, display_name};
use super::portal::CatalogState;
use super::{Identified, JobOutput, Layer, LayerId, LayerState, TerritoireApp};
use crate::action::Action;
use crate::data::hit::hit_test;
use crate::sources::LoadOptions;

impl TerritoireApp {
    /// Carries out one user intent.
    pub fn apply(&mut self, action: Action) {
        match action {
            Action::ShowOpenDialog => {
                self.jobs
                    .spawn(|_| JobOutput::Picked(crate::sources::dialog::pick_files()));
            }
            Action::OpenFiles(paths) => paths.into_iter().for_each(|p| self.open_file(p)),
            Action::OpenDemo => match crate::sources::demo::demo_project() {
                Some(project) => self.open_project_file(Some(project)),
                None => crate::sources::demo::demo_files()
                    .into_iter()
                    .for_each(|p| self.open_file(p)),
            },
            Action::SetVisible(id, visible) => {
                if let Some(l) = self.layer_mut(id) {
                    l.visible = visible;
                }
            }
            Action::MoveLayer(id, delta) => self.move_layer(id, delta),
            Action::MoveLayerTo(id, list_pos) => {
                if let Some(from) = self.layers.iter().position(|l| l.id == id) {
                    let layer = self.layers.remove(from);
                    let to = self
                        .layers
                        .len()
                        .saturating_sub(list_pos.min(self.layers.len()));
                    self.layers.insert(to, layer);
                }
            }
            Action::SetStyle(id, style) => {
                if let Some(l) = self.layer_mut(id) {
                    l.style = style;
                }
            }
            Action::Rename(id, name) => {
                if let Some(l) = self.layer_mut(id)
                    && !name.trim().is_empty()
                {
                    l.name = name.trim().to_owned();
                }
            }
            Action::Remove(id) => {
                if let Some(LayerState::Loading { job }) = self.layer(id).map(|l| &l.state) {
                    self.jobs.cancel(*job);
                }
                self.layers.retain(|l| l.id != id);
                if self.table.as_ref().is_some_and(|t| t.layer == id) {
                    self.table = None;
                }
                if self.filter_panel.as_ref().is_some_and(|p| p.layer == id) {
                    self.filter_panel = None;
                }
                if self.identified.as_ref().is_some_and(|i| i.layer == id) {
                    self.identified = None;
                }
            }
            Action::ZoomToLayer(id) => {
                if let Some(bbox) = self
                    .layer(id)
                    .and_then(|l| l.dataset.as_ref())
                    .and_then(|d| d.bbox)
                {
                    self.map.fit(bbox);
                }
            }
            Action::ZoomToAngers => self.map.zoom_to_angers(),
            Action::CancelLoad(id) => {
                if let Some(LayerState::Loading { job }) = self.layer(id).map(|l| &l.state) {
                    self.jobs.cancel(*job);
                }
            }
            Action::Reload(id, crs) => self.reload(id, crs),
            Action::SetBasemap(basemap) => {
                self.map.set_basemap(basemap, &self.ctx.clone());
                self.settings.basemap = basemap;
                self.save_settings();
            }
            Action::SetLanguage(language) => {
                crate::i18n::set_language(language);
                self.settings.language = language;
                self.save_settings();
            }
            Action::SetRenderer(renderer) => {
                self.settings.renderer = renderer;
                self.save_settings();
            }
            Action::Identify(lon_lat, tolerance) => {
                if !self.pick_zone(lon_lat, tolerance) {
                    self.identify(lon_lat, tolerance);
                }
            }
            Action::CloseIdentify => self.identified = None,
            Action::ToggleSettings => self.settings_open = !self.settings_open,
            Action::ShowTable(id) => self.show_table(id),
            Action::SetTableQuery(query) => self.set_table_query(query),
            Action::SelectRows { rows, add, zoom } => self.select_rows(rows, add, zoom),
            Action::CopyRows => self.copy_rows(),
            Action::ExportRows(format, path) => self.export_rows(format, path),
            Action::ZoomToRows(rows) => self.zoom_to_rows(&rows),
            Action::TableScrolled => {
                if let Some(table) = self.table.as_mut() {
                    table.scroll_to = None;
                }
            }
            Action::CloseTable => self.table = None,
            Action::TogglePortal => {
                self.portal.open = !self.portal.open;
                if self.portal.open && matches!(self.portal.state, CatalogState::Idle) {
                    self.search_catalog();
                }
            }
            Action::SelectPortal(index) => {
                self.portal.selected = index;
                self.portal.refine.clear();
                self.search_catalog();
            }
            Action::AddPortal(text) => self.add_portal(&text),
            Action::SearchCatalog => self.search_catalog(),
            Action::ToggleFacet(facet, value) => {
                let entry = (facet, value);
                if !self.portal.refine.remove(&entry) {
                    self.portal.refine.insert(entry);
                }
                self.search_catalog();
            }
            Action::ToggleField(dataset, field) => {
                let dropped = self.portal.dropped_fields.entry(dataset).or_default();
                if !dropped.remove(&field) {
                    dropped.insert(field);
                }
            }
            Action::AddPortalDataset(portal, meta) => self.request_dataset(portal, *meta),
            Action::PasteDataset(text) => self.paste_dataset(&text),
            Action::LoadLarge(scope) => {
                if let Some(mut large) = self.portal.large.take() {
                    // The filter is checked here and sent in its normalised ODSQL form.
                    let filter = match crate::filter::parse(&large.filter) {
                        Ok(expr) => Some(crate::filter::to_odsql(&expr)),
                        Err(e) if scope == super::portal::LoadScope::Filter => {
                            large.error = Some(e.to_string());
                            self.portal.large = Some(large);
                            return;
                        }
                        Err(_) => None,
                    };
                    self.add_portal_layer(large.portal, &large.meta, scope, filter);
                }
            }
            Action::CancelLarge => self.portal.large = None,
            Action::ClearPortalCache(dataset) => self.clear_portal_cache(&dataset),
            Action::SetPortalKey(key) => self.set_portal_key(key),
            Action::SearchAddress(text) => self.address_typed(text),
            Action::GoToAddress(s) => self.go_to_address(*s),
            Action::CloseAddressSearch => self.search.open = false,
            Action::ClearMarker => self.map.marker = None,
            Action::SetGeocoderUrl(url) => {
                self.settings.geocoder_url = url.trim().to_owned();
                self.save_settings();
            }
            Action::PickZones(index) => {
                if let Some(panel) = self.filter_panel.as_mut() {
                    panel.picking = index;
                }
            }
            Action::StartSketch(index, kind) => {
                if let Some(panel) = self.filter_panel.as_mut() {
                    panel.sketching = Some(index);
                    panel.picking = None;
                    self.map.sketch = Some(crate::map::Sketch::new(kind));
                }
            }
            Action::SketchFinished(event) => self.sketch_finished(event),
            Action::ToggleZoneStats => self.toggle_zone_stats(),
            Action::ToggleCompare => self.toggle_compare(),
            Action::AddBookmark(name) => self.add_bookmark(name),
            Action::GoToBookmark(i) => self.go_to_bookmark(i),
            Action::RemoveBookmark(i) => {
                if i < self.project.bookmarks.len() {
                    self.project.bookmarks.remove(i);
                }
            }
            Action::ToggleScenario => self.scenario_open = !self.scenario_open,
            Action::CaptureStep(title, text) => self.capture_step(title, text),
            Action::RecaptureStep(i) => self.recapture_step(i),
            Action::EditStep(i, title, text) => {
                if let Some(step) = self.project.steps.get_mut(i) {
                    step.title = title;
                    step.text = text;
                }
            }
            Action::GoToStep(i) => self.go_to_step(i),
            Action::MoveStep(i, delta) => self.move_step(i, delta),
            Action::RemoveStep(i) => {
                if i < self.project.steps.len() {
                    self.project.steps.remove(i);
                    self.scenario_selected = None;
                }
            }
            Action::StartPresentation(i) => self.start_presentation(i),
            Action::PresentationStep(delta) => self.presentation_step(delta),
            Action::ResetExercise => self.reset_exercise(),
            Action::StopPresentation => self.stop_presentation(),
            Action::RestoreSession(restore) => self.restore_autosave(restore),
            Action::OpenProject(path) => self.open_project_file(path),
            Action::SaveProject(path) => self.save_project(path, false),
            Action::SaveProjectAs => self.save_project(None, true),
            Action::LocateFile(id, Some(path)) => self.relocate(id, path),
            Action::LocateFile(id, None) => self.ask_relocation(id),
            Action::ToggleMapExport => self.print.open = !self.print.open,
            Action::SetPrintTitle(title) => self.print.title = title,
            Action::ExportMap(path) => self.export_map(path),
            Action::SetCompareView(view) => self.compare.view = view,
            Action::SetCompareSide(id, side) => {
                self.compare.sides.insert(id, side);
            }
            Action::EditZoneStats(edit) => {
                let e = *edit;
                let p = &mut self.zone_stats;
                p.zones = e.zones;
                p.indicator = e.indicator;
                p.near = e.near;
                p.near_metres = e.near_metres;
                p.measure = e.measure;
                p.method = e.method;
                p.manual = e.manual;
                p.classes = e.classes;
                p.palette = e.palette;
                p.sort_by_value = e.sort_by_value;
                p.field = e.field;
                p.others = e.others;
                self.classify_zones();
            }
            Action::OpenFilter(id) => self.open_filter(id),
            Action::CloseFilter => self.filter_panel = None,
            Action::EditFilter(edit) => self.edit_filter(*edit),
            Action::ClearFilter(id) => self.clear_filter(id),
            Action::SetFilterMode(id, mode) => {
                if let Some(l) = self.layer_mut(id) {
                    l.filter_mode = mode;
                }
            }
            Action::SummarizeField(field) => self.summarize_field(field),
            Action::SaveFilter => self.save_filter(),
            Action::UseSavedFilter(index) => self.use_saved_filter(index),
            Action::DeleteSavedFilter(index) => {
                if index < self.settings.saved_filters.len() {
                    self.settings.saved_filters.remove(index);
                    self.save_settings();
                }
            }
            Action::ReloadWithFilter(id) => self.reload_with_filter(id),
            Action::SetPersonal(id, personal) => {
                if let Some(l) = self.layer_mut(id) {
                    l.personal = personal;
                }
                self.classify_zones();
            }
            Action::SetSecrecyThreshold(threshold) => {
                self.settings.secrecy_threshold = threshold.max(1);
                self.save_settings();
                self.classify_zones();
            }
            Action::FilterFarFrom {
                layer,
                other,
                metres,
            } => self.filter_far_from(layer, other, metres),
            Action::ExportZoneTable(path) => self.export_zone_table(path),
            Action::SetDisplay(display) => self.set_display(display),
            Action::TogglePresentation => self.toggle_presentation(),
            Action::Change(action) => self.apply_change(action),
        }
    }

    fn open_file(&mut self, path: PathBuf) {
        let id = LayerId(self.next_layer_id);
        self.next_layer_id += 1;
        let stem = path
            .file_stem()
            .map(|s| s.to_string_lossy().into_owned())
            .unwrap_or_default();
        let options = LoadOptions {
            crs: self.start.crs.clone(),
        };
        let job = self.spawn_load(path.clone(), options.clone());
        self.layers.push(Layer {
            id,
            name: display_name(&path),
            style: default_style(&stem, self.layers.len()),
            source: LayerSource::File { path, options },
            provenance: None,
            state: LayerState::Loading { job },
            dataset: None,
            visible: true,
            filter: None,
            filter_mode: Default::default(),
            filter_job: None,
            personal: false,
            previous: None,
        });
    }

    pub(super) fn spawn_load(&mut self, path: PathBuf, options: LoadOptions) -> crate::jobs::JobId {
        self.jobs.spawn(move |progress| {
            let result = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| {
                crate::sources::load_path(&path, &options, progress)
            }));
            JobOutput::Loaded(match result {
                Ok(Ok(dataset)) => Ok(Arc::new(dataset)),
                Ok(Err(e)) => Err(e.to_string()),
                Err(_) => Err(crate::i18n::tr("err-internal")),
            })
        })
    }

    pub(super) fn reload(&mut self, id: LayerId, crs: Option<String>) {
        let Some(source) = self.layer(id).map(|l| l.source.clone()) else {
            return;
        };
        if let LayerState::Loading { job } = self.layer(id).map_or(&LayerState::Ready, |l| &l.state)
        {
            self.jobs.cancel(*job);
        }
        let (job, source) = match source {
            LayerSource::File { path, mut options } => {
                options.crs = crs;
                let job = self.spawn_load(path.clone(), options.clone());
                (job, LayerSource::File { path, options })
            }
            LayerSource::Portal { portal, request } => {
                let job = self.spawn_portal_load(portal.clone(), request.clone());
                (job, LayerSource::Portal { portal, request })
            }
        };
        if let Some(layer) = self.layer_mut(id) {
            layer.source = source;
            layer.state = LayerState::Loading { job };
        }
    }

    fn move_layer(&mut self, id: LayerId, delta: i32) {
        let Some(from) = self.layers.iter().position(|l| l.id == id) else {
            return;
        };
        let to = (from as i64 + i64::from(delta)).clamp(0, self.layers.len() as i64 - 1) as usize;
        let layer = self.layers.remove(from);
        self.layers.insert(to, layer);
    }

    /// Top layer first: the first feature found under the click is shown.
    fn identify(&mut self, lon_lat: [f64; 2], tolerance: f64) {
        self.identified = self
            .layers
            .iter()
            .rev()
            .filter(|l| l.visible)
            .find_map(|layer| {
                let ds = layer.dataset.as_ref()?;
                let shown = layer
                    .filter
                    .as_ref()
                    .filter(|_| layer.filter_mode == super::FilterMode::Hide)
                    .map(|f| f.mask.as_ref());
                let feature = hit_test(ds, lon_lat, tolerance, shown)?;
                let attributes = ds
                    .columns
                    .iter()
                    .map(|c| (c.name.clone(), c.value(feature).to_string()))
                    .collect();
                Some(Identified {
                    layer: layer.id,
                    feature,
                    attributes,
                })
            });
        // A feature clicked on the map is selected in its open attribute table.
        if let (Some(found), Some(table)) = (&self.identified, self.table.as_mut())
            && table.layer == found.layer
        {
            table.selected.clear();
            table.selected.insert(found.feature);
            table.scroll_to = Some(found.feature);
        }
    }

    pub(super) fn save_settings(&self) {
        if self.start.ephemeral {
            return;
        }
        if let Err(e) = crate::sources::settings_file::save(&self.settings) {
            log::warn!("settings not saved: {e}");
        }
    }
}
