"""The same submission gets the same review from every entry point.

Three submissions as they arrive (a 界址点 TXT with two parcels, one with a hole;
a GeoPackage in geographic CGCS2000; a DXF drawn in zone-prefixed Gauss-Krüger
coordinates) go through the dock's task, ``hengyangplan:review``,
``hengyangplan:batchreview``, ``make review`` (the real qgis_process) and
``api.review``. The plugin's options are non-default (a sliver tolerance that
turns a small farmland overlap into 需人工复核) and PLAN is left empty where
the entry point reads the options, so the configured plan must be used.
Verdict, every check's status and every area must agree to 0.01 m².
"""

from __future__ import annotations

import json
import os
import subprocess
from pathlib import Path

import pytest
from osgeo import ogr, osr
from qgis.core import QgsProcessingContext, QgsProcessingFeedback, QgsProject, QgsSettings
from qgis.PyQt.QtCore import QEvent
from qgis.PyQt.QtWidgets import QApplication

from hengyang_plan_plugin import api
from hengyang_plan_plugin.core.crs import transform_geometry
from hengyang_plan_plugin.core.plan.registry import close_plans
from hengyang_plan_plugin.core.settings import ReviewSettings
from hengyang_plan_plugin.core.submission_io import read_submission
from hengyang_plan_plugin.core.submission_model import Submission
from hengyang_plan_plugin.core.txt_coordinates import write_txt
from hengyang_plan_plugin.processing.batch_algorithm import BatchReviewAlgorithm
from hengyang_plan_plugin.processing.review_algorithm import ReviewAlgorithm
from hengyang_plan_plugin.qgis_adapters.preferences import SETTINGS_PREFIX
from test.conftest import REPO_ROOT
from test.qgis_iface_support import complete_iface

SAMPLE = REPO_ROOT / "resources" / "samples" / "sample_submission.txt"
CLI = REPO_ROOT / "scripts" / "review_cli.py"
# Non-default options: farmland overlaps under 1000 m² are 疑似边界误差 (the TXT's parcel 2 has 521.12 m²).
OPTIONS = ReviewSettings(sliver_area_m2=1000.0, sliver_width_m=0.2, declared_area_abs_tolerance_m2=5.0)
AREA_TOLERANCE_M2 = 0.01


def _sample_parcels():
    return read_submission(str(SAMPLE)).parcels


def _write_txt(folder: Path) -> Path:
    sample = read_submission(str(SAMPLE))
    two = Submission("两地块含内环", "", sample.crs, sample.parcels[:2])
    assert len(two.parcels[0].geometry.interiors) == 1  # the hole
    return write_txt(two, folder / "两地块含内环.txt")


def _write_gpkg(folder: Path) -> Path:
    parcel = _sample_parcels()[2]  # 0901, over green and blue lines and a river crossing
    path = folder / "商业地块.gpkg"
    dataset = ogr.GetDriverByName("GPKG").CreateDataSource(str(path))
    srs = osr.SpatialReference()
    srs.ImportFromEPSG(4490)
    layer = dataset.CreateLayer("红线", srs, ogr.wkbPolygon)
    for name in ("地块编号", "地块名称", "地类编码"):
        layer.CreateField(ogr.FieldDefn(name, ogr.OFTString))
    feature = ogr.Feature(layer.GetLayerDefn())
    feature.SetField("地块编号", "3")
    feature.SetField("地块名称", parcel.name)
    feature.SetField("地类编码", "0901")
    geographic = transform_geometry(parcel.geometry, "EPSG:4526", "EPSG:4490")
    feature.SetGeometry(ogr.CreateGeometryFromWkb(geographic.wkb))
    layer.CreateFeature(feature)
    dataset = None
    return path


def _write_dxf(folder: Path) -> Path:
    """Two closed polylines in zone-38 coordinates (the eastings carry the zone prefix)."""
    path = folder / "文化地块.dxf"
    dataset = ogr.GetDriverByName("DXF").CreateDataSource(str(path))
    layer = dataset.CreateLayer("entities")
    for parcel in _sample_parcels()[3:6:2]:  # 0803 under a purple line, 1202 in the eco redline
        ring = ogr.Geometry(ogr.wkbLineString)
        for x, y in parcel.geometry.exterior.coords:
            ring.AddPoint_2D(x, y)
        feature = ogr.Feature(layer.GetLayerDefn())
        feature.SetField("Layer", "用地红线")
        feature.SetGeometry(ring)
        layer.CreateFeature(feature)
    dataset = None
    return path


@pytest.fixture(scope="module")
def submissions(tmp_path_factory) -> list[Path]:
    folder = tmp_path_factory.mktemp("submissions")
    paths = [_write_txt(folder), _write_gpkg(folder), _write_dxf(folder)]
    for path in paths:  # each reads as intended before any entry point sees it
        assert read_submission(str(path)).parcels
    return paths


@pytest.fixture
def options(qgis_app, sample_plan_path, tmp_path, monkeypatch):
    """The plugin's options in the running QGIS and in the profile ``make review`` reads."""
    values = {**OPTIONS.to_dict(), "plan_source": str(sample_plan_path)}
    settings = QgsSettings()
    for key, value in values.items():
        settings.setValue(SETTINGS_PREFIX + key, value)
    profile = tmp_path / "profile"
    ini = profile / "QGIS" / "QGIS3.ini"
    ini.parent.mkdir(parents=True)
    ini.write_text(
        "[hengyang_plan_plugin]\n" + "".join(f"{key}={value}\n" for key, value in values.items()), encoding="utf-8"
    )
    monkeypatch.setenv("HENGYANG_QGIS_PROFILE", str(profile))
    yield values
    for key in values:
        settings.remove(SETTINGS_PREFIX + key)


def _summary(data: dict) -> dict:
    """What must agree: verdict, parcels, each check's status and areas (rounded to the tolerance)."""

    def areas(item: dict) -> dict:
        return {key: value for key, value in item.items() if key.endswith("_area_m2") or key == "area_m2"}

    return {
        "verdict": data["verdict"],
        "area_m2": data["submission"]["area_m2"],
        "parcels": [(p["id"], p["area_m2"], p["verdict"]) for p in data["submission"]["parcels"]],
        "checks": [
            (
                check["id"],
                check["status"],
                areas(check),
                [(p["id"], p["status"], areas(p)) for p in check["parcels"]],
            )
            for check in data["checks"]
        ],
        "tolerances": data["tolerances"],
        "plan": data["plan"]["sha256"],
    }


def _assert_same(reference: dict, other: dict, entry: str) -> None:
    a, b = _summary(reference), _summary(other)
    assert (a["verdict"], a["tolerances"], a["plan"]) == (b["verdict"], b["tolerances"], b["plan"]), entry
    assert abs(a["area_m2"] - b["area_m2"]) <= AREA_TOLERANCE_M2, entry
    assert [(pid, verdict) for pid, _, verdict in a["parcels"]] == [(pid, v) for pid, _, v in b["parcels"]], entry
    for (pid, area, _), (_, other_area, _) in zip(a["parcels"], b["parcels"]):
        assert abs(area - other_area) <= AREA_TOLERANCE_M2, (entry, pid)
    assert [(c[0], c[1], [(p[0], p[1]) for p in c[3]]) for c in a["checks"]] == [
        (c[0], c[1], [(p[0], p[1]) for p in c[3]]) for c in b["checks"]
    ], entry
    for check_a, check_b in zip(a["checks"], b["checks"]):
        for key, value in check_a[2].items():
            assert abs(value - check_b[2][key]) <= AREA_TOLERANCE_M2, (entry, check_a[0], key)
        for parcel_a, parcel_b in zip(check_a[3], check_b[3]):
            for key, value in parcel_a[2].items():
                assert abs(value - parcel_b[2][key]) <= AREA_TOLERANCE_M2, (entry, check_a[0], parcel_a[0], key)


def _processing(algorithm_class, parameters):
    context = QgsProcessingContext()
    context.setProject(QgsProject.instance())
    results, ok = algorithm_class().create().run(parameters, context, QgsProcessingFeedback())
    assert ok, parameters
    return results


def _dock_reviews(qgis_iface, paths) -> list[dict]:
    complete_iface(qgis_iface)
    from hengyang_plan_plugin import classFactory

    plugin = classFactory(qgis_iface)
    plugin.initGui()
    try:
        outcomes = []
        for path in paths:
            assert plugin.dock.review_file_and_wait(str(path)) is not None, path
            outcomes.append(plugin.dock.last_run.data)  # what the dock shows
            assert plugin.dock.result_view.result_dict is outcomes[-1]
        return outcomes
    finally:
        plugin.unload()
        QApplication.sendPostedEvents(None, QEvent.Type.DeferredDelete)
        QgsProject.instance().clear()


def _make_review(path: Path, out: Path) -> dict:
    subprocess.run(["make", "plugin"], cwd=REPO_ROOT, check=True, capture_output=True)
    completed = subprocess.run(
        ["/usr/bin/python3", str(CLI), "--submission", str(path), "--out", str(out)],
        cwd=REPO_ROOT,
        env={**os.environ, "QGIS_PLUGINPATH": str(REPO_ROOT / "build" / "plugin")},
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert completed.returncode == 0, completed.stderr
    return json.loads((out / "review.json").read_text(encoding="utf-8"))


@pytest.mark.qgis_process
def test_every_entry_point_gives_the_same_review(submissions, options, qgis_iface, qgis_new_project, tmp_path):
    close_plans()
    reference = [api.review(path, plan=options["plan_source"], settings=OPTIONS).to_dict() for path in submissions]

    # The options matter: with the defaults the TXT's farmland overlap is a conflict, with them a warning.
    default = api.review(submissions[0], plan=options["plan_source"]).to_dict()
    farmland = {check["id"]: check["status"] for check in reference[0]["checks"]}["farmland"]
    assert farmland == "warning"
    assert {check["id"]: check["status"] for check in default["checks"]}["farmland"] == "conflict"
    assert reference[2]["submission"]["crs"] and len(reference[2]["submission"]["parcels"]) == 2

    by_entry = {"dock": _dock_reviews(qgis_iface, submissions)}
    by_entry["processing"] = []
    for index, path in enumerate(submissions):
        out = tmp_path / "processing" / f"{index}.json"
        _processing(ReviewAlgorithm, {"SUBMISSION": str(path), "PLAN": "", "OUTPUT_JSON": str(out)})
        by_entry["processing"].append(json.loads(out.read_text(encoding="utf-8")))

    batch_out = tmp_path / "batch"
    _processing(
        BatchReviewAlgorithm,
        {"INPUT_FOLDER": str(submissions[0].parent), "PLAN": "", "JSON_ONLY": True, "OUTPUT_FOLDER": str(batch_out)},
    )
    by_entry["batch"] = [
        json.loads((batch_out / path.stem / "review.json").read_text(encoding="utf-8")) for path in submissions
    ]
    by_entry["make review"] = [_make_review(path, tmp_path / "cli" / str(i)) for i, path in enumerate(submissions)]

    for entry, results in by_entry.items():
        assert len(results) == len(reference), entry
        for expected, got in zip(reference, results):
            _assert_same(expected, got, entry)
