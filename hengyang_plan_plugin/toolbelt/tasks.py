"""The background task every long job uses: the review, the indicators, the exports.

Shaped like Gispo's BaseTask: ``run`` (worker thread) calls ``work(task)`` and
keeps its result or exception; ``finished`` (main thread) hands the result to
``on_done`` or one readable Chinese message to ``on_error``, so nothing raises
into QGIS's Python error dialog. The task itself is the feedback the engine
asks (``isCanceled``/``setProgress``, core/feedback.py). Every live task is
known here, so ``unload`` can cancel them all.
"""

from __future__ import annotations

import contextlib
import traceback
import weakref
from collections.abc import Callable
from typing import Any

from qgis.core import Qgis, QgsTask

from ..core.feedback import ReviewCancelled
from ..core.plan.model import PlanSourceError
from ..core.submission_model import SubmissionError
from ..i18n import tr
from .log import log

# Errors whose own message is the whole story (they name the file, line or layer).
EXPECTED_ERRORS = (SubmissionError, PlanSourceError)

_LIVE: weakref.WeakSet = weakref.WeakSet()
_RUNNING: set = set()  # strong references while QGIS runs them (PyQt must not collect a queued task)


class BackgroundTask(QgsTask):
    def __init__(
        self,
        description: str,
        work: Callable[[BackgroundTask], Any],
        on_done: Callable[[Any], None],
        on_error: Callable[[str], None],
        can_cancel: bool = True,
    ):
        flags = QgsTask.Flag.CanCancel if can_cancel else QgsTask.Flag(0)
        super().__init__(description, flags)
        self._work, self._on_done, self._on_error = work, on_done, on_error
        self.result: Any = None
        self.exception: BaseException | None = None
        _LIVE.add(self)
        _RUNNING.add(self)

    def run(self) -> bool:
        try:
            self.result = self._work(self)
            return not self.isCanceled()
        except BaseException as error:  # kept for finished(), on the main thread
            self.exception = error
            self._traceback = traceback.format_exc()
            return False

    def finished(self, succeeded: bool) -> None:
        _RUNNING.discard(self)
        if succeeded:
            self._on_done(self.result)
        else:
            self._on_error(self.error_message())

    def error_message(self) -> str:
        error = self.exception
        if error is None or isinstance(error, ReviewCancelled) or self.isCanceled():
            return tr("{} was cancelled.").format(self.description())
        if isinstance(error, EXPECTED_ERRORS):
            return str(error)
        log(getattr(self, "_traceback", repr(error)), Qgis.MessageLevel.Critical)
        return tr("{} failed: {}").format(self.description(), error)


def cancel_all_tasks() -> None:
    """Cancel every task the plugin started (``unload``): none outlives the plugin's widgets."""
    for task in list(_LIVE):
        with contextlib.suppress(RuntimeError):  # already deleted on the C++ side
            task.cancel()

