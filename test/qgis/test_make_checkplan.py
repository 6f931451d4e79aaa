"""``make checkplan`` and scripts/checkplan through the real qgis_process.bin: outputs and every exit code."""

from __future__ import annotations

import json
import subprocess
from pathlib import Path

import pytest
from osgeo import ogr

from test.qa_cases import private_sample, sha256
from test.qa_defects import farmland_in_boundary

pytestmark = pytest.mark.qgis_process

REPO = Path(__file__).resolve().parents[2]
OUTPUTS = ("qa.json", "qa.html", "qa.pdf", "qa_errors.gpkg")


def make_checkplan(*variables: str) -> subprocess.CompletedProcess:
    """The contract's own entry point (it stages the plugin itself)."""
    return subprocess.run(["make", "checkplan", *variables], cwd=REPO, capture_output=True, text=True, timeout=900)


@pytest.fixture(scope="module")
def sample_copy(tmp_path_factory, sample_plan_path):
    return private_sample(tmp_path_factory.mktemp("checkplan"), sample_plan_path)


def test_make_checkplan_on_the_sample_exits_0_with_four_files(sample_copy, tmp_path):
    before = sha256(sample_copy)
    completed = make_checkplan(f"PLAN={sample_copy}", f"OUT={tmp_path}")
    assert completed.returncode == 0, completed.stderr[-2000:]
    assert all((tmp_path / name).stat().st_size > 0 for name in OUTPUTS)
    report = json.loads((tmp_path / "qa.json").read_text(encoding="utf-8"))
    assert report["summary"]["errors"] == 0 and report["plan"]["source"] == str(sample_copy)
    assert "checkplan: 发现 0 个错误" in completed.stdout
    assert sha256(sample_copy) == before
    text = subprocess.run(["pdftotext", str(tmp_path / "qa.pdf"), "-"], capture_output=True, text=True).stdout
    assert "规划成果质检报告" in text and "发现 0 个错误" in text


def run_script(*variables: str) -> subprocess.CompletedProcess:
    """scripts/checkplan: the documented CLI, whose exit code is the contract's 0/1/2 itself."""
    return subprocess.run(
        [str(REPO / "scripts" / "checkplan"), *variables], capture_output=True, text=True, timeout=900
    )


def test_errors_exit_1_and_are_mapped(sample_copy, tmp_path):
    plan, defect = farmland_in_boundary(tmp_path, sample_copy)
    completed = run_script(f"PLAN={plan}", f"OUT={tmp_path / 'out'}")
    assert completed.returncode == 1, completed.stderr[-2000:]
    assert completed.stderr == ""
    assert "[错误] 三条控制线相互重叠（control_line_overlap）: 1" in completed.stdout
    dataset = ogr.Open(str(tmp_path / "out" / "qa_errors.gpkg"))
    rows = [(f.GetField("GZ"), f.GetField("YSID"), f.GetGeometryRef().GetArea()) for f in dataset.GetLayer(0)]
    overlap = [row for row in rows if row[0] == "control_line_overlap"]
    assert len(overlap) == 1 and overlap[0][1] == ",".join(map(str, defect.fids))
    assert overlap[0][2] == pytest.approx(defect.area_m2, abs=0.05)
    # make hands the 1 on too (the contract's code, not make's usual 2 for a failed recipe).
    completed = make_checkplan(f"PLAN={plan}", f"OUT={tmp_path / 'make_out'}")
    assert completed.returncode == 1 and "Error" not in completed.stderr, completed.stderr
    assert "[错误] 三条控制线相互重叠（control_line_overlap）: 1" in completed.stdout


def test_make_checkplan_refuses_an_unusable_plan_with_one_error_line(tmp_path):
    completed = make_checkplan(f"PLAN={tmp_path / 'nope.gpkg'}", f"OUT={tmp_path}")
    assert completed.returncode == 2
    errors = [line for line in completed.stderr.splitlines() if line.startswith("error: ")]
    assert len(errors) == 1 and "nope.gpkg" in errors[0], completed.stderr
    assert "Traceback" not in completed.stderr


def test_the_checkplan_script_ends_on_its_one_error_line(tmp_path):
    empty = tmp_path / "empty"
    empty.mkdir()
    completed = run_script(f"PLAN={empty}", f"OUT={tmp_path / 'out'}")
    assert completed.returncode == 2
    lines = completed.stderr.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("error: ") and "没有找到任何规划图层" in lines[0], completed.stderr


def test_a_check_that_cannot_run_exits_3_not_as_if_errors_were_found(tmp_path, sample_plan_path):
    # No staged plugin where QGIS is told to look: the check never ran, which must not read as
    # "错误 found" (1) to a script.
    completed = subprocess.run(
        ["/usr/bin/python3", str(REPO / "scripts" / "checkplan_cli.py"), "--plan", str(sample_plan_path),
         "--out", str(tmp_path / "out")],
        capture_output=True, text=True, timeout=300, env={"PATH": "/usr/bin:/bin", "QGIS_PLUGINPATH": str(tmp_path)},
    )
    assert completed.returncode == 3, completed.stderr
    lines = completed.stderr.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("error: ") and "make plugin" in lines[0], completed.stderr
    assert not (tmp_path / "out" / "qa.json").exists()
