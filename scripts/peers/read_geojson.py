"""Peer of `territoire info FILE --json` (GeoJSON, GeoPackage, FlatGeobuf…): geopandas reads the whole file with pyogrio."""

import json
import sys

import geopandas

frame = geopandas.read_file(sys.argv[1], engine="pyogrio")
# Like `info`: the count and the extent, so that every geometry is really looked at.
print(json.dumps({"features": len(frame), "bbox": list(frame.total_bounds)}))
