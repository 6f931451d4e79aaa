"""The benchmark's agreement logic on tiny data: engine overlap areas against QGIS native:intersection.

Speed is not tested here (``make bench`` measures it); this checks that the
benchmark's native chain runs and that the engine's ``overlap_area_m2`` per
check equals the native chain's within 0.01 %. The generator and the
comparison itself are tested without QGIS in test/unit/test_bench_smoke.py.
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


@pytest.fixture(scope="module")
def qgis_processing(qgis_app):
    return bench.start_qgis()


@pytest.mark.parametrize("role", ["cold", "warm"])
def test_engine_agrees_with_native_chain(smoke_data, qgis_processing, role):
    engine = bench.Engine()
    engine.forget_plans()
    site = smoke_data.by_role(role)[0]
    rows = bench.agreement_for(engine, site, str(smoke_data.plan), smoke_data.plan)
    assert {row.check for row in rows} >= set(bench.CHECK_LAYERS)
    assert any(row.native_m2 > 0 for row in rows if row.check != "zoning")
    bench.assert_agreement(rows)
