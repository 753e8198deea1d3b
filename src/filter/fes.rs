//! Prints a filter as an XML filter for WFS: FES 2.0 (`fes:`, WFS 2.0) or OGC Filter 1.1 (`ogc:`,
//! WFS 1.1). Names and values are XML-escaped; a box becomes `BBOX` on the default geometry.
//!
//! ```
//! use territoire::filter::{fes::{FilterVersion, to_fes}, parse};
//! let expr = parse(r#"commune = "A&B""#).expect("valid");
//! let xml = to_fes(&expr, FilterVersion::Fes20).expect("exact");
//! assert!(xml.contains("<fes:Literal>A&amp;B</fes:Literal>"));
//! ```

use std::fmt::Write as _;

use super::ast::{CompareOp, Expr, Literal};

/// The filter dialect a WFS version reads.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum FilterVersion {
    /// FES 2.0 (WFS 2.0): `fes:ValueReference`, GML 3.2.
    Fes20,
    /// OGC Filter Encoding 1.1 (WFS 1.1): `ogc:PropertyName`, GML 3.1.
    Filter11,
}

impl FilterVersion {
    fn prefix(self) -> &'static str {
        match self {
            Self::Fes20 => "fes",
            Self::Filter11 => "ogc",
        }
    }

    fn reference(self) -> &'static str {
        match self {
            Self::Fes20 => "ValueReference",
            Self::Filter11 => "PropertyName",
        }
    }

    fn namespaces(self) -> &'static str {
        match self {
            Self::Fes20 => {
                r#"xmlns:fes="http://www.opengis.net/fes/2.0" xmlns:gml="http://www.opengis.net/gml/3.2""#
            }
            Self::Filter11 => {
                r#"xmlns:ogc="http://www.opengis.net/ogc" xmlns:gml="http://www.opengis.net/gml""#
            }
        }
    }
}

/// The `<Filter>` document of `expr`; `None` when a part has no exact filter form.
pub fn to_fes(expr: &Expr, version: FilterVersion) -> Option<String> {
    let mut body = String::new();
    write(expr, version, &mut body)?;
    let p = version.prefix();
    Some(format!(
        "<{p}:Filter {}>{body}</{p}:Filter>",
        version.namespaces()
    ))
}

fn write(expr: &Expr, v: FilterVersion, out: &mut String) -> Option<()> {
    let p = v.prefix();
    match expr {
        Expr::And(parts) | Expr::Or(parts) => {
            let tag = if matches!(expr, Expr::And(_)) {
                "And"
            } else {
                "Or"
            };
            if parts.len() == 1 {
                return write(&parts[0], v, out);
            }
            let _ = write!(out, "<{p}:{tag}>");
            for part in parts {
                write(part, v, out)?;
            }
            let _ = write!(out, "</{p}:{tag}>");
        }
        Expr::Not(inner) if matches!(**inner, Expr::IsNull { .. }) => {
            let _ = write!(out, "<{p}:Not>");
            write(inner, v, out)?;
            let _ = write!(out, "</{p}:Not>");
        }
        Expr::Compare { field, op, value } => compare(field, *op, value, v, out),
        Expr::InList { field, values } => {
            let many = values.len() > 1;
            if many {
                let _ = write!(out, "<{p}:Or>");
            }
            for value in values {
                compare(field, CompareOp::Eq, value, v, out);
            }
            if many {
                let _ = write!(out, "</{p}:Or>");
            }
        }
        Expr::InRange { field, low, high } => {
            let _ = write!(out, "<{p}:And>");
            let low_op = if low.1 { CompareOp::Ge } else { CompareOp::Gt };
            let high_op = if high.1 { CompareOp::Le } else { CompareOp::Lt };
            compare(field, low_op, &low.0, v, out);
            compare(field, high_op, &high.0, v, out);
            let _ = write!(out, "</{p}:And>");
        }
        Expr::IsNull { field, negated } => {
            if *negated {
                let _ = write!(out, "<{p}:Not>");
            }
            let _ = write!(
                out,
                "<{p}:PropertyIsNull>{}</{p}:PropertyIsNull>",
                reference(field, v)
            );
            if *negated {
                let _ = write!(out, "</{p}:Not>");
            }
        }
        Expr::StartsWith { field, text } => {
            let _ = write!(
                out,
                r#"<{p}:PropertyIsLike wildCard="*" singleChar="?" escapeChar="!" matchCase="true">{}<{p}:Literal>{}*</{p}:Literal></{p}:PropertyIsLike>"#,
                reference(field, v),
                escape_xml(&escape_like(text))
            );
        }
        Expr::InBbox { bbox, .. } => bbox_xml(*bbox, v, out),
        Expr::Not(_)
        | Expr::Like { .. }
        | Expr::Search { .. }
        | Expr::WithinDistance { .. }
        | Expr::Intersects { .. } => return None,
    }
    Some(())
}

fn compare(field: &str, op: CompareOp, value: &Literal, v: FilterVersion, out: &mut String) {
    let p = v.prefix();
    let tag = match op {
        CompareOp::Eq => "PropertyIsEqualTo",
        CompareOp::Ne => "PropertyIsNotEqualTo",
        CompareOp::Lt => "PropertyIsLessThan",
        CompareOp::Le => "PropertyIsLessThanOrEqualTo",
        CompareOp::Gt => "PropertyIsGreaterThan",
        CompareOp::Ge => "PropertyIsGreaterThanOrEqualTo",
    };
    let _ = write!(
        out,
        r#"<{p}:{tag} matchCase="true">{}<{p}:Literal>{}</{p}:Literal></{p}:{tag}>"#,
        reference(field, v),
        escape_xml(&literal(value))
    );
}

/// `BBOX` on the default geometry, the corners latitude first (EPSG:4326 in its URN form).
fn bbox_xml(b: [f64; 4], v: FilterVersion, out: &mut String) {
    let p = v.prefix();
    let _ = write!(
        out,
        r#"<{p}:BBOX><gml:Envelope srsName="urn:ogc:def:crs:EPSG::4326"><gml:lowerCorner>{} {}</gml:lowerCorner><gml:upperCorner>{} {}</gml:upperCorner></gml:Envelope></{p}:BBOX>"#,
        b[1], b[0], b[3], b[2]
    );
}

fn reference(field: &str, v: FilterVersion) -> String {
    let (p, r) = (v.prefix(), v.reference());
    format!("<{p}:{r}>{}</{p}:{r}>", escape_xml(field))
}

/// A value as the filter's `Literal` text (dates in ISO form, booleans as `true`/`false`).
fn literal(value: &Literal) -> String {
    match value {
        Literal::Text(t) => t.clone(),
        Literal::Number(_) => super::odsql::literal(value),
        Literal::Date(days) => {
            let (y, m, d) = crate::data::column::civil_from_days(i64::from(*days));
            format!("{y:04}-{m:02}-{d:02}")
        }
        Literal::Boolean(b) => b.to_string(),
    }
}

/// The pattern's wildcards (`*`, `?`) and escape (`!`) taken literally.
fn escape_like(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        if matches!(c, '*' | '?' | '!') {
            out.push('!');
        }
        out.push(c);
    }
    out
}

/// Text safe inside an XML element or attribute.
pub fn escape_xml(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&apos;"),
            c => out.push(c),
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::filter::parse;

    fn fes(text: &str) -> Option<String> {
        to_fes(&parse(text).expect("valid"), FilterVersion::Fes20)
    }

    #[test]
    fn values_and_names_are_escaped() {
        let xml = fes(r#"`a<b` = "</fes:Literal><x>&'""#).expect("exact");
        assert!(
            xml.contains("<fes:ValueReference>a&lt;b</fes:ValueReference>"),
            "{xml}"
        );
        assert!(
            xml.contains("<fes:Literal>&lt;/fes:Literal&gt;&lt;x&gt;&amp;&apos;</fes:Literal>"),
            "{xml}"
        );
        assert!(roxmltree::Document::parse(&xml).is_ok(), "{xml}");
    }

    #[test]
    fn lists_ranges_nulls_prefixes_and_boxes() {
        let xml = fes(
            r#"a IN (1, 2) AND b IN [3..4[ AND c IS NOT NULL AND startswith(d, "x*y") AND in_bbox(g, 47, -1, 48, 0)"#,
        )
        .expect("exact");
        for part in [
            "<fes:Or><fes:PropertyIsEqualTo",
            "<fes:PropertyIsLessThan matchCase=\"true\"><fes:ValueReference>b",
            "<fes:Not><fes:PropertyIsNull><fes:ValueReference>c",
            "<fes:Literal>x!*y*</fes:Literal>",
            "<gml:lowerCorner>47 -1</gml:lowerCorner>",
        ] {
            assert!(xml.contains(part), "{part} in {xml}");
        }
        assert!(roxmltree::Document::parse(&xml).is_ok());
        let old = to_fes(&parse("a = 1").expect("v"), FilterVersion::Filter11).expect("exact");
        assert!(
            old.contains("<ogc:PropertyName>a</ogc:PropertyName>"),
            "{old}"
        );
    }

    #[test]
    fn word_searches_stay_local() {
        assert_eq!(fes(r#"a LIKE "x""#), None);
        assert_eq!(fes("NOT a = 1"), None);
    }
}
