"""One logger for the plugin: QGIS's message log always, the message bar on request.

Python ``logging`` under ``hengyang_plan_plugin`` (the core logs there, e.g. a
review log that cannot be written) is bridged in by ``install_logging_bridge``,
so such a problem is seen in QGIS: warnings and errors also reach the message
bar, because a technician does not watch the log panel.
"""

from __future__ import annotations

import logging

from qgis.core import Qgis, QgsMessageLog

LOG_TAG = "衡阳规划审查"
PACKAGE_LOGGER = "hengyang_plan_plugin"

_LEVELS = {
    logging.DEBUG: Qgis.MessageLevel.Info,
    logging.INFO: Qgis.MessageLevel.Info,
    logging.WARNING: Qgis.MessageLevel.Warning,
    logging.ERROR: Qgis.MessageLevel.Critical,
    logging.CRITICAL: Qgis.MessageLevel.Critical,
}


def _message_bar():
    from qgis.utils import iface  # absent (None) in qgis_process and tests without a desktop

    return iface.messageBar() if iface is not None else None


def log(message: str, level=Qgis.MessageLevel.Info, push: bool = False, duration: int = 8) -> None:
    """Write ``message`` to the message log; ``push`` also shows it in the message bar."""
    QgsMessageLog.logMessage(message, LOG_TAG, level)
    if push:
        bar = _message_bar()
        if bar is not None:
            bar.pushMessage(LOG_TAG, message, level, duration)


class QgisLogHandler(logging.Handler):
    """Python logging records into ``log``; WARNING and above are pushed to the message bar."""

    def emit(self, record: logging.LogRecord) -> None:
        try:
            level = _LEVELS.get(record.levelno, Qgis.MessageLevel.Info)
            log(self.format(record), level, push=record.levelno >= logging.WARNING)
        except Exception:  # logging must never raise into the caller
            self.handleError(record)


_handler: QgisLogHandler | None = None


def install_logging_bridge() -> None:
    global _handler
    if _handler is None:
        _handler = QgisLogHandler()
        logger = logging.getLogger(PACKAGE_LOGGER)
        logger.addHandler(_handler)
        logger.setLevel(logging.INFO)


def remove_logging_bridge() -> None:
    global _handler
    if _handler is not None:
        logging.getLogger(PACKAGE_LOGGER).removeHandler(_handler)
        _handler = None
