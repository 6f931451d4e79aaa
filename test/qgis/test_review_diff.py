"""Resubmission diff in QGIS: the dock's diff panel. The Qt-free diff tests are in test/unit/test_review_diff.py."""

from __future__ import annotations

import pytest

from test.review_diff_cases import make_versions


@pytest.fixture
def versions():
    return make_versions()


def test_diff_panel_finds_the_previous_version_in_the_log(qgis_app, tmp_path, monkeypatch, versions):
    from hengyang_plan_plugin.core.review_log import ENV_VAR, ReviewLog
    from hengyang_plan_plugin.gui.diff_panel import DiffPanel

    log_path = tmp_path / "log.sqlite"
    monkeypatch.setenv(ENV_VAR, str(log_path))
    old, new = versions
    log = ReviewLog(log_path)
    log.append(old, time="2026-11-01T08:00:00+00:00")
    new_id = log.append(new, time="2026-11-02T08:00:00+00:00")

    panel = DiffPanel()
    assert panel.set_current(new, new_id)
    assert panel.diff["remaining"] == ["farmland"]
    assert panel.table.rowCount() == len(panel.diff["checks"])
    assert panel.table.item(0, 3).text() == "仍存在"
    assert "已消除" in panel.summary_label.text()
    json_path, html_path = panel.save(tmp_path / "out")
    assert json_path.name == "diff.json" and html_path.is_file()

    first = DiffPanel()
    assert not first.set_current(old)  # nothing earlier
    assert first.diff is None and not first.save_button.isEnabled()
