"""Two review results with known changes, for the resubmission-diff tests (test/unit and test/qgis)."""

from __future__ import annotations


def check(check_id, status, area=0.0, fids=()):
    return {
        "id": check_id,
        "title": check_id.upper(),
        "status": status,
        "overlap_area_m2": area,
        "features": [{"layer": "L", "fid": fid, "overlap_area_m2": 1.0} for fid in fids],
    }


def result(area, checks, verdict="fail", sha="1", land_use="0701", plan_sha="p"):
    return {
        "verdict": verdict,
        "land_use": land_use,
        "generated_at": "2026-11-29T10:00:00+00:00",
        "submission": {"name": "项目", "source": "v.txt", "sha256": sha, "area_m2": area, "parcels": []},
        "plan": {"sha256": plan_sha},
        "checks": checks,
    }


def make_versions():
    """Two versions of a case: (old, new) review results with known changes."""
    old = result(
        10_000.0,
        [
            check("farmland", "conflict", 5000.0, fids=(1, 2)),
            check("eco_redline", "conflict", 200.0, fids=(7,)),
            check("dev_boundary", "pass"),
            check("green_line", "warning", 30.0, fids=(4,)),
            check("blue_line", "conflict", 10.0, fids=(9,)),
            check("zoning", "pass"),
        ],
    )
    new = result(
        9_000.0,
        [
            check("farmland", "conflict", 1500.0, fids=(2, 3)),  # remaining: 1 avoided, 3 newly hit
            check("eco_redline", "pass"),  # resolved
            check("dev_boundary", "warning", 120.0, fids=(5,)),  # new
            check("green_line", "not_run"),  # cannot tell
            check("zoning", "pass"),
        ],
        sha="2",
    )  # blue_line gone from the new review
    return old, new
