"""The toolbelt: the background task every long job uses, and the logger that makes core problems visible."""

from __future__ import annotations

import logging
import time

import pytest
from qgis.core import Qgis, QgsApplication
from qgis.PyQt.QtWidgets import QApplication

from hengyang_plan_plugin.core.submission_model import SubmissionError
from hengyang_plan_plugin.toolbelt import log as plugin_log
from hengyang_plan_plugin.toolbelt.tasks import BackgroundTask, cancel_all_tasks


def _run(work, can_cancel=True, before_start=None):
    """Run a BackgroundTask through QGIS's task manager; returns ('done', result) or ('error', message)."""
    outcome = []
    task = BackgroundTask(
        "测试任务", work, lambda result: outcome.append(("done", result)),
        lambda message: outcome.append(("error", message)), can_cancel=can_cancel,
    )
    if before_start is not None:
        before_start(task)
    QgsApplication.taskManager().addTask(task)
    deadline = time.monotonic() + 30
    while not outcome:
        assert time.monotonic() < deadline, "the task never finished"
        QApplication.processEvents()
        time.sleep(0.01)
    return outcome[0]


def test_the_result_reaches_on_done_on_the_main_thread(qgis_app):
    import threading

    threads = {}

    def work(task):
        threads["work"] = threading.current_thread()
        task.setProgress(50)
        return 42

    assert _run(work) == ("done", 42)
    assert threads["work"] is not threading.main_thread()


def test_an_expected_error_is_its_own_message(qgis_app):
    def work(task):
        raise SubmissionError("第3行：X 坐标不是数字", "site.txt")

    kind, message = _run(work)
    assert kind == "error" and "第3行：X 坐标不是数字" in message and "Traceback" not in message


def test_an_unexpected_error_is_named_and_its_traceback_goes_to_the_message_log(qgis_app):
    logged = []
    QgsApplication.messageLog().messageReceived.connect(lambda text, tag, level: logged.append((tag, text)))

    def work(task):
        raise RuntimeError("boom")

    kind, message = _run(work)
    assert kind == "error" and "测试任务" in message and "boom" in message and "Traceback" not in message
    QApplication.processEvents()
    assert any(tag == plugin_log.LOG_TAG and "Traceback" in text and "boom" in text for tag, text in logged)


def test_a_cancelled_task_says_so(qgis_app):
    def work(task):
        deadline = time.monotonic() + 10
        while not task.isCanceled():
            assert time.monotonic() < deadline
            time.sleep(0.01)
        return "never shown"

    def cancel_soon(task):
        task.begun.connect(cancel_all_tasks)  # what unload does while a job runs

    kind, message = _run(work, before_start=cancel_soon)
    assert kind == "error" and ("取消" in message or "cancelled" in message)


@pytest.fixture
def bridge(qgis_iface):
    plugin_log.install_logging_bridge()
    yield
    plugin_log.remove_logging_bridge()


def test_python_logging_from_the_core_reaches_the_log_and_the_message_bar(bridge, qgis_iface, tmp_path,
                                                                            monkeypatch):
    """A review log that cannot be written is seen by the technician, not only by a logger nobody reads."""
    from hengyang_plan_plugin.core import review_log

    logged = []
    QgsApplication.messageLog().messageReceived.connect(lambda text, tag, level: logged.append((tag, text, level)))
    blocker = tmp_path / "file"
    blocker.write_text("x")
    monkeypatch.setenv(review_log.ENV_VAR, str(blocker / "log.sqlite"))  # its folder is a file
    assert review_log.record_review({"submission": {}, "plan": {}, "checks": []}) is None
    QApplication.processEvents()
    assert any(tag == plugin_log.LOG_TAG and "审查留痕写入失败" in text for tag, text, _ in logged)
    pushed = [str(m) for m in qgis_iface.messageBar().get_messages(Qgis.MessageLevel.Warning)]
    assert any("审查留痕写入失败" in message for message in pushed)


def test_info_records_are_logged_but_not_pushed(bridge, qgis_iface):
    before = len(qgis_iface.messageBar().get_messages(Qgis.MessageLevel.Info))
    logging.getLogger("hengyang_plan_plugin.core").info("只记入日志")
    assert len(qgis_iface.messageBar().get_messages(Qgis.MessageLevel.Info)) == before
