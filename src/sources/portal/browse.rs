//! Browsing a portal's catalog: full-text search, facet refinements, pages.

use super::catalog::{CatalogPage, Facet, parse_catalog, parse_facets};
use super::{PortalClient, PortalError};
use crate::jobs::Progress;

/// Facets offered to narrow the catalog.
pub const FACETS: [&str; 3] = ["theme", "keyword", "publisher"];

/// A catalog query: text, refinements, page.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct CatalogQuery {
    /// Words to search in every field; empty lists everything.
    pub text: String,
    /// Chosen facet values, `(facet, value)`.
    pub refine: Vec<(String, String)>,
    /// Index of the first dataset.
    pub offset: u64,
    /// Datasets per page (the API allows up to 100).
    pub limit: u64,
}

impl CatalogQuery {
    fn params(&self) -> Vec<(&'static str, String)> {
        let mut params = Vec::new();
        if !self.text.trim().is_empty() {
            params.push((
                "where",
                format!("search(*, {})", odsql_string(self.text.trim())),
            ));
        }
        for (facet, value) in &self.refine {
            params.push(("refine", format!("{facet}:{}", odsql_string(value))));
        }
        params
    }
}

/// A text literal in ODSQL: double quotes, with `\` and `"` escaped.
pub fn odsql_string(text: &str) -> String {
    format!("\"{}\"", text.replace('\\', "\\\\").replace('"', "\\\""))
}

/// One page of datasets matching `query`.
pub fn search_catalog(
    client: &PortalClient,
    query: &CatalogQuery,
    progress: &Progress,
) -> Result<CatalogPage, PortalError> {
    let mut params = query.params();
    params.push(("limit", query.limit.clamp(1, 100).to_string()));
    params.push(("offset", query.offset.to_string()));
    params.push(("order_by", "title".into()));
    let body = client.get_json("catalog/datasets", &params, progress, "")?;
    parse_catalog(&body)
}

/// Every dataset matching `query`, page after page (the catalog of a city portal is a few hundred).
pub fn search_all(
    client: &PortalClient,
    query: &CatalogQuery,
    max: u64,
    progress: &Progress,
) -> Result<CatalogPage, PortalError> {
    let mut all = CatalogPage::default();
    let mut page_query = CatalogQuery {
        offset: 0,
        limit: 100,
        ..query.clone()
    };
    loop {
        let page = search_catalog(client, &page_query, progress)?;
        all.total_count = page.total_count;
        let got = page.datasets.len() as u64;
        all.datasets.extend(page.datasets);
        page_query.offset += got;
        progress.set_total(all.total_count.min(max));
        progress.set_done(page_query.offset);
        if got == 0 || page_query.offset >= all.total_count.min(max) {
            return Ok(all);
        }
    }
}

/// The facet values (themes, keywords, publishers) of the datasets matching `query`.
pub fn catalog_facets(
    client: &PortalClient,
    query: &CatalogQuery,
    progress: &Progress,
) -> Result<Vec<Facet>, PortalError> {
    let mut params = query.params();
    params.extend(FACETS.iter().map(|f| ("facet", (*f).to_string())));
    let body = client.get_json("catalog/facets", &params, progress, "")?;
    parse_facets(&body)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn queries_escape_text() {
        assert_eq!(odsql_string(r#"l'"îlot"\"#), r#""l'\"îlot\"\\""#);
        let q = CatalogQuery {
            text: " espaces verts ".into(),
            refine: vec![("theme".into(), "Environnement".into())],
            ..CatalogQuery::default()
        };
        assert_eq!(
            q.params(),
            vec![
                ("where", "search(*, \"espaces verts\")".to_string()),
                ("refine", "theme:\"Environnement\"".to_string())
            ]
        );
    }
}
