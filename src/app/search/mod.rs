//! The address search box's state and what it does: suggestions from loaded address layers
//! first, then from the national address service, both in the background; going to a pick.

mod action;

pub use action::SearchAction;

mod ui;

use std::sync::Arc;
use std::time::{Duration, Instant};

use crate::app::{JobOutput, TerritoireApp};
use crate::data::Dataset;
use crate::jobs::JobId;
use crate::sources::geocoder::{GeocodeError, Geocoder, Suggestion};

/// Pause after the last key before searching, so typing does not send a request per key.
const DEBOUNCE: Duration = Duration::from_millis(250);
/// Suggestions asked of each side.
const LIMIT: usize = 6;
/// The national service needs this many characters.
const REMOTE_MIN_CHARS: usize = 3;
/// Zoom level of a found address.
const ADDRESS_ZOOM: f64 = 18.0;

/// Suggestions of one side, with the text they answer.
#[derive(Clone, Debug, Default)]
pub struct Suggestions {
    /// The text searched.
    pub query: String,
    /// Suggestions, best first.
    pub items: Vec<Suggestion>,
    /// Why there are none from this side.
    pub error: Option<GeocodeError>,
    /// A search is running.
    pub pending: bool,
}

/// The address search box.
#[derive(Debug, Default)]
pub struct AddressSearch {
    /// The text typed.
    pub text: String,
    /// Suggestions list shown.
    pub open: bool,
    /// From loaded address layers.
    pub local: Suggestions,
    /// From the national address service.
    pub remote: Suggestions,
    due: Option<Instant>,
    local_job: Option<JobId>,
    remote_job: Option<JobId>,
}

/// An address layer: its data, name and the fields an address is written from.
struct AddressLayer {
    dataset: Arc<Dataset>,
    name: String,
    fields: Vec<String>,
}

/// The addresses of the layers that match `query`, layer by layer, at most `LIMIT` in all.
fn search_layers(layers: &[AddressLayer], query: &str) -> Vec<Suggestion> {
    let mut items = Vec::new();
    for layer in layers {
        let fields: Vec<&str> = layer.fields.iter().map(String::as_str).collect();
        for m in crate::filter::address::search_addresses(&layer.dataset, &fields, query, LIMIT) {
            items.push(Suggestion {
                label: m.label,
                context: layer.name.clone(),
                lon_lat: m.lon_lat,
                score: 1.0,
            });
        }
    }
    items.truncate(LIMIT);
    items
}

impl TerritoireApp {
    /// The user typed: the search starts after a short pause.
    pub(crate) fn address_typed(&mut self, text: String) {
        self.search.text = text;
        self.search.open = !self.search.text.trim().is_empty();
        self.search.due = Some(Instant::now() + DEBOUNCE);
        self.ctx.request_repaint_after(DEBOUNCE);
    }

    /// Starts the searches once the pause is over (called every frame).
    pub(crate) fn address_search_step(&mut self) {
        let Some(due) = self.search.due else {
            return;
        };
        let now = Instant::now();
        if now < due {
            self.ctx.request_repaint_after(due - now);
            return;
        }
        self.search.due = None;
        let text = self.search.text.trim().to_owned();
        if text.is_empty() {
            self.search.local = Suggestions::default();
            self.search.remote = Suggestions::default();
            return;
        }
        self.start_local_search(&text);
        self.start_remote_search(text);
    }

    /// Searches the loaded address layers in the background; nothing pending without any.
    fn start_local_search(&mut self, text: &str) {
        let layers = self.address_layers();
        self.search.local = Suggestions {
            query: text.to_owned(),
            pending: !layers.is_empty(),
            ..Suggestions::default()
        };
        if !layers.is_empty() {
            let query = text.to_owned();
            self.search.local_job = Some(self.jobs.spawn(move |_| {
                let items = search_layers(&layers, &query);
                JobOutput::Addresses {
                    local: true,
                    query,
                    result: Ok(items),
                }
            }));
        }
    }

    /// Asks the address service, near the map's centre, once the text is long enough.
    fn start_remote_search(&mut self, text: String) {
        self.search.remote = Suggestions {
            query: text.clone(),
            pending: text.chars().count() >= REMOTE_MIN_CHARS,
            ..Suggestions::default()
        };
        if self.search.remote.pending {
            let base = self.geocoder_url();
            let near = self.map.center_zoom().0;
            let query = text;
            self.search.remote_job = Some(self.jobs.spawn(move |_| {
                let result = Geocoder::new(&base).and_then(|g| g.search(&query, LIMIT, Some(near)));
                JobOutput::Addresses {
                    local: false,
                    query,
                    result,
                }
            }));
        }
    }

    /// The service's base URL: from the command line, else the settings.
    pub(crate) fn geocoder_url(&self) -> String {
        self.start
            .geocoder
            .clone()
            .unwrap_or_else(|| self.settings.geocoder_url.clone())
    }

    /// Layers whose preset says they are address points, with their address fields.
    fn address_layers(&self) -> Vec<AddressLayer> {
        self.layers
            .iter()
            .filter_map(|layer| {
                let dataset = layer.dataset.clone()?;
                let preset = layer.preset()?;
                let names: Vec<&str> = dataset.columns.iter().map(|c| c.name.as_str()).collect();
                let fields: Vec<String> = preset
                    .address_fields(&names)
                    .into_iter()
                    .map(str::to_owned)
                    .collect();
                (!fields.is_empty()).then(|| AddressLayer {
                    dataset: dataset.clone(),
                    name: layer.name.clone(),
                    fields,
                })
            })
            .collect()
    }

    /// Suggestions arrived; those for an older text are dropped.
    pub(crate) fn addresses_arrived(
        &mut self,
        job: JobId,
        local: bool,
        query: String,
        result: Result<Vec<Suggestion>, GeocodeError>,
    ) {
        let (side, current) = if local {
            (&mut self.search.local, self.search.local_job)
        } else {
            (&mut self.search.remote, self.search.remote_job)
        };
        if current != Some(job) || side.query != query {
            return;
        }
        side.pending = false;
        match result {
            Ok(items) => {
                side.items = items;
                side.error = None;
            }
            Err(error) => {
                side.items.clear();
                side.error = Some(error);
            }
        }
    }

    /// Goes to a picked address and marks it.
    pub(crate) fn go_to_address(&mut self, suggestion: Suggestion) {
        self.map.go_to(suggestion.lon_lat, ADDRESS_ZOOM);
        self.search.text = suggestion.label.clone();
        self.search.open = false;
        self.map.marker = Some((suggestion.lon_lat, suggestion.label));
    }
}
