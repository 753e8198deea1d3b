//! `territoire zones` computed in PostGIS when the zones and the counted layer (and the nearness
//! layer, if any) are tables of one database: the zones are read, the points stay on the server.

use super::Failure;
use super::zones_args::ZonesArgs;
use crate::analysis::zones::{ZoneTable, zone_table_from_counts};
use crate::data::FieldType;
use crate::i18n::tr_args;
use crate::jobs::Progress;
use crate::sources::postgis::{
    PgAddress, Session, TableRef, ZoneQuery, is_postgres_url, parse_url, zone_counts,
};

/// The address when `path` is a `postgresql://` address naming a table.
fn address(path: &std::path::Path) -> Option<(PgAddress, TableRef)> {
    let text = path.to_string_lossy();
    if !is_postgres_url(&text) {
        return None;
    }
    let address = parse_url(&text).ok()?;
    let table = address.table.clone()?;
    Some((address, table))
}

/// True when both addresses reach the same database as the same user.
fn same_database(a: &PgAddress, b: &PgAddress) -> bool {
    let (a, b) = (&a.connection, &b.connection);
    (&a.host, a.port, &a.database, &a.user) == (&b.host, b.port, &b.database, &b.user)
}

/// The figures computed in the database, or `None` when the layers are not all tables of one
/// database, an address layer is asked for, or the filter cannot run there as it does here.
pub(super) fn in_database(args: &ZonesArgs) -> Result<Option<ZoneTable>, Failure> {
    let (Some((zones_at, _)), Some((count_at, table))) =
        (address(&args.zones), address(&args.count))
    else {
        return Ok(None);
    };
    if !same_database(&zones_at, &count_at) || args.addresses.is_some() {
        return Ok(None);
    }
    let near = match &args.near {
        Some((path, metres)) => match address(path) {
            Some((near_at, other)) if same_database(&near_at, &count_at) => Some((other, *metres)),
            _ => return Ok(None),
        },
        None => None,
    };
    let filter = match &args.filter {
        Some(text) => {
            let expr = crate::filter::parse(text).map_err(|e| e.to_string())?;
            if !pushable(&expr) {
                return Ok(None);
            }
            Some(expr)
        }
        None => None,
    };
    let zones_text = args.zones.to_string_lossy();
    let (_, zones) = crate::sources::postgis::load_address(&zones_text, &Progress::default())
        .map_err(|e| e.to_string())?;
    let mut session = Session::open(&count_at.connection, count_at.password.as_deref())
        .map_err(|e| e.to_string())?;
    if let Some(name) = &args.field {
        let numeric = session
            .columns(&table)
            .map_err(|e| e.to_string())?
            .iter()
            .any(|c| c.name == *name && is_number(&c.type_name));
        if !numeric {
            return Err(Failure::usage(tr_args(
                "cli-zones-field",
                &[("field", name)],
            )));
        }
    }
    let query = ZoneQuery {
        table,
        filter,
        field: args.field.clone(),
        near,
    };
    let counted = zone_counts(&mut session, &zones, &query).map_err(|e| e.to_string())?;
    eprintln!("{}", crate::i18n::tr("cli-zones-in-database"));
    Ok(Some(zone_table_from_counts(&zones, counted)))
}

fn is_number(type_name: &str) -> bool {
    matches!(
        type_name,
        "int2" | "int4" | "int8" | "float4" | "float8" | "numeric"
    )
}

/// True when the filter prints as SQL (word matching and spatial tests run here only).
fn pushable(expr: &crate::filter::Expr) -> bool {
    let any_kind = |_: &str| Some(FieldType::Text);
    !matches!(
        crate::filter::sql::to_sql(expr, &any_kind, 0),
        Err(crate::filter::sql::SqlError::NotPushable)
    )
}
