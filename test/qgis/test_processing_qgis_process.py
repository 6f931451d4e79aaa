"""The algorithms under the real ``qgis_process.bin``, from the staged plugin (``make plugin``).

The QGIS config is a throwaway one under tmp_path (QGIS_CUSTOM_CONFIG_PATH, set
up by scripts/review_cli.py's helper) so no real profile is touched, and the
review log goes to tmp_path through HENGYANG_REVIEW_LOG.
"""

from __future__ import annotations

import csv
import importlib.util
import json
import shutil
import subprocess
from pathlib import Path

import pytest

from hengyang_plan_plugin.core import review_log
from hengyang_plan_plugin.core.batch import COL_CASE, COL_STATE, ROW_ERROR, ROW_OK, read_summary
from test.batch_cases import (
    FARMLAND_OVERLAP_M2,
    close_plans_after_module,  # noqa: F401 (autouse fixture)
    make_cases,
    make_plan,
    write_case,
)

pytestmark = pytest.mark.qgis_process

REPO = Path(__file__).resolve().parents[2]
STAGE_ROOT = REPO / "build" / "plugin"


def _review_cli():
    spec = importlib.util.spec_from_file_location("review_cli", REPO / "scripts" / "review_cli.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


@pytest.fixture(scope="module")
def staged_plugin() -> Path:
    if shutil.which("qgis_process.bin") is None:
        pytest.fail("qgis_process.bin not found (Debian package qgis)")
    subprocess.run(["make", "-s", "plugin"], cwd=REPO, check=True, capture_output=True)
    assert (STAGE_ROOT / "hengyang_plan_plugin" / "metadata.txt").is_file()
    return STAGE_ROOT


@pytest.fixture
def qgis_process(staged_plugin, tmp_path):
    env = _review_cli()._environment(staged_plugin, tmp_path)
    env[review_log.ENV_VAR] = str(tmp_path / "review_log.sqlite")

    def run(*arguments: str) -> subprocess.CompletedProcess:
        return subprocess.run(
            ["qgis_process.bin", *arguments],
            env=env,
            capture_output=True,
            text=True,
            errors="replace",
            timeout=600,
            check=False,
        )

    return run


def _ok(completed: subprocess.CompletedProcess) -> subprocess.CompletedProcess:
    assert completed.returncode == 0, completed.stderr[-3000:] + completed.stdout[-2000:]
    return completed


def test_the_algorithms_are_listed(qgis_process):
    listing = _ok(qgis_process("list")).stdout
    for algorithm_id in ("hengyangplan:review", "hengyangplan:batchreview", "hengyangplan:planindicators"):
        assert algorithm_id in listing
    helptext = _ok(qgis_process("help", "hengyangplan:batchreview")).stdout
    for name in ("INPUT_FOLDER", "PLAN", "LAND_USE", "OUTPUT_FOLDER"):
        assert name in helptext


def test_review(qgis_process, tmp_path):
    plan = make_plan(tmp_path / "plan.gpkg")
    case = write_case(tmp_path / "case_00.txt", 0)
    out = tmp_path / "review.json"
    _ok(
        qgis_process(
            "run",
            "hengyangplan:review",
            "--",
            f"SUBMISSION={case}",
            f"PLAN={plan}",
            "LAND_USE=0701",
            f"OUTPUT_JSON={out}",
        )
    )
    result = json.loads(out.read_text(encoding="utf-8"))
    assert result["verdict"] == "fail"
    farmland = next(c for c in result["checks"] if c["id"] == "farmland")
    assert farmland["overlap_area_m2"] == FARMLAND_OVERLAP_M2
    records = review_log.ReviewLog(tmp_path / "review_log.sqlite").records()
    assert len(records) == 1
    assert records[0].submission_sha256 == result["submission"]["sha256"]
    assert records[0].land_use == "0701"


def test_batchreview(qgis_process, tmp_path):
    plan = make_plan(tmp_path / "plan.gpkg")
    make_cases(tmp_path / "in", 4, broken=(2,))
    out = tmp_path / "out"
    _ok(
        qgis_process(
            "run",
            "hengyangplan:batchreview",
            "--",
            f"INPUT_FOLDER={tmp_path / 'in'}",
            f"PLAN={plan}",
            f"OUTPUT_FOLDER={out}",
        )
    )
    assert (out / "summary.csv").read_bytes().startswith(b"\xef\xbb\xbf")
    rows = read_summary(out / "summary.csv")
    assert [(r[COL_CASE], r[COL_STATE]) for r in rows] == [
        ("case_00", ROW_OK),
        ("case_01", ROW_OK),
        ("case_02", ROW_ERROR),
        ("case_03", ROW_OK),
    ]
    for case in ("case_00", "case_01", "case_03"):
        for name in ("review.json", "review.html", "review.pdf"):
            assert (out / case / name).is_file(), (case, name)
    records = review_log.ReviewLog(tmp_path / "review_log.sqlite").records()
    assert sorted(r.entry for r in records) == ["batch"] * 3


def test_planindicators(qgis_process, tmp_path, sample_plan_path):
    out = tmp_path / "indicators.csv"
    _ok(qgis_process("run", "hengyangplan:planindicators", "--", f"PLAN={sample_plan_path}", f"OUTPUT={out}"))
    with out.open(encoding="utf-8") as handle:
        rows = {row["ZBMC"]: row for row in csv.DictReader(handle)}
    assert float(rows["生态保护红线面积"]["JSZ"]) == 1809.56
    assert rows["生态保护红线面积"]["ZT"] == "met"
    assert rows["耕地保有量"]["ZT"] == "met"  # measured from the sample's DLTB: 527.87 ≥ 525.81 万亩


def test_unusable_input_is_one_error_line(qgis_process, tmp_path):
    completed = qgis_process(
        "run",
        "hengyangplan:batchreview",
        "--",
        f"INPUT_FOLDER={tmp_path / 'empty'}",
        f"OUTPUT_FOLDER={tmp_path / 'out'}",
    )
    assert completed.returncode != 0
    assert "error: " in completed.stderr
    assert "Traceback" not in completed.stderr
