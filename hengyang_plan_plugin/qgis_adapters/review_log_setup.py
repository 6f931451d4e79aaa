"""Point the review log (core/review_log.py) at QGIS's settings folder and reviewer.

Called once when the plugin's Processing provider starts (desktop and
``qgis_process``); ``$HENGYANG_REVIEW_LOG`` still wins over this default.
"""

from __future__ import annotations

from pathlib import Path

from qgis.core import QgsApplication

from ..core import review_log
from .preferences import Preferences


def configure_review_log() -> Path | None:
    """Configure the log's default folder and reviewer; returns the log file in use (or None)."""
    settings_dir = QgsApplication.qgisSettingsDirPath()
    review_log.configure(default_dir=settings_dir or None, reviewer=Preferences.load().reviewer or None)
    return review_log.resolve_log_path()
