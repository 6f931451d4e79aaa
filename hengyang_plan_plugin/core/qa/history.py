"""When each plan version was last checked (规划成果质检), for the review report's footer.

One small JSON file beside the review log (``review_log.resolve_log_path``),
keyed by the plan's SHA-256, so a changed plan reads as not checked. Every
QA run records itself (``runner.run_plan_qa``); with no review log
configured nothing is kept, as for the log. Written whole (output_files).
"""

from __future__ import annotations

import json
import logging
import threading
from pathlib import Path
from typing import Any

from .. import output_files
from ..review_log import resolve_log_path

FILENAME = "hengyang_qa_history.json"
KEPT = 200  # plan versions remembered, newest first
LOGGER = logging.getLogger(__name__)
_LOCK = threading.Lock()


def history_path() -> Path | None:
    log = resolve_log_path()
    return None if log is None else log.with_name(FILENAME)


def _read(path: Path) -> dict[str, Any]:
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}
    return data if isinstance(data, dict) else {}


def record_check(plan_sha256: str | None, source: str, checked_at: str, errors: int, warnings: int) -> None:
    path = history_path()
    if path is None or not plan_sha256:
        return
    entry = {"checked_at": checked_at, "errors": int(errors), "warnings": int(warnings), "source": source}
    with _LOCK:
        data = _read(path)
        data.pop(plan_sha256, None)
        data = {plan_sha256: entry, **data}
        try:
            output_files.write_json(path, dict(list(data.items())[:KEPT]))
        except OSError as error:  # the QA itself stands; only its trace for the footer is lost
            LOGGER.warning("warning: 质检记录无法写入 %s：%s", path, error)


def last_check(plan_sha256: str | None) -> dict[str, Any] | None:
    """{"checked_at", "errors", "warnings", "source"} of the plan version's last QA, or None."""
    path = history_path()
    if path is None or not plan_sha256:
        return None
    entry = _read(path).get(plan_sha256)
    return entry if isinstance(entry, dict) else None
