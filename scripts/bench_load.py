"""The load phase of ``make bench``: large submissions through the review CLI, as ``make review`` runs them.

- parcels10k_s / parcels10k_rss_mb: a 10,000-parcel TXT (60 m squares on a grid over the sample
  plan's centre, 0701) through scripts/review_cli.py: review, review.json, review.html and
  review.pdf; wall time and the peak RSS of the CLI and the qgis_process it starts;
- vertices1m_s: one parcel of 1,000,000 界址点 the same way: a circle of r ≈ 1.5 km whose radius
  waves by 3 m every 1,000 vertices (a densified survey boundary: smooth, no vertex redundant);
- vertices1m_comb_s: the worst case, no target: the same circle with a 3 m spike every 9 vertices
  (8.5 cm apart), a hairbrush no survey produces, on which GEOS overlays run 10–20x slower.

The files are generated once into the bench data folder with the project's own TXT writer.
Smoke: 1,000 parcels and 50,000 vertices, same code path.
"""

from __future__ import annotations

import math
import os
import subprocess
import sys
import time
from pathlib import Path

REPO_ROOT = Path(__file__).resolve().parent.parent
CLI = REPO_ROOT / "scripts" / "review_cli.py"
SYSTEM_PYTHON = "/usr/bin/python3"  # what make review runs the CLI with
GRID_ORIGIN = (38350000.0, 2965000.0)  # south-west of the sample plan's centre (EPSG:4526)
GRID_SPAN_M = 18000.0
PARCEL_SIDE_M = 60.0
CIRCLE_CENTRE = (38359000.0, 2974000.0)
CIRCLE_RADIUS_M = 1500.0

FULL = {"parcels": 10_000, "vertices": 1_000_000}
SMOKE = {"parcels": 1_000, "vertices": 50_000}


def _write(path: Path, parcels) -> Path:
    from hengyang_plan_plugin.core.submission_model import Submission
    from hengyang_plan_plugin.core.txt_writer import write_txt

    path.parent.mkdir(parents=True, exist_ok=True)
    write_txt(Submission(name=path.stem, source=str(path), crs="EPSG:4526", parcels=parcels), path)
    return path


def parcel_grid(count: int, path: Path) -> Path:
    from shapely.geometry import box

    from hengyang_plan_plugin.core.submission_model import Parcel

    if path.is_file():
        return path
    side = math.ceil(math.sqrt(count))
    step = GRID_SPAN_M / side
    size = min(PARCEL_SIDE_M, step * 0.6)
    parcels = []
    for index in range(count):
        row, column = divmod(index, side)
        x, y = GRID_ORIGIN[0] + column * step, GRID_ORIGIN[1] + row * step
        parcels.append(Parcel(id=str(index + 1), geometry=box(x, y, x + size, y + size), name=f"地块{index + 1}",
                              land_use="0701"))
    return _write(path, parcels)


WAVE_VERTICES = 1_000  # the smooth site: one 3 m wave every 1,000 vertices
COMB_RADIANS_PER_VERTEX = 0.7  # the worst case: a 3 m spike every 9 vertices


def big_site(vertices: int, path: Path, radians_per_vertex: float = 2.0 * math.pi / WAVE_VERTICES) -> Path:
    from shapely.geometry import Polygon

    from hengyang_plan_plugin.core.submission_model import Parcel

    if path.is_file():
        return path
    cx, cy = CIRCLE_CENTRE
    points = []
    for index in range(vertices):
        radius = CIRCLE_RADIUS_M + 3.0 * math.sin(index * radians_per_vertex)  # every vertex matters to the area
        angle = 2.0 * math.pi * index / vertices
        points.append((cx + radius * math.cos(angle), cy + radius * math.sin(angle)))
    return _write(path, [Parcel(id="1", geometry=Polygon(points), name="大地块", land_use="0701")])


def review_through_cli(submission: Path, out: Path) -> tuple[float, float]:
    """(seconds, peak RSS MB of the CLI and its qgis_process) for one review with all three files."""
    started = time.perf_counter()
    process = subprocess.Popen(
        [SYSTEM_PYTHON, str(CLI), "--submission", str(submission), "--out", str(out)],
        cwd=REPO_ROOT, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE,
    )
    _, status, usage = os.wait4(process.pid, 0)  # ru_maxrss covers the waited-for qgis_process too
    seconds = time.perf_counter() - started
    process.returncode = os.waitstatus_to_exitcode(status)
    error = process.stderr.read().decode("utf-8", "replace").strip() if process.stderr else ""
    if process.returncode != 0 or not (out / "review.pdf").is_file():
        raise RuntimeError(f"review of {submission.name} failed ({process.returncode}): {error[-500:]}")
    return seconds, usage.ru_maxrss / 1024.0


def measure_load(figures, folder: Path, smoke: bool, log) -> None:
    sizes = SMOKE if smoke else FULL
    parcels = parcel_grid(sizes["parcels"], folder / "load" / f"parcels{sizes['parcels']}.txt")
    site = big_site(sizes["vertices"], folder / "load" / f"vertices{sizes['vertices']}-wave.txt")
    comb = big_site(
        sizes["vertices"], folder / "load" / f"vertices{sizes['vertices']}-comb.txt", COMB_RADIANS_PER_VERTEX
    )
    log(f"bench: {sizes['parcels']:,} parcels through the review CLI ...")
    seconds, rss = review_through_cli(parcels, folder / "load" / "out-parcels")
    figures.values["parcels10k_s"], figures.values["parcels10k_rss_mb"] = seconds, rss
    pages = _pdf_pages(folder / "load" / "out-parcels" / "review.pdf")
    figures.notes["parcels10k_s"] = f"{sizes['parcels']:,} parcels, make review's CLI, json+html+pdf ({pages} pages)"
    figures.notes["parcels10k_rss_mb"] = "peak RSS of the CLI and its qgis_process"
    log(f"bench: a {sizes['vertices']:,}-vertex site through the review CLI ...")
    seconds, rss = review_through_cli(site, folder / "load" / "out-vertices")
    figures.values["vertices1m_s"] = seconds
    figures.notes["vertices1m_s"] = (
        f"one parcel of {sizes['vertices']:,} vertices (a 3 m wave every 1,000), same CLI (peak {rss:.0f} MB)"
    )
    log(f"bench: the worst case, a {sizes['vertices']:,}-vertex comb, through the review CLI ...")
    seconds, rss = review_through_cli(comb, folder / "load" / "out-comb")
    figures.values["vertices1m_comb_s"] = seconds
    figures.notes["vertices1m_comb_s"] = f"a 3 m spike every 9 vertices, no target (peak {rss:.0f} MB)"


def _pdf_pages(path: Path) -> str:
    try:
        info = subprocess.run(["pdfinfo", str(path)], capture_output=True, text=True, check=False).stdout
    except OSError:
        return "?"
    return next((line.split()[-1] for line in info.splitlines() if line.startswith("Pages:")), "?")


if __name__ == "__main__":  # python scripts/bench_load.py <folder> [--smoke]: just this phase
    sys.path.insert(0, str(REPO_ROOT))
    from types import SimpleNamespace

    found = SimpleNamespace(values={}, notes={})
    measure_load(found, Path(sys.argv[1]), "--smoke" in sys.argv, lambda m: print(m, file=sys.stderr))
    for key, value in found.values.items():
        print(f"{key}={value:.2f}  {found.notes.get(key, '')}")
