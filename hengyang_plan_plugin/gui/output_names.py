"""Default names and folders offered when the dock saves a case's outputs."""

from __future__ import annotations

import re
from pathlib import Path

from qgis.core import QgsSettings

LAST_DIR_KEY = "hengyang_plan_plugin/last_output_dir"
# Characters no file system takes in a name (Windows' set, and control characters).
_UNSAFE = re.compile(r'[\\/:*?"<>|\x00-\x1f]+')


def safe_file_stem(name: str, fallback: str = "审查") -> str:
    """'衡自然资规〔2025〕12号' stays; '/', ':' … become '_'; at most 80 characters."""
    stem = _UNSAFE.sub("_", name).strip(" ._")
    return stem[:80] or fallback


def last_output_dir() -> str:
    """The folder of the last export, else the home folder."""
    folder = str(QgsSettings().value(LAST_DIR_KEY, "") or "")
    return folder if folder and Path(folder).is_dir() else str(Path.home())


def set_last_output_dir(folder: str) -> None:
    QgsSettings().setValue(LAST_DIR_KEY, folder)
