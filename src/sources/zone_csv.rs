//! Writes the table of figures per zone as CSV for French spreadsheets (UTF-8 with BOM, `;`,
//! decimal commas), secrecy applied: what the zone window's export and `territoire zones --out`
//! share.

use std::io::Write;
use std::path::Path;

use super::csv::CsvDialect;
use crate::analysis::measures::Measure;
use crate::analysis::secrecy::{Secrecy, Shown, shown, shown_column};
use crate::analysis::zones::ZoneTable;

/// A column of figures: header, measure, decimals.
fn columns(table: &ZoneTable) -> Vec<(String, Measure, Option<usize>)> {
    let mut out = vec![
        ("nombre".to_owned(), Measure::Count, Some(0)),
        ("part".to_owned(), Measure::Share, Some(4)),
        ("par_km2".to_owned(), Measure::PerKm2, Some(1)),
        ("part_proche".to_owned(), Measure::NearShare, Some(4)),
    ];
    if table.near_asked {
        out.push(("au_dela".to_owned(), Measure::Beyond, Some(0)));
    }
    if table.addresses_asked {
        out.push(("adresses".to_owned(), Measure::Addresses, Some(0)));
        out.push((
            "pour_1000_adresses".to_owned(),
            Measure::Per1000Addresses,
            Some(1),
        ));
    }
    if let Some(field) = &table.field {
        // Sums keep the field's own precision; means get two decimals.
        out.push((format!("somme_{field}"), Measure::Sum, None));
        out.push((format!("moyenne_{field}"), Measure::Mean, Some(2)));
    }
    out
}

/// Writes `table`: `id`, `nom`, then one column per figure computed (count, share, density,
/// share near — empty without nearness —, features beyond, addresses, per 1 000 addresses, sum
/// and mean of the field). Under `secrecy`, hidden counts read `< 11`, and the counts withheld
/// so that none of them can be derived ([`ZoneTable::protect`]) and the figures withheld with
/// them `secret`; a zone without a value has an empty cell. Shares are fractions (0,25).
///
/// ```
/// use territoire::analysis::zones::{ZoneStat, ZoneTable};
/// use territoire::sources::zone_csv::write_zone_csv;
/// let zone = ZoneStat {
///     row: 0, id: "49007".into(), name: "Angers".into(), count: 3, share: 1.0,
///     area_km2: 2.0, per_km2: 1.5, near_share: None, beyond: None, addresses: None,
///     per_1000_addresses: None, sum: None, mean: None, protection: Default::default(),
/// };
/// let table = ZoneTable {
///     zones: vec![zone], total: 3, outside: 0, field: None,
///     near_asked: false, addresses_asked: false,
///     outside_protection: Default::default(), total_protection: Default::default(),
/// };
/// let mut out = Vec::new();
/// write_zone_csv(&table, None, &mut out).expect("write");
/// assert_eq!(
///     String::from_utf8(out).expect("UTF-8"),
///     "\u{feff}id;nom;nombre;part;par_km2;part_proche\r\n49007;Angers;3;1,0000;1,5;\r\n"
/// );
/// ```
pub fn write_zone_csv(
    table: &ZoneTable,
    secrecy: Option<Secrecy>,
    out: &mut dyn Write,
) -> std::io::Result<()> {
    write_zone_csv_with(table, secrecy, &[], out)
}

/// The counts per zone of one more layer, written as one more column.
#[derive(Clone, Copy, Debug)]
pub struct ExtraCounts<'a> {
    /// The column title (the layer's name).
    pub name: &'a str,
    /// Counts in the zone layer's order.
    pub counts: &'a [usize],
    /// Secrecy for that layer, when it holds personal data.
    pub secrecy: Option<Secrecy>,
}

/// What the figures were computed from, written under the table so that a reader of the file
/// alone knows which objects were counted and what the shares are shares of.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct CsvNotes {
    /// The layer counted.
    pub counted: String,
    /// The filter applied to it, as written in the filter language (`None`: every object).
    pub filter: Option<String>,
}

impl CsvNotes {
    /// The lines under the table: the layer, the filter, what `part` is computed over.
    fn lines(&self) -> [[String; 2]; 3] {
        let filter = match &self.filter {
            Some(f) if !f.trim().is_empty() => f.trim().to_owned(),
            _ => "aucun : tous les objets de la couche".to_owned(),
        };
        [
            ["couche comptée".to_owned(), self.counted.clone()],
            ["filtre".to_owned(), filter],
            [
                "part".to_owned(),
                "nombre de la zone divisé par le nombre d'objets retenus par le filtre, \
                 y compris ceux qui ne sont dans aucune zone"
                    .to_owned(),
            ],
        ]
    }
}

/// [`write_zone_csv`] with a count column for each of `extra`.
pub fn write_zone_csv_with(
    table: &ZoneTable,
    secrecy: Option<Secrecy>,
    extra: &[ExtraCounts],
    out: &mut dyn Write,
) -> std::io::Result<()> {
    write_zone_csv_noted(table, secrecy, extra, None, out)
}

/// [`write_zone_csv_with`], then, after an empty line, the `notes` when given.
pub fn write_zone_csv_noted(
    table: &ZoneTable,
    secrecy: Option<Secrecy>,
    extra: &[ExtraCounts],
    notes: Option<&CsvNotes>,
    out: &mut dyn Write,
) -> std::io::Result<()> {
    let mut w = CsvDialect::FRENCH.writer(out)?;
    let mut table = table.clone();
    table.protect(secrecy);
    let columns = columns(&table);
    let mut header = vec!["id".to_owned(), "nom".to_owned()];
    header.extend(columns.iter().map(|(name, ..)| name.clone()));
    header.extend(extra.iter().map(|e| format!("nombre {}", e.name)));
    w.write_record(&header)?;
    let cell = |value: Shown, secrecy: Option<Secrecy>, decimals: Option<usize>| match value {
        Shown::Value(v) => CsvDialect::FRENCH.format_number(v, decimals),
        Shown::Missing => String::new(),
        Shown::Below => secrecy.map(Secrecy::label).unwrap_or_default(),
        Shown::Withheld => "secret".to_owned(),
    };
    let extra_shown: Vec<Vec<Shown>> = extra
        .iter()
        .map(|e| shown_column(e.counts, e.secrecy))
        .collect();
    for z in &table.zones {
        let mut record = vec![z.id.clone(), z.name.clone()];
        record.extend(
            columns
                .iter()
                .map(|&(_, measure, decimals)| cell(shown(measure, z, secrecy), secrecy, decimals)),
        );
        record.extend(extra.iter().zip(&extra_shown).map(|(e, shown)| {
            let value = shown.get(z.row).copied().unwrap_or(Shown::Value(0.0));
            cell(value, e.secrecy, Some(0))
        }));
        w.write_record(&record)?;
    }
    if let Some(notes) = notes {
        // Rows as wide as the table's, so that spreadsheets read the file as one table.
        let width = header.len().max(2);
        w.write_record(vec![String::new(); width])?;
        for [key, text] in notes.lines() {
            let mut row = vec![key, text];
            row.resize(width, String::new());
            w.write_record(&row)?;
        }
    }
    w.flush()
}

/// Writes `table` and its notes to `path` with [`write_zone_csv_noted`]; the file appears
/// complete or not at all.
pub fn export_zone_table(
    table: &ZoneTable,
    secrecy: Option<Secrecy>,
    extra: &[ExtraCounts],
    notes: &CsvNotes,
    path: &Path,
) -> std::io::Result<()> {
    super::atomic_file::write_atomically(path, |out| {
        write_zone_csv_noted(table, secrecy, extra, Some(notes), out)
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::analysis::zones::ZoneStat;

    fn zone(row: usize, name: &str, count: usize, beyond: usize, addresses: usize) -> ZoneStat {
        ZoneStat {
            row,
            id: format!("Q{row}"),
            name: name.into(),
            count,
            share: count as f64 / 64.0,
            area_km2: 2.0,
            per_km2: count as f64 / 2.0,
            near_share: Some(1.0 - beyond as f64 / count as f64),
            beyond: Some(beyond),
            addresses: Some(addresses),
            per_1000_addresses: Some(count as f64 * 1000.0 / addresses as f64),
            sum: Some(count as f64 * 1.5),
            mean: Some(1.5),
            protection: Default::default(),
        }
    }

    fn table(zones: Vec<ZoneStat>, field: Option<&str>, asked: bool) -> ZoneTable {
        ZoneTable {
            total: zones.iter().map(|z| z.count).sum(),
            zones,
            outside: 0,
            field: field.map(str::to_owned),
            near_asked: asked,
            addresses_asked: asked,
            outside_protection: Default::default(),
            total_protection: Default::default(),
        }
    }

    #[test]
    fn every_figure_with_secrecy_applied() {
        // 4 and 7 hidden: their sum, 11, does not tell them apart.
        let zones = vec![
            zone(0, "Centre; Lafayette", 60, 20, 400),
            zone(1, "Lac de Maine", 4, 1, 250),
            zone(2, "Roseraie", 7, 0, 300),
        ];
        let table = table(zones, Some("menages"), true);
        let mut out = Vec::new();
        write_zone_csv(&table, Some(Secrecy { threshold: 11 }), &mut out).expect("write");
        assert_eq!(
            String::from_utf8(out).expect("UTF-8"),
            "\u{feff}id;nom;nombre;part;par_km2;part_proche;au_dela;adresses;\
             pour_1000_adresses;somme_menages;moyenne_menages\r\n\
             Q0;\"Centre; Lafayette\";60;0,9375;30,0;0,6667;20;400;150,0;90;1,50\r\n\
             Q1;Lac de Maine;< 11;secret;secret;secret;< 11;250;secret;secret;secret\r\n\
             Q2;Roseraie;< 11;secret;secret;secret;secret;300;secret;secret;secret\r\n"
        );
    }

    #[test]
    fn a_lone_hidden_count_withholds_a_second_count_with_every_figure_of_it() {
        // The total, 64, less 60 would give the 4 away: 60 is withheld too.
        let zones = vec![
            zone(0, "Centre", 60, 20, 400),
            zone(1, "Lac", 4, 1, 250),
            zone(2, "Roseraie", 0, 0, 300),
        ];
        let mut out = Vec::new();
        let secrecy = Some(Secrecy { threshold: 11 });
        write_zone_csv(&table(zones, None, true), secrecy, &mut out).expect("write");
        let text = String::from_utf8(out).expect("UTF-8");
        let lines: Vec<&str> = text.lines().collect();
        assert_eq!(
            lines[1],
            "Q0;Centre;secret;secret;secret;secret;secret;400;secret"
        );
        assert_eq!(lines[2], "Q1;Lac;< 11;secret;secret;secret;< 11;250;secret");
        assert!(
            lines[3].starts_with("Q2;Roseraie;0;0,0000;0,0;"),
            "{}",
            lines[3]
        );
    }

    #[test]
    fn the_file_is_written_whole() {
        let dir = tempfile::tempdir().expect("temp dir");
        let path = dir.path().join("zones.csv");
        let table = table(vec![zone(0, "Centre", 60, 20, 400)], None, false);
        let notes = CsvNotes {
            counted: "Adresses".into(),
            filter: Some("numero_adresse >= 120".into()),
        };
        export_zone_table(&table, None, &[], &notes, &path).expect("export");
        let text = std::fs::read_to_string(&path).expect("read");
        assert_eq!(
            text,
            "\u{feff}id;nom;nombre;part;par_km2;part_proche\r\nQ0;Centre;60;0,9375;30,0;0,6667\r\n\
             ;;;;;\r\ncouche comptée;Adresses;;;;\r\nfiltre;numero_adresse >= 120;;;;\r\n\
             part;nombre de la zone divisé par le nombre d'objets retenus par le filtre, y compris \
             ceux qui ne sont dans aucune zone;;;;\r\n"
        );
    }

    #[test]
    fn other_layers_add_one_count_column_each_with_their_own_secrecy() {
        let zones = vec![zone(0, "Centre", 60, 20, 400), zone(1, "Lac", 4, 1, 250)];
        let table = table(zones, None, false);
        let extra = [
            ExtraCounts {
                name: "Patrimoine",
                counts: &[12, 3],
                secrecy: None,
            },
            ExtraCounts {
                name: "Ménages",
                counts: &[40, 7],
                secrecy: Some(Secrecy { threshold: 11 }),
            },
            ExtraCounts {
                name: "Logements",
                counts: &[40, 7, 5],
                secrecy: Some(Secrecy { threshold: 11 }),
            },
        ];
        let mut out = Vec::new();
        write_zone_csv_with(&table, None, &extra, &mut out).expect("write");
        let text = String::from_utf8(out).expect("UTF-8");
        let lines: Vec<&str> = text.lines().collect();
        assert!(
            lines[0].ends_with(";nombre Patrimoine;nombre Ménages;nombre Logements"),
            "{}",
            lines[0]
        );
        // Ménages: 7 alone beside 40 is protected by withholding the 40; the logements' 7 has the
        // 5 of a third quartier (not in this table) beside it.
        assert!(lines[1].ends_with(";12;secret;40"), "{}", lines[1]);
        assert!(lines[2].ends_with(";3;< 11;< 11"), "{}", lines[2]);
    }
}
