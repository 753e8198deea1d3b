"""Peer of `territoire zones --zones Z --count P --json`: read both, `sjoin(within)`, `groupby().size()`."""

import json
import sys

import geopandas

zones = geopandas.read_file(sys.argv[1], engine="pyogrio")
points = geopandas.read_file(sys.argv[2], engine="pyogrio")
zones = zones[["id", "geometry"]].rename(columns={"id": "zone"})
joined = geopandas.sjoin(points, zones, predicate="within")
counts = joined.groupby("zone").size()
print(
    json.dumps(
        {
            "total": len(points),
            "zones": {zone: {"count": int(n)} for zone, n in counts.items()},
        }
    )
)
