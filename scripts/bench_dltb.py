#!/usr/bin/env python3
"""What a city-scale 国土调查 DLTB costs a review (issue 17): warm and cold, with and without it.

    .venv/bin/python scripts/bench_dltb.py [--smoke] [--rounds N] [--batch]

Uses the benchmark data (scripts/bench_data.py: the full plan carries 1,000,000
地类图斑) and a copy of its plan without DLTB, and reviews the 100 warm sites
as scripts/bench.py measures warm_ms (api.review of each submission file, the
plan open and past its first review). Prints one line:
``dltb_warm_ms=… warm_ms_without_dltb=… ratio=… dltb_cold_ms=… cold_ms_without_dltb=… peak_rss_mb=…``.
A DLTB this large is never loaded whole (core/plan/ogr_layer.py PROMOTE_MAX_FEATURES):
each review reads its 图斑 through the GeoPackage R-tree (core/plan/gpkg_direct.py: SQLite
itself, over one kept read-only connection). With ``--rounds N`` the medians over N rounds.
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


def measure_batch(plan: Path, folder: Path, out_dir: Path) -> tuple[float, float]:
    """(seconds, peak RSS MB after it) of the 1,000 batch cases through core.batch.run_batch, as
    ``make bench`` measures batch1000_s (review.json per case, summary.csv)."""
    from hengyang_plan_plugin.core.batch import list_cases, run_batch

    close_plans()
    started = time.perf_counter()
    summary = run_batch(list_cases(folder / "cases" / "batch"), out_dir, plan=str(plan))
    seconds = time.perf_counter() - started
    if summary.error_count:
        raise RuntimeError(f"batch: {summary.error_count} cases failed")
    close_plans()
    return seconds, resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--smoke", action="store_true")
    parser.add_argument("--batch", action="store_true", help="also batch1000_s and peak RSS, without then with DLTB")
    parser.add_argument(
        "--rounds", type=int, default=1,
        help="alternate the two plans this many times and report the medians (a shared machine's load "
             "shifts between rounds; each round's ratio is printed too)",
    )
    args = parser.parse_args(argv)
    folder, _ = bench_data.ensure(bench_data.SMOKE if args.smoke else bench_data.FULL)
    sites = sorted((folder / "cases" / "warm").glob("*.geojson"))
    rounds = []
    with tempfile.TemporaryDirectory() as scratch:
        plain = without_dltb(folder / "plan.gpkg", Path(scratch))
        for _ in range(max(1, args.rounds)):
            cold_without, warm_without = measure(plain, sites)
            cold_with, warm_with = measure(folder / "plan.gpkg", sites)
            rounds.append((warm_with, warm_without, cold_with, cold_without))
            if args.rounds > 1:
                print(f"round: dltb_warm_ms={warm_with:.2f} warm_ms_without_dltb={warm_without:.2f} "
                      f"ratio={warm_with / warm_without:.2f}", flush=True)
        if args.batch:
            batch_without, rss_without = measure_batch(plain, folder, Path(scratch) / "batch_without")
            batch_with, rss_with = measure_batch(folder / "plan.gpkg", folder, Path(scratch) / "batch_with")
            print(f"batch1000_s_without_dltb={batch_without:.1f} rss_mb={rss_without:.0f} "
                  f"dltb_batch1000_s={batch_with:.1f} rss_mb={rss_with:.0f}", flush=True)
    warm_with, warm_without, cold_with, cold_without = (statistics.median(column) for column in zip(*rounds))
    rss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(
        f"dltb_warm_ms={warm_with:.2f} warm_ms_without_dltb={warm_without:.2f} ratio={warm_with / warm_without:.2f} "
        f"dltb_cold_ms={cold_with:.0f} cold_ms_without_dltb={cold_without:.0f} peak_rss_mb={rss:.0f}"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
