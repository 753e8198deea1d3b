"""Peer of `territoire zones … --near GREEN --distance M --json`: points per zone, and the share of
them within M metres (Lambert-93) of a green space: read, `to_crs(2154)`, `sjoin(dwithin)`."""

import json
import sys

import geopandas

zones_path, points_path, green_path, metres = sys.argv[1:5]
zones = geopandas.read_file(zones_path, engine="pyogrio")
points = geopandas.read_file(points_path, engine="pyogrio")
green = geopandas.read_file(green_path, engine="pyogrio")

zones = zones[["id", "geometry"]].rename(columns={"id": "zone"})
zone_of = geopandas.sjoin(points, zones, predicate="within")["zone"]
near_rows = geopandas.sjoin(
    points.to_crs(2154),
    green[["geometry"]].to_crs(2154),
    predicate="dwithin",
    distance=float(metres),
).index.unique()
near = zone_of[zone_of.index.isin(near_rows)]

counts = zone_of.groupby(zone_of).size()
near_counts = near.groupby(near).size().reindex(counts.index, fill_value=0)
print(
    json.dumps(
        {
            "total": len(points),
            "zones": {
                zone: {
                    "count": int(n),
                    "near": int(near_counts[zone]),
                    "near_share": near_counts[zone] / n,
                }
                for zone, n in counts.items()
            },
        }
    )
)
