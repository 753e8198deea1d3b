//! Layers that follow the map: a table too large to load is shown by extent. When the view
//! settles after a pan or a zoom, the features in view (at most a fixed number, in a stable
//! order) are read in a background job that supersedes the previous one, and replace the
//! layer's dataset; the layer says when the view held more.

use std::collections::HashMap;
use std::sync::Arc;
use std::time::{Duration, Instant};

use crate::app::layers::{Layer, LayerError, LayerId, LayerSource, LayerState, default_style};
use crate::app::{JobOutput, TerritoireApp};
use crate::data::{Bbox, Dataset};
use crate::jobs::JobId;
use crate::sources::internal::{InternalLayer, load_view};

/// Features read per view at most, unless [`super::InternalPanel::view_cap`] says otherwise.
pub const VIEW_CAP: u64 = 20_000;

/// How long the view must stay still before its features are read (as the rasters' pacing,
/// a pan does not start one read per frame).
const SETTLE: Duration = Duration::from_millis(300);

/// The features in view, read by a job: the view, and the rows with whether it held more.
pub type ViewResult = (Bbox, Result<(Arc<Dataset>, bool), LayerError>);

/// Where a layer that follows the map stands.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Follow {
    /// The view whose features the layer holds.
    pub shown: Option<Bbox>,
    /// The view being read, by this job.
    pub pending: Option<(JobId, Bbox)>,
    /// The view seen last and since when (a read starts once it has stayed still).
    seen: Option<(Bbox, Instant)>,
    /// The view shown held more features than were read: how many were read.
    pub partial: Option<usize>,
    /// The layer's own filter sent with the last read started (so the cap counts the features
    /// it keeps), in the filter language.
    pub sent: Option<String>,
}

/// The layers that follow the map, by layer.
pub type Following = HashMap<LayerId, Follow>;

/// True when `expr` prints as SQL (word matching and spatial tests run here only).
pub(crate) fn sql_pushable(expr: &crate::filter::Expr) -> bool {
    let any_kind = |_: &str| Some(crate::data::FieldType::Text);
    !matches!(
        crate::filter::sql::to_sql(expr, &any_kind, 0),
        Err(crate::filter::sql::SqlError::NotPushable)
    )
}

/// The filter to read: the layer's pushed-down one and the one of its filter window.
fn both(layer: Option<&String>, window: Option<&String>) -> Option<String> {
    match (layer, window) {
        (Some(a), Some(b)) => Some(format!("({a}) AND ({b})")),
        (a, b) => a.or(b).cloned(),
    }
}

/// A view worth reading: finite and not empty (the map has been drawn).
fn usable(bbox: Bbox) -> bool {
    bbox.iter().all(|v| v.is_finite()) && bbox[2] > bbox[0] && bbox[3] > bbox[1]
}

impl TerritoireApp {
    /// Features read per view at most.
    pub fn view_cap(&self) -> u64 {
        self.internal.view_cap.unwrap_or(VIEW_CAP).max(1)
    }

    /// The view a new layer that follows the map reads first: the saved one, else the map's.
    fn first_view(&self, layer: &InternalLayer) -> Bbox {
        layer
            .bbox
            .filter(|b| usable(*b))
            .unwrap_or_else(|| self.map.visible_bbox())
    }

    /// Adds `layer` (a table shown by extent) to the map under `name` and reads its view.
    pub fn add_following_layer(&mut self, name: String, mut layer: InternalLayer) {
        let id = LayerId(self.next_layer_id);
        self.next_layer_id += 1;
        layer.follows_map = true;
        layer.bbox = Some(self.map.visible_bbox());
        let job = self.spawn_view_load(id, &layer);
        self.layers.push(Layer::new(
            id,
            name.clone(),
            default_style(&name, self.layers.len()),
            LayerSource::Internal(layer),
            LayerState::Loading { job },
        ));
    }

    /// Starts reading the view of `layer` (the layer `id`), superseding a read under way.
    pub(crate) fn spawn_view_load(&mut self, id: LayerId, layer: &InternalLayer) -> JobId {
        let bbox = self.first_view(layer);
        self.spawn_view_read(id, layer.clone(), bbox, None)
    }

    /// The filter of the layer's filter window that its reads can carry: a PostGIS table whose
    /// filter hides (not greys) and prints as SQL.
    fn filter_to_send(&self, layer: &Layer) -> Option<String> {
        let filter = layer.filter.as_ref()?;
        let LayerSource::Internal(internal) = &layer.source else {
            return None;
        };
        let hides = layer.filter_mode == crate::app::FilterMode::Hide;
        if !hides || !filter.places.is_empty() || filter.expression.trim().is_empty() {
            return None;
        }
        let postgis = matches!(
            self.internal_connection(&internal.connection),
            Some(crate::sources::internal::InternalConnection::Postgis(_))
        );
        let expr = crate::filter::parse(&filter.expression).ok()?;
        (postgis && sql_pushable(&expr)).then(|| filter.expression.clone())
    }

    fn spawn_view_read(
        &mut self,
        id: LayerId,
        mut layer: InternalLayer,
        bbox: Bbox,
        window: Option<String>,
    ) -> JobId {
        let follow = self.internal.follow.entry(id).or_default();
        if let Some((old, _)) = follow.pending.take() {
            self.jobs.cancel(old);
        }
        layer.filter = both(layer.filter.as_ref(), window.as_ref());
        follow.sent = window;
        let connection = self.internal_connection(&layer.connection);
        let password = self.session_password(connection.as_ref());
        let cap = self.view_cap();
        let job = self.jobs.spawn(move |progress| {
            let Some(connection) = connection else {
                let missing = crate::sources::SourceError::format(
                    "err-internal-missing",
                    &[("connection", &layer.connection)],
                );
                return JobOutput::ViewLoaded(id, (bbox, Err(LayerError::from(missing))));
            };
            let result = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| {
                load_view(
                    &connection,
                    &layer,
                    bbox,
                    cap,
                    password.as_deref(),
                    progress,
                )
            }));
            let result = match result {
                Ok(Ok(view)) => Ok((Arc::new(view.dataset), view.partial)),
                Ok(Err(e)) => Err(e.into()),
                Err(_) => Err(LayerError::Internal),
            };
            JobOutput::ViewLoaded(id, (bbox, result))
        });
        if let Some(follow) = self.internal.follow.get_mut(&id) {
            follow.pending = Some((job, bbox));
            follow.seen = None;
        }
        job
    }

    /// Each frame: a layer that follows the map whose view has settled elsewhere than the view
    /// it holds (or is reading) reads the new one.
    pub(crate) fn follow_step(&mut self) {
        let bbox = self.map.visible_bbox();
        if !usable(bbox) {
            return;
        }
        let following: Vec<(LayerId, InternalLayer, Option<String>)> = self
            .layers
            .iter()
            .filter(|l| l.visible)
            .filter_map(|l| match &l.source {
                LayerSource::Internal(internal) if internal.follows_map => {
                    Some((l.id, internal.clone(), self.filter_to_send(l)))
                }
                _ => None,
            })
            .collect();
        // Forget removed layers (a layer hidden keeps its place: shown again, it reads its view).
        let layers = &self.layers;
        self.internal
            .follow
            .retain(|id, f| f.pending.is_some() || layers.iter().any(|l| l.id == *id));
        let now = Instant::now();
        for (id, layer, window) in following {
            let follow = self.internal.follow.entry(id).or_default();
            let target = follow.pending.map(|(_, b)| b).or(follow.shown);
            if target == Some(bbox) {
                follow.seen = None;
                if follow.sent != window {
                    // A new filter: the same view, read again at once with it.
                    self.spawn_view_read(id, layer, bbox, window);
                }
                continue;
            }
            match follow.seen {
                Some((seen, since)) if seen == bbox => {
                    let still = now.saturating_duration_since(since);
                    if still >= SETTLE {
                        self.spawn_view_read(id, layer, bbox, window);
                    } else {
                        self.ctx.request_repaint_after(SETTLE - still);
                    }
                }
                _ => {
                    follow.seen = Some((bbox, now));
                    self.ctx.request_repaint_after(SETTLE);
                }
            }
        }
    }

    /// The features of a view arrived; a read superseded since, or for a layer removed, is
    /// dropped. The layer keeps its previous rows when the read failed.
    pub(crate) fn view_loaded(&mut self, job: JobId, id: LayerId, view: ViewResult) {
        let (bbox, result) = view;
        let Some(follow) = self.internal.follow.get_mut(&id) else {
            return;
        };
        if follow.pending.map(|(j, _)| j) != Some(job) {
            return;
        }
        follow.pending = None;
        follow.shown = Some(bbox);
        let partial = match &result {
            Ok((dataset, true)) => Some(dataset.len()),
            _ => None,
        };
        follow.partial = partial;
        let Some(layer) = self.layer_mut(id) else {
            self.internal.follow.remove(&id);
            return;
        };
        match result {
            Ok((dataset, _)) => {
                layer.dataset = Some(dataset);
                layer.state = LayerState::Ready;
                if let LayerSource::Internal(internal) = &mut layer.source {
                    internal.bbox = Some(bbox);
                }
                self.refilter(id);
                self.apply_pending_filters();
            }
            Err(error) => {
                log::warn!("{}: {error:?}", layer.source.describe());
                layer.state = LayerState::Failed(error);
            }
        }
    }

    /// Whether the layer `id` is reading a new view (its rows are those of the previous one).
    pub fn reading_view(&self, id: LayerId) -> bool {
        self.internal
            .follow
            .get(&id)
            .is_some_and(|f| f.pending.is_some())
    }

    /// How many features the layer `id` shows when its view held more (its *affichage
    /// partiel*), `None` when it shows all of them or does not follow the map.
    pub fn partial_display(&self, id: LayerId) -> Option<usize> {
        self.internal.follow.get(&id).and_then(|f| f.partial)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_a_drawn_view_is_read() {
        assert!(usable([-0.6, 47.4, -0.5, 47.5]));
        assert!(
            !usable([-0.6, 47.4, -0.6, 47.4]),
            "an undrawn map has no size"
        );
        assert!(!usable([f64::NAN, 47.4, -0.5, 47.5]));
    }

    #[test]
    fn the_window_filter_is_added_to_the_layer_filter() {
        let a = "n > 1".to_string();
        let b = r#"libelle = "x""#.to_string();
        assert_eq!(
            both(Some(&a), Some(&b)).as_deref(),
            Some(r#"(n > 1) AND (libelle = "x")"#)
        );
        assert_eq!(both(None, Some(&b)), Some(b.clone()));
        assert_eq!(both(Some(&a), None), Some(a));
        assert_eq!(both(None, None), None);
        let combined = both(Some(&"n > 1".into()), Some(&b)).expect("both");
        assert!(crate::filter::parse(&combined).is_ok(), "{combined}");
        assert!(sql_pushable(
            &crate::filter::parse(&combined).expect("parsed")
        ));
    }
}
