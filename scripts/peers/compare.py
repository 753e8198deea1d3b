"""Checks that Territoire and its peer found the same figures; prints one warning line per difference.

Usage: compare.py TERRITOIRE_JSON PEER_JSON (files holding each tool's standard output).
Exit status 0 either way: a difference is reported, not fatal to the benchmark.
"""

import json
import sys


def territoire_figures(data):
    if "zones" not in data:
        return {"features": data["features"]}
    figures = {"total": data["total"]}
    for z in data["zones"]:
        figures[f"{z['id']} count"] = z["count"]
        if z.get("near_share") is not None:
            figures[f"{z['id']} near"] = round(z["near_share"] * z["count"])
    return figures


def peer_figures(data):
    if "zones" not in data:
        return {"features": data["features"]}
    figures = {"total": data["total"]}
    for zone, z in data["zones"].items():
        figures[f"{zone} count"] = z["count"]
        if "near" in z:
            figures[f"{zone} near"] = z["near"]
    return figures


with open(sys.argv[1], encoding="utf-8") as f:
    ours = territoire_figures(json.load(f))
with open(sys.argv[2], encoding="utf-8") as f:
    theirs = peer_figures(json.load(f))
differences = [
    f"{key}: territoire {ours.get(key)} vs peer {theirs.get(key, 0 if key.endswith(('count', 'near')) else None)}"
    for key in sorted(set(ours) | set(theirs))
    if ours.get(key, 0) != theirs.get(key, 0)
]
if differences:
    shown = "; ".join(differences[:5])
    more = f" (and {len(differences) - 5} more)" if len(differences) > 5 else ""
    print(f"WARNING: {len(differences)} figure(s) differ: {shown}{more}")
else:
    print(f"ok: {len(ours)} figure(s) equal")
