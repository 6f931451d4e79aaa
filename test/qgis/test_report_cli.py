"""``make review`` (scripts/review_cli.py through qgis_process.bin) writes review.json, .html and .pdf."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
from pathlib import Path

import pytest

from hengyang_plan_plugin.paths import PLUGIN_NAME, SAMPLES_DIR
from test.report_cases import pdf_page_count, pdf_text

pytestmark = pytest.mark.qgis_process

REPO = Path(__file__).resolve().parents[2]


@pytest.fixture(scope="module")
def staged_plugin(tmp_path_factory):
    """The installed-plugin layout (as ``make plugin`` stages it), in a private folder."""
    root = tmp_path_factory.mktemp("plugins")
    target = root / PLUGIN_NAME
    shutil.copytree(REPO / PLUGIN_NAME, target, ignore=shutil.ignore_patterns("__pycache__"))
    shutil.copy(REPO / "metadata.txt", target)
    for folder in ("resources", "styles"):
        shutil.copytree(
            REPO / folder, target / folder, ignore=shutil.ignore_patterns("*.gpkg-wal", "*.gpkg-shm")
        )
    return root


def test_make_review_writes_json_html_and_pdf(staged_plugin, sample_plan_path, tmp_path):
    plan = tmp_path / "plan.gpkg"
    shutil.copyfile(sample_plan_path, plan)  # nothing regenerates it while qgis_process reads it
    out = tmp_path / "out"
    completed = subprocess.run(
        [
            "/usr/bin/python3",
            str(REPO / "scripts" / "review_cli.py"),
            "--submission",
            str(SAMPLES_DIR / "sample_submission.txt"),
            "--plan",
            str(plan),
            "--out",
            str(out),
        ],
        cwd=REPO,
        env={**os.environ, "QGIS_PLUGINPATH": str(staged_plugin)},
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert completed.returncode == 0, completed.stderr
    result = json.loads((out / "review.json").read_text(encoding="utf-8"))
    html = (out / "review.html").read_text(encoding="utf-8")
    assert '<img src="data:image/png;base64,' in html
    assert result["submission"]["name"] in html
    text = pdf_text(out / "review.pdf")
    assert "永久基本农田" in text and "审查结论" in text
    assert pdf_page_count(out / "review.pdf") >= 2
