//! The attribute table's state and what it does: which rows it lists (filtered, searched,
//! sorted — in the background for large layers), selection, copy.

mod action;

pub use action::TableAction;

mod ui;

use std::collections::BTreeSet;
use std::sync::Arc;

use crate::app::filter::SYNC_ROWS;
use crate::app::{JobOutput, LayerId, TerritoireApp};
use crate::data::{Bitmap, Column, ColumnData, Dataset, Value};
use crate::jobs::JobId;

/// Rows highlighted on the map at most (a selection can be larger).
pub const MAX_HIGHLIGHTED: usize = 2_000;

/// How the table lists rows.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct TableQuery {
    /// Only the rows the layer's filter keeps.
    pub only_filtered: bool,
    /// Words looked for in every field (case and accents ignored).
    pub search: String,
    /// Sort by this column, ascending when true.
    pub sort: Option<(usize, bool)>,
}

/// The attribute table window.
#[derive(Debug)]
pub struct TableView {
    /// The layer shown.
    pub layer: LayerId,
    /// How rows are listed.
    pub query: TableQuery,
    /// The rows listed, in order.
    pub rows: Arc<Vec<u32>>,
    /// Selected rows (feature indices).
    pub selected: BTreeSet<usize>,
    /// Scroll to this feature at the next frame.
    pub scroll_to: Option<usize>,
    /// Scroll back to the first row at the next frame (new search words).
    pub scroll_top: bool,
    /// The last export: file and count, or why it failed.
    pub notice:
        Option<Result<(std::path::PathBuf, usize), crate::sources::export_file::ExportError>>,
    /// The filter mask the rows were computed with.
    basis: Option<Arc<Bitmap>>,
    job: Option<JobId>,
}

impl TableView {
    /// True while the rows are being computed again.
    pub fn is_computing(&self) -> bool {
        self.job.is_some()
    }
}

/// The rows listed for `query`: filtered by the mask, searched, then sorted (stable).
pub fn table_rows(dataset: &Dataset, mask: Option<&Bitmap>, query: &TableQuery) -> Vec<u32> {
    let base: Box<dyn Iterator<Item = usize>> = match mask.filter(|_| query.only_filtered) {
        Some(mask) => Box::new(mask.iter_ones()),
        None => Box::new(0..dataset.len()),
    };
    let words = crate::filter::eval::fold(query.search.trim());
    let mut rows: Vec<u32> = if words.is_empty() {
        base.map(|r| r as u32).collect()
    } else {
        let tests: Vec<CellTest> = dataset
            .columns
            .iter()
            .map(|c| CellTest::new(c, &words))
            .collect();
        base.filter(|&r| tests.iter().any(|t| t.matches(r)))
            .map(|r| r as u32)
            .collect()
    };
    if let Some((index, ascending)) = query.sort
        && let Some(column) = dataset.columns.get(index)
    {
        sort_rows(&mut rows, column, ascending);
    }
    rows
}

/// A search test on one column: text columns test each distinct value once.
enum CellTest<'a> {
    Codes(Vec<bool>, &'a [u32]),
    Values(&'a Column, &'a str),
}

impl<'a> CellTest<'a> {
    fn new(column: &'a Column, words: &'a str) -> Self {
        match &column.data {
            ColumnData::Text { dictionary, codes } => Self::Codes(
                dictionary
                    .iter()
                    .map(|v| crate::filter::eval::fold(v).contains(words))
                    .collect(),
                codes,
            ),
            _ => Self::Values(column, words),
        }
    }

    fn matches(&self, row: usize) -> bool {
        match self {
            Self::Codes(keep, codes) => codes
                .get(row)
                .and_then(|&c| keep.get(c as usize))
                .copied()
                .unwrap_or(false),
            Self::Values(column, words) => match column.value(row) {
                Value::Null => false,
                v => v.to_string().contains(words),
            },
        }
    }
}

/// Sorts rows by a column's values; empty cells last whatever the direction.
fn sort_rows(rows: &mut [u32], column: &Column, ascending: bool) {
    let ordered = |a: std::cmp::Ordering| if ascending { a } else { a.reverse() };
    match &column.data {
        ColumnData::Text { dictionary, codes } => {
            // Rank each distinct value once, then sort by rank.
            let mut order: Vec<u32> = (0..dictionary.len() as u32).collect();
            order.sort_by(|&a, &b| {
                crate::filter::eval::fold(&dictionary[a as usize])
                    .cmp(&crate::filter::eval::fold(&dictionary[b as usize]))
            });
            let mut rank = vec![0u32; dictionary.len()];
            for (r, &code) in order.iter().enumerate() {
                rank[code as usize] = r as u32;
            }
            let key = |row: u32| {
                codes
                    .get(row as usize)
                    .and_then(|&c| rank.get(c as usize))
                    .copied()
            };
            rows.sort_by(|&a, &b| match (key(a), key(b)) {
                (Some(x), Some(y)) => ordered(x.cmp(&y)),
                (x, y) => x.is_none().cmp(&y.is_none()),
            });
        }
        _ => {
            let key = |row: u32| -> Option<f64> {
                match column.value(row as usize) {
                    Value::Integer(i) => Some(i as f64),
                    Value::Float(f) if f.is_finite() => Some(f),
                    Value::Boolean(b) => Some(f64::from(u8::from(b))),
                    Value::Date(d) => Some(f64::from(d)),
                    Value::DateTime(s) => Some(s as f64),
                    _ => None,
                }
            };
            rows.sort_by(|&a, &b| match (key(a), key(b)) {
                (Some(x), Some(y)) => ordered(x.total_cmp(&y)),
                (x, y) => x.is_none().cmp(&y.is_none()),
            });
        }
    }
}

/// Selected rows as tab-separated text with a header line, ready to paste in a spreadsheet.
pub fn rows_as_text(dataset: &Dataset, rows: impl Iterator<Item = usize>) -> String {
    let clean = |s: String| s.replace(['\t', '\n', '\r'], " ");
    let mut out = dataset
        .columns
        .iter()
        .map(|c| clean(c.name.clone()))
        .collect::<Vec<_>>()
        .join("\t");
    for row in rows {
        out.push('\n');
        let cells: Vec<String> = dataset
            .columns
            .iter()
            .map(|c| match c.value(row) {
                Value::Null => String::new(),
                v => clean(v.to_string()),
            })
            .collect();
        out.push_str(&cells.join("\t"));
    }
    out
}

impl TerritoireApp {
    /// Opens the attribute table of a layer.
    pub(crate) fn show_table(&mut self, id: LayerId) {
        if self.table.as_ref().is_some_and(|t| t.layer == id) {
            return;
        }
        // A filtered layer's table opens on the rows the filter keeps.
        let only_filtered = self.layer(id).is_some_and(|l| l.filter.is_some());
        self.table = Some(TableView {
            layer: id,
            query: TableQuery {
                only_filtered,
                ..TableQuery::default()
            },
            rows: Arc::new(Vec::new()),
            selected: BTreeSet::new(),
            scroll_to: None,
            scroll_top: false,
            notice: None,
            basis: None,
            job: None,
        });
        self.refresh_table(true);
    }

    /// Lists the table's rows again when asked (`force`) or when the layer's filter changed.
    pub(crate) fn refresh_table(&mut self, force: bool) {
        let Some(table) = self.table.as_ref() else {
            return;
        };
        let Some(layer) = self.layers.iter().find(|l| l.id == table.layer) else {
            return;
        };
        let Some(dataset) = layer.dataset.clone() else {
            return;
        };
        let mask = layer.filter.as_ref().map(|f| f.mask.clone());
        let unchanged = match (&mask, &table.basis) {
            (Some(a), Some(b)) => Arc::ptr_eq(a, b),
            (None, None) => true,
            _ => false,
        };
        if unchanged && !force {
            return;
        }
        let query = table.query.clone();
        let id = table.layer;
        let large = dataset.len() > SYNC_ROWS;
        let basis = mask.clone();
        let job = if large {
            Some(self.jobs.spawn(move |_| {
                let rows = table_rows(&dataset, mask.as_deref(), &query);
                JobOutput::TableRows(id, query, Arc::new(rows))
            }))
        } else {
            let rows = table_rows(&dataset, mask.as_deref(), &query);
            if let Some(table) = self.table.as_mut() {
                table.rows = Arc::new(rows);
            }
            None
        };
        if let Some(table) = self.table.as_mut() {
            table.basis = basis;
            table.job = job;
        }
    }

    /// Rows computed in the background arrive; an older query's rows are dropped.
    pub(crate) fn table_rows_arrived(
        &mut self,
        job: JobId,
        id: LayerId,
        query: TableQuery,
        rows: Arc<Vec<u32>>,
    ) {
        if let Some(table) = self.table.as_mut()
            && table.layer == id
            && table.job == Some(job)
            && table.query == query
        {
            table.rows = rows;
            table.job = None;
        }
    }

    /// Changes how the table lists rows.
    pub(crate) fn set_table_query(&mut self, query: TableQuery) {
        if let Some(table) = self.table.as_mut() {
            // New words or another subset: the results start at the top.
            table.scroll_top = table.query.search != query.search
                || table.query.only_filtered != query.only_filtered;
            table.query = query;
            self.refresh_table(true);
        }
    }

    /// Selects rows (replacing or adding to the selection) and shows them on the map.
    pub(crate) fn select_rows(&mut self, rows: Vec<usize>, add: bool, zoom: bool) {
        let Some(table) = self.table.as_mut() else {
            return;
        };
        if !add {
            table.selected.clear();
        }
        for row in &rows {
            if add && table.selected.contains(row) {
                table.selected.remove(row);
            } else {
                table.selected.insert(*row);
            }
        }
        if zoom {
            self.zoom_to_rows(&rows);
        }
    }

    /// Fits the map to rows of the table's layer.
    pub(crate) fn zoom_to_rows(&mut self, rows: &[usize]) {
        let Some(id) = self.table.as_ref().map(|t| t.layer) else {
            return;
        };
        if let Some(ds) = self.layer(id).and_then(|l| l.dataset.clone()) {
            let boxes: Vec<[f64; 4]> = rows
                .iter()
                .filter_map(|&r| ds.geometry.feature_bbox(r))
                .collect();
            if let Some(bbox) = boxes.into_iter().reduce(|a, b| {
                [
                    a[0].min(b[0]),
                    a[1].min(b[1]),
                    a[2].max(b[2]),
                    a[3].max(b[3]),
                ]
            }) {
                // A little room around a point or a small feature.
                let pad = 0.0015;
                self.map
                    .fit([bbox[0] - pad, bbox[1] - pad, bbox[2] + pad, bbox[3] + pad]);
            }
        }
    }

    /// Writes the listed rows to a file (asking where first when `path` is `None`), in the
    /// background.
    pub(crate) fn export_rows(
        &mut self,
        format: crate::sources::export_file::ExportFormat,
        path: Option<std::path::PathBuf>,
    ) {
        let Some(table) = self.table.as_ref() else {
            return;
        };
        let Some(layer) = self.layer(table.layer) else {
            return;
        };
        let Some(dataset) = layer.dataset.clone() else {
            return;
        };
        let rows = table.rows.clone();
        let default_name = format!("{}.{}", layer.name, format.extension());
        self.jobs.spawn(move |_| {
            let Some(path) = path
                .or_else(|| crate::sources::dialog::save_file(&default_name, format.extension()))
            else {
                return JobOutput::Exported(None);
            };
            let result = crate::sources::export_file::export_rows(
                &dataset,
                rows.iter().map(|&r| r as usize),
                format,
                &path,
            )
            .map(|()| (path.clone(), rows.len()))
            .map_err(|e| crate::sources::export_file::ExportError::new(&path, &e));
            JobOutput::Exported(Some(result))
        });
    }

    /// Copies the selected rows (or every listed row when none is selected) to the clipboard.
    pub(crate) fn copy_rows(&self) {
        let Some(table) = self.table.as_ref() else {
            return;
        };
        let Some(ds) = self.layer(table.layer).and_then(|l| l.dataset.clone()) else {
            return;
        };
        let text = if table.selected.is_empty() {
            rows_as_text(&ds, table.rows.iter().map(|&r| r as usize))
        } else {
            rows_as_text(&ds, table.selected.iter().copied())
        };
        self.ctx.copy_text(text);
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::data::DatasetBuilder;

    fn dataset() -> Dataset {
        let mut b = DatasetBuilder::new(false);
        let nom = b.add_column("nom");
        let n = b.add_column("n");
        for (name, number) in [("Église", "3"), ("abbaye", ""), ("Château", "1"), ("", "2")] {
            if name.is_empty() {
                b.column(nom).push_null();
            } else {
                b.column(nom).push_inferred(name);
            }
            b.column(n).push_inferred(number);
            b.geometry.push_point([-0.55, 47.47]);
            b.end_row();
        }
        b.finish(None)
    }

    #[test]
    fn rows_are_searched_filtered_and_sorted() {
        let ds = dataset();
        let all = TableQuery::default();
        assert_eq!(table_rows(&ds, None, &all), vec![0, 1, 2, 3]);
        let by_name = TableQuery {
            sort: Some((0, true)),
            ..all.clone()
        };
        assert_eq!(table_rows(&ds, None, &by_name), vec![1, 2, 0, 3]);
        let by_number_desc = TableQuery {
            sort: Some((1, false)),
            ..all.clone()
        };
        assert_eq!(table_rows(&ds, None, &by_number_desc), vec![0, 3, 2, 1]);
        let search = TableQuery {
            search: "EGL".into(),
            ..all.clone()
        };
        assert_eq!(table_rows(&ds, None, &search), vec![0]);
        let mut mask = Bitmap::new(4, false);
        mask.set(2, true);
        mask.set(3, true);
        let filtered = TableQuery {
            only_filtered: true,
            ..all
        };
        assert_eq!(table_rows(&ds, Some(&mask), &filtered), vec![2, 3]);
    }

    #[test]
    fn copied_rows_are_tab_separated_with_a_header() {
        let ds = dataset();
        assert_eq!(
            rows_as_text(&ds, [2, 3].into_iter()),
            "nom\tn\nChâteau\t1\n\t2"
        );
    }
}
