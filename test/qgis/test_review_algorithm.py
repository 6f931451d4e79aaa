"""hengyangplan:review in-process through Processing.

The engine's Qt-free guarantee is tested in test/unit/test_review_algorithm.py.
"""

from __future__ import annotations

import json

import pytest

from hengyang_plan_plugin.paths import SAMPLES_DIR

SAMPLE = SAMPLES_DIR / "sample_submission.txt"


@pytest.fixture
def processing_with_provider(qgis_app):
    from processing.core.Processing import Processing
    from qgis.core import QgsApplication

    from hengyang_plan_plugin.processing.provider import HengyangPlanProvider

    Processing.initialize()
    registry = QgsApplication.processingRegistry()
    provider = registry.providerById("hengyangplan")
    if provider is None:
        provider = HengyangPlanProvider()
        registry.addProvider(provider)
    yield registry
    registry.removeProvider(provider)


def test_review_algorithm_writes_json_and_conflict_layer(
    processing_with_provider, sample_plan_path, tmp_path
):
    from qgis import processing
    from qgis.core import QgsVectorLayer

    outputs = processing.run(
        "hengyangplan:review",
        {
            "SUBMISSION": str(SAMPLE),
            "PLAN": str(sample_plan_path),
            "LAND_USE": "",
            "OUTPUT_JSON": str(tmp_path / "review.json"),
            "OUTPUT_CONFLICTS": str(tmp_path / "conflicts.gpkg"),
        },
    )
    result = json.loads((tmp_path / "review.json").read_text(encoding="utf-8"))
    assert outputs["VERDICT"] == result["verdict"] == "fail"
    assert result["qgis_version"]
    layer = QgsVectorLayer(outputs["OUTPUT_CONFLICTS"], "conflicts", "ogr")
    assert layer.isValid() and layer.crs().authid() == "EPSG:4526"
    rows = [(f["check_id"], f["parcel_id"], f["status"], f["area_m2"]) for f in layer.getFeatures()]
    farmland = next(c for c in result["checks"] if c["id"] == "farmland")
    assert ("farmland", "", "conflict", pytest.approx(farmland["overlap_area_m2"], abs=0.01)) in rows
    assert any(check_id == "river_crossing" and parcel == "3" for check_id, parcel, _, _ in rows)


def test_review_algorithm_turns_bad_input_into_an_error_message(processing_with_provider, tmp_path):
    from qgis import processing
    from qgis.core import QgsProcessingException

    with pytest.raises(QgsProcessingException, match="^error: .*missing.txt"):
        processing.run(
            "hengyangplan:review",
            {"SUBMISSION": str(tmp_path / "missing.txt"), "OUTPUT_JSON": str(tmp_path / "review.json")},
        )


def test_review_algorithm_is_logged_as_processing(processing_with_provider, sample_plan_path, tmp_path,
                                                  monkeypatch):
    from qgis import processing

    from hengyang_plan_plugin.core.review_log import ENV_VAR, ReviewLog

    log_path = tmp_path / "log.sqlite"
    monkeypatch.setenv(ENV_VAR, str(log_path))
    out = tmp_path / "case"
    processing.run("hengyangplan:review", {"SUBMISSION": str(SAMPLE), "PLAN": str(sample_plan_path),
                                           "OUTPUT_JSON": str(out / "review.json")})
    records = ReviewLog(log_path).records()
    assert len(records) == 1
    assert records[0].entry == "processing"
    assert records[0].report_dir == str(out)
    assert records[0].plan_sha256


def test_a_cancelled_processing_review_writes_nothing(processing_with_provider, sample_plan_path, tmp_path,
                                                      monkeypatch):
    from qgis.core import QgsProcessingContext, QgsProcessingException, QgsProcessingFeedback, QgsProject

    from hengyang_plan_plugin.core.review_log import ENV_VAR
    from hengyang_plan_plugin.processing.review_algorithm import ReviewAlgorithm

    log_path = tmp_path / "log.sqlite"
    monkeypatch.setenv(ENV_VAR, str(log_path))
    feedback = QgsProcessingFeedback()
    feedback.cancel()  # the user pressed Cancel before the review got going
    context = QgsProcessingContext()
    context.setProject(QgsProject.instance())
    algorithm = ReviewAlgorithm().create()
    with pytest.raises(QgsProcessingException, match="取消|cancelled"):
        algorithm.processAlgorithm(
            {"SUBMISSION": str(SAMPLE), "PLAN": str(sample_plan_path), "OUTPUT_JSON": str(tmp_path / "r.json")},
            context,
            feedback,
        )
    assert not (tmp_path / "r.json").exists()
    assert not log_path.exists()
