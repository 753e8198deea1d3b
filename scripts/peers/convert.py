"""Writes the benchmark's GeoJSON points as GDAL writes GeoPackage and FlatGeobuf (through pyogrio)."""

import sys

import pyogrio

frame = pyogrio.read_dataframe(sys.argv[1])
pyogrio.write_dataframe(frame, sys.argv[2], driver="GPKG")
pyogrio.write_dataframe(frame, sys.argv[3], driver="FlatGeobuf")
