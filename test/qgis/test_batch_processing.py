"""hengyangplan:batchreview and hengyangplan:planindicators run in-process, with the real report writer."""

from __future__ import annotations

import csv

import pytest
from qgis.core import (
    QgsApplication,
    QgsProcessingContext,
    QgsProcessingFeedback,
    QgsProject,
)

from hengyang_plan_plugin.core import review_log
from hengyang_plan_plugin.core.batch import COL_CASE, COL_STATE, ROW_ERROR, read_summary
from hengyang_plan_plugin.core.plan.registry import close_plans
from hengyang_plan_plugin.processing.batch_algorithm import BatchReviewAlgorithm
from hengyang_plan_plugin.processing.indicators_algorithm import PlanIndicatorsAlgorithm
from hengyang_plan_plugin.processing.provider import HengyangPlanProvider
from test.batch_cases import (
    close_plans_after_module,  # noqa: F401 (autouse fixture)
    make_cases,
    make_plan,
)


class _Feedback(QgsProcessingFeedback):
    def __init__(self, cancel_after: int | None = None):
        super().__init__()
        self.infos: list[str] = []
        self.errors: list[str] = []
        self.cancel_after = cancel_after

    def pushInfo(self, info):  # noqa: N802
        self.infos.append(info)
        if self.cancel_after is not None and info.startswith(f"[{self.cancel_after}/"):
            self.cancel()
        super().pushInfo(info)

    def reportError(self, error, fatal=False):  # noqa: N802
        self.errors.append(error)
        super().reportError(error, fatal)


def _run(algorithm_class, parameters, feedback=None):
    algorithm = algorithm_class().create()
    context = QgsProcessingContext()
    context.setProject(QgsProject.instance())
    feedback = feedback or _Feedback()
    results, ok = algorithm.run(parameters, context, feedback)
    return results, ok, feedback


@pytest.fixture(autouse=True)
def log_path(tmp_path, monkeypatch):
    """Every review here logs to tmp_path, never to the QGIS profile."""
    path = tmp_path / "log.sqlite"
    monkeypatch.setenv(review_log.ENV_VAR, str(path))
    return path


@pytest.fixture
def plan(tmp_path):
    close_plans()
    return str(make_plan(tmp_path / "plan.gpkg"))


def test_provider_lists_the_algorithms_with_chinese_ready_texts(qgis_app):
    provider = HengyangPlanProvider()
    registry = QgsApplication.processingRegistry()
    assert registry.addProvider(provider)
    try:
        batch = registry.algorithmById("hengyangplan:batchreview")
        names = [p.name() for p in batch.parameterDefinitions()]
        for name in ("INPUT_FOLDER", "PLAN", "LAND_USE", "OUTPUT_FOLDER"):
            assert name in names
        indicators = registry.algorithmById("hengyangplan:planindicators")
        assert [p.name() for p in indicators.parameterDefinitions()][:2] == ["PLAN", "OUTPUT"]
        for algorithm in (batch, indicators):
            assert algorithm.shortHelpString() and algorithm.group() and algorithm.groupId()
    finally:
        registry.removeProvider(provider)


def test_batch_writes_reports_summary_and_log(qgis_app, tmp_path, plan, log_path):
    make_cases(tmp_path / "in", 3, broken=(1,))
    out = tmp_path / "out"
    results, ok, feedback = _run(
        BatchReviewAlgorithm,
        {"INPUT_FOLDER": str(tmp_path / "in"), "PLAN": plan, "LAND_USE": "", "OUTPUT_FOLDER": str(out)},
    )
    assert ok
    assert (results["CASES"], results["REVIEWED"], results["ERRORS"]) == (3, 2, 1)
    assert results["SUMMARY"] == str(out / "summary.csv")
    for case in ("case_00", "case_02"):
        for name in ("review.json", "review.html", "review.pdf", "review.docx", "review_sheet.pdf"):
            assert (out / case / name).stat().st_size > 0, (case, name)
        assert (out / case / "review.pdf").read_bytes().startswith(b"%PDF")
        _assert_the_case_sheet_and_docx(out / case)
    rows = read_summary(out / "summary.csv")
    assert [(r[COL_CASE], r[COL_STATE]) for r in rows][1] == ("case_01", ROW_ERROR)
    assert any("case_01" in e for e in feedback.errors)
    records = review_log.ReviewLog(log_path).records()
    assert [r.entry for r in records] == ["batch", "batch"]


def _assert_the_case_sheet_and_docx(case_dir):
    """Each case's 审查图 has the pages its own review plans (the overview, then a page per parcel
    with a finding), every one numbered and evaluated; its review.docx carries its own verdict."""
    import json
    import re

    import docx

    from hengyang_plan_plugin.core.report.presentation import verdict_label
    from test.report_cases import pdf_page_count, pdf_text

    result = json.loads((case_dir / "review.json").read_text(encoding="utf-8"))
    sheet = case_dir / "review_sheet.pdf"
    flagged = [p for p in result["submission"]["parcels"] if p["verdict"] != "pass"]
    pages = pdf_page_count(sheet)
    assert pages >= 1 + (len(flagged) if len(result["submission"]["parcels"]) > 1 else 0)
    text = re.sub(r"\s+", "", pdf_text(sheet))
    assert "[%" not in text and f"第{pages}页/共{pages}页" in text and "总图" in text
    assert f"审查结论：{verdict_label(result['verdict'])}" in text
    document_text = "".join(paragraph.text for paragraph in docx.Document(str(case_dir / "review.docx")).paragraphs)
    assert verdict_label(result["verdict"]) in document_text


def test_batch_list_of_files_and_cancel(qgis_app, tmp_path, plan):
    make_cases(tmp_path / "in", 6, broken=())
    files = [str(tmp_path / "in" / f"case_{i:02d}.txt") for i in range(6)]
    results, ok, feedback = _run(
        BatchReviewAlgorithm,
        {"INPUT_FILES": files, "PLAN": plan, "JSON_ONLY": True, "OUTPUT_FOLDER": str(tmp_path / "out")},
        _Feedback(cancel_after=2),
    )
    rows = read_summary(tmp_path / "out" / "summary.csv")
    assert [r[COL_CASE] for r in rows] == ["case_00", "case_01"]
    assert results["REVIEWED"] == 2 and results["CASES"] == 6
    assert not (tmp_path / "out" / "case_02").exists()


def test_batch_without_input_is_refused(qgis_app, tmp_path):
    algorithm = BatchReviewAlgorithm().create()
    ok, message = algorithm.checkParameterValues({"OUTPUT_FOLDER": str(tmp_path)}, QgsProcessingContext())
    assert not ok and message


def test_indicators_table(qgis_app, tmp_path, sample_plan_path):
    output, counties = tmp_path / "indicators.csv", tmp_path / "counties.csv"
    results, ok, _ = _run(
        PlanIndicatorsAlgorithm,
        {"PLAN": str(sample_plan_path), "OUTPUT": str(output), "OUTPUT_COUNTIES": str(counties)},
    )
    assert ok
    assert results["OUTPUT"] == str(output)
    with output.open(encoding="utf-8") as handle:
        rows = {row["ZBMC"]: row for row in csv.DictReader(handle)}
    farmland = rows["永久基本农田保护面积"]
    assert [farmland[k] for k in ("GHMBZ", "JSZ", "CZ", "ZTMC")] == ["476.06", "476.06", "0", "达标"]
    assert rows["耕地保有量"]["ZT"] == "met"  # measured from the sample's DLTB: 527.87 ≥ 525.81 万亩
    # Each row says how its value is had: measured from named layers, or a 非空间指标 and its source.
    assert (farmland["ZBLX"], farmland["JSTC"]) == ("空间指标", "永久基本农田（YJJBNT）")
    population = rows["常住人口规模"]
    assert (population["ZBLX"], population["ZTMC"]) == ("非空间指标", "待填现状值")
    assert "人口普查" in population["SJLY"]
    # The sample draws 二级绿线 (2.50 < 2.52) and 一级黄线 (2.80 < 2.81) a little short of the plan's
    # figures (scripts/generate_sample_plan.py CITY_LINE_DRAWN): those two are the rows not met.
    assert results["MET"] >= 14 and results["NOT_MET"] == 2
    assert (rows["二级绿线面积"]["ZTMC"], rows["一级黄线面积"]["ZTMC"]) == ("未达标", "未达标")
    with counties.open(encoding="utf-8") as handle:
        assert len(list(csv.DictReader(handle))) == 36


def test_algorithms_run_inside_a_model(qgis_app, tmp_path, plan):
    """The graphical modeler's view: a model chaining planindicators and batchreview runs."""
    from qgis.core import (
        QgsProcessingModelAlgorithm,
        QgsProcessingModelChildAlgorithm,
        QgsProcessingModelChildParameterSource,
        QgsProcessingModelOutput,
    )

    provider = HengyangPlanProvider()
    registry = QgsApplication.processingRegistry()
    assert registry.addProvider(provider)
    try:
        make_cases(tmp_path / "in", 2, broken=())
        model = QgsProcessingModelAlgorithm("hengyang", "test")
        static = QgsProcessingModelChildParameterSource.fromStaticValue
        batch = QgsProcessingModelChildAlgorithm("hengyangplan:batchreview")
        batch.setChildId("batch")
        batch.addParameterSources("INPUT_FOLDER", [static(str(tmp_path / "in"))])
        batch.addParameterSources("PLAN", [static(plan)])
        batch.addParameterSources("JSON_ONLY", [static(True)])
        batch_output = QgsProcessingModelOutput("batch_out")
        batch_output.setChildOutputName("OUTPUT_FOLDER")
        batch_output.setChildId("batch")
        batch.setModelOutputs({"batch_out": batch_output})
        model.addChildAlgorithm(batch)
        indicators = QgsProcessingModelChildAlgorithm("hengyangplan:planindicators")
        indicators.setChildId("indicators")
        indicators.addParameterSources("PLAN", [static(plan)])
        indicators_output = QgsProcessingModelOutput("indicators_out")
        indicators_output.setChildOutputName("OUTPUT")
        indicators_output.setChildId("indicators")
        indicators.setModelOutputs({"indicators_out": indicators_output})
        model.addChildAlgorithm(indicators)
        model.updateDestinationParameters()

        context = QgsProcessingContext()
        context.setProject(QgsProject.instance())
        results, ok = model.run(
            {
                "batch:batch_out": str(tmp_path / "out"),
                "indicators:indicators_out": str(tmp_path / "indicators.csv"),
            },
            context,
            _Feedback(),
        )
        assert ok, results
        assert len(read_summary(tmp_path / "out" / "summary.csv")) == 2
        assert (tmp_path / "indicators.csv").is_file()
        del model, batch, indicators, context  # before the provider and QGIS go away
    finally:
        registry.removeProvider(provider)


def test_batch_refuses_an_output_folder_in_the_input_or_over_an_earlier_run(qgis_app, tmp_path, plan):
    make_cases(tmp_path / "in", 2, broken=())
    parameters = {"INPUT_FOLDER": str(tmp_path / "in"), "PLAN": plan, "JSON_ONLY": True}
    for out in (tmp_path / "in", tmp_path / "in" / "out"):
        _results, ok, feedback = _run(BatchReviewAlgorithm, {**parameters, "OUTPUT_FOLDER": str(out)})
        assert not ok
        assert any("输出文件夹不能是送审文件夹或其中的子文件夹" in error for error in feedback.errors)
    assert not (tmp_path / "in" / "summary.csv").exists() and not (tmp_path / "in" / "out").exists()
    parameters["OUTPUT_FOLDER"] = str(tmp_path / "out")
    results, ok, _ = _run(BatchReviewAlgorithm, parameters)
    assert ok and results["REVIEWED"] == 2
    kept = (tmp_path / "out" / "summary.csv").read_bytes()
    _results, ok, feedback = _run(BatchReviewAlgorithm, parameters)  # the same output folder again
    assert not ok and any("已有上次批量审查的汇总表" in error for error in feedback.errors)
    assert (tmp_path / "out" / "summary.csv").read_bytes() == kept
