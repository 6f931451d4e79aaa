#!/usr/bin/env python3
"""What a city-scale 国土调查 DLTB costs a review (issue 17): warm and cold, with and without it.

    .venv/bin/python scripts/bench_dltb.py [--smoke]

Uses the benchmark data (scripts/bench_data.py: the full plan carries 1,000,000
地类图斑) and a copy of its plan without DLTB, and reviews the 100 warm sites
as scripts/bench.py measures warm_ms (api.review of each submission file, the
plan open and past its first review). Prints one line:
``dltb_warm_ms=… warm_ms_without_dltb=… ratio=… dltb_cold_ms=… cold_ms_without_dltb=… peak_rss_mb=…``.
A DLTB this large is never loaded whole (core/plan/ogr_layer.py PROMOTE_MAX_FEATURES):
each review reads its 图斑 through the GeoPackage R-tree.
"""

from __future__ import annotations

import argparse
import resource
import shutil
import statistics
import sys
import tempfile
import time
from pathlib import Path

REPO_ROOT = Path(__file__).resolve().parent.parent
for folder in (REPO_ROOT, REPO_ROOT / "scripts"):
    if str(folder) not in sys.path:
        sys.path.insert(0, str(folder))

import bench_data  # noqa: E402
from osgeo import ogr  # noqa: E402

from hengyang_plan_plugin import api  # noqa: E402
from hengyang_plan_plugin.core.plan.registry import close_plans  # noqa: E402


def without_dltb(plan: Path, folder: Path) -> Path:
    copy = folder / "plan_without_dltb.gpkg"
    shutil.copyfile(plan, copy)
    dataset = ogr.Open(str(copy), 1)
    for index in range(dataset.GetLayerCount()):
        if dataset.GetLayer(index).GetName() == "DLTB":
            dataset.DeleteLayer(index)
            break
    dataset = None
    return copy


def measure(plan: Path, sites: list[Path]) -> tuple[float, float]:
    """(cold ms of the first review, median warm ms over the sites)."""
    close_plans()
    started = time.perf_counter()
    api.review(str(sites[0]), plan=str(plan), land_use="0701")
    cold = (time.perf_counter() - started) * 1000.0
    api.review(str(sites[1]), plan=str(plan), land_use="0701")  # the plan is now reused: warm from here
    times = []
    for site in sites:
        started = time.perf_counter()
        api.review(str(site), plan=str(plan), land_use="0701")
        times.append((time.perf_counter() - started) * 1000.0)
    close_plans()
    return cold, statistics.median(times)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--smoke", action="store_true")
    args = parser.parse_args(argv)
    folder, _ = bench_data.ensure(bench_data.SMOKE if args.smoke else bench_data.FULL)
    sites = sorted((folder / "cases" / "warm").glob("*.geojson"))
    with tempfile.TemporaryDirectory() as scratch:
        plain = without_dltb(folder / "plan.gpkg", Path(scratch))
        cold_without, warm_without = measure(plain, sites)
        cold_with, warm_with = measure(folder / "plan.gpkg", sites)
    rss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(
        f"dltb_warm_ms={warm_with:.2f} warm_ms_without_dltb={warm_without:.2f} ratio={warm_with / warm_without:.2f} "
        f"dltb_cold_ms={cold_with:.0f} cold_ms_without_dltb={cold_without:.0f} peak_rss_mb={rss:.0f}"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
