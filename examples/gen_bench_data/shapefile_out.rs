//! Writing the address points as a Lambert-93 shapefile with a CP1252 `.dbf`, a `.cpg` and a `.prj`.

use std::io::{Read, Seek, SeekFrom, Write};
use std::path::Path;

use anyhow::{Context, Result, bail};
use geo::{Geometry, Point};
use territoire::data::lambert93::to_lambert93;
use territoire::sources::dbf::{DbfField, DbfValue};
use territoire::sources::shapefile::{ShapefileOptions, write_shapefile};

use crate::addresses::Addresses;
use crate::area::round_to;
use crate::communes::COMMUNES;

/// The ESRI WKT of Lambert-93, as ArcGIS writes it.
const LAMBERT93_PRJ: &str = r#"PROJCS["RGF93_Lambert_93",GEOGCS["GCS_RGF_1993",DATUM["D_RGF_1993",SPHEROID["GRS_1980",6378137.0,298.257222101]],PRIMEM["Greenwich",0.0],UNIT["Degree",0.0174532925199433]],PROJECTION["Lambert_Conformal_Conic"],PARAMETER["False_Easting",700000.0],PARAMETER["False_Northing",6600000.0],PARAMETER["Central_Meridian",3.0],PARAMETER["Standard_Parallel_1",49.0],PARAMETER["Standard_Parallel_2",44.0],PARAMETER["Latitude_Of_Origin",46.5],UNIT["Meter",1.0]]"#;

/// The `.dbf` header date (bytes 1–3): fixed, so that the files are the same on every run.
const DBF_DATE: [u8; 3] = [125, 1, 1]; // 2025-01-01

/// Windows ANSI (CP1252) in the `.dbf` language driver byte.
const LANGUAGE_DRIVER_CP1252: u8 = 0x57;

/// Writes `path` (`.shp`, `.shx`, `.dbf`, `.cpg`, `.prj`): every address point, projected with the
/// closed-form Lambert-93 and rounded to the centimetre.
pub fn write_points_l93(path: &Path, addresses: &Addresses) -> Result<()> {
    // dBASE names hold at most 10 bytes: GDAL cuts `code_postal` the same way.
    let fields = [
        DbfField::character("id", 24),
        DbfField::numeric("numero", 5, 0),
        DbfField::character("suffixe", 3),
        DbfField::character("voie", 60),
        DbfField::character("code_posta", 5),
        DbfField::character("commune", 40),
        DbfField::character("source", 20),
    ];
    let mut geometries = Vec::with_capacity(addresses.points.len());
    let mut rows = Vec::with_capacity(addresses.points.len());
    for a in &addresses.points {
        let [x, y] = to_lambert93(a.lon_lat);
        geometries.push(Some(Geometry::Point(Point::new(
            round_to(x, 2),
            round_to(y, 2),
        ))));
        let street = &addresses.streets[a.street as usize];
        rows.push(vec![
            DbfValue::Text(addresses.id(a)),
            DbfValue::Integer(i64::from(a.numero)),
            DbfValue::Text(a.suffixe.to_owned()),
            DbfValue::Text(street.name.clone()),
            DbfValue::Text(street.code_postal.to_owned()),
            DbfValue::Text(COMMUNES[street.commune].nom.to_owned()),
            DbfValue::Text(street.source.to_owned()),
        ]);
    }
    let options = ShapefileOptions {
        encoding: encoding_rs::WINDOWS_1252,
        language_driver: LANGUAGE_DRIVER_CP1252,
        prj: Some(LAMBERT93_PRJ),
        cpg: Some("1252"),
    };
    write_shapefile(path, &geometries, &fields, &rows, &options)
        .with_context(|| format!("cannot write {}", path.display()))?;
    // The writer stamps today's date in the `.dbf` header; keep the output reproducible.
    let dbf = path.with_extension("dbf");
    let mut file = std::fs::OpenOptions::new()
        .read(true)
        .write(true)
        .open(&dbf)
        .with_context(|| format!("cannot open {}", dbf.display()))?;
    let mut header = [0u8; 32];
    file.read_exact(&mut header)
        .with_context(|| format!("cannot read {}", dbf.display()))?;
    if header[29] != LANGUAGE_DRIVER_CP1252 {
        bail!("unexpected header in {}", dbf.display());
    }
    file.seek(SeekFrom::Start(1))?;
    file.write_all(&DBF_DATE)
        .with_context(|| format!("cannot write {}", dbf.display()))
}
