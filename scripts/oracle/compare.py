"""Compares `territoire info --json` with GDAL's reading of every file of a corpus.

For each file: both refuse (fine), or both read it and give the same feature count for the
first layer (all layers summed for KML, whose folders GDAL makes layers and Territoire a field)
and the same WGS 84 extent within 1e-6 degree. Prints one line per file and a summary; exits 1
when any file disagrees. Run by scripts/oracle.sh with Debian's python3 (for osgeo).
"""

import glob
import json
import os
import shutil
import subprocess
import sys
import tempfile
import zipfile

from osgeo import gdal, ogr, osr

gdal.UseExceptions()
TOLERANCE = 1e-6
EXTENSIONS = {".shp", ".zip", ".geojson", ".json", ".gpkg", ".fgb", ".kml", ".kmz", ".gpx",
              ".gml", ".csv", ".topojson"}
JSON_TYPES = {"FeatureCollection", "Feature", "Topology", "Point", "MultiPoint", "LineString",
              "MultiLineString", "Polygon", "MultiPolygon", "GeometryCollection"}


# Files whose difference from GDAL is understood and accepted, with the reason.
KNOWN = {}


def candidates(root):
    """The files of the corpus a GIS tool would be asked to open."""
    for folder, _, names in os.walk(root):
        if "/crates/vendor/" not in folder + "/" and "/unpacked/" not in folder + "/":
            continue
        if "/gdal_data" in folder or "/proj_data" in folder:
            continue
        for name in sorted(names):
            path = os.path.join(folder, name)
            ext = os.path.splitext(name)[1].lower()
            if ext not in EXTENSIONS or name.startswith("."):
                continue
            if ext == ".json" and not geojson_like(path):
                continue
            if ext == ".zip" and not holds_shapefile(path):
                continue
            yield path


def geojson_like(path):
    try:
        with open(path, encoding="utf-8-sig") as f:
            return json.load(f).get("type") in JSON_TYPES
    except (ValueError, OSError, AttributeError):
        return False


def holds_shapefile(path):
    try:
        with zipfile.ZipFile(path) as z:
            return any(n.lower().endswith(".shp") for n in z.namelist())
    except (zipfile.BadZipFile, OSError):
        return True  # a damaged zip: both must refuse it


def wgs84():
    srs = osr.SpatialReference()
    srs.ImportFromEPSG(4326)
    srs.SetAxisMappingStrategy(osr.OAMS_TRADITIONAL_GIS_ORDER)
    return srs


def layer_figures(layer):
    """(count, extent [minx, miny, maxx, maxy] or None, placed) of one GDAL layer."""
    srs = layer.GetSpatialRef()
    transform = None
    if srs is not None:
        srs = srs.Clone()
        srs.SetAxisMappingStrategy(osr.OAMS_TRADITIONAL_GIS_ORDER)
        transform = osr.CoordinateTransformation(srs, wgs84())
    count = 0
    box = None
    layer.ResetReading()
    for feature in layer:
        count += 1
        geom = feature.GetGeometryRef()
        if geom is None or geom.IsEmpty():
            continue
        geom = geom.Clone()
        if transform is not None:
            geom.Transform(transform)
        minx, maxx, miny, maxy = geom.GetEnvelope()
        env = [minx, miny, maxx, maxy]
        box = env if box is None else [min(box[0], env[0]), min(box[1], env[1]),
                                       max(box[2], env[2]), max(box[3], env[3])]
    return count, box, srs is not None


def union(a, b):
    if a is None or b is None:
        return a or b
    return [min(a[0], b[0]), min(a[1], b[1]), max(a[2], b[2]), max(a[3], b[3])]


def gdal_open(name):
    try:
        return ogr.Open(name)
    except RuntimeError:
        return None


def gdal_dataset(path, scratch):
    """The file opened by GDAL, asked as a user of GDAL would for what Territoire reads on its
    own: a shapefile inside a folder of a zip is opened by its path in the zip, and a shapefile
    without its .shx with GDAL's own SHAPE_RESTORE_SHX (on a copy, since GDAL writes the .shx)."""
    if path.lower().endswith(".zip"):
        ds = gdal_open("/vsizip/" + path)
        if ds is not None or not zipfile.is_zipfile(path):
            return ds
        with zipfile.ZipFile(path) as z:
            members = [n for n in z.namelist() if n.lower().endswith(".shp")]
        return gdal_open(f"/vsizip/{path}/{members[0]}") if members else None
    ds = gdal_open(path)
    stem, ext = os.path.splitext(path)
    if ds is not None or ext.lower() != ".shp" or any(
            os.path.exists(stem + e) for e in (".shx", ".SHX")):
        return ds
    for sibling in glob.glob(glob.escape(stem) + ".*"):
        shutil.copy(sibling, scratch)
    gdal.SetConfigOption("SHAPE_RESTORE_SHX", "YES")
    try:
        return gdal_open(os.path.join(scratch, os.path.basename(path)))
    finally:
        gdal.SetConfigOption("SHAPE_RESTORE_SHX", None)


def gdal_reading(path):
    """GDAL's figures, or None when GDAL refuses the file."""
    with tempfile.TemporaryDirectory() as scratch:
        ds = gdal_dataset(path, scratch)
        if ds is None:
            return None
        if ds.GetLayerCount() == 0:
            # Opened, but nothing in it (a KML without a placemark).
            return 0, None, True
        layers = [ds.GetLayer(i) for i in range(ds.GetLayerCount())]
        try:
            figures = [layer_figures(layer) for layer in layers]
        except RuntimeError:
            return None
    if path.lower().endswith((".kml", ".kmz")):
        count = sum(f[0] for f in figures)
        box = None
        for f in figures:
            box = union(box, f[1])
        return count, box, True
    return figures[0]


def territoire_reading(binary, path):
    run = subprocess.run([binary, "info", path, "--json"], capture_output=True, text=True,
                         timeout=120, check=False)
    if run.returncode != 0:
        return None, run.stderr.strip().splitlines()[-1:] or [""]
    return json.loads(run.stdout), None


def verdict(path, ours, refusal, theirs):
    if theirs is None and ours is None:
        return "both-refuse", refusal[0]
    if theirs is None:
        return "only-gdal-refuses", f"{ours.get('features')} features"
    if ours is None:
        return "DIFFERS", f"refused: {refusal[0]} (GDAL: {theirs[0]} features)"
    count, box, placed = theirs
    features = ours.get("features")
    if path.lower().endswith((".kml", ".kmz")) and "layers" in ours:
        features = sum(layer.get("features", 0) for layer in ours["layers"])
    if features != count:
        return "DIFFERS", f"{features} features, GDAL {count}"
    if path.lower().endswith(".csv") or not placed or ours.get("crs_unplaced"):
        return "same", f"{count} features"
    bbox = ours.get("bbox")
    if (bbox is None) != (box is None):
        return "DIFFERS", f"extent {bbox}, GDAL {box}"
    if box is not None and max(abs(a - b) for a, b in zip(bbox, box)) > TOLERANCE:
        return "DIFFERS", f"extent {bbox}, GDAL {[round(v, 7) for v in box]}"
    return "same", f"{count} features"


def main():
    binary, root = sys.argv[1], sys.argv[2]
    tally = {}
    for path in candidates(root):
        ours, refusal = territoire_reading(binary, path)
        theirs = gdal_reading(path)
        status, detail = verdict(path, ours, refusal, theirs)
        if status == "DIFFERS" and os.path.basename(path) in KNOWN:
            status, detail = "known", f"{detail} ({KNOWN[os.path.basename(path)]})"
        tally[status] = tally.get(status, 0) + 1
        print(f"{status:18} {os.path.relpath(path, root)}: {detail}")
    print("summary:", ", ".join(f"{k} {v}" for k, v in sorted(tally.items())))
    sys.exit(1 if tally.get("DIFFERS") else 0)


if __name__ == "__main__":
    main()
