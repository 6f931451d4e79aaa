"""The benchmark's generator and agreement logic on tiny data, without QGIS.

The engine against QGIS native:intersection is in test/qgis/test_bench_smoke.py.
"""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

SCRIPTS = Path(__file__).resolve().parents[2] / "scripts"
if str(SCRIPTS) not in sys.path:
    sys.path.insert(0, str(SCRIPTS))

import bench  # noqa: E402
import bench_data  # noqa: E402


@pytest.fixture(scope="module")
def smoke_data(tmp_path_factory):
    root = tmp_path_factory.mktemp("bench")
    bench_data.ensure(bench_data.SMOKE, root, log=lambda *_: None)
    return bench.ensure_data(bench_data.SMOKE, root)


def test_generated_plan_has_every_contract_layer(smoke_data):
    counts = smoke_data.manifest["layer_counts"]
    assert set(counts) == {spec.name for spec in bench_data.schema.LAYERS}
    assert counts["YJJBNT"] == bench_data.SMOKE.farmland_patches
    assert counts["ZXCQGHYDYH"] == bench_data.SMOKE.parcel_grid**2
    roles = [site.role for site in smoke_data.sites]
    assert roles.count("cold") == 1
    assert roles.count("warm") == bench_data.SMOKE.warm_sites
    assert roles.count("batch") == bench_data.SMOKE.batch_sites


def test_farmland_patches_never_overlap(smoke_data):
    import shapely
    from osgeo import ogr

    dataset = ogr.Open(str(smoke_data.plan))
    layer = dataset.GetLayerByName("YJJBNT")
    patches = [shapely.from_wkb(bytes(f.GetGeometryRef().ExportToIsoWkb())) for f in layer]
    union = shapely.union_all(patches)
    assert union.area == pytest.approx(sum(p.area for p in patches), rel=1e-9)


def test_disagreement_is_reported():
    engine = {check: {"area": 100.0, "layers": [], "status": "pass"} for check in bench.CHECK_LAYERS}
    native = {layer: 100.0 for layer in bench.NATIVE_LAYERS}
    native["YJJBNT"] = 100.02  # 0.02 % off
    rows = bench.compare("site", engine, native)
    with pytest.raises(AssertionError, match="farmland"):
        bench.assert_agreement(rows)
    native["YJJBNT"] = 100.005  # 0.005 % off: within tolerance
    bench.assert_agreement(bench.compare("site", engine, native))
