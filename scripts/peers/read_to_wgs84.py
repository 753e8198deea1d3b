"""Peer of `territoire info FILE.shp --json` on a Lambert-93 shapefile: read, then `to_crs(4326)`."""

import json
import sys

import geopandas

frame = geopandas.read_file(sys.argv[1], engine="pyogrio").to_crs(4326)
print(json.dumps({"features": len(frame), "bbox": list(frame.total_bounds)}))
