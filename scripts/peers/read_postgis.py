"""Peer of `territoire info postgresql://…?table=T --json`: geopandas reads the whole table with read_postgis.

Usage: read_postgis.py POSTGRESQL_URL TABLE (the address without `?table=`).
"""

import json
import sys

import geopandas
import sqlalchemy

engine = sqlalchemy.create_engine(sys.argv[1].replace("postgresql://", "postgresql+psycopg2://", 1))
frame = geopandas.read_postgis(f"SELECT * FROM {sys.argv[2]}", engine, geom_col="geom")
# Like `info`: the count and the extent, so that every geometry is really looked at.
print(json.dumps({"features": len(frame), "bbox": list(frame.total_bounds)}))
