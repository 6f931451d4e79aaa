"""Where the review log (core/review_log.py) lives inside QGIS, and who the reviewer is.

``configure_review_log`` is for the plugin (``initProcessing``; undo with
``review_log.reset`` in ``unload``): from then on every ``api.review`` in this
QGIS logs to ``hengyang_review_log.sqlite`` in the profile's settings folder.
``qgis_review_log_path`` only answers where that is, changing nothing (the
batch algorithm uses it). ``$HENGYANG_REVIEW_LOG`` wins over both.
"""

from __future__ import annotations

from pathlib import Path

from qgis.core import QgsApplication

from ..core import review_log
from .preferences import Preferences


def _settings_dir() -> str | None:
    return QgsApplication.qgisSettingsDirPath() or None


def qgis_review_log_path() -> Path | None:
    """The log file a review in this QGIS goes to."""
    return review_log.resolve_log_path(_settings_dir())


def current_reviewer() -> str:
    """The reviewer set in the plugin's options, else the operating-system user."""
    return Preferences.load().reviewer or review_log.default_reviewer()


def configure_review_log() -> Path | None:
    """Make every review of this QGIS session log to the profile's settings folder; returns the log file."""
    review_log.configure(default_dir=_settings_dir(), reviewer=Preferences.load().reviewer or None)
    return review_log.resolve_log_path()
