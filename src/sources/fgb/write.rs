//! Writes a dataset as FlatGeobuf (WGS 84, without the optional spatial index): the header with
//! the typed columns, then each feature's geometry and properties as aligned FlatBuffers tables;
//! the file appears complete or not at all.

use std::io::Write;
use std::path::Path;

use crate::data::{Dataset, FieldType, GeomKind, GeometryColumn, Value};

/// The file's first bytes: "fgb", the major version 3, "fgb", the patch version 0.
const MAGIC: [u8; 8] = [0x66, 0x67, 0x62, 0x03, 0x66, 0x67, 0x62, 0x00];

/// A field of a table to write: a scalar kept in the table, or an object it points to.
enum Field {
    U8(u8),
    U16(u16),
    I32(i32),
    U64(u64),
    Str(String),
    Doubles(Vec<f64>),
    U32s(Vec<u32>),
    Bytes(Vec<u8>),
    Table(Vec<Option<Field>>),
    Tables(Vec<Vec<Option<Field>>>),
}

impl Field {
    /// Bytes the field takes in its table (an offset for the objects).
    fn size(&self) -> usize {
        match self {
            Field::U8(_) => 1,
            Field::U16(_) => 2,
            Field::U64(_) => 8,
            _ => 4,
        }
    }
}

/// A size-prefixed FlatBuffers buffer built front to back: every offset points forward, every
/// scalar sits at a multiple of its size from the buffer's start.
struct Builder(Vec<u8>);

impl Builder {
    fn pad_until(&mut self, modulo: usize, rest: usize) {
        while self.0.len() % modulo != rest {
            self.0.push(0);
        }
    }

    fn patch(&mut self, slot: usize, target: usize) {
        let offset = (target - slot) as u32;
        self.0[slot..slot + 4].copy_from_slice(&offset.to_le_bytes());
    }

    /// The buffer of the root table `fields`, its size first.
    fn root(fields: Vec<Option<Field>>) -> Vec<u8> {
        let mut b = Builder(vec![0; 8]);
        let at = b.table(fields);
        b.patch(4, at);
        let size = (b.0.len() - 4) as u32;
        b.0[..4].copy_from_slice(&size.to_le_bytes());
        b.0
    }

    /// Writes a table (vtable, then the table, then what it points to); returns where it starts.
    fn table(&mut self, fields: Vec<Option<Field>>) -> usize {
        // Widest fields first, so that each lands on a multiple of its size.
        let mut order: Vec<usize> = (0..fields.len()).filter(|&i| fields[i].is_some()).collect();
        order.sort_by_key(|&i| std::cmp::Reverse(fields[i].as_ref().map_or(0, Field::size)));
        let mut slots = vec![0u16; fields.len()];
        let mut at = 4usize;
        for &i in &order {
            slots[i] = at as u16;
            at += fields[i].as_ref().map_or(0, Field::size);
        }
        self.pad_until(2, 0);
        let vtable = self.0.len();
        self.0.extend(((4 + 2 * fields.len()) as u16).to_le_bytes());
        self.0.extend((at as u16).to_le_bytes());
        slots.iter().for_each(|s| self.0.extend(s.to_le_bytes()));
        let wide = order
            .iter()
            .any(|&i| fields[i].as_ref().map_or(0, Field::size) == 8);
        if wide {
            self.pad_until(8, 4);
        } else {
            self.pad_until(4, 0);
        }
        let start = self.0.len();
        self.0.extend(((start - vtable) as i32).to_le_bytes());
        let mut fields: Vec<Option<Field>> = fields;
        let mut children = Vec::new();
        for &i in &order {
            match fields[i].take() {
                Some(Field::U8(v)) => self.0.push(v),
                Some(Field::U16(v)) => self.0.extend(v.to_le_bytes()),
                Some(Field::I32(v)) => self.0.extend(v.to_le_bytes()),
                Some(Field::U64(v)) => self.0.extend(v.to_le_bytes()),
                Some(object) => {
                    children.push((self.0.len(), object));
                    self.0.extend([0; 4]);
                }
                None => {}
            }
        }
        for (slot, object) in children {
            let target = self.object(object);
            self.patch(slot, target);
        }
        start
    }

    /// Writes a string, vector or table; returns where it starts.
    fn object(&mut self, field: Field) -> usize {
        let count = |b: &mut Builder, n: usize| {
            let start = b.0.len();
            b.0.extend((n as u32).to_le_bytes());
            start
        };
        match field {
            Field::Str(s) => {
                self.pad_until(4, 0);
                let start = count(self, s.len());
                self.0.extend(s.as_bytes());
                self.0.push(0);
                start
            }
            Field::Doubles(v) => {
                self.pad_until(8, 4);
                let start = count(self, v.len());
                v.iter().for_each(|d| self.0.extend(d.to_le_bytes()));
                start
            }
            Field::U32s(v) => {
                self.pad_until(4, 0);
                let start = count(self, v.len());
                v.iter().for_each(|d| self.0.extend(d.to_le_bytes()));
                start
            }
            Field::Bytes(v) => {
                self.pad_until(4, 0);
                let start = count(self, v.len());
                self.0.extend(v);
                start
            }
            Field::Table(fields) => self.table(fields),
            Field::Tables(tables) => {
                self.pad_until(4, 0);
                let start = count(self, tables.len());
                let slots: Vec<usize> = (0..tables.len()).map(|i| start + 4 + 4 * i).collect();
                self.0.extend(vec![0; 4 * tables.len()]);
                for (slot, fields) in slots.into_iter().zip(tables) {
                    let target = self.table(fields);
                    self.patch(slot, target);
                }
                start
            }
            Field::U8(_) | Field::U16(_) | Field::I32(_) | Field::U64(_) => self.0.len(),
        }
    }
}

/// FlatGeobuf's geometry type code of a kind (0, unknown, for a mix).
fn type_code(kind: GeomKind) -> u8 {
    match kind {
        GeomKind::Empty => 0,
        GeomKind::Point => 1,
        GeomKind::LineString => 2,
        GeomKind::Polygon => 3,
        GeomKind::MultiPoint => 4,
        GeomKind::MultiLineString => 5,
        GeomKind::MultiPolygon => 6,
    }
}

/// FlatGeobuf's column type code of a field type.
fn column_code(field: FieldType) -> u8 {
    match field {
        FieldType::Boolean => 2,
        FieldType::Integer => 7,
        FieldType::Float => 10,
        FieldType::Text => 11,
        FieldType::Date | FieldType::Datetime => 13,
    }
}

/// The positions and ring ends of `rings` (ends left out for a single ring).
fn flat(rings: &[&[[f64; 2]]]) -> Vec<Option<Field>> {
    let xy: Vec<f64> = rings
        .iter()
        .flat_map(|r| r.iter().flatten().copied())
        .collect();
    let mut ends = Vec::new();
    let mut total = 0u32;
    for ring in rings {
        total += ring.len() as u32;
        ends.push(total);
    }
    let ends = (ends.len() > 1).then_some(Field::U32s(ends));
    vec![ends, Some(Field::Doubles(xy))]
}

/// The geometry table of feature `i`, its type written when the header's is unknown.
fn geometry(column: &GeometryColumn, i: usize, typed: bool) -> Option<Field> {
    let kind = column.kind(i);
    if kind == GeomKind::Empty {
        return None;
    }
    let parts: Vec<Vec<&[[f64; 2]]>> = column.parts(i).map(|p| p.collect()).collect();
    let mut fields = if kind == GeomKind::MultiPolygon {
        let polygons = parts
            .iter()
            .map(|rings| {
                let mut polygon = flat(rings);
                polygon.resize_with(7, || None);
                polygon[6] = Some(Field::U8(type_code(GeomKind::Polygon)));
                polygon
            })
            .collect();
        let mut fields: Vec<Option<Field>> = (0..7).map(|_| None).collect();
        fields.push(Some(Field::Tables(polygons)));
        fields
    } else {
        // Points, lines and polygons: every ring (or part) one after the other.
        let rings: Vec<&[[f64; 2]]> = parts.into_iter().flatten().collect();
        let rings = match kind {
            GeomKind::MultiPoint | GeomKind::Point => vec![rings.concat()],
            _ => rings.into_iter().map(<[_]>::to_vec).collect(),
        };
        let refs: Vec<&[[f64; 2]]> = rings.iter().map(Vec::as_slice).collect();
        flat(&refs)
    };
    fields.resize_with(fields.len().max(7), || None);
    if typed {
        fields[6] = Some(Field::U8(type_code(kind)));
    }
    Some(Field::Table(fields))
}

/// The properties buffer of row `row`: each non-null value after its column's index.
fn properties(ds: &Dataset, row: usize) -> Vec<u8> {
    let mut out = Vec::new();
    let text = |out: &mut Vec<u8>, s: &str| {
        out.extend((s.len() as u32).to_le_bytes());
        out.extend(s.as_bytes());
    };
    for (c, column) in ds.columns.iter().enumerate() {
        let value = column.value(row);
        if matches!(value, Value::Null) {
            continue;
        }
        out.extend((c as u16).to_le_bytes());
        match value {
            Value::Null => {}
            Value::Integer(v) => out.extend(v.to_le_bytes()),
            Value::Float(v) => out.extend(v.to_le_bytes()),
            Value::Boolean(v) => out.push(u8::from(v)),
            Value::Text(t) => text(&mut out, t),
            Value::Date(_) | Value::DateTime(_) => text(&mut out, &value.to_string()),
        }
    }
    out
}

/// Writes `rows` of `dataset` as the FlatGeobuf layer `name` at `path`, replacing the file.
pub fn write_fgb_rows(
    path: &Path,
    name: &str,
    ds: &Dataset,
    rows: impl Iterator<Item = usize>,
) -> std::io::Result<()> {
    let rows: Vec<usize> = rows.collect();
    let mut kinds = rows
        .iter()
        .map(|&r| ds.geometry.kind(r))
        .filter(|k| *k != GeomKind::Empty);
    let first = kinds.next().unwrap_or(GeomKind::Empty);
    let header_type = if kinds.all(|k| k == first) {
        type_code(first)
    } else {
        0
    };
    let extent = ds.geometry.extent_of(rows.iter().copied());
    let columns = ds
        .columns
        .iter()
        .map(|c| {
            vec![
                Some(Field::Str(c.name.clone())),
                Some(Field::U8(column_code(c.field_type()))),
            ]
        })
        .collect();
    let crs = vec![Some(Field::Str("EPSG".into())), Some(Field::I32(4326))];
    let header = Builder::root(vec![
        Some(Field::Str(name.to_owned())),
        extent.map(|e| Field::Doubles(e.to_vec())),
        Some(Field::U8(header_type)),
        None,
        None,
        None,
        None,
        Some(Field::Tables(columns)),
        Some(Field::U64(rows.len() as u64)),
        Some(Field::U16(0)),
        Some(Field::Table(crs)),
    ]);
    let folder = path.parent().filter(|p| !p.as_os_str().is_empty());
    let mut temp = tempfile::Builder::new()
        .suffix(".fgb")
        .tempfile_in(folder.unwrap_or(Path::new(".")))?;
    {
        let mut out = std::io::BufWriter::new(temp.as_file_mut());
        out.write_all(&MAGIC)?;
        out.write_all(&header)?;
        for &row in &rows {
            let feature = Builder::root(vec![
                geometry(&ds.geometry, row, header_type == 0),
                Some(Field::Bytes(properties(ds, row))),
            ]);
            out.write_all(&feature)?;
        }
        out.flush()?;
    }
    temp.persist(path).map_err(|e| e.error)?;
    Ok(())
}

/// Writes every row of `dataset` as the FlatGeobuf layer `name` at `path`.
pub fn write_fgb(path: &Path, name: &str, ds: &Dataset) -> std::io::Result<()> {
    write_fgb_rows(path, name, ds, 0..ds.len())
}
