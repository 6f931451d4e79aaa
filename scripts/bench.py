#!/usr/bin/env python3
"""City-scale benchmark: the review engine against QGIS's own overlay tools.

    QT_QPA_PLATFORM=offscreen .venv/bin/python scripts/bench.py [--smoke]

Measures, in one process (data generation runs in a child process and is
cached under build/bench/, see bench_data.py):

- cold_ms: open the plan from disk and review the ~1 km² site (all checks);
- warm_ms: median review time over the warm sites, plan already open;
- native_chain_ms: the same site through ``native:intersection`` against
  each layer the review checks (plus ``native:buffer`` for KJTD), every run
  opening its layers from disk as the algorithm does; median of a few chains;
- batch1000_s: every batch site through the engine's multi-case path
  (one plan handle opened for the batch, reused by every review);
- peak_rss_mb: ru_maxrss of this process; load_render_ms: the styled plan
  into a map canvas plus one QgsMapRendererParallelJob render;
- postgis_cold_ms, postgis_warm_ms: the same cold and warm sites against the
  plan in PostGIS, overlay in the database (scripts/bench_postgis.py; only
  when a server is reachable, as under ``make bench``).

It asserts that the engine's per-check ``overlap_area_m2`` agrees with the
native chain's summed overlap areas within 0.01 %, prints a table and ends
with the ``bench:`` line. Speed targets are reported, never asserted.
"""

from __future__ import annotations

import argparse
import os
import resource
import shutil
import statistics
import subprocess
import sys
import time
from dataclasses import dataclass, field
from pathlib import Path

REPO_ROOT = Path(__file__).resolve().parent.parent
SCRIPTS_DIR = Path(__file__).resolve().parent
QGIS_PYTHON_PLUGINS = "/usr/share/qgis/python/plugins"
for entry in (str(REPO_ROOT), str(SCRIPTS_DIR)):
    if entry not in sys.path:
        sys.path.insert(0, entry)
if QGIS_PYTHON_PLUGINS not in sys.path:
    sys.path.append(QGIS_PYTHON_PLUGINS)

import bench_data  # noqa: E402

RELATIVE_TOLERANCE = 1e-4  # 0.01 %
ABSOLUTE_FLOOR_M2 = 0.01  # two zeros that differ by float noise still agree
NATIVE_CHAIN_REPEATS = 3
RENDER_SIZE = (1600, 1000)

TARGETS = {  # reported, never asserted (a benchmark, not a timed test)
    "speedup_cold": (">=", 20.0),
    "speedup_warm": (">=", 200.0),
    "batch1000_s": ("<=", 30.0),
    "peak_rss_mb": ("<=", 1500.0),
    "load_render_ms": ("<=", 3000.0),
    "parcels10k_s": ("<=", 60.0),
    "parcels10k_rss_mb": ("<=", 2048.0),
    "vertices1m_s": ("<=", 10.0),
    "dock_ms": ("<=", 500.0),
    "checkplan_s": ("<=", 120.0),
    "checkplan_rss_mb": ("<=", 2048.0),
}

# Which plan layers each review check overlays, as a technician would redo it
# with native:intersection. "zoning" is site ∩ (ZXCQGHFQ ∪ GHFQ); in the
# generated plan GHFQ tiles the whole city and ZXCQGHFQ lies inside it, so
# the union's overlap is the larger of the two native sums.
CHECK_LAYERS: dict[str, tuple[str, ...]] = {
    "farmland": ("YJJBNT",),
    "eco_redline": ("STBHHX",),
    "dev_boundary": ("CZKFBJ",),
    "zoning": ("ZXCQGHFQ", "GHFQ"),
    "green_line": ("ZXCQCSLVX",),
    "blue_line": ("ZXCQCSLX",),
    "purple_line": ("ZXCQCSZX",),
    "yellow_line": ("ZXCQCSHX",),
    "renewal_unit": ("CSGXDY",),
    "river_crossing": ("KJTD",),
    "current_land_use": ("DLTB",),  # the area over 地类图斑 (the 国土调查 DLTB tiles the city)
}
# Layers the native chain intersects (ZXCQGHYDYH too: the review reads it for
# land use; a check is compared with it only when its features come from it).
NATIVE_LAYERS = (
    "YJJBNT", "STBHHX", "CZKFBJ", "GHFQ", "ZXCQGHFQ", "ZXCQGHYDYH",
    "ZXCQCSLVX", "ZXCQCSLX", "ZXCQCSZX", "ZXCQCSHX", "CSGXDY", "KJTD", "DLTB",
)
CORRIDOR_LAYER = "KJTD"
CORRIDOR_HALF_WIDTH = '"KZKD" / 2'
BUFFER_SEGMENTS = 16  # shapely 2 buffer default (quad_segs=16), so both corridors are the same polygon


def log(message: str) -> None:
    print(message, file=sys.stderr, flush=True)


# --- data -------------------------------------------------------------------


@dataclass(frozen=True)
class Site:
    id: str
    role: str  # cold | warm | batch
    land_use: str
    geometry: object  # shapely polygon, EPSG:4526
    file: Path  # the submission file a technician would hand in

    @property
    def uri(self) -> str:
        """The file as QGIS opens it."""
        return f"{self.file}|layername=site" if self.file.suffix == ".gpkg" else str(self.file)


@dataclass
class BenchData:
    folder: Path
    manifest: dict
    plan: Path
    cold_site_file: Path
    sites: list[Site]

    def by_role(self, role: str) -> list[Site]:
        return [site for site in self.sites if site.role == role]


def ensure_data(scale: bench_data.Scale, root: Path = bench_data.DEFAULT_ROOT) -> BenchData:
    """Cached data; generated in a child process so its memory stays out of peak_rss_mb."""
    manifest = bench_data.load_manifest(scale, root)
    if manifest is None or manifest.get("generator_version") != bench_data.GENERATOR_VERSION:
        command = [sys.executable, str(SCRIPTS_DIR / "bench_data.py"), "--root", str(root)]
        if scale.name == bench_data.SMOKE.name:
            command.append("--smoke")
        log(f"bench: generating {scale.name} data ({' '.join(command)})")
        subprocess.run(command, check=True, stdout=subprocess.DEVNULL)
    folder = bench_data.data_dir(scale, root)
    manifest = bench_data.load_manifest(scale, root)
    return BenchData(folder, manifest, folder / "plan.gpkg", folder / "site_cold.gpkg", read_sites(folder))


def site_file(folder: Path, site_id: str, role: str) -> Path:
    if role == "cold":
        return folder / "site_cold.gpkg"
    return folder / "cases" / role / f"{site_id}.geojson"


def read_sites(folder: Path) -> list[Site]:
    import shapely
    from osgeo import ogr

    dataset = ogr.Open(str(folder / "sites.gpkg"))
    layer = dataset.GetLayer(0)
    sites = []
    for feature in layer:
        geometry = shapely.from_wkb(bytes(feature.GetGeometryRef().ExportToIsoWkb()))
        if geometry.geom_type == "MultiPolygon" and len(geometry.geoms) == 1:
            geometry = geometry.geoms[0]
        site_id, role = feature.GetField("site_id"), feature.GetField("role")
        land_use = feature.GetField("land_use")
        sites.append(Site(site_id, role, land_use, geometry, site_file(folder, site_id, role)))
    return sites


# --- QGIS -------------------------------------------------------------------


_QGIS_APP = []  # keeps the application alive for the whole run


def start_qgis():
    """The running QgsApplication, or a new headless one with Processing initialised."""
    from qgis.core import QgsApplication

    app = QgsApplication.instance()
    if app is None:
        os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
        QgsApplication.setPrefixPath("/usr", True)
        app = QgsApplication([], True)
        app.initQgis()
        _QGIS_APP.append(app)
    from processing.core.Processing import Processing
    from qgis.analysis import QgsNativeAlgorithms

    Processing.initialize()
    registry = QgsApplication.processingRegistry()
    if registry.providerById("native") is None:
        registry.addProvider(QgsNativeAlgorithms())
    return app


# --- the engine ---------------------------------------------------------------


class Engine:
    """The engine's public API as the benchmark drives it."""

    def __init__(self):
        from hengyang_plan_plugin import api
        from hengyang_plan_plugin.core.plan import registry as plan_registry

        self.api = api
        self.plan_registry = plan_registry

    def forget_plans(self) -> None:
        """Drop every opened plan handle: the next review opens the plan from disk."""
        self.plan_registry.close_plans()

    def open_plan(self, plan: Path):
        return self.api.open_plan(str(plan))

    def review(self, site: Site, plan):
        """api.review of the site's submission file (read, every check, the result object)."""
        return self.api.review(str(site.file), plan=plan, land_use=site.land_use)

    def review_many(self, sites: list[Site], plan, out_dir: Path) -> int:
        """The engine's batch driver (core.batch: one plan handle for every case, review.json
        per case, summary.csv), else one plan handle reused in a loop. Returns the cases done."""
        try:
            from hengyang_plan_plugin.core.batch import list_cases, run_batch
        except ImportError:
            return len([self.review(site, plan) for site in sites])
        folders = {site.file.parent for site in sites}
        if len(folders) != 1:
            raise ValueError("batch sites must share one folder")
        summary = run_batch(list_cases(folders.pop()), out_dir, plan=plan)
        if summary.error_count:
            first = next(o for o in summary.outcomes if not o.ok)
            raise RuntimeError(
                f"batch: {summary.error_count} cases failed, e.g. {first.case.name}: {first.error}"
            )
        return summary.ok_count


def engine_overlaps(result) -> dict[str, dict]:
    """check id → {"area": overlap_area_m2, "layers": layers its features came from}."""
    out = {}
    for check in result.to_dict()["checks"]:
        out[check["id"]] = {
            "area": float(check.get("overlap_area_m2") or 0.0),
            "layers": sorted({f.get("layer") for f in check.get("features", []) if f.get("layer")}),
            "status": check.get("status"),
        }
    return out


# --- the native chain --------------------------------------------------------


def layer_uri(plan: Path, layer: str) -> str:
    return f"{plan}|layername={layer}"


def summed_area(layer) -> float:
    return float(sum(feature.geometry().area() for feature in layer.getFeatures()))


def native_intersection(site_uri: str, overlay) -> float:
    from qgis import processing
    from qgis.core import QgsProcessing

    result = processing.run(
        "native:intersection",
        {
            "INPUT": site_uri,
            "OVERLAY": overlay,
            "INPUT_FIELDS": [],
            "OVERLAY_FIELDS": [],
            "OUTPUT": QgsProcessing.TEMPORARY_OUTPUT,
        },
    )
    return summed_area(result["OUTPUT"])


def native_corridors(plan: Path):
    from qgis import processing
    from qgis.core import QgsProcessing, QgsProperty

    result = processing.run(
        "native:buffer",
        {
            "INPUT": layer_uri(plan, CORRIDOR_LAYER),
            "DISTANCE": QgsProperty.fromExpression(CORRIDOR_HALF_WIDTH),
            "SEGMENTS": BUFFER_SEGMENTS,
            "END_CAP_STYLE": 0,  # round
            "JOIN_STYLE": 0,  # round
            "MITER_LIMIT": 2,
            "DISSOLVE": False,
            "OUTPUT": QgsProcessing.TEMPORARY_OUTPUT,
        },
    )
    return result["OUTPUT"]


def native_chain(site_uri: str, plan: Path) -> tuple[dict[str, float], dict[str, float]]:
    """(layer → summed overlap m², layer → ms) for one site, every layer opened from disk."""
    areas, times = {}, {}
    for layer in NATIVE_LAYERS:
        started = time.perf_counter()
        overlay = native_corridors(plan) if layer == CORRIDOR_LAYER else layer_uri(plan, layer)
        areas[layer] = native_intersection(site_uri, overlay)
        times[layer] = (time.perf_counter() - started) * 1000.0
    return areas, times


# --- agreement ----------------------------------------------------------------


@dataclass
class Agreement:
    site: str
    check: str
    layers: tuple[str, ...]
    engine_m2: float
    native_m2: float | None

    @property
    def difference(self) -> float | None:
        return None if self.native_m2 is None else abs(self.engine_m2 - self.native_m2)

    @property
    def ok(self) -> bool:
        if self.native_m2 is None:
            return True
        return self.difference <= max(RELATIVE_TOLERANCE * abs(self.native_m2), ABSOLUTE_FLOOR_M2)

    @property
    def relative(self) -> float:
        if self.native_m2 is None or self.native_m2 == 0:
            return 0.0
        return self.difference / abs(self.native_m2)


def compare(site_id: str, engine: dict[str, dict], native: dict[str, float]) -> list[Agreement]:
    """One row per check with a native counterpart; missing checks are a failure, not a skip."""
    rows = []
    for check, layers in CHECK_LAYERS.items():
        entry = engine.get(check)
        if entry is None:
            raise AssertionError(f"{site_id}: the engine result has no check {check!r}")
        expected = max(native[layer] for layer in layers)
        rows.append(Agreement(site_id, check, layers, entry["area"], expected))
    for check, entry in engine.items():
        if check not in CHECK_LAYERS and entry["layers"] == ["ZXCQGHYDYH"]:
            rows.append(Agreement(site_id, check, ("ZXCQGHYDYH",), entry["area"], native["ZXCQGHYDYH"]))
    return rows


def assert_agreement(rows: list[Agreement]) -> None:
    bad = [row for row in rows if not row.ok]
    if bad:
        lines = [
            f"{r.site} {r.check} ({'/'.join(r.layers)}): "
            f"engine {r.engine_m2:.4f} m² native {r.native_m2:.4f} m²"
            for r in bad
        ]
        heading = f"overlap areas disagree with native:intersection beyond {RELATIVE_TOLERANCE:.2%}:"
        raise AssertionError("\n".join([heading, *lines]))


def agreement_for(engine: Engine, site: Site, plan_handle, plan_path: Path) -> list[Agreement]:
    result = engine.review(site, plan_handle)
    native, _ = native_chain(site.uri, plan_path)
    return compare(site.id, engine_overlaps(result), native)


# --- measurements -------------------------------------------------------------


def ms_since(started: float) -> float:
    return (time.perf_counter() - started) * 1000.0


@dataclass
class Figures:
    values: dict[str, float] = field(default_factory=dict)
    notes: dict[str, str] = field(default_factory=dict)
    agreement: list[Agreement] = field(default_factory=list)
    failures: list[str] = field(default_factory=list)  # optional phases that broke


def measure_cold(engine: Engine, data: BenchData, figures: Figures):
    site = data.by_role("cold")[0]
    engine.forget_plans()
    started = time.perf_counter()
    result = engine.review(site, str(data.plan))
    figures.values["cold_ms"] = ms_since(started)
    started = time.perf_counter()
    result.to_dict()
    figures.values["cold_to_dict_ms"] = ms_since(started)
    figures.notes["cold_to_dict_ms"] = "first review.json (hashes the plan file once, unless the log already did)"
    return result


def measure_native(data: BenchData, figures: Figures) -> dict[str, float]:
    uri = data.by_role("cold")[0].uri
    runs, areas, per_layer = [], None, None
    for _ in range(NATIVE_CHAIN_REPEATS):
        started = time.perf_counter()
        areas, per_layer = native_chain(uri, data.plan)
        runs.append(ms_since(started))
    figures.values["native_chain_ms"] = statistics.median(runs)
    figures.values["native_chain_first_ms"] = runs[0]
    slowest = max(per_layer, key=per_layer.get)
    figures.notes["native_chain_ms"] = (
        f"median of {len(runs)} chains of {len(NATIVE_LAYERS)} layers; "
        f"slowest {slowest} {per_layer[slowest]:.0f} ms"
    )
    return areas


def measure_warm(engine: Engine, data: BenchData, plan, figures: Figures) -> None:
    times = []
    for site in data.by_role("warm"):
        started = time.perf_counter()
        engine.review(site, plan)
        times.append(ms_since(started))
    figures.values["warm_ms"] = statistics.median(times)
    figures.values["warm_max_ms"] = max(times)
    figures.notes["warm_ms"] = (
        f"median of {len(times)} sites of 0.8-1.25 km², plan open since the batch "
        f"(first {times[0]:.0f} ms, max {max(times):.0f} ms)"
    )


def measure_batch(engine: Engine, data: BenchData, figures: Figures) -> None:
    sites = data.by_role("batch")
    out_dir = data.folder / "batch_out"
    shutil.rmtree(out_dir, ignore_errors=True)  # last run's outputs: not part of the batch
    engine.forget_plans()
    started = time.perf_counter()
    done = engine.review_many(sites, str(data.plan), out_dir)
    figures.values["batch1000_s"] = ms_since(started) / 1000.0
    figures.notes["batch1000_s"] = (
        f"{done} GeoJSON cases of 0.1-5 km² through core.batch.run_batch (review.json each, summary.csv)"
    )


def measure_load_render(data: BenchData, figures: Figures) -> None:
    from qgis.core import QgsMapRendererParallelJob, QgsProject, QgsRectangle
    from qgis.gui import QgsLayerTreeMapCanvasBridge, QgsMapCanvas
    from qgis.PyQt.QtCore import QSize

    project = QgsProject.instance()
    project.clear()
    canvas = QgsMapCanvas()
    canvas.resize(*RENDER_SIZE)
    bridge = QgsLayerTreeMapCanvasBridge(project.layerTreeRoot(), canvas)
    started = time.perf_counter()
    load_plan_into(data.plan, project, canvas)
    bridge.setCanvasLayers()
    loaded_ms = ms_since(started)
    settings = canvas.mapSettings()
    settings.setOutputSize(QSize(*RENDER_SIZE))
    settings.setExtent(QgsRectangle(*data.manifest["central_box"]))
    job = QgsMapRendererParallelJob(settings)
    job.start()
    job.waitForFinished()
    image = job.renderedImage()
    figures.values["load_render_ms"] = ms_since(started)
    out = data.folder / "render.png"
    image.save(str(out))
    shown = out.relative_to(REPO_ROOT) if out.is_relative_to(REPO_ROOT) else out
    figures.notes["load_render_ms"] = (
        f"load {loaded_ms:.0f} ms + render {figures.values['load_render_ms'] - loaded_ms:.0f} ms; "
        f"{len(settings.layers())} layers, {RENDER_SIZE[0]}x{RENDER_SIZE[1]} "
        f"at the 中心城区 extent -> {shown}"
    )
    del bridge, canvas


def load_plan_into(plan: Path, project, canvas) -> None:
    """The plugin's own loader when present, else layers + styles/<LAYER>.qml by hand."""
    try:
        from hengyang_plan_plugin.qgis_adapters.plan_loader import load_plan
    except ImportError:
        load_plan = None
    if load_plan is not None:
        load_plan(str(plan), project, canvas)
        return
    from qgis.core import QgsVectorLayer

    from hengyang_plan_plugin.paths import style_path

    for name in reversed(bench_data.schema.DRAWING_ORDER):
        layer = QgsVectorLayer(layer_uri(plan, name), name, "ogr")
        layer.loadNamedStyle(str(style_path(name)))
        project.addMapLayer(layer)


def machine_load() -> str:
    one, five, _ = os.getloadavg()
    return f"{one:.2f}/{five:.2f}"


def machine_description() -> str:
    """nproc, CPU model, RAM and the library versions, for the figures' provenance."""
    import shapely
    from osgeo import gdal
    from qgis.core import Qgis

    cpu = "unknown CPU"
    meminfo = {}
    try:
        with open("/proc/cpuinfo") as handle:
            cpu = next(line.split(":", 1)[1].strip() for line in handle if line.startswith("model name"))
        with open("/proc/meminfo") as handle:
            meminfo = dict(line.split(":", 1) for line in handle)
    except (OSError, StopIteration):
        pass
    ram_gib = int(meminfo.get("MemTotal", "0 kB").split()[0]) / 1024**2
    return (
        f"nproc {os.cpu_count()}, {cpu}, RAM {ram_gib:.1f} GiB; "
        f"QGIS {Qgis.QGIS_VERSION}, GDAL {gdal.__version__}, "
        f"GEOS {shapely.geos_version_string}, shapely {shapely.__version__}, Python {sys.version.split()[0]}"
    )


def code_revision() -> str:
    """The commit measured, marked dirty when the plugin package has uncommitted changes."""
    def git(*args: str) -> str:
        try:
            done = subprocess.run(["git", *args], cwd=REPO_ROOT, capture_output=True, text=True, check=True)
            return done.stdout.strip()
        except (OSError, subprocess.CalledProcessError):
            return ""

    head = git("rev-parse", "--short", "HEAD") or "unknown"
    dirty = git("status", "--porcelain", "--", "hengyang_plan_plugin")
    return f"{head}{' + uncommitted changes in hengyang_plan_plugin/' if dirty else ''}"


def peak_rss_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024.0


# --- report -------------------------------------------------------------------


def derived(figures: Figures) -> None:
    v = figures.values
    v["speedup_cold"] = v["native_chain_ms"] / v["cold_ms"]
    v["speedup_warm"] = v["native_chain_ms"] / v["warm_ms"]


def target_text(key: str, value: float) -> str:
    if key not in TARGETS:
        return ""
    op, bound = TARGETS[key]
    met = value >= bound if op == ">=" else value <= bound
    return f"{op} {bound:g} {'met' if met else 'MISSED'}"


def table_text(figures: Figures, data: BenchData, smoke: bool) -> str:
    v = figures.values
    keys = [
        "cold_ms", "cold_to_dict_ms", "warm_ms", "warm_max_ms", "native_chain_ms", "native_chain_first_ms",
        "speedup_cold", "speedup_warm", "batch1000_s", "peak_rss_mb", "load_render_ms",
        "postgis_cold_ms", "postgis_warm_ms", "parcels10k_s", "parcels10k_rss_mb", "vertices1m_s", "vertices1m_comb_s",
        "dock_ms", "checkplan_s", "checkplan_rss_mb",
    ]
    counts = data.manifest["layer_counts"]
    version, scale = data.manifest["generator_version"], data.manifest["scale"]["name"]
    lines = [
        f"bench data: {data.folder} (generator v{version}, {scale}): YJJBNT {counts['YJJBNT']:,}, "
        f"ZXCQGHYDYH {counts['ZXCQGHYDYH']:,}, sites {data.manifest['site_count']:,}",
        f"{'metric':<24}{'value':>12}  {'target':<16} note",
    ]
    for key in keys:
        if key in v:
            target = "" if smoke else target_text(key, v[key])
            lines.append(f"{key:<24}{v[key]:>12.2f}  {target:<16} {figures.notes.get(key, '')}")
    lines += [
        "",
        f"agreement with native:intersection (tolerance {RELATIVE_TOLERANCE:.2%}):",
        f"{'site':<10}{'check':<16}{'layers':<22}{'engine m²':>16}{'native m²':>16}{'rel diff':>11}",
    ]
    for row in figures.agreement:
        layers = "/".join(row.layers)
        lines.append(
            f"{row.site:<10}{row.check:<16}{layers:<22}"
            f"{row.engine_m2:>16.3f}{row.native_m2:>16.3f}{row.relative:>11.2e}"
        )
    lines += [
        f"machine: {machine_description()}",
        f"code: {code_revision()}",
        f"load average (1/5 min) at start/end: {figures.notes.get('load_start', '?')} / {machine_load()}",
    ]
    return "\n".join(lines)


LOAD_KEYS = ("parcels10k_s", "parcels10k_rss_mb", "vertices1m_s", "vertices1m_comb_s")  # scripts/bench_load.py
CHECKPLAN_KEYS = ("checkplan_s", "checkplan_rss_mb")  # scripts/bench_checkplan.py


def bench_line(figures: Figures) -> str:
    v = figures.values
    return (
        f"bench: cold_ms={v['cold_ms']:.1f} warm_ms={v['warm_ms']:.2f} "
        f"native_chain_ms={v['native_chain_ms']:.1f} "
        f"speedup_cold={v['speedup_cold']:.1f} speedup_warm={v['speedup_warm']:.1f} "
        f"batch1000_s={v['batch1000_s']:.2f} "
        f"peak_rss_mb={v['peak_rss_mb']:.0f} load_render_ms={v['load_render_ms']:.0f}"
        + "".join(f" {key}={v[key]:.1f}" for key in LOAD_KEYS if key in v)
        + "".join(f" {key}={v[key]:.1f}" for key in CHECKPLAN_KEYS if key in v)
        + (f" dock_ms={v['dock_ms']:.0f}" if "dock_ms" in v else "")
        + (  # PostGIS figures: only when a server was reachable (bench_postgis.py)
            f" postgis_cold_ms={v['postgis_cold_ms']:.1f} postgis_warm_ms={v['postgis_warm_ms']:.2f}"
            if "postgis_warm_ms" in v
            else ""
        )
    )


# --- main -----------------------------------------------------------------------


REVIEW_LOG_ENV = "HENGYANG_REVIEW_LOG"


def use_scratch_review_log(folder: Path) -> Path:
    """Log every review to a fresh SQLite file, as the plugin logs to its settings folder."""
    path = folder / "review_log.sqlite"
    for leftover in (path, path.with_name(path.name + "-wal"), path.with_name(path.name + "-shm")):
        leftover.unlink(missing_ok=True)
    os.environ[REVIEW_LOG_ENV] = str(path)
    return path


def run(
    smoke: bool, root: Path = bench_data.DEFAULT_ROOT, agreement_sites: int = 10, review_log: bool = True
) -> tuple[Figures, BenchData]:
    scale = bench_data.SMOKE if smoke else bench_data.FULL
    data = ensure_data(scale, root)
    figures = Figures()
    if review_log:
        use_scratch_review_log(data.folder)
        figures.notes["cold_ms"] = "review log on, as in the plugin (every review appends a record)"
    else:
        os.environ.pop(REVIEW_LOG_ENV, None)
        figures.notes["cold_ms"] = "review log off (--no-review-log)"
    figures.notes["load_start"] = machine_load()
    start_qgis()
    engine = Engine()  # imports before timing: interpreter and QGIS start are excluded

    rss = [f"start {peak_rss_mb():.0f}"]
    log("bench: cold review ...")
    cold_result = measure_cold(engine, data, figures)
    rss.append(f"cold {peak_rss_mb():.0f}")
    log("bench: native chain ...")
    native = measure_native(data, figures)
    figures.agreement += compare("cold", engine_overlaps(cold_result), native)
    rss.append(f"native {peak_rss_mb():.0f}")
    del cold_result
    log("bench: batch ...")
    measure_batch(engine, data, figures)  # opens the plan afresh: open + index build count
    rss.append(f"batch {peak_rss_mb():.0f}")
    plan = engine.open_plan(data.plan)  # the handle the batch opened, as a QGIS session keeps it
    log("bench: warm reviews ...")
    measure_warm(engine, data, plan, figures)
    rss.append(f"warm {peak_rss_mb():.0f}")
    log("bench: agreement on warm sites ...")
    for site in data.by_role("warm")[:agreement_sites]:
        figures.agreement += agreement_for(engine, site, plan, data.plan)
    del plan
    log("bench: load and render ...")
    measure_load_render(data, figures)
    log("bench: dock ...")
    try:
        import bench_dock

        bench_dock.measure_dock(data, figures, log, load_plan_into)
    except Exception as error:  # keep the figures above; main() fails the run
        figures.failures.append(f"dock phase: {type(error).__name__}: {error}")
    figures.values["peak_rss_mb"] = peak_rss_mb()
    rss.append(f"render {figures.values['peak_rss_mb']:.0f}")
    # --- load (scripts/bench_load.py): big submissions through make review's CLI, in a child ---
    log("bench: load ...")
    try:
        import bench_load

        bench_load.measure_load(figures, data.folder, smoke, log)
    except Exception as error:  # keep the figures above; main() fails the run
        figures.failures.append(f"load phase: {type(error).__name__}: {error}")
    # --- 规划成果质检 (scripts/bench_checkplan.py): the whole plan through make checkplan's CLI ---
    try:
        import bench_checkplan

        bench_checkplan.measure_checkplan(figures, data.plan, data.folder, log)
    except Exception as error:  # keep the figures above; main() fails the run
        figures.failures.append(f"checkplan phase: {type(error).__name__}: {error}")
    # --- PostGIS (scripts/bench_postgis.py): only when a server answers -----------
    # Last, and outside peak_rss_mb: the first run also loads the plan into the
    # server in-process (setup, like generating the data).
    log("bench: PostGIS ...")
    try:
        import bench_postgis

        bench_postgis.measure_postgis(engine, data, figures, log)
    except Exception as error:  # an optional phase must not lose the figures above; main() fails the run
        figures.failures.append(f"PostGIS phase: {type(error).__name__}: {error}")
        figures.notes["postgis_cold_ms"] = "PostGIS phase failed (see the end of the report)"
    if "postgis_cold_ms" in figures.values:
        rss.append(f"then PostGIS {peak_rss_mb():.0f} (not counted)")
    figures.notes["peak_rss_mb"] = "ru_maxrss after each phase: " + ", ".join(rss)
    derived(figures)
    return figures, data


def profile(phase: str, smoke: bool, root: Path, sites: int) -> int:
    """cProfile one phase (no figures: profiling distorts them).

    The stats go to build/bench/profile-<phase>.pstats.
    """
    import cProfile
    import pstats

    data = ensure_data(bench_data.SMOKE if smoke else bench_data.FULL, root)
    use_scratch_review_log(data.folder)
    start_qgis()
    engine = Engine()
    engine.forget_plans()
    profiler = cProfile.Profile()
    if phase == "cold":
        profiler.runcall(engine.review, data.by_role("cold")[0], str(data.plan))
    elif phase == "warm":
        plan = engine.open_plan(data.plan)
        for site in data.by_role("warm")[:3]:  # promotion happens here, outside the profile
            engine.review(site, plan)
        profiler.enable()
        for site in data.by_role("warm")[3 : 3 + sites]:
            engine.review(site, plan)
        profiler.disable()
    elif phase == "batch":
        folder = data.folder / "cases" / "profile_batch"
        shutil.rmtree(folder, ignore_errors=True)
        folder.mkdir()
        chosen = data.by_role("batch")[:sites]
        for site in chosen:
            shutil.copy(site.file, folder / site.file.name)
        copies = [Site(s.id, s.role, s.land_use, s.geometry, folder / s.file.name) for s in chosen]
        out_dir = data.folder / "profile_batch_out"
        shutil.rmtree(out_dir, ignore_errors=True)
        profiler.runcall(engine.review_many, copies, str(data.plan), out_dir)
    else:
        raise SystemExit(f"unknown phase {phase}")
    out = root / f"profile-{phase}.pstats"
    profiler.dump_stats(str(out))
    stats = pstats.Stats(profiler)
    stats.sort_stats("cumulative").print_stats(35)
    stats.sort_stats("tottime").print_stats(20)
    print(f"profile: {out}")
    return 0


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="City-scale benchmark against QGIS native:intersection")
    parser.add_argument("--smoke", action="store_true", help="small data, same code path, no speed targets")
    parser.add_argument("--root", type=Path, default=bench_data.DEFAULT_ROOT, help="data cache folder")
    parser.add_argument(
        "--agreement-sites", type=int, default=10, help="warm sites also checked against the native chain"
    )
    parser.add_argument(
        "--profile", choices=("cold", "warm", "batch"), help="cProfile one phase instead of measuring"
    )
    parser.add_argument("--profile-sites", type=int, default=50, help="sites in a warm/batch profile")
    parser.add_argument(
        "--no-review-log", action="store_true", help="do not log reviews (the plugin always logs them)"
    )
    args = parser.parse_args(argv)
    if args.profile:
        return profile(args.profile, args.smoke, args.root, args.profile_sites)
    figures, data = run(args.smoke, args.root, args.agreement_sites, review_log=not args.no_review_log)
    report = [time.strftime("%Y-%m-%d %H:%M UTC", time.gmtime()), table_text(figures, data, args.smoke)]
    print("\n" + report[1])
    try:
        assert_agreement(figures.agreement)
        count, tolerance = len(figures.agreement), f"{RELATIVE_TOLERANCE:.2%}"
        report.append(f"agreement: {count} check areas within {tolerance} of native:intersection")
    except AssertionError as error:
        report.append(f"agreement FAILED: {error}")
        raise
    finally:
        report.append(bench_line(figures))
        report += [f"FAILED {failure}" for failure in figures.failures]
        (args.root / f"last-run-{data.manifest['scale']['name']}.txt").write_text("\n".join(report) + "\n")
    print(report[2])
    print(report[3], flush=True)
    for failure in figures.failures:
        print(f"bench: FAILED {failure}", file=sys.stderr)
    return 1 if figures.failures else 0


if __name__ == "__main__":
    sys.exit(main())
