//! Writing the layers: GeoJSON feature collections, the addresses CSV and the heritage shapefile.

use std::path::Path;

use anyhow::{Context, Result, bail};
use geo::{Geometry, Point};
use serde_json::{Value, json};
use territoire::data::column::days_from_civil;
use territoire::sources::dbf::{DbfField, DbfValue};
use territoire::sources::shapefile::{ShapefileOptions, write_shapefile};

use crate::addresses::Address;
use crate::geometry::Lambert93;
use crate::green_spaces::GreenSpace;
use crate::heritage::Site;
use crate::territory::Territory;

/// One feature on one line, properties in the given order.
pub(crate) fn feature_line(properties: &[(&str, Value)], geometry: &Value) -> Result<String> {
    let mut props = String::from("{");
    for (i, (key, value)) in properties.iter().enumerate() {
        if i > 0 {
            props.push(',');
        }
        props.push_str(&serde_json::to_string(key)?);
        props.push(':');
        props.push_str(&serde_json::to_string(value)?);
    }
    props.push('}');
    Ok(format!(
        r#"{{"type":"Feature","properties":{props},"geometry":{}}}"#,
        serde_json::to_string(geometry)?
    ))
}

pub(crate) fn write_feature_collection(path: &Path, name: &str, lines: &[String]) -> Result<()> {
    let mut text = format!(
        "{{\"type\":\"FeatureCollection\",\"name\":{},\"features\":[\n",
        serde_json::to_string(name)?
    );
    text.push_str(&lines.join(",\n"));
    text.push_str("\n]}\n");
    std::fs::write(path, text).with_context(|| format!("cannot write {}", path.display()))
}

/// Writes `quartiers.geojson`; returns the number of features.
pub fn write_quartiers(out: &Path, territory: &Territory) -> Result<usize> {
    let lines = territory
        .quartiers
        .iter()
        .map(|q| {
            feature_line(
                &[("nom", json!(q.nom)), ("code", json!(q.code))],
                &json!({"type": "Polygon", "coordinates": [q.ring]}),
            )
        })
        .collect::<Result<Vec<_>>>()?;
    write_feature_collection(&out.join("quartiers.geojson"), "quartiers", &lines)?;
    Ok(lines.len())
}

/// Writes `espaces-verts.geojson`, each surface measured in Lambert-93; returns the number of features.
pub fn write_green_spaces(out: &Path, spaces: &[GreenSpace], l93: &Lambert93) -> Result<usize> {
    let mut lines = Vec::with_capacity(spaces.len());
    for space in spaces {
        let mut surface = 0.0;
        for polygon in &space.polygons {
            surface += l93.area(polygon)?;
        }
        let geometry = if space.polygons.len() == 1 {
            json!({"type": "Polygon", "coordinates": space.polygons[0]})
        } else {
            json!({"type": "MultiPolygon", "coordinates": space.polygons})
        };
        lines.push(feature_line(
            &[
                ("nom", json!(space.nom)),
                ("type", json!(space.kind)),
                ("surface_m2", json!(surface.round() as i64)),
                ("gestionnaire", json!(space.gestionnaire)),
            ],
            &geometry,
        )?);
    }
    write_feature_collection(&out.join("espaces-verts.geojson"), "espaces-verts", &lines)?;
    Ok(lines.len())
}

/// Writes `adresses.csv` (`;`, Lambert-93 `x` and `y`) and its `.prj`; returns the number of rows.
pub fn write_addresses(
    out: &Path,
    territory: &Territory,
    addresses: &[Address],
    l93: &Lambert93,
) -> Result<usize> {
    let path = out.join("adresses.csv");
    let mut writer = csv::WriterBuilder::new()
        .delimiter(b';')
        .terminator(csv::Terminator::Any(b'\n'))
        .from_path(&path)
        .with_context(|| format!("cannot write {}", path.display()))?;
    writer.write_record([
        "id_adresse",
        "numero_adresse",
        "suffixe_adresse",
        "libelle_adresse",
        "libelle_complet_adresse",
        "code_postal",
        "commune",
        "libelle_quartier_angers",
        "source",
        "date_maj_adresse",
        "x",
        "y",
    ])?;
    for a in addresses {
        let xy = l93.convert(a.ll)?;
        let mut id = format!("{}_{:04}_{:05}", a.insee, a.street_code, a.numero);
        let mut complet = a.numero.to_string();
        if !a.suffixe.is_empty() {
            id.push('_');
            id.push_str(a.suffixe);
            complet.push(' ');
            complet.push_str(a.suffixe);
        }
        complet.push(' ');
        complet.push_str(&a.street);
        writer.write_record([
            id.as_str(),
            &a.numero.to_string(),
            a.suffixe,
            &a.street,
            &complet,
            a.code_postal,
            a.commune,
            a.quartier.map_or("", |q| territory.quartiers[q].nom),
            a.source,
            &a.date,
            &format!("{:.2}", xy[0]),
            &format!("{:.2}", xy[1]),
        ])?;
    }
    writer.flush()?;
    // The metres are Lambert-93: a `.prj` beside the CSV says so, as GIS tools write it.
    std::fs::write(out.join("adresses.prj"), LAMBERT93_PRJ)?;
    Ok(addresses.len())
}

/// The ESRI WKT of Lambert-93, as ArcGIS writes it.
const LAMBERT93_PRJ: &str = r#"PROJCS["RGF93_Lambert_93",GEOGCS["GCS_RGF_1993",DATUM["D_RGF_1993",SPHEROID["GRS_1980",6378137.0,298.257222101]],PRIMEM["Greenwich",0.0],UNIT["Degree",0.0174532925199433]],PROJECTION["Lambert_Conformal_Conic"],PARAMETER["False_Easting",700000.0],PARAMETER["False_Northing",6600000.0],PARAMETER["Central_Meridian",3.0],PARAMETER["Standard_Parallel_1",49.0],PARAMETER["Standard_Parallel_2",44.0],PARAMETER["Latitude_Of_Origin",46.5],UNIT["Meter",1.0]]"#;

/// The `.dbf` header date (bytes 1–3): fixed, so that the kit is the same byte for byte on every run.
const DBF_DATE: [u8; 3] = [125, 1, 1]; // 2025-01-01

/// Writes `patrimoine.shp` with its `.shx`, CP1252 `.dbf` and `.prj` (no `.cpg`); returns the number of sites.
pub fn write_sites(out: &Path, sites: &[Site], l93: &Lambert93) -> Result<usize> {
    let fields = [
        DbfField::character("tico", 120),
        DbfField::character("adrs", 120),
        DbfField::character("commune", 60),
        DbfField::character("datbati1", 40),
        DbfField::numeric("siecle", 4, 0),
        DbfField::character("protection", 30),
        DbfField::character("statut", 60),
        DbfField::date("date_prot"),
    ];
    let mut geometries = Vec::with_capacity(sites.len());
    let mut rows = Vec::with_capacity(sites.len());
    for site in sites {
        let xy = l93.convert(site.ll)?;
        let xy = [
            (xy[0] * 100.0).round() / 100.0,
            (xy[1] * 100.0).round() / 100.0,
        ];
        geometries.push(Some(Geometry::Point(Point::new(xy[0], xy[1]))));
        let (y, m, d) = site.date_prot;
        let days =
            i32::try_from(days_from_civil(i64::from(y), m, d)).context("date out of range")?;
        rows.push(vec![
            DbfValue::Text(site.tico.clone()),
            DbfValue::Text(site.adrs.clone()),
            DbfValue::Text(site.commune.to_owned()),
            DbfValue::Text(site.datbati1.clone()),
            DbfValue::Integer(site.siecle),
            DbfValue::Text(site.protection.to_owned()),
            DbfValue::Text(site.statut.to_owned()),
            DbfValue::Date(days),
        ]);
    }
    let options = ShapefileOptions {
        encoding: encoding_rs::WINDOWS_1252,
        language_driver: 0x57,
        prj: Some(LAMBERT93_PRJ),
        cpg: None,
    };
    let path = out.join("patrimoine.shp");
    write_shapefile(&path, &geometries, &fields, &rows, &options)
        .with_context(|| format!("cannot write {}", path.display()))?;
    // The writer stamps today's date in the `.dbf` header; keep the output reproducible.
    let dbf = out.join("patrimoine.dbf");
    let mut bytes =
        std::fs::read(&dbf).with_context(|| format!("cannot read {}", dbf.display()))?;
    if bytes.len() < 32 || bytes[29] != 0x57 {
        bail!("unexpected header in {}", dbf.display());
    }
    bytes[1..4].copy_from_slice(&DBF_DATE);
    std::fs::write(&dbf, bytes).with_context(|| format!("cannot write {}", dbf.display()))?;
    let cpg = out.join("patrimoine.cpg");
    if cpg.exists() {
        std::fs::remove_file(&cpg).with_context(|| format!("cannot remove {}", cpg.display()))?;
    }
    Ok(sites.len())
}
