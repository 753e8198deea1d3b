//! The filter language's syntax tree: conditions on fields, combined with AND, OR and NOT.

/// A value written in a filter.
#[derive(Clone, Debug, PartialEq)]
pub enum Literal {
    /// Text (`"Angers"` or `'Angers'`).
    Text(String),
    /// A number (`12`, `3.5`).
    Number(f64),
    /// A date (`date'2024-06-01'`), as days since 1970-01-01.
    Date(i32),
    /// `true` or `false`.
    Boolean(bool),
}

/// A comparison between a field and a literal.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum CompareOp {
    /// `=`
    Eq,
    /// `!=` (printed for the portal as `NOT … = …`).
    Ne,
    /// `<`
    Lt,
    /// `<=`
    Le,
    /// `>`
    Gt,
    /// `>=`
    Ge,
}

impl CompareOp {
    /// The operator as written in ODSQL.
    pub fn symbol(self) -> &'static str {
        match self {
            Self::Eq => "=",
            Self::Ne => "!=",
            Self::Lt => "<",
            Self::Le => "<=",
            Self::Gt => ">",
            Self::Ge => ">=",
        }
    }
}

/// A filter expression.
#[derive(Clone, Debug, PartialEq)]
pub enum Expr {
    /// Every condition holds.
    And(Vec<Expr>),
    /// At least one condition holds.
    Or(Vec<Expr>),
    /// The condition does not hold.
    Not(Box<Expr>),
    /// `field <op> literal`.
    Compare {
        /// The field name.
        field: String,
        /// The operator.
        op: CompareOp,
        /// The value compared with.
        value: Literal,
    },
    /// `field IN ("a", "b")`.
    InList {
        /// The field name.
        field: String,
        /// The accepted values.
        values: Vec<Literal>,
    },
    /// `field IN [low..high]`, bounds included or not.
    InRange {
        /// The field name.
        field: String,
        /// Lower bound and whether it is included.
        low: (Literal, bool),
        /// Upper bound and whether it is included.
        high: (Literal, bool),
    },
    /// `field IS NULL` (or `IS NOT NULL` when `negated`).
    IsNull {
        /// The field name.
        field: String,
        /// `IS NOT NULL`.
        negated: bool,
    },
    /// `field like "words"`: every word appears in the value (case and accents ignored).
    Like {
        /// The field name.
        field: String,
        /// The words looked for.
        text: String,
    },
    /// `startswith(field, "text")`: the value begins with the text (case-sensitive).
    StartsWith {
        /// The field name.
        field: String,
        /// The beginning looked for.
        text: String,
    },
    /// `in_bbox(geo, lat1, lon1, lat2, lon2)`: the feature's position is in the box.
    InBbox {
        /// The geo field named (kept for printing).
        field: String,
        /// `[min_lon, min_lat, max_lon, max_lat]`.
        bbox: [f64; 4],
    },
    /// `search(field, "words")`, `search(*, "words")` or a bare `"words"`: full-text search, case
    /// and accents ignored; every word must be found in one of the fields, the last one as a
    /// prefix and the others with a little fuzziness (one letter off beyond 2 letters, two beyond 5).
    Search {
        /// The fields searched; empty for every field.
        fields: Vec<String>,
        /// The words looked for.
        text: String,
    },
    /// `within_distance(geo, geom'POINT(lon lat)', 300m)`: the feature's nearest point is at most
    /// `metres` from the centre, as a straight line in Lambert-93 (EPSG:2154); exactly at the
    /// distance counts as within.
    WithinDistance {
        /// The geo field named (kept for printing).
        field: String,
        /// Longitude of the centre, WGS84 degrees.
        lon: f64,
        /// Latitude of the centre, WGS84 degrees.
        lat: f64,
        /// The distance, in metres.
        metres: f64,
    },
    /// `intersects(geo, geom'POLYGON((lon lat, …))')`: the feature meets the polygon (a zone drawn
    /// on the map); a point on the outline meets it.
    Intersects {
        /// The geo field named (kept for printing).
        field: String,
        /// The outline `[lon, lat]`, closed (first position repeated last) as the parser leaves it.
        polygon: Vec<[f64; 2]>,
    },
}

impl Expr {
    /// Every field the expression names (geo fields of spatial tests excluded), without repeats.
    pub fn fields(&self) -> Vec<&str> {
        let mut out: Vec<&str> = Vec::new();
        self.collect_fields(&mut out);
        out
    }

    fn collect_fields<'a>(&'a self, out: &mut Vec<&'a str>) {
        let field = match self {
            Self::And(parts) | Self::Or(parts) => {
                parts.iter().for_each(|p| p.collect_fields(out));
                return;
            }
            Self::Not(inner) => return inner.collect_fields(out),
            Self::Search { fields, .. } => {
                for f in fields {
                    if !out.contains(&f.as_str()) {
                        out.push(f);
                    }
                }
                return;
            }
            Self::InBbox { .. } | Self::WithinDistance { .. } | Self::Intersects { .. } => return,
            Self::Compare { field, .. }
            | Self::InList { field, .. }
            | Self::InRange { field, .. }
            | Self::IsNull { field, .. }
            | Self::Like { field, .. }
            | Self::StartsWith { field, .. } => field.as_str(),
        };
        if !out.contains(&field) {
            out.push(field);
        }
    }
}
