"""Progress and cancellation of a review or a batch, the same way from every entry point.

The engine asks a feedback object two things, spelled as QGIS spells them
(``isCanceled()``, ``setProgress(percent)``), so a ``QgsProcessingFeedback`` or
the dock's ``QgsTask`` is passed in as it is; ``Feedback`` is the Qt-free one
for the API, the command line and tests. The engine asks between checks and
between batch cases, and stops with ``ReviewCancelled``.
"""

from __future__ import annotations

from typing import Protocol


class ReviewCancelled(Exception):
    """The user cancelled; nothing of the unfinished review is kept or logged."""


class ReviewFeedback(Protocol):
    def isCanceled(self) -> bool: ...  # noqa: N802 (QgsFeedback's name)

    def setProgress(self, progress: float) -> None: ...  # noqa: N802


class Feedback:
    """A plain feedback: ``cancel()`` from any thread; the progress is kept, not shown."""

    def __init__(self) -> None:
        self._cancelled = False
        self.progress = 0.0

    def cancel(self) -> None:
        self._cancelled = True

    def isCanceled(self) -> bool:  # noqa: N802
        return self._cancelled

    def setProgress(self, progress: float) -> None:  # noqa: N802
        self.progress = float(progress)


class StepFeedback:
    """One step of a longer run (a case of a batch): maps 0–100 into [start, start + span]."""

    def __init__(self, parent: ReviewFeedback, start: float, span: float) -> None:
        self._parent, self._start, self._span = parent, start, span

    def isCanceled(self) -> bool:  # noqa: N802
        return self._parent.isCanceled()

    def setProgress(self, progress: float) -> None:  # noqa: N802
        self._parent.setProgress(self._start + self._span * progress / 100.0)


def stop_if_cancelled(feedback: ReviewFeedback | None) -> None:
    if feedback is not None and feedback.isCanceled():
        raise ReviewCancelled()
